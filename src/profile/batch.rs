//! One profile applied to several ports in parallel (a production line). Each port has its own
//! worker and its own [`ApplyJob`]; [`Batch::poll`] drains every worker without blocking, so the
//! GUI calls it once per frame; [`Batch::wait`] blocks until any worker has news (CLI, tests).

use super::check::Certs;
use super::fsutil::write_atomic;
use super::runner::{ApplyJob, ApplyOptions, JobState, JobStatus, StepState};
use super::schema::Profile;
use super::text::Text;
use super::timefmt::utc_string;
use crate::at::basic::UartConfig;
use crate::worker::{self, Event, JobId, LinkState, Notify, PortOpener, Request, WorkerHandle};
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
}

/// Several ports, one profile. Owns one worker per port.
pub struct Batch {
    profile: Profile,
    certs: Certs,
    opts: ApplyOptions,
    entries: Vec<Entry>,
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
            })
            .collect();
        Self {
            profile,
            certs,
            opts,
            entries,
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
                Some(Text::new("The worker stopped.", "后台线程已停止。")),
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
                        Some(Text::new("Cancelled", "已取消")),
                    );
                }
                EntryPhase::Applying => {
                    if let Some(job) = &mut e.job {
                        for r in job.cancel() {
                            e.handle.send(r);
                        }
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
                self.on_event(i, &ev, now);
            }
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

    /// Block until some worker has an event, a job deadline passes, or `timeout` (never call
    /// this on the UI thread). Then call [`poll`](Self::poll).
    pub fn wait(&self, timeout: Duration) {
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
                    let base: JobId = ((i as u64) << 32) | (u64::from(e.attempts) << 20);
                    let mut job = ApplyJob::new(
                        self.profile.clone(),
                        self.certs.clone(),
                        self.opts.clone(),
                        base,
                    );
                    for r in job.start(now) {
                        e.handle.send(r);
                    }
                    e.job = Some(job);
                    e.phase = EntryPhase::Applying;
                }
                Event::Link(LinkState::Failed { reason }) => {
                    let reason = reason.clone();
                    self.end(
                        i,
                        EntryPhase::Failed,
                        Some(Text::new(
                            format!("No module answered: {reason}"),
                            format!("模块无应答：{reason}"),
                        )),
                    );
                }
                Event::Link(LinkState::NoAnswer { .. }) => {
                    e.handle.send(Request::Close);
                    self.end(
                        i,
                        EntryPhase::Failed,
                        Some(Text::new(
                            "The port opened but no module answered: check power and wiring.",
                            "串口已打开但模块无应答：请检查供电和接线。",
                        )),
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
                let current = status.as_ref().and_then(|s| {
                    s.steps
                        .iter()
                        .find(|x| x.state == StepState::Running)
                        .map(|x| x.title.clone())
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
                }
            })
            .collect()
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
                    message: e.message.as_ref().map(|m| m.en.clone()).unwrap_or_default(),
                    finished_at: e.finished.map(|(_, t)| utc_string(t)).unwrap_or_default(),
                    seconds: match (e.started, e.finished) {
                        (Some(s), Some((f, _))) => f.saturating_duration_since(s).as_secs_f64(),
                        _ => 0.0,
                    },
                }
            })
            .collect()
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The export as CSV (header line, one line per module).
pub fn to_csv(rows: &[BatchResult]) -> String {
    let mut s = String::from(
        "port,imei,iccid,firmware,signal_dbm,result,failed_fields,message,finished_at,seconds\n",
    );
    for r in rows {
        let fields = [
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
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        s.push_str(&line.join(","));
        s.push('\n');
    }
    s
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
        };
        let csv = to_csv(std::slice::from_ref(&r));
        let line = csv.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "/dev/ttyUSB0,860720087453595,,CT11_V1.0.1,-85,failed,mqtt.host mqtt.port,\"Verify failed: \"\"x\"\", y\",2025-10-27 21:53:20 UTC,12.3"
        );
        let json: serde_json::Value = serde_json::from_str(&to_json(&[r])).unwrap();
        assert_eq!(json[0]["signal_dbm"], -85);
    }
}
