//! Running the generator on one input: written to a file (the generator
//! reads specs from disk), generated in memory, and any panic caught and
//! reported with where it happened, as a value.

use std::panic::{catch_unwind, AssertUnwindSafe, Location};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};
use std::thread::ThreadId;

use generator::{Config, CrateInfo, Output, SpecInput};

/// What generating an input gave.
#[derive(Debug)]
pub enum Outcome {
    /// The crate's files, and how many warnings lowering printed.
    Generated(Box<(generator::ir::Crate, Output)>),
    /// A proper error, as the user would read it.
    Refused(String),
    /// A panic: its message, where it happened and the generator's frames.
    Panicked(String),
    /// Still running after [`TIME_LIMIT`] (left to finish on its own).
    TimedOut,
}

/// How long one generation may take. A debug build generates a random
/// document in about a tenth of a second.
pub const TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(20);

impl Outcome {
    /// `Ok`, `Err` or `panic`, for progress lines.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Generated(_) => "Ok",
            Outcome::Refused(_) => "Err",
            Outcome::Panicked(_) => "panic",
            Outcome::TimedOut => "timeout",
        }
    }
}

/// What an input must give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A crate: the input is a valid spec the generator takes.
    Generates,
    /// A crate or an error, never a panic.
    NoPanic,
}

impl Expect {
    /// Why `outcome` breaks this expectation; `None` when it does not.
    pub fn failure(self, outcome: &Outcome) -> Option<String> {
        match (self, outcome) {
            (_, Outcome::Panicked(message)) => Some(format!("the generator panicked: {message}")),
            (_, Outcome::TimedOut) => Some(format!(
                "the generator was still running after {} s",
                TIME_LIMIT.as_secs()
            )),
            (Expect::Generates, Outcome::Refused(error)) => {
                Some(format!("a valid spec was refused: {error}"))
            }
            _ => None,
        }
    }

    /// How found-input headers write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Generates => "generates",
            Expect::NoPanic => "no-panic",
        }
    }

    /// Reads [`Expect::as_str`]'s text back.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "generates" => Some(Expect::Generates),
            "no-panic" => Some(Expect::NoPanic),
            _ => None,
        }
    }
}

/// Generates specs written into a temporary directory, with a copy of
/// the workspace's templates taken when it was made: a long run goes on
/// with the templates its generator was built for while they are edited.
pub struct Harness {
    dir: tempfile::TempDir,
    templates: PathBuf,
}

impl Harness {
    /// A harness for the workspace at `root`.
    pub fn new(root: &Path) -> std::io::Result<Self> {
        let dir = tempfile::Builder::new().prefix("fuzz-").tempdir()?;
        let templates = dir.path().join("templates");
        copy_dir(&root.join("templates"), &templates)?;
        Ok(Harness { dir, templates })
    }

    /// Generates `text` as the one spec of a crate.
    pub fn run(&self, text: &str) -> Outcome {
        self.run_all(&[text])
    }

    /// Generates `texts` as the modules `doc0`, `doc1`, ... of one crate
    /// whose runtime is at `runtime_path`.
    pub fn run_all(&self, texts: &[&str]) -> Outcome {
        self.run_crate(texts, "runtime")
    }

    /// [`Harness::run_all`] with the runtime crate's path as the crate
    /// must name it.
    pub fn run_crate(&self, texts: &[&str], runtime_path: &str) -> Outcome {
        let mut specs = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let path = self.dir.path().join(format!("doc{i}.yaml"));
            if let Err(e) = std::fs::write(&path, text) {
                return Outcome::Refused(format!("{}: cannot write: {e}", path.display()));
            }
            specs.push(SpecInput {
                module: format!("doc{i}"),
                path,
                display: format!("doc{i}.yaml"),
            });
        }
        let config = Config {
            info: CrateInfo::new(
                "fuzz-client",
                "0.0.0",
                "Generated from random documents.",
                runtime_path,
            ),
            specs,
            templates: self.templates.clone(),
            vendor_runtime: None,
        };
        generate(&config)
    }
}

/// Copies the files under `from` to `to`, subdirectories included.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Runs [`generator::generate`] on a thread of its own, a panic caught
/// as [`Outcome::Panicked`] and a generation that outlasts [`TIME_LIMIT`]
/// reported as [`Outcome::TimedOut`] (its thread cannot be stopped, and
/// finishes on its own). Cases run one at a time in a process, so that a
/// panic in one of the generator's worker threads is told apart from
/// anything else.
pub fn generate(config: &Config) -> Outcome {
    let _one_at_a_time = lock(&SERIAL);
    let config = config.clone();
    let (sender, receiver) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("fuzz-case".into())
        .spawn(move || {
            let _capture = Capture::start();
            let outcome = match catch_unwind(AssertUnwindSafe(|| generator::generate(&config))) {
                Ok(Ok(generated)) => Outcome::Generated(Box::new(generated)),
                Ok(Err(error)) => Outcome::Refused(error.to_string()),
                Err(payload) => {
                    let recorded = lock(&CAPTURED).message.take();
                    Outcome::Panicked(recorded.unwrap_or_else(|| payload_text(payload.as_ref())))
                }
            };
            // The receiver is gone only after a time-out: nobody waits.
            let _ = sender.send(outcome);
        });
    if let Err(e) = spawned {
        return Outcome::Refused(format!("cannot start a thread: {e}"));
    }
    match receiver.recv_timeout(TIME_LIMIT) {
        Ok(outcome) => outcome,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Outcome::TimedOut,
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Outcome::Panicked("the case's thread ended without an outcome".into())
        }
    }
}

static SERIAL: Mutex<()> = Mutex::new(());

/// What the panic hook records while a case runs.
struct Captured {
    /// The thread running the case; the generator's own worker threads are
    /// unnamed, which is how the hook recognises them.
    thread: Option<ThreadId>,
    /// The first panic's report.
    message: Option<String>,
}

static CAPTURED: Mutex<Captured> = Mutex::new(Captured {
    thread: None,
    message: None,
});

/// A lock that survives a panic of its last holder (the panic is what is
/// being reported).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Recording panics for the current thread until dropped.
struct Capture;

impl Capture {
    fn start() -> Capture {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if !record(info.payload(), info.location()) {
                    previous(info);
                }
            }));
        });
        let mut captured = lock(&CAPTURED);
        captured.thread = Some(std::thread::current().id());
        captured.message = None;
        Capture
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        // A case that timed out ends while a later one runs: leave that
        // one's registration alone.
        let mut captured = lock(&CAPTURED);
        if captured.thread == Some(std::thread::current().id()) {
            captured.thread = None;
        }
    }
}

/// Records a panic of the running case (its thread or an unnamed worker);
/// `false` for any other panic, which the previous hook reports as usual.
fn record(payload: &(dyn std::any::Any + Send), location: Option<&Location<'_>>) -> bool {
    let mut captured = lock(&CAPTURED);
    let current = std::thread::current();
    let ours = captured.thread.is_some()
        && (captured.thread == Some(current.id()) || current.name().is_none());
    if !ours {
        return false;
    }
    if captured.message.is_none() {
        let place = location
            .map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        let frames = generator_frames();
        captured.message = Some(format!(
            "{}{place}{}",
            payload_text(payload),
            if frames.is_empty() {
                String::new()
            } else {
                format!("\n{frames}")
            }
        ));
    }
    true
}

/// The backtrace's frames in the generator, innermost first: where to
/// look.
fn generator_frames() -> String {
    let trace = std::backtrace::Backtrace::force_capture().to_string();
    let frames: Vec<&str> = trace
        .lines()
        .map(str::trim)
        .filter(|l| l.contains("generator::") && !l.contains("generator::generate"))
        .take(8)
        .collect();
    frames.join("\n")
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_an_outcome_with_its_place() {
        // Outcomes are values: a crate, an error, or a caught panic.
        let harness = Harness::new(&crate::project_root()).unwrap();
        let outcome = harness.run("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n");
        assert!(matches!(outcome, Outcome::Generated(_)), "{outcome:?}");
        let outcome = harness.run("openapi: 2.0\n");
        assert!(matches!(outcome, Outcome::Refused(_)), "{outcome:?}");
        assert_eq!(Expect::NoPanic.failure(&outcome), None);
        assert!(Expect::Generates.failure(&outcome).is_some());

        let _serial = lock(&SERIAL);
        let _capture = Capture::start();
        let payload = catch_unwind(|| {
            std::thread::scope(|s| {
                s.spawn(|| panic!("inside a worker"))
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
        })
        .unwrap_err();
        let message = lock(&CAPTURED).message.take().unwrap();
        assert!(message.starts_with("inside a worker at "), "{message}");
        assert!(message.contains("harness.rs"), "{message}");
        assert_eq!(payload_text(payload.as_ref()), "inside a worker");
    }
}
