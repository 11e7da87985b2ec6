//! Applying profiles to the simulated module, in-process and over a pseudo-terminal: round
//! trips, a module that forgets, a restart and an unplug mid-job, bad profiles, and a batch.

use ct11_configurator::at::basic::UartConfig;
use ct11_configurator::profile::batch::{self, Batch, EntryPhase};
use ct11_configurator::profile::health::{self, HealthOptions, Verdict};
use ct11_configurator::profile::load::parse;
use ct11_configurator::profile::runner::{
    ApplyJob, ApplyOptions, JobState, JobStatus, StepState, apply_blocking,
};
use ct11_configurator::profile::verify::ReadJob;
use ct11_configurator::profile::{Certs, Profile};
use ct11_configurator::sim::{self, Faults, SimConfig, SimHandle};
use ct11_configurator::worker::{Client, Event, LinkState, PortOpener};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PEM: &str =
    "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUFakeFakeFake\n-----END CERTIFICATE-----\n";

const FULL: &str = r#"
[mqtt]
client_id = "ct11-{imei_last6}"
username = "MQTT1"
password = "123456"
host = "broker.example.com"
port = 1883
auto_reconnect = true
clean_session = true
keepalive_s = 120
ca_cert = "ca.pem"
[mqtt.will]
qos = 1
retain = false
topic = "status/{imei}"
message = "offline"
[[mqtt.subscriptions]]
topic = "cmd/{imei_last6}"
qos = 1
[[mqtt.subscriptions]]
topic = "all"
[http]
url = "http://example.com/post"
port = 80
https = false
[[http.headers]]
name = "Content-Type"
value = "application/json"
[power]
sleep = "none"
[[gpio]]
pin = 1
mode = "output_high"
[pairing]
mode = "normal"
[serial]
baud = 115200
"#;

/// pty pairs are not thread-safe, and the baud test reopens ports: one test at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn load(text: &str) -> (Profile, Certs) {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("ca.pem"), PEM).unwrap();
    let l = parse(text, None, d.path()).unwrap();
    (l.profile, l.certs)
}

fn connect(opener: Arc<dyn PortOpener>) -> Client {
    let mut c = Client::new();
    let s = c
        .open(opener, UartConfig::default(), true, Duration::from_secs(20))
        .unwrap();
    assert!(s.is_connected(), "{s:?}");
    c
}

fn opts() -> ApplyOptions {
    ApplyOptions {
        mqtt_connect_timeout: Duration::from_secs(10),
        ..ApplyOptions::default()
    }
}

fn assert_done(s: &JobStatus) {
    assert_eq!(
        s.state,
        JobState::Done,
        "{:?}\n{:#?}\n{:?}",
        s.message,
        s.steps
            .iter()
            .map(|x| format!("{} {} {}", x.state.mark(), x.preview, x.answer.en()))
            .collect::<Vec<_>>(),
        s.diff.iter().filter(|d| !d.ok).collect::<Vec<_>>()
    );
}

/// The same loop as `apply_blocking`, with a hook on every event (to break things mid-job).
fn apply_with(
    client: &mut Client,
    p: Profile,
    c: Certs,
    mut hook: impl FnMut(&Event, &JobStatus),
) -> JobStatus {
    let mut job = ApplyJob::new(p, c, opts());
    let mut reqs = job.start(Instant::now());
    loop {
        for r in reqs.drain(..) {
            client.send(r).unwrap();
        }
        if job.is_finished() {
            return job.status().clone();
        }
        let wait = job
            .next_deadline()
            .map(|d| d.saturating_duration_since(Instant::now()))
            .unwrap_or(Duration::from_secs(60));
        match client.next_event(wait) {
            Ok(ev) => {
                hook(&ev, job.status());
                reqs = job.on_event(&ev, Instant::now());
            }
            Err(_) => reqs = job.tick(Instant::now()),
        }
    }
}

fn read_back(client: &mut Client) -> Profile {
    let mut rj = ReadJob::new();
    for r in rj.start() {
        client.send(r).unwrap();
    }
    while !rj.on_event(&client.next_event(Duration::from_secs(30)).unwrap()) {}
    rj.result().unwrap().clone().unwrap()
}

fn round_trip(sim: &SimHandle, opener: Arc<dyn PortOpener>) {
    let (p, certs) = load(FULL);
    let mut client = connect(opener);
    let st = apply_blocking(&mut client, p.clone(), certs, opts());
    assert_done(&st);
    assert!(st.diff.len() > 15, "{:?}", st.diff);
    assert_eq!(st.live.len(), 3);
    assert!(
        st.live.iter().all(|r| r.verdict == Verdict::Pass),
        "{:?}",
        st.live
    );

    let back = read_back(&mut client);
    let applied = st.applied.clone().unwrap();
    assert_eq!(back.mqtt.as_ref().unwrap().client_id, "ct11-453595");
    let mut want = applied.clone();
    // What cannot be read back from a module: certificate paths, GPIO directions.
    want.mqtt.as_mut().unwrap().ca_cert = None;
    want.gpio.clear();
    assert_eq!(back.mqtt, want.mqtt);
    assert_eq!(back.http, want.http);
    assert_eq!(back.power, want.power);
    assert_eq!(back.pairing, want.pairing);
    assert_eq!(back.serial, want.serial);
    let _ = sim;
}

#[test]
fn round_trip_in_process() {
    let _g = serial();
    let sim = SimHandle::spawn(SimConfig::fast());
    round_trip(&sim, sim::handle_opener(sim.clone()));
}

#[cfg(unix)]
#[test]
fn round_trip_over_a_pty() {
    let _g = serial();
    let pty = sim::PtySim::spawn(SimConfig::fast()).unwrap();
    let path = pty.path().to_string_lossy().into_owned();
    round_trip(
        &pty.handle(),
        Arc::new(ct11_configurator::worker::SerialPath(path)),
    );
}

#[test]
fn verify_catches_a_setting_the_module_forgets() {
    let _g = serial();
    let sim = SimHandle::spawn(SimConfig::fast());
    sim.set_faults(Faults {
        forget: vec!["QMTSTART".into()],
        ..Faults::default()
    });
    let (p, certs) = load(FULL);
    let mut client = connect(sim::handle_opener(sim.clone()));
    let st = apply_blocking(&mut client, p, certs, opts());
    assert_eq!(st.state, JobState::Failed);
    assert_eq!(st.mismatched_fields(), ["mqtt.keepalive_s"]);
    assert!(st.message.unwrap().en().contains("mqtt.keepalive_s"));
}

#[test]
fn restart_mid_job_is_reapplied_and_verified() {
    let _g = serial();
    let sim = SimHandle::spawn(SimConfig::fast());
    let (p, certs) = load(FULL);
    let mut client = connect(sim::handle_opener(sim.clone()));
    let mut done = false;
    let st = apply_with(&mut client, p, certs, |ev, s| {
        // Once the MQTT session is set, the module restarts on its own (power dip).
        if !done
            && matches!(ev, Event::Step { .. })
            && s.steps
                .iter()
                .any(|x| x.key == "mqtt.client" && x.state == StepState::Running)
        {
            done = true;
            sim.with_module(|m| m.power_on(Instant::now()));
        }
    });
    assert!(done);
    assert_done(&st);
    assert!(st.restarts >= 1);
}

#[test]
fn unplug_mid_job_fails_clearly() {
    let _g = serial();
    let sim = SimHandle::spawn(SimConfig::fast());
    let (p, certs) = load(FULL);
    let mut client = connect(sim::handle_opener(sim.clone()));
    let mut pulled = false;
    let st = apply_with(&mut client, p, certs, |ev, s| {
        if !pulled
            && matches!(ev, Event::Step { .. })
            && s.steps
                .iter()
                .any(|x| x.key == "http" && x.state == StepState::Running)
        {
            pulled = true;
            sim.unplug();
        }
    });
    assert!(pulled);
    assert_eq!(st.state, JobState::Failed);
    let msg = st.message.clone().unwrap().en();
    assert!(msg.contains("Steps done"), "{msg}");
    assert!(st.steps.iter().any(|x| x.state == StepState::Failed));
    assert!(
        st.steps
            .iter()
            .all(|x| x.state != StepState::Running && x.state != StepState::Pending)
    );
}

#[test]
fn bad_profiles_send_nothing() {
    let _g = serial();
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut client = connect(sim::handle_opener(sim.clone()));
    let before = sim.received_lines();
    for bad in [
        FULL.replace("password = \"123456\"", "password = \"12\\\"3\""),
        FULL.replace("keepalive_s = 120", "keepalive_s = 9999"),
        FULL.replace("topic = \"all\"", "topic = \"{serial}\""),
    ] {
        // Skip the loader's own check: ApplyJob must refuse on its own.
        let mut p: Profile = toml::from_str(&bad).unwrap();
        p.mqtt.as_mut().unwrap().ca_cert = None;
        let st = apply_blocking(&mut client, p, Certs::default(), opts());
        assert_eq!(st.state, JobState::Failed);
        assert!(!st.errors.is_empty());
    }
    assert_eq!(sim.received_lines(), before, "nothing was sent");
}

#[test]
fn health_check_on_a_good_and_a_simless_module() {
    let _g = serial();
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut client = connect(sim::handle_opener(sim.clone()));
    let r = health::check_blocking(&mut client, HealthOptions::default());
    assert_eq!(r.len(), 6);
    assert_eq!(r[5].verdict, Verdict::Skipped, "no broker, no proof: {r:?}");
    assert_eq!(r[0].verdict, Verdict::Pass, "{r:?}");
    assert_eq!(r[3].verdict, Verdict::Pass, "{r:?}");
    assert_eq!(
        r[4].verdict,
        Verdict::Skipped,
        "no broker configured: {r:?}"
    );

    let sim = SimHandle::spawn(SimConfig {
        iccid: None,
        ..SimConfig::fast()
    });
    let mut client = connect(sim::handle_opener(sim.clone()));
    let r = health::check_blocking(&mut client, HealthOptions::default());
    assert_eq!(r[0].verdict, Verdict::Fail);
    assert_eq!(
        r[0].sentence(ct11_configurator::i18n::Lang::En),
        "No SIM detected: reseat the SIM card"
    );
    assert!(r[1..].iter().all(|x| x.verdict == Verdict::Skipped));
}

#[test]
fn batch_of_three_with_retry() {
    let _g = serial();
    let sims: Vec<SimHandle> = (0..3)
        .map(|i| {
            SimHandle::spawn(SimConfig {
                imei: format!("86072008745359{i}"),
                ..SimConfig::fast()
            })
        })
        .collect();
    sims[1].set_faults(Faults {
        forget: vec!["HTTPPARA".into()],
        ..Faults::default()
    });
    let (p, certs) = load(FULL);
    let ports = sims.iter().map(|s| sim::handle_opener(s.clone())).collect();
    let mut b = Batch::new(p, certs, opts(), ports, || None);
    b.start(Instant::now());
    let end = Instant::now() + Duration::from_secs(120);
    while !b.is_finished() && Instant::now() < end {
        b.wait(Duration::from_secs(5));
        b.poll(Instant::now());
    }
    let rows = b.rows();
    assert_eq!(
        rows.iter().map(|r| r.phase).collect::<Vec<_>>(),
        [EntryPhase::Done, EntryPhase::Failed, EntryPhase::Done],
        "{:?}",
        rows.iter().map(|r| &r.message).collect::<Vec<_>>()
    );
    let res = b.results();
    assert_eq!(res[1].failed_fields, ["http.url"], "{:?}", res[1]);
    assert_eq!(res[0].imei, "860720087453590");
    assert_eq!(res[2].signal_dbm, Some(-83));

    sims[1].set_faults(Faults::default());
    b.retry_failed(Instant::now());
    while !b.is_finished() && Instant::now() < end {
        b.wait(Duration::from_secs(5));
        b.poll(Instant::now());
    }
    assert!(b.rows().iter().all(|r| r.phase == EntryPhase::Done));
    assert_eq!(b.rows()[1].attempts, 2);
    let d = tempfile::tempdir().unwrap();
    let (csv, json) = (d.path().join("b.csv"), d.path().join("b.json"));
    batch::export(&b.results(), &csv, &json).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 4);
    assert!(text.contains("860720087453591"));
    let _ = (Path::new("."), LinkState::Disconnected);
}

#[test]
fn baud_change_is_last_and_the_port_is_reopened() {
    let _g = serial();
    let sim = SimHandle::spawn(SimConfig::fast());
    let (p, certs) = load(&FULL.replace("baud = 115200", "baud = 921600"));
    let mut client = connect(sim::handle_opener(sim.clone()));
    let st = apply_blocking(&mut client, p, certs, opts());
    assert_done(&st);
    let ipr = st
        .steps
        .iter()
        .position(|s| s.preview.starts_with("AT+IPR="))
        .unwrap();
    assert_eq!(
        st.steps[ipr + 1].key,
        "verify",
        "IPR is the last applied step"
    );
    let baud = st.diff.iter().find(|d| d.key == "serial.baud").unwrap();
    assert_eq!(baud.found, "921600");
    assert_eq!(
        client.link,
        LinkState::Connected {
            port: "Simulated CT11".into(),
            baud: 921600
        }
    );
}

#[test]
fn tcp_pairing_mode_restarts_then_saves_the_client() {
    let _g = serial();
    let sim = SimHandle::spawn(SimConfig::fast());
    let text = FULL.replace(
        "mode = \"normal\"",
        "mode = \"tcp\"\n[pairing.tcp]\nhost = \"8.137.154.246\"\nport = 2057",
    );
    let (p, certs) = load(&text);
    let mut client = connect(sim::handle_opener(sim.clone()));
    let st = apply_blocking(&mut client, p, certs, opts());
    assert_done(&st);
    assert_eq!(st.steps[1].preview, "AT+SIMPLEMODE=1,0");
    assert!(st.diff.iter().any(|d| d.key == "pairing.tcp.host" && d.ok));
    // Applying again: the mode already matches, so no restart.
    let (p, certs) = load(&text);
    let st = apply_blocking(&mut client, p, certs, opts());
    assert_done(&st);
    assert!(
        !st.steps
            .iter()
            .any(|s| s.preview.starts_with("AT+SIMPLEMODE="))
    );
}

#[test]
fn serial_framing_is_applied_last_and_verified() {
    let _g = serial();
    let sim = SimHandle::spawn(SimConfig::fast());
    let text = FULL.replace(
        "baud = 115200",
        "baud = 9600\ndata_bits = 7\nparity = \"even\"\nstop_bits = 2",
    );
    let (p, certs) = load(&text);
    let mut client = connect(sim::handle_opener(sim.clone()));
    let st = apply_blocking(&mut client, p, certs, opts());
    assert_done(&st);
    let ipr = st
        .steps
        .iter()
        .find(|s| s.preview.starts_with("AT+IPR="))
        .expect("an IPR step");
    assert_eq!(ipr.preview, "AT+IPR=9600,7,2,2");
    for (key, found) in [
        ("serial.baud", "9600"),
        ("serial.data_bits", "7"),
        ("serial.parity", "even"),
        ("serial.stop_bits", "2"),
    ] {
        let d = st.diff.iter().find(|d| d.key == key).expect(key);
        assert!(d.ok && d.found == found, "{d:?}");
    }
    // The module and the host's end of the line agree on the new framing.
    let state = sim.state();
    assert_eq!(state.line, state.host_line);
    assert_eq!(state.line.data_bits, 7);
    let back = read_back(&mut client);
    let s = back.serial.expect("read back");
    assert_eq!(
        toml::to_string(&s).unwrap(),
        "baud = 9600\ndata_bits = 7\nparity = \"even\"\nstop_bits = 2\n"
    );
}

#[test]
fn mqtt_tls_without_a_certificate_is_applied_verified_and_read_back() {
    let _g = serial();
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut client = connect(sim::handle_opener(sim.clone()));
    for (tls, mode) in [(true, 1), (false, 0)] {
        let text = FULL.replace("ca_cert = \"ca.pem\"", &format!("tls = {tls}"));
        let (p, certs) = load(&text);
        let st = apply_blocking(&mut client, p, certs, opts());
        assert_done(&st);
        let step = st.steps.iter().find(|s| s.key == "mqtt.tls").expect("step");
        assert_eq!(step.preview, format!("AT+MQTTCERTIFI={mode},0,0"));
        let d = st.diff.iter().find(|d| d.key == "mqtt.tls").expect("diff");
        assert!(d.ok, "{d:?}");
        let cert = sim.state().mqtt.certificate.expect("set");
        assert_eq!((cert.mode, cert.verify, cert.data.len()), (mode, 0, 0));
        assert_eq!(read_back(&mut client).mqtt.unwrap().tls, Some(tls));
    }
}

#[test]
fn tls_false_with_a_certificate_is_refused() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("ca.pem"), PEM).unwrap();
    let text = FULL.replace("ca_cert = \"ca.pem\"", "ca_cert = \"ca.pem\"\ntls = false");
    let errs = match parse(&text, None, d.path()) {
        Err(e) => e.0,
        Ok(l) => ct11_configurator::profile::check::check_unfilled(&l.profile, &l.certs)
            .expect_err("refused"),
    };
    assert_eq!(errs[0].key, "mqtt.tls");
    assert!(
        errs[0]
            .message(ct11_configurator::i18n::Lang::En)
            .contains("Remove ca_cert")
    );
}
