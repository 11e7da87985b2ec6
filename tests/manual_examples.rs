//! Every example exchange in the vendor manual (§4 and §6), as a fixture through the encoder
//! (typed command → exact line) and the reader (transcript bytes → framer → typed answer), with
//! echo on (as the manual's transcripts show) and off.

use ct11_configurator::at::basic::{GpioConfig, GpioMode, Parity, Pull, StopBits, UartConfig};
use ct11_configurator::at::command::{Pin, SimSlot};
use ct11_configurator::at::framer::Framer;
use ct11_configurator::at::http::{Header, HttpBody, HttpCert, HttpMethod, HttpTarget};
use ct11_configurator::at::mqtt::*;
use ct11_configurator::at::network::{NtpServer, PingRequest, RegStat};
use ct11_configurator::at::socket::{
    LinkRef, PairingMode, Protocol, SimpleClient, SocketSend, SocketTarget,
};
use ct11_configurator::at::urc::Urc;
use ct11_configurator::at::{Answer, Checked, Command, Ending, FrameKind, Reply};

/// Feed `answer` (the module's bytes after the command) through the framer as the worker would,
/// one byte at a time, and decode. With `echo`, the command line is prepended as the module does.
fn exchange(cmd: &Command, answer: &str, echo: bool) -> (Answer, Reply) {
    let mut framer = Framer::new();
    framer.expect_echo(Some(&cmd.line()));
    framer.expect_prompt(cmd.payload().is_some());
    let mut input = Vec::new();
    if echo {
        input.extend_from_slice(cmd.line().as_bytes());
        input.extend_from_slice(b"\r\n");
    }
    input.extend_from_slice(answer.as_bytes());
    let mut frames = Vec::new();
    for b in input {
        framer.push(&[b]);
        while let Some(f) = framer.next_frame() {
            frames.push(f.kind);
        }
    }
    let echoes = frames
        .iter()
        .filter(|f| matches!(f, FrameKind::Echo(_)))
        .count();
    assert_eq!(
        echoes,
        usize::from(echo),
        "echo handling for {}: {frames:?}",
        cmd.line()
    );
    frames.retain(|f| !matches!(f, FrameKind::Echo(_) | FrameKind::Blank));
    let reply = Reply::new(frames);
    let answer = cmd
        .decode(&reply)
        .unwrap_or_else(|e| panic!("{}: {e}", cmd.line()));
    (answer, reply)
}

fn both(cmd: &Command, answer: &str) -> Answer {
    let (a, _) = exchange(cmd, answer, true);
    let (b, _) = exchange(cmd, answer, false);
    assert_eq!(a, b, "echo on/off differ for {}", cmd.line());
    a
}

fn c<T: ct11_configurator::at::Validate>(v: T) -> Checked<T> {
    Checked::new(v).expect("valid example")
}

#[test]
fn basic_6_1() {
    assert_eq!(Command::Test.wire(), b"AT\r\n");
    assert_eq!(both(&Command::Test, "OK\r\n"), Answer::Done);
    assert_eq!(
        both(&Command::Version, "+VERSION=CT11_V1.0.1\r\n\r\nOK\r\n"),
        Answer::Version("CT11_V1.0.1".into())
    );
    assert_eq!(
        both(&Command::Imei, "860720087453595\r\n\r\nOK\r\n"),
        Answer::Imei("860720087453595".into())
    );
    assert_eq!(Command::Echo(false).line(), "ATE0");
    assert_eq!(both(&Command::Echo(false), "\r\nOK\r\n"), Answer::Done);
    assert!(Command::Restart.restarts());
    assert_eq!(Command::FactoryReset.line(), "AT+RESTORE");
    // §6.1.7: example form, table form (full-width colon), and no SIM.
    assert_eq!(
        both(&Command::Iccid, "+QCCID:898604E6192391620488\r\n\r\nOK\r\n"),
        Answer::Iccid(Some("898604E6192391620488".into()))
    );
    assert_eq!(
        both(&Command::Iccid, "+QICCID：898604E6192391620488\r\nOK\r\n"),
        Answer::Iccid(Some("898604E6192391620488".into()))
    );
    assert_eq!(
        both(&Command::Iccid, "+QICCID：OK\r\n"),
        Answer::Iccid(None)
    );
}

#[test]
fn uart_and_sim_slot_restart_6_1_8_and_6_1_9() {
    // The manual's example sends stop-bits code 1 (1.5 bits by its own table).
    let cmd = Command::UartSet(c(UartConfig {
        baud: 115200,
        data_bits: 8,
        stop_bits: StopBits::OnePointFive,
        parity: Parity::None,
    }));
    assert_eq!(cmd.line(), "AT+IPR=115200,8,1,0");
    assert_eq!(cmd.ending(), Ending::Restart { ok_first: true });
    let (_, reply) = exchange(
        &cmd,
        "OK\r\n\r\nRDY\r\n\r\nSIM_SUCCESS\r\n\r\nNETWORK_ACTIVATE_SUCCESS\r\n",
        true,
    );
    let urcs: Vec<_> = reply.urcs().cloned().collect();
    assert_eq!(urcs, vec![Urc::Ready, Urc::SimReady, Urc::NetworkActivated]);
    assert_eq!(
        both(&Command::UartQuery, "+IPR:115200,8,0,0\r\nOK\r\n"),
        Answer::Uart(UartConfig::default())
    );
    let sim = Command::SimSlotSet(c(SimSlot(0)));
    assert_eq!(sim.line(), "AT+SINGLESIM=0");
    assert!(sim.restarts());
    assert_eq!(
        both(&Command::SimSlotQuery, "+SINGLESIM: 0\r\nOK\r\n"),
        Answer::SimSlot(0)
    );
    assert!(Checked::new(SimSlot(2)).is_err());
}

#[test]
fn gpio_6_1_11() {
    let input_pull_down = Command::GpioSet(c(GpioConfig {
        pin: 0,
        mode: GpioMode::Input,
        pull: Some(Pull::Down),
    }));
    assert_eq!(input_pull_down.line(), "AT+GPIO=0,2,1");
    match both(&input_pull_down, "+GPIO:0,1\r\n\r\nOK\r\n") {
        Answer::Gpio(l) => assert!(l.pin == 0 && l.high),
        a => panic!("{a:?}"),
    }
    let out_high = Command::GpioSet(c(GpioConfig {
        pin: 0,
        mode: GpioMode::OutputHigh,
        pull: None,
    }));
    assert_eq!(out_high.line(), "AT+GPIO=0,1");
    assert_eq!(both(&out_high, "OK\r\n"), Answer::Done);
    assert_eq!(Command::GpioRead(c(Pin(2))).line(), "AT+GPIO=2");
}

#[test]
fn network_6_2() {
    for (text, stat) in [
        ("+CREG=0,0", RegStat::NotSearching),
        ("+CREG=0,1", RegStat::Home),
        ("+CREG: 0,5", RegStat::Roaming),
    ] {
        match both(&Command::RegQuery, &format!("{text}\r\n\r\nOK\r\n")) {
            Answer::Registration(r) => assert_eq!(r.stat, stat),
            a => panic!("{a:?}"),
        }
    }
    match both(&Command::Signal, "+CSQ: 15,99\r\nOK\r\n") {
        Answer::Signal(s) => assert_eq!((s.rssi, s.dbm()), (15, Some(-83))),
        a => panic!("{a:?}"),
    }
    let ntp = Command::NtpSync(c(NtpServer {
        server: "cn.pool.ntp.org".into(),
        port: 123,
    }));
    assert_eq!(ntp.line(), "AT+QNTP=\"cn.pool.ntp.org\",123");
    match both(&ntp, "+QNTP:2025-10-27 21:53:20\r\n\r\nOK\r\n") {
        Answer::Time(t) => assert_eq!(t.parts, Some([2025, 10, 27, 21, 53, 20])),
        a => panic!("{a:?}"),
    }
    match both(&Command::Time, "+QLTS:2025-10-27 21:55:56\r\n\r\nOK\r\n") {
        Answer::Time(t) => assert_eq!(t.display(), "2025-10-27 21:55:56"),
        a => panic!("{a:?}"),
    }
    let ping = Command::Ping(c(PingRequest {
        host: "www.baidu.com".into(),
        count: 10,
    }));
    assert_eq!(ping.line(), "AT+QPING=\"www.baidu.com\",10");
    let ms = [30, 45, 35, 35, 45, 40, 40, 40, 85, 35];
    let mut transcript = String::new();
    for m in ms {
        transcript.push_str(&format!(
            "+CIPPING:\"2409:8C54:870:310:0:FF:B0ED:40AC\",{m},52\r\n\r\n"
        ));
    }
    transcript.push_str("OK\r\n");
    match both(&ping, &transcript) {
        Answer::Ping(p) => {
            assert_eq!(p.replies.len(), 10);
            assert_eq!((p.min_ms(), p.max_ms()), (Some(30), Some(85)));
            assert_eq!(p.loss_percent(), 0.0);
            assert_eq!(p.replies[0].ttl, 52);
        }
        a => panic!("{a:?}"),
    }
    match both(
        &Command::Cell,
        "+CPSI:460-0,0x25ef,47198990,411,5,5,-19,-82,-69,0\r\n\r\nOK\r\n",
    ) {
        Answer::Cell(cell) => assert_eq!(
            (cell.mcc.as_str(), cell.cell_id.as_str()),
            ("460", "47198990")
        ),
        a => panic!("{a:?}"),
    }
}

#[test]
fn power_6_3() {
    assert_eq!(Command::SysSleepSet(false).line(), "AT+SYSSLEEP=0");
    assert_eq!(Command::CsclkSet(false).line(), "AT+CSCLK=0");
    assert_eq!(
        both(&Command::SysSleepQuery, "+SYSSLEEP:0\r\nOK\r\n"),
        Answer::SysSleep(false)
    );
    assert_eq!(
        both(&Command::CsclkQuery, "+CSCLK:1\r\nOK\r\n"),
        Answer::Csclk(true)
    );
}

#[test]
fn sockets_4_1_and_6_4() {
    let open = Command::SocketOpen(c(SocketTarget {
        protocol: Protocol::Tcp,
        host: "112.125.89.8".into(),
        port: 33124,
        local_port: 0,
        transparent: false,
    }));
    assert_eq!(open.line(), "AT+QIOPEN=\"TCP\",\"112.125.89.8\",33124,0,0");
    assert_eq!(open.ending(), Ending::Connect);
    assert_eq!(both(&open, "\r\nCONNECT,ID:3\r\n"), Answer::LinkOpened(3));
    assert_eq!(both(&open, "+QIOPEN,ID:4\r\n"), Answer::LinkOpened(4));
    let send = Command::SocketSend(c(SocketSend {
        link: 3,
        data: b"1234567890".to_vec(),
    }));
    assert_eq!(send.line(), "AT+QISEND=3,10");
    assert_eq!(send.payload(), Some(&b"1234567890"[..]));
    let (_, reply) = exchange(&send, "OK\r\n\r\n>", true);
    assert!(
        reply
            .frames
            .iter()
            .any(|f| matches!(f, FrameKind::Prompt(_)))
    );
    let close = Command::SocketClose(c(LinkRef(3)));
    assert_eq!(close.line(), "AT+QICLOSE=3");
    let (_, reply) = exchange(&close, "OK\r\n\r\nDISCONNECT\r\n", true);
    assert!(reply.urcs().any(|u| *u == Urc::Disconnected));
    let (_, reply) = exchange(&close, "OK\r\n\r\nUDP_CLOSE\r\n", true);
    assert!(reply.urcs().any(|u| *u == Urc::UdpClosed));
    match both(
        &Command::SocketState,
        "+QISTATE:3,\"TCP\",\"112.125.89.8\",34287,61563\r\n\r\nOK\r\n",
    ) {
        Answer::Sockets(s) => {
            assert_eq!((s[0].link, s[0].port, s[0].local_port), (3, 34287, 61563))
        }
        a => panic!("{a:?}"),
    }
    assert_eq!(Command::EnterData.wire(), b"ATO");
    assert_eq!(Command::LeaveData.wire(), b"+++");
}

#[test]
fn simple_pairing_4_2_and_6_5() {
    assert_eq!(
        Command::PairingSet(PairingMode::Tcp).line(),
        "AT+SIMPLEMODE=1,0"
    );
    assert_eq!(
        Command::PairingSet(PairingMode::MqttSingle).line(),
        "AT+SIMPLEMODE=2,1"
    );
    assert_eq!(
        Command::PairingSet(PairingMode::MqttContinuous).line(),
        "AT+SIMPLEMODE=2,2"
    );
    assert_eq!(
        both(&Command::PairingQuery, "+SIMPLEMODE:0,0\r\nOK\r\n"),
        Answer::Pairing(PairingMode::Normal)
    );
    let client = Command::SimpleClientSet(c(SimpleClient(SocketTarget {
        protocol: Protocol::Tcp,
        host: "8.137.154.246".into(),
        port: 2057,
        local_port: 0,
        transparent: false,
    })));
    assert_eq!(
        client.line(),
        "AT+SIMPLECLIENT=\"TCP\",\"8.137.154.246\",2057,0,0"
    );
    // §6.5.2 answers OK; §4.2.1 says CONNECT,ID:<n>. Both end the command.
    assert_eq!(both(&client, "OK\r\n"), Answer::Done);
    assert_eq!(both(&client, "CONNECT,ID:3\r\n"), Answer::LinkOpened(3));
}

#[test]
fn mqtt_4_1_3_and_6_6() {
    let quick = Command::MqttClientSet(c(MqttClient {
        client_id: "0566542kkscmkks1".into(),
        ..Default::default()
    }));
    assert_eq!(quick.line(), "AT+QMTCFG=\"0566542kkscmkks1\"");
    // The manual leaves the will topic and message unquoted; every string is quoted here.
    let full = Command::MqttClientSet(c(MqttClient {
        client_id: "CT11".into(),
        username: "MQTT1".into(),
        password: "123456".into(),
        will: Some(Will {
            qos: 0,
            retain: true,
            topic: "QQQ".into(),
            message: "123456".into(),
        }),
    }));
    assert_eq!(
        full.line(),
        "AT+QMTCFG=\"CT11\",\"MQTT1\",\"123456\",0,1,\"QQQ\",\"123456\""
    );
    assert_eq!(
        full.display_line(),
        "AT+QMTCFG=\"CT11\",\"MQTT1\",\"***\",0,1,\"QQQ\",\"123456\""
    );
    match both(
        &Command::MqttClientQuery,
        "+QMTCFG:CT11-9999,MQTT1,123456,1,1,QQQ,123456\r\n\r\nOK\r\n",
    ) {
        Answer::MqttClient(m) => {
            assert_eq!(
                (m.client_id.as_str(), m.password.as_str()),
                ("CT11-9999", "123456")
            );
            assert_eq!(m.will.map(|w| (w.qos, w.retain)), Some((1, true)));
        }
        a => panic!("{a:?}"),
    }
    assert_eq!(
        both(
            &Command::MqttBrokerQuery,
            "+QMTCONNCFG:NOT SET\r\n\r\nOK\r\n"
        ),
        Answer::MqttBroker(None)
    );
    let broker = Command::MqttBrokerSet(c(MqttBroker {
        host: "broker.emqx.io".into(),
        port: 1883,
        auto_reconnect: false,
    }));
    assert_eq!(broker.line(), "AT+QMTCONNCFG=\"broker.emqx.io\",1883,0");
    let (a, reply) = exchange(&broker, "OK\r\n\r\nMQTTCONNECT\r\n", true);
    assert_eq!(a, Answer::Done);
    assert!(reply.urcs().any(|u| *u == Urc::MqttConnected));
    assert_eq!(
        both(&Command::MqttSessionQuery, "+QMTSTART:1,60\r\n\r\nOK\r\n"),
        Answer::MqttSession(MqttSession {
            clean: true,
            keepalive_s: 60
        })
    );
    assert_eq!(
        Command::MqttSessionSet(c(MqttSession {
            clean: true,
            keepalive_s: 30
        }))
        .line(),
        "AT+QMTSTART=1,30"
    );
    assert_eq!(
        Command::MqttSubscribe(c(Subscription {
            topic: "TTT".into(),
            qos: 0
        }))
        .line(),
        "AT+QMTSUB=\"TTT\",0"
    );
    assert_eq!(
        Command::MqttPublish(c(Publish {
            topic: "TTT".into(),
            qos: 0,
            retain: false,
            message: "12345678".into()
        }))
        .line(),
        "AT+QMTPUB=\"TTT\",0,0,\"12345678\""
    );
    let pubex = Command::MqttPublishEx(c(PublishEx {
        topic: "TTT".into(),
        qos: 0,
        retain: false,
        data: b"1".to_vec(),
    }));
    assert_eq!(pubex.line(), "AT+QMTPUBEX=\"TTT\",0,0,1");
    assert_eq!(
        Command::MqttUnsubscribe(c(TopicRef("TTT".into()))).line(),
        "AT+QMTUNSUB=\"TTT\""
    );
    for (n, s) in [
        (0, MqttState::Disconnected),
        (1, MqttState::Connected),
        (2, MqttState::Connecting),
    ] {
        assert_eq!(
            both(&Command::MqttState, &format!("+QMTSTATU:{n}\r\n\r\nOK\r\n")),
            Answer::MqttState(s)
        );
    }
    let (_, reply) = exchange(
        &Command::MqttDisconnect,
        "OK\r\n\r\nMQTTDISCONNECT\r\n",
        true,
    );
    assert!(reply.urcs().any(|u| *u == Urc::MqttDisconnected));
    let cert = Command::MqttCertSet(c(MqttCert {
        tls: true,
        verify: true,
        data: vec![b'A'; 1358],
    }));
    assert_eq!(cert.line(), "AT+MQTTCERTIFI=1,1,1358");
    assert_eq!(cert.ending(), Ending::Prompted { send_ok: false });
}

#[test]
fn http_4_3_and_6_7() {
    let get = Command::HttpTargetSet(c(HttpTarget {
        url: "http://httpbin.org/get".into(),
        port: 80,
        https: false,
        verify: false,
    }));
    assert_eq!(get.line(), "AT+HTTPPARA=\"http://httpbin.org/get\",80,0,0");
    let hdr = Command::HttpHeaderSet(c(Header {
        name: "Content-Type".into(),
        value: "application/json".into(),
    }));
    assert_eq!(
        hdr.line(),
        "AT+HTTPRQH=\"Content-Type\",\"application/json\""
    );
    let data = Command::HttpData(c(HttpBody(b"0123456789".to_vec())));
    assert_eq!(data.line(), "AT+HTTPDATA=10");
    for prompt in [">", ">>"] {
        let (_, reply) = exchange(&data, prompt, false);
        assert!(
            matches!(reply.frames.first(), Some(FrameKind::Prompt(_))),
            "{prompt}"
        );
    }
    assert_eq!(
        Command::HttpAction(HttpMethod::Post).line(),
        "AT+HTTPACTION=1"
    );
    let body = "{\"ok\":1}\r\n";
    let transcript = format!(
        "HTTP/1.1 405 METHOD NOT ALLOWED\r\nContent-Type: text/html\r\n$HTTPRECV:DATA,{}\r\n{body}\r\nOK\r\n",
        body.len()
    );
    match both(&Command::HttpAction(HttpMethod::Get), &transcript) {
        Answer::HttpResponse(r) => {
            assert_eq!(r.status, Some(405));
            assert_eq!(r.headers, vec!["Content-Type: text/html".to_string()]);
            assert_eq!(r.body, body.as_bytes());
        }
        a => panic!("{a:?}"),
    }
    let https = HttpTarget {
        url: "https://www.baidu.com/".into(),
        port: 433,
        https: true,
        verify: true,
    };
    assert!(
        !https.warnings(ct11_configurator::i18n::Lang::En).is_empty(),
        "433 is the manual's typo for 443"
    );
    assert_eq!(
        Command::HttpTargetSet(c(https)).line(),
        "AT+HTTPPARA=\"https://www.baidu.com/\",433,1,1"
    );
    assert_eq!(
        Command::HttpCertSet(c(HttpCert {
            verify: true,
            data: vec![b'A'; 1578]
        }))
        .line(),
        "AT+HTTPCERTIFI=1,1578"
    );
}

#[test]
fn framing_characters_are_never_rendered() {
    for bad in ["a\"b", "a\rb", "a\nb"] {
        assert!(
            Checked::new(Subscription {
                topic: bad.into(),
                qos: 0
            })
            .is_err()
        );
        assert!(
            Checked::new(MqttBroker {
                host: bad.into(),
                port: 1,
                auto_reconnect: false
            })
            .is_err()
        );
        assert!(Command::raw(&format!("AT+X={bad}")).is_err() || !bad.contains(['\r', '\n']));
    }
}
