//! Issue 10 item 4: `+++` is reported as done only on the module's `OK`; without it the link
//! stays in data mode (so AT lines, passwords among them, are not sent to the remote server),
//! and raw writes are held during both guard times.

mod worker_common;

use std::time::Duration;

use ct11_configurator::at::socket::SocketTarget;
use ct11_configurator::at::{Answer, Command};
use ct11_configurator::sim::SimConfig;
use ct11_configurator::worker::{CommandError, Event, JobId, Request};
use worker_common::{Rig, Via, checked, rig};

fn transparent(guard: Duration) -> Rig {
    let mut r = rig(Via::InProcess, SimConfig::fast());
    let _ = r.client.send(Request::SetEscapeGuard(guard));
    let t = SocketTarget {
        transparent: true,
        ..SocketTarget::default()
    };
    assert_eq!(r.ok(Command::SocketOpen(checked(t))), Answer::LinkOpened(3));
    assert!(r.sim.state().data_mode);
    r
}

#[test]
fn no_ok_after_the_escape_is_an_error_and_data_mode_is_kept() {
    // The worker's guard (1 ms) is shorter than the module's (20 ms): data right before the
    // `+++` makes the module take it as data, and it prints no OK.
    let mut r = transparent(Duration::from_millis(1));
    let _ = r.client.send(Request::Raw {
        bytes: b"x".to_vec(),
    });
    let o = r.run(Command::LeaveData);
    assert!(o.result.is_err(), "no OK came, yet: {:?}", o.result);
    assert!(r.sim.state().data_mode, "the module is still in data mode");
    assert!(
        !r.saw(|e| matches!(e, Event::DataMode(false))),
        "the worker must not claim command mode"
    );
    assert_eq!(
        r.run(Command::Test).result,
        Err(CommandError::DataMode),
        "AT lines are not sent into the transparent link"
    );
    // With proper guard times it works, and the app knows.
    let _ = r
        .client
        .send(Request::SetEscapeGuard(Duration::from_millis(40)));
    let o = r.run(Command::LeaveData);
    assert!(o.result.is_ok(), "{o:?}");
    assert!(!r.sim.state().data_mode);
    assert!(r.saw(|e| matches!(e, Event::DataMode(false))));
    assert_eq!(r.run(Command::Test).result, Ok(Answer::Done));
}

#[test]
fn raw_bytes_wait_out_both_guard_times() {
    let mut r = transparent(Duration::from_millis(60));
    // Queued right behind the escape: they must not break its silence.
    let (id, steps) = (JobId::fresh(), vec![Command::LeaveData.into()]);
    let _ = r.client.send(Request::Run {
        id,
        steps,
        stop_on_error: false,
    });
    let _ = r.client.send(Request::Raw {
        bytes: b"during".to_vec(),
    });
    let done = r.wait(
        "the escape's outcome",
        |e| matches!(e, Event::Step { job, .. } if *job == id),
    );
    let Event::Step { outcome, .. } = done else {
        unreachable!()
    };
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    assert!(!r.sim.state().data_mode);
    // The bytes went out after the escape, not inside its guard times (the worker writes
    // them as the escape ends, before it reports its outcome).
    assert!(r.saw(|e| matches!(e, Event::Tx { bytes, .. } if bytes.as_slice() == b"during")));
    let tx = r.tap.tx();
    let plus = tx.windows(3).rposition(|w| w == b"+++").expect("+++ sent");
    let during = tx
        .windows(6)
        .rposition(|w| w == b"during")
        .expect("bytes sent");
    assert!(during > plus, "{:?}", String::from_utf8_lossy(&tx));
}
