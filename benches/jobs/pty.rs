//! The jobs bench itself (Unix: it needs pseudo-terminals). See `main.rs`.

use ct11_configurator::at::Command;
use ct11_configurator::at::basic::UartConfig;
use ct11_configurator::at::mqtt::MqttCert;
use ct11_configurator::at::{Checked, Validate};
use ct11_configurator::profile::load::parse;
use ct11_configurator::profile::runner::{ApplyOptions, JobState, apply_blocking};
use ct11_configurator::sim::{PtySim, SimConfig, Timing};
use ct11_configurator::worker::{Client, Event, SerialPath};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const RUNS_UPLOAD: usize = 20;
const RUNS_APPLY: usize = 5;

fn checked<T: Validate + std::fmt::Debug>(v: T) -> Checked<T> {
    Checked::new(v).expect("valid")
}

fn connect(sim: &PtySim) -> Client {
    let mut client = Client::new();
    let state = client
        .open(
            Arc::new(SerialPath(sim.path().to_string_lossy().into_owned())),
            UartConfig::default(),
            false,
            Duration::from_secs(5),
        )
        .expect("open");
    assert!(state.is_connected(), "{state:?}");
    client
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median and maximum.
fn median_max(v: &mut [f64]) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[v.len() - 1])
}

fn upload() {
    let answer = Duration::from_millis(5);
    let sim = PtySim::spawn(SimConfig {
        wire: true,
        timing: Timing {
            answer,
            ..Timing::fast()
        },
        ..SimConfig::fast()
    })
    .expect("pty");
    let mut client = connect(&sim);
    let handle = sim.handle();
    let data = include_bytes!("../../tests/fixtures/certs/cert-2048.pem").to_vec();
    let cmd = Command::MqttCertSet(checked(MqttCert {
        tls: true,
        verify: true,
        data: data.clone(),
    }));
    let wire = Duration::from_secs_f64(data.len() as f64 * 10.0 / 115_200.0);
    let line_wire = Duration::from_secs_f64(cmd.wire().len() as f64 * 10.0 / 115_200.0);
    let (mut wall, mut ratio, mut holds) = (Vec::new(), Vec::new(), Vec::new());
    let mut steps = 0;
    for _ in 0..RUNS_UPLOAD {
        client.history.clear();
        let held = handle.hold_time();
        let t = Instant::now();
        let o = client.run(cmd.clone()).expect("upload");
        let took = t.elapsed();
        assert!(o.result.is_ok(), "{o:?}");
        let held = handle.hold_time() - held;
        steps = client
            .history
            .iter()
            .filter(|e| matches!(e, Event::Progress { .. }))
            .count();
        wall.push(ms(took));
        holds.push(ms(held));
        ratio.push(took.as_secs_f64() / (wire + held).as_secs_f64());
    }
    assert_eq!(
        handle.state().mqtt.certificate.map(|c| c.data),
        Some(data.clone())
    );
    let (w50, wmax) = median_max(&mut wall);
    let (r50, rmax) = median_max(&mut ratio);
    let (h50, _) = median_max(&mut holds);
    println!(
        "certificate upload, {} bytes at 115200 baud over a pty with a simulated wire ({RUNS_UPLOAD} runs): \
         {w50:.1} ms median, {wmax:.1} ms max; wire {:.1} ms + module's answers {h50:.1} ms = {:.1} ms; \
         ratio {r50:.3} median, {rmax:.3} max (target 1.05); {steps} progress events an upload; \
         the command line's own wire time ({:.1} ms) counts as overhead",
        data.len(),
        ms(wire),
        ms(wire) + h50,
        ms(line_wire),
    );
}

/// Every section a profile has; the certificate is a real one from the test fixtures.
const PROFILE: &str = r#"
[mqtt]
client_id = "ct11-{imei_last6}"
username = "MQTT1"
password = "123456"
host = "broker.example.com"
port = 8883
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
[[gpio]]
pin = 2
mode = "input"
pull = "up"
[pairing]
mode = "normal"
[serial]
baud = 230400
"#;

fn apply() {
    let certs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/certs");
    // Made up but plausible: a query answers in 10 ms, a setter in 30 ms (flash), the broker
    // connects in 300 ms, a restart takes 800 ms to RDY.
    let timing = Timing {
        answer: Duration::from_millis(10),
        save: Duration::from_millis(20),
        mqtt_connect: Duration::from_millis(300),
        restart: Duration::from_millis(800),
        boot_step: Duration::from_millis(100),
        ..Timing::fast()
    };
    let (mut wall, mut held, mut ratio) = (Vec::new(), Vec::new(), Vec::new());
    let mut commands = 0;
    for _ in 0..RUNS_APPLY {
        let loaded = parse(PROFILE, None, &certs).expect("profile");
        let sim = PtySim::spawn(SimConfig {
            timing: timing.clone(),
            ..SimConfig::fast()
        })
        .expect("pty");
        let mut client = connect(&sim);
        let handle = sim.handle();
        let lines = handle.received_lines().len();
        let before = handle.hold_time();
        let t = Instant::now();
        let report = apply_blocking(
            &mut client,
            loaded.profile,
            loaded.certs,
            ApplyOptions::default(),
        );
        let took = t.elapsed();
        assert_eq!(report.state, JobState::Done, "{:?}", report.message);
        let h = handle.hold_time() - before;
        commands = handle.received_lines().len() - lines;
        wall.push(ms(took));
        held.push(ms(h));
        ratio.push(took.as_secs_f64() / h.as_secs_f64());
    }
    let (w50, wmax) = median_max(&mut wall);
    let (h50, _) = median_max(&mut held);
    let (r50, rmax) = median_max(&mut ratio);
    println!(
        "applying a full profile over a pty ({RUNS_APPLY} runs, {commands} command lines each, \
         one restart): {w50:.0} ms median, {wmax:.0} ms max; the module's own answer times \
         {h50:.0} ms; ratio {r50:.3} median, {rmax:.3} max (target 1.1)"
    );
}

/// Both measurements, in order.
pub fn run() {
    upload();
    apply();
}
