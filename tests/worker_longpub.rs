//! The long publish of manual §4.1.3 (`AT+QMTPUB=<topic>,<qos>,<retain>,1`, a bare 1) through
//! the worker over a pseudo-terminal: `>`, then data mode, where every block the app writes is
//! published as one message (seen coming back on a subscription as `+QMTRECV`), until `+++`
//! (with its guard times and the module's `OK`); `ATO` goes back in. The ordinary publish of a
//! message "1" still publishes the text "1".
#![cfg(unix)]

mod worker_common;

use std::time::Duration;

use ct11_configurator::at::error_code::ModuleError;
use ct11_configurator::at::mqtt::{MqttBroker, MqttState, Publish, PublishLong, Subscription};
use ct11_configurator::at::urc::Urc;
use ct11_configurator::at::{Answer, Command};
use ct11_configurator::sim::SimConfig;
use ct11_configurator::worker::{CommandError, Event, Request};
use worker_common::{Rig, Via, checked, rig};

fn long(topic: &str, qos: u8) -> Command {
    Command::MqttPublishLong(checked(PublishLong {
        topic: topic.into(),
        qos,
        retain: false,
    }))
}

/// A module connected to its broker and subscribed to `TTT`.
fn subscribed(via: Via) -> Rig {
    let mut r = rig(via, SimConfig::fast());
    // The fast module's guard time is 20 ms.
    let _ = r
        .client
        .send(Request::SetEscapeGuard(Duration::from_millis(40)));
    r.ok(Command::MqttBrokerSet(checked(MqttBroker {
        host: "broker.emqx.io".into(),
        ..MqttBroker::default()
    })));
    r.wait_urc(Urc::MqttConnected);
    r.ok(Command::MqttSubscribe(checked(Subscription {
        topic: "TTT".into(),
        qos: 0,
    })));
    r
}

/// Write `data` in data mode and wait until the subscription brings it back.
fn publish_and_see(r: &mut Rig, data: &str) {
    let _ = r.client.send(Request::Raw {
        bytes: data.as_bytes().to_vec(),
    });
    let want = format!("+QMTRECV:TTT,{},{data}", data.len()).into_bytes();
    let tap = r.tap.clone();
    // The tap records a read before the worker reports it.
    r.wait(&format!("{data} back on the subscription"), |e| {
        matches!(e, Event::Received(_) | Event::Rx(_))
            && tap.rx().windows(want.len()).any(|w| w == want.as_slice())
    });
}

#[test]
fn long_publish_sends_every_block_as_a_message_until_the_escape() {
    let mut r = subscribed(Via::Pty);
    // The quoted "1" is an ordinary message.
    r.ok(Command::MqttPublish(checked(Publish {
        topic: "TTT".into(),
        qos: 0,
        retain: false,
        message: "1".into(),
    })));
    let quoted = br#"AT+QMTPUB="TTT",0,0,"1""#;
    assert!(r.tap.tx().windows(quoted.len()).any(|w| w == quoted));

    let o = r.run(long("TTT", 1));
    assert!(o.result.is_ok(), "{o:?}");
    assert!(r.saw(|e| matches!(e, Event::DataMode(true))));
    assert!(r.sim.state().data_mode);
    assert_eq!(
        r.run(Command::Test).result,
        Err(CommandError::DataMode),
        "no AT line goes into the broker's data"
    );
    publish_and_see(&mut r, "first message");
    publish_and_see(&mut r, "second, 二");

    let o = r.run(Command::LeaveData);
    assert!(o.result.is_ok(), "{o:?}");
    assert!(r.saw(|e| matches!(e, Event::DataMode(false))));
    assert!(!r.sim.state().data_mode);
    // An ordinary command after.
    assert_eq!(
        r.ok(Command::MqttState),
        Answer::MqttState(MqttState::Connected)
    );

    // ATO goes back into the same publishing, +++ leaves again.
    r.ok(Command::EnterData);
    // ATO has no answer to wait for: the module (over the pty) may take it a moment after the
    // worker wrote it. Wait for it, bounded.
    let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !r.sim.state().data_mode {
        assert!(
            std::time::Instant::now() < end,
            "the module went back into data mode"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    publish_and_see(&mut r, "third");
    assert!(r.run(Command::LeaveData).result.is_ok());
    assert_eq!(r.ok(Command::Test), Answer::Done);

    let published: Vec<(String, u8, Vec<u8>)> = r
        .sim
        .state()
        .mqtt
        .published
        .into_iter()
        .map(|p| (p.topic, p.qos, p.payload))
        .collect();
    assert_eq!(
        published,
        vec![
            ("TTT".into(), 0, b"1".to_vec()),
            ("TTT".into(), 1, b"first message".to_vec()),
            ("TTT".into(), 1, "second, 二".as_bytes().to_vec()),
            ("TTT".into(), 1, b"third".to_vec()),
        ]
    );
    r.assert_lossless();
}

#[test]
fn long_publish_while_not_connected_is_the_modules_error_and_no_data_mode() {
    let mut r = rig(Via::InProcess, SimConfig::fast());
    let o = r.run(long("TTT", 0));
    assert_eq!(
        o.result,
        Err(CommandError::Module(ModuleError::Code(102))),
        "{o:?}"
    );
    assert!(!r.saw(|e| matches!(e, Event::DataMode(true))));
    assert_eq!(r.ok(Command::Test), Answer::Done);
}

#[test]
fn a_long_publish_typed_in_the_terminal_is_data_mode_too() {
    let mut r = subscribed(Via::InProcess);
    let o = r.run(Command::raw(r#"AT+QMTPUB="TTT",0,0,1"#).expect("valid"));
    assert!(o.result.is_ok(), "{o:?}");
    assert!(r.saw(|e| matches!(e, Event::DataMode(true))));
    publish_and_see(&mut r, "typed");
    assert!(r.run(Command::LeaveData).result.is_ok());
    assert_eq!(r.ok(Command::Test), Answer::Done);
}
