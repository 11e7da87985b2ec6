//! The chaos invariant, long run: as many seeded sessions as fit in a time budget (default
//! 180 s, `CHAOS_SECONDS`), or `CHAOS_SESSIONS` (default 100000), whichever ends first, 32 at
//! a time, in-process. Prints the number of sessions and commands, the outcomes, the worst
//! recovery time and every violation; exits non-zero on a violation.
//!
//! `cargo bench --bench chaos` (`CHAOS_SECONDS=600 cargo bench --bench chaos` for more).

#[path = "../tests/chaos_common/mod.rs"]
mod chaos_common;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo test --all-targets` runs bench binaries too: only measure under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        println!("chaos bench: run with `cargo bench --bench chaos`");
        return;
    }
    let budget = Duration::from_secs(env("CHAOS_SECONDS", 180));
    let max = env("CHAOS_SESSIONS", 100_000);
    let commands = env("CHAOS_COMMANDS", 20) as usize;
    let threads = env("CHAOS_THREADS", 32);
    let start = Instant::now();
    let next = Arc::new(AtomicU64::new(0));
    let reports = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let next = next.clone();
            let reports = reports.clone();
            std::thread::spawn(move || {
                while start.elapsed() < budget {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= max {
                        break;
                    }
                    let r = chaos_common::session(0xC4A0_0000 + i, commands, false);
                    reports.lock().unwrap_or_else(|e| e.into_inner()).push(r);
                }
            })
        })
        .collect();
    for h in handles {
        let _ = h.join();
    }
    let elapsed = start.elapsed();
    let reports = reports.lock().unwrap_or_else(|e| e.into_inner());
    let n = reports.len();
    let cmds: usize = reports.iter().map(|r| r.commands).sum();
    let ok: usize = reports.iter().map(|r| r.ok).sum();
    let module: usize = reports.iter().map(|r| r.module_errors).sum();
    let timeouts: usize = reports.iter().map(|r| r.timeouts).sum();
    let other: usize = reports.iter().map(|r| r.other_errors).sum();
    let mut rec: Vec<Duration> = reports.iter().map(|r| r.recovery).collect();
    rec.sort();
    let p99 = rec
        .get(rec.len().saturating_sub(1) * 99 / 100)
        .copied()
        .unwrap_or_default();
    let worst = rec.last().copied().unwrap_or_default();
    let violations: Vec<&String> = reports.iter().flat_map(|r| &r.violations).collect();
    println!(
        "chaos: {n} sessions ({commands} commands each + recovery) in {:.1} s, {threads} at a time",
        elapsed.as_secs_f64()
    );
    println!(
        "  {cmds} outcomes: {ok} own answers, {module} module errors, {timeouts} timeouts, {other} other clear errors"
    );
    println!("  recovery after the chaos stops: p99 {p99:?}, worst {worst:?}");
    println!("  violations: {}", violations.len());
    for v in violations.iter().take(20) {
        println!("    {v}");
    }
    if !violations.is_empty() {
        std::process::exit(1);
    }
}
