//! Loading profiles: every key of issue 4, and errors that name the file, the line and the fix.

use ct11_configurator::i18n::Lang;
use ct11_configurator::profile::load::{line_of_key, parse, save, to_toml};
use ct11_configurator::profile::schema::SleepMode;
use ct11_configurator::profile::{ErrorKind, ProfileErrors, load};
use std::path::Path;

const PEM: &str = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";

/// The profile of issue 4, verbatim.
const ISSUE: &str = r#"[mqtt]
client_id = "CT11"
username = "MQTT1"
password = "123456"
host = "broker.example.com"
port = 1883
auto_reconnect = true
clean_session = true
keepalive_s = 60
ca_cert = "ca.pem"            # optional; relative to the profile file
[mqtt.will]                   # optional
qos = 0
retain = false
topic = "status"
message = "offline"
[[mqtt.subscriptions]]
topic = "TTT"
qos = 0
[http]
url = "http://example.com/post"
port = 80
https = false
ca_cert = "server-ca.pem"     # optional
[[http.headers]]
name = "Content-Type"
value = "application/json"
[power]
sleep = "none"                # none | command | dtr
[[gpio]]
pin = 0
mode = "input"                # output_low | output_high | input | high_z
pull = "up"                   # none | down | up (input only)
[pairing]
mode = "normal"               # normal | tcp | mqtt_single | mqtt_continuous
[pairing.tcp]                 # for mode = "tcp"
protocol = "TCP"
host = "8.137.154.246"
port = 2057
local_port = 0
transparent = false
[serial]
baud = 115200                 # applied last: the module restarts at this rate
"#;

fn dir_with_certs() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("ca.pem"), PEM).unwrap();
    std::fs::write(d.path().join("server-ca.pem"), PEM).unwrap();
    d
}

fn load_text(text: &str) -> Result<ct11_configurator::profile::LoadedProfile, ProfileErrors> {
    let d = dir_with_certs();
    let p = d.path().join("p.toml");
    std::fs::write(&p, text).unwrap();
    load(&p)
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_with(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

fn one_error(text: &str) -> ct11_configurator::profile::ProfileError {
    let e = load_text(text).unwrap_err();
    assert_eq!(e.0.len(), 1, "{e}");
    e.0.into_iter().next().unwrap()
}

#[test]
fn the_issue_profile_loads_with_its_certificates() {
    let l = load_text(ISSUE).unwrap();
    let m = l.profile.mqtt.as_ref().unwrap();
    assert_eq!(m.client_id, "CT11");
    assert_eq!(m.password.as_deref(), Some("123456"));
    assert_eq!(m.will.as_ref().unwrap().message, "offline");
    assert_eq!(l.profile.power.as_ref().unwrap().sleep, SleepMode::None);
    assert_eq!(l.profile.gpio.len(), 1);
    assert_eq!(l.profile.serial.as_ref().unwrap().baud, 115200);
    assert_eq!(l.certs.mqtt_ca.as_deref(), Some(PEM.as_bytes()));
    assert_eq!(l.certs.http_ca.as_deref(), Some(PEM.as_bytes()));
}

#[test]
fn unknown_key_gives_file_line_and_key() {
    let text = ISSUE.replace("keepalive_s = 60", "keepalive_s = 60\nkeep_alive = 30");
    let e = one_error(&text);
    assert_eq!(e.line, line_with(&text, "keep_alive"));
    assert!(
        matches!(&e.kind, ErrorKind::Syntax(s) if s.contains("keep_alive")),
        "{e}"
    );
    let msg = e.message(Lang::En);
    assert!(
        msg.contains(&format!("p.toml:{}", e.line.unwrap())),
        "{msg}"
    );
}

#[test]
fn unknown_section_gives_its_line() {
    let text = format!("{ISSUE}[bluetooth]\non = true\n");
    let e = one_error(&text);
    assert_eq!(e.line, line_with(&text, "[bluetooth]"));
}

#[test]
fn bad_value_gives_field_and_line() {
    let e = one_error(&ISSUE.replace("keepalive_s = 60", "keepalive_s = 9000"));
    assert_eq!(e.key, "mqtt.keepalive_s");
    assert_eq!(e.line, line_with(ISSUE, "keepalive_s"));
    assert!(e.message(Lang::En).contains("0 to 7200"), "{e}");
    assert!(
        e.message(Lang::Zh).contains("心跳间隔"),
        "{}",
        e.message(Lang::Zh)
    );

    let e = one_error(&ISSUE.replace("sleep = \"none\"", "sleep = \"deep\""));
    assert_eq!(e.line, line_with(ISSUE, "sleep ="));
    assert_eq!(e.key, "power.sleep");
    assert!(e.reason(Lang::En).contains("command"), "{e}");

    let e = one_error(&ISSUE.replace("port = 2057", "port = 70000"));
    assert_eq!(e.key, "pairing.tcp.port");
    assert_eq!(e.line, line_with(ISSUE, "port = 2057"));

    let text = ISSUE.replace(
        "pull = \"up\"",
        "pull = \"up\"\n[[gpio]]\npin = 1\nmode = \"output_high\"\npull = \"down\"",
    );
    let e = one_error(&text);
    assert_eq!(e.key, "gpio[1].pull");
    assert_eq!(e.line, line_with(&text, "pull = \"down\""));

    let e = one_error(&ISSUE.replace("baud = 115200", "baud = 12345"));
    assert_eq!(e.key, "serial.baud");
    assert_eq!(e.line, line_with(ISSUE, "baud ="));

    let e = one_error(&ISSUE.replace("topic = \"TTT\"\nqos = 0", "topic = \"TTT\"\nqos = 3"));
    assert_eq!(e.key, "mqtt.subscriptions[0].qos");
    assert_eq!(
        e.line,
        Some(line_with(ISSUE, "topic = \"TTT\"").unwrap() + 1)
    );
}

#[test]
fn framing_characters_are_refused() {
    for (from, to, key) in [
        (
            "password = \"123456\"",
            r#"password = "12\"34""#,
            "mqtt.password",
        ),
        (
            "topic = \"status\"",
            r#"topic = "a\r\nAT+RST""#,
            "mqtt.will.topic",
        ),
        (
            "value = \"application/json\"",
            r#"value = "x\ny""#,
            "http.headers[0].value",
        ),
    ] {
        let e = one_error(&ISSUE.replace(from, to));
        assert_eq!(e.key, key);
        assert!(e.message(Lang::En).contains("break the command"), "{e}");
        assert!(e.line.is_some());
    }
}

#[test]
fn placeholders_are_checked_at_load() {
    let e = one_error(&ISSUE.replace("client_id = \"CT11\"", "client_id = \"ct11-{serial}\""));
    assert_eq!(e.key, "mqtt.client_id");
    assert_eq!(e.line, line_with(ISSUE, "client_id"));
    assert!(e.message(Lang::En).contains("{serial}"));
    // A placeholder that could make the value too long: 245 + 20 > 256.
    let long = format!("client_id = \"{}{{iccid}}\"", "a".repeat(245));
    let e = one_error(&ISSUE.replace("client_id = \"CT11\"", &long));
    assert_eq!(e.key, "mqtt.client_id");
    assert!(
        load_text(&ISSUE.replace("client_id = \"CT11\"", "client_id = \"ct11-{imei_last6}\""))
            .is_ok()
    );
}

#[test]
fn certificates_missing_oversized_or_not_pem_are_refused() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("server-ca.pem"), PEM).unwrap();
    let p = d.path().join("p.toml");
    std::fs::write(&p, ISSUE).unwrap();
    let e = load(&p).unwrap_err();
    assert_eq!(e.keys(), vec!["mqtt.ca_cert"]);
    assert_eq!(e.0[0].line, line_with(ISSUE, "ca_cert = \"ca.pem\""));
    assert!(e.0[0].message(Lang::En).contains("ca.pem"));

    let body = |n: usize| {
        let head = "-----BEGIN CERTIFICATE-----\n";
        let tail = "\n-----END CERTIFICATE-----\n";
        format!("{head}{}{tail}", "A".repeat(n - head.len() - tail.len()))
    };
    std::fs::write(d.path().join("ca.pem"), body(2048)).unwrap();
    assert!(load(&p).is_ok(), "2048 bytes is allowed");
    std::fs::write(d.path().join("ca.pem"), body(2049)).unwrap();
    let e = load(&p).unwrap_err();
    assert!(e.0[0].message(Lang::En).contains("2049 bytes"), "{e}");
    std::fs::write(d.path().join("ca.pem"), [0x30u8, 0x82, 0x01, 0x0a, 0xff]).unwrap();
    assert!(
        load(&p).unwrap_err().0[0]
            .message(Lang::En)
            .contains("not PEM")
    );
    std::fs::write(d.path().join("ca.pem"), "").unwrap();
    assert!(
        load(&p).unwrap_err().0[0]
            .message(Lang::En)
            .contains("empty")
    );
    std::fs::write(
        d.path().join("ca.pem"),
        "-----BEGIN CERTIFICATE-----\nno end\n",
    )
    .unwrap();
    assert!(
        load(&p).unwrap_err().0[0]
            .message(Lang::En)
            .contains("not PEM")
    );
}

#[test]
fn tcp_mode_needs_its_section_and_https_rule_names_https() {
    let text = ISSUE.replace("mode = \"normal\"", "mode = \"tcp\"");
    let cut = text.find("[pairing.tcp]").unwrap();
    let end = text.find("[serial]").unwrap();
    let text = format!("{}{}", &text[..cut], &text[end..]);
    let e = one_error(&text);
    assert_eq!(e.key, "pairing.tcp");

    // The issue's own profile gives a certificate with `https = false`: it is loaded, not sent.
    let l = load_text(ISSUE).unwrap();
    let keys: Vec<&str> = l.warnings.iter().map(|w| w.0.as_str()).collect();
    assert_eq!(keys, vec!["http.ca_cert", "pairing.tcp"]);
}

#[test]
fn save_round_trips_and_omits_secrets_on_request() {
    let l = load_text(ISSUE).unwrap();
    let d = dir_with_certs();
    let p = d.path().join("out.toml");
    save(&l.profile, &p, true).unwrap();
    assert_eq!(load(&p).unwrap().profile, l.profile);
    save(&l.profile, &p, false).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(!text.contains("password"), "{text}");
    assert!(!text.contains("123456"));
    let back = load(&p).unwrap().profile;
    assert_eq!(back.mqtt.as_ref().unwrap().password, None);
    assert!(to_toml(&l.profile, true).unwrap().contains("123456"));
}

/// A profile saved with its password is readable by its owner only (issue 10, item 9); one
/// saved without keeps the usual permissions.
#[cfg(unix)]
#[test]
fn a_profile_saved_with_its_password_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let l = load_text(ISSUE).unwrap();
    let d = dir_with_certs();
    let p = d.path().join("secret.toml");
    save(&l.profile, &p, true).unwrap();
    let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
}

#[test]
fn key_lines() {
    assert_eq!(
        line_of_key(ISSUE, "mqtt.will.topic"),
        line_with(ISSUE, "topic = \"status\"")
    );
    assert_eq!(
        line_of_key(ISSUE, "http.headers[0].name"),
        line_with(ISSUE, "name = \"Content-Type\"")
    );
    assert_eq!(
        line_of_key(ISSUE, "gpio[0].mode"),
        line_with(ISSUE, "mode = \"input\"")
    );
    assert!(parse("[mqtt\n", None, Path::new(".")).unwrap_err().0[0].line == Some(1));
}

#[test]
fn serial_framing_keys_load_and_bad_ones_say_what_is_allowed() {
    let text = ISSUE.replace(
        "baud = 115200 ",
        "data_bits = 7\nparity = \"odd\"\nstop_bits = 1.5\nbaud = 115200 ",
    );
    let l = load_text(&text).unwrap();
    let u = l.profile.serial.as_ref().unwrap().uart();
    use ct11_configurator::at::basic::{Parity, StopBits};
    assert_eq!(
        (u.baud, u.data_bits, u.parity, u.stop_bits),
        (115200, 7, Parity::Odd, StopBits::OnePointFive)
    );

    let bad = ISSUE.replace("baud = 115200 ", "stop_bits = 3\nbaud = 115200 ");
    let e = one_error(&bad);
    assert_eq!(e.line, line_with(&bad, "stop_bits"));
    assert!(e.message(Lang::En).contains("1, 1.5 or 2"), "{e}");

    let bad = ISSUE.replace("baud = 115200 ", "parity = \"mark\"\nbaud = 115200 ");
    let e = one_error(&bad);
    assert_eq!(e.line, line_with(&bad, "parity"));
    assert!(e.message(Lang::En).contains("even"), "{e}");

    let bad = ISSUE.replace("baud = 115200 ", "data_bits = 6\nbaud = 115200 ");
    let e = one_error(&bad);
    assert_eq!(e.key, "serial.data_bits");
    assert_eq!(e.line, line_with(&bad, "data_bits"));
}
