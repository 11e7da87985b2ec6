//! The online simulated module (`--port sim-online`'s module) against real servers on loopback:
//! the long publish of manual §4.1.3 through a local mosquitto (each block written in data mode
//! is one real MQTT message, delivered back on the module's subscription), and a UDP
//! `AT+QISEND=<link>` without a length through a UDP echo server. The module runs on a
//! pseudo-terminal and is driven through the worker.
#![cfg(unix)]

mod net_common;
mod worker_common;

use std::time::Duration;

use ct11_configurator::at::mqtt::{MqttBroker, MqttClient, PublishLong, Subscription};
use ct11_configurator::at::socket::{Protocol, SocketTarget, UnsizedSend};
use ct11_configurator::at::urc::Urc;
use ct11_configurator::at::{Answer, Command};
use ct11_configurator::sim::SimConfig;
use ct11_configurator::worker::{Event, Request};
use net_common::{Mosquitto, Pki};
use worker_common::{Rig, Via, checked, rig};

/// Network steps on loopback end within milliseconds; this bounds a loaded machine.
const NET: Duration = Duration::from_secs(15);

fn wait_bytes(r: &mut Rig, what: &str, needle: &[u8]) {
    let seen = |raw: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    let tap = r.tap.clone();
    if seen(&tap.rx()) {
        return;
    }
    r.client
        .wait_for(NET, |e| {
            matches!(e, Event::Rx(_) | Event::Received(_)) && seen(&tap.rx())
        })
        .unwrap_or_else(|e| panic!("waiting for {what}: {e}"));
}

#[test]
fn long_publish_goes_through_a_real_broker_one_message_per_block() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let mut r = rig(Via::Pty, SimConfig::fast().online());
    let _ = r
        .client
        .send(Request::SetEscapeGuard(Duration::from_millis(40)));
    r.ok(Command::MqttClientSet(checked(MqttClient {
        client_id: "ct11-longpub-test".into(),
        ..MqttClient::default()
    })));
    r.ok(Command::MqttBrokerSet(checked(MqttBroker {
        host: "127.0.0.1".into(),
        port: broker.plain,
        auto_reconnect: false,
    })));
    r.client
        .wait_for(NET, |e| matches!(e, Event::Urc(Urc::MqttConnected)))
        .expect("connected to mosquitto");
    r.run_for(
        Command::MqttSubscribe(checked(Subscription {
            topic: "ct11/long/#".into(),
            qos: 1,
        })),
        NET,
    )
    .result
    .expect("subscribed");

    let o = r.run_for(
        Command::MqttPublishLong(checked(PublishLong {
            topic: "ct11/long/a".into(),
            qos: 1,
            retain: false,
        })),
        NET,
    );
    assert!(o.result.is_ok(), "{o:?}");
    for msg in ["first block", "second 第二"] {
        let _ = r.client.send(Request::Raw {
            bytes: msg.as_bytes().to_vec(),
        });
        let want = format!("+QMTRECV:ct11/long/a,{},{msg}", msg.len());
        wait_bytes(&mut r, msg, want.as_bytes());
    }
    assert!(r.run(Command::LeaveData).result.is_ok());
    assert_eq!(r.ok(Command::Test), Answer::Done);
    let sent: Vec<Vec<u8>> = r
        .sim
        .state()
        .mqtt
        .published
        .into_iter()
        .map(|p| p.payload)
        .collect();
    assert_eq!(
        sent,
        vec![b"first block".to_vec(), "second 第二".as_bytes().to_vec()]
    );
}

#[test]
fn udp_without_a_length_reaches_a_real_server() {
    let server = net_common::udp_echo();
    let mut r = rig(Via::Pty, SimConfig::fast().online());
    let o = r.run_for(
        Command::SocketOpen(checked(SocketTarget {
            protocol: Protocol::Udp,
            host: "127.0.0.1".into(),
            port: server.port,
            local_port: 0,
            transparent: false,
        })),
        NET,
    );
    let Ok(Answer::LinkOpened(link)) = o.result else {
        panic!("{o:?}");
    };
    let data = b"datagram\r\nwith a line break";
    let o = r.run_for(
        Command::SocketSendUnsized(checked(UnsizedSend::new(link, Protocol::Udp, data))),
        NET,
    );
    assert!(o.result.is_ok(), "{o:?}");
    let mut want = format!("+RECEIVE,{link},{}:\r\n", data.len()).into_bytes();
    want.extend_from_slice(data);
    wait_bytes(&mut r, "the UDP echo", &want);
    assert_eq!(r.ok(Command::Test), Answer::Done);
}
