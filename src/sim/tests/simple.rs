//! Manual 6.5: simple pairing, and what survives a restart in each mode.

use super::{BOOT, Bench, echoed};

#[test]
fn simplemode_query_set_and_values() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+SIMPLEMODE?"),
        echoed("AT+SIMPLEMODE?", "+SIMPLEMODE:0,0\r\nOK\r\n")
    );
    for bad in [
        "AT+SIMPLEMODE=1,1",
        "AT+SIMPLEMODE=2,0",
        "AT+SIMPLEMODE=3,0",
        "AT+SIMPLEMODE=0,2",
    ] {
        assert_eq!(b.cmd(bad), echoed(bad, "ERROR=103\r\n"), "{bad}");
    }
    assert_eq!(
        b.cmd("AT+SIMPLECLIENT=\"TCP\",\"1.2.3.4\",1,0,0"),
        echoed("AT+SIMPLECLIENT=\"TCP\",\"1.2.3.4\",1,0,0", "ERROR=102\r\n")
    );
    b.cmd("AT+QIOPEN=\"TCP\",\"1.2.3.4\",1,0,0");
    b.cmd("AT+QIOPEN=\"TCP\",\"1.2.3.4\",1,0,0");
    assert_eq!(
        b.cmd("AT+SIMPLEMODE=1,0"),
        echoed("AT+SIMPLEMODE=1,0", "ERROR=102\r\n")
    );
}

#[test]
fn tcp_pairing_without_client_repeats_error_104() {
    let mut b = Bench::new();
    b.feed(b"AT+SIMPLEMODE=1,0\r\n");
    assert_eq!(b.take(), echoed("AT+SIMPLEMODE=1,0", "OK\r\n"));
    let boot = b.wait(30);
    assert_eq!(boot, format!("{BOOT}ERROR=104\r\n"));
    assert_eq!(b.wait(20), "ERROR=104\r\n");
    assert_eq!(b.wait(40), "ERROR=104\r\nERROR=104\r\n");
    b.feed(b"AT+SIMPLECLIENT=\"TCP\",\"8.137.154.246\",2057,0,0\r\n");
    assert_eq!(
        b.take(),
        echoed(
            "AT+SIMPLECLIENT=\"TCP\",\"8.137.154.246\",2057,0,0",
            "OK\r\n"
        )
    );
    assert_eq!(b.wait(100), "CONNECT,ID:3\r\n", "and the errors stop");
    assert_eq!(
        b.cmd("AT+SIMPLECLIENT?"),
        echoed(
            "AT+SIMPLECLIENT?",
            "+SIMPLECLIENT:TCP,8.137.154.246,2057,0,0\r\nOK\r\n"
        )
    );
    b.feed(b"AT+QISEND=3,10\r\n1234567890");
    assert!(b.settle().contains("OK\r\n>SEND OK\r\n"));
    // After a restart the saved client reconnects.
    assert_eq!(
        b.cmd("AT+RST"),
        format!("AT+RST\r\nOK\r\n{BOOT}CONNECT,ID:3\r\n")
    );
    assert_eq!(b.m.state().sockets.len(), 1);
}

#[test]
fn simpleclient_table_dialect_answers_ok_only_and_length_limit() {
    let mut t = Bench::table();
    t.cmd("AT+SIMPLEMODE=1,0");
    let cmd = "AT+SIMPLECLIENT=\"TCP\",\"1.2.3.4\",1,0,0";
    assert_eq!(t.cmd(cmd), echoed(cmd, "OK\r\n"));
    assert_eq!(t.m.state().sockets.len(), 1);
    assert!(
        t.cmd("AT+SIMPLECLIENT?")
            .contains("+SIMPLECLIENT:\"TCP\",\"1.2.3.4\",1,0,0")
    );
    let long = format!("AT+SIMPLECLIENT=\"TCP\",\"{}\",1,0,0", "a".repeat(50));
    assert_eq!(t.cmd(&long), echoed(&long, "ERROR=101\r\n"));
}

#[test]
fn transparent_pairing_client_enters_data_mode_after_boot() {
    let mut b = Bench::new();
    b.cmd("AT+SIMPLEMODE=1,0");
    b.cmd("AT+SIMPLECLIENT=\"TCP\",\"1.2.3.4\",1,0,1");
    assert!(b.m.state().data_mode);
    b.wait(30);
    b.feed(b"+++");
    b.wait(30);
    b.cmd("AT+RST");
    assert!(b.m.state().data_mode, "reconnected in transparent mode");
}

#[test]
fn what_survives_a_restart_per_mode() {
    // Mode 0: communication settings are lost.
    let mut b = Bench::new();
    b.cmd("AT+QMTCFG=\"id\"");
    b.cmd("AT+HTTPPARA=\"http://httpbin.org/get\",80,0,0");
    b.cmd("AT+SYSSLEEP=0");
    b.cmd("AT+RST");
    assert_eq!(b.m.state().mqtt.client, None);
    assert_eq!(b.m.state().http.target, None);
    // Mode 2: MQTT settings are kept and it reconnects; HTTP is not.
    let mut b = Bench::new();
    b.cmd("AT+SIMPLEMODE=2,1");
    b.cmd("AT+QMTCFG=\"CT11\",\"MQTT1\",\"123456\",0,1,QQQ,123456");
    b.cmd("AT+QMTCONNCFG=\"broker.emqx.io\",1883,1");
    b.cmd("AT+QMTSUB=\"TTT\",0");
    b.cmd("AT+HTTPPARA=\"http://httpbin.org/get\",80,0,0");
    assert_eq!(
        b.cmd("AT+RST"),
        format!("AT+RST\r\nOK\r\n{BOOT}MQTTCONNECT\r\n")
    );
    let s = b.m.state();
    assert!(s.mqtt.client.is_some());
    assert_eq!(s.mqtt.subscriptions, [("TTT".to_string(), 0)]);
    assert_eq!(s.mqtt.status, 1);
    assert_eq!(s.http.target, None);
    assert!(s.echo);
}

#[test]
fn continuous_mqtt_publish_until_plus() {
    let mut b = Bench::new();
    b.cmd("AT+SIMPLEMODE=2,2");
    b.cmd("AT+QMTCONNCFG=\"broker.emqx.io\",1883,1");
    b.feed(b"AT+QMTPUBEX=\"TTT\",0,0,1\r\n");
    assert_eq!(b.take(), "AT+QMTPUBEX=\"TTT\",0,0,1\r\n>");
    b.feed(b"first");
    b.wait(10);
    b.feed(b"second message");
    b.wait(30);
    b.feed(b"+++");
    assert_eq!(b.wait(30), "OK\r\n");
    b.feed(b"ATO");
    b.feed(b"third");
    b.wait(30);
    b.feed(b"+++");
    assert_eq!(b.wait(30), "OK\r\n");
    let payloads: Vec<_> =
        b.m.state()
            .mqtt
            .published
            .iter()
            .map(|p| p.payload.clone())
            .collect();
    assert_eq!(
        payloads,
        [
            b"first".to_vec(),
            b"second message".to_vec(),
            b"third".to_vec()
        ]
    );
}
