//! A write that fails part-way (a cable pulled in the middle of a line): the log holds exactly
//! the bytes that left the port, never the ones that did not, and the link is reported lost.

mod worker_common;

use ct11_configurator::at::Command;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::worker::{CommandError, LinkState};
use worker_common::{Via, rig};

#[test]
fn the_log_holds_only_what_left_the_port() {
    let mut r = rig(Via::InProcess, SimConfig::fast());
    r.ok(Command::Test);
    let before = r.tap.tx().len();
    // "AT+GMR\r\n" is 8 bytes; the port takes 5 of them and then fails.
    *r.tap.write_budget.lock().unwrap() = Some(5);
    let outcome = r.run(Command::Version);
    assert!(
        matches!(outcome.result, Err(CommandError::Io(_))),
        "{:?}",
        outcome.result
    );
    r.wait_link("unplugged", |s| matches!(s, LinkState::Unplugged { .. }));
    let tx = r.tap.tx();
    assert_eq!(&tx[before..], b"AT+GM", "what the port took");
    assert_eq!(
        String::from_utf8_lossy(&r.client.sent_bytes()),
        String::from_utf8_lossy(&tx),
        "the sent log is what the port took, no more"
    );

    // The port works again: the worker reconnects by itself and the log stays exact.
    *r.tap.write_budget.lock().unwrap() = None;
    r.wait_link("reconnected", |s| s.is_connected());
    r.assert_lossless();
}
