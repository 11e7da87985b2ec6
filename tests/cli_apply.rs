//! The `apply`, `read` and `check` subcommands, run as the real binary against the simulated
//! module over a pseudo-terminal (so the serial stack is the real one).
#![cfg(unix)]

use ct11_configurator::profile::load;
use ct11_configurator::sim::{Faults, PtySim, SimConfig};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Mutex;

const BIN: &str = env!("CARGO_BIN_EXE_ct11-configurator");

const PROFILE: &str = r#"[mqtt]
client_id = "ct11-{imei_last6}"
username = "MQTT1"
password = "123456"
host = "broker.example.com"
port = 1883
auto_reconnect = true
clean_session = true
keepalive_s = 120
[[mqtt.subscriptions]]
topic = "cmd/{imei_last6}"
qos = 1
[http]
url = "http://example.com/post"
port = 80
[[http.headers]]
name = "Content-Type"
value = "application/json"
[power]
sleep = "none"
[pairing]
mode = "normal"
"#;

/// pty pairs are not thread-safe: one test at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn write(dir: &Path, name: &str, body: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p.to_string_lossy().into_owned()
}

fn pty() -> (PtySim, String) {
    let sim = PtySim::spawn(SimConfig::fast()).unwrap();
    let path = sim.path().to_string_lossy().into_owned();
    (sim, path)
}

#[test]
fn apply_verify_json_succeeds_and_the_module_holds_the_settings() {
    let _g = serial();
    let d = tempfile::tempdir().unwrap();
    let file = write(d.path(), "site.toml", PROFILE);
    let (sim, port) = pty();
    let out = run(&["apply", "--port", &port, &file, "--verify", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["state"], "Done");
    assert!(v["diff"].as_array().unwrap().len() > 8);
    assert_eq!(v["mismatched_fields"].as_array().unwrap().len(), 0);
    // The password never appears in the JSON.
    assert!(!text(&out.stdout).contains("123456"));
    let st = sim.handle().state();
    assert_eq!(st.mqtt.broker.as_ref().unwrap().host, "broker.example.com");
    assert_eq!(st.mqtt.keepalive, 120);
    assert_eq!(st.mqtt.client.as_ref().unwrap().client_id, "ct11-453595");
}

#[test]
fn a_forgotten_setting_is_caught_and_named() {
    let _g = serial();
    let d = tempfile::tempdir().unwrap();
    let file = write(d.path(), "site.toml", PROFILE);
    let (sim, port) = pty();
    sim.handle().set_faults(Faults {
        forget: vec!["QMTSTART".into()],
        ..Faults::default()
    });
    let out = run(&["apply", "--port", &port, &file, "--verify"]);
    assert_eq!(out.status.code(), Some(6), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("mismatch: mqtt.keepalive_s: the profile sets `120`"),
        "{err}"
    );
    assert!(text(&out.stdout).contains("MISMATCH"));

    let out = run(&["apply", "--port", &port, &file, "--verify", "--json"]);
    assert_eq!(out.status.code(), Some(6));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(
        v["mismatched_fields"],
        serde_json::json!(["mqtt.keepalive_s"])
    );
}

#[test]
fn a_bad_profile_is_refused_with_its_line_and_nothing_is_sent() {
    let _g = serial();
    let d = tempfile::tempdir().unwrap();
    let (sim, port) = pty();
    for (body, key, line) in [
        (
            PROFILE.replace("keepalive_s = 120", "keepalive_s = 9999"),
            "mqtt.keepalive_s",
            9,
        ),
        (
            PROFILE.replace("sleep = \"none\"", "sleep = \"never\""),
            "power.sleep",
            20,
        ),
        (PROFILE.replace("port = 80", "prot = 80"), "http.prot", 15),
    ] {
        let file = write(d.path(), "bad.toml", &body);
        for json in [false, true] {
            let mut args = vec!["apply", "--port", &port, &file, "--verify"];
            if json {
                args.push("--json");
            }
            let out = run(&args);
            assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
            let err = text(&out.stderr);
            assert!(err.contains("nothing was sent"), "{err}");
            assert!(err.contains(&format!("bad.toml:{line}")), "{err}");
            assert!(err.contains(key), "{err}");
            if json {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                assert_eq!(v["sent"], false);
                assert_eq!(v["errors"][0]["line"], line);
            }
        }
    }
    assert!(
        sim.handle().received_lines().is_empty(),
        "nothing reached the module"
    );
}

#[test]
fn read_to_a_file_round_trips() {
    let _g = serial();
    let d = tempfile::tempdir().unwrap();
    let file = write(d.path(), "site.toml", PROFILE);
    let (_sim, port) = pty();
    let out = run(&["apply", "--port", &port, &file]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // Without secrets: no password in the file.
    let read = d.path().join("read.toml");
    let r = read.to_string_lossy().into_owned();
    let out = run(&["read", "--port", &port, "-o", &r]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let body = std::fs::read_to_string(&read).unwrap();
    assert!(!body.contains("123456"), "{body}");
    assert!(body.contains("client_id = \"ct11-453595\""), "{body}");

    // With secrets, the file applies and verifies cleanly on the same module.
    let out = run(&["read", "--port", &port, "-o", &r, "--include-secrets"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let loaded = load(&read).unwrap();
    let m = loaded.profile.mqtt.unwrap();
    assert_eq!(m.password.as_deref(), Some("123456"));
    assert_eq!(m.keepalive_s, 120);
    assert_eq!(m.subscriptions[0].topic, "cmd/453595");
    let out = run(&["apply", "--port", &port, &r, "--verify"]);
    assert!(
        out.status.success(),
        "{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );

    // To stdout.
    let out = run(&["read", "--port", &port]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("[mqtt]"));
}

#[test]
fn check_gives_verdicts_and_fails_without_a_sim() {
    let _g = serial();
    let (_sim, port) = pty();
    let out = run(&["check", "--port", &port]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("✓ SIM card"), "{s}");
    assert!(s.contains("Overall: PASS"), "{s}");

    let sim = PtySim::spawn(SimConfig {
        iccid: None,
        ..SimConfig::fast()
    })
    .unwrap();
    let port = sim.path().to_string_lossy().into_owned();
    let out = run(&["check", "--port", &port, "--json"]);
    assert_eq!(out.status.code(), Some(6));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["overall"], "Fail");
    assert_eq!(v["steps"][0]["verdict"], "Fail");
    assert!(text(&out.stderr).contains("reseat the SIM card"));
}

#[test]
fn every_subcommand_has_help() {
    for sub in ["apply", "read", "check"] {
        let out = run(&[sub, "--help"]);
        assert!(out.status.success());
        assert!(text(&out.stdout).contains("--port"), "{sub}");
    }
    let out = run(&["apply", "--port", "sim"]);
    assert_eq!(out.status.code(), Some(2), "the profile is required");
}
