//! One profile applied to several ports in parallel (a production line). Each port has its own
//! worker and its own [`ApplyJob`]; [`Batch::poll`] drains every worker without blocking, so the
//! GUI calls it once per frame; [`Batch::wait`] blocks until any worker has news (CLI, tests).
//! With [`Batch::prove_delivery`], each module whose profile applied is then proven from this
//! computer ([`crate::proof`], on a thread of its own per module) and the export carries each
//! direction's result and time.

use super::check::Certs;
use super::fsutil::write_atomic;
use super::runner::{ApplyJob, ApplyOptions, JobState, JobStatus, StepState};
use super::schema::Profile;
use super::text::Text;
use super::timefmt::utc_string;
use crate::at::basic::UartConfig;
use crate::proof::background::ProofRun;
use crate::worker::{self, Event, LinkState, Notify, PortOpener, Request, WorkerHandle};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Where one module of the batch is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum EntryPhase {
    /// Not started yet.
    Idle,
    /// Opening the port and finding the module's baud rate.
    Opening,
    Applying,
    /// Applied; proving delivery from this computer.
    Proving,
    Done,
    Failed,
    Cancelled,
}

/// One row of the batch view.
#[derive(Clone, Debug)]
pub struct BatchRow {
    pub port: String,
    pub phase: EntryPhase,
    pub link: LinkState,
    /// 0.0..=1.0.
    pub progress: f32,
    /// The step running now.
    pub current: Option<Text>,
    /// Why it failed (or was cancelled).
    pub message: Option<Text>,
    pub attempts: u32,
    /// The job's full status, once it started.
    pub status: Option<JobStatus>,
    /// The delivery proof's report, once it ended.
    pub proof: Option<crate::proof::ProofReport>,
}

/// One module's line of the export.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BatchResult {
    pub port: String,
    pub imei: String,
    pub iccid: String,
    pub firmware: String,
    pub signal_dbm: Option<i32>,
    /// `ok`, `failed`, `cancelled` or `not run`.
    pub result: String,
    pub failed_fields: Vec<String>,
    /// Why it failed, in English.
    pub message: String,
    /// When it finished (UTC).
    pub finished_at: String,
    /// How long it took.
    pub seconds: f64,
    /// The delivery proof, when one was run for this module ([`Batch::record_proof`]).
    pub proof: Option<crate::proof::ProofReport>,
}

struct Entry {
    opener: Arc<dyn PortOpener>,
    handle: WorkerHandle,
    phase: EntryPhase,
    link: LinkState,
    job: Option<ApplyJob>,
    message: Option<Text>,
    attempts: u32,
    started: Option<Instant>,
    finished: Option<(Instant, SystemTime)>,
    proof: Option<crate::proof::ProofReport>,
    proof_run: Option<ProofRun>,
}

/// How the batch proves delivery.
struct Prove {
    step_timeout: Duration,
    /// Makes the wake-up for each proof thread (the GUI's repaint).
    wake: Box<dyn Fn() -> Option<Notify>>,
}

/// Several ports, one profile. Owns one worker per port.
pub struct Batch {
    profile: Profile,
    certs: Certs,
    opts: ApplyOptions,
    entries: Vec<Entry>,
    prove: Option<Prove>,
}

impl Batch {
    /// One worker per port; `notify` makes each worker's repaint callback (the GUI passes a
    /// clone of `egui::Context::request_repaint`).
    pub fn new(
        profile: Profile,
        certs: Certs,
        opts: ApplyOptions,
        ports: Vec<Arc<dyn PortOpener>>,
        notify: impl Fn() -> Option<Notify>,
    ) -> Self {
        let entries = ports
            .into_iter()
            .map(|opener| Entry {
                opener,
                handle: worker::spawn(notify()),
                phase: EntryPhase::Idle,
                link: LinkState::Disconnected,
                job: None,
                message: None,
                attempts: 0,
                started: None,
                finished: None,
                proof: None,
                proof_run: None,
            })
            .collect();
        Self {
            profile,
            certs,
            opts,
            entries,
            prove: None,
        }
    }

    /// After each module's profile applied, prove delivery from this computer (profiles with an
    /// `[mqtt]` section; others are left as they are): the profile's broker, credentials and CA
    /// file, each step at most `step_timeout`. A direction that fails fails the module; its
    /// cause is the row's message. `wake` makes each proof thread's wake-up (as `notify`).
    pub fn prove_delivery(
        &mut self,
        step_timeout: Duration,
        wake: impl Fn() -> Option<Notify> + 'static,
    ) {
        if self.profile.mqtt.is_some() {
            self.prove = Some(Prove {
                step_timeout,
                wake: Box::new(wake),
            });
        }
    }

    /// Start every port that has not run.
    pub fn start(&mut self, now: Instant) {
        for i in 0..self.entries.len() {
            if self.entries[i].phase == EntryPhase::Idle {
                self.open(i, now);
            }
        }
    }

    fn open(&mut self, i: usize, now: Instant) {
        let e = &mut self.entries[i];
        e.attempts += 1;
        e.phase = EntryPhase::Opening;
        e.job = None;
        e.message = None;
        e.started = Some(now);
        e.finished = None;
        e.proof = None;
        if let Some(r) = e.proof_run.take() {
            r.cancel();
        }
        // Auto-baud: a module left at another rate by an earlier profile is still found.
        let sent = e.handle.send(Request::Open {
            port: e.opener.clone(),
            settings: UartConfig::default(),
            auto_baud: true,
        });
        if !sent {
            self.end(
                i,
                EntryPhase::Failed,
                Some(Text::key("profile-batch-the-worker-stopped")),
            );
        }
    }

    fn end(&mut self, i: usize, phase: EntryPhase, message: Option<Text>) {
        let e = &mut self.entries[i];
        e.phase = phase;
        e.message = message;
        e.finished = Some((Instant::now(), SystemTime::now()));
    }

    /// Apply the profile again on every failed or cancelled port.
    pub fn retry_failed(&mut self, now: Instant) {
        for i in 0..self.entries.len() {
            if matches!(
                self.entries[i].phase,
                EntryPhase::Failed | EntryPhase::Cancelled
            ) {
                self.open(i, now);
            }
        }
    }

    /// Cancel every running port.
    pub fn cancel(&mut self) {
        for i in 0..self.entries.len() {
            let e = &mut self.entries[i];
            match e.phase {
                EntryPhase::Opening => {
                    e.handle.send(Request::Close);
                    self.end(
                        i,
                        EntryPhase::Cancelled,
                        Some(Text::key("profile-batch-cancelled")),
                    );
                }
                EntryPhase::Applying => {
                    if let Some(job) = &mut e.job {
                        for r in job.cancel() {
                            e.handle.send(r);
                        }
                    }
                }
                EntryPhase::Proving => {
                    if let Some(r) = &e.proof_run {
                        r.cancel();
                    }
                }
                _ => {}
            }
        }
    }

    /// Drain every worker's events without blocking and advance the jobs. Returns whether
    /// anything changed (the GUI repaints then).
    pub fn poll(&mut self, now: Instant) -> bool {
        let mut changed = false;
        for i in 0..self.entries.len() {
            while let Ok(ev) = self.entries[i].handle.events.try_recv() {
                changed = true;
                // Unsolicited lines (RDY, MQTTCONNECT) travel inside received batches.
                if let Event::Received(b) = &ev {
                    for u in b.urcs() {
                        self.on_event(i, &Event::Urc(u.clone()), now);
                    }
                }
                if let Some(r) = &self.entries[i].proof_run {
                    r.on_event(&ev);
                }
                self.on_event(i, &ev, now);
            }
            changed |= self.poll_proof(i);
            let e = &mut self.entries[i];
            if let Some(job) = &mut e.job
                && job.next_deadline().is_some_and(|d| now >= d)
            {
                changed = true;
                for r in job.tick(now) {
                    e.handle.send(r);
                }
            }
            self.after_job(i);
        }
        changed
    }

    /// Forward a running proof's commands to its module's worker; record its end.
    fn poll_proof(&mut self, i: usize) -> bool {
        let e = &mut self.entries[i];
        let Some(run) = &mut e.proof_run else {
            return false;
        };
        let (reqs, done) = run.poll();
        let changed = !reqs.is_empty() || done.is_some();
        for r in reqs {
            e.handle.send(r);
        }
        if let Some(report) = done {
            e.proof_run = None;
            let (phase, message) = proof_outcome(&report);
            e.proof = Some(report);
            self.end(i, phase, message);
        }
        changed
    }

    /// Block until some worker has an event, a job deadline passes, or `timeout` (never call
    /// this on the UI thread). Then call [`poll`](Self::poll).
    pub fn wait(&self, timeout: Duration) {
        // A proof thread's news is not on a worker channel: look again soon while one runs.
        let timeout = if self.entries.iter().any(|e| e.proof_run.is_some()) {
            timeout.min(Duration::from_millis(20))
        } else {
            timeout
        };
        let now = Instant::now();
        let timeout = self
            .next_deadline()
            .map(|d| d.saturating_duration_since(now).min(timeout))
            .unwrap_or(timeout);
        let mut sel = crossbeam_channel::Select::new();
        for e in &self.entries {
            sel.recv(&e.handle.events);
        }
        let _ = sel.ready_timeout(timeout);
    }

    /// The earliest job deadline.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.entries
            .iter()
            .filter_map(|e| e.job.as_ref().and_then(ApplyJob::next_deadline))
            .min()
    }

    fn on_event(&mut self, i: usize, ev: &Event, now: Instant) {
        let e = &mut self.entries[i];
        if let Event::Link(s) = ev {
            e.link = s.clone();
        }
        match e.phase {
            EntryPhase::Opening => match ev {
                Event::Link(LinkState::Connected { .. }) => {
                    let mut job =
                        ApplyJob::new(self.profile.clone(), self.certs.clone(), self.opts.clone());
                    for r in job.start(now) {
                        e.handle.send(r);
                    }
                    e.job = Some(job);
                    e.phase = EntryPhase::Applying;
                }
                Event::Link(LinkState::Failed { reason }) => {
                    let reason = reason.to_string();
                    self.end(
                        i,
                        EntryPhase::Failed,
                        Some(crate::text!(
                            "profile-batch-no-module-answered",
                            reason = &reason
                        )),
                    );
                }
                Event::Link(LinkState::NoAnswer { .. }) => {
                    e.handle.send(Request::Close);
                    self.end(
                        i,
                        EntryPhase::Failed,
                        Some(Text::key("profile-batch-the-port-opened-but-no-module")),
                    );
                }
                _ => {}
            },
            EntryPhase::Applying => {
                if let Some(job) = &mut e.job {
                    for r in job.on_event(ev, now) {
                        e.handle.send(r);
                    }
                }
            }
            _ => {}
        }
    }

    fn after_job(&mut self, i: usize) {
        let e = &self.entries[i];
        if e.phase != EntryPhase::Applying {
            return;
        }
        let Some(st) = e.job.as_ref().map(|j| j.status().clone()) else {
            return;
        };
        let phase = match st.state {
            JobState::Running => return,
            JobState::Done => EntryPhase::Done,
            JobState::Failed => EntryPhase::Failed,
            JobState::Cancelled => EntryPhase::Cancelled,
        };
        if phase == EntryPhase::Done
            && let (Some(prove), Some(m)) = (&self.prove, &self.profile.mqtt)
        {
            let imei = st
                .identity
                .as_ref()
                .map_or_else(|| "unknown".to_string(), |id| id.imei.clone());
            let settings = crate::proof::settings_from_profile(
                m,
                &self.certs,
                &imei,
                None,
                None,
                prove.step_timeout,
            );
            let wake = (prove.wake)().unwrap_or_else(|| Box::new(|| {}));
            if let Some(run) = ProofRun::start(settings, wake) {
                let e = &mut self.entries[i];
                e.proof_run = Some(run);
                e.phase = EntryPhase::Proving;
                return;
            }
            self.end(
                i,
                EntryPhase::Failed,
                Some(Text::key(
                    "profile-batch-the-delivery-proof-could-not-start-no",
                )),
            );
            return;
        }
        self.end(i, phase, st.message.clone());
    }

    /// Whether every port has finished (done, failed or cancelled).
    pub fn is_finished(&self) -> bool {
        self.entries.iter().all(|e| {
            matches!(
                e.phase,
                EntryPhase::Done | EntryPhase::Failed | EntryPhase::Cancelled
            )
        })
    }

    /// A snapshot for the batch view.
    pub fn rows(&self) -> Vec<BatchRow> {
        self.entries
            .iter()
            .map(|e| {
                let status = e.job.as_ref().map(|j| j.status().clone());
                let proving = e.proof_run.as_ref().map(|r| {
                    Text::from_fn(|l| crate::proof::background::stage_words(l, r.stage()).into())
                });
                let current = proving.or_else(|| {
                    status.as_ref().and_then(|s| {
                        s.steps
                            .iter()
                            .find(|x| x.state == StepState::Running)
                            .map(|x| x.title.clone())
                    })
                });
                BatchRow {
                    port: e.opener.name(),
                    phase: e.phase,
                    link: e.link.clone(),
                    progress: match (e.phase, &status) {
                        (EntryPhase::Idle | EntryPhase::Opening, _) => 0.0,
                        (_, Some(s)) => s.progress(),
                        // Failed or cancelled before the job started: nothing was done.
                        (EntryPhase::Done, None) => 1.0,
                        (_, None) => 0.0,
                    },
                    current,
                    message: e.message.clone(),
                    attempts: e.attempts,
                    status,
                    proof: e.proof.clone(),
                }
            })
            .collect()
    }

    /// Records the delivery proof run for the module on port `index` (in the order given), so
    /// the export carries each direction's result and time.
    pub fn record_proof(&mut self, index: usize, report: crate::proof::ProofReport) {
        if let Some(e) = self.entries.get_mut(index) {
            e.proof = Some(report);
        }
    }

    /// One line per port for the export.
    pub fn results(&self) -> Vec<BatchResult> {
        self.entries
            .iter()
            .map(|e| {
                let st = e.job.as_ref().map(|j| j.status());
                let id = st.and_then(|s| s.identity.clone()).unwrap_or_default();
                BatchResult {
                    port: e.opener.name(),
                    imei: id.imei,
                    iccid: id.iccid.unwrap_or_default(),
                    firmware: id.firmware,
                    signal_dbm: st.and_then(JobStatus::signal_dbm),
                    result: match e.phase {
                        EntryPhase::Done => "ok",
                        EntryPhase::Failed => "failed",
                        EntryPhase::Cancelled => "cancelled",
                        _ => "not run",
                    }
                    .into(),
                    failed_fields: st.map(JobStatus::mismatched_fields).unwrap_or_default(),
                    message: e.message.as_ref().map(|m| m.en()).unwrap_or_default(),
                    finished_at: e.finished.map(|(_, t)| utc_string(t)).unwrap_or_default(),
                    seconds: match (e.started, e.finished) {
                        (Some(s), Some((f, _))) => f.saturating_duration_since(s).as_secs_f64(),
                        _ => 0.0,
                    },
                    proof: e.proof.clone(),
                }
            })
            .collect()
    }
}

/// Where a module ends after its delivery proof: done when both directions arrived, cancelled
/// when the proof was, else failed with the first failed direction's cause.
fn proof_outcome(report: &crate::proof::ProofReport) -> (EntryPhase, Option<Text>) {
    let Some(failed) = report.directions().into_iter().find(|d| !d.ok()) else {
        return (EntryPhase::Done, None);
    };
    match &failed.cause {
        Some(crate::proof::Cause::Cancelled) => (
            EntryPhase::Cancelled,
            Some(Text::key("profile-batch-cancelled")),
        ),
        cause => {
            let why = cause.as_ref().map(|c| c.text()).unwrap_or_default();
            (
                EntryPhase::Failed,
                Some(crate::text!("profile-batch-delivery-not-proven", why = why)),
            )
        }
    }
}

/// The export's columns, in order.
const CSV_HEADER: [&str; 14] = [
    "port",
    "imei",
    "iccid",
    "firmware",
    "signal_dbm",
    "result",
    "failed_fields",
    "message",
    "finished_at",
    "seconds",
    "proof_module_to_pc",
    "proof_module_to_pc_ms",
    "proof_pc_to_module",
    "proof_pc_to_module_ms",
];

/// One module's line of the CSV export, in [`CSV_HEADER`]'s order.
fn csv_record(r: &BatchResult) -> [String; 14] {
    [
        r.port.clone(),
        r.imei.clone(),
        r.iccid.clone(),
        r.firmware.clone(),
        r.signal_dbm.map(|d| d.to_string()).unwrap_or_default(),
        r.result.clone(),
        r.failed_fields.join(" "),
        r.message.clone(),
        r.finished_at.clone(),
        format!("{:.1}", r.seconds),
        proof_word(r.proof.as_ref().map(|p| &p.module_to_pc)),
        proof_ms(r.proof.as_ref().map(|p| &p.module_to_pc)),
        proof_word(r.proof.as_ref().map(|p| &p.pc_to_module)),
        proof_ms(r.proof.as_ref().map(|p| &p.pc_to_module)),
    ]
}

fn write_csv(rows: &[BatchResult]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    for r in rows {
        w.write_record(csv_record(r))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    // Every field is a `String`, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The export as CSV (header line, one line per module; fields quoted as RFC 4180 wants).
pub fn to_csv(rows: &[BatchResult]) -> String {
    // Writing into memory cannot fail: an error here would be a bug in the csv crate.
    write_csv(rows).unwrap_or_default()
}

/// `delivered`, `failed: <why>` or empty (no proof run).
fn proof_word(d: Option<&crate::proof::DirectionResult>) -> String {
    match d {
        None => String::new(),
        Some(d) if d.ok() => "delivered".into(),
        Some(d) => format!(
            "failed: {}",
            d.cause.as_ref().map(|c| c.text().en()).unwrap_or_default()
        ),
    }
}

fn proof_ms(d: Option<&crate::proof::DirectionResult>) -> String {
    d.and_then(|d| d.delivered_ms)
        .map(|ms| ms.to_string())
        .unwrap_or_default()
}

/// The export as JSON (an array of objects).
pub fn to_json(rows: &[BatchResult]) -> String {
    serde_json::to_string_pretty(rows).unwrap_or_else(|_| "[]".into())
}

/// Write the CSV and JSON exports atomically.
pub fn export(rows: &[BatchResult], csv: &Path, json: &Path) -> std::io::Result<()> {
    write_atomic(csv, to_csv(rows).as_bytes())?;
    write_atomic(json, to_json(rows).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        let r = BatchResult {
            port: "/dev/ttyUSB0".into(),
            imei: "860720087453595".into(),
            iccid: String::new(),
            firmware: "CT11_V1.0.1".into(),
            signal_dbm: Some(-85),
            result: "failed".into(),
            failed_fields: vec!["mqtt.host".into(), "mqtt.port".into()],
            message: "Verify failed: \"x\", y".into(),
            finished_at: "2025-10-27 21:53:20 UTC".into(),
            seconds: 12.34,
            proof: None,
        };
        let csv = to_csv(std::slice::from_ref(&r));
        let line = csv.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "/dev/ttyUSB0,860720087453595,,CT11_V1.0.1,-85,failed,mqtt.host mqtt.port,\"Verify failed: \"\"x\"\", y\",2025-10-27 21:53:20 UTC,12.3,,,,"
        );
        let json: serde_json::Value = serde_json::from_str(&to_json(&[r])).unwrap();
        assert_eq!(json[0]["signal_dbm"], -85);
        assert!(json[0]["proof"].is_null(), "no proof run");
    }

    #[test]
    fn csv_keeps_commas_quotes_and_newlines_inside_one_field() {
        let r = BatchResult {
            port: "COM3".into(),
            imei: "860720087453595".into(),
            iccid: String::new(),
            firmware: String::new(),
            signal_dbm: None,
            result: "failed".into(),
            failed_fields: Vec::new(),
            message: "ERROR, \"+CME\"\nline two".into(),
            finished_at: String::new(),
            seconds: 0.0,
            proof: None,
        };
        let csv = to_csv(std::slice::from_ref(&r));
        assert!(csv.contains(",\"ERROR, \"\"+CME\"\"\nline two\","), "{csv}");
        // A CSV reader gets the same fields back, the message whole.
        let mut rd = csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(rd.headers().unwrap().iter().collect::<Vec<_>>(), CSV_HEADER);
        let rec = rd.records().next().unwrap().unwrap();
        assert_eq!(rec.len(), CSV_HEADER.len());
        assert_eq!(&rec[7], r.message);
        assert!(rd.records().next().is_none(), "one module, one record");
    }

    #[test]
    fn a_module_is_done_only_when_both_directions_arrived() {
        use crate::proof::{Cause, Direction, DirectionResult, ProofReport};
        let d = |direction, ms: Option<u64>, cause: Option<Cause>| DirectionResult {
            direction,
            topic: "t".into(),
            delivered_ms: ms,
            cause,
        };
        let report = |up, down| ProofReport {
            module_to_pc: up,
            pc_to_module: down,
            total_ms: 10,
        };
        let ok = report(
            d(Direction::ModuleToPc, Some(3), None),
            d(Direction::PcToModule, Some(4), None),
        );
        assert_eq!(proof_outcome(&ok), (EntryPhase::Done, None));
        let down_lost = report(
            d(Direction::ModuleToPc, Some(3), None),
            d(Direction::PcToModule, None, Some(Cause::DownNeverArrived)),
        );
        let (phase, msg) = proof_outcome(&down_lost);
        assert_eq!(phase, EntryPhase::Failed);
        let msg = msg.unwrap();
        assert!(
            msg.en()
                .starts_with("Delivery not proven: This computer published"),
            "{msg:?}"
        );
        assert!(
            msg.get(crate::i18n::Lang::Zh)
                .starts_with("数据送达未验证："),
            "{msg:?}"
        );
        let cancelled = report(
            d(Direction::ModuleToPc, None, Some(Cause::Cancelled)),
            d(Direction::PcToModule, None, Some(Cause::Cancelled)),
        );
        assert_eq!(proof_outcome(&cancelled).0, EntryPhase::Cancelled);
    }

    #[test]
    fn a_proof_puts_each_direction_and_its_time_in_the_export() {
        use crate::proof::{Cause, Direction, DirectionResult, ProofReport};
        let r = BatchResult {
            port: "/dev/ttyUSB1".into(),
            imei: "860720087453595".into(),
            iccid: String::new(),
            firmware: String::new(),
            signal_dbm: None,
            result: "ok".into(),
            failed_fields: Vec::new(),
            message: String::new(),
            finished_at: String::new(),
            seconds: 1.0,
            proof: Some(ProofReport {
                module_to_pc: DirectionResult {
                    direction: Direction::ModuleToPc,
                    topic: "up".into(),
                    delivered_ms: Some(42),
                    cause: None,
                },
                pc_to_module: DirectionResult {
                    direction: Direction::PcToModule,
                    topic: "down".into(),
                    delivered_ms: None,
                    cause: Some(Cause::DownNeverArrived),
                },
                total_ms: 100,
            }),
        };
        let csv = to_csv(std::slice::from_ref(&r));
        let cols: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
        assert_eq!(cols[10..12], ["delivered", "42"]);
        assert!(
            cols[12].starts_with("\"failed: This computer published"),
            "{csv}"
        );
        let json: serde_json::Value = serde_json::from_str(&to_json(&[r])).unwrap();
        assert_eq!(json[0]["proof"]["module_to_pc"]["delivered_ms"], 42);
        assert_eq!(
            json[0]["proof"]["pc_to_module"]["cause"]["cause"],
            "down_never_arrived"
        );
    }
}
