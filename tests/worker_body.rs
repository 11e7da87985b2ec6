//! Issue 10 item 2: an HTTP body whose announced length is wrong must not wedge the port.
//! Body mode ends at its length, or when the body stalls at the module's final line; either
//! way the session goes on.

mod worker_common;

use std::time::Duration;

use ct11_configurator::at::http::{HttpMethod, HttpTarget};
use ct11_configurator::at::{Answer, Command};
use ct11_configurator::sim::{Faults, SimConfig};
use worker_common::{Via, checked, rig};

fn lying(via: Via, off: i64) {
    let mut r = rig(via, SimConfig::fast());
    r.ok(Command::HttpTargetSet(checked(HttpTarget::default())));
    r.sim.set_faults(Faults {
        http_length_off: off,
        ..Faults::default()
    });
    let o = r.run_for(Command::HttpAction(HttpMethod::Get), Duration::from_secs(5));
    match &o.result {
        Ok(Answer::HttpResponse(resp)) => assert_eq!(resp.status, Some(200), "{resp:?}"),
        other => panic!("length off by {off}: {other:?} {:?}", o.reply),
    }
    r.sim.set_faults(Faults::default());
    // The session goes on: the next answers are read as lines again.
    assert_eq!(
        r.ok(Command::Version),
        Answer::Version("CT11_V1.0.1".into())
    );
    r.ok(Command::Restart);
    assert_eq!(
        r.ok(Command::Version),
        Answer::Version("CT11_V1.0.1".into())
    );
    r.assert_lossless();
}

#[test]
fn a_length_longer_than_the_body_does_not_wedge() {
    lying(Via::InProcess, 1000);
}

#[test]
fn a_length_longer_than_the_body_does_not_wedge_over_a_pty() {
    lying(Via::Pty, 7);
}

#[test]
fn a_length_shorter_than_the_body_keeps_the_rest_as_lines() {
    lying(Via::InProcess, -5);
}
