//! The apply plan: the exact ordered AT lines for a full profile, sleep ordering, placeholders,
//! and nothing planned for a bad value.

use ct11_configurator::at::basic::UartConfig;
use ct11_configurator::at::socket::PairingMode;
use ct11_configurator::profile::load::parse;
use ct11_configurator::profile::plan::{ModuleState, build};
use ct11_configurator::profile::schema::SleepMode;
use ct11_configurator::profile::{Certs, Identity, Profile};
use std::path::Path;

const FULL: &str = r#"
[mqtt]
client_id = "ct11-{imei_last6}"
username = "MQTT1"
password = "123456"
host = "broker.example.com"
port = 8883
auto_reconnect = true
clean_session = false
keepalive_s = 120
ca_cert = "ca.pem"
[mqtt.will]
qos = 1
retain = true
topic = "status/{imei}"
message = "offline"
[[mqtt.subscriptions]]
topic = "cmd/{imei}"
qos = 1
[[mqtt.subscriptions]]
topic = "all"
[http]
url = "https://example.com/post"
port = 443
https = true
ca_cert = "ca.pem"
[[http.headers]]
name = "Content-Type"
value = "application/json"
[power]
sleep = "command"
[[gpio]]
pin = 0
mode = "input"
pull = "up"
[[gpio]]
pin = 2
mode = "output_high"
[pairing]
mode = "tcp"
[pairing.tcp]
host = "8.137.154.246"
port = 2057
[serial]
baud = 921600
"#;

const PEM: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

fn module() -> ModuleState {
    ModuleState {
        identity: Identity {
            imei: "860720087453595".into(),
            iccid: Some("898604E6192391620488".into()),
            firmware: "CT11_V1.0.1".into(),
        },
        pairing: PairingMode::Normal,
        uart: Some(UartConfig::default()),
    }
}

fn full() -> (Profile, Certs) {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("ca.pem"), PEM).unwrap();
    let l = parse(FULL, None, d.path()).unwrap();
    (l.profile, l.certs)
}

#[test]
fn full_profile_exact_order() {
    let (p, certs) = full();
    let plan = build(&p, &certs, &module()).unwrap();
    let n = PEM.len();
    let expected = vec![
        "AT+SIMPLEMODE=1,0".to_string(),
        "AT+SIMPLECLIENT=\"TCP\",\"8.137.154.246\",2057,0,0".into(),
        "AT+CSCLK=0".into(),
        "AT+SYSSLEEP=1".into(),
        "AT+GPIO=0,2,2".into(),
        "AT+GPIO=2,1".into(),
        "AT+HTTPPARA=\"https://example.com/post\",443,1,1".into(),
        "AT+HTTPRQH=\"Content-Type\",\"application/json\"".into(),
        format!("AT+HTTPCERTIFI=1,{n}"),
        format!("AT+MQTTCERTIFI=1,1,{n}"),
        "AT+QMTCFG=\"ct11-453595\",\"MQTT1\",\"***\",1,1,\"status/860720087453595\",\"offline\""
            .into(),
        "AT+QMTSTART=0,120".into(),
        "AT+QMTCONNCFG=\"broker.example.com\",8883,1".into(),
        "MQTTCONNECT".into(),
        "AT+QMTSUB=\"cmd/860720087453595\",1".into(),
        "AT+QMTSUB=\"all\",0".into(),
        "AT+IPR=921600,8,0,0".into(),
    ];
    assert_eq!(plan.preview(), expected);
    // The preview redacts; the wire carries the password.
    let cfg = plan.steps[10].command().unwrap();
    assert!(cfg.line().contains("\"123456\""));
    // The filled profile is what the report shows.
    assert_eq!(plan.filled.mqtt.unwrap().client_id, "ct11-453595");
    for s in &plan.steps {
        assert!(
            !s.title.en().is_empty() && !s.title.get(ct11_configurator::i18n::Lang::Zh).is_empty()
        );
    }
}

#[test]
fn pairing_and_baud_only_when_they_differ() {
    let (p, certs) = full();
    let mut m = module();
    m.pairing = PairingMode::Tcp;
    m.uart = Some(UartConfig {
        baud: 921600,
        ..UartConfig::default()
    });
    let lines = build(&p, &certs, &m).unwrap().preview();
    assert!(!lines.iter().any(|l| l.starts_with("AT+SIMPLEMODE")));
    assert!(!lines.iter().any(|l| l.starts_with("AT+IPR")));
}

#[test]
fn sleep_in_the_legal_order() {
    for (mode, want) in [
        (SleepMode::None, ["AT+SYSSLEEP=0", "AT+CSCLK=0"]),
        (SleepMode::Command, ["AT+CSCLK=0", "AT+SYSSLEEP=1"]),
        (SleepMode::Dtr, ["AT+SYSSLEEP=0", "AT+CSCLK=1"]),
    ] {
        let p = Profile {
            power: Some(ct11_configurator::profile::schema::PowerSection { sleep: mode }),
            ..Profile::default()
        };
        let plan = build(&p, &Certs::default(), &module()).unwrap();
        assert_eq!(plan.preview(), want, "{mode:?}");
    }
}

#[test]
fn placeholder_that_cannot_be_filled_plans_nothing() {
    let (p, certs) = full();
    let mut m = module();
    m.identity.iccid = None;
    let mut p2 = p.clone();
    p2.mqtt.as_mut().unwrap().client_id = "id-{iccid}".into();
    let e = build(&p2, &certs, &m).unwrap_err();
    assert_eq!(e[0].key, "mqtt.client_id");
    assert!(
        build(&p, &certs, &m).is_ok(),
        "no {{iccid}} used: no SIM is fine"
    );
}

#[test]
fn minimal_mqtt_profile_sends_only_the_client_id() {
    let l = parse(
        "[mqtt]\nclient_id = \"x\"\nhost = \"h\"\n",
        None,
        Path::new("."),
    )
    .unwrap();
    let lines = build(&l.profile, &l.certs, &module()).unwrap().preview();
    assert_eq!(
        lines,
        [
            "AT+QMTCFG=\"x\"",
            "AT+QMTSTART=1,60",
            "AT+QMTCONNCFG=\"h\",1883,0",
            "MQTTCONNECT"
        ]
    );
}
