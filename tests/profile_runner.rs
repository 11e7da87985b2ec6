//! The apply job's state machine, driven by hand-made worker events: deterministic, no port.

use ct11_configurator::at::mqtt::{MqttBroker, MqttClient, MqttSession, MqttState};
use ct11_configurator::at::socket::PairingMode;
use ct11_configurator::at::urc::Urc;
use ct11_configurator::at::{Answer, Reply};
use ct11_configurator::profile::load::parse;
use ct11_configurator::profile::runner::{ApplyJob, ApplyOptions, JobState, StepState};
use ct11_configurator::profile::{Certs, Profile};
use ct11_configurator::worker::{CommandError, Event, LinkState, Outcome, Request};
use std::path::Path;
use std::time::{Duration, Instant};

const PROFILE: &str = r#"
[mqtt]
client_id = "ct11-{imei_last6}"
username = "u"
password = "secret"
host = "broker.example.com"
keepalive_s = 90
[[mqtt.subscriptions]]
topic = "cmd"
[power]
sleep = "none"
"#;

fn profile() -> Profile {
    parse(PROFILE, None, Path::new(".")).unwrap().profile
}

fn outcome(r: Result<Answer, CommandError>) -> Outcome {
    Outcome {
        line: String::new(),
        result: r,
        reply: Reply::default(),
        elapsed: Duration::ZERO,
    }
}

/// Answer the single Run in `reqs` with `answers` (one per step), returning the next requests.
fn answer(
    job: &mut ApplyJob,
    reqs: Vec<Request>,
    answers: Vec<Result<Answer, CommandError>>,
    now: Instant,
) -> Vec<Request> {
    let [Request::Run { id, steps, .. }] = &reqs[..] else {
        panic!("expected one Run, got {reqs:?}");
    };
    assert_eq!(
        steps.len(),
        answers.len(),
        "{:?}",
        steps.iter().map(|s| s.command.line()).collect::<Vec<_>>()
    );
    let mut out = Vec::new();
    for (i, a) in answers.into_iter().enumerate() {
        out.extend(job.on_event(
            &Event::Step {
                job: *id,
                index: i,
                outcome: Box::new(outcome(a)),
            },
            now,
        ));
    }
    out.extend(job.on_event(
        &Event::JobDone {
            job: *id,
            ok: true,
            cancelled: false,
        },
        now,
    ));
    out
}

fn lines(reqs: &[Request]) -> Vec<String> {
    reqs.iter()
        .flat_map(|r| match r {
            Request::Run { steps, .. } => steps.iter().map(|s| s.command.display_line()).collect(),
            other => vec![format!("{other:?}")],
        })
        .collect()
}

fn identity() -> Vec<Result<Answer, CommandError>> {
    vec![
        Ok(Answer::Version("CT11_V1.0.1".into())),
        Ok(Answer::Imei("860720087453595".into())),
        Ok(Answer::Iccid(Some("898604E6192391620488".into()))),
        Ok(Answer::Pairing(PairingMode::Normal)),
        Err(CommandError::Module(
            ct11_configurator::at::error_code::ModuleError::Plain,
        )),
    ]
}

/// Run up to the wait for MQTTCONNECT.
fn to_wait(job: &mut ApplyJob, now: Instant) {
    let r = job.start(now);
    let mut r = answer(job, r, identity(), now);
    for expect in [
        "AT+SYSSLEEP=0",
        "AT+CSCLK=0",
        "AT+QMTCFG=",
        "AT+QMTSTART=",
        "AT+QMTCONNCFG=",
    ] {
        assert!(lines(&r)[0].starts_with(expect), "{:?}", lines(&r));
        r = answer(job, r, vec![Ok(Answer::Done)], now);
    }
    assert!(r.is_empty(), "waiting: {r:?}");
}

#[test]
fn full_run_with_verify_and_live_checks() {
    let now = Instant::now();
    let mut job = ApplyJob::new(profile(), Certs::default(), ApplyOptions::default());
    to_wait(&mut job, now);
    assert_eq!(job.next_deadline(), Some(now + Duration::from_secs(60)));
    let r = job.on_event(&Event::Urc(Urc::MqttConnected), now);
    assert_eq!(lines(&r), ["AT+QMTSUB=\"cmd\",0"]);
    let r = answer(&mut job, r, vec![Ok(Answer::Done)], now);
    assert_eq!(
        lines(&r),
        [
            "AT+SYSSLEEP?",
            "AT+CSCLK?",
            "AT+QMTCFG?",
            "AT+QMTSTART?",
            "AT+QMTCONNCFG?",
            "AT+QMTSUB?"
        ]
    );
    let client = MqttClient {
        client_id: "ct11-453595".into(),
        username: "u".into(),
        password: "secret".into(),
        will: None,
    };
    let r = answer(
        &mut job,
        r,
        vec![
            Ok(Answer::SysSleep(false)),
            Ok(Answer::Csclk(false)),
            Ok(Answer::MqttClient(client)),
            Ok(Answer::MqttSession(MqttSession {
                clean: true,
                keepalive_s: 90,
            })),
            Ok(Answer::MqttBroker(Some(MqttBroker {
                host: "broker.example.com".into(),
                port: 1883,
                auto_reconnect: false,
            }))),
            Ok(Answer::Subscriptions(vec![
                ct11_configurator::at::mqtt::Subscription {
                    topic: "cmd".into(),
                    qos: 0,
                },
            ])),
        ],
        now,
    );
    assert_eq!(lines(&r), ["AT+CREG?", "AT+CSQ", "AT+QMTSTATU"]);
    let reg = ct11_configurator::at::network::Registration {
        report_mode: 0,
        stat: ct11_configurator::at::network::RegStat::Home,
        other: None,
    };
    let r = answer(
        &mut job,
        r,
        vec![
            Ok(Answer::Registration(reg)),
            Ok(Answer::Signal(ct11_configurator::at::network::Signal {
                rssi: 4,
                ber: 99,
            })),
            Ok(Answer::MqttState(MqttState::Connected)),
        ],
        now,
    );
    assert!(r.is_empty());
    let s = job.status();
    assert_eq!(s.state, JobState::Done, "{:?}", s.message);
    assert!(
        s.steps.iter().all(|x| x.state == StepState::Ok),
        "{:#?}",
        s.steps
    );
    assert!(s.diff.iter().all(|c| c.ok));
    let pw = s.diff.iter().find(|c| c.key == "mqtt.password").unwrap();
    assert_eq!((pw.expected.as_str(), pw.found.as_str()), ("***", "***"));
    assert_eq!(s.signal_dbm(), Some(-105));
    assert!(s.live[1].summary.en().contains("-105 dBm is weak"));
    assert_eq!(s.progress(), 1.0);
}

#[test]
fn mismatch_names_the_field_and_redacts_the_password() {
    let now = Instant::now();
    let opts = ApplyOptions {
        live_checks: false,
        ..ApplyOptions::default()
    };
    let mut job = ApplyJob::new(profile(), Certs::default(), opts);
    to_wait(&mut job, now);
    let r = job.on_event(&Event::Urc(Urc::MqttConnected), now);
    let r = answer(&mut job, r, vec![Ok(Answer::Done)], now);
    let client = MqttClient {
        client_id: "ct11-453595".into(),
        username: "u".into(),
        password: "other".into(),
        will: None,
    };
    answer(
        &mut job,
        r,
        vec![
            Ok(Answer::SysSleep(false)),
            Ok(Answer::Csclk(false)),
            Ok(Answer::MqttClient(client)),
            Ok(Answer::MqttSession(MqttSession {
                clean: true,
                keepalive_s: 60,
            })),
            Ok(Answer::MqttBroker(None)),
            Ok(Answer::Subscriptions(vec![])),
        ],
        now,
    );
    let s = job.status();
    assert_eq!(s.state, JobState::Failed);
    assert_eq!(
        s.mismatched_fields(),
        [
            "mqtt.password",
            "mqtt.keepalive_s",
            "mqtt.host",
            "mqtt.subscriptions[0].topic"
        ]
    );
    let json = serde_json::to_string(s).unwrap();
    assert!(
        !json.contains("secret") && !json.contains("other"),
        "{json}"
    );
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .en()
            .contains("mqtt.keepalive_s")
    );
}

#[test]
fn bad_profile_sends_nothing() {
    let mut p = profile();
    p.mqtt.as_mut().unwrap().password = Some("a\"b".into());
    let mut job = ApplyJob::new(p, Certs::default(), ApplyOptions::default());
    assert!(job.start(Instant::now()).is_empty());
    assert_eq!(job.status().state, JobState::Failed);
    assert_eq!(job.status().errors[0].key, "mqtt.password");
}

#[test]
fn mqtt_wait_times_out_via_tick_then_polls_state() {
    let now = Instant::now();
    let mut job = ApplyJob::new(profile(), Certs::default(), ApplyOptions::default());
    to_wait(&mut job, now);
    assert!(job.tick(now + Duration::from_secs(59)).is_empty());
    let r = job.tick(now + Duration::from_secs(60));
    assert_eq!(lines(&r), ["AT+QMTSTATU"]);
    answer(
        &mut job,
        r,
        vec![Ok(Answer::MqttState(MqttState::Disconnected))],
        now,
    );
    let s = job.status();
    assert_eq!(s.state, JobState::Failed);
    let wait = s.steps.iter().find(|x| x.key == "mqtt.connect").unwrap();
    assert_eq!(wait.state, StepState::Failed);
    assert!(s.message.as_ref().unwrap().en().contains("MQTTCONNECT"));
    // The subscription was never sent.
    assert_eq!(
        s.steps
            .iter()
            .find(|x| x.key == "mqtt.subscriptions[0]")
            .unwrap()
            .state,
        StepState::Skipped
    );
}

#[test]
fn cancel_during_wait_says_what_ran() {
    let now = Instant::now();
    let mut job = ApplyJob::new(profile(), Certs::default(), ApplyOptions::default());
    to_wait(&mut job, now);
    job.cancel();
    let s = job.status();
    assert_eq!(s.state, JobState::Cancelled);
    let msg = &s.message.as_ref().unwrap().en();
    assert!(
        msg.contains("mqtt.broker") && msg.contains("command mode"),
        "{msg}"
    );
    assert_eq!(
        s.steps
            .iter()
            .find(|x| x.key == "mqtt.connect")
            .unwrap()
            .state,
        StepState::Cancelled
    );
}

#[test]
fn cancel_mid_command_asks_the_worker() {
    let now = Instant::now();
    let mut job = ApplyJob::new(profile(), Certs::default(), ApplyOptions::default());
    let r = job.start(now);
    let r = answer(&mut job, r, identity(), now);
    let [Request::Run { id, .. }] = &r[..] else {
        panic!()
    };
    let c = job.cancel();
    assert!(matches!(c[..], [Request::Cancel(j)] if j == *id));
    job.on_event(
        &Event::Step {
            job: *id,
            index: 0,
            outcome: Box::new(outcome(Err(CommandError::Cancelled))),
        },
        now,
    );
    let s = job.status();
    assert_eq!(s.steps[1].state, StepState::Cancelled);
    assert!(s.steps[2..].iter().all(|x| x.state == StepState::Skipped));
}

#[test]
fn unplug_fails_clearly() {
    let now = Instant::now();
    let mut job = ApplyJob::new(profile(), Certs::default(), ApplyOptions::default());
    to_wait(&mut job, now);
    job.on_event(&Event::Link(LinkState::Unplugged { port: "p".into() }), now);
    let s = job.status();
    assert_eq!(s.state, JobState::Failed);
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .en()
            .contains("cable was pulled")
    );
}

#[test]
fn unexpected_restart_reapplies() {
    let now = Instant::now();
    let mut job = ApplyJob::new(profile(), Certs::default(), ApplyOptions::default());
    to_wait(&mut job, now);
    let r = job.on_event(&Event::Urc(Urc::Ready), now);
    assert_eq!(lines(&r), ["AT+SYSSLEEP=0"]);
    assert_eq!(job.status().restarts, 1);
}

#[test]
fn report_is_self_contained_and_redacted() {
    use ct11_configurator::i18n::Lang;
    use ct11_configurator::profile::report::{InstallReport, render_html, save_html};
    let now = Instant::now();
    let opts = ApplyOptions {
        verify: false,
        ..ApplyOptions::default()
    };
    let mut job = ApplyJob::new(profile(), Certs::default(), opts);
    to_wait(&mut job, now);
    let r = job.on_event(&Event::Urc(Urc::MqttConnected), now);
    answer(&mut job, r, vec![Ok(Answer::Done)], now);
    assert_eq!(job.status().state, JobState::Done);
    for lang in [Lang::En, Lang::Zh] {
        let rep = InstallReport::new(job.status(), &[], lang, std::time::UNIX_EPOCH);
        let html = render_html(&rep);
        assert!(html.contains("860720087453595"));
        assert!(html.contains("ct11-453595"), "filled values are shown");
        assert!(!html.contains("secret"));
        assert!(html.contains("1970-01-01 00:00:00 UTC"));
        assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("<link"));
        assert!(html.contains("size:A4"));
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.html");
        save_html(&rep, &p).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), html);
    }
}
