//! The second pass: which modules users reach, by what paths (following
//! `pub mod` and `pub use`), and which public type each impl is for.

use std::collections::{BTreeMap, VecDeque};

use super::extract::{Leaf, ModPath, Module, RawImpl, RawItem, Use};
use super::{Cfg, Item, ItemKind, Member, MemberKey, MemberKind, PublicApi};

/// The subject of impls that name no public type of the crate's root.
const ROOT_SUBJECT: &str = "crate";

/// Where users find a module, or an item re-exported by name.
#[derive(Debug, Clone)]
struct Exposure {
    /// The path users write; empty for the crate root.
    path: String,
    /// The conditions on the way: `#[cfg]` on `pub mod` and `pub use`.
    cfg: Cfg,
}

/// `path::name`, or `name` at the crate root (`path` empty).
fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}::{name}")
    }
}

/// What a `pub mod` or `pub use` makes public.
enum Exposed {
    /// A module of the crate: at a path of its own, or (a glob) merged
    /// into the path of the module that uses it.
    Module {
        target: ModPath,
        exposure: Exposure,
        own_path: bool,
    },
    /// An item of the crate, under another path (`pub use api::Client`).
    Alias {
        owner: ModPath,
        name: String,
        exposure: Exposure,
    },
    /// Another crate's item or glob, by the path as written.
    Reexport { exposure: Exposure, target: String },
}

/// Resolves what [`collect`](super::extract) recorded into a [`PublicApi`].
pub(super) struct Resolver {
    modules: BTreeMap<ModPath, Module>,
    /// Public paths of the modules users can reach.
    exposed: BTreeMap<ModPath, Exposure>,
    /// Items re-exported by name from a module users cannot reach
    /// (`pub use api::KeyManagementApi`).
    aliases: BTreeMap<(ModPath, String), Exposure>,
    /// The API under construction.
    items: BTreeMap<String, Item>,
}

impl Resolver {
    pub(super) fn new(modules: BTreeMap<ModPath, Module>) -> Self {
        Resolver {
            modules,
            exposed: BTreeMap::new(),
            aliases: BTreeMap::new(),
            items: BTreeMap::new(),
        }
    }

    pub(super) fn api(mut self, macros: Vec<(String, Cfg)>) -> PublicApi {
        self.expose_modules();
        self.place_items();
        for (name, cfg) in macros {
            self.items
                .entry(name)
                .or_insert_with(|| plain_item(ItemKind::Macro, cfg));
        }
        self.attach_impls();
        PublicApi {
            items: self.items,
            features: Default::default(),
        }
    }

    /// Walks from the crate root through `pub mod` and `pub use`, nearest
    /// first, so each module gets its shortest public path.
    fn expose_modules(&mut self) {
        let root: ModPath = Vec::new();
        let Some(root_module) = self.modules.get(&root) else {
            return;
        };
        let start = Exposure {
            path: String::new(),
            cfg: root_module.cfg.clone(),
        };
        self.exposed.insert(root.clone(), start);
        let mut queue = VecDeque::from([root]);
        while let Some(module) = queue.pop_front() {
            for found in self.exposures_from(&module) {
                if let Some(target) = self.record(found) {
                    queue.push_back(target);
                }
            }
        }
    }

    /// Records what a `pub mod` or `pub use` makes public; the module to
    /// walk next, if it is one not reached before.
    fn record(&mut self, found: Exposed) -> Option<ModPath> {
        match found {
            Exposed::Module {
                target,
                exposure,
                own_path,
            } => {
                let hidden = self.modules.get(&target).is_some_and(|m| m.hidden);
                if hidden || self.exposed.contains_key(&target) {
                    return None;
                }
                if own_path {
                    let item = plain_item(ItemKind::Module, exposure.cfg.clone());
                    self.items.entry(exposure.path.clone()).or_insert(item);
                }
                self.exposed.insert(target.clone(), exposure);
                Some(target)
            }
            Exposed::Alias {
                owner,
                name,
                exposure,
            } => {
                self.aliases.entry((owner, name)).or_insert(exposure);
                None
            }
            Exposed::Reexport { exposure, target } => {
                let item = plain_item(ItemKind::Reexport(target), exposure.cfg);
                self.items.entry(exposure.path).or_insert(item);
                None
            }
        }
    }

    /// What the public `mod` and `use` declarations of `module` (which
    /// users reach) make public.
    fn exposures_from(&self, module: &ModPath) -> Vec<Exposed> {
        let (Some(here), Some(declared)) = (self.exposed.get(module), self.modules.get(module))
        else {
            return Vec::new();
        };
        let children = declared.children.iter().filter(|c| c.public && !c.hidden);
        let modules = children.map(|child| {
            let mut target = module.clone();
            target.push(child.name.clone());
            let own = self.modules.get(&target).map(|m| m.cfg.clone());
            let cfg = here.cfg.union(&child.cfg).union(&own.unwrap_or_default());
            let path = join(&here.path, &child.name);
            Exposed::Module {
                target,
                exposure: Exposure { path, cfg },
                own_path: true,
            }
        });
        let uses = declared.uses.iter().filter(|u| u.public && !u.hidden);
        let reexports = uses.map(|used| self.exposed_by_use(module, here, used));
        modules.chain(reexports).collect()
    }

    /// What one `pub use` leaf in `module` (found at `here`) makes public:
    /// a module of the crate, an item of the crate under a new path, or
    /// another crate's item.
    fn exposed_by_use(&self, module: &ModPath, here: &Exposure, used: &Use) -> Exposed {
        let cfg = here.cfg.union(&used.cfg);
        let (name, alias) = match &used.leaf {
            Leaf::Glob => {
                return match self.local_module(module, &used.prefix) {
                    Some(target) => Exposed::Module {
                        target,
                        exposure: Exposure {
                            path: here.path.clone(),
                            cfg,
                        },
                        own_path: false,
                    },
                    None => Exposed::Reexport {
                        exposure: Exposure {
                            path: join(&here.path, "*"),
                            cfg,
                        },
                        target: format!("{}::*", written(&used.prefix)),
                    },
                };
            }
            Leaf::Name { name, alias } => (name, alias),
        };
        let exposure = Exposure {
            path: join(&here.path, alias),
            cfg,
        };
        let mut full = used.prefix.clone();
        if name != "self" {
            full.push(name.clone());
        }
        if let Some(target) = self.local_module(module, &full) {
            return Exposed::Module {
                target,
                exposure,
                own_path: true,
            };
        }
        let declares = |m: &ModPath| {
            self.modules
                .get(m)
                .is_some_and(|m| m.items.contains_key(name))
        };
        match self.local_module(module, &used.prefix).filter(declares) {
            Some(owner) => Exposed::Alias {
                owner,
                name: name.clone(),
                exposure,
            },
            None => Exposed::Reexport {
                exposure,
                target: written(&full),
            },
        }
    }

    /// The crate's module that `segments` (a `use` path or a type path's
    /// prefix, written in `from`) names; `None` for another crate's.
    fn local_module(&self, from: &ModPath, segments: &[String]) -> Option<ModPath> {
        let mut path = from.clone();
        let mut rest = segments;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                path.clear();
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            Some("super") => {
                while rest.first().is_some_and(|s| s == "super") {
                    path.pop()?;
                    rest = &rest[1..];
                }
            }
            _ => {}
        }
        for segment in rest {
            path.push(segment.clone());
            if !self.modules.contains_key(&path) {
                return None;
            }
        }
        Some(path)
    }

    /// Gives every public item its path: in a module users reach, or where a
    /// `pub use` put it.
    fn place_items(&mut self) {
        let mut placed = Vec::new();
        for (module_path, module) in &self.modules {
            let compile_cfg = self.compile_cfg(module_path);
            for (name, raw) in &module.items {
                if let Some(exposure) = self.placement(module_path, name) {
                    let cfg = compile_cfg.union(&exposure.cfg).union(&raw.cfg);
                    placed.push((exposure.path, public_item(raw, cfg)));
                }
            }
        }
        placed.extend(self.alias_reexports());
        for (path, item) in placed {
            self.items.entry(path).or_insert(item);
        }
    }

    /// Where users find the item `name` of `module`: in the module, if they
    /// reach it, else where a `pub use` puts it.
    fn placement(&self, module: &ModPath, name: &str) -> Option<Exposure> {
        match self.exposed.get(module) {
            Some(e) => Some(Exposure {
                path: join(&e.path, name),
                cfg: e.cfg.clone(),
            }),
            None => self
                .aliases
                .get(&(module.clone(), name.to_owned()))
                .cloned(),
        }
    }

    /// Items re-exported by name from a module users reach anyway: each
    /// re-export is a path of its own, which users may write.
    fn alias_reexports(&self) -> Vec<(String, Item)> {
        self.aliases
            .iter()
            .filter_map(|((module, name), alias)| {
                let exposure = self.exposed.get(module)?;
                let target = ItemKind::Reexport(join(&exposure.path, name));
                Some((alias.path.clone(), plain_item(target, alias.cfg.clone())))
            })
            .collect()
    }

    /// The `cfg` of every `mod` declaration on the way to `module`, and of
    /// each module's own `#![cfg]`: what it takes for its code to compile.
    fn compile_cfg(&self, module: &[String]) -> Cfg {
        let own = |path: &[String]| self.modules.get(path).map(|m| m.cfg.clone());
        let mut cfg = own(&[]).unwrap_or_default();
        for depth in 1..=module.len() {
            let (parent, name) = (&module[..depth - 1], &module[depth - 1]);
            if let Some(parent) = self.modules.get(parent) {
                for child in parent.children.iter().filter(|c| &c.name == name) {
                    cfg = cfg.union(&child.cfg);
                }
            }
            cfg = cfg.union(&own(&module[..depth]).unwrap_or_default());
        }
        cfg
    }

    /// Hangs each impl's members on the public item it is for.
    fn attach_impls(&mut self) {
        let mut attached = Vec::new();
        for (module_path, module) in &self.modules {
            let compile_cfg = self.compile_cfg(module_path);
            for imp in &module.impls {
                let Some(subject) = self.subject_of(module_path, imp) else {
                    continue;
                };
                let cfg = compile_cfg.union(&imp.cfg);
                if let Some(key) = &imp.trait_key {
                    let member = Member {
                        kind: MemberKind::Impl,
                        cfg: cfg.clone(),
                        deprecated: false,
                    };
                    attached.push((subject.clone(), MemberKey::Impl(key.clone()), member));
                }
                for (key, member) in &imp.members {
                    let mut member = member.clone();
                    member.cfg = cfg.union(&member.cfg);
                    attached.push((subject.clone(), key.clone(), member));
                }
            }
        }
        for (subject, key, member) in attached {
            let item = self
                .items
                .entry(subject)
                .or_insert_with(|| plain_item(ItemKind::Module, Cfg::default()));
            item.members.entry(key).or_insert(member);
        }
    }

    /// The public path an impl's members belong to: its self type's; for a
    /// trait impl on another crate's type, the first of the crate's public
    /// types among the trait's arguments (`impl From<Foo> for String`), else
    /// the module's. `None` when it is for a type users cannot name.
    fn subject_of(&self, module: &ModPath, imp: &RawImpl) -> Option<String> {
        if let Some(local) = imp
            .self_path
            .as_ref()
            .and_then(|p| self.resolve_type(module, p))
        {
            return self.public_path(&local);
        }
        imp.trait_key.as_ref()?;
        let mentioned = imp
            .mentioned
            .iter()
            .filter_map(|p| self.resolve_type(module, p))
            .find_map(|local| self.public_path(&local));
        mentioned.or_else(|| {
            let exposure = self.exposed.get(module)?;
            Some(if exposure.path.is_empty() {
                ROOT_SUBJECT.to_owned()
            } else {
                exposure.path.clone()
            })
        })
    }

    /// The module and name of the crate's type that `path`, written in
    /// `module`, names: declared there, imported by name or by glob, or
    /// through a module path.
    fn resolve_type(&self, module: &ModPath, path: &[String]) -> Option<(ModPath, String)> {
        let (name, prefix) = path.split_last()?;
        let declares = |m: &ModPath| self.modules.get(m).is_some_and(|m| m.types.contains(name));
        if !prefix.is_empty() {
            let owner = self.local_module(module, prefix)?;
            return declares(&owner).then(|| (owner, name.clone()));
        }
        if declares(module) {
            return Some((module.clone(), name.clone()));
        }
        let uses = &self.modules.get(module)?.uses;
        uses.iter()
            .filter(|u| match &u.leaf {
                Leaf::Glob => true,
                Leaf::Name { alias, .. } => alias == name,
            })
            .filter_map(|u| {
                let owner = self.local_module(module, &u.prefix)?;
                let declared = match &u.leaf {
                    Leaf::Name { name, .. } => name.clone(),
                    Leaf::Glob => name.clone(),
                };
                self.modules
                    .get(&owner)
                    .is_some_and(|m| m.types.contains(&declared))
                    .then_some((owner, declared))
            })
            .next()
    }

    /// The path users write for the item `name` of `module`, if they can.
    fn public_path(&self, (module, name): &(ModPath, String)) -> Option<String> {
        if let Some(exposure) = self.exposed.get(module) {
            let path = join(&exposure.path, name);
            return self.items.contains_key(&path).then_some(path);
        }
        self.aliases
            .get(&(module.clone(), name.clone()))
            .map(|e| e.path.clone())
    }
}

/// A `use` path as written, without a leading `::`.
fn written(segments: &[String]) -> String {
    segments.join("::")
}

/// A public item as declared, with its derives as impls.
fn public_item(raw: &RawItem, cfg: Cfg) -> Item {
    let derived = raw.derives.iter().map(|derived| {
        let key = MemberKey::Impl(format!("{derived} for {}", raw.self_text));
        let member = Member {
            kind: MemberKind::Impl,
            cfg: cfg.clone(),
            deprecated: false,
        };
        (key, member)
    });
    Item {
        kind: raw.kind.clone(),
        members: derived.collect(),
        cfg,
        deprecated: raw.deprecated,
    }
}

/// An item with no members.
fn plain_item(kind: ItemKind, cfg: Cfg) -> Item {
    Item {
        kind,
        cfg,
        deprecated: false,
        members: BTreeMap::new(),
    }
}
