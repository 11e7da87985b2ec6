//! Applying a profile as one job: read identity → plan → apply → verify → live checks.
//!
//! [`ApplyJob`] never blocks and never reads the clock: the caller passes `now` with every
//! event and calls [`ApplyJob::tick`] at [`ApplyJob::next_deadline`], so the GUI can drive it
//! from its frame loop and tests are deterministic. [`apply_blocking`] drives the same machine
//! for the command line.

use super::check::{self, Certs};
use super::error::ProfileError;
use super::health::{self, StepResult, Verdict};
use super::placeholders::Identity;
use super::plan::{self, Action, ModuleState, PlannedStep};
use super::schema::Profile;
use super::text::{Text, TextArg};
use super::verify::{self, FieldCheck, Readback};
use crate::at::socket::PairingMode;
use crate::at::urc::Urc;
use crate::at::{Answer, Command, FrameKind, Reply};
use crate::i18n::Lang;
use crate::worker::{Client, CommandError, Event, JobId, LinkState, Outcome, Request, Step};
use serde::Serialize;
use std::time::{Duration, Instant};

/// How to apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Read every applied setting back and compare.
    pub verify: bool,
    /// After verifying: registration, signal, MQTT connected.
    pub live_checks: bool,
    /// A failed live check fails the job (else it is reported only).
    pub live_checks_must_pass: bool,
    /// How long to wait for `MQTTCONNECT` after the broker is set.
    pub mqtt_connect_timeout: Duration,
    /// Unexpected module restarts tolerated (each one re-applies the volatile settings).
    pub max_restarts: u8,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        Self {
            verify: true,
            live_checks: true,
            live_checks_must_pass: false,
            mqtt_connect_timeout: Duration::from_secs(60),
            max_restarts: 2,
        }
    }
}

/// The state of one row of the step list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StepState {
    Pending,
    Running,
    /// ✓
    Ok,
    /// ✗
    Failed,
    Skipped,
    Cancelled,
}

impl StepState {
    /// A one-character mark for lists and the CLI.
    pub fn mark(self) -> &'static str {
        match self {
            StepState::Pending => "·",
            StepState::Running => "…",
            StepState::Ok => "✓",
            StepState::Failed => "✗",
            StepState::Skipped => "–",
            StepState::Cancelled => "⊘",
        }
    }

    fn finished(self) -> bool {
        !matches!(self, StepState::Pending | StepState::Running)
    }
}

/// One row of the step list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepStatus {
    /// The profile key it applies (`mqtt.broker`), or `identity`, `verify`, `live`.
    pub key: String,
    pub title: Text,
    /// The command line (secrets redacted), or what is awaited.
    pub preview: String,
    pub state: StepState,
    /// The module's answer, or why the step failed.
    pub answer: Text,
}

impl StepStatus {
    fn new(key: &str, title: Text, preview: &str) -> Self {
        Self {
            key: key.into(),
            title,
            preview: preview.into(),
            state: StepState::Pending,
            answer: Text::default(),
        }
    }
}

/// How the whole job stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum JobState {
    Running,
    Done,
    Failed,
    Cancelled,
}

/// Everything a step list, the CLI's `--json` and the report need.
#[derive(Clone, Debug, Serialize)]
pub struct JobStatus {
    pub state: JobState,
    pub steps: Vec<StepStatus>,
    /// Read first from the module.
    pub identity: Option<Identity>,
    /// The profile with its placeholders filled (what was applied). Serialized with the
    /// password redacted.
    #[serde(serialize_with = "redacted_profile")]
    pub applied: Option<Profile>,
    /// Validation problems: nothing was sent when there are any.
    #[serde(serialize_with = "errors_as_text")]
    pub errors: Vec<ProfileError>,
    /// Expected against found, per field.
    pub diff: Vec<FieldCheck>,
    /// Registration, signal, MQTT connected.
    pub live: Vec<StepResult>,
    /// Why the job failed or was cancelled, and in what state it left the module.
    pub message: Option<Text>,
    /// Unexpected module restarts seen.
    pub restarts: u8,
}

fn redacted_profile<S: serde::Serializer>(p: &Option<Profile>, s: S) -> Result<S::Ok, S::Error> {
    p.as_ref().map(Profile::redacted).serialize(s)
}

fn errors_as_text<S: serde::Serializer>(e: &[ProfileError], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(e.iter().map(|e| e.message(Lang::En)))
}

impl JobStatus {
    /// Finished rows over all rows, 0.0..=1.0.
    pub fn progress(&self) -> f32 {
        if self.state != JobState::Running {
            return 1.0;
        }
        let n = self.steps.len().max(1);
        self.steps.iter().filter(|s| s.state.finished()).count() as f32 / n as f32
    }

    /// Whether the job has ended (done, failed or cancelled).
    pub fn is_finished(&self) -> bool {
        self.state != JobState::Running
    }

    /// The keys of the fields verify found different.
    pub fn mismatched_fields(&self) -> Vec<String> {
        self.diff
            .iter()
            .filter(|c| !c.ok)
            .map(|c| c.key.clone())
            .collect()
    }

    /// The rows that ran to success.
    pub fn ran(&self) -> Vec<&StepStatus> {
        self.steps
            .iter()
            .filter(|s| s.state == StepState::Ok)
            .collect()
    }

    /// Signal strength from the live checks.
    pub fn signal_dbm(&self) -> Option<i32> {
        self.live.iter().find_map(|r| r.dbm)
    }
}

/// The result of [`apply_blocking`].
pub type ApplyReport = JobStatus;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    NotStarted,
    Identity,
    Apply,
    WaitMqtt,
    MqttPoll,
    Verify,
    Live,
    Finished,
}

const IDENTITY_QUERIES: [Command; 5] = [
    Command::Version,
    Command::Imei,
    Command::Iccid,
    Command::PairingQuery,
    Command::UartQuery,
];

/// The apply job's state machine. See the module docs.
pub struct ApplyJob {
    profile: Profile,
    certs: Certs,
    opts: ApplyOptions,
    phase: Phase,
    status: JobStatus,
    plan: Vec<PlannedStep>,
    /// Index in `plan` of the step running or awaited.
    cursor: usize,
    /// The worker job in flight, its commands and their outcomes.
    inflight: Option<(JobId, Vec<Command>, Vec<Option<Outcome>>)>,
    deadline: Option<Instant>,
    mqtt_connected: bool,
    restart_pending: bool,
    /// The pairing mode once applied: in normal mode a restart forgets the other settings.
    pairing_after: PairingMode,
    cancelled: bool,
}

fn answer_text(o: &Outcome) -> Text {
    match &o.result {
        Err(e) => Text::from_fn(|l| e.message(l)),
        Ok(_) => Text::same(reply_text(&o.reply)),
    }
}

/// The module's answer as its lines (`+QMTCFG:...`, `OK`).
fn reply_text(r: &Reply) -> String {
    let lines: Vec<String> = r
        .frames
        .iter()
        .filter_map(|f| match f {
            FrameKind::Info { name, body } => Some(format!("+{name}:{body}")),
            FrameKind::Ok => Some("OK".into()),
            FrameKind::Error(e) => Some(e.to_string()),
            FrameKind::Prompt(_) => Some(">".into()),
            FrameKind::Data(d) => Some(String::from_utf8_lossy(d).trim().to_string()),
            FrameKind::Urc(u) => Some(format!("{u:?}")),
            _ => None,
        })
        .filter(|l| !l.is_empty())
        .collect();
    lines.join(" · ")
}

impl ApplyJob {
    /// A job applying `profile` (with its certificates); its worker jobs get fresh ids.
    pub fn new(profile: Profile, certs: Certs, opts: ApplyOptions) -> Self {
        let mut steps = vec![StepStatus::new(
            "identity",
            Text::key("profile-runner-read-module-identity"),
            "AT+GMR · AT+GSN · AT+QCCID · AT+SIMPLEMODE? · AT+IPR?",
        )];
        if opts.verify {
            steps.push(StepStatus::new(
                "verify",
                Text::key("profile-runner-verify-settings"),
                "",
            ));
        }
        if opts.verify && opts.live_checks {
            steps.push(StepStatus::new(
                "live",
                Text::key("profile-runner-live-checks"),
                "AT+CREG? · AT+CSQ · AT+QMTSTATU",
            ));
        }
        Self {
            profile,
            certs,
            opts,
            phase: Phase::NotStarted,
            status: JobStatus {
                state: JobState::Running,
                steps,
                identity: None,
                applied: None,
                errors: Vec::new(),
                diff: Vec::new(),
                live: Vec::new(),
                message: None,
                restarts: 0,
            },
            plan: Vec::new(),
            cursor: 0,
            inflight: None,
            deadline: None,
            mqtt_connected: false,
            restart_pending: false,
            pairing_after: PairingMode::Normal,
            cancelled: false,
        }
    }

    /// The status for the step list.
    pub fn status(&self) -> &JobStatus {
        &self.status
    }

    /// When [`tick`](Self::tick) must be called next (a wait for `MQTTCONNECT`).
    pub fn next_deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// Whether the job has ended.
    pub fn is_finished(&self) -> bool {
        self.status.is_finished()
    }

    /// Validate the whole profile, then read the module's identity. A bad value sends nothing.
    pub fn start(&mut self, _now: Instant) -> Vec<Request> {
        if self.phase != Phase::NotStarted {
            return Vec::new();
        }
        if let Err(errs) = check::check_unfilled(&self.profile, &self.certs) {
            let n = errs.len();
            self.status.errors = errs;
            self.status.steps[0].state = StepState::Skipped;
            return self.fail(crate::text!(
                "profile-runner-the-profile-has-problem-s-nothing-was",
                n = &n
            ));
        }
        self.phase = Phase::Identity;
        self.status.steps[0].state = StepState::Running;
        self.run(IDENTITY_QUERIES.to_vec(), false)
    }

    fn run(&mut self, cmds: Vec<Command>, stop_on_error: bool) -> Vec<Request> {
        let id = JobId::fresh();
        self.inflight = Some((id, cmds.clone(), vec![None; cmds.len()]));
        vec![Request::Run {
            id,
            steps: cmds.into_iter().map(Step::from).collect(),
            stop_on_error,
        }]
    }

    fn row_of_plan(&self, i: usize) -> usize {
        1 + i
    }

    fn tail_row(&self, key: &str) -> Option<usize> {
        self.status.steps.iter().position(|s| s.key == key)
    }

    fn finish(&mut self, state: JobState, message: Option<Text>) -> Vec<Request> {
        self.phase = Phase::Finished;
        self.deadline = None;
        self.status.state = state;
        self.status.message = message;
        for s in &mut self.status.steps {
            if s.state == StepState::Pending {
                s.state = StepState::Skipped;
            }
        }
        Vec::new()
    }

    fn fail(&mut self, why: Text) -> Vec<Request> {
        let ran = self.ran_summary();
        let msg = crate::text!("profile-runner-failed", why = why, ran = ran);
        self.finish(JobState::Failed, Some(msg))
    }

    fn ran_summary(&self) -> Text {
        let done: Vec<&str> = self
            .status
            .steps
            .iter()
            .skip(1)
            .filter(|s| s.state == StepState::Ok && !matches!(s.key.as_str(), "verify" | "live"))
            .map(|s| s.key.as_str())
            .collect();
        if done.is_empty() {
            Text::key("profile-runner-no-setting-was-changed")
        } else {
            crate::text!("profile-runner-steps-done", steps = TextArg::list(&done))
        }
    }

    /// Cancel: the worker finishes any payload already announced (leaving the module in
    /// command mode) and stops; the status says which steps ran.
    pub fn cancel(&mut self) -> Vec<Request> {
        if self.is_finished() || self.phase == Phase::NotStarted {
            if self.phase == Phase::NotStarted {
                self.finish(
                    JobState::Cancelled,
                    Some(Text::key("profile-runner-cancelled-before-start")),
                );
            }
            return Vec::new();
        }
        self.cancelled = true;
        for s in &mut self.status.steps {
            if s.state == StepState::Running && self.inflight.is_none() {
                s.state = StepState::Cancelled;
            }
        }
        let ran = self.ran_summary();
        let msg = crate::text!("profile-runner-cancelled", ran = ran);
        let job = self.inflight.as_ref().map(|j| j.0);
        self.finish(JobState::Cancelled, Some(msg));
        job.map(Request::Cancel).into_iter().collect()
    }

    /// Time passed: enforce the wait for `MQTTCONNECT`.
    pub fn tick(&mut self, now: Instant) -> Vec<Request> {
        match self.deadline {
            Some(d) if now >= d && self.phase == Phase::WaitMqtt => {
                self.deadline = None;
                // A last look: the URC may have come before we listened.
                self.phase = Phase::MqttPoll;
                self.run(vec![Command::MqttState], false)
            }
            _ => Vec::new(),
        }
    }

    /// Feed one worker event; returns the requests to send.
    pub fn on_event(&mut self, ev: &Event, now: Instant) -> Vec<Request> {
        match ev {
            Event::Step {
                job,
                index,
                outcome,
            } => {
                let Some((id, _, outs)) = &mut self.inflight else {
                    return Vec::new();
                };
                if job != id {
                    return Vec::new();
                }
                if let Some(s) = outs.get_mut(*index) {
                    *s = Some((**outcome).clone());
                }
                if self.cancelled {
                    self.record_cancelled_outcome(outcome);
                }
                Vec::new()
            }
            Event::JobDone { job, .. } => {
                if self.inflight.as_ref().is_none_or(|(id, _, _)| id != job) {
                    return Vec::new();
                }
                let Some((_, cmds, outs)) = self.inflight.take() else {
                    return Vec::new();
                };
                if self.is_finished() {
                    return Vec::new();
                }
                self.on_job_done(cmds, outs, now)
            }
            Event::Urc(Urc::MqttConnected) => {
                self.mqtt_connected = true;
                if self.phase == Phase::WaitMqtt {
                    return self.mqtt_ok(now);
                }
                Vec::new()
            }
            Event::Urc(Urc::MqttDisconnected) => {
                self.mqtt_connected = false;
                Vec::new()
            }
            Event::Urc(Urc::Ready) => self.on_ready(now),
            Event::UnsolicitedError(e)
                if self.phase == Phase::WaitMqtt && e.code() == Some(203) =>
            {
                self.fail_wait(Text::from_fn(|l| e.message(l)))
            }
            Event::Link(
                LinkState::Unplugged { .. } | LinkState::Failed { .. } | LinkState::Disconnected,
            ) if !self.is_finished() && self.phase != Phase::NotStarted => {
                self.mark_running(
                    StepState::Failed,
                    Text::key("profile-runner-the-port-was-lost"),
                );
                self.inflight = None;
                self.fail(Text::key("profile-runner-the-cable-was-pulled-or-the-port"))
            }
            _ => Vec::new(),
        }
    }

    fn record_cancelled_outcome(&mut self, o: &Outcome) {
        let state = match &o.result {
            Ok(_) => StepState::Ok,
            Err(CommandError::Cancelled | CommandError::Skipped) => StepState::Cancelled,
            Err(_) => StepState::Failed,
        };
        if let Some(row) = self
            .status
            .steps
            .iter_mut()
            .find(|s| s.state == StepState::Running)
        {
            row.state = state;
            row.answer = answer_text(o);
        }
    }

    fn mark_running(&mut self, state: StepState, answer: Text) {
        for s in &mut self.status.steps {
            if s.state == StepState::Running {
                s.state = state;
                s.answer = answer.clone();
            }
        }
    }

    fn on_ready(&mut self, now: Instant) -> Vec<Request> {
        if !matches!(self.phase, Phase::Apply | Phase::WaitMqtt) {
            return Vec::new();
        }
        let expected = self.phase == Phase::Apply
            && self
                .plan
                .get(self.cursor)
                .and_then(|s| s.command())
                .is_some_and(Command::restarts);
        if expected {
            return Vec::new();
        }
        self.status.restarts += 1;
        if self.status.restarts > self.opts.max_restarts {
            self.mark_running(
                StepState::Failed,
                Text::key("profile-runner-the-module-restarted"),
            );
            return self.fail(crate::text!(
                "profile-runner-the-module-restarted-times-during-the",
                restarts = &self.status.restarts
            ));
        }
        if self.phase == Phase::WaitMqtt {
            return self.reapply(now);
        }
        // Re-apply once the step in flight has reported.
        self.restart_pending = true;
        Vec::new()
    }

    /// After a restart (unexpected, or the baud change in normal pairing mode) the volatile
    /// settings are gone: apply again from the first step, keeping the restarting steps
    /// (pairing mode, baud rate) that already succeeded.
    fn reapply(&mut self, now: Instant) -> Vec<Request> {
        self.restart_pending = false;
        self.deadline = None;
        self.mqtt_connected = false;
        for i in 0..self.plan.len() {
            let row = self.row_of_plan(i);
            let keep = self.plan[i].command().is_some_and(Command::restarts)
                && self.status.steps[row].state == StepState::Ok;
            if !keep {
                self.status.steps[row].state = StepState::Pending;
                self.status.steps[row].answer =
                    Text::key("profile-runner-module-restarted-applying-again");
            }
        }
        self.cursor = 0;
        self.phase = Phase::Apply;
        self.next_plan_step_at(now)
    }

    fn on_job_done(
        &mut self,
        cmds: Vec<Command>,
        outs: Vec<Option<Outcome>>,
        now: Instant,
    ) -> Vec<Request> {
        match self.phase {
            Phase::Identity => self.identity_done(&outs, now),
            Phase::Apply => {
                let Some(o) = outs.into_iter().next().flatten() else {
                    return self.fail(Text::key("profile-runner-the-worker-reported-no-outcome"));
                };
                if self.restart_pending {
                    return self.reapply(now);
                }
                let row = self.row_of_plan(self.cursor);
                self.status.steps[row].answer = answer_text(&o);
                if o.result.is_err() {
                    self.status.steps[row].state = StepState::Failed;
                    let title = self.status.steps[row].title.clone();
                    let answer = self.status.steps[row].answer.clone();
                    return self.fail(crate::text!(
                        "profile-runner-step-failed",
                        title = title,
                        answer = answer
                    ));
                }
                self.status.steps[row].state = StepState::Ok;
                let restarted = self.plan[self.cursor]
                    .command()
                    .is_some_and(Command::restarts);
                let volatile_before = self.plan[..self.cursor]
                    .iter()
                    .any(|s| !s.command().is_some_and(Command::restarts));
                self.cursor += 1;
                if restarted && volatile_before && self.pairing_after == PairingMode::Normal {
                    // The baud change restarted the module, which in normal mode forgets
                    // everything set before it: set it again at the new rate.
                    return self.reapply(now);
                }
                self.next_plan_step_at(now)
            }
            Phase::MqttPoll => {
                let connected = matches!(
                    outs.first().and_then(|o| o.as_ref()).map(|o| &o.result),
                    Some(Ok(Answer::MqttState(crate::at::mqtt::MqttState::Connected)))
                );
                if connected {
                    self.phase = Phase::WaitMqtt;
                    self.mqtt_ok(now)
                } else {
                    let secs = self.opts.mqtt_connect_timeout.as_secs();
                    self.fail_wait(crate::text!(
                        "profile-runner-no-mqttconnect-within-s-check-the",
                        secs = &secs
                    ))
                }
            }
            Phase::Verify => self.verify_done(&cmds, &outs),
            Phase::Live => self.live_done(&outs),
            _ => Vec::new(),
        }
    }

    fn identity_done(&mut self, outs: &[Option<Outcome>], now: Instant) -> Vec<Request> {
        let res = |i: usize| outs.get(i).and_then(|o| o.as_ref()).map(|o| &o.result);
        let imei = match res(1) {
            Some(Ok(Answer::Imei(s))) => s.clone(),
            other => {
                let why = match other {
                    Some(Err(e)) => Text::from_fn(|l| e.message(l)),
                    _ => Text::key("profile-runner-no-answer"),
                };
                self.status.steps[0].state = StepState::Failed;
                self.status.steps[0].answer = why.clone();
                return self.fail(crate::text!("profile-runner-no-imei", why = why));
            }
        };
        let firmware = match res(0) {
            Some(Ok(Answer::Version(v))) => v.clone(),
            _ => String::new(),
        };
        let iccid = match res(2) {
            Some(Ok(Answer::Iccid(i))) => i.clone(),
            _ => None,
        };
        let pairing = match res(3) {
            Some(Ok(Answer::Pairing(m))) => *m,
            _ => PairingMode::Normal,
        };
        let uart = match res(4) {
            Some(Ok(Answer::Uart(u))) => Some(*u),
            _ => None,
        };
        let identity = Identity {
            imei,
            iccid,
            firmware,
        };
        self.status.steps[0].state = StepState::Ok;
        self.status.steps[0].answer = Text::same(format!(
            "IMEI {} · ICCID {} · {}",
            identity.imei,
            identity.iccid.as_deref().unwrap_or("-"),
            identity.firmware
        ));
        self.status.identity = Some(identity.clone());
        self.pairing_after = self.profile.pairing_mode().unwrap_or(pairing);
        let module = ModuleState {
            identity,
            pairing,
            uart,
        };
        match plan::build(&self.profile, &self.certs, &module) {
            Ok(p) => {
                self.status.applied = Some(p.filled);
                let rows: Vec<StepStatus> = p
                    .steps
                    .iter()
                    .map(|s| StepStatus::new(&s.key, s.title.clone(), &s.preview))
                    .collect();
                self.status.steps.splice(1..1, rows);
                self.plan = p.steps;
                self.phase = Phase::Apply;
                self.cursor = 0;
                self.next_plan_step_at(now)
            }
            Err(errs) => {
                let n = errs.len();
                self.status.errors = errs;
                self.fail(crate::text!(
                    "profile-runner-the-profile-does-not-fit-this-module",
                    n = &n
                ))
            }
        }
    }

    fn next_plan_step_at(&mut self, now: Instant) -> Vec<Request> {
        while self.cursor < self.plan.len() {
            let row = self.row_of_plan(self.cursor);
            if self.status.steps[row].state == StepState::Ok {
                self.cursor += 1;
                continue;
            }
            self.status.steps[row].state = StepState::Running;
            match self.plan[self.cursor].action.clone() {
                Action::Send(cmd) => {
                    if matches!(cmd, Command::MqttBrokerSet(_)) {
                        self.mqtt_connected = false;
                    }
                    return self.run(vec![cmd], true);
                }
                Action::WaitMqttConnected => {
                    self.phase = Phase::WaitMqtt;
                    if self.mqtt_connected {
                        return self.mqtt_ok(now);
                    }
                    self.deadline = Some(now + self.opts.mqtt_connect_timeout);
                    return Vec::new();
                }
            }
        }
        self.start_verify()
    }

    fn mqtt_ok(&mut self, now: Instant) -> Vec<Request> {
        self.deadline = None;
        let row = self.row_of_plan(self.cursor);
        self.status.steps[row].state = StepState::Ok;
        self.status.steps[row].answer = Text::same("MQTTCONNECT");
        self.phase = Phase::Apply;
        self.cursor += 1;
        self.next_plan_step_at(now)
    }

    fn fail_wait(&mut self, why: Text) -> Vec<Request> {
        let row = self.row_of_plan(self.cursor);
        self.status.steps[row].state = StepState::Failed;
        self.status.steps[row].answer = why.clone();
        self.fail(crate::text!("profile-runner-no-broker", why = why))
    }

    fn start_verify(&mut self) -> Vec<Request> {
        if !self.opts.verify {
            return self.finish(JobState::Done, None);
        }
        let applied = self.status.applied.clone().unwrap_or_default();
        let queries = verify::queries(&applied);
        if let Some(r) = self.tail_row("verify") {
            self.status.steps[r].state = StepState::Running;
            self.status.steps[r].preview = queries
                .iter()
                .map(Command::display_line)
                .collect::<Vec<_>>()
                .join(" · ");
        }
        if queries.is_empty() {
            return self.verify_done(&[], &[]);
        }
        self.phase = Phase::Verify;
        self.run(queries, false)
    }

    fn verify_done(&mut self, cmds: &[Command], outs: &[Option<Outcome>]) -> Vec<Request> {
        let applied = self.status.applied.clone().unwrap_or_default();
        let rb = Readback::new(cmds, outs);
        self.status.diff = verify::diff(&applied, &self.certs, &rb);
        let bad = self.status.mismatched_fields();
        let row = self.tail_row("verify");
        if !bad.is_empty() {
            if let Some(r) = row {
                self.status.steps[r].state = StepState::Failed;
                self.status.steps[r].answer = crate::text!(
                    "profile-runner-fields-differ",
                    n = bad.len(),
                    fields = TextArg::list(&bad)
                );
            }
            return self.finish(
                JobState::Failed,
                Some(crate::text!(
                    "profile-runner-verify-failed",
                    fields = TextArg::list(&bad)
                )),
            );
        }
        if let Some(r) = row {
            self.status.steps[r].state = StepState::Ok;
            let n = self.status.diff.len();
            self.status.steps[r].answer =
                crate::text!("profile-runner-field-s-read-back-all-match", n = &n);
        }
        if !self.opts.live_checks {
            return self.finish(JobState::Done, None);
        }
        if let Some(r) = self.tail_row("live") {
            self.status.steps[r].state = StepState::Running;
        }
        self.phase = Phase::Live;
        let mut q = vec![Command::RegQuery, Command::Signal];
        if applied.mqtt.is_some() {
            q.push(Command::MqttState);
        }
        self.run(q, false)
    }

    fn live_done(&mut self, outs: &[Option<Outcome>]) -> Vec<Request> {
        let res = |i: usize| -> Result<Answer, CommandError> {
            outs.get(i)
                .and_then(|o| o.as_ref())
                .map(|o| o.result.clone())
                .unwrap_or(Err(CommandError::Cancelled))
        };
        let mut live = vec![
            health::judge_registration(&res(0)),
            health::judge_signal(&res(1)),
        ];
        if outs.len() > 2 {
            let host = self
                .status
                .applied
                .as_ref()
                .and_then(|p| p.mqtt.as_ref())
                .map(|m| m.broker());
            live.push(health::judge_broker(
                &Ok(Answer::MqttBroker(host)),
                Some(&res(2)),
            ));
        }
        let failed = live.iter().any(|r| r.verdict == Verdict::Fail);
        if let Some(r) = self.tail_row("live") {
            self.status.steps[r].state = if failed {
                StepState::Failed
            } else {
                StepState::Ok
            };
            self.status.steps[r].answer = Text::from_fn(|l| {
                live.iter()
                    .map(|x| x.sentence(l))
                    .collect::<Vec<_>>()
                    .join(" · ")
            });
        }
        self.status.live = live;
        if failed && self.opts.live_checks_must_pass {
            return self.finish(
                JobState::Failed,
                Some(Text::key(
                    "profile-runner-applied-and-verified-but-a-live-check",
                )),
            );
        }
        self.finish(JobState::Done, None)
    }

    /// End the job from outside (the worker stopped answering).
    pub fn abort(&mut self, why: Text) {
        if !self.is_finished() {
            self.mark_running(StepState::Failed, why.clone());
            self.fail(why);
        }
    }
}

/// Apply a profile on a connected client and wait for the end (command line, tests). Drives the
/// same [`ApplyJob`] the GUI drives.
pub fn apply_blocking(
    client: &mut Client,
    profile: Profile,
    certs: Certs,
    opts: ApplyOptions,
) -> ApplyReport {
    let mut job = ApplyJob::new(profile, certs, opts);
    let mut reqs = job.start(Instant::now());
    loop {
        for r in reqs.drain(..) {
            if client.send(r).is_err() {
                job.abort(Text::key("profile-runner-the-worker-stopped"));
            }
        }
        if job.is_finished() {
            return job.status().clone();
        }
        let now = Instant::now();
        let wait = job
            .next_deadline()
            .map(|d| d.saturating_duration_since(now))
            .unwrap_or(Duration::from_secs(600));
        match client.next_event(wait) {
            Ok(ev) => reqs = job.on_event(&ev, Instant::now()),
            Err(crate::worker::client::ClientError::Timeout(_))
                if job.next_deadline().is_some() =>
            {
                reqs = job.tick(Instant::now());
            }
            Err(_) => job.abort(Text::key("profile-runner-the-worker-stopped-answering")),
        }
    }
}
