//! The long run behind `cargo xtask fuzz --minutes N`: documents of the
//! three families in turn, from a random seed, until the time is up.
//! Each failing input is shrunk (keeping the same problem) and kept in
//! `tests/fuzz-found/`, once per problem.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngSeed, TestRunner};

use super::found::Found;
use super::harness::{Expect, Harness, Outcome};
use super::{documents, mutations, Family};

/// What a long run is asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long to run.
    pub duration: Duration,
    /// The random seed; a run with the same seed tries the same documents.
    pub seed: u64,
    /// The workspace root (templates, seeds).
    pub root: PathBuf,
    /// Where found inputs go.
    pub found_dir: PathBuf,
    /// Where the input being tried is written first, so that one that
    /// kills the process (a stack overflow) is not lost.
    pub current_file: PathBuf,
}

/// Ok / Err counts of one family.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Generated.
    pub ok: u64,
    /// Refused with an error.
    pub err: u64,
    /// Failed the family's expectation.
    pub failed: u64,
}

/// How a run went so far.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Documents tried, shrinking steps not counted.
    pub documents: u64,
    /// Counts per family, in [`Family::ALL`] order.
    pub families: [Counts; 3],
    /// Found inputs saved, with their problems.
    pub saved: Vec<(PathBuf, String)>,
    /// Failures whose problem had been saved already in this run.
    pub repeats: u64,
    /// Time since the start.
    pub elapsed: Duration,
}

impl Summary {
    /// One progress line.
    pub fn line(&self) -> String {
        let families: Vec<String> = Family::ALL
            .iter()
            .zip(&self.families)
            .map(|(family, c)| format!("{} {} Ok/{} Err", family.name(), c.ok, c.err))
            .collect();
        let failures: u64 = self.families.iter().map(|c| c.failed).sum();
        format!(
            "{:.1} min: {} documents ({}), {} failing ({} kept)",
            self.elapsed.as_secs_f64() / 60.0,
            self.documents,
            families.join(", "),
            failures,
            self.saved.len(),
        )
    }
}

/// Runs until `options.duration` is up, calling `progress` about every
/// ten seconds and once at the end.
pub fn run(options: &Options, mut progress: impl FnMut(&Summary)) -> Result<Summary, String> {
    let harness = Harness::new(&options.root)
        .map_err(|e| format!("cannot make a temporary directory: {e}"))?;
    let started = Instant::now();
    let summary = Summary::default();
    recover_crash(options)?;
    let mut runner = TestRunner::new(Config {
        rng_seed: RngSeed::Fixed(options.seed),
        ..Config::default()
    });
    let mut run = Run {
        options,
        harness: &harness,
        summary,
        problems: BTreeSet::new(),
    };
    let mut last_report = Instant::now();
    for family in Family::ALL.iter().cycle() {
        if started.elapsed() >= options.duration {
            break;
        }
        match family {
            Family::Valid => run.one(*family, &documents::document(), &mut runner, |d| {
                (
                    d.text(),
                    Expect::Generates,
                    "a random valid document".to_owned(),
                )
            })?,
            Family::Extended => run.one(*family, &mutations::extended(), &mut runner, |e| {
                let expect = match super::seed_generates(e.seed(), &harness) {
                    true => Expect::Generates,
                    false => Expect::NoPanic,
                };
                let origin = format!("{} with vendor extensions", e.seed().name);
                (e.text(), expect, origin)
            })?,
            Family::Mutated => run.one(*family, &mutations::mutated(), &mut runner, |m| {
                let origin = format!("{}, mutated: {:?}", m.seed().name, m.mutations);
                (m.text(), Expect::NoPanic, origin)
            })?,
        }
        run.summary.elapsed = started.elapsed();
        if last_report.elapsed() >= Duration::from_secs(10) {
            progress(&run.summary);
            last_report = Instant::now();
        }
    }
    let _ = std::fs::remove_file(&options.current_file);
    run.summary.elapsed = started.elapsed();
    progress(&run.summary);
    Ok(run.summary)
}

/// The state of a run.
struct Run<'a> {
    options: &'a Options,
    harness: &'a Harness,
    summary: Summary,
    /// The signatures of the problems saved (see [`signature`]).
    problems: BTreeSet<String>,
}

/// How long shrinking one failure may take, and how many steps.
const SHRINK_TIME: Duration = Duration::from_secs(90);
const SHRINK_STEPS: usize = 2_000;

impl Run<'_> {
    /// Tries one input of `strategy`; `case` gives its text, expectation
    /// and origin.
    fn one<S: Strategy>(
        &mut self,
        family: Family,
        strategy: &S,
        runner: &mut TestRunner,
        case: impl Fn(&S::Value) -> (String, Expect, String),
    ) -> Result<(), String> {
        let mut tree = strategy
            .new_tree(runner)
            .map_err(|e| format!("cannot make an input: {e}"))?;
        let (text, expect, origin) = case(&tree.current());
        let outcome = self.try_input(&text, expect, &origin)?;
        self.summary.documents += 1;
        let counts = &mut self.summary.families[family as usize];
        match outcome {
            Outcome::Generated(_) => counts.ok += 1,
            _ => counts.err += 1,
        }
        let Some(problem) = expect.failure(&outcome) else {
            return Ok(());
        };
        counts.failed += 1;
        let wanted = signature(&problem);
        if self.problems.contains(&wanted) {
            self.summary.repeats += 1;
            return Ok(());
        }
        eprintln!("found: {}", problem.lines().next().unwrap_or_default());
        let mut check = |value: &S::Value| {
            let (text, expect, origin) = case(value);
            let outcome = self.harness.run(&text);
            expect
                .failure(&outcome)
                .filter(|p| signature(p) == wanted)
                .map(|p| Found {
                    expect,
                    origin,
                    problem: p,
                    text,
                })
        };
        let first = Found {
            expect,
            origin,
            problem,
            text,
        };
        // A slow input is kept as it is: each shrinking step could take the
        // time limit. Replayed, it fails until it is quick.
        let smallest = match outcome {
            Outcome::TimedOut => first,
            _ => shrink(&mut tree, first, &mut check),
        };
        let path = smallest
            .save(&self.options.found_dir)
            .map_err(|e| format!("cannot save a found input: {e}"))?;
        eprintln!("kept {} ({} bytes)", path.display(), smallest.text.len());
        self.problems.insert(wanted);
        self.summary.saved.push((path, smallest.problem));
        Ok(())
    }

    /// Generates `text`, written first to the crash file.
    fn try_input(&self, text: &str, expect: Expect, origin: &str) -> Result<Outcome, String> {
        let pending = Found {
            expect,
            origin: origin.to_owned(),
            problem: CRASH.to_owned(),
            text: text.to_owned(),
        };
        if let Some(parent) = self.options.current_file.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&self.options.current_file, pending.file_text())
            .map_err(|e| format!("{}: {e}", self.options.current_file.display()))?;
        Ok(self.harness.run(text))
    }
}

/// The problem of an input that was being tried when the process ended.
const CRASH: &str = "the process ended generating this input (a stack overflow or an abort, which no test catches, or an interrupt)";

/// Keeps the input a previous run was trying when its process ended
/// early, beside the crash file (`crashed-<hash>.yaml`), and says so: the
/// process may have died on it (a stack overflow), or have been
/// interrupted (Ctrl-C). Replaying it tells which; only then does it
/// belong in the found inputs.
fn recover_crash(options: &Options) -> Result<(), String> {
    let Ok(text) = std::fs::read_to_string(&options.current_file) else {
        return Ok(());
    };
    let found =
        Found::parse(&text).map_err(|e| format!("{}: {e}", options.current_file.display()))?;
    let dir = options.current_file.parent().unwrap_or(Path::new("."));
    let path = dir.join(format!("crashed-{}", found.file_name()));
    std::fs::rename(&options.current_file, &path)
        .map_err(|e| format!("{}: {e}", options.current_file.display()))?;
    eprintln!(
        "the last run ended while generating an input (a crash, or an interrupt): kept as {}",
        path.display()
    );
    Ok(())
}

/// The smallest input the tree shrinks to that still fails (`check`
/// gives its finding, or `None` when it passes or fails differently).
fn shrink<T: ValueTree>(
    tree: &mut T,
    first: Found,
    check: &mut impl FnMut(&T::Value) -> Option<Found>,
) -> Found {
    let deadline = Instant::now() + SHRINK_TIME;
    let mut smallest = first;
    if !tree.simplify() {
        return smallest;
    }
    for _ in 0..SHRINK_STEPS {
        if Instant::now() > deadline {
            break;
        }
        let more = match check(&tree.current()) {
            Some(found) => {
                smallest = found;
                tree.simplify()
            }
            None => tree.complicate(),
        };
        if !more {
            break;
        }
    }
    smallest
}

/// What makes two failures the same problem: where a panic happened (file
/// and line), or a refusal's message without its location, names and
/// numbers.
pub fn signature(problem: &str) -> String {
    let first = problem.lines().next().unwrap_or_default();
    if let Some(message) = first.strip_prefix("the generator panicked: ") {
        return match message.rsplit_once(" at ") {
            Some((_, place)) => format!(
                "panic at {}",
                place.rsplit_once(':').map_or(place, |(l, _)| l)
            ),
            None => format!("panic: {message}"),
        };
    }
    // `... doc0.yaml#/pointer (line 3): message` → `message`.
    let message = first
        .split_once(".yaml")
        .and_then(|(_, after)| after.split_once(": "))
        .map_or(first, |(_, message)| message);
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '`' => {
                quoted = !quoted;
                if quoted {
                    out.push_str("`…`");
                }
            }
            _ if quoted => {}
            '0'..='9' => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            c => out.push(c),
        }
    }
    format!("refused: {out}")
}

/// The directory `cargo xtask fuzz` keeps its crash file in.
pub fn work_dir(root: &Path) -> PathBuf {
    root.join("target/fuzz")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_the_same_when_only_names_and_places_differ() {
        assert_eq!(
            signature("the generator panicked: index 3 out of range at generator/src/lower/types.rs:120:9\nframes"),
            "panic at generator/src/lower/types.rs:120"
        );
        let a = signature("a valid spec was refused: doc0.yaml#/components/schemas/A (line 3): unsupported: schema `A` nested 65 deep");
        let b = signature("a valid spec was refused: doc0.yaml#/paths/~1r0 (line 9): unsupported: schema `Pet` nested 70 deep");
        assert_eq!(a, b);
        assert_eq!(a, "refused: unsupported: schema `…` nested N deep");
    }
}
