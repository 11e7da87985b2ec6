//! UDP `AT+QISEND=<link>` without a length (manual §6.4.2) through the worker over a
//! pseudo-terminal: the data goes after `>` and ends with Ctrl+Z (the Quectel convention; the
//! manual does not say), which the module does not send; `SEND OK` ends the command, and the
//! next command is answered as itself. A TCP link without a length is the module's error.
#![cfg(unix)]

mod worker_common;

use ct11_configurator::at::error_code::ModuleError;
use ct11_configurator::at::socket::{Protocol, SocketTarget, UnsizedSend};
use ct11_configurator::at::{Answer, Command};
use ct11_configurator::sim::SimConfig;
use ct11_configurator::worker::{CommandError, Event};
use worker_common::{Via, checked, rig};

fn open(protocol: Protocol) -> Command {
    Command::SocketOpen(checked(SocketTarget {
        protocol,
        host: "1.2.3.4".into(),
        port: 5000,
        local_port: 0,
        transparent: false,
    }))
}

#[test]
fn udp_send_without_a_length_ends_with_ctrl_z() {
    let mut r = rig(Via::Pty, SimConfig::fast());
    let Answer::LinkOpened(link) = r.ok(open(Protocol::Udp)) else {
        panic!("no link");
    };
    let data = "line 1\r\n温度=21".as_bytes();
    let o = r.run(Command::SocketSendUnsized(checked(UnsizedSend::new(
        link,
        Protocol::Udp,
        data,
    ))));
    assert!(o.result.is_ok(), "{o:?}");
    let state = r.sim.state();
    let sock = state.sockets.iter().find(|s| s.link == link).expect("open");
    assert_eq!(sock.sent, data, "exactly the data, without the Ctrl+Z");
    // On the wire: the line with no length, then the data and Ctrl+Z.
    let mut wire = format!("AT+QISEND={link}\r\n").into_bytes();
    let tx = r.tap.tx();
    let at = tx
        .windows(wire.len())
        .position(|w| w == wire.as_slice())
        .expect("AT+QISEND sent");
    wire.clear();
    wire.extend_from_slice(data);
    wire.push(0x1A);
    assert!(tx[at..].windows(wire.len()).any(|w| w == wire.as_slice()));
    // The echo server's answer comes back as received data.
    let want = format!("+RECEIVE,{link},{}:", data.len()).into_bytes();
    let tap = r.tap.clone();
    r.wait("the echo", |e| {
        matches!(e, Event::Received(_) | Event::Rx(_))
            && tap.rx().windows(want.len()).any(|w| w == want.as_slice())
    });
    assert_eq!(r.ok(Command::Test), Answer::Done);
    r.assert_lossless();
}

#[test]
fn a_tcp_link_without_a_length_is_the_modules_error_and_the_session_goes_on() {
    let mut r = rig(Via::InProcess, SimConfig::fast());
    let Answer::LinkOpened(link) = r.ok(open(Protocol::Tcp)) else {
        panic!("no link");
    };
    let o = r.run(Command::raw(&format!("AT+QISEND={link}")).expect("valid"));
    assert_eq!(
        o.result,
        Err(CommandError::Module(ModuleError::Code(101))),
        "{o:?}"
    );
    assert_eq!(r.ok(Command::Test), Answer::Done);
    assert!(
        checked_err(UnsizedSend::new(link, Protocol::Tcp, b"x")),
        "the app refuses it before sending"
    );
}

fn checked_err(s: UnsizedSend) -> bool {
    ct11_configurator::at::Checked::new(s).is_err()
}
