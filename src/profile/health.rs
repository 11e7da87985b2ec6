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
            Verdict::Pending => lang.pick("Waiting", "等待"),
            Verdict::Running => lang.pick("Checking…", "检查中…"),
            Verdict::Pass => lang.pick("Pass", "通过"),
            Verdict::Warn => lang.pick("Warning", "警告"),
            Verdict::Fail => lang.pick("Fail", "失败"),
            Verdict::Skipped => lang.pick("Skipped", "已跳过"),
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
            HealthStep::Sim => lang.pick("SIM card", "SIM 卡"),
            HealthStep::Registration => lang.pick("Network registration", "网络注册"),
            HealthStep::Signal => lang.pick("Signal", "信号"),
            HealthStep::Data => lang.pick("Data connection", "数据连接"),
            HealthStep::Broker => lang.pick("MQTT broker", "MQTT 服务器"),
            HealthStep::Proof => lang.pick("Delivery proof", "数据送达验证"),
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
            format!("{s}: {a}")
        }
    }
}

fn port_failed(step: HealthStep, e: &CommandError) -> StepResult {
    StepResult::new(
        step,
        Verdict::Fail,
        Text::from_fn(|l| e.message(l)),
        Text::new(
            "check the cable and the port, then run the check again",
            "请检查串口线和端口，然后重新检查",
        ),
    )
}

/// Judge `AT+QCCID`.
pub fn judge_sim(r: &Result<Answer, CommandError>) -> StepResult {
    let s = HealthStep::Sim;
    match r {
        Ok(Answer::Iccid(Some(iccid))) => StepResult::new(
            s,
            Verdict::Pass,
            Text::new(
                format!("SIM detected (ICCID {iccid})"),
                format!("已识别 SIM 卡（ICCID {iccid}）"),
            ),
            Text::default(),
        ),
        Ok(_) | Err(CommandError::Module(_)) => StepResult::new(
            s,
            Verdict::Fail,
            Text::new("No SIM detected", "未检测到 SIM 卡"),
            Text::new("reseat the SIM card", "请重新插好 SIM 卡"),
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
            Text::new("Unexpected answer", "无法识别的应答"),
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
                    Text::new("No signal", "无信号"),
                    Text::new(
                        "connect the antenna and check it is screwed on",
                        "请连接天线并拧紧",
                    ),
                ),
                (SignalQuality::Poor, Some(d)) => StepResult::new(
                    s,
                    Verdict::Warn,
                    Text::new(
                        format!("Signal {d} dBm is weak"),
                        format!("信号 {d} dBm 较弱"),
                    ),
                    Text::new("move the antenna", "请移动天线位置"),
                ),
                (SignalQuality::Fair, Some(d)) => StepResult::new(
                    s,
                    Verdict::Pass,
                    Text::new(
                        format!("Signal {d} dBm is fair"),
                        format!("信号 {d} dBm 一般"),
                    ),
                    Text::new(
                        "a better antenna position would add margin",
                        "调整天线位置可获得更多余量",
                    ),
                ),
                (q, Some(d)) => StepResult::new(
                    s,
                    Verdict::Pass,
                    Text::new(
                        format!("Signal {d} dBm is {}", q.words(Lang::En).to_lowercase()),
                        format!("信号 {d} dBm {}", q.words(Lang::Zh)),
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
            Text::new("Unexpected answer", "无法识别的应答"),
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
            Text::new("No data connection", "无数据连接"),
            Text::new(
                "check that the SIM has an active data plan, then restart the module",
                "请确认 SIM 卡已开通数据业务，然后重启模块",
            ),
        )
    };
    match r {
        Ok(Answer::Time(t)) => StepResult::new(
            s,
            Verdict::Pass,
            Text::new(
                format!("Internet works (network time {})", t.display()),
                format!("数据网络正常（网络时间 {}）", t.display()),
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
                Text::new(
                    format!(
                        "Ping: {}/{} replies, {avg:.0} ms average",
                        p.replies.len(),
                        p.sent
                    ),
                    format!(
                        "Ping：{}/{} 个应答，平均 {avg:.0} ms",
                        p.replies.len(),
                        p.sent
                    ),
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
    Text::new("No broker configured", "未配置 MQTT 服务器")
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
            Text::new(format!("Connected to {host}"), format!("已连接 {host}")),
            Text::default(),
        ),
        Some(Ok(Answer::MqttState(MqttState::Connecting))) => StepResult::new(
            s,
            Verdict::Warn,
            Text::new(
                format!("Still connecting to {host}"),
                format!("正在连接 {host}"),
            ),
            Text::new("wait a few seconds and check again", "请稍等几秒后再检查"),
        ),
        Some(Err(e)) if !matches!(e, CommandError::Module(_)) => port_failed(s, e),
        _ => StepResult::new(
            s,
            Verdict::Fail,
            Text::new(format!("Not connected to {host}"), format!("未连接 {host}")),
            Text::new(
                "check the broker address, port, user name, password and certificate",
                "请检查服务器地址、端口、用户名、密码和证书",
            ),
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
            Text::new("Could not run the proof", "无法进行验证"),
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
            return Some(Text::new("Needs a SIM card", "需要 SIM 卡"));
        }
        if matches!(step, HealthStep::Data | HealthStep::Broker)
            && v(HealthStep::Registration) != Verdict::Pass
        {
            return Some(Text::new("Needs network registration", "需要先注册网络"));
        }
        if step == HealthStep::Broker && !self.opts.check_broker {
            return Some(Text::new("Not requested", "未要求检查"));
        }
        if step == HealthStep::Proof {
            let broker = &self.results[HealthStep::Broker as usize];
            // A module that failed to connect is proven too: the proof tells the module's side
            // (network, APN) from the broker's (TLS, password, ACL).
            return match broker.verdict {
                _ if !self.opts.prove => Some(Text::new("Not requested", "未要求验证")),
                Verdict::Skipped if broker.summary == no_broker() => Some(no_broker()),
                Verdict::Skipped | Verdict::Pending | Verdict::Running => Some(Text::new(
                    "Needs the MQTT broker step",
                    "需要先检查 MQTT 服务器",
                )),
                Verdict::Pass | Verdict::Warn | Verdict::Fail => None,
            };
        }
        if step == HealthStep::Data && self.commands(i).is_empty() {
            return Some(Text::new(
                "No valid NTP server or ping host",
                "没有有效的 NTP 服务器或 Ping 目标",
            ));
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
                            Text::new("Cancelled", "已取消"),
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
                        Text::new("Cancelled", "已取消"),
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
                Text::new("Cancelled", "已取消"),
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
                None => Err(Text::new(
                    "the profile has no [mqtt] section",
                    "配置文件没有 [mqtt] 部分",
                )),
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
