//! Manual 6.6: the MQTT client.

use super::{Bench, echoed};

/// A bench connected to a broker.
fn connected() -> Bench {
    let mut b = Bench::new();
    b.cmd("AT+QMTCONNCFG=\"broker.emqx.io\",1883,0");
    assert_eq!(b.m.state().mqtt.status, 1);
    b
}

#[test]
fn qmtcfg_manual_example_both_dialects() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+QMTCFG?"),
        echoed("AT+QMTCFG?", "+QMTCFG:NOT SET\r\nOK\r\n")
    );
    let cmd = "AT+QMTCFG=\"CT11\",\"MQTT1\",\"123456\",0,1,QQQ,123456";
    assert_eq!(b.cmd(cmd), echoed(cmd, "OK\r\n"));
    assert_eq!(
        b.cmd("AT+QMTCFG?"),
        echoed(
            "AT+QMTCFG?",
            "+QMTCFG:CT11,MQTT1,123456,0,1,QQQ,123456\r\nOK\r\n"
        )
    );
    let mut t = Bench::table();
    t.cmd(cmd);
    assert_eq!(
        t.cmd("AT+QMTCFG?"),
        echoed(
            "AT+QMTCFG?",
            "+QMTCFG:\"CT11\",\"MQTT1\",\"123456\",0,1,\"QQQ\",\"123456\"\r\nOK\r\n"
        )
    );
    // The quick start sends only a client id.
    assert_eq!(
        t.cmd("AT+QMTCFG=\"0566542kkscmkks1\""),
        echoed("AT+QMTCFG=\"0566542kkscmkks1\"", "OK\r\n")
    );
    assert!(
        t.cmd("AT+QMTCFG?")
            .contains("+QMTCFG:\"0566542kkscmkks1\",\"\",\"\",0,0,\"\",\"\"")
    );
}

#[test]
fn qmtcfg_limits() {
    let mut b = Bench::new();
    let long = "p".repeat(257);
    let cmd = format!("AT+QMTCFG=\"id\",\"u\",\"{long}\"");
    assert_eq!(b.cmd(&cmd), echoed(&cmd, "ERROR=101\r\n"));
    let cmd = "AT+QMTCFG=\"id\",\"u\",\"p\",3,0,t,m";
    assert_eq!(b.cmd(cmd), echoed(cmd, "ERROR=103\r\n"));
    let cmd = format!("AT+QMTCFG=\"id\",\"u\",\"p\",1,0,t,{}", "m".repeat(257));
    assert_eq!(b.cmd(&cmd), echoed(&cmd, "ERROR=101\r\n"));
    let cmd = "AT+QMTCFG=\"id\",\"u\",\"p\",1";
    assert_eq!(b.cmd(cmd), echoed(cmd, "ERROR=104\r\n"));
}

#[test]
fn qmtconncfg_connects_after_a_delay() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+QMTCONNCFG?"),
        echoed("AT+QMTCONNCFG?", "+QMTCONNCFG:NOT SET\r\nOK\r\n")
    );
    b.feed(b"AT+QMTCONNCFG=\"broker.emqx.io\",1883,0\r\n");
    assert_eq!(
        b.take(),
        echoed("AT+QMTCONNCFG=\"broker.emqx.io\",1883,0", "OK\r\n")
    );
    assert_eq!(b.m.state().mqtt.status, 2);
    b.feed(b"AT+QMTSTATU\r\n");
    assert_eq!(b.take(), echoed("AT+QMTSTATU", "+QMTSTATU:2\r\nOK\r\n"));
    assert_eq!(b.wait(10), "MQTTCONNECT\r\n");
    assert_eq!(
        b.cmd("AT+QMTSTATU"),
        echoed("AT+QMTSTATU", "+QMTSTATU:1\r\nOK\r\n")
    );
    assert_eq!(
        b.cmd("AT+QMTCONNCFG?"),
        echoed(
            "AT+QMTCONNCFG?",
            "+QMTCONNCFG:broker.emqx.io,1883,0\r\nOK\r\n"
        )
    );
    let mut t = Bench::table();
    t.cmd("AT+QMTCONNCFG=\"broker.emqx.io\",1883,1");
    assert!(
        t.cmd("AT+QMTCONNCFG?")
            .contains("+QMTCONNCFG:\"broker.emqx.io\",1883,1\r\n")
    );
}

#[test]
fn qmtconncfg_failure_and_limits() {
    let mut b = Bench::new();
    let cmd = "AT+QMTCONNCFG=\"broker.invalid\",1883,0";
    assert_eq!(b.cmd(cmd), echoed(cmd, "OK\r\nERROR=203\r\n"));
    assert_eq!(b.m.state().mqtt.status, 0);
    let cmd = format!("AT+QMTCONNCFG=\"{}\",1883,0", "h".repeat(257));
    assert_eq!(b.cmd(&cmd), echoed(&cmd, "ERROR=101\r\n"));
    let cmd = "AT+QMTCONNCFG=\"h\",1883,2";
    assert_eq!(b.cmd(cmd), echoed(cmd, "ERROR=103\r\n"));
}

#[test]
fn qmtstart() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+QMTSTART?"),
        echoed("AT+QMTSTART?", "+QMTSTART:1,60\r\nOK\r\n")
    );
    assert_eq!(
        b.cmd("AT+QMTSTART=1,30"),
        echoed("AT+QMTSTART=1,30", "OK\r\n")
    );
    assert_eq!(
        b.cmd("AT+QMTSTART?"),
        echoed("AT+QMTSTART?", "+QMTSTART:1,30\r\nOK\r\n")
    );
    assert_eq!(
        b.cmd("AT+QMTSTART=1,7201"),
        echoed("AT+QMTSTART=1,7201", "ERROR=103\r\n")
    );
    assert_eq!(
        b.cmd("AT+QMTSTART=2,60"),
        echoed("AT+QMTSTART=2,60", "ERROR=103\r\n")
    );
}

#[test]
fn subscribe_publish_unsubscribe() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+QMTSUB=\"TTT\",0"),
        echoed("AT+QMTSUB=\"TTT\",0", "ERROR=102\r\n")
    );
    assert_eq!(
        b.cmd("AT+QMTPUB=\"TTT\",0,0,\"12345678\""),
        echoed("AT+QMTPUB=\"TTT\",0,0,\"12345678\"", "ERROR=102\r\n")
    );
    let mut b = connected();
    assert_eq!(
        b.cmd("AT+QMTSUB=\"TTT\",0"),
        echoed("AT+QMTSUB=\"TTT\",0", "OK\r\n")
    );
    assert_eq!(
        b.cmd("AT+QMTSUB=\"a/#\",1"),
        echoed("AT+QMTSUB=\"a/#\",1", "OK\r\n")
    );
    assert_eq!(
        b.cmd("AT+QMTSUB?"),
        echoed("AT+QMTSUB?", "+QMTSUB:TTT,0\r\n+QMTSUB:a/#,1\r\nOK\r\n")
    );
    assert_eq!(
        b.cmd("AT+QMTSUB=\"x\",3"),
        echoed("AT+QMTSUB=\"x\",3", "ERROR=103\r\n")
    );
    let cmd = "AT+QMTPUB=\"TTT\",0,0,\"12345678\"";
    assert_eq!(b.cmd(cmd), echoed(cmd, "OK\r\n+QMTRECV:TTT,8,12345678\r\n"));
    let cmd = "AT+QMTPUB=\"other\",1,1,hello";
    assert_eq!(b.cmd(cmd), echoed(cmd, "OK\r\n"));
    assert_eq!(b.m.state().mqtt.published.len(), 2);
    let cmd = format!("AT+QMTPUB=\"TTT\",0,0,\"{}\"", "m".repeat(513));
    assert_eq!(b.cmd(&cmd), echoed(&cmd, "ERROR=101\r\n"));
    let cmd = format!("AT+QMTPUB=\"{}\",0,0,\"m\"", "t".repeat(257));
    assert_eq!(b.cmd(&cmd), echoed(&cmd, "ERROR=101\r\n"));
    assert_eq!(
        b.cmd("AT+QMTUNSUB=\"TTT\""),
        echoed("AT+QMTUNSUB=\"TTT\"", "OK\r\n")
    );
    assert_eq!(
        b.cmd("AT+QMTSUB?"),
        echoed("AT+QMTSUB?", "+QMTSUB:a/#,1\r\nOK\r\n")
    );
}

#[test]
fn at_most_fifty_subscriptions() {
    let mut b = connected();
    for i in 0..50 {
        assert!(b.cmd(&format!("AT+QMTSUB=\"t{i}\",0")).ends_with("OK\r\n"));
    }
    assert_eq!(
        b.cmd("AT+QMTSUB=\"t50\",0"),
        echoed("AT+QMTSUB=\"t50\",0", "ERROR=102\r\n")
    );
    assert!(
        b.cmd("AT+QMTSUB=\"t3\",2").ends_with("OK\r\n"),
        "updating one is fine"
    );
}

#[test]
fn qmtpubex_exact_length_too_long_and_too_short() {
    let mut b = connected();
    b.feed(b"AT+QMTPUBEX=\"TTT\",1,0,6\r\n");
    assert_eq!(b.take(), "AT+QMTPUBEX=\"TTT\",1,0,6\r\n>");
    b.feed("中文".as_bytes());
    assert_eq!(b.wait(4), "");
    assert_eq!(b.wait(1), "OK\r\n");
    assert_eq!(b.m.state().mqtt.published[0].payload, "中文".as_bytes());
    // Too long: the bytes beyond N before a pause.
    b.feed(b"AT+QMTPUBEX=\"TTT\",1,0,3\r\nabcdef");
    assert_eq!(b.settle(), "AT+QMTPUBEX=\"TTT\",1,0,3\r\n>ERROR=101\r\n");
    assert_eq!(b.cmd("AT"), "AT\r\nOK\r\n", "back in command mode");
    // Too short: a timeout.
    b.feed(b"AT+QMTPUBEX=\"TTT\",1,0,5\r\nab");
    assert_eq!(b.take(), "AT+QMTPUBEX=\"TTT\",1,0,5\r\n>");
    assert_eq!(b.wait(19), "");
    assert_eq!(b.wait(1), "ERROR=101\r\n");
    assert_eq!(b.m.state().mqtt.published.len(), 1);
    let cmd = "AT+QMTPUBEX=\"TTT\",1,0,2049";
    assert_eq!(b.cmd(cmd), echoed(cmd, "ERROR=101\r\n"));
}

/// Manual §4.1.3: `AT+QMTPUB=<topic>,<qos>,<retain>,1` (a bare 1) answers `>` and publishes
/// every block of data (ended by a pause) until `+++`; `ATO` goes back in. A quoted "1" is
/// the message "1".
#[test]
fn long_publish_stays_in_data_mode_until_the_escape() {
    let mut b = Bench::new();
    let cmd = "AT+QMTPUB=\"TTT\",0,0,1";
    assert_eq!(b.cmd(cmd), echoed(cmd, "ERROR=102\r\n"), "not connected");
    let mut b = connected();
    b.cmd("AT+QMTSUB=\"TTT\",0");
    let cmd = "AT+QMTPUB=\"TTT\",0,0,\"1\"";
    assert_eq!(b.cmd(cmd), echoed(cmd, "OK\r\n+QMTRECV:TTT,1,1\r\n"));
    b.feed(b"AT+QMTPUB=\"TTT\",1,0,1\r\n");
    assert_eq!(b.take(), "AT+QMTPUB=\"TTT\",1,0,1\r\n>");
    assert!(b.m.state().data_mode);
    b.wait(30);
    b.feed(b"first\r\nline");
    assert_eq!(b.settle(), "+QMTRECV:TTT,11,first\r\nline\r\n");
    b.feed(b"AT\r\n");
    assert_eq!(
        b.settle(),
        "+QMTRECV:TTT,4,AT\r\n\r\n",
        "an AT line is data here"
    );
    let p = &b.m.state().mqtt.published;
    assert_eq!(
        (p[1].qos, p[1].payload.as_slice()),
        (1, &b"first\r\nline"[..])
    );
    b.feed(b"+++");
    assert_eq!(b.settle(), "OK\r\n");
    assert!(!b.m.state().data_mode);
    assert_eq!(b.cmd("AT"), "AT\r\nOK\r\n", "command mode");
    b.feed(b"ATO");
    b.settle();
    assert!(b.m.state().data_mode, "ATO goes back in");
    b.feed(b"again");
    assert_eq!(b.settle(), "+QMTRECV:TTT,5,again\r\n");
    b.feed(b"+++");
    assert_eq!(b.settle(), "OK\r\n");
    assert_eq!(b.m.state().mqtt.published.len(), 4);
}

#[test]
fn qmtdisc() {
    let mut b = connected();
    assert_eq!(
        b.cmd("AT+QMTDISC"),
        echoed("AT+QMTDISC", "OK\r\nMQTTDISCONNECT\r\n")
    );
    assert_eq!(b.m.state().mqtt.status, 0);
    assert_eq!(b.cmd("AT+QMTDISC"), echoed("AT+QMTDISC", "OK\r\n"));
    // Disconnecting while connecting cancels the attempt.
    b.feed(b"AT+QMTCONNCFG=\"broker.emqx.io\",1883,0\r\nAT+QMTDISC\r\n");
    assert_eq!(
        b.settle(),
        "AT+QMTCONNCFG=\"broker.emqx.io\",1883,0\r\nOK\r\nAT+QMTDISC\r\nOK\r\nMQTTDISCONNECT\r\n"
    );
    assert_eq!(b.m.state().mqtt.status, 0);
}

#[test]
fn mqttcertifi_prompt_and_multiline_query() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+MQTTCERTIFI?"),
        echoed("AT+MQTTCERTIFI?", "+MQTTCERTIFI:0,0,0,\r\nOK\r\n")
    );
    let pem = "-----BEGIN CERTIFICATE-----\r\nMIIB\r\n-----END CERTIFICATE-----";
    let cmd = format!("AT+MQTTCERTIFI=1,1,{}", pem.len());
    b.feed(format!("{cmd}\r\n").as_bytes());
    assert_eq!(b.take(), format!("{cmd}\r\n>"));
    b.feed(pem.as_bytes());
    assert_eq!(b.take(), "OK\r\n");
    assert_eq!(
        b.cmd("AT+MQTTCERTIFI?"),
        echoed(
            "AT+MQTTCERTIFI?",
            &format!("+MQTTCERTIFI:1,1,{},{pem}\r\nOK\r\n", pem.len())
        )
    );
    let cmd = "AT+MQTTCERTIFI=1,1,2049";
    assert_eq!(b.cmd(cmd), echoed(cmd, "ERROR=101\r\n"));
    let cmd = "AT+MQTTCERTIFI=2,1,10";
    assert_eq!(b.cmd(cmd), echoed(cmd, "ERROR=103\r\n"));
}
