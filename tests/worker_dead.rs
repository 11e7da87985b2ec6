//! Issue 10 item 6: a dead module, a port that reads end-of-file, a raw `AT+IPR=` and a
//! failed DTR change are all reported, never shown as a healthy link.

mod worker_common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use ct11_configurator::at::command::RawLine;
use ct11_configurator::at::{Answer, Checked, Command};
use ct11_configurator::sim::{Faults, LineSettings, SimConfig};
use ct11_configurator::worker::{CommandError, Event, LinkState, Request};
use worker_common::{Via, rig};

fn raw(line: &str) -> Command {
    Command::Raw(Checked::new(RawLine(line.into())).expect("valid"))
}

#[test]
fn a_module_that_stops_answering_is_shown_as_not_answering_then_comes_back() {
    let mut r = rig(Via::InProcess, SimConfig::fast());
    r.sim.set_faults(Faults {
        silent: true,
        ..Faults::default()
    });
    for _ in 0..3 {
        let o = r.run_for(Command::Signal, Duration::from_millis(100));
        assert!(matches!(o.result, Err(CommandError::Timeout(_))), "{o:?}");
    }
    r.wait_link("not answering", |s| matches!(s, LinkState::NoAnswer { .. }));
    r.sim.set_faults(Faults::default());
    assert_eq!(
        r.ok(Command::Version),
        Answer::Version("CT11_V1.0.1".into())
    );
    r.wait_link("connected again", |s| {
        matches!(s, LinkState::Connected { .. })
    });
}

#[test]
fn a_port_that_reads_end_of_file_is_reported_as_unplugged() {
    let mut r = rig(Via::InProcess, SimConfig::fast());
    r.tap.eof.store(true, Ordering::SeqCst);
    r.wait_link("unplugged", |s| matches!(s, LinkState::Unplugged { .. }));
    // Back to normal: the worker reopens the port by itself.
    r.tap.eof.store(false, Ordering::SeqCst);
    r.wait_link("reconnected", |s| matches!(s, LinkState::Connected { .. }));
}

#[test]
fn a_raw_ipr_switches_the_port_like_the_typed_command() {
    let mut r = rig(Via::InProcess, SimConfig::fast());
    let o = r.run(raw("AT+IPR=9600,8,0,0"));
    assert!(o.result.is_ok(), "{o:?}");
    assert_eq!(r.sim.state().line, LineSettings::with_baud(9600));
    r.wait_link("connected at 9600", |s| {
        matches!(s, LinkState::Connected { baud: 9600, .. })
    });
    assert_eq!(
        r.ok(Command::Version),
        Answer::Version("CT11_V1.0.1".into())
    );
}

#[test]
fn a_failed_dtr_change_is_reported() {
    let mut r = rig(Via::InProcess, SimConfig::fast());
    r.tap.dtr_fails.store(true, Ordering::SeqCst);
    let _ = r.client.send(Request::SetDtr(false));
    r.wait(
        "the DTR failure",
        |e| matches!(e, Event::PortError(m) if m.contains("DTR")),
    );
}
