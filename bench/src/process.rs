//! Whole-process measurements: a command run as a user runs it, timed from
//! spawn to exit, with its CPU time and its peak RSS.
//!
//! The peak RSS comes from `/usr/bin/time -f %M`, which reports the
//! `ru_maxrss` of the command it forks. Reading `ru_maxrss` for a process
//! this harness spawns itself would not do: Linux carries the parent's
//! peak over across a vfork and exec, and the harness holds hundreds of MiB
//! after the scaling runs. `/usr/bin/time` itself is about 2 MiB.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::measure::{children_cpu, Samples};

/// `/usr/bin/time`, or what to install.
pub fn time_binary() -> Result<PathBuf, String> {
    let path = PathBuf::from("/usr/bin/time");
    if path.is_file() {
        Ok(path)
    } else {
        Err("/usr/bin/time is missing (apt-get install time): whole-process time and peak RSS are skipped".into())
    }
}

/// One run of a command.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub wall: Duration,
    /// User + system CPU time of the command and its children.
    pub cpu: Duration,
    /// Peak resident set size, bytes.
    pub max_rss: usize,
}

/// Runs `cmd` under `/usr/bin/time` (`time`), output discarded except
/// stderr, which is kept in `log` (and its tail reported on failure).
pub fn measure(time: &Path, cmd: &Command, log: &Path) -> Result<Run, String> {
    let stats = log.with_extension("time");
    let mut wrapped = Command::new(time);
    wrapped
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&stats)
        .arg(cmd.get_program())
        .args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        wrapped.current_dir(dir);
    }
    let log_file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    wrapped
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log_file);
    let cpu_before = children_cpu();
    let start = Instant::now();
    let status = wrapped
        .status()
        .map_err(|e| format!("running {}: {e}", time.display()))?;
    let wall = start.elapsed();
    let cpu = children_cpu().saturating_sub(cpu_before);
    let show = || {
        format!(
            "{} {}",
            cmd.get_program().to_string_lossy(),
            cmd.get_args()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    if !status.success() {
        let err = std::fs::read_to_string(log).unwrap_or_default();
        return Err(format!(
            "`{}` failed ({status}); the end of its output ({}):\n{}",
            show(),
            log.display(),
            crate::oag::tail(&err, 15)
        ));
    }
    let kib: usize = std::fs::read_to_string(&stats)
        .ok()
        .and_then(|s| s.lines().last()?.trim().parse().ok())
        .ok_or_else(|| format!("no peak RSS from /usr/bin/time for `{}`", show()))?;
    Ok(Run {
        wall,
        cpu,
        max_rss: kib * 1024,
    })
}

/// Several runs of one command.
#[derive(Debug, Clone)]
pub struct Runs {
    pub wall: Samples,
    pub cpu: Samples,
    /// Largest peak RSS seen (it hardly varies between runs).
    pub max_rss: usize,
}

impl Runs {
    pub fn new(runs: &[Run]) -> Self {
        Runs {
            wall: Samples::new(runs.iter().map(|r| r.wall).collect()),
            cpu: Samples::new(runs.iter().map(|r| r.cpu).collect()),
            max_rss: runs.iter().map(|r| r.max_rss).max().unwrap_or(0),
        }
    }
}
