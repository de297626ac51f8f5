//! Measuring tools: a counting global allocator, repeated timing with
//! min/median, and the process's peak RSS.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// The system allocator, counting what goes through it. The counters are
/// relaxed atomics: a few nanoseconds per allocation, paid by every
/// tool measured in this process.
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static TOTAL: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let live = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(live, Relaxed);
    TOTAL.fetch_add(by, Relaxed);
    COUNT.fetch_add(1, Relaxed);
}

// SAFETY: every call is forwarded unchanged to `System`; the counters only
// observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc_zeroed(layout);
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = System.realloc(ptr, layout, new_size);
        if !new.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
            grew(new_size);
        }
        new
    }
}

/// What one call allocated.
#[derive(Debug, Clone, Copy)]
pub struct Allocs {
    /// Highest live heap above what was live before the call, in bytes.
    pub peak: usize,
    /// Bytes requested in all (a realloc counts its new size).
    pub total: usize,
    /// Number of allocations (and reallocs).
    pub count: usize,
}

/// Runs `f` once and reports its allocations.
pub fn allocations<T>(f: impl FnOnce() -> T) -> (T, Allocs) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let total = TOTAL.load(Relaxed);
    let count = COUNT.load(Relaxed);
    let out = f();
    let allocs = Allocs {
        peak: PEAK.load(Relaxed).saturating_sub(base),
        total: TOTAL.load(Relaxed) - total,
        count: COUNT.load(Relaxed) - count,
    };
    (out, allocs)
}

/// Timings of repeated runs.
#[derive(Debug, Clone)]
pub struct Samples(Vec<Duration>);

impl Samples {
    pub fn new(mut samples: Vec<Duration>) -> Self {
        assert!(!samples.is_empty(), "no samples");
        samples.sort();
        Samples(samples)
    }

    pub fn min(&self) -> Duration {
        self.0[0]
    }

    pub fn median(&self) -> Duration {
        let n = self.0.len();
        if n % 2 == 1 {
            self.0[n / 2]
        } else {
            (self.0[n / 2 - 1] + self.0[n / 2]) / 2
        }
    }

    pub fn max(&self) -> Duration {
        self.0[self.0.len() - 1]
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl fmt::Display for Samples {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "min {} / median {} / max {} (n={})",
            ms(self.min()),
            ms(self.median()),
            ms(self.max()),
            self.len()
        )
    }
}

/// Runs `f` `warmup` times untimed, then `runs` times timed.
pub fn time_runs<T>(warmup: usize, runs: usize, mut f: impl FnMut() -> T) -> Samples {
    for _ in 0..warmup {
        std::hint::black_box(f());
    }
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    Samples::new(samples)
}

/// A duration in milliseconds, three significant-ish digits.
pub fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

/// A duration in seconds.
pub fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// A byte count in MiB.
pub fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// Peak resident set size of this process so far, in bytes: `VmHWM` from
/// /proc/self/status. (getrusage's `ru_maxrss` would not do: Linux carries
/// it over from the parent across fork and exec.)
pub fn max_rss() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: usize = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// User + system CPU time of all waited-for children so far.
pub fn children_cpu() -> Duration {
    let usage = rusage(libc::RUSAGE_CHILDREN);
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn rusage(who: libc::c_int) -> libc::rusage {
    // SAFETY: getrusage only writes the struct it is given; all-zero is a
    // valid `rusage`.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(who, &mut usage);
        usage
    }
}

/// When the run started, for [`step`].
static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// Prints a progress line on stderr, with the time since the first call:
/// a long run says what it is doing.
pub fn step(what: impl fmt::Display) {
    let elapsed = START.get_or_init(Instant::now).elapsed().as_secs();
    eprintln!("[{:>3}:{:02}] {what}", elapsed / 60, elapsed % 60);
}
