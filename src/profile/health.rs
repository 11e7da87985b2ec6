//! The installer's health check: SIM → registration → signal → data → broker → delivery proof,
//! each with a verdict in plain words and what to do. A non-blocking state machine driven by
//! worker events, like [`ApplyJob`](super::runner::ApplyJob); [`check_blocking`] drives it for the
//! command line.
//!
//! The delivery proof ([`crate::proof`]) runs on a thread of its own, not as worker requests: when
//! the check reaches it, [`HealthCheck::wants_proof`] turns true and the caller runs the proof
//! (the GUI on its proof thread, the command line on its client) and hands the report to
//! [`HealthCheck::finish_proof`].

use super::text::Text;
use crate::at::mqtt::MqttState;
use crate::at::network::{NtpServer, PingRequest, SignalQuality};
use crate::at::{Answer, Checked, Command};
use crate::i18n::Lang;
use crate::proof::{ProofReport, ProofSettings};
use crate::worker::{Client, CommandError, Event, JobId, Outcome, Request, Step};
use serde::Serialize;
use std::time::Duration;

/// A step's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Verdict {
    Pending,
    Running,
    Pass,
    Warn,
    Fail,
    Skipped,
}

impl Verdict {
    /// The verdict in one word.
    pub fn words(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Pending => lang.tr("profile-health-waiting"),
            Verdict::Running => lang.tr("profile-health-checking"),
            Verdict::Pass => lang.tr("profile-health-pass"),
            Verdict::Warn => lang.tr("profile-health-warning"),
            Verdict::Fail => lang.tr("profile-health-fail"),
            Verdict::Skipped => lang.tr("profile-health-skipped"),
        }
    }
}

/// The steps of the check, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum HealthStep {
    Sim,
    Registration,
    Signal,
    Data,
    Broker,
    /// Delivery proof from this computer, both directions (needs the broker connection).
    Proof,
}

impl HealthStep {
    /// Every step, in order.
    pub const ALL: [HealthStep; 6] = [
        HealthStep::Sim,
        HealthStep::Registration,
        HealthStep::Signal,
        HealthStep::Data,
        HealthStep::Broker,
        HealthStep::Proof,
    ];

    /// The step's name.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            HealthStep::Sim => lang.tr("profile-health-sim-card"),
            HealthStep::Registration => lang.tr("profile-health-network-registration"),
            HealthStep::Signal => lang.tr("profile-health-signal"),
            HealthStep::Data => lang.tr("profile-health-data-connection"),
            HealthStep::Broker => lang.tr("profile-health-mqtt-broker"),
            HealthStep::Proof => lang.tr("profile-health-delivery-proof"),
        }
    }
}

/// One step's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepResult {
    pub step: HealthStep,
    pub verdict: Verdict,
    /// What was found, in plain words ("Signal -105 dBm is weak").
    pub summary: Text,
    /// What to do about it ("move the antenna"); empty when nothing is needed.
    pub advice: Text,
    /// Signal strength, for the signal step.
    pub dbm: Option<i32>,
    /// Each direction's result and time, for the delivery proof step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof: Option<ProofReport>,
}

impl StepResult {
    fn new(step: HealthStep, verdict: Verdict, summary: Text, advice: Text) -> Self {
        Self {
            step,
            verdict,
            summary,
            advice,
            dbm: None,
            proof: None,
        }
    }

    fn pending(step: HealthStep) -> Self {
        Self::new(step, Verdict::Pending, Text::default(), Text::default())
    }

    /// `summary: advice`, in `lang`.
    pub fn sentence(&self, lang: Lang) -> String {
        let (s, a) = (self.summary.get(lang), self.advice.get(lang));
        if a.is_empty() {
            s.to_string()
        } else {
            crate::tr!(
                lang,
                "profile-health-summary-advice",
                summary = &s,
                advice = &a
            )
        }
    }
}

fn port_failed(step: HealthStep, e: &CommandError) -> StepResult {
    StepResult::new(
        step,
        Verdict::Fail,
        Text::from_fn(|l| e.message(l)),
        Text::key("profile-health-check-the-cable-and-the-port-then-run"),
    )
}

/// Judge `AT+QCCID`.
pub fn judge_sim(r: &Result<Answer, CommandError>) -> StepResult {
    let s = HealthStep::Sim;
    match r {
        Ok(Answer::Iccid(Some(iccid))) => StepResult::new(
            s,
            Verdict::Pass,
            crate::text!("profile-health-sim-detected-iccid", iccid = &iccid),
            Text::default(),
        ),
        Ok(_) | Err(CommandError::Module(_)) => StepResult::new(
            s,
            Verdict::Fail,
            Text::key("profile-health-no-sim-detected"),
            Text::key("profile-health-reseat-the-sim-card"),
        ),
        Err(e) => port_failed(s, e),
    }
}

/// Judge `AT+CREG?`.
pub fn judge_registration(r: &Result<Answer, CommandError>) -> StepResult {
    let s = HealthStep::Registration;
    match r {
        Ok(Answer::Registration(reg)) => {
            let verdict = match reg.stat {
                st if st.is_registered() => Verdict::Pass,
                crate::at::network::RegStat::Searching => Verdict::Warn,
                _ => Verdict::Fail,
            };
            let advice = if verdict == Verdict::Pass {
                Text::default()
            } else {
                Text::from_fn(|l| {
                    reg.stat
                        .advice(l)
                        .trim_end_matches('。')
                        .trim_end_matches('.')
                        .to_string()
                })
            };
            StepResult::new(
                s,
                verdict,
                Text::from_fn(|l| reg.stat.words(l).to_string()),
                advice,
            )
        }
        Ok(_) => StepResult::new(
            s,
            Verdict::Fail,
            Text::key("profile-health-unexpected-answer"),
            Text::default(),
        ),
        Err(e) => port_failed(s, e),
    }
}

/// Judge `AT+CSQ`, with thresholds from [`Signal::quality`](crate::at::network::Signal::quality).
pub fn judge_signal(r: &Result<Answer, CommandError>) -> StepResult {
    let s = HealthStep::Signal;
    match r {
        Ok(Answer::Signal(sig)) => {
            let q = sig.quality();
            let mut out = match (q, sig.dbm()) {
                (SignalQuality::None, _) | (_, None) => StepResult::new(
                    s,
                    Verdict::Fail,
                    Text::key("profile-health-no-signal"),
                    Text::key("profile-health-connect-the-antenna-and-check-it-is"),
                ),
                (SignalQuality::Poor, Some(d)) => StepResult::new(
                    s,
                    Verdict::Warn,
                    crate::text!("profile-health-signal-dbm-is-weak", d = &d),
                    Text::key("profile-health-move-the-antenna"),
                ),
                (SignalQuality::Fair, Some(d)) => StepResult::new(
                    s,
                    Verdict::Pass,
                    crate::text!("profile-health-signal-dbm-is-fair", d = &d),
                    Text::key("profile-health-a-better-antenna-position-would-add"),
                ),
                (q, Some(d)) => StepResult::new(
                    s,
                    Verdict::Pass,
                    crate::text!(
                        "profile-health-signal-dbm-is",
                        d = &d,
                        // English writes the quality in lower case inside the sentence.
                        quality = Text::from_fn(|l| match l {
                            Lang::En => q.words(l).to_lowercase(),
                            _ => q.words(l).to_string(),
                        })
                    ),
                    Text::default(),
                ),
            };
            out.dbm = sig.dbm();
            out
        }
        Ok(_) => StepResult::new(
            s,
            Verdict::Fail,
            Text::key("profile-health-unexpected-answer"),
            Text::default(),
        ),
        Err(e) => port_failed(s, e),
    }
}

/// Judge the data test (`AT+QNTP=` or `AT+QPING=`).
pub fn judge_data(r: &Result<Answer, CommandError>) -> StepResult {
    let s = HealthStep::Data;
    let no_data = || {
        StepResult::new(
            s,
            Verdict::Fail,
            Text::key("profile-health-no-data-connection"),
            Text::key("profile-health-check-that-the-sim-has-an-active-data"),
        )
    };
    match r {
        Ok(Answer::Time(t)) => StepResult::new(
            s,
            Verdict::Pass,
            crate::text!(
                "profile-health-internet-works-network-time",
                t = &t.display()
            ),
            Text::default(),
        ),
        Ok(Answer::Ping(p)) if !p.replies.is_empty() => {
            let avg = p.avg_ms().unwrap_or_default();
            StepResult::new(
                s,
                if p.replies.len() < usize::from(p.sent) {
                    Verdict::Warn
                } else {
                    Verdict::Pass
                },
                crate::text!(
                    "profile-health-ping-replies-ms-average",
                    replies = &p.replies.len(),
                    sent = &p.sent,
                    avg = &format!("{:.0}", avg)
                ),
                Text::default(),
            )
        }
        Ok(_) | Err(CommandError::Module(_) | CommandError::Timeout(_)) => no_data(),
        Err(e) => port_failed(s, e),
    }
}

/// What the broker and proof steps say when the module has no broker.
fn no_broker() -> Text {
    Text::key("profile-health-no-broker-configured")
}

/// Judge the broker from `AT+QMTCONNCFG?` and `AT+QMTSTATU`.
pub fn judge_broker(
    broker: &Result<Answer, CommandError>,
    state: Option<&Result<Answer, CommandError>>,
) -> StepResult {
    let s = HealthStep::Broker;
    let host = match broker {
        Ok(Answer::MqttBroker(Some(b))) => format!("{}:{}", b.host, b.port),
        Ok(_) => {
            return StepResult::new(s, Verdict::Skipped, no_broker(), Text::default());
        }
        Err(e) => return port_failed(s, e),
    };
    match state {
        Some(Ok(Answer::MqttState(MqttState::Connected))) => StepResult::new(
            s,
            Verdict::Pass,
            crate::text!("profile-health-connected-to", host = &host),
            Text::default(),
        ),
        Some(Ok(Answer::MqttState(MqttState::Connecting))) => StepResult::new(
            s,
            Verdict::Warn,
            crate::text!("profile-health-still-connecting-to", host = &host),
            Text::key("profile-health-wait-a-few-seconds-and-check-again"),
        ),
        Some(Err(e)) if !matches!(e, CommandError::Module(_)) => port_failed(s, e),
        _ => StepResult::new(
            s,
            Verdict::Fail,
            crate::text!("profile-health-not-connected-to", host = &host),
            Text::key("profile-health-check-the-broker-address-port-user"),
        ),
    }
}

/// Judge the delivery proof: its report, or why it could not run (what to fix, in plain words).
pub fn judge_proof(r: Result<ProofReport, Text>) -> StepResult {
    let s = HealthStep::Proof;
    match r {
        Ok(p) => {
            let advice = p
                .directions()
                .iter()
                .find_map(|d| d.cause.as_ref())
                .map(|c| c.text())
                .unwrap_or_default();
            let mut out = StepResult::new(
                s,
                if p.ok() { Verdict::Pass } else { Verdict::Fail },
                p.summary(),
                if p.ok() { Text::default() } else { advice },
            );
            out.proof = Some(p);
            out
        }
        Err(why) => StepResult::new(
            s,
            Verdict::Warn,
            Text::key("profile-health-could-not-run-the-proof"),
            why,
        ),
    }
}

/// How the check proves data works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthOptions {
    /// NTP server to sync from (used unless `ping_host` is set).
    pub ntp: NtpServer,
    /// Ping this host instead of syncing NTP.
    pub ping_host: Option<String>,
    /// Whether to check the broker.
    pub check_broker: bool,
    /// Whether to prove delivery from this computer after the broker step.
    pub prove: bool,
}

impl Default for HealthOptions {
    fn default() -> Self {
        Self {
            ntp: NtpServer::default(),
            ping_host: None,
            check_broker: true,
            prove: false,
        }
    }
}

impl HealthOptions {
    /// Options from a profile's `[network]` section (NTP server, ping host).
    pub fn from_profile(p: &super::schema::Profile) -> Self {
        let mut o = Self::default();
        if let Some(n) = &p.network {
            if let Some(ntp) = n.ntp() {
                o.ntp = ntp;
            }
            o.ping_host = n.ping_host.clone();
        }
        o
    }
}

/// The step running: its index, its worker job, its commands, and their outcomes.
type Running = (usize, JobId, Vec<Command>, Vec<Option<Outcome>>);

/// The health check as a non-blocking state machine.
///
/// Call [`start`](Self::start), send the requests to the worker, then feed every worker event to
/// [`on_event`](Self::on_event) and send what it returns, until [`is_done`](Self::is_done).
pub struct HealthCheck {
    opts: HealthOptions,
    results: Vec<StepResult>,
    /// The step running, its worker job, its commands, and their outcomes.
    current: Option<Running>,
    done: bool,
    cancelled: bool,
    /// Waiting for [`finish_proof`](Self::finish_proof).
    proving: bool,
}

impl HealthCheck {
    /// A check (its worker jobs get fresh ids).
    pub fn new(opts: HealthOptions) -> Self {
        Self {
            opts,
            results: HealthStep::ALL
                .iter()
                .map(|s| StepResult::pending(*s))
                .collect(),
            current: None,
            done: false,
            cancelled: false,
            proving: false,
        }
    }

    /// The first request.
    pub fn start(&mut self) -> Vec<Request> {
        self.run_step(0)
    }

    fn commands(&self, i: usize) -> Vec<Command> {
        match HealthStep::ALL[i] {
            HealthStep::Sim => vec![Command::Iccid],
            HealthStep::Registration => vec![Command::RegQuery],
            HealthStep::Signal => vec![Command::Signal],
            HealthStep::Data => {
                let cmd = match &self.opts.ping_host {
                    Some(h) => Checked::new(PingRequest {
                        host: h.clone(),
                        count: 4,
                    })
                    .ok()
                    .map(Command::Ping),
                    None => Checked::new(self.opts.ntp.clone())
                        .ok()
                        .map(Command::NtpSync),
                };
                cmd.into_iter().collect()
            }
            HealthStep::Broker => vec![Command::MqttBrokerQuery, Command::MqttState],
            // What the proof's settings need from the module (the GUI learns them from these
            // answers); the proof itself runs outside the worker (see `wants_proof`).
            HealthStep::Proof => vec![
                Command::Imei,
                Command::MqttClientQuery,
                Command::MqttCertQuery,
            ],
        }
    }

    /// Whether step `i` should run, given the verdicts so far (else it is skipped, with why).
    fn skip_reason(&self, i: usize) -> Option<Text> {
        let v = |s: HealthStep| self.results[s as usize].verdict;
        let step = HealthStep::ALL[i];
        if step != HealthStep::Sim && v(HealthStep::Sim) == Verdict::Fail {
            return Some(Text::key("profile-health-needs-a-sim-card"));
        }
        if matches!(step, HealthStep::Data | HealthStep::Broker)
            && v(HealthStep::Registration) != Verdict::Pass
        {
            return Some(Text::key("profile-health-needs-network-registration"));
        }
        if step == HealthStep::Broker && !self.opts.check_broker {
            return Some(Text::key("profile-health-not-requested"));
        }
        if step == HealthStep::Proof {
            let broker = &self.results[HealthStep::Broker as usize];
            // A module that failed to connect is proven too: the proof tells the module's side
            // (network, APN) from the broker's (TLS, password, ACL).
            return match broker.verdict {
                _ if !self.opts.prove => Some(Text::key("profile-health-not-requested-2")),
                Verdict::Skipped if broker.summary == no_broker() => Some(no_broker()),
                Verdict::Skipped | Verdict::Pending | Verdict::Running => {
                    Some(Text::key("profile-health-needs-the-mqtt-broker-step"))
                }
                Verdict::Pass | Verdict::Warn | Verdict::Fail => None,
            };
        }
        if step == HealthStep::Data && self.commands(i).is_empty() {
            return Some(Text::key("profile-health-no-valid-ntp-server-or-ping-host"));
        }
        None
    }

    fn run_step(&mut self, mut i: usize) -> Vec<Request> {
        while i < HealthStep::ALL.len() {
            if self.cancelled {
                self.results[i].verdict = Verdict::Skipped;
                i += 1;
                continue;
            }
            if let Some(why) = self.skip_reason(i) {
                self.results[i] =
                    StepResult::new(HealthStep::ALL[i], Verdict::Skipped, why, Text::default());
                i += 1;
                continue;
            }
            let cmds = self.commands(i);
            let id = JobId::fresh();
            self.results[i].verdict = Verdict::Running;
            self.current = Some((i, id, cmds.clone(), vec![None; cmds.len()]));
            return vec![Request::Run {
                id,
                steps: cmds
                    .into_iter()
                    .map(|c| Step {
                        command: c,
                        timeout: None,
                    })
                    .collect(),
                stop_on_error: false,
            }];
        }
        self.done = true;
        self.current = None;
        Vec::new()
    }

    /// Feed a worker event; returns the requests to send.
    pub fn on_event(&mut self, ev: &Event) -> Vec<Request> {
        let Some((i, id, _, outcomes)) = &mut self.current else {
            return Vec::new();
        };
        match ev {
            Event::Step {
                job,
                index,
                outcome,
            } if job == id => {
                if let Some(s) = outcomes.get_mut(*index) {
                    *s = Some((**outcome).clone());
                }
                Vec::new()
            }
            Event::JobDone { job, .. } if job == id => {
                let i = *i;
                if HealthStep::ALL[i] == HealthStep::Proof {
                    self.current = None;
                    if self.cancelled {
                        self.results[i] = StepResult::new(
                            HealthStep::Proof,
                            Verdict::Skipped,
                            Text::key("profile-health-cancelled"),
                            Text::default(),
                        );
                        self.done = true;
                    } else {
                        self.proving = true;
                    }
                    return Vec::new();
                }
                let res = |k: usize| -> Result<Answer, CommandError> {
                    outcomes
                        .get(k)
                        .and_then(|o| o.as_ref())
                        .map(|o| o.result.clone())
                        .unwrap_or(Err(CommandError::Cancelled))
                };
                let r = match HealthStep::ALL[i] {
                    HealthStep::Sim => judge_sim(&res(0)),
                    HealthStep::Registration => judge_registration(&res(0)),
                    HealthStep::Signal => judge_signal(&res(0)),
                    HealthStep::Data => judge_data(&res(0)),
                    HealthStep::Broker => judge_broker(&res(0), Some(&res(1))),
                    HealthStep::Proof => judge_proof(Err(Text::default())),
                };
                self.results[i] = if self.cancelled && r.verdict == Verdict::Fail {
                    StepResult::new(
                        r.step,
                        Verdict::Skipped,
                        Text::key("profile-health-cancelled"),
                        Text::default(),
                    )
                } else {
                    r
                };
                self.current = None;
                self.run_step(i + 1)
            }
            _ => Vec::new(),
        }
    }

    /// Whether the check waits for the delivery proof: run it (off the UI thread), then call
    /// [`finish_proof`](Self::finish_proof). Not once cancelled (then
    /// [`cancel`](Self::cancel) has ended the step).
    pub fn wants_proof(&self) -> bool {
        self.proving && !self.done
    }

    /// The delivery proof's report, or why it could not run; ends the check.
    pub fn finish_proof(&mut self, r: Result<ProofReport, Text>) {
        if !self.wants_proof() {
            return;
        }
        self.proving = false;
        self.results[HealthStep::Proof as usize] = if self.cancelled {
            StepResult::new(
                HealthStep::Proof,
                Verdict::Skipped,
                Text::key("profile-health-cancelled"),
                Text::default(),
            )
        } else {
            judge_proof(r)
        };
        self.done = true;
    }

    /// Stop: the running step is cancelled, the rest skipped. A proof under way (or about to
    /// start) ends as skipped at once; stopping its thread is the caller's.
    pub fn cancel(&mut self) -> Vec<Request> {
        if self.done || self.cancelled {
            return Vec::new();
        }
        self.cancelled = true;
        if self.wants_proof() {
            // The caller stops its proof; its report, when it comes, changes nothing.
            self.finish_proof(Err(Text::default()));
            return Vec::new();
        }
        self.current
            .as_ref()
            .map(|c| Request::Cancel(c.1))
            .into_iter()
            .collect()
    }

    /// The steps with their verdicts so far.
    pub fn results(&self) -> &[StepResult] {
        &self.results
    }

    /// Whether every step has its verdict.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The worst verdict (Fail over Warn over Pass; skipped steps do not count).
    pub fn overall(&self) -> Verdict {
        overall(&self.results)
    }
}

/// The worst verdict of `results`.
pub fn overall(results: &[StepResult]) -> Verdict {
    let vs: Vec<Verdict> = results.iter().map(|r| r.verdict).collect();
    if vs.contains(&Verdict::Fail) {
        Verdict::Fail
    } else if vs.contains(&Verdict::Warn) {
        Verdict::Warn
    } else if vs
        .iter()
        .any(|v| matches!(v, Verdict::Pending | Verdict::Running))
    {
        Verdict::Running
    } else {
        Verdict::Pass
    }
}

/// Run the whole check on a connected client and wait for it (command line, tests).
pub fn check_blocking(client: &mut Client, opts: HealthOptions) -> Vec<StepResult> {
    check_blocking_proving(client, opts, None)
}

/// [`check_blocking`], with the delivery proof run on the same client when the check reaches
/// it (`opts.prove`); without `proof` settings that step says why it could not run.
pub fn check_blocking_proving(
    client: &mut Client,
    opts: HealthOptions,
    proof: Option<&ProofSettings>,
) -> Vec<StepResult> {
    let mut hc = HealthCheck::new(opts);
    let mut reqs = hc.start();
    loop {
        if hc.wants_proof() {
            let r = match proof {
                Some(s) => {
                    let cancel = std::sync::atomic::AtomicBool::new(false);
                    Ok(crate::proof::run(client, s, &cancel, &mut |_| {}))
                }
                None => Err(Text::key("profile-health-the-profile-has-no-mqtt-section")),
            };
            hc.finish_proof(r);
        }
        for r in reqs.drain(..) {
            if client.send(r).is_err() {
                return hc.results().to_vec();
            }
        }
        if hc.is_done() {
            return hc.results().to_vec();
        }
        match client.next_event(Duration::from_secs(600)) {
            Ok(ev) => reqs = hc.on_event(&ev),
            Err(_) => return hc.results().to_vec(),
        }
    }
}
