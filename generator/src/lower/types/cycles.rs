//! Cycles of direct containment between models, found on ids: Tarjan's
//! strongly connected components, iterative so that deep type graphs
//! cannot overflow the stack.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::ModelId;

/// For each model, the models it holds directly, by field or variant index.
pub(super) type Graph = BTreeMap<ModelId, Vec<(usize, ModelId)>>;

/// Tarjan's strongly connected components: node → component index, for
/// nodes on a cycle (a component of two or more, or a self-loop). Linear in
/// the size of the graph.
pub(super) fn strongly_connected(graph: &Graph) -> BTreeMap<ModelId, usize> {
    let mut tarjan = Tarjan {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on_stack: BTreeSet::new(),
        stack: Vec::new(),
        next: 0,
        out: BTreeMap::new(),
        components: 0,
    };
    for node in graph.keys() {
        if !tarjan.index.contains_key(node) {
            tarjan.visit(*node);
        }
    }
    tarjan.out
}

/// The state of one run of Tarjan's algorithm.
struct Tarjan<'g> {
    graph: &'g Graph,
    /// The order in which each node was entered.
    index: BTreeMap<ModelId, usize>,
    /// The lowest index reachable from each node.
    low: BTreeMap<ModelId, usize>,
    on_stack: BTreeSet<ModelId>,
    stack: Vec<ModelId>,
    next: usize,
    /// Node → component, for nodes on a cycle.
    out: BTreeMap<ModelId, usize>,
    components: usize,
}

impl Tarjan<'_> {
    fn enter(&mut self, node: ModelId) {
        self.index.insert(node, self.next);
        self.low.insert(node, self.next);
        self.next += 1;
        self.stack.push(node);
        self.on_stack.insert(node);
    }

    fn edges(&self, node: ModelId) -> &[(usize, ModelId)] {
        self.graph.get(&node).map(Vec::as_slice).unwrap_or(&[])
    }

    /// A depth-first walk from `root`, with an explicit stack of nodes and
    /// the next edge of each to follow.
    fn visit(&mut self, root: ModelId) {
        let mut work: Vec<(ModelId, usize)> = vec![(root, 0)];
        self.enter(root);
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if let Some(&(_, target)) = self.edges(node).get(*edge) {
                *edge += 1;
                if !self.index.contains_key(&target) {
                    self.enter(target);
                    work.push((target, 0));
                } else if self.on_stack.contains(&target) {
                    let low = self.low[&node].min(self.index[&target]);
                    self.low.insert(node, low);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                let low = self.low[&parent].min(self.low[&node]);
                self.low.insert(parent, low);
            }
            if self.low[&node] == self.index[&node] {
                self.close(node);
            }
        }
    }

    /// Pops the component whose root is `node`, and keeps it if it is a
    /// cycle.
    fn close(&mut self, node: ModelId) {
        let mut members = Vec::new();
        while let Some(member) = self.stack.pop() {
            self.on_stack.remove(&member);
            members.push(member);
            if member == node {
                break;
            }
        }
        let self_loop = self.edges(node).iter().any(|(_, t)| *t == node);
        if members.len() > 1 || self_loop {
            for m in members {
                self.out.insert(m, self.components);
            }
        }
        self.components += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(usize, usize)]) -> Graph {
        let mut g = Graph::new();
        for (i, (a, b)) in edges.iter().enumerate() {
            g.entry(ModelId::new(*a))
                .or_default()
                .push((i, ModelId::new(*b)));
        }
        g
    }

    #[test]
    fn cycles_are_found_and_trees_are_not() {
        let (a, b, c, d) = (
            ModelId::new(0),
            ModelId::new(1),
            ModelId::new(2),
            ModelId::new(3),
        );
        let sccs = strongly_connected(&graph(&[(0, 1), (1, 0), (1, 2), (3, 3)]));
        assert_eq!(sccs.get(&a), sccs.get(&b));
        assert!(sccs.contains_key(&a));
        assert!(!sccs.contains_key(&c));
        assert!(sccs.contains_key(&d));
        assert_ne!(sccs.get(&a), sccs.get(&d));
    }

    #[test]
    fn a_long_chain_does_not_overflow_and_a_long_cycle_is_one() {
        let n = 100_000;
        let chain: Vec<(usize, usize)> = (0..n).map(|i| (i, i + 1)).collect();
        assert!(strongly_connected(&graph(&chain)).is_empty());
        let mut ring = chain;
        ring.push((n, 0));
        let sccs = strongly_connected(&graph(&ring));
        assert_eq!(sccs.len(), n + 1);
        assert!(sccs.values().all(|c| *c == sccs[&ModelId::new(0)]));
    }
}
