//! The command line end to end: the built binary against `simulate`, the simulated module on a
//! pseudo-terminal in a second process. `simulate --report` prints what the module received and
//! stores when it is stopped (SIGTERM), which is how these tests see the module's side.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_ct11-configurator");
/// Bound for any one run of the binary (a wedged run fails the test instead of hanging it).
const RUN_LIMIT: Duration = Duration::from_secs(30);

const PEM_HEAD: &str = "-----BEGIN CERTIFICATE-----\n";
const PEM_TAIL: &str = "-----END CERTIFICATE-----\n";

/// A PEM file of exactly `len` bytes (base64-looking lines of 64 characters).
fn pem(len: usize) -> Vec<u8> {
    let mut body = String::new();
    let fill = len - PEM_HEAD.len() - PEM_TAIL.len();
    let mut i = 0usize;
    while body.len() < fill {
        if body.len() % 65 == 64 || body.len() + 1 == fill {
            body.push('\n');
        } else {
            body.push(char::from(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[i % 64],
            ));
            i += 1;
        }
    }
    let pem = format!("{PEM_HEAD}{body}{PEM_TAIL}").into_bytes();
    assert_eq!(pem.len(), len);
    pem
}

/// A running `simulate`.
struct Sim {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<std::process::ChildStdout>,
    path: String,
}

impl Sim {
    fn start(args: &[&str]) -> Sim {
        let mut child = Command::new(BIN)
            .args(["simulate", "--fast", "--report"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start simulate");
        let stdin = child.stdin.take();
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        // The first line is the path; reading it is the wait for the module to be ready.
        let mut path = String::new();
        stdout.read_line(&mut path).expect("read the path");
        let path = path.trim().to_string();
        assert!(Path::new(&path).exists(), "simulate printed `{path}`");
        Sim {
            child,
            stdin,
            stdout,
            path,
        }
    }

    /// Stop the module as a person or a script does (SIGTERM; closing stdin does not stop
    /// it) and return its report.
    fn finish(mut self) -> Value {
        drop(self.stdin.take());
        let pid = i32::try_from(self.child.id()).expect("pid");
        // SAFETY: sending a signal to our own child process.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
        let mut rest = String::new();
        self.stdout.read_to_string(&mut rest).expect("report");
        let status = wait_bounded(&mut self.child);
        assert!(status.success(), "simulate exited with {status:?}");
        assert!(!Path::new(&self.path).exists(), "the pty path is removed");
        serde_json::from_str(rest.trim()).unwrap_or_else(|e| panic!("{e}: {rest:?}"))
    }
}

/// Waits for a child whose stdout reached its end (it is exiting).
fn wait_bounded(child: &mut Child) -> std::process::ExitStatus {
    child.wait().expect("wait")
}

/// Run the binary to its end (bounded).
fn run(args: &[&str]) -> Output {
    // `__sh__ SCRIPT` runs a shell script instead of the binary.
    let mut cmd = if args.first() == Some(&"__sh__") {
        let mut c = Command::new("sh");
        c.arg("-c").args(&args[1..]);
        c
    } else {
        let mut c = Command::new(BIN);
        c.args(args);
        c
    };
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    finish_bounded(child, args)
}

/// Run the binary to its end (bounded) with these environment variables set.
fn run_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let child = Command::new(BIN)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    finish_bounded(child, args)
}

/// Wait for a started run to end and collect its output, failing the test after [`RUN_LIMIT`].
fn finish_bounded(child: Child, args: &[&str]) -> Output {
    let (tx, rx) = crossbeam_channel::bounded(1);
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    rx.recv_timeout(RUN_LIMIT)
        .unwrap_or_else(|_| panic!("`{}` did not finish", args.join(" ")))
        .expect("output")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn lines(report: &Value) -> Vec<String> {
    report["received_lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l.as_str().unwrap_or_default().to_string())
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

fn temp_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::File::create(&p)
        .and_then(|mut f| f.write_all(bytes))
        .expect("write");
    p
}

#[test]
fn info_json_reads_identity_and_changes_nothing() {
    for dialect in ["example", "table"] {
        let sim = Sim::start(&["--dialect", dialect]);
        let out = run(&["info", "--port", &sim.path, "--json"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
        assert_eq!(v["firmware"], "CT11_V1.0.1");
        assert_eq!(v["imei"], "860720087453595");
        assert_eq!(v["iccid"], "898604E6192391620488");
        assert_eq!(v["rssi"], 15);
        assert_eq!(v["rssi_dbm"], -83);
        assert_eq!(v["registration"], 1);
        assert_eq!(v["registered"], true);
        let report = sim.finish();
        assert_eq!(
            lines(&report),
            [
                "AT", "AT+GMR", "AT+GSN", "AT+QCCID", "AT+CSQ", "AT+CREG?", "AT+CPSI"
            ],
            "{dialect}: queries only"
        );
        assert_eq!(report["restarts"], 0);
    }
}

#[test]
fn info_without_a_sim_gives_null_iccid() {
    for dialect in ["example", "table"] {
        let sim = Sim::start(&["--no-sim", "--dialect", dialect]);
        let out = run(&["info", "--port", &sim.path, "--json"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(v["iccid"], Value::Null, "{dialect}");
        assert_eq!(v["registered"], false);
        assert_eq!(v["firmware"], "CT11_V1.0.1");
        // Plain text says so in words.
        let out = run(&["info", "--port", &sim.path]);
        assert!(
            text(&out.stdout).contains("no SIM detected"),
            "{}",
            text(&out.stdout)
        );
        sim.finish();
    }
}

#[test]
fn info_through_faults_and_echo_off() {
    let sim = Sim::start(&[
        "--echo",
        "off",
        "--fault",
        "garbage",
        "--fault",
        "split",
        "--fault",
        "urc-mid-answer",
    ]);
    let out = run(&["info", "--port", &sim.path, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["imei"], "860720087453595");
    assert_eq!(v["rssi_dbm"], -83);
    assert_eq!(sim.finish()["echo"], false);
}

#[test]
fn send_prints_answers_and_fails_in_words() {
    let sim = Sim::start(&[]);
    let out = run(&[
        "send",
        "--port",
        &sim.path,
        "AT+CSQ",
        "AT+QMTCFG=\"CT11-9999\",\"MQTT1\",\"123456\"",
        "AT+QIOPEN=\"TCP\",\"112.125.89.8\",33124,0,0",
    ]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("> AT+CSQ\n+CSQ:15,99\nOK\n"), "{stdout}");
    assert!(
        stdout.contains("CONNECT,ID:3"),
        "ends on the CONNECT line: {stdout}"
    );

    // A module error: non-zero exit and the code's meaning in words; later commands skipped.
    let out = run(&["send", "--port", &sim.path, "AT+QISEND=9,2", "AT+GMR"]);
    assert_eq!(out.status.code(), Some(4));
    let err = text(&out.stderr);
    assert!(err.contains("ERROR=102"), "{err}");
    assert!(err.contains("state or mode error"), "{err}");
    assert_eq!(err.lines().count(), 1, "one plain-language line: {err}");
    assert!(!text(&out.stdout).contains("VERSION"));

    // Refused before sending: a line ending inside a command.
    let out = run(&["send", "--port", &sim.path, "AT\r\nAT+RST"]);
    assert_eq!(out.status.code(), Some(2));

    let report = sim.finish();
    assert_eq!(
        lines(&report)
            .into_iter()
            .filter(|l| l != "AT")
            .collect::<Vec<_>>(),
        [
            "AT+CSQ",
            "AT+QMTCFG=\"CT11-9999\",\"MQTT1\",\"123456\"",
            "AT+QIOPEN=\"TCP\",\"112.125.89.8\",33124,0,0",
            "AT+QISEND=9,2"
        ]
    );
}

#[test]
fn send_timeout_bounds_the_wait_on_a_silent_module() {
    let sim = Sim::start(&["--fault", "silent"]);
    let out = run(&["send", "--port", &sim.path, "--timeout", "0.5", "AT+CSQ"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    // The 0.5 s bound, not the command's own 5 s: the message states the time actually waited
    // (measured by the worker), so no wall-clock check that could flake under load.
    assert!(err.contains("No answer within 0.5 s"), "{err}");
    assert_eq!(
        lines(&sim.finish()).last().map(String::as_str),
        Some("AT+CSQ")
    );
}

#[test]
fn cert_uploads_byte_for_byte() {
    let dir = tempfile::tempdir().expect("dir");
    let sim = Sim::start(&[]);
    // Large: progress on stderr; the largest size the module takes.
    let big = pem(2048);
    let path = temp_file(&dir, "ca.pem", &big);
    let out = run(&[
        "cert",
        "--port",
        &sim.path,
        "--target",
        "mqtt",
        path.to_str().expect("utf-8 path"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("OK"), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("2048/2048 bytes"),
        "{}",
        text(&out.stderr)
    );
    // Small, CRLF lines (kept as they are), to HTTPS.
    let small = b"-----BEGIN CERTIFICATE-----\r\nMIIBszCCAVmg\r\n-----END CERTIFICATE-----\r\n";
    let path2 = temp_file(&dir, "https.crt", small);
    let out = run(&[
        "cert",
        "--port",
        &sim.path,
        "--target",
        "http",
        path2.to_str().expect("utf-8 path"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = sim.finish();
    assert_eq!(report["mqtt_certificate"]["hex"], hex(&big));
    assert_eq!(report["mqtt_certificate"]["mode"], 1);
    assert_eq!(report["mqtt_certificate"]["verify"], 1);
    assert_eq!(report["http_certificate"]["hex"], hex(small));
    assert_eq!(report["http_certificate"]["verify"], 1);
    // The payload went only after the prompt and nothing followed it: the module saw the two
    // commands (and the opening checks) and no other line.
    assert_eq!(
        lines(&report),
        [
            "AT",
            "AT+MQTTCERTIFI=1,1,2048",
            "AT",
            &format!("AT+HTTPCERTIFI=1,{}", small.len())
        ]
    );
}

#[test]
fn cert_refuses_bad_files_before_sending() {
    let dir = tempfile::tempdir().expect("dir");
    let sim = Sim::start(&[]);
    let mut cases = vec![
        ("empty.pem", Vec::new(), "empty"),
        ("big.pem", pem(2049), "2049 bytes"),
        (
            "cert.der",
            vec![0x30, 0x82, 0x01, 0x0a, 0x02, 0x82],
            "not a PEM",
        ),
        ("notes.txt", b"just some text\n".to_vec(), "BEGIN"),
    ];
    let mut utf8 = pem(200);
    utf8.extend("证书".as_bytes());
    cases.push(("utf8.pem", utf8, "not a PEM"));
    for (name, bytes, why) in cases {
        let path = temp_file(&dir, name, &bytes);
        for target in ["mqtt", "http"] {
            let out = run(&[
                "cert",
                "--port",
                &sim.path,
                "--target",
                target,
                path.to_str().expect("utf-8 path"),
            ]);
            assert_eq!(out.status.code(), Some(2), "{name}");
            let err = text(&out.stderr);
            assert!(
                err.contains(why) && err.contains("nothing was sent"),
                "{name}: {err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
    let out = run(&[
        "cert",
        "--port",
        &sim.path,
        "--target",
        "mqtt",
        "/nonexistent/ca.pem",
    ]);
    assert_eq!(out.status.code(), Some(5));
    let report = sim.finish();
    assert!(
        lines(&report).is_empty(),
        "nothing reached the module: {report}"
    );
    assert_eq!(report["mqtt_certificate"], Value::Null);
}

#[test]
fn ports_json_is_an_array() {
    let out = run(&["ports", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let listed = v.as_array().expect("array");
    for p in listed {
        assert!(p["name"].is_string(), "{p}");
        assert!(p["kind"].is_string(), "{p}");
    }
    // The same ports the system lists (none on a machine without serial ports: then the JSON
    // is `[]` and the plain listing says so and how to use the simulated module).
    let system: Vec<String> = serialport::available_ports()
        .map(|ps| ps.into_iter().map(|p| p.port_name).collect())
        .unwrap_or_default();
    let names: Vec<&str> = listed.iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, system, "{}", text(&out.stdout));
    let plain = run(&["ports"]);
    assert!(plain.status.success(), "{}", text(&plain.stderr));
    let plain = text(&plain.stdout);
    if system.is_empty() {
        assert_eq!(text(&out.stdout).trim(), "[]");
        assert!(plain.contains("No serial ports found"), "{plain}");
        assert!(plain.contains("--port sim"), "{plain}");
    } else {
        for name in &system {
            assert!(plain.contains(name.as_str()), "{plain}");
        }
    }
}

#[test]
fn help_on_every_subcommand() {
    let out = run(&["--help"]);
    assert!(out.status.success());
    let top = text(&out.stdout);
    for sub in ["gui", "ports", "info", "send", "cert", "simulate"] {
        assert!(top.contains(sub), "{top}");
        let out = run(&[sub, "--help"]);
        assert!(out.status.success(), "{sub}: {}", text(&out.stderr));
        let help = text(&out.stdout);
        assert!(help.contains("Usage: ct11-configurator"), "{sub}: {help}");
        assert!(help.lines().count() >= 5, "{sub}: {help}");
    }
    let cert = text(&run(&["cert", "--help"]).stdout);
    assert!(cert.contains("2048") && cert.contains("--target"), "{cert}");
    let sim = text(&run(&["simulate", "--help"]).stdout);
    assert!(
        sim.contains("urc-mid-answer") && sim.contains("--no-sim"),
        "{sim}"
    );
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    let out = run(&["cert", "--port", "x", "--target", "ftp", "a.pem"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["info", "--port", "x", "--baud", "12345"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not supported"));
}

#[test]
fn simulate_stops_on_sigterm_and_cleans_up() {
    let mut sim = Sim::start(&[]);
    let pid = i32::try_from(sim.child.id()).expect("pid");
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let mut rest = String::new();
    sim.stdout.read_to_string(&mut rest).expect("report");
    let status = wait_bounded(&mut sim.child);
    assert!(status.success(), "{status:?}");
    assert!(!Path::new(&sim.path).exists());
    let report: Value = serde_json::from_str(rest.trim()).expect("report");
    assert!(lines(&report).is_empty());
}

/// The example of `simulate --help`, run from a shell script as a user would: `simulate` in the
/// background with stdin closed (a script's `&` gives it /dev/null), then `info` on the path it
/// printed. `simulate` must keep running although its stdin is at end of file.
#[test]
fn simulate_help_example_works_from_a_script() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = format!(
        r#"set -e
"{BIN}" simulate --fast </dev/null >"{d}/path" 2>/dev/null &
SIM=$!
for i in $(seq 200); do [ -s "{d}/path" ] && break; sleep 0.05; done
"{BIN}" info --port "$(head -n 1 "{d}/path")" </dev/null
rc=$?
kill -TERM $SIM
wait $SIM
exit $rc
"#,
        d = dir.path().display()
    );
    let out = run(&["__sh__", &script]);
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("IMEI"), "{}", text(&out.stdout));
}

/// `--max-seconds` ends the module on its own, with its report, whatever stdin does.
#[test]
fn simulate_max_seconds_ends_it() {
    let out = run(&["simulate", "--fast", "--report", "--max-seconds", "0.5"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let mut lines_out = stdout.lines();
    let path = lines_out.next().expect("path line");
    assert!(!Path::new(path).exists(), "the pty path is removed");
    let report: Value = serde_json::from_str(lines_out.next().expect("report")).expect("json");
    assert!(lines(&report).is_empty());
    let bad = run(&["simulate", "--max-seconds", "-1"]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
}

/// Run the binary with `input` on its stdin (then closed), bounded.
fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).expect("write stdin");
    drop(stdin);
    finish_bounded(child, args)
}

/// A factory script: `send --keep-going -` reads the commands from stdin (CRLF, a BOM, blank
/// lines and comments as Windows editors leave them), runs every one in one session, prints each
/// outcome and exits 4 because one failed.
#[test]
fn send_keep_going_runs_a_script_from_stdin() {
    let sim = Sim::start(&[]);
    let script = "\u{feff}# set-up of a site\r\nAT+CSQ\r\n\r\nAT+QISEND=9,2\r\nAT+GMR\r\n";
    let out = run_with_stdin(
        &["send", "--port", &sim.path, "--keep-going", "-"],
        script.as_bytes(),
    );
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stdout}\n{stderr}");
    let csq = stdout.find("> AT+CSQ\n+CSQ:15,99\nOK\n").expect(&stdout);
    let qisend = stdout.find("> AT+QISEND=9,2\nERROR=102\n").expect(&stdout);
    let gmr = stdout.find("> AT+GMR\n").expect(&stdout);
    assert!(csq < qisend && qisend < gmr, "in order: {stdout}");
    assert!(
        stdout.contains("VERSION"),
        "ran on after the failure: {stdout}"
    );
    assert!(stderr.contains("AT+QISEND=9,2") && stderr.contains("state or mode error"));
    assert!(stderr.contains("1 of 3 commands failed"), "{stderr}");

    // The same from a file, without --keep-going: the first failure ends the run.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("setup.txt");
    std::fs::write(&file, "AT+QISEND=9,2\nAT+GMR\n").expect("write");
    let out = run(&[
        "send",
        "--port",
        &sim.path,
        "--file",
        file.to_str().expect("utf8"),
    ]);
    assert_eq!(out.status.code(), Some(4));
    assert!(!text(&out.stdout).contains("VERSION"));

    // Checked before anything is sent: a bad line 2 sends nothing, names the line, exit 2.
    let out = run_with_stdin(
        &["send", "--port", &sim.path, "-"],
        "AT+CSQ\nHELLO\n".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("command 2"),
        "{}",
        text(&out.stderr)
    );
    // Nothing on stdin (a script with stdin closed): a clear error, exit 2.
    let out = run_with_stdin(&["send", "--port", &sim.path, "-"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no commands"),
        "{}",
        text(&out.stderr)
    );

    let report = sim.finish();
    assert_eq!(
        lines(&report)
            .into_iter()
            .filter(|l| l != "AT")
            .collect::<Vec<_>>(),
        ["AT+CSQ", "AT+QISEND=9,2", "AT+GMR", "AT+QISEND=9,2"]
    );
}

/// `--lang` changes the words and nothing else: Chinese lines with `--lang zh` (before or after
/// the subcommand), the same JSON, the same raw module lines and exit code; without it, the
/// English of before, even on a Chinese system (scripts parse it).
#[test]
fn lang_switches_the_words_and_english_stays_the_default() {
    let zh = run(&["--lang", "zh", "info", "--port", "sim"]);
    assert!(zh.status.success(), "{}", text(&zh.stderr));
    let zh = text(&zh.stdout);
    assert!(zh.lines().any(|l| l == "固件版本  CT11_V1.0.1"), "{zh}");
    assert!(zh.contains("\n信号强度  -83 dBm（rssi 15）\n"), "{zh}");
    let hant = text(&run(&["info", "--port", "sim", "--lang", "zh-hant"]).stdout);
    assert!(hant.lines().any(|l| l == "韌體版本  CT11_V1.0.1"), "{hant}");

    let chinese_system = [("LC_ALL", "zh_CN.UTF-8"), ("LANG", "zh_CN.UTF-8")];
    let en = run_env(&["info", "--port", "sim"], &chinese_system);
    assert!(en.status.success(), "{}", text(&en.stderr));
    assert_eq!(
        text(&en.stdout),
        "Firmware      CT11_V1.0.1\n\
         IMEI          860720087453595\n\
         ICCID         898604E6192391620488\n\
         Signal        -83 dBm (rssi 15)\n\
         Registration  Registered (home network)\n\
         Serving cell  460-0,0x25ef,47198990,411,5,5,-19,-82,-69,0\n"
    );

    let json = |args: &[&str]| {
        let out = run(args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice::<Value>(&out.stdout).expect("JSON")
    };
    assert_eq!(
        json(&["--lang", "zh", "info", "--port", "sim", "--json"]),
        json(&["info", "--port", "sim", "--json"])
    );

    // A module error: the module's lines as they came, the sentence in Chinese, the same code.
    for (env, lang, ending) in [
        (&chinese_system[..], None, ": ERROR=102"),
        (&[][..], Some("zh"), "：ERROR=102"),
    ] {
        let mut args = vec!["send", "--port", "sim", "AT+QISEND=9,2"];
        if let Some(l) = lang {
            args.extend(["--lang", l]);
        }
        let out = run_env(&args, env);
        assert_eq!(out.status.code(), Some(4), "{lang:?}");
        assert_eq!(text(&out.stdout), "> AT+QISEND=9,2\nERROR=102\n");
        let err = text(&out.stderr);
        assert!(
            err.starts_with(&format!("ct11-configurator: AT+QISEND=9,2{ending}")),
            "{lang:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}
