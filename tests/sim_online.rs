//! The online simulated module against real servers on loopback (tests/net_common): TCP and UDP
//! links in AT and transparent mode, MQTT plain/TLS (right, wrong, truncated and expired
//! certificates, checking off), a wrong password, a broker that is down or drops the module,
//! names that do not resolve, and HTTP/HTTPS requests. The module runs on a pseudo-terminal and
//! is driven through the worker, as the app drives a real module.
#![cfg(unix)]

mod net_common;
mod worker_common;

use std::time::Duration;

use ct11_configurator::at::Answer;
use ct11_configurator::at::Command;
use ct11_configurator::at::error_code::ModuleError;
use ct11_configurator::at::http::{HttpBody, HttpCert, HttpMethod, HttpTarget};
use ct11_configurator::at::mqtt::{
    MqttBroker, MqttCert, MqttClient, Publish, Subscription, TopicRef,
};
use ct11_configurator::at::socket::{LinkRef, Protocol, SocketSend, SocketTarget};
use ct11_configurator::at::urc::Urc;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::worker::{CommandError, Event, Request};
use net_common::{Mosquitto, PASSWORD, Pki, USER, free_port};
use worker_common::{Rig, Via, checked, rig};

/// Network steps on loopback end within milliseconds; this bounds a loaded machine.
const NET: Duration = Duration::from_secs(15);

fn online() -> Rig {
    rig(Via::Pty, SimConfig::fast().online())
}

fn wait_bytes(r: &mut Rig, what: &str, needle: &[u8]) {
    let seen = |raw: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    if seen(&r.client.received_bytes()) {
        return;
    }
    let mut all = r.client.received_bytes();
    r.client
        .wait_for(NET, |e| {
            if let Event::Rx(l) = e {
                all.extend(&l.frame.raw);
            }
            seen(&all)
        })
        .unwrap_or_else(|e| panic!("waiting for {what}: {e}"));
}

fn wait_error(r: &mut Rig, code: u16) {
    let hit = |e: &Event| matches!(e, Event::UnsolicitedError(ModuleError::Code(c)) if *c == code);
    if r.saw(hit) {
        return;
    }
    r.client
        .wait_for(NET, hit)
        .unwrap_or_else(|e| panic!("waiting for ERROR={code}: {e}"));
}

fn wait_urc(r: &mut Rig, urc: Urc) {
    let hit = |e: &Event| matches!(e, Event::Urc(u) if *u == urc);
    if r.saw(hit) {
        return;
    }
    r.client
        .wait_for(NET, hit)
        .unwrap_or_else(|e| panic!("waiting for {urc:?}: {e}"));
}

fn open(
    r: &mut Rig,
    protocol: Protocol,
    host: &str,
    port: u16,
    transparent: bool,
) -> Result<Answer, CommandError> {
    r.run_for(
        Command::SocketOpen(checked(SocketTarget {
            protocol,
            host: host.into(),
            port,
            local_port: 0,
            transparent,
        })),
        NET,
    )
    .result
}

// ---- TCP / UDP ----

#[test]
fn tcp_in_at_mode_reaches_a_real_server_and_its_close_gives_disconnect() {
    let server = net_common::tcp_echo(Some(5));
    let mut r = online();
    assert_eq!(
        open(&mut r, Protocol::Tcp, "127.0.0.1", server.port, false).unwrap(),
        Answer::LinkOpened(3)
    );
    let o = r.run(Command::SocketSend(checked(SocketSend {
        link: 3,
        data: b"hello".to_vec(),
    })));
    assert!(o.result.is_ok(), "{o:?}");
    wait_bytes(&mut r, "the server's echo", b"+RECEIVE,3,5:\r\nhello\r\n");
    // The server closes after five bytes: the module says DISCONNECT and forgets the link.
    wait_urc(&mut r, Urc::Disconnected);
    assert!(r.sim.state().sockets.is_empty());
    r.assert_lossless();
}

#[test]
fn tcp_in_transparent_mode_passes_bytes_both_ways() {
    let server = net_common::tcp_echo(None);
    let mut r = online();
    let _ = r
        .client
        .send(Request::SetEscapeGuard(Duration::from_millis(40)));
    assert_eq!(
        open(&mut r, Protocol::Tcp, "127.0.0.1", server.port, true).unwrap(),
        Answer::LinkOpened(3)
    );
    assert!(r.saw(|e| matches!(e, Event::DataMode(true))));
    let _ = r.client.send(Request::Raw {
        bytes: b"through the server".to_vec(),
    });
    wait_bytes(&mut r, "the raw echo", b"through the server");
    let o = r.run(Command::LeaveData);
    assert!(o.result.is_ok(), "{o:?}");
    r.ok(Command::SocketClose(checked(LinkRef(3))));
    wait_urc(&mut r, Urc::Disconnected);
}

#[test]
fn udp_in_at_mode_and_transparent_mode() {
    let server = net_common::udp_echo();
    let mut r = online();
    assert_eq!(
        open(&mut r, Protocol::Udp, "127.0.0.1", server.port, false).unwrap(),
        Answer::LinkOpened(3)
    );
    r.ok(Command::SocketSend(checked(SocketSend {
        link: 3,
        data: b"datagram".to_vec(),
    })));
    wait_bytes(&mut r, "the UDP echo", b"+RECEIVE,3,8:\r\ndatagram\r\n");
    r.ok(Command::SocketClose(checked(LinkRef(3))));
    wait_urc(&mut r, Urc::UdpClosed);

    let _ = r
        .client
        .send(Request::SetEscapeGuard(Duration::from_millis(40)));
    open(&mut r, Protocol::Udp, "127.0.0.1", server.port, true).unwrap();
    let _ = r.client.send(Request::Raw {
        bytes: b"raw-udp".to_vec(),
    });
    wait_bytes(&mut r, "the raw UDP echo", b"raw-udp");
    assert!(r.run(Command::LeaveData).result.is_ok());
}

#[test]
fn refused_and_unresolvable_servers_give_error_201() {
    let mut r = online();
    let refused = open(&mut r, Protocol::Tcp, "127.0.0.1", free_port(), false);
    assert!(
        matches!(refused, Err(CommandError::Module(ModuleError::Code(201)))),
        "{refused:?}"
    );
    let dns = open(&mut r, Protocol::Tcp, "no-such-host.invalid", 80, false);
    assert!(
        matches!(dns, Err(CommandError::Module(ModuleError::Code(201)))),
        "{dns:?}"
    );
    let errors = r.sim.state().online_errors;
    assert!(errors.iter().any(|e| e.contains("refused")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("DNS")), "{errors:?}");
    assert!(r.sim.state().sockets.is_empty());
}

// ---- MQTT ----

fn client(r: &mut Rig, id: &str, user: &str, password: &str) {
    r.ok(Command::MqttClientSet(checked(MqttClient {
        client_id: id.into(),
        username: user.into(),
        password: password.into(),
        will: None,
    })));
}

fn connect(r: &mut Rig, host: &str, port: u16, reconnect: bool) {
    r.ok(Command::MqttBrokerSet(checked(MqttBroker {
        host: host.into(),
        port,
        auto_reconnect: reconnect,
    })));
}

fn cert(r: &mut Rig, verify: bool, data: &[u8]) {
    r.ok(Command::MqttCertSet(checked(MqttCert {
        tls: true,
        verify,
        data: data.to_vec(),
    })));
}

fn errors(r: &Rig) -> String {
    r.sim.state().online_errors.join(" | ")
}

#[test]
fn mqtt_plain_subscribe_publish_and_unsubscribe_go_through_the_broker() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let mut r = online();
    client(&mut r, "ct11-online-test", "", "");
    connect(&mut r, "127.0.0.1", broker.plain, false);
    wait_urc(&mut r, Urc::MqttConnected);
    r.ok(Command::MqttSubscribe(checked(Subscription {
        topic: "ct11/test/+".into(),
        qos: 1,
    })));
    r.ok(Command::MqttPublish(checked(Publish {
        topic: "ct11/test/a".into(),
        qos: 1,
        retain: false,
        message: "via the broker".into(),
    })));
    wait_bytes(
        &mut r,
        "the broker's delivery",
        b"+QMTRECV:ct11/test/a,14,via the broker",
    );
    r.ok(Command::MqttUnsubscribe(checked(TopicRef(
        "ct11/test/+".into(),
    ))));
    assert!(r.sim.state().mqtt.subscriptions.is_empty());
    r.ok(Command::MqttDisconnect);
    wait_urc(&mut r, Urc::MqttDisconnected);
}

#[test]
fn mqtts_connects_only_with_the_ca_that_signed_the_server() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);

    // The right CA, checking on.
    let mut r = online();
    cert(&mut r, true, pki.ca_pem.as_bytes());
    connect(&mut r, "127.0.0.1", broker.tls, false);
    wait_urc(&mut r, Urc::MqttConnected);
    drop(r);

    // A CA that signed nothing here.
    let mut r = online();
    cert(&mut r, true, pki.wrong_ca_pem.as_bytes());
    connect(&mut r, "127.0.0.1", broker.tls, false);
    wait_error(&mut r, 203);
    assert!(!r.saw(|e| matches!(e, Event::Urc(Urc::MqttConnected))));
    assert!(errors(&r).contains("TLS"), "{}", errors(&r));
    drop(r);

    // The right CA, cut short in the upload.
    let mut r = online();
    let half = &pki.ca_pem.as_bytes()[..pki.ca_pem.len() / 2];
    cert(&mut r, true, half);
    connect(&mut r, "127.0.0.1", broker.tls, false);
    wait_error(&mut r, 203);
    assert!(errors(&r).contains("TLS"), "{}", errors(&r));
    drop(r);

    // The right CA, but the server's certificate expired.
    let mut r = online();
    cert(&mut r, true, pki.ca_pem.as_bytes());
    connect(&mut r, "127.0.0.1", broker.tls_expired, false);
    wait_error(&mut r, 203);
    assert!(
        errors(&r).to_lowercase().contains("expired"),
        "{}",
        errors(&r)
    );
    drop(r);

    // Checking off: TLS without verification connects even with the wrong CA uploaded.
    let mut r = online();
    cert(&mut r, false, pki.wrong_ca_pem.as_bytes());
    connect(&mut r, "127.0.0.1", broker.tls_expired, false);
    wait_urc(&mut r, Urc::MqttConnected);
}

#[test]
fn a_wrong_password_and_a_broker_that_is_down_give_error_203() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let mut r = online();
    client(&mut r, "ct11-auth", USER, "not-the-password");
    connect(&mut r, "127.0.0.1", broker.auth, false);
    wait_error(&mut r, 203);
    // mosquitto answers a wrong password with CONNACK 5 (not authorised); others with 4.
    assert!(
        errors(&r).contains("user name or password") || errors(&r).contains("not authorised"),
        "{}",
        errors(&r)
    );
    drop(r);

    let mut r = online();
    client(&mut r, "ct11-auth", USER, PASSWORD);
    connect(&mut r, "127.0.0.1", broker.auth, false);
    wait_urc(&mut r, Urc::MqttConnected);
    drop(r);

    let mut r = online();
    connect(&mut r, "127.0.0.1", free_port(), false);
    wait_error(&mut r, 203);
    assert!(errors(&r).contains("refused"), "{}", errors(&r));
    drop(r);

    let mut r = online();
    connect(&mut r, "broker.invalid", 1883, false);
    wait_error(&mut r, 203);
    assert!(errors(&r).contains("DNS"), "{}", errors(&r));
}

#[test]
fn a_broker_that_drops_the_module_gives_mqttdisconnect_and_it_reconnects() {
    let pki = Pki::new();
    let mut broker = Mosquitto::start(&pki);
    let mut r = online();
    client(&mut r, "ct11-drop", "", "");
    connect(&mut r, "127.0.0.1", broker.plain, true);
    wait_urc(&mut r, Urc::MqttConnected);
    r.ok(Command::MqttSubscribe(checked(Subscription {
        topic: "ct11/drop".into(),
        qos: 0,
    })));
    broker.stop();
    wait_urc(&mut r, Urc::MqttDisconnected);
    broker.restart();
    // Attempts while the broker was away may fail (ERROR=203); one after it is back connects.
    r.client
        .wait_for(Duration::from_secs(30), |e| {
            matches!(e, Event::Urc(Urc::MqttConnected))
        })
        .expect("the module reconnects");
    // The subscription survived the reconnect.
    r.ok(Command::MqttPublish(checked(Publish {
        topic: "ct11/drop".into(),
        qos: 0,
        retain: false,
        message: "back".into(),
    })));
    wait_bytes(
        &mut r,
        "delivery after the reconnect",
        b"+QMTRECV:ct11/drop,4,back",
    );
}

// ---- HTTP ----

#[test]
fn http_and_https_requests_return_the_servers_real_answer() {
    let pki = Pki::new();
    let http = net_common::http_server();
    let mut r = online();
    r.ok(Command::HttpTargetSet(checked(HttpTarget {
        url: format!("http://127.0.0.1:{}/echo", http.port),
        port: http.port,
        https: false,
        verify: false,
    })));
    r.ok(Command::HttpData(checked(HttpBody(b"temp=21".to_vec()))));
    match r.ok(Command::HttpAction(HttpMethod::Post)) {
        Answer::HttpResponse(resp) => {
            assert_eq!(resp.status, Some(200), "{resp:?}");
            assert_eq!(resp.status_line, "HTTP/1.1 200 OK");
            assert!(
                resp.headers.iter().any(|h| h == "X-Test-Server: ct11"),
                "{resp:?}"
            );
            assert_eq!(
                String::from_utf8_lossy(&resp.body),
                net_common::http_body("POST", "/echo", b"temp=21")
            );
        }
        other => panic!("{other:?}"),
    }
    r.ok(Command::HttpTargetSet(checked(HttpTarget {
        url: format!("http://127.0.0.1:{}/missing", http.port),
        port: http.port,
        https: false,
        verify: false,
    })));
    match r.ok(Command::HttpAction(HttpMethod::Get)) {
        Answer::HttpResponse(resp) => assert_eq!(resp.status, Some(404), "{resp:?}"),
        other => panic!("{other:?}"),
    }

    // HTTPS, checked against the uploaded CA: the right one answers, a wrong one fails.
    let https = net_common::https_server(&pki, false);
    let target = HttpTarget {
        url: format!("https://127.0.0.1:{}/secure", https.port),
        port: https.port,
        https: true,
        verify: true,
    };
    r.ok(Command::HttpTargetSet(checked(target)));
    r.ok(Command::HttpCertSet(checked(HttpCert {
        verify: true,
        data: pki.ca_pem.as_bytes().to_vec(),
    })));
    match r.ok(Command::HttpAction(HttpMethod::Get)) {
        Answer::HttpResponse(resp) => {
            assert_eq!(resp.status, Some(200), "{resp:?}");
            assert_eq!(
                String::from_utf8_lossy(&resp.body),
                net_common::http_body("GET", "/secure", b"")
            );
        }
        other => panic!("{other:?}"),
    }
    r.ok(Command::HttpCertSet(checked(HttpCert {
        verify: true,
        data: pki.wrong_ca_pem.as_bytes().to_vec(),
    })));
    let o = r.run_for(Command::HttpAction(HttpMethod::Get), NET);
    assert!(
        matches!(o.result, Err(CommandError::Module(ModuleError::Code(201)))),
        "{o:?}"
    );
    assert!(errors(&r).contains("TLS"), "{}", errors(&r));
}
