//! A port that is open while the module is silent (not powered yet, wrong rate): the worker
//! asks `AT` again with a growing interval, and at once when the module prints anything.

mod worker_common;

use ct11_configurator::at::basic::UartConfig;
use ct11_configurator::sim::{Faults, SimConfig};
use ct11_configurator::worker::LinkState;
use std::time::{Duration, Instant};
use worker_common::{SOON, Via, rig_unopened};

fn silent() -> SimConfig {
    let mut cfg = SimConfig::fast();
    cfg.faults = Faults {
        silent: true,
        ..Faults::default()
    };
    cfg
}

/// `AT` lines the module received.
fn probes(r: &worker_common::Rig) -> usize {
    r.sim
        .received_lines()
        .iter()
        .filter(|l| l.trim() == "AT")
        .count()
}

#[test]
fn a_module_that_wakes_up_later_is_found_without_reopening() {
    let (mut r, opener) = rig_unopened(Via::Pty, silent());
    let state = r
        .client
        .open(opener, UartConfig::default(), false, SOON)
        .expect("open");
    assert!(matches!(state, LinkState::NoAnswer { .. }), "{state:?}");
    let at_open = probes(&r);
    // Powered now: the next probe (4.8 s after the opening check gave up) finds it.
    r.sim.set_faults(Faults::default());
    let state = r.wait_link("the module answers a later probe", |s| s.is_connected());
    assert!(state.is_connected());
    assert_eq!(probes(&r), at_open + 1, "one probe found it");
}

#[test]
fn silence_is_probed_ever_less_often() {
    let (mut r, opener) = rig_unopened(Via::InProcess, silent());
    let state = r
        .client
        .open(opener, UartConfig::default(), false, SOON)
        .expect("open");
    assert!(matches!(state, LinkState::NoAnswer { .. }), "{state:?}");
    let start = Instant::now();
    let at_open = probes(&r);
    // Probes 4.8, 9.6 and 19.2 s apart: within 7 s at most one more (a probe every 2 s would
    // be three). A loaded machine can only make them later, never more.
    let mut seen = Vec::new();
    while start.elapsed() < Duration::from_secs(7) {
        let n = probes(&r) - at_open;
        if seen.last() != Some(&n) {
            seen.push(n);
        }
        let _ = r.client.next_event(Duration::from_millis(200));
    }
    let n = probes(&r) - at_open;
    assert!(n <= 1, "{n} probes in 7 s ({seen:?})");
}
