//! `check --prove` with a profile's `[http]` section: the module (online simulated, real
//! connections from this computer) makes its request, this computer makes the same one, and
//! the two answers are compared. Real servers on 127.0.0.1, started here.
#![cfg(unix)]

mod net_common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use net_common::{Pki, http_server, https_server};

const BIN: &str = env!("CARGO_BIN_EXE_ct11-configurator");

fn check(profile: &str) -> (Option<i32>, serde_json::Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.toml");
    std::fs::write(&path, profile).unwrap();
    let out = std::process::Command::new(BIN)
        .args([
            "check",
            "--port",
            "sim-online",
            "--prove",
            "--json",
            "--profile",
        ])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    let text = std::process::Command::new(BIN)
        .args(["check", "--port", "sim-online", "--prove", "--profile"])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    (out.status.code(), json, text)
}

#[test]
fn an_http_only_profile_is_compared_and_the_same_answer_passes() {
    let server = http_server();
    let (code, json, text) = check(&format!(
        "[http]\nurl = \"http://127.0.0.1:{0}/site\"\nport = {0}\n",
        server.port
    ));
    assert_eq!(code, Some(0), "{json:#}");
    assert!(json["proof"].is_null(), "no [mqtt]: no delivery proof");
    let http = &json["http"];
    assert_eq!(http["module_status"], 200, "{json:#}");
    assert_eq!(http["pc_status"], 200);
    assert_eq!(
        (&http["same_status"], &http["same_body"]),
        (&true.into(), &true.into())
    );
    assert!(
        text.contains("✓ Proof HTTP module vs PC") && text.contains("module 200, PC 200: same"),
        "{text}"
    );
}

#[test]
fn https_with_the_profile_ca_is_compared_the_same_way() {
    let pki = Pki::new();
    let server = https_server(&pki, false);
    let dir = pki.path("ca.pem");
    let (code, json, _) = check(&format!(
        "[http]\nurl = \"https://127.0.0.1:{0}/secure\"\nport = {0}\nhttps = true\nca_cert = \"{1}\"\n",
        server.port,
        dir.display()
    ));
    assert_eq!(code, Some(0), "{json:#}");
    assert_eq!(json["http"]["module_status"], 200, "{json:#}");
    assert_eq!(json["http"]["same_body"], true);
}

/// Answers 200 to the first request and 503 to every later one: the module asks first, so it
/// and this computer get different answers.
fn changing_server() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&seen);
    std::thread::spawn(move || {
        for mut c in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let mut head = Vec::new();
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match c.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let n = count.fetch_add(1, Ordering::SeqCst);
            let (status, body) = if n == 0 {
                ("200 OK", "first")
            } else {
                ("503 Service Unavailable", "busy")
            };
            let _ = write!(
                c,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (port, seen)
}

#[test]
fn a_different_answer_fails_with_exit_6_and_says_so() {
    let (port, seen) = changing_server();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.toml");
    std::fs::write(
        &path,
        format!("[http]\nurl = \"http://127.0.0.1:{port}/x\"\nport = {port}\n"),
    )
    .unwrap();
    let out = std::process::Command::new(BIN)
        .args(["check", "--port", "sim-online", "--prove", "--profile"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("✗ Proof HTTP module vs PC")
            && stdout.contains("module 200, PC 503: DIFFERENT"),
        "{stdout}"
    );
    assert!(
        stdout.contains("the server answers them differently"),
        "{stdout}"
    );
    assert!(stderr.contains("differs from this computer's"), "{stderr}");
    assert_eq!(seen.load(Ordering::SeqCst), 2, "one request each");
}

#[test]
fn a_profile_without_mqtt_or_http_is_refused_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.toml");
    std::fs::write(&path, "[network]\nping_host = \"127.0.0.1\"\n").unwrap();
    let out = std::process::Command::new(BIN)
        .args(["check", "--port", "sim-online", "--prove", "--profile"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[http] section"));
}
