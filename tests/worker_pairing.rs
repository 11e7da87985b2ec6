//! Issue 10 item 12: a transparent `SIMPLECLIENT` ends with the `CONNECT` that puts the module
//! into data mode, and the worker knows it is in data mode.

mod worker_common;

use ct11_configurator::at::socket::{PairingMode, SimpleClient, SocketTarget};
use ct11_configurator::at::urc::Urc;
use ct11_configurator::at::{Answer, Command};
use ct11_configurator::sim::SimConfig;
use ct11_configurator::worker::{CommandError, Event};
use worker_common::{Via, checked, rig};

#[test]
fn a_transparent_simple_client_waits_for_connect_and_enters_data_mode() {
    let mut r = rig(Via::InProcess, SimConfig::fast());
    r.ok(Command::PairingSet(PairingMode::Tcp));
    // Restarted into TCP pairing mode: the network comes up before the client can connect.
    r.wait_urc(Urc::NetworkActivated);
    let o = r.run(Command::SimpleClientSet(checked(SimpleClient(
        SocketTarget {
            transparent: true,
            ..SocketTarget::default()
        },
    ))));
    assert!(
        matches!(o.result, Ok(Answer::LinkOpened(_))),
        "the job must end with the CONNECT line: {o:?}"
    );
    assert!(r.sim.state().data_mode);
    assert!(r.saw(|e| matches!(e, Event::DataMode(true))));
    assert_eq!(r.run(Command::Test).result, Err(CommandError::DataMode));
}
