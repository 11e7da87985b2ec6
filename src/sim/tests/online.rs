//! The online mode's pure half: which network requests a command queues, and what the module
//! prints when a result arrives (no network: the test plays the network).

use super::Bench;
use crate::sim::SimConfig;
use crate::sim::online::{HttpResponse, NetError, NetEvent, NetRequest, Transport};

fn online() -> Bench {
    Bench::with(SimConfig::fast().online())
}

#[test]
fn qiopen_waits_for_the_network_and_server_data_is_shown_as_offline() {
    let mut b = online();
    let out = b.cmd("AT+QIOPEN=\"TCP\",\"127.0.0.1\",9000,0,0");
    assert!(
        !out.contains("CONNECT"),
        "nothing until the link is up: {out:?}"
    );
    let reqs = b.m.take_net_requests();
    let conn = match &reqs[..] {
        [
            NetRequest::SocketOpen {
                conn,
                transport: Transport::Tcp,
                host,
                port: 9000,
                ..
            },
        ] if host == "127.0.0.1" => *conn,
        other => panic!("{other:?}"),
    };
    b.m.net_event(NetEvent::SocketOpened { conn }, b.now);
    assert!(b.settle().contains("CONNECT,ID:3"));
    b.m.net_event(
        NetEvent::SocketData {
            conn,
            data: b"hi".to_vec(),
        },
        b.now,
    );
    assert!(b.settle().contains("+RECEIVE,3,2:\r\nhi\r\n"));
    b.m.net_event(NetEvent::SocketClosed { conn }, b.now);
    assert!(b.settle().contains("DISCONNECT"));
    assert!(b.m.state().sockets.is_empty());
    // An event for a link that is gone changes nothing.
    b.m.net_event(
        NetEvent::SocketData {
            conn,
            data: b"late".to_vec(),
        },
        b.now,
    );
    assert_eq!(b.settle(), "");
}

#[test]
fn a_failed_open_is_error_201_and_the_reason_is_kept() {
    let mut b = online();
    b.cmd("AT+QIOPEN=\"TCP\",\"x.invalid\",1,0,0");
    let [NetRequest::SocketOpen { conn, .. }] = b.m.take_net_requests()[..] else {
        panic!("one open");
    };
    b.m.net_event(
        NetEvent::SocketFailed {
            conn,
            error: NetError::Dns("x.invalid".into()),
        },
        b.now,
    );
    assert!(b.settle().contains("ERROR=201"));
    assert!(b.m.state().online_errors[0].contains("DNS"));
}

#[test]
fn qmtsub_answers_when_the_broker_grants_it_and_messages_print_as_qmtrecv() {
    let mut b = online();
    b.cmd("AT+QMTCFG=\"id1\",\"u\",\"p\"");
    b.cmd("AT+QMTCONNCFG=\"127.0.0.1\",1883,1");
    let conn = match &b.m.take_net_requests()[..] {
        [NetRequest::MqttConnect { conn, params }] => {
            assert_eq!(params.client_id, "id1");
            assert_eq!(params.credentials, Some(("u".into(), "p".into())));
            assert!(params.tls.is_none());
            *conn
        }
        other => panic!("{other:?}"),
    };
    b.m.net_event(NetEvent::MqttConnected { conn }, b.now);
    assert!(b.settle().contains("MQTTCONNECT"));
    let out = b.cmd("AT+QMTSUB=\"t\",1");
    assert!(!out.contains("OK"), "OK waits for the SUBACK: {out:?}");
    b.m.take_net_requests();
    b.m.net_event(NetEvent::MqttAck { conn, ok: true }, b.now);
    assert!(b.settle().contains("OK"));
    b.m.net_event(
        NetEvent::MqttMessage {
            conn,
            topic: "t".into(),
            payload: b"42".to_vec(),
        },
        b.now,
    );
    assert!(b.settle().contains("+QMTRECV:t,2,42"));
    // The broker drops the module: MQTTDISCONNECT, then a new attempt (reconnect is on).
    b.m.net_event(
        NetEvent::MqttDropped {
            conn,
            error: NetError::Other("reset".into()),
        },
        b.now,
    );
    assert!(b.settle().contains("MQTTDISCONNECT"));
    b.wait(100);
    assert!(matches!(
        &b.m.take_net_requests()[..],
        [.., NetRequest::MqttConnect { .. }]
    ));
}

#[test]
fn httpaction_prints_the_servers_own_lines() {
    let mut b = online();
    b.cmd("AT+HTTPPARA=\"http://127.0.0.1/x\",8080,0,0");
    b.cmd("AT+HTTPACTION=0");
    let token = match &b.m.take_net_requests()[..] {
        [NetRequest::Http { token, params }] => {
            assert_eq!((params.method.as_str(), params.port), ("GET", 8080));
            *token
        }
        other => panic!("{other:?}"),
    };
    b.m.net_event(
        NetEvent::HttpDone {
            token,
            result: Ok(HttpResponse {
                status_line: "HTTP/1.1 418 I'm a teapot".into(),
                status: 418,
                headers: vec!["X-A: b".into()],
                body: b"tea".to_vec(),
            }),
        },
        b.now,
    );
    assert_eq!(
        b.settle(),
        "HTTP/1.1 418 I'm a teapot\r\nX-A: b\r\n\r\n$HTTPRECV:DATA,3\r\ntea\r\nOK\r\n"
    );
    assert_eq!(b.m.state().http.requests[0].status, 418);
}

#[test]
fn offline_queues_nothing() {
    let mut b = Bench::new();
    b.cmd("AT+QIOPEN=\"TCP\",\"127.0.0.1\",9000,0,0");
    b.cmd("AT+QMTCONNCFG=\"127.0.0.1\",1883");
    assert!(b.m.take_net_requests().is_empty());
}
