//! `CT11_STARTUP_TRACE=1`: the milliseconds from `main` to each step of the window's start, on
//! stderr, to see what stands between starting the app and its first paint
//! (`scripts/perf.sh` measures the whole from outside).

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Option<Instant>> = OnceLock::new();

fn start() -> Option<Instant> {
    *START.get_or_init(|| std::env::var_os("CT11_STARTUP_TRACE").map(|_| Instant::now()))
}

/// Note the time of a step (nothing unless `CT11_STARTUP_TRACE` is set). The first call is
/// the origin: make it at the top of `main`.
pub fn mark(step: &str) {
    if let Some(t0) = start() {
        eprintln!(
            "startup {:7.1} ms  {step}",
            t0.elapsed().as_secs_f64() * 1000.0
        );
    }
}
