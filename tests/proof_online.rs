//! The delivery proof against a real mosquitto on loopback: through the library (the online
//! simulated module on a pty, driven by the worker) and through `check --prove`.
#![cfg(unix)]

mod net_common;
mod worker_common;

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use ct11_configurator::at::Command;
use ct11_configurator::at::mqtt::{MqttBroker, MqttCert, MqttClient, Subscription};
use ct11_configurator::at::urc::Urc;
use ct11_configurator::proof::{self, Broker, Cause, ProofSettings, Stage};
use ct11_configurator::sim::SimConfig;
use ct11_configurator::sim::online::tls::TlsCheck;
use net_common::{Mosquitto, PASSWORD, Pki, USER};
use worker_common::{Rig, Via, checked, rig};

const BIN: &str = env!("CARGO_BIN_EXE_ct11-configurator");

fn settings(host_port: u16, tls: Option<TlsCheck>, user: &str, pass: &str) -> ProofSettings {
    ProofSettings {
        broker: Broker {
            host: "127.0.0.1".into(),
            port: host_port,
            tls,
            username: user.into(),
            password: pass.into(),
        },
        imei: "860720087453595".into(),
        up_topic: None,
        down_topic: None,
        step_timeout: Duration::from_secs(10),
    }
}

fn module_on(port: u16, ca: Option<&[u8]>, user: &str, pass: &str) -> Rig {
    let mut r = rig(Via::Pty, SimConfig::fast().online());
    r.ok(Command::MqttClientSet(checked(MqttClient {
        client_id: "ct11-proof-module".into(),
        username: user.into(),
        password: pass.into(),
        will: None,
    })));
    if let Some(ca) = ca {
        r.ok(Command::MqttCertSet(checked(MqttCert {
            tls: true,
            verify: true,
            data: ca.to_vec(),
        })));
    }
    r.ok(Command::MqttBrokerSet(checked(MqttBroker {
        host: "127.0.0.1".into(),
        port,
        auto_reconnect: false,
    })));
    let connected = |e: &ct11_configurator::worker::Event| {
        matches!(e, ct11_configurator::worker::Event::Urc(Urc::MqttConnected))
    };
    if !r.saw(connected) {
        r.client
            .wait_for(Duration::from_secs(15), connected)
            .expect("the module connects");
    }
    r
}

#[test]
fn both_directions_are_proven_over_mqtts_with_the_uploaded_ca() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let mut r = module_on(broker.tls, Some(pki.ca_pem.as_bytes()), "", "");
    let s = settings(
        broker.tls,
        Some(TlsCheck::Ca(pki.ca_pem.clone().into_bytes())),
        "",
        "",
    );
    let mut stages = Vec::new();
    let report = proof::run(&mut r.client, &s, &AtomicBool::new(false), &mut |st| {
        stages.push(st)
    });
    assert!(report.ok(), "{report:?}");
    assert_eq!(
        stages,
        [
            Stage::PcConnect,
            Stage::ModuleState,
            Stage::ModuleToPc,
            Stage::PcToModule
        ]
    );
    assert!(
        report
            .module_to_pc
            .topic
            .starts_with("ct11/proof/860720087453595/")
    );
    // The module published the nonce, and its temporary subscription is gone again.
    let state = r.sim.state();
    assert!(
        state
            .mqtt
            .published
            .iter()
            .any(|p| p.topic == report.module_to_pc.topic)
    );
    assert!(
        state.mqtt.subscriptions.is_empty(),
        "{:?}",
        state.mqtt.subscriptions
    );
}

#[test]
fn a_named_down_topic_the_module_already_has_is_used_and_kept() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let mut r = module_on(broker.plain, None, "", "");
    r.ok(Command::MqttSubscribe(checked(Subscription {
        topic: "site/cmd".into(),
        qos: 1,
    })));
    let mut s = settings(broker.plain, None, "", "");
    s.down_topic = Some("site/cmd".into());
    s.up_topic = Some("site/up".into());
    let report = proof::run(&mut r.client, &s, &AtomicBool::new(false), &mut |_| {});
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.pc_to_module.topic, "site/cmd");
    assert_eq!(report.module_to_pc.topic, "site/up");
    assert_eq!(r.sim.state().mqtt.subscriptions.len(), 1, "kept");
}

#[test]
fn failures_name_the_likely_cause() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let mut r = module_on(broker.plain, None, "", "");
    let cancel = AtomicBool::new(false);

    // The PC's password is wrong.
    let s = settings(broker.auth, None, USER, "wrong");
    let report = proof::run(&mut r.client, &s, &cancel, &mut |_| {});
    assert!(
        matches!(report.module_to_pc.cause, Some(Cause::WrongPassword(_))),
        "{report:?}"
    );
    // The PC has the wrong CA.
    let s = settings(
        broker.tls,
        Some(TlsCheck::Ca(pki.wrong_ca_pem.clone().into_bytes())),
        "",
        "",
    );
    let report = proof::run(&mut r.client, &s, &cancel, &mut |_| {});
    match &report.pc_to_module.cause {
        Some(c @ Cause::Tls(_)) => assert!(
            c.text().en().contains("not signed by the CA you uploaded"),
            "{}",
            c.text().en()
        ),
        other => panic!("{other:?}"),
    }
    // The broker is fine from the PC, but the module is not connected.
    r.ok(Command::MqttDisconnect);
    let s = settings(broker.auth, None, USER, PASSWORD);
    let report = proof::run(&mut r.client, &s, &cancel, &mut |_| {});
    assert_eq!(report.module_to_pc.cause, Some(Cause::ModuleNotConnected));
    assert!(
        report
            .module_to_pc
            .cause
            .unwrap()
            .text()
            .get(ct11_configurator::i18n::Lang::Zh)
            .contains("APN")
    );
}

#[test]
fn check_prove_on_the_command_line_applies_the_profile_and_proves_both_ways() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ca.pem"), &pki.ca_pem).unwrap();
    std::fs::write(dir.path().join("wrong.pem"), &pki.wrong_ca_pem).unwrap();
    let profile = |ca: &str| {
        format!(
            "[mqtt]\nclient_id = \"ct11-{{imei_last6}}\"\nhost = \"127.0.0.1\"\nport = {}\nca_cert = \"{ca}\"\n[[mqtt.subscriptions]]\ntopic = \"cmd/{{imei_last6}}\"\nqos = 1\n",
            broker.tls
        )
    };
    let good = dir.path().join("good.toml");
    std::fs::write(&good, profile("ca.pem")).unwrap();
    let out = std::process::Command::new(BIN)
        .args([
            "check",
            "--port",
            "sim-online",
            "--prove",
            "--json",
            "--profile",
        ])
        .arg(&good)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(v["proof"]["module_to_pc"]["delivered_ms"].is_u64(), "{v}");
    assert!(v["proof"]["pc_to_module"]["delivered_ms"].is_u64(), "{v}");
    assert_eq!(v["proof"]["pc_to_module"]["topic"], "cmd/453595");

    // The wrong CA: the module cannot connect, nor can the PC; exit 6 with the TLS verdict.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, profile("wrong.pem")).unwrap();
    let out = std::process::Command::new(BIN)
        .args(["check", "--port", "sim-online", "--prove", "--profile"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("not signed by the CA you uploaded"),
        "{stdout}"
    );
}

#[test]
fn http_the_pc_makes_the_same_request_and_compares_status_and_body() {
    use ct11_configurator::at::http::{HttpCert, HttpMethod, HttpTarget};
    use ct11_configurator::sim::online::HttpParams;
    let pki = Pki::new();
    let https = net_common::https_server(&pki, false);
    let mut r = rig(Via::Pty, SimConfig::fast().online());
    let url = format!("https://127.0.0.1:{}/site", https.port);
    r.ok(Command::HttpTargetSet(checked(HttpTarget {
        url: url.clone(),
        port: https.port,
        https: true,
        verify: true,
    })));
    r.ok(Command::HttpCertSet(checked(HttpCert {
        verify: true,
        data: pki.ca_pem.as_bytes().to_vec(),
    })));
    let pc = HttpParams {
        method: "GET".into(),
        url,
        port: https.port,
        tls: Some(TlsCheck::Ca(pki.ca_pem.clone().into_bytes())),
        headers: Vec::new(),
        body: Vec::new(),
    };
    let c = proof::compare_http(&mut r.client, HttpMethod::Get, &pc, Duration::from_secs(10));
    assert!(c.ok(), "{c:?}");
    assert_eq!(c.module_status, Some(200));
    assert!(c.text().en().contains("same answer"));

    // The module holds the wrong CA: it gets no answer while the PC does.
    r.ok(Command::HttpCertSet(checked(HttpCert {
        verify: true,
        data: pki.wrong_ca_pem.as_bytes().to_vec(),
    })));
    let c = proof::compare_http(&mut r.client, HttpMethod::Get, &pc, Duration::from_secs(10));
    assert!(!c.ok());
    assert_eq!((c.module_status, c.pc_status), (None, Some(200)), "{c:?}");
    assert!(
        c.text().en().contains("certificate you uploaded"),
        "{}",
        c.text().en()
    );
}

#[test]
fn simulate_online_keeps_one_module_for_apply_then_check_prove() {
    use std::io::BufRead;
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let mut sim = std::process::Command::new(BIN)
        .args(["simulate", "--fast", "--online"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(sim.stdout.take().unwrap());
    let mut path = String::new();
    out.read_line(&mut path).unwrap();
    let path = path.trim().to_string();
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("site.toml");
    std::fs::write(
        &profile,
        format!(
            "[mqtt]\nclient_id = \"ct11-{{imei_last6}}\"\nusername = \"{USER}\"\npassword = \"{PASSWORD}\"\nhost = \"127.0.0.1\"\nport = {}\n",
            broker.auth
        ),
    )
    .unwrap();
    let apply = std::process::Command::new(BIN)
        .args(["apply", "--port", &path])
        .arg(&profile)
        .output()
        .unwrap();
    assert!(
        apply.status.success(),
        "{}",
        String::from_utf8_lossy(&apply.stderr)
    );
    let check = std::process::Command::new(BIN)
        .args(["check", "--port", &path, "--prove", "--profile"])
        .arg(&profile)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{stdout}");
    assert!(
        !String::from_utf8_lossy(&check.stderr).contains("applying the profile first"),
        "the module kept its connection from `apply`"
    );
    assert!(
        stdout.contains("✓ Proof module -> broker -> PC"),
        "{stdout}"
    );
    assert!(
        stdout.contains("✓ Proof PC -> broker -> module"),
        "{stdout}"
    );
    // `simulate` runs until SIGTERM (closing stdin does not stop it).
    drop(sim.stdin.take());
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(sim.id() as i32, libc::SIGTERM) };
    let _ = sim.wait();
}

#[test]
fn a_silent_broker_ends_the_proof_within_its_step_timeout() {
    // Accepts connections (the kernel's backlog does) but never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let mut r = rig(Via::Pty, SimConfig::fast().online());
    let mut s = settings(port, None, "", "");
    s.step_timeout = Duration::from_secs(1);
    let report = proof::run(&mut r.client, &s, &AtomicBool::new(false), &mut |_| {});
    assert!(!report.ok());
    // The connect-timeout verdict, for both directions (nothing was tried on the module).
    assert_eq!(
        report.module_to_pc.cause,
        Some(Cause::PcTimeout),
        "{report:?}"
    );
    assert_eq!(
        report.pc_to_module.cause,
        Some(Cause::PcTimeout),
        "{report:?}"
    );
    assert!(
        report.module_to_pc.cause.as_ref().is_some_and(|c| c
            .text()
            .en()
            .contains("got no answer from the broker in time")),
        "{report:?}"
    );
    // A cancel flag set beforehand stops it at the first wait.
    let report = proof::run(&mut r.client, &s, &AtomicBool::new(true), &mut |_| {});
    assert_eq!(report.module_to_pc.cause, Some(Cause::Cancelled));
    drop(silent);
}
