//! The chaos invariant, short run (the long run is `cargo bench --bench chaos`): over many
//! seeded sessions against the simulated module in its chaos fault mode (bytes dropped,
//! doubled, delayed and noisy, input lost, late answers, lying lengths, server-side drops,
//! random unsolicited lines), every command's outcome is its own answer or a clear error or
//! timeout — never another command's answer — and the session answers cleanly again within a
//! bounded time once the chaos stops.

mod chaos_common;

use chaos_common::{RECOVERY_BOUND, Report, session};

fn assert_clean(reports: &[Report]) {
    let violations: Vec<&String> = reports.iter().flat_map(|r| &r.violations).collect();
    assert!(violations.is_empty(), "{violations:#?}");
    for r in reports {
        assert!(r.recovery < RECOVERY_BOUND, "{r:?}");
    }
    let commands: usize = reports.iter().map(|r| r.commands).sum();
    let ok: usize = reports.iter().map(|r| r.ok).sum();
    let failed: usize = reports
        .iter()
        .map(|r| r.module_errors + r.timeouts + r.other_errors)
        .sum();
    let recovery = reports.iter().map(|r| r.recovery).max().unwrap_or_default();
    eprintln!(
        "{} sessions, {commands} commands: {ok} answered, {failed} clear errors or timeouts, worst recovery {recovery:?}",
        reports.len()
    );
    // The chaos must bite (else the test proves nothing), and most commands still succeed.
    assert!(failed > 0, "no command failed: no chaos?");
    assert!(ok * 2 > commands, "{ok} of {commands} succeeded");
}

#[test]
fn in_process_sessions_keep_the_invariant() {
    let threads: Vec<_> = (0..8u64)
        .map(|t| {
            std::thread::spawn(move || {
                (0..3u64)
                    .map(|i| session(1000 + t * 3 + i, 30, false))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let reports: Vec<Report> = threads
        .into_iter()
        .flat_map(|t| t.join().expect("session thread"))
        .collect();
    assert_eq!(reports.len(), 24);
    assert_clean(&reports);
}

#[cfg(unix)]
#[test]
fn pty_sessions_keep_the_invariant() {
    let reports: Vec<Report> = (0..2u64).map(|i| session(77 + i, 30, true)).collect();
    assert_clean(&reports);
}
