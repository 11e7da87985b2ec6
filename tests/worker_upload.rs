//! Payloads at the module's prompt over a pseudo-terminal: written in chunks, with progress that
//! follows the bytes written, and what Cancel does part-way (the payload is sent whole with the
//! user's own bytes, the rest of the job is cancelled; see the worker's `engine::Upload`).
//! The simulated module takes its input at the pace of a 115200-baud wire.
#![cfg(unix)]

mod worker_common;

use std::time::Duration;

use ct11_configurator::at::http::HttpCert;
use ct11_configurator::at::mqtt::MqttCert;
use ct11_configurator::at::{Answer, Command};
use ct11_configurator::sim::{Faults, SimConfig};
use ct11_configurator::worker::{CommandError, Event, JobId, Request};
use worker_common::{Rig, Via, checked, rig};

/// A certificate of exactly the module's limit.
const CERT: &[u8] = include_bytes!("fixtures/certs/cert-2048.pem");
const LINE: &[u8] = b"AT+MQTTCERTIFI=1,1,2048\r\n";
/// Bytes per chunk at 115200 8N1: 50 ms of wire.
const CHUNK: usize = 576;

fn wire() -> SimConfig {
    SimConfig {
        wire: true,
        ..SimConfig::fast()
    }
}

fn mqtt_cert() -> Command {
    Command::MqttCertSet(checked(MqttCert {
        tls: true,
        verify: true,
        data: CERT.to_vec(),
    }))
}

fn run(r: &Rig, id: JobId, steps: Vec<Command>) {
    r.client
        .send(Request::Run {
            id,
            steps: steps.into_iter().map(Into::into).collect(),
            stop_on_error: false,
        })
        .expect("worker");
}

/// What was written after the command line `line`, one write per entry.
fn writes_after(r: &Rig, line: &[u8]) -> Vec<Vec<u8>> {
    let tx: Vec<&Event> = r
        .client
        .history
        .iter()
        .filter(|e| matches!(e, Event::Tx { .. }))
        .collect();
    let at = tx
        .iter()
        .position(|e| matches!(e, Event::Tx { bytes, .. } if bytes == line))
        .expect("the command line was written");
    tx[at + 1..]
        .iter()
        .filter_map(|e| match e {
            Event::Tx { bytes, secrets, .. } => {
                assert!(secrets.is_empty(), "a payload carries no secrets");
                Some(bytes.clone())
            }
            _ => None,
        })
        .collect()
}

fn is_progress(e: &Event, id: JobId, pred: impl Fn(usize, usize) -> bool) -> bool {
    matches!(e, Event::Progress { job, done, total, .. } if *job == id && pred(*done, *total))
}

/// Waits for the end of job `id`; its step results.
fn job_results(r: &mut Rig, id: JobId) -> (Vec<Result<Answer, CommandError>>, Event) {
    let mut results = Vec::new();
    let done = r.wait("the job's end", |e| {
        if let Event::Step { job, outcome, .. } = e
            && *job == id
        {
            results.push(outcome.result.clone());
        }
        matches!(e, Event::JobDone { job, .. } if *job == id)
    });
    (results, done)
}

#[test]
fn progress_follows_the_bytes_written_and_reaches_the_total() {
    let mut r = rig(Via::Pty, wire());
    let o = r.run(mqtt_cert());
    assert!(o.result.is_ok(), "{o:?}");

    // Every Progress says exactly how many payload bytes the log shows written by then.
    let mut written = None;
    let mut progress = Vec::new();
    for e in &r.client.history {
        match e {
            Event::Tx { bytes, .. } if bytes == LINE => written = Some(0),
            Event::Tx { bytes, .. } => {
                if let Some(w) = &mut written {
                    *w += bytes.len();
                }
            }
            Event::Progress { done, total, .. } => {
                assert_eq!(*total, CERT.len());
                assert_eq!(Some(*done), written, "progress = bytes written so far");
                progress.push(*done);
            }
            Event::Step { .. } => assert_eq!(progress.last(), Some(&CERT.len())),
            _ => {}
        }
    }
    assert_eq!(progress, [0, CHUNK, 2 * CHUNK, 3 * CHUNK, CERT.len()]);
    assert_eq!(writes_after(&r, LINE).concat(), CERT);
    assert_eq!(
        r.sim.state().mqtt.certificate.map(|c| c.data),
        Some(CERT.to_vec())
    );
    r.assert_lossless();
}

#[test]
fn cancel_mid_upload_sends_the_whole_certificate_then_stops() {
    let mut r = rig(Via::Pty, wire());
    // Each drain waits for the test: the worker is provably between chunks when Cancel comes.
    let gate = r.tap.gate_flushes();
    let (one, two) = (JobId::fresh(), JobId::fresh());
    run(&r, one, vec![mqtt_cert(), Command::Version]);
    run(&r, two, vec![Command::Imei]);
    gate.send(()).unwrap(); // the command line
    r.wait("the prompt", |e| is_progress(e, one, |d, _| d == 0));
    gate.send(()).unwrap(); // the first chunk
    r.wait("the first chunk", |e| {
        is_progress(e, one, |d, t| d > 0 && d < t)
    });
    // The second chunk is still draining. Both jobs are cancelled (by id).
    r.client.send(Request::Cancel(one)).unwrap();
    r.client.send(Request::Cancel(two)).unwrap();
    drop(gate);
    let from = r.client.history.len();
    let (results, done) = job_results(&mut r, one);
    assert_eq!(results, [Ok(Answer::Done), Err(CommandError::Cancelled)]);
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

    // Cancel was taken between chunks: the queued job ended while the payload went on.
    let after = &r.client.history[from..];
    let other_done = after
        .iter()
        .position(|e| {
            matches!(
                e,
                Event::JobDone {
                    job,
                    cancelled: true,
                    ..
                } if *job == two
            )
        })
        .expect("the queued job was cancelled");
    assert!(
        after[other_done..]
            .iter()
            .any(|e| is_progress(e, one, |d, t| d < t)),
        "chunks were still written after the cancel"
    );
    assert!(
        after[other_done..]
            .iter()
            .any(|e| is_progress(e, one, |d, t| d == t)),
        "the payload was finished"
    );

    // The module got exactly the certificate, nothing padded, and is back in command mode.
    assert_eq!(writes_after(&r, LINE).concat(), CERT);
    assert_eq!(
        r.sim.state().mqtt.certificate.map(|c| c.data),
        Some(CERT.to_vec())
    );
    assert_eq!(
        r.ok(Command::Version),
        Answer::Version("CT11_V1.0.1".into())
    );
    let lines = r.sim.received_lines();
    assert_eq!(
        lines[lines.len() - 2..],
        ["AT+MQTTCERTIFI=1,1,2048", "AT+GMR"]
    );
    r.assert_lossless();
}

#[test]
fn cancel_before_the_prompt_still_sends_the_payload() {
    let mut r = rig(Via::Pty, SimConfig::fast());
    r.sim.set_faults(Faults {
        slow: Some(Duration::from_millis(200)),
        ..Faults::default()
    });
    let pem = include_bytes!("fixtures/certs/ca.pem").to_vec();
    let id = JobId::fresh();
    run(
        &r,
        id,
        vec![
            Command::HttpCertSet(checked(HttpCert {
                verify: true,
                data: pem.clone(),
            })),
            Command::Version,
        ],
    );
    // Its echo (not delayed by the fault) shows the module has the line; `>` is still to come.
    r.wait(
        "the echo",
        |e| matches!(e, Event::Rx(l) if l.frame.raw.starts_with(b"AT+HTTPCERTIFI")),
    );
    r.client.send(Request::Cancel(id)).unwrap();
    let (results, _) = job_results(&mut r, id);
    assert_eq!(results, [Ok(Answer::Done), Err(CommandError::Cancelled)]);
    assert_eq!(
        r.sim.state().http.certificate.map(|c| c.data),
        Some(pem.clone())
    );
    r.sim.set_faults(Faults::default());
    // Had the payload been dropped, the module would take this line as certificate bytes.
    assert_eq!(
        r.ok(Command::Version),
        Answer::Version("CT11_V1.0.1".into())
    );
    let lines = r.sim.received_lines();
    assert_eq!(
        lines[lines.len() - 2..],
        [format!("AT+HTTPCERTIFI=1,{}", pem.len()), "AT+GMR".into()]
    );
    r.assert_lossless();
}

#[test]
fn raw_bytes_sent_during_an_upload_follow_it() {
    let mut r = rig(Via::Pty, wire());
    let gate = r.tap.gate_flushes();
    let id = JobId::fresh();
    run(&r, id, vec![mqtt_cert()]);
    gate.send(()).unwrap();
    gate.send(()).unwrap();
    r.wait("the first chunk", |e| {
        is_progress(e, id, |d, t| d > 0 && d < t)
    });
    r.client
        .send(Request::Raw {
            bytes: b"\r\n".to_vec(),
        })
        .unwrap();
    drop(gate);
    let (results, _) = job_results(&mut r, id);
    assert_eq!(results, [Ok(Answer::Done)]);
    let writes = writes_after(&r, LINE);
    assert_eq!(writes.last().map(Vec::as_slice), Some(&b"\r\n"[..]));
    assert_eq!(writes[..writes.len() - 1].concat(), CERT);
    assert_eq!(
        r.sim.state().mqtt.certificate.map(|c| c.data),
        Some(CERT.to_vec())
    );
    r.assert_lossless();
}
