//! The worker against the simulated module over a real pseudo-terminal (the serial stack the app
//! uses with a USB adapter), and the same scenarios in-process where that is cheaper. pty tests
//! hold one lock: pairs are not thread-safe.
#![cfg(unix)]

mod worker_common;

use std::time::Duration;

use ct11_configurator::at::basic::{GpioConfig, GpioMode, UartConfig};
use ct11_configurator::at::command::{Pin, SimSlot};
use ct11_configurator::at::http::{Header, HttpBody, HttpCert, HttpMethod, HttpTarget};
use ct11_configurator::at::mqtt::{
    MqttBroker, MqttCert, MqttClient, MqttSession, MqttState, Publish, PublishEx, Subscription,
    TopicRef,
};
use ct11_configurator::at::network::{NtpServer, PingRequest, RegStat};
use ct11_configurator::at::socket::{LinkRef, PairingMode, Protocol, SocketSend, SocketTarget};
use ct11_configurator::at::urc::Urc;
use ct11_configurator::at::{Answer, Command};
use ct11_configurator::sim::{Dialect, Faults, LineSettings, SimConfig};
use ct11_configurator::worker::{CommandError, Event, JobId, LinkState, Request};
use worker_common::{Rig, Via, checked, rig, rig_unopened};

const PEM: &[u8] =
    b"-----BEGIN CERTIFICATE-----\r\nMIIBszCCAVmgAwIBAgIUQ1x0\r\n-----END CERTIFICATE-----\r\n";

fn cfg(dialect: Dialect) -> SimConfig {
    SimConfig::fast().with_dialect(dialect)
}

/// Every command family of the manual through the worker; typed answers and the module's state
/// agree with what was asked.
fn every_family(r: &mut Rig) {
    // Basic.
    assert_eq!(r.ok(Command::Test), Answer::Done);
    assert_eq!(
        r.ok(Command::Version),
        Answer::Version("CT11_V1.0.1".into())
    );
    assert_eq!(r.ok(Command::Imei), Answer::Imei("860720087453595".into()));
    assert_eq!(
        r.ok(Command::Iccid),
        Answer::Iccid(Some("898604E6192391620488".into()))
    );
    assert_eq!(
        r.ok(Command::UartQuery),
        Answer::Uart(UartConfig::default())
    );
    assert_eq!(r.ok(Command::SimSlotQuery), Answer::SimSlot(0));
    assert!(matches!(
        r.ok(Command::GpioRead(checked(Pin(0)))),
        Answer::Gpio(g) if g.pin == 0
    ));
    r.ok(Command::GpioSet(checked(GpioConfig {
        pin: 1,
        mode: GpioMode::OutputHigh,
        pull: None,
    })));
    assert_eq!(r.sim.state().gpio[1].dir, 1);

    // Power.
    assert_eq!(r.ok(Command::SysSleepQuery), Answer::SysSleep(false));
    assert_eq!(r.ok(Command::CsclkQuery), Answer::Csclk(false));
    r.ok(Command::CsclkSet(false));

    // Network.
    match r.ok(Command::RegQuery) {
        Answer::Registration(reg) => assert_eq!(reg.stat, RegStat::Home),
        other => panic!("{other:?}"),
    }
    match r.ok(Command::Signal) {
        Answer::Signal(s) => assert_eq!((s.rssi, s.ber), (15, 99)),
        other => panic!("{other:?}"),
    }
    assert!(matches!(r.ok(Command::Cell), Answer::Cell(c) if c.mcc == "460"));
    assert!(matches!(r.ok(Command::Time), Answer::Time(t) if t.parts.is_some()));
    let ntp = NtpServer::default();
    assert!(matches!(
        r.ok(Command::NtpSync(checked(ntp.clone()))),
        Answer::Time(t) if t.parts.is_some()
    ));
    assert_eq!(r.ok(Command::NtpQuery), Answer::NtpServer(Some(ntp)));
    match r.ok(Command::Ping(checked(PingRequest {
        host: "www.baidu.com".into(),
        count: 2,
    }))) {
        Answer::Ping(p) => assert_eq!(p.replies.len(), 2),
        other => panic!("{other:?}"),
    }

    // TCP/UDP in AT mode, with a UTF-8 payload whose length is in bytes.
    let target = SocketTarget::default();
    assert_eq!(
        r.ok(Command::SocketOpen(checked(target.clone()))),
        Answer::LinkOpened(3)
    );
    let data = "温度=23℃".as_bytes().to_vec();
    let o = r.run(Command::SocketSend(checked(SocketSend {
        link: 3,
        data: data.clone(),
    })));
    assert_eq!(o.line, format!("AT+QISEND=3,{}", data.len()));
    assert!(o.result.is_ok(), "{o:?}");
    assert_eq!(r.sim.state().socket(3).map(|s| s.sent.clone()), Some(data));
    match r.ok(Command::SocketState) {
        Answer::Sockets(s) => {
            assert_eq!(s.len(), 1);
            assert_eq!((s[0].link, s[0].protocol), (3, Protocol::Tcp));
            assert_eq!((s[0].host.as_str(), s[0].port), ("112.125.89.8", 33124));
        }
        other => panic!("{other:?}"),
    }
    r.ok(Command::SocketClose(checked(LinkRef(3))));
    r.wait_urc(Urc::Disconnected);
    assert!(r.sim.state().sockets.is_empty());

    // Simple pairing (queries only: setting it restarts, see the restart test).
    assert_eq!(
        r.ok(Command::PairingQuery),
        Answer::Pairing(PairingMode::Normal)
    );
    r.ok(Command::SimpleClientQuery);

    // MQTT.
    let client = MqttClient {
        client_id: "CT11-9999".into(),
        username: "MQTT1".into(),
        password: "123456".into(),
        will: None,
    };
    r.ok(Command::MqttClientSet(checked(client.clone())));
    match r.ok(Command::MqttClientQuery) {
        // (The answer always lists the will fields; with none set they are empty.)
        Answer::MqttClient(c) => assert_eq!(
            (c.client_id, c.username, c.password),
            (client.client_id, client.username, client.password)
        ),
        other => panic!("{other:?}"),
    }
    let session = MqttSession {
        clean: true,
        keepalive_s: 120,
    };
    r.ok(Command::MqttSessionSet(checked(session)));
    assert_eq!(
        r.ok(Command::MqttSessionQuery),
        Answer::MqttSession(session)
    );
    let broker = MqttBroker {
        host: "broker.emqx.io".into(),
        port: 1883,
        auto_reconnect: false,
    };
    r.ok(Command::MqttBrokerSet(checked(broker.clone())));
    r.wait_urc(Urc::MqttConnected);
    assert_eq!(
        r.ok(Command::MqttState),
        Answer::MqttState(MqttState::Connected)
    );
    assert_eq!(
        r.ok(Command::MqttBrokerQuery),
        Answer::MqttBroker(Some(broker))
    );
    let sub = Subscription {
        topic: "TTT".into(),
        qos: 0,
    };
    r.ok(Command::MqttSubscribe(checked(sub.clone())));
    assert_eq!(
        r.ok(Command::MqttSubQuery),
        Answer::Subscriptions(vec![sub])
    );
    r.ok(Command::MqttPublish(checked(Publish {
        topic: "up".into(),
        qos: 1,
        retain: false,
        message: "hello".into(),
    })));
    let long = "传感器".repeat(100).into_bytes();
    let o = r.run(Command::MqttPublishEx(checked(PublishEx {
        topic: "up".into(),
        qos: 0,
        retain: false,
        data: long.clone(),
    })));
    assert_eq!(o.line, "AT+QMTPUBEX=\"up\",0,0,900");
    assert!(o.result.is_ok(), "{o:?}");
    let published = r.sim.state().mqtt.published;
    assert_eq!(published.len(), 2);
    assert_eq!(published[0].payload, b"hello");
    assert_eq!(published[1].payload, long);
    r.ok(Command::MqttUnsubscribe(checked(TopicRef("TTT".into()))));
    r.ok(Command::MqttCertSet(checked(MqttCert {
        tls: true,
        verify: true,
        data: PEM.to_vec(),
    })));
    assert_eq!(
        r.sim
            .state()
            .mqtt
            .certificate
            .map(|c| (c.mode, c.verify, c.data)),
        Some((1, 1, PEM.to_vec()))
    );
    assert!(matches!(
        r.ok(Command::MqttCertQuery),
        Answer::MqttCert(c) if c.len == PEM.len() && c.verify
    ));
    r.ok(Command::MqttDisconnect);
    r.wait_urc(Urc::MqttDisconnected);

    // HTTP.
    let http = HttpTarget::default();
    r.ok(Command::HttpTargetSet(checked(http.clone())));
    assert_eq!(r.ok(Command::HttpTargetQuery), Answer::HttpTarget(http));
    r.ok(Command::HttpHeaderSet(checked(Header {
        name: "Accept".into(),
        value: "text/plain".into(),
    })));
    assert!(matches!(
        r.ok(Command::HttpHeaderQuery),
        Answer::HttpHeaders(h) if h.iter().any(|h| h.name == "Accept" && h.value == "text/plain")
    ));
    let body = "{\"名\":\"值\"}".as_bytes().to_vec();
    r.ok(Command::HttpData(checked(HttpBody(body.clone()))));
    assert_eq!(r.sim.state().http.body, body);
    match r.ok(Command::HttpAction(HttpMethod::Get)) {
        Answer::HttpResponse(resp) => assert_eq!(resp.status, Some(200), "{resp:?}"),
        other => panic!("{other:?}"),
    }
    r.ok(Command::HttpCertSet(checked(HttpCert {
        verify: true,
        data: PEM.to_vec(),
    })));
    assert_eq!(
        r.sim.state().http.certificate.map(|c| c.data),
        Some(PEM.to_vec())
    );
    assert!(matches!(
        r.ok(Command::HttpCertQuery),
        Answer::HttpCert(c) if c.len == PEM.len()
    ));

    // Transparent mode: `+++` leaves it, `ATO` goes back.
    let _ = r
        .client
        .send(Request::SetEscapeGuard(Duration::from_millis(40)));
    let transparent = SocketTarget {
        transparent: true,
        ..SocketTarget::default()
    };
    assert_eq!(
        r.ok(Command::SocketOpen(checked(transparent))),
        Answer::LinkOpened(3)
    );
    assert!(
        r.saw(|e| matches!(e, Event::DataMode(true))),
        "the worker is in data mode"
    );
    assert!(r.sim.state().data_mode);
    let _ = r.client.send(Request::Raw {
        bytes: b"through".to_vec(),
    });
    r.wait(
        "the echo of the data",
        |e| matches!(e, Event::Rx(l) if l.frame.raw.windows(7).any(|w| w == b"through")),
    );
    let o = r.run(Command::LeaveData);
    assert!(o.result.is_ok(), "{o:?}");
    // It ended on the module's OK (an escape without one is an error now), not on a wait:
    // checked by what came, not by a wall-clock bound that flakes under load.
    assert!(
        o.reply
            .frames
            .contains(&ct11_configurator::at::FrameKind::Ok),
        "{o:?}"
    );
    assert!(!r.sim.state().data_mode);
    assert_eq!(
        r.run(Command::Test).result,
        Ok(Answer::Done),
        "command mode after +++"
    );
    r.ok(Command::EnterData);
    // `ATO` has no answer: data echoed by the far end shows the module is back in data mode.
    let _ = r.client.send(Request::Raw {
        bytes: b"again".to_vec(),
    });
    r.wait(
        "the echo of the data",
        |e| matches!(e, Event::Rx(l) if l.frame.raw.windows(5).any(|w| w == b"again")),
    );
    assert!(r.sim.state().data_mode);
    assert_eq!(
        r.run(Command::Test).result,
        Err(CommandError::DataMode),
        "the worker refuses commands in data mode"
    );
    r.ok(Command::LeaveData);
    assert!(!r.sim.state().data_mode);
    r.ok(Command::SocketClose(checked(LinkRef(3))));
    assert_eq!(
        r.sim.state().socket(3),
        None,
        "closed: {:?}",
        r.sim.received_lines()
    );
    assert_eq!(r.sim.state().mqtt.status, 0);
}

fn families(via: Via, dialect: Dialect, echo: bool) {
    let mut r = rig(via, cfg(dialect));
    if !echo {
        r.ok(Command::Echo(false));
        assert!(!r.sim.state().echo);
    }
    every_family(&mut r);
    r.assert_lossless();
}

#[test]
fn pty_every_family_example_dialect_echo_on() {
    families(Via::Pty, Dialect::Example, true);
}

#[test]
fn pty_every_family_example_dialect_echo_off() {
    families(Via::Pty, Dialect::Example, false);
}

#[test]
fn pty_every_family_table_dialect_echo_on() {
    families(Via::Pty, Dialect::Table, true);
}

#[test]
fn pty_every_family_table_dialect_echo_off() {
    families(Via::Pty, Dialect::Table, false);
}

#[test]
fn in_process_every_family_both_dialects() {
    families(Via::InProcess, Dialect::Example, true);
    families(Via::InProcess, Dialect::Table, false);
}

/// The commands `info` runs, which every fault must leave readable.
fn identity(r: &mut Rig) {
    assert_eq!(
        r.ok(Command::Version),
        Answer::Version("CT11_V1.0.1".into())
    );
    assert_eq!(r.ok(Command::Imei), Answer::Imei("860720087453595".into()));
    assert!(matches!(r.ok(Command::Iccid), Answer::Iccid(Some(_))));
    assert!(matches!(r.ok(Command::Signal), Answer::Signal(s) if s.rssi == 15));
    assert!(matches!(r.ok(Command::RegQuery), Answer::Registration(_)));
    assert!(matches!(
        r.ok(Command::MqttSessionQuery),
        Answer::MqttSession(_)
    ));
}

fn with_faults(via: Via, faults: Faults) -> Rig {
    let r = rig(via, SimConfig::fast());
    r.sim.set_faults(faults);
    r
}

#[test]
fn pty_garbage_split_and_urc_mid_answer() {
    let mut r = with_faults(
        Via::Pty,
        Faults {
            garbage: true,
            split_output: true,
            urc_mid_answer: true,
            ..Faults::default()
        },
    );
    identity(&mut r);
    assert!(
        r.saw(|e| matches!(e, Event::Urc(Urc::SimReady))),
        "the mid-answer line is reported as unsolicited"
    );
    r.assert_lossless();
}

#[test]
fn in_process_each_fault_alone() {
    for faults in [
        Faults {
            garbage: true,
            ..Faults::default()
        },
        Faults {
            split_output: true,
            ..Faults::default()
        },
        Faults {
            urc_mid_answer: true,
            ..Faults::default()
        },
        Faults {
            slow: Some(Duration::from_millis(30)),
            ..Faults::default()
        },
    ] {
        let mut r = with_faults(Via::InProcess, faults.clone());
        identity(&mut r);
        r.assert_lossless();
    }
}

#[test]
fn pty_slow_answers_wait_and_silence_times_out() {
    let mut r = with_faults(
        Via::Pty,
        Faults {
            slow: Some(Duration::from_millis(150)),
            ..Faults::default()
        },
    );
    let o = r.run(Command::Version);
    assert_eq!(o.result, Ok(Answer::Version("CT11_V1.0.1".into())));
    assert!(o.elapsed >= Duration::from_millis(150), "{:?}", o.elapsed);
    // Too slow for the bound given: a timeout, then the late answer must not be taken for
    // the next command's.
    let o = r.run_for(Command::Imei, Duration::from_millis(50));
    assert!(matches!(o.result, Err(CommandError::Timeout(_))), "{o:?}");
    // The late answer is logged as unsolicited.
    r.wait("the late answer", |e| {
        matches!(e, Event::Rx(l) if l.unsolicited && l.frame.raw.starts_with(b"860720087453595"))
    });
    r.wait(
        "its OK",
        |e| matches!(e, Event::Rx(l) if l.unsolicited && l.frame.raw == b"OK\r\n"),
    );

    r.sim.set_faults(Faults {
        silent: true,
        ..Faults::default()
    });
    let o = r.run_for(Command::Signal, Duration::from_millis(200));
    match &o.result {
        Err(e @ CommandError::Timeout(d)) => {
            // After a timeout the worker suspects sleep and sends a wake-up `AT` first; when
            // that is not answered either, markers (see worker::guard), each up to 1.5 s, so
            // that a late `OK` to the `AT` cannot pass for the command's. The command is not
            // sent to a module that answers nothing.
            assert!(*d >= Duration::from_millis(200), "{d:?}");
            let words = e.message(ct11_configurator::i18n::Lang::En);
            assert!(words.starts_with("No answer within "), "{words}");
        }
        other => panic!("{other:?}"),
    }
    let lines = r.sim.received_lines();
    let tail: Vec<&str> = lines.iter().rev().take(4).map(String::as_str).collect();
    assert!(
        tail.iter()
            .all(|l| ["AT", "AT+GMR", "AT+CSQ", "AT+IPR?", "AT+SYSSLEEP?"].contains(l)),
        "{tail:?}"
    );
    // Three commands in a row without an answer: the module shows as not answering.
    r.wait_link("no answer", |s| matches!(s, LinkState::NoAnswer { .. }));
}

#[test]
fn forgotten_setting_reads_back_unchanged() {
    for via in [Via::Pty, Via::InProcess] {
        let mut r = with_faults(
            via,
            Faults {
                forget: vec!["QMTSTART".into()],
                ..Faults::default()
            },
        );
        let asked = MqttSession {
            clean: false,
            keepalive_s: 300,
        };
        assert_eq!(
            r.ok(Command::MqttSessionSet(checked(asked))),
            Answer::Done,
            "the setter answers OK"
        );
        assert_eq!(
            r.ok(Command::MqttSessionQuery),
            Answer::MqttSession(MqttSession::default()),
            "the worker reports what the module really holds"
        );
    }
}

#[test]
fn prompts_send_exact_utf8_byte_counts() {
    for (via, dialect) in [
        (Via::Pty, Dialect::Table),
        (Via::InProcess, Dialect::Example),
    ] {
        let mut r = rig(via, cfg(dialect));
        r.ok(Command::SocketOpen(checked(SocketTarget::default())));
        // 1024 bytes exactly, multi-byte characters up to the last byte.
        let mut data = "中".repeat(341).into_bytes();
        data.push(b'!');
        assert_eq!(data.len(), 1024);
        let o = r.run(Command::SocketSend(checked(SocketSend {
            link: 3,
            data: data.clone(),
        })));
        assert!(o.result.is_ok(), "{o:?}");
        assert_eq!(r.sim.state().socket(3).map(|s| s.sent.clone()), Some(data));
        let body = "é".repeat(512).into_bytes();
        let o = r.run(Command::HttpData(checked(HttpBody(body.clone()))));
        assert_eq!(o.line, "AT+HTTPDATA=1024");
        assert!(o.result.is_ok(), "{o:?}");
        assert_eq!(r.sim.state().http.body, body);
        // Nothing after the payload: the next command is the next line the module got.
        r.ok(Command::Test);
        let lines = r.sim.received_lines();
        assert_eq!(
            lines[lines.len() - 3..],
            ["AT+QISEND=3,1024", "AT+HTTPDATA=1024", "AT"]
        );
        r.assert_lossless();
    }
}

#[test]
fn restarts_wait_for_ready() {
    for via in [Via::Pty, Via::InProcess] {
        let mut r = rig(via, SimConfig::fast());
        for (cmd, restarts) in [
            (Command::Restart, 1),
            (Command::FactoryReset, 2),
            (Command::SimSlotSet(checked(SimSlot(1))), 3),
            (Command::PairingSet(PairingMode::MqttSingle), 4),
            (Command::PairingSet(PairingMode::Normal), 5),
        ] {
            let line = cmd.line();
            let o = r.run(cmd);
            assert!(o.result.is_ok(), "{line}: {o:?}");
            assert!(
                o.reply
                    .frames
                    .iter()
                    .any(|f| matches!(f, ct11_configurator::at::FrameKind::Urc(Urc::Ready))),
                "{line}: ends on RDY: {:?}",
                o.reply.frames
            );
            assert_eq!(r.sim.state().restarts, restarts, "{line}");
            // SINGLESIM needs the network up: wait for this boot's last line.
            r.wait_urc_count(Urc::NetworkActivated, restarts as usize);
            assert!(r.client.link.is_connected(), "{line}: {:?}", r.client.link);
            // The module answers at once after RDY.
            assert_eq!(r.run(Command::Test).result, Ok(Answer::Done));
        }
        assert!(r.saw(|e| matches!(e, Event::Link(LinkState::Restarting))));
        assert_eq!(r.ok(Command::SimSlotQuery), Answer::SimSlot(1));
        r.assert_lossless();
    }
}

#[test]
fn ipr_changes_the_rate_and_rechecks() {
    for via in [Via::Pty, Via::InProcess] {
        let mut r = rig(via, SimConfig::fast());
        let new = UartConfig {
            baud: 921_600,
            ..UartConfig::default()
        };
        let o = r.run(Command::UartSet(checked(new)));
        assert!(o.result.is_ok(), "{o:?}");
        assert_eq!(
            r.client.link,
            LinkState::Connected {
                port: r.client.link_port(),
                baud: 921_600
            }
        );
        assert_eq!(r.sim.state().line, LineSettings::with_baud(921_600));
        assert_eq!(r.sim.state().host_line.baud, 921_600);
        // The re-check `AT` went out at the new rate and was answered.
        let lines = r.sim.received_lines();
        let ipr = Command::UartSet(checked(new)).line();
        assert_eq!(lines[lines.len() - 2..], [ipr.as_str(), "AT"]);
        assert_eq!(r.ok(Command::UartQuery), Answer::Uart(new));
        // And back.
        r.ok(Command::UartSet(checked(UartConfig::default())));
        assert_eq!(r.sim.state().line.baud, 115_200);
        r.ok(Command::Test);
    }
}

#[test]
fn auto_baud_finds_a_module_at_921600_over_the_pty() {
    auto_baud(Via::Pty, 921_600);
}

#[test]
fn auto_baud_finds_a_module_at_9600_in_process() {
    auto_baud(Via::InProcess, 9600);
}

fn auto_baud(via: Via, baud: u32) {
    let mut c = SimConfig::fast();
    c.line = LineSettings::with_baud(baud);
    let (mut r, opener) = rig_unopened(via, c);
    let state = r
        .client
        .open(opener, UartConfig::default(), true, Duration::from_secs(15))
        .expect("open");
    assert!(
        matches!(state, LinkState::Connected { baud: b, .. } if b == baud),
        "{state:?}"
    );
    assert_eq!(r.sim.state().host_line.baud, baud);
    assert_eq!(
        r.ok(Command::Version),
        Answer::Version("CT11_V1.0.1".into())
    );
}

#[test]
fn a_sleeping_module_is_woken_first() {
    for via in [Via::Pty, Via::InProcess] {
        // Asleep after 400 ms without traffic; a woken module stays up as long.
        let mut c = SimConfig::fast();
        c.timing.sleep_idle = Duration::from_millis(400);
        let mut r = rig(via, c);
        r.ok(Command::SysSleepSet(true));
        assert!(r.sim.state().sys_sleep);
        // Idle time is not an event to await: let it pass, then make sure the module sleeps.
        std::thread::sleep(Duration::from_millis(450));
        assert!(r.sim.with_module(|m| {
            let nothing_due = m.take_output(std::time::Instant::now()).is_empty();
            nothing_due && m.state().asleep
        }));
        let o = r.run(Command::Version);
        assert_eq!(o.result, Ok(Answer::Version("CT11_V1.0.1".into())), "{o:?}");
        assert_eq!(r.ok(Command::SysSleepQuery), Answer::SysSleep(true));
        r.ok(Command::SysSleepSet(false));
    }
}

#[test]
fn pty_unplug_mid_command_then_reconnect_after_replug() {
    let mut r = rig(Via::Pty, SimConfig::fast());
    r.sim.set_faults(Faults {
        slow: Some(Duration::from_millis(500)),
        ..Faults::default()
    });
    let id = JobId::fresh();
    let _ = r.client.send(Request::Run {
        id,
        steps: vec![Command::Version.into(), Command::Imei.into()],
        stop_on_error: false,
    });
    r.wait(
        "the command on the wire",
        |e| matches!(e, Event::Tx { bytes, .. } if bytes.starts_with(b"AT+GMR")),
    );
    r.pty.as_ref().expect("pty").unplug();
    let mut outcomes = Vec::new();
    r.wait("the job's end", |e| {
        if let Event::Step { job, outcome, .. } = e
            && *job == id
        {
            outcomes.push(outcome.result.clone());
        }
        matches!(e, Event::JobDone { job, .. } if *job == id)
    });
    assert!(
        matches!(
            outcomes.as_slice(),
            [Err(CommandError::Io(_)), Err(CommandError::Io(_))]
        ),
        "{outcomes:?}"
    );
    r.wait_link("unplugged", |s| matches!(s, LinkState::Unplugged { .. }));
    assert!(matches!(
        r.run(Command::Test).result,
        Err(CommandError::NotConnected)
    ));

    r.sim.set_faults(Faults::default());
    r.pty.as_ref().expect("pty").replug();
    r.wait_link("reconnected", |s| s.is_connected());
    assert_eq!(
        r.ok(Command::Version),
        Answer::Version("CT11_V1.0.1".into())
    );
}

#[test]
fn in_process_unplug_and_replug() {
    let mut r = rig(Via::InProcess, SimConfig::fast());
    r.sim.unplug();
    r.wait_link("unplugged", |s| matches!(s, LinkState::Unplugged { .. }));
    r.sim.replug();
    r.wait_link("reconnected", |s| s.is_connected());
    assert_eq!(r.ok(Command::Imei), Answer::Imei("860720087453595".into()));
}

#[test]
fn cancel_mid_job() {
    for via in [Via::Pty, Via::InProcess] {
        let mut r = rig(via, SimConfig::fast());
        r.sim.set_faults(Faults {
            slow: Some(Duration::from_millis(300)),
            ..Faults::default()
        });
        let id = JobId::fresh();
        let _ = r.client.send(Request::Run {
            id,
            steps: vec![
                Command::Version.into(),
                Command::Imei.into(),
                Command::Signal.into(),
            ],
            stop_on_error: false,
        });
        // Its echo (not delayed by the fault) shows the module has it.
        r.wait(
            "the first command's echo",
            |e| matches!(e, Event::Rx(l) if l.frame.raw.starts_with(b"AT+GMR")),
        );
        let _ = r.client.send(Request::Cancel(id));
        let mut outcomes = Vec::new();
        let done = r.wait("the job's end", |e| {
            if let Event::Step { job, outcome, .. } = e
                && *job == id
            {
                outcomes.push(outcome.result.clone());
            }
            matches!(e, Event::JobDone { job, .. } if *job == id)
        });
        assert!(
            matches!(
                done,
                Event::JobDone {
                    ok: false,
                    cancelled: true,
                    ..
                }
            ),
            "{done:?}"
        );
        assert_eq!(outcomes, vec![Err(CommandError::Cancelled); 3]);
        assert_eq!(
            r.sim.received_lines().last().map(String::as_str),
            Some("AT+GMR")
        );
        // The late answer to the cancelled command is logged as unsolicited.
        r.wait(
            "the late answer",
            |e| matches!(e, Event::Rx(l) if l.unsolicited && l.frame.raw == b"OK\r\n"),
        );
        r.sim.set_faults(Faults::default());
        assert_eq!(r.ok(Command::Imei), Answer::Imei("860720087453595".into()));
    }
}

#[test]
fn cancel_during_a_payload_completes_it() {
    let mut r = rig(Via::InProcess, SimConfig::fast());
    r.sim.set_faults(Faults {
        slow: Some(Duration::from_millis(100)),
        ..Faults::default()
    });
    let id = JobId::fresh();
    let _ = r.client.send(Request::Run {
        id,
        steps: vec![
            Command::HttpCertSet(checked(HttpCert {
                verify: true,
                data: PEM.to_vec(),
            }))
            .into(),
            Command::Version.into(),
        ],
        stop_on_error: false,
    });
    r.wait(
        "the payload",
        |e| matches!(e, Event::Tx { bytes, .. } if bytes == PEM),
    );
    let _ = r.client.send(Request::Cancel(id));
    let mut outcomes = Vec::new();
    r.wait("the job's end", |e| {
        if let Event::Step { job, outcome, .. } = e
            && *job == id
        {
            outcomes.push(outcome.result.clone());
        }
        matches!(e, Event::JobDone { job, .. } if *job == id)
    });
    assert_eq!(
        outcomes,
        vec![Ok(Answer::Done), Err(CommandError::Cancelled)]
    );
    assert_eq!(
        r.sim.state().http.certificate.map(|c| c.data),
        Some(PEM.to_vec())
    );
}

#[test]
fn log_is_lossless_with_urcs_and_data_mode() {
    let mut r = rig(Via::Pty, SimConfig::fast());
    r.ok(Command::MqttBrokerSet(checked(MqttBroker {
        host: "broker.emqx.io".into(),
        ..MqttBroker::default()
    })));
    r.wait_urc(Urc::MqttConnected);
    r.sim.start_stream(20_000);
    r.wait(
        "stream lines",
        |e| matches!(e, Event::Rx(l) if l.unsolicited && l.frame.raw.starts_with(b"+STREAM:")),
    );
    identity(&mut r);
    r.sim.stop_stream();
    r.assert_lossless();
    let sent = String::from_utf8(r.client.sent_bytes()).expect("ascii");
    let lines: Vec<&str> = sent.split_terminator("\r\n").collect();
    assert_eq!(
        lines,
        r.sim.received_lines(),
        "what the module got, line for line"
    );
}

/// The port the rig's worker has open, as the link state names it.
trait LinkPort {
    fn link_port(&self) -> String;
}

impl LinkPort for ct11_configurator::worker::Client {
    fn link_port(&self) -> String {
        match &self.link {
            LinkState::Connected { port, .. } | LinkState::NoAnswer { port, .. } => port.clone(),
            _ => String::new(),
        }
    }
}
