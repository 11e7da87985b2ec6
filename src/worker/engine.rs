//! The worker's state machine. One thread; it waits with `select!` on requests, received bytes
//! and its next deadline (answer timeout, `+++` guard time, reconnect, baud probe), so it uses no
//! CPU while nothing happens and adds no polling delay to a command's round trip.

use super::Notify;
use super::batch::Held;
use super::event::{CommandError, Event, FailReason, LinkState, Outcome};
use super::guard::{Guard, Marker};
use super::outbox::Outbox;
use super::port::{self, Reader, ReaderMsg};
use super::request::{JobId, Request, Step};
use crate::at::basic::{BAUD_RATES, Parity, StopBits, UartConfig};
use crate::at::framer::Framer;
use crate::at::socket::PairingMode;
use crate::at::urc::Urc;
use crate::at::{Answer, Command, Ending, FrameKind, Reply};
use crate::link::{Link as Wire, PortOpener};
use crossbeam_channel::{Receiver, Sender, select};
use std::collections::VecDeque;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// How long a baud-rate probe waits for `OK` at one rate (each rate is tried twice: the first
/// `AT` may only wake a sleeping module).
const PROBE_WAIT: Duration = Duration::from_millis(300);
/// How long the check after opening waits for `OK`.
const CHECK_WAIT: Duration = Duration::from_millis(600);
/// How many times the check after opening asks (at one known rate).
const CHECK_TRIES: u8 = 3;
/// Retry interval while the adapter is unplugged.
const RECONNECT_EVERY: Duration = Duration::from_secs(1);
/// With sleep enabled, a link idle this long gets a wake-up `AT` before the next command. The
/// manual gives no idle time before sleep ("after serial use ends, it sleeps again"), so this
/// stays short: the cost is one `AT` round trip.
const WAKE_AFTER_IDLE: Duration = Duration::from_millis(100);
const WAKE_WAIT: Duration = Duration::from_millis(300);
/// While waiting for `RDY` after a restart: first `AT` poke, then every so often.
const RESTART_POKE_AFTER: Duration = Duration::from_secs(3);
const RESTART_POKE_EVERY: Duration = Duration::from_secs(2);
/// After `+++` and its trailing guard, how long an `OK` may take.
const ESCAPE_ANSWER_WAIT: Duration = Duration::from_millis(1000);
/// An HTTP body that gets no byte for this long has stalled: its announced length was wrong,
/// and what was held back as a possible final line is read as lines again.
const BODY_QUIET: Duration = Duration::from_millis(500);
/// After a transparent SIMPLECLIENT's `OK`, how long its `CONNECT` may take.
const CONNECT_AFTER_OK: Duration = Duration::from_secs(10);
/// How long a marker (see [`super::guard`]) may take, late answers before it included.
const MARKER_WAIT: Duration = Duration::from_millis(1500);
/// Markers tried before the command waiting behind them is reported as not answered.
const MARKER_TRIES: u8 = 3;
/// A payload is written in chunks of about this much wire time. Each chunk is drained (`flush`:
/// the OS returns once the UART has sent it) before its progress is reported, then the worker
/// goes back to its loop (requests, received bytes) before writing the next. After a drain the
/// line idles until the next write reaches the UART: microseconds on a built-in UART, about a
/// USB frame (1 ms) behind an adapter. One such gap per 50 ms of wire costs at most 2 % (a
/// 2048-byte certificate at 115200 baud: 4 chunks of 576 bytes, 3 gaps).
const CHUNK_WIRE_TIME: Duration = Duration::from_millis(50);
/// The smallest chunk (slow rates), so the bar still moves in steps worth a syscall.
const MIN_CHUNK: usize = 64;
/// While the caller is behind (its channel full), how often the worker offers what it holds.
const RESEND_EVERY: Duration = Duration::from_millis(10);
/// A port that is open but silent (module not powered yet, wrong rate) is asked `AT` again
/// after this long, then after twice as long each time, up to [`SILENT_PROBE_MAX`]: the
/// opening check's waits (0.6, 1.2, 2.4 s) doubling on, 4.8, 9.6, 19.2, then every 30 s.
/// Each probe is a log line and a repaint, so a silent port costs about what an answering
/// module does.
const SILENT_PROBE_START: Duration = Duration::from_millis(4800);
/// Any byte from a silent module asks again at once, but not more often than this.
const SILENT_PROBE_FIRST: Duration = Duration::from_secs(2);
const SILENT_PROBE_MAX: Duration = Duration::from_secs(30);

struct Link {
    port: Box<dyn Wire>,
    reader: Reader,
}

struct Job {
    id: JobId,
    steps: VecDeque<Step>,
    next_index: usize,
    stop_on_error: bool,
    ok: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// A wake-up `AT` was sent; the command follows on its answer or at the deadline.
    Wake,
    /// Waiting for the guard-time silence before `+++`.
    EscapeBefore,
    /// `+++` sent; waiting out the guard time after it.
    EscapeAfter,
    /// A marker was sent after an unanswered command (see [`super::guard`]); everything up to
    /// its answer is an earlier command's late answer. The command follows.
    Marker,
    /// Waiting for the answer (or the prompt).
    Answer,
    /// At the prompt: writing the payload, one drained chunk at a time (see [`Upload`]).
    Payload,
    /// The payload was sent at the prompt; waiting for `SEND OK` / `OK`.
    AfterPayload,
    /// `OK` came; the module is restarting: waiting for `RDY`.
    AwaitReady,
    /// After a baud change and `RDY`: checking the link with `AT`.
    Recheck,
}

struct Active {
    job: JobId,
    index: usize,
    step: Step,
    phase: Phase,
    deadline: Instant,
    started: Instant,
    frames: Vec<FrameKind>,
    cancel_after: bool,
    /// The command's echo has arrived (only tracked while echo is known to be on).
    echo_seen: bool,
    /// While waiting for `RDY`: when to send the next `AT` in case `RDY` was missed (printed
    /// before the port was reopened at a new rate, or lost in noise).
    poke_at: Option<Instant>,
    /// In [`Phase::Payload`]: how far the payload is written.
    upload: Option<Upload>,
    /// In [`Phase::Marker`]: the marker sent, whether its information line came, and how
    /// many markers were tried for this command.
    marker: Option<Marker>,
    marker_seen: bool,
    marker_tries: u8,
}

/// A payload being written at the module's prompt.
///
/// What Cancel means here: the module waits for exactly the announced number of bytes, and the
/// manual gives no way to abort a prompt (no escape character, no documented timeout for
/// MQTTCERTIFI, HTTPCERTIFI, HTTPDATA or QISEND). Stopping part-way leaves it swallowing the
/// next command lines as payload, and topping up with padding would store a corrupt
/// certificate over a good one. Only QMTPUBEX documents a way out ("a wrong data length
/// reports an error and leaves data mode"), and not how or when a short payload is noticed.
/// So a payload the module was told to expect is always sent whole, with the user's own bytes:
/// a Cancel is taken between chunks (other jobs end at once, the rest of this job is cancelled)
/// and this command runs to the module's answer, which is reported as it is (the certificate
/// *was* stored). The module is then in command mode with a known certificate. The same holds
/// from the moment the command line is sent: a cancelled command still gets its payload at the
/// prompt. Only an error from the module (it left the prompt), a restart, or losing the port
/// stops the payload part-way.
struct Upload {
    /// Bytes written and drained so far.
    sent: usize,
    /// When the next chunk is due: at once, but through the event loop.
    next_at: Instant,
}

/// When to ask a silent module `AT` again (see [`SILENT_PROBE_FIRST`]).
#[derive(Clone, Copy, Debug)]
struct SilentProbe {
    next_at: Instant,
    every: Duration,
    last_at: Option<Instant>,
}

/// Opening check or baud-rate search.
struct Probe {
    rates: Vec<u32>,
    idx: usize,
    attempt: u8,
    /// Tries at each rate before the next rate (or giving up).
    tries: u8,
    deadline: Instant,
    auto: bool,
}

/// The worker state machine; see the module docs.
pub struct Engine {
    requests: Receiver<Request>,
    /// Events to the caller: received frames batched per read, a bounded channel, no blocking.
    out: Outbox,
    notify: Option<Notify>,
    target: Option<Arc<dyn PortOpener>>,
    settings: UartConfig,
    link: Option<Link>,
    state: LinkState,
    framer: Framer,
    jobs: VecDeque<Job>,
    active: Option<Active>,
    data_mode: bool,
    escape_guard: Duration,
    last_tx: Instant,
    /// When bytes last arrived (for the stalled-body check).
    last_rx: Instant,
    reconnect_at: Option<Instant>,
    probe: Option<Probe>,
    sleep_suspected: bool,
    continuous_publish: bool,
    /// Whether the module echoes commands (learned at the opening check and from ATE). While
    /// echo is on, anything that arrives before a command's echo is a late answer to an earlier
    /// command (after a timeout or cancel), not this command's answer.
    echo: Option<bool>,
    /// The opening check saw the echo of its `AT`.
    probe_echo: bool,
    /// Raw bytes asked for while a payload is being written: sent after it, so they cannot
    /// land inside it.
    raw_after_payload: Vec<u8>,
    /// Late answers and consecutive silence (see [`super::guard`]).
    guard: Guard,
    /// Set while the port is open and the module silent ([`LinkState::NoAnswer`]).
    silent_probe: Option<SilentProbe>,
    shutdown: bool,
}

impl Engine {
    pub fn new(
        requests: Receiver<Request>,
        events: Sender<Event>,
        notify: Option<Notify>,
        held: Held,
    ) -> Self {
        Self {
            requests,
            out: Outbox::new(events, held),
            notify,
            target: None,
            settings: UartConfig::default(),
            link: None,
            state: LinkState::Disconnected,
            framer: Framer::new(),
            jobs: VecDeque::new(),
            active: None,
            data_mode: false,
            escape_guard: Duration::from_secs(1),
            last_tx: Instant::now(),
            last_rx: Instant::now(),
            reconnect_at: None,
            probe: None,
            sleep_suspected: false,
            continuous_publish: false,
            echo: None,
            probe_echo: false,
            raw_after_payload: Vec::new(),
            guard: Guard::default(),
            silent_probe: None,
            shutdown: false,
        }
    }

    /// Run until [`Request::Shutdown`] or until every sender is gone.
    pub fn run(mut self) {
        while !self.shutdown {
            let deadline = self.next_deadline();
            let timer = match deadline {
                Some(d) => crossbeam_channel::at(d),
                None => crossbeam_channel::never(),
            };
            // While the window is far behind, the port waits (its buffers and the reader's
            // bounded channel hold what comes; on a pty the sender waits too).
            let port_rx = match &self.link {
                Some(l) if !self.out.full() => l.reader.rx.clone(),
                _ => crossbeam_channel::never(),
            };
            select! {
                recv(self.requests) -> r => match r {
                    Ok(req) => self.on_request(req),
                    Err(_) => self.shutdown = true,
                },
                recv(port_rx) -> m => match m {
                    Ok(ReaderMsg::Data(at, bytes)) => self.on_bytes(at, &bytes),
                    Ok(ReaderMsg::Failed(e)) => self.on_port_failed(&e.to_string()),
                    Err(_) => self.on_port_failed("reader stopped"),
                },
                recv(timer) -> _ => self.on_timer(Instant::now()),
            }
            self.pump();
            self.out.flush();
            if self.out.take_sent()
                && let Some(n) = &self.notify
            {
                n();
            }
        }
        self.close_link();
        self.out.flush();
    }

    /// Send an event (after the frames received before it).
    fn emit(&mut self, e: Event) {
        self.out.emit(e);
    }

    fn set_state(&mut self, s: LinkState) {
        if self.state != s {
            self.silent_probe = matches!(s, LinkState::NoAnswer { .. }).then(|| SilentProbe {
                next_at: Instant::now() + SILENT_PROBE_START,
                every: SILENT_PROBE_START,
                last_at: None,
            });
            self.state = s.clone();
            self.emit(Event::Link(s));
        }
    }

    fn next_deadline(&self) -> Option<Instant> {
        [
            self.active.as_ref().map(|a| a.deadline),
            self.active.as_ref().and_then(|a| a.poke_at),
            self.active
                .as_ref()
                .and_then(|a| a.upload.as_ref())
                .map(|u| u.next_at),
            self.probe.as_ref().map(|p| p.deadline),
            self.reconnect_at,
            self.out.waiting().then(|| Instant::now() + RESEND_EVERY),
            self.silent_probe_due(),
            self.framer.in_body().then_some(self.last_rx + BODY_QUIET),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    // ----- requests -------------------------------------------------------------------------

    fn on_request(&mut self, req: Request) {
        match req {
            Request::Open {
                port,
                settings,
                auto_baud,
            } => self.open(port, settings, auto_baud),
            Request::Close => {
                self.cancel_all();
                self.close_link();
                // A payload in progress cannot be finished without the port.
                self.finish(Err(CommandError::Cancelled));
                self.target = None;
                self.reconnect_at = None;
                self.probe = None;
                self.set_data_mode(false);
                self.set_state(LinkState::Disconnected);
            }
            Request::Run {
                id,
                steps,
                stop_on_error,
            } => {
                self.jobs.push_back(Job {
                    id,
                    steps: steps.into(),
                    next_index: 0,
                    stop_on_error,
                    ok: true,
                });
            }
            Request::Raw { bytes } => {
                // Held while a payload is written (they would land inside it) and during both
                // guard times of `+++` (they would break its silence); sent after.
                if self.active.as_ref().is_some_and(|a| {
                    a.phase == Phase::Payload || a.step.command.ending() == Ending::Escape
                }) {
                    self.raw_after_payload.extend(bytes);
                } else if self.link.is_some() {
                    self.write(&bytes, Vec::new());
                }
            }
            Request::Cancel(id) => self.cancel_job(id),
            Request::SetEscapeGuard(d) => self.escape_guard = d,
            Request::SetDtr(level) => {
                let failed = match &mut self.link {
                    Some(l) => l.port.set_dtr(level).err(),
                    None => None,
                };
                if let Some(e) = failed {
                    let level = if level { "high" } else { "low" };
                    self.emit(Event::PortError(format!(
                        "DTR could not be set {level}: {e}"
                    )));
                }
            }
            Request::Shutdown => self.shutdown = true,
        }
    }

    fn open(&mut self, target: Arc<dyn PortOpener>, settings: UartConfig, auto_baud: bool) {
        self.cancel_all();
        self.close_link();
        self.finish(Err(CommandError::Cancelled));
        self.set_data_mode(false);
        self.settings = settings;
        self.target = Some(target.clone());
        self.reconnect_at = None;
        self.set_state(LinkState::Connecting {
            detail: target.name(),
        });
        match self.open_link(&target, &settings) {
            Ok(()) => {
                let mut rates = vec![settings.baud];
                if auto_baud {
                    // Most likely first: the default, then the fast rates, then the slow ones.
                    for r in [
                        115200, 921600, 460800, 230400, 57600, 38400, 19200, 9600, 4800,
                    ] {
                        if !rates.contains(&r) && BAUD_RATES.contains(&r) {
                            rates.push(r);
                        }
                    }
                }
                self.probe = Some(Probe {
                    rates,
                    idx: 0,
                    attempt: 0,
                    tries: if auto_baud { 2 } else { CHECK_TRIES },
                    deadline: Instant::now(),
                    auto: auto_baud,
                });
                self.probe_send();
            }
            Err(e) => {
                self.target = None;
                self.set_state(LinkState::Failed {
                    reason: FailReason::Open {
                        port: target.name(),
                        error: e.to_string(),
                    },
                });
            }
        }
    }

    fn open_link(
        &mut self,
        target: &Arc<dyn PortOpener>,
        settings: &UartConfig,
    ) -> std::io::Result<()> {
        let port = target.open(settings)?;
        let reader = port::start_reader(&*port)?;
        self.framer = Framer::new();
        self.guard.reset();
        self.link = Some(Link { port, reader });
        Ok(())
    }

    fn close_link(&mut self) {
        if let Some(link) = self.link.take() {
            drop(link);
            let rest = self.framer.take_pending();
            if !rest.is_empty() {
                self.emit_rx(
                    SystemTime::now(),
                    &FrameKind::Data(rest.clone()),
                    rest,
                    true,
                );
            }
        }
    }

    fn cancel_all(&mut self) {
        // The active command's job is ended by `finish` (cancel_after), so that its step is
        // reported before the job's end and the rest count as cancelled, not skipped.
        let mut finishing = None;
        if let Some(a) = &mut self.active {
            a.cancel_after = true;
            // A payload the module was told to expect is sent whole (see `Upload`): let the
            // command run to its answer, then stop.
            let announced = match a.phase {
                Phase::Answer => a.step.command.payload().is_some(),
                Phase::Payload | Phase::AfterPayload => true,
                _ => false,
            };
            finishing = announced.then_some(a.job);
        }
        if self.active.is_some() && finishing.is_none() {
            // Its answer may still come: the next command waits for a marker.
            if let Some(line) = self.active.as_ref().and_then(|a| self.unanswered_line(a)) {
                self.guard.owe(&line);
            }
            self.finish(Err(CommandError::Cancelled));
        }
        for job in std::mem::take(&mut self.jobs) {
            if Some(job.id) == finishing {
                self.jobs.push_back(job);
            } else {
                self.abort_job(job, CommandError::Cancelled, true);
            }
        }
    }

    /// Cancel one job (running or queued), as [`Self::cancel_all`] does for every job.
    fn cancel_job(&mut self, id: JobId) {
        if let Some(a) = &mut self.active
            && a.job == id
        {
            a.cancel_after = true;
            // A payload the module was told to expect is sent whole (see `Upload`): `finish`
            // ends the job once it is answered.
            let announced = match a.phase {
                Phase::Answer => a.step.command.payload().is_some(),
                Phase::Payload | Phase::AfterPayload => true,
                _ => false,
            };
            if !announced {
                self.finish(Err(CommandError::Cancelled));
            }
            return;
        }
        if let Some(pos) = self.jobs.iter().position(|j| j.id == id)
            && let Some(job) = self.jobs.remove(pos)
        {
            self.abort_job(job, CommandError::Cancelled, true);
        }
    }

    /// Report every remaining step of `job` with `err`, then the job's end.
    fn abort_job(&mut self, mut job: Job, err: CommandError, cancelled: bool) {
        while let Some(step) = job.steps.pop_front() {
            let outcome = Outcome {
                line: step.command.display_line(),
                result: Err(err.clone()),
                reply: Reply::default(),
                elapsed: Duration::ZERO,
            };
            self.emit(Event::Step {
                job: job.id,
                index: job.next_index,
                outcome: Box::new(outcome),
            });
            job.next_index += 1;
        }
        self.emit(Event::JobDone {
            job: job.id,
            ok: false,
            cancelled,
        });
    }

    // ----- writing --------------------------------------------------------------------------

    fn write(&mut self, bytes: &[u8], secrets: Vec<String>) -> bool {
        let Some(link) = &mut self.link else {
            return false;
        };
        // Written by hand rather than with `write_all`, to know how much left before an error:
        // the log shows exactly the bytes that went out, never bytes that did not.
        let mut sent = 0;
        let mut res = Ok(());
        while sent < bytes.len() {
            match link.port.write(&bytes[sent..]) {
                Ok(0) => {
                    res = Err(std::io::Error::new(
                        std::io::ErrorKind::WriteZero,
                        "the port accepted no more bytes",
                    ));
                    break;
                }
                Ok(n) => sent += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    res = Err(e);
                    break;
                }
            }
        }
        if res.is_ok() {
            res = link.port.flush();
        }
        self.last_tx = Instant::now();
        if sent > 0 {
            self.emit(Event::Tx {
                at: SystemTime::now(),
                bytes: bytes[..sent].to_vec(),
                secrets,
            });
        }
        match res {
            Ok(()) => true,
            Err(e) => {
                self.on_port_failed(&e.to_string());
                false
            }
        }
    }

    // ----- the job pump ---------------------------------------------------------------------

    /// Start the next command when idle.
    fn pump(&mut self) {
        while self.active.is_none() && self.probe.is_none() {
            let Some(job) = self.jobs.front_mut() else {
                return;
            };
            let Some(step) = job.steps.pop_front() else {
                let Some(job) = self.jobs.pop_front() else {
                    return;
                };
                self.emit(Event::JobDone {
                    job: job.id,
                    ok: job.ok,
                    cancelled: false,
                });
                continue;
            };
            let index = job.next_index;
            job.next_index += 1;
            let id = job.id;
            let connected = self.link.is_some()
                && matches!(
                    self.state,
                    LinkState::Connected { .. } | LinkState::NoAnswer { .. }
                );
            let now = Instant::now();
            self.active = Some(Active {
                job: id,
                index,
                step,
                phase: Phase::Answer,
                deadline: now,
                started: now,
                frames: Vec::new(),
                cancel_after: false,
                echo_seen: false,
                poke_at: None,
                upload: None,
                marker: None,
                marker_seen: false,
                marker_tries: 0,
            });
            if !connected {
                self.finish(Err(CommandError::NotConnected));
            } else if self.data_mode && !self.is_escape() {
                self.finish(Err(CommandError::DataMode));
            } else {
                self.start_active(now);
            }
        }
    }

    fn is_escape(&self) -> bool {
        self.active
            .as_ref()
            .is_some_and(|a| a.step.command.ending() == Ending::Escape)
    }

    fn start_active(&mut self, now: Instant) {
        let Some(a) = &self.active else { return };
        let ending = a.step.command.ending();
        if ending == Ending::Escape {
            let send_at = self.last_tx + self.escape_guard;
            if let Some(a) = &mut self.active {
                a.phase = Phase::EscapeBefore;
                a.deadline = send_at.max(now);
            }
            return;
        }
        if self.sleep_suspected && now.duration_since(self.last_tx) > WAKE_AFTER_IDLE {
            self.framer.expect_echo(Some("AT"));
            if let Some(a) = &mut self.active {
                a.phase = Phase::Wake;
                a.deadline = now + WAKE_WAIT;
            }
            self.write(b"AT\r\n", Vec::new());
            return;
        }
        self.after_wake(now);
    }

    /// The module is awake (or was not asleep): a marker first if an earlier answer is still
    /// owed, else the command.
    fn after_wake(&mut self, now: Instant) {
        if self.guard.needs_marker() {
            self.send_marker(now);
        } else {
            self.send_command(now);
        }
    }

    fn send_marker(&mut self, now: Instant) {
        let marker = self.guard.marker();
        self.framer.expect_echo(Some(marker.line));
        self.framer.expect_prompt(false);
        if let Some(a) = &mut self.active {
            a.phase = Phase::Marker;
            a.deadline = now + MARKER_WAIT;
            a.marker = Some(marker);
            a.marker_seen = false;
            a.marker_tries += 1;
        }
        let mut line = marker.line.as_bytes().to_vec();
        line.extend_from_slice(b"\r\n");
        self.write(&line, Vec::new());
    }

    /// The line the module may still answer, when the active command ends in `phase` without
    /// its final line.
    fn unanswered_line(&self, a: &Active) -> Option<String> {
        match a.phase {
            Phase::Wake | Phase::Recheck | Phase::AwaitReady => Some("AT".into()),
            Phase::Marker => a.marker.map(|m| m.line.to_string()),
            Phase::Answer if a.step.command.ending() == Ending::Escape => None,
            Phase::Answer | Phase::Payload | Phase::AfterPayload => Some(a.step.command.line()),
            Phase::EscapeBefore | Phase::EscapeAfter => None,
        }
    }

    /// A command (or marker) got no answer; after a few in a row the module counts as not
    /// answering.
    fn note_silence(&mut self) {
        if self.guard.timed_out()
            && matches!(self.state, LinkState::Connected { .. })
            && self.probe.is_none()
        {
            let port = self.target.as_ref().map(|t| t.name()).unwrap_or_default();
            self.set_state(LinkState::NoAnswer {
                port,
                baud: self.settings.baud,
            });
        }
    }

    /// A final line answered a command or marker: the module is talking.
    fn note_answer(&mut self) {
        self.guard.answered();
        if matches!(self.state, LinkState::NoAnswer { .. }) && self.probe.is_none() {
            let port = self.target.as_ref().map(|t| t.name()).unwrap_or_default();
            self.set_state(LinkState::Connected {
                port,
                baud: self.settings.baud,
            });
        }
    }

    /// A frame while a marker is out: an earlier command's late answer (logged as unsolicited)
    /// until the marker's own information line and final.
    fn on_marker_frame(&mut self, at: SystemTime, kind: FrameKind, raw: Vec<u8>) {
        let Some(a) = &mut self.active else { return };
        let expected = a.marker.map(|m| m.name);
        let mut done = false;
        match &kind {
            FrameKind::Info { name, .. } if Some(name.as_str()) == expected => {
                a.marker_seen = true;
            }
            k if k.is_final() && a.marker_seen => done = true,
            _ => {}
        }
        self.emit_rx(at, &kind, raw, true);
        if done {
            self.guard.marker_answered();
            self.note_answer();
            self.send_command(Instant::now());
        } else {
            self.on_unsolicited(&kind);
        }
    }

    fn send_command(&mut self, now: Instant) {
        let Some(a) = &self.active else { return };
        let cmd = a.step.command.clone();
        let mut timeout = a.step.timeout.unwrap_or_else(|| cmd.timeout());
        if let Some(p) = cmd.payload() {
            // Add the payload's own wire time.
            timeout += wire_time(p.len(), &self.settings);
        }
        let line = cmd.line();
        self.framer.expect_echo(Some(&line));
        self.framer.expect_prompt(
            cmd.payload().is_some() || matches!(cmd.ending(), Ending::Any | Ending::DataPrompt),
        );
        if let Some(a) = &mut self.active {
            a.phase = Phase::Answer;
            a.deadline = now + timeout;
            a.frames.clear();
            // Only this command's own echo counts (not the wake-up `AT`'s or a marker's).
            a.echo_seen = false;
        }
        if !self.write(&cmd.wire(), cmd.secrets()) {
            return;
        }
        if cmd.ending() == Ending::Silent {
            self.set_data_mode(true);
            self.finish(Ok(()));
        }
    }

    // ----- receiving ------------------------------------------------------------------------

    fn on_bytes(&mut self, at: SystemTime, bytes: &[u8]) {
        if let Some(p) = &mut self.silent_probe {
            // Something is there after all: ask now (not more often than the first interval).
            let now = Instant::now();
            p.every = SILENT_PROBE_FIRST;
            p.next_at = p.last_at.map_or(now, |t| (t + SILENT_PROBE_FIRST).max(now));
        }
        self.last_rx = Instant::now();
        self.framer.push(bytes);
        while let Some(frame) = self.framer.next_frame() {
            self.on_frame(at, frame.kind, frame.raw);
        }
    }

    /// Add a received frame to the batch of this read (sent before the next other event).
    fn emit_rx(&mut self, at: SystemTime, kind: &FrameKind, raw: Vec<u8>, unsolicited: bool) {
        self.out.rx(at, kind, &raw, unsolicited);
    }

    fn on_frame(&mut self, at: SystemTime, kind: FrameKind, raw: Vec<u8>) {
        // An unsolicited line travels in the batch ([`RxBatch::urcs`]), not as its own event.
        if self.probe.is_some() {
            let done = matches!(kind, FrameKind::Ok);
            if matches!(kind, FrameKind::Echo(_)) {
                self.probe_echo = true;
            }
            self.emit_rx(at, &kind, raw, false);
            if done {
                self.probe_succeeded();
            }
            return;
        }
        if self
            .active
            .as_ref()
            .is_some_and(|a| a.phase == Phase::Marker)
        {
            self.on_marker_frame(at, kind, raw);
            return;
        }
        let stale = self.echo == Some(true)
            && self.active.as_ref().is_some_and(|a| {
                a.phase == Phase::Answer
                    && !a.echo_seen
                    && a.step.command.ending() != Ending::Escape
                    && !changes_echo(&a.step.command)
            })
            && !matches!(kind, FrameKind::Echo(_));
        if let (FrameKind::Echo(_), Some(a)) = (&kind, &mut self.active) {
            a.echo_seen = true;
        }
        // While `+++` waits for its `OK`, lines are read although the link is still in data mode.
        let consumed = self.active.is_some() && (!self.data_mode || self.is_escape()) && !stale;
        self.emit_rx(at, &kind, raw, !consumed);
        if !consumed {
            if kind == FrameKind::Ok {
                self.guard.late_ok();
                self.note_answer();
            }
            self.on_unsolicited(&kind);
            return;
        }
        self.on_answer_frame(kind);
    }

    fn on_unsolicited(&mut self, kind: &FrameKind) {
        match kind {
            FrameKind::Urc(Urc::Ready) => {
                self.echo = Some(true);
                // The module restarted on its own (power dip, watchdog, pairing mode).
                self.set_data_mode(false);
                self.framer.expect_echo(None);
                if let Some(t) = &self.target {
                    let port = t.name();
                    self.set_state(LinkState::Connected {
                        port,
                        baud: self.settings.baud,
                    });
                }
            }
            FrameKind::Error(e) if !self.data_mode => self.emit(Event::UnsolicitedError(e.clone())),
            _ => {}
        }
    }

    fn on_answer_frame(&mut self, kind: FrameKind) {
        if kind.is_final() {
            self.note_answer();
        }
        let Some(a) = &mut self.active else { return };
        let cmd = a.step.command.clone();
        let ending = cmd.ending();
        let phase = a.phase;
        match (&kind, phase) {
            (FrameKind::Echo(_), _) => {}
            (FrameKind::Ok | FrameKind::Error(_), Phase::Wake) => {
                self.note_answer();
                self.after_wake(Instant::now());
            }
            (_, Phase::Wake) => {}
            (FrameKind::Ok, Phase::Recheck) => self.finish(Ok(())),
            (FrameKind::Ok, Phase::EscapeAfter) => {
                // The module left data mode: nothing is left to wait for.
                a.frames.push(kind);
                self.finish(Ok(()));
            }
            (FrameKind::Prompt(_), Phase::Answer) => {
                if let Some(payload) = cmd.payload() {
                    let (job, index, total) = (a.job, a.index, payload.len());
                    a.phase = Phase::Payload;
                    a.upload = Some(Upload {
                        sent: 0,
                        next_at: Instant::now(),
                    });
                    self.framer.expect_prompt(false);
                    self.emit(Event::Progress {
                        job,
                        index,
                        done: 0,
                        total,
                    });
                    self.send_chunk();
                } else if ending == Ending::Any {
                    a.frames.push(kind);
                    self.finish(Ok(()));
                } else if ending == Ending::DataPrompt {
                    // The long publish (§4.1.3): the module stays in data mode; what is written
                    // from now on is published, until `+++` (the escape path of TCP transparent
                    // mode) and back with `ATO`.
                    a.frames.push(kind);
                    self.finish(Ok(()));
                    self.set_data_mode(true);
                } else {
                    a.frames.push(kind);
                }
            }
            (FrameKind::Error(e), _) => {
                let e = e.clone();
                a.frames.push(kind);
                self.finish(Err(CommandError::Module(e)));
            }
            (FrameKind::Ok, Phase::AwaitReady) => {
                // Our poke was answered: the module is back although its RDY was missed.
                a.frames.push(kind);
                self.after_restart();
            }
            (FrameKind::Urc(Urc::Ready), Phase::AwaitReady) => {
                a.frames.push(kind);
                self.after_restart();
            }
            (FrameKind::Urc(Urc::Ready), _) => {
                a.frames.push(kind);
                if matches!(ending, Ending::Restart { ok_first: false } | Ending::Any) {
                    self.after_restart();
                } else {
                    self.finish(Err(CommandError::Restarted));
                }
            }
            (FrameKind::Ok, Phase::Answer) => {
                a.frames.push(kind);
                match ending {
                    // A transparent SIMPLECLIENT: OK, then CONNECT puts the module into data
                    // mode; the job ends there (or at an error, or see `on_timer`).
                    Ending::FinalOrConnect | Ending::Any if transparent_client(&cmd) => {
                        a.deadline = a.deadline.min(Instant::now() + CONNECT_AFTER_OK);
                    }
                    Ending::Final | Ending::FinalOrConnect | Ending::Any | Ending::Escape => {
                        self.finish(Ok(()))
                    }
                    Ending::Restart { .. } => self.begin_restart(&cmd),
                    // A zero-length payload may be answered with OK and no prompt at all.
                    Ending::Prompted { .. } if cmd.payload().is_some_and(<[u8]>::is_empty) => {
                        self.finish(Ok(()))
                    }
                    // QISEND answers OK before its prompt; QIOPEN may print OK before CONNECT.
                    Ending::Connect
                    | Ending::Prompted { .. }
                    | Ending::Silent
                    | Ending::DataPrompt => {}
                }
            }
            (FrameKind::Ok, Phase::AfterPayload) => {
                a.frames.push(kind);
                if ending == (Ending::Prompted { send_ok: false }) {
                    self.finish(Ok(()));
                }
            }
            (FrameKind::Urc(Urc::SendOk), Phase::AfterPayload) => {
                a.frames.push(kind);
                self.finish(Ok(()));
            }
            (FrameKind::Urc(Urc::Connected { .. }), _)
                if matches!(
                    ending,
                    Ending::Connect | Ending::FinalOrConnect | Ending::Any
                ) =>
            {
                a.frames.push(kind);
                let transparent = match &cmd {
                    Command::SocketOpen(t) => t.transparent,
                    _ => transparent_client(&cmd) || transparent_open(&cmd),
                };
                self.finish(Ok(()));
                if transparent {
                    self.set_data_mode(true);
                }
            }
            _ => a.frames.push(kind),
        }
    }

    /// Handle the requests and received bytes already waiting, without blocking.
    fn take_pending(&mut self) {
        while !self.shutdown
            && let Ok(req) = self.requests.try_recv()
        {
            self.on_request(req);
        }
        while let Some(link) = &self.link
            && !self.out.full()
        {
            match link.reader.rx.try_recv() {
                Ok(ReaderMsg::Data(at, bytes)) => self.on_bytes(at, &bytes),
                Ok(ReaderMsg::Failed(e)) => self.on_port_failed(&e.to_string()),
                Err(crossbeam_channel::TryRecvError::Empty) => return,
                Err(crossbeam_channel::TryRecvError::Disconnected) => {
                    self.on_port_failed("reader stopped")
                }
            }
        }
    }

    /// Write the payload's next chunk and wait until it has left (the drain in `write`), report
    /// how far the upload came, and leave the next chunk to the event loop.
    fn send_chunk(&mut self) {
        let Some(a) = &self.active else { return };
        let (Some(payload), Some(up)) = (a.step.command.payload(), &a.upload) else {
            return;
        };
        let (job, index, total, from) = (a.job, a.index, payload.len(), up.sent);
        let to = (from + chunk_len(&self.settings)).min(total);
        let chunk = payload[from..to].to_vec();
        let continuous =
            matches!(a.step.command, Command::MqttPublishEx(_)) && self.continuous_publish;
        if !chunk.is_empty() {
            if self.link.is_none() {
                self.finish(Err(CommandError::NotConnected));
                return;
            }
            if !self.write(&chunk, Vec::new()) {
                // The port failed; that ended the command.
                return;
            }
            self.emit(Event::Progress {
                job,
                index,
                done: to,
                total,
            });
        }
        let Some(a) = &mut self.active else { return };
        if to < total {
            a.upload = Some(Upload {
                sent: to,
                next_at: Instant::now(),
            });
            return;
        }
        a.upload = None;
        a.phase = Phase::AfterPayload;
        let raw = std::mem::take(&mut self.raw_after_payload);
        if !raw.is_empty() {
            self.write(&raw, Vec::new());
        }
        if continuous {
            // Pairing mode 2,2: the module stays in data mode until `+++`.
            self.set_data_mode(true);
            self.finish(Ok(()));
        }
    }

    fn begin_restart(&mut self, cmd: &Command) {
        self.set_state(LinkState::Restarting);
        self.framer.expect_echo(None);
        let new = match cmd {
            Command::UartSet(c) => Some(**c),
            // Typed in the terminal: the same restart at new settings.
            Command::Raw(r) => UartConfig::from_set_line(&r.0),
            _ => None,
        };
        if let Some(new) = new {
            // The module comes back at the new settings: reopen the port at them now, so
            // its `RDY` is read at the right rate.
            self.settings = new;
            if let Some(link) = &mut self.link
                && let Err(e) = link.port.set_line(&new)
            {
                self.on_port_failed(&e.to_string());
                return;
            }
            self.framer = Framer::new();
        }
        if let Some(a) = &mut self.active {
            a.phase = Phase::AwaitReady;
            a.deadline = Instant::now() + a.step.command.timeout();
            a.poke_at = Some(Instant::now() + RESTART_POKE_AFTER);
        }
    }

    fn after_restart(&mut self) {
        self.set_data_mode(false);
        let port = self.target.as_ref().map(|t| t.name()).unwrap_or_default();
        self.set_state(LinkState::Connected {
            port,
            baud: self.settings.baud,
        });
        let is_uart = match self.active.as_ref().map(|a| &a.step.command) {
            Some(Command::UartSet(_)) => true,
            Some(Command::Raw(r)) => UartConfig::from_set_line(&r.0).is_some(),
            _ => false,
        };
        if is_uart {
            // Re-check the link at the new rate.
            self.framer.expect_echo(Some("AT"));
            if let Some(a) = &mut self.active {
                a.phase = Phase::Recheck;
                a.deadline = Instant::now() + CHECK_WAIT * 3;
            }
            self.write(b"AT\r\n", Vec::new());
        } else {
            self.finish(Ok(()));
        }
    }

    /// End the active command: decode its answer, report it, move its job on.
    fn finish(&mut self, result: Result<(), CommandError>) {
        let Some(a) = self.active.take() else { return };
        let raw = std::mem::take(&mut self.raw_after_payload);
        if !raw.is_empty() && self.link.is_some() {
            // Held back while a payload was being written, which ended early.
            self.write(&raw, Vec::new());
        }
        self.framer.expect_echo(None);
        self.framer.expect_prompt(false);
        if a.step.command.ending() == Ending::Escape {
            match &result {
                Ok(()) => self.set_data_mode(false),
                // Data mode as it was: the framer passes data through again, starting with
                // what it held as a partial line.
                Err(_) => {
                    self.framer.set_raw(self.data_mode);
                    self.on_bytes(SystemTime::now(), &[]);
                }
            }
        }
        let reply = Reply::new(a.frames);
        let cmd = &a.step.command;
        let result = result.and_then(|()| cmd.decode(&reply).map_err(CommandError::Decode));
        self.learn(cmd, &result);
        let ok = result.is_ok();
        let outcome = Outcome {
            line: cmd.display_line(),
            result,
            reply,
            elapsed: a.started.elapsed(),
        };
        self.emit(Event::Step {
            job: a.job,
            index: a.index,
            outcome: Box::new(outcome),
        });
        let Some(pos) = self.jobs.iter().position(|j| j.id == a.job) else {
            return;
        };
        if !ok {
            self.jobs[pos].ok = false;
        }
        if a.cancel_after {
            if let Some(job) = self.jobs.remove(pos) {
                self.abort_job(job, CommandError::Cancelled, true);
            }
        } else if !ok
            && self.jobs[pos].stop_on_error
            && let Some(job) = self.jobs.remove(pos)
        {
            self.abort_job(job, CommandError::Skipped, false);
        }
    }

    /// Remember what affects how later commands must be sent.
    fn learn(&mut self, cmd: &Command, result: &Result<Answer, CommandError>) {
        match (cmd, result) {
            (Command::SysSleepSet(on), Ok(_)) | (_, Ok(Answer::SysSleep(on))) => {
                self.sleep_suspected = *on
            }
            (Command::PairingSet(m), Ok(_)) | (_, Ok(Answer::Pairing(m))) => {
                self.continuous_publish = *m == PairingMode::MqttContinuous;
            }
            (_, Err(CommandError::Timeout(_))) => self.sleep_suspected = true,
            (Command::Echo(on), Ok(_)) => self.echo = Some(*on),
            (Command::Raw(r), Ok(_)) => match r.0.trim().to_ascii_uppercase().as_str() {
                "ATE0" => self.echo = Some(false),
                "ATE1" => self.echo = Some(true),
                _ => {}
            },
            _ => {}
        }
        if cmd.restarts() && result.is_ok() {
            // Echo is back to its default (on) after a restart.
            self.echo = Some(true);
        }
    }

    fn set_data_mode(&mut self, on: bool) {
        if self.data_mode != on {
            self.data_mode = on;
            self.framer.set_raw(on);
            self.emit(Event::DataMode(on));
        }
    }

    // ----- timers ---------------------------------------------------------------------------

    fn on_timer(&mut self, now: Instant) {
        if self.framer.in_body() && now >= self.last_rx + BODY_QUIET {
            // A stalled body: read what was held back as lines (the final line among them).
            self.framer.end_body();
            self.on_bytes(SystemTime::now(), &[]);
        }
        if self.probe.as_ref().is_some_and(|p| now >= p.deadline) {
            self.probe_timeout();
        }
        if self.silent_probe_due().is_some_and(|t| now >= t) {
            self.probe_silent(now);
        }
        if self.reconnect_at.is_some_and(|t| now >= t) {
            self.try_reconnect();
        }
        let Some(a) = &self.active else { return };
        if a.upload.as_ref().is_some_and(|u| now >= u.next_at) {
            // What came in while the last chunk drained goes first: a Cancel ends the other
            // jobs now, and an error from the module (it left the prompt) stops the payload.
            self.take_pending();
            if !self.shutdown && self.active.as_ref().is_some_and(|a| a.upload.is_some()) {
                self.send_chunk();
            }
            return;
        }
        if a.phase == Phase::AwaitReady && a.poke_at.is_some_and(|t| now >= t) && now < a.deadline {
            if let Some(a) = &mut self.active {
                a.poke_at = Some(now + RESTART_POKE_EVERY);
            }
            self.framer.expect_echo(Some("AT"));
            self.write(b"AT\r\n", Vec::new());
            return;
        }
        if now < a.deadline {
            return;
        }
        match a.phase {
            Phase::Wake => {
                self.guard.owe("AT");
                self.after_wake(now);
            }
            Phase::Marker => {
                if let Some(m) = a.marker {
                    self.guard.owe(m.line);
                }
                let (tries, waited) = (a.marker_tries, now.duration_since(a.started));
                self.note_silence();
                if tries < MARKER_TRIES {
                    self.send_marker(now);
                } else {
                    self.finish(Err(CommandError::Timeout(waited)));
                }
            }
            Phase::EscapeBefore => {
                if let Some(a) = &mut self.active {
                    a.phase = Phase::EscapeAfter;
                    a.deadline = now + self.escape_guard;
                }
                self.write(b"+++", Vec::new());
                // Frame what follows as lines: the module's `OK` may come before our guard
                // time is over (its own guard is as long), and must not pass as data. The
                // link counts as command mode only once that `OK` came (see `finish`).
                self.framer.set_raw(false);
            }
            Phase::EscapeAfter => {
                if let Some(a) = &mut self.active {
                    a.phase = Phase::Answer;
                    a.deadline = now + ESCAPE_ANSWER_WAIT;
                }
            }
            Phase::Answer if a.step.command.ending() == Ending::Escape => {
                // No `OK`: nothing shows the module left data mode (the `+++` may have gone
                // through as data). Saying it did would send the next AT lines, passwords
                // among them, to the remote server.
                self.finish(Err(CommandError::EscapeUnanswered));
            }
            Phase::Answer
                if transparent_client(&a.step.command) && a.frames.contains(&FrameKind::Ok) =>
            {
                // OK and no CONNECT line (the manual's table shows none): the module went
                // into data mode with its OK.
                self.finish(Ok(()));
                self.set_data_mode(true);
            }
            _ => {
                let waited = now.duration_since(a.started);
                if let Some(line) = self.unanswered_line(a) {
                    self.guard.owe(&line);
                }
                if a.phase == Phase::AwaitReady {
                    let port = self.target.as_ref().map(|t| t.name()).unwrap_or_default();
                    self.set_state(LinkState::NoAnswer {
                        port,
                        baud: self.settings.baud,
                    });
                }
                self.note_silence();
                self.finish(Err(CommandError::Timeout(waited)));
            }
        }
    }

    // ----- opening check / baud search --------------------------------------------------------

    fn probe_send(&mut self) {
        self.probe_echo = false;
        let Some(p) = &mut self.probe else { return };
        // The check at a known rate waits longer each try (0.6, 1.2, 2.4 s): a module still
        // starting, or a busy computer, answers late, and a one-shot command has no later
        // chance; the baud search keeps its short tries (it asks at many rates).
        p.deadline = Instant::now()
            + if p.auto {
                PROBE_WAIT
            } else {
                CHECK_WAIT * (1 << p.attempt)
            };
        self.framer.expect_echo(Some("AT"));
        self.write(b"AT\r\n", Vec::new());
    }

    /// When the silent module is due to be asked again, if it is now (port open, nothing else
    /// going on, not in transparent mode, where `AT` would go to the server).
    fn silent_probe_due(&self) -> Option<Instant> {
        let p = self.silent_probe.as_ref()?;
        (matches!(self.state, LinkState::NoAnswer { .. })
            && self.link.is_some()
            && self.active.is_none()
            && self.probe.is_none()
            && self.jobs.is_empty()
            && !self.data_mode)
            .then_some(p.next_at)
    }

    /// Ask a silent module `AT` once; an `OK` makes the link [`LinkState::Connected`].
    fn probe_silent(&mut self, now: Instant) {
        let Some(p) = &mut self.silent_probe else {
            return;
        };
        p.last_at = Some(now);
        p.every = (p.every * 2).min(SILENT_PROBE_MAX);
        p.next_at = now + p.every;
        self.probe = Some(Probe {
            rates: vec![self.settings.baud],
            idx: 0,
            // One try: a job asked for meanwhile waits at most one CHECK_WAIT.
            attempt: 0,
            tries: 1,
            deadline: now,
            auto: false,
        });
        self.probe_send();
    }

    fn probe_succeeded(&mut self) {
        let Some(p) = self.probe.take() else { return };
        self.echo = Some(self.probe_echo);
        self.framer.expect_echo(None);
        self.settings.baud = p.rates[p.idx];
        let port = self.target.as_ref().map(|t| t.name()).unwrap_or_default();
        self.set_state(LinkState::Connected {
            port,
            baud: self.settings.baud,
        });
    }

    fn probe_timeout(&mut self) {
        let Some(p) = &mut self.probe else { return };
        p.attempt += 1;
        if p.attempt >= p.tries {
            p.attempt = 0;
            p.idx += 1;
            if p.idx >= p.rates.len() {
                let auto = p.auto;
                let first = p.rates[0];
                self.probe = None;
                let port = self.target.as_ref().map(|t| t.name()).unwrap_or_default();
                if auto {
                    self.set_state(LinkState::Failed {
                        reason: FailReason::NoModule { port },
                    });
                    self.close_link();
                    self.target = None;
                } else {
                    self.settings.baud = first;
                    self.set_state(LinkState::NoAnswer { port, baud: first });
                }
                return;
            }
            let baud = p.rates[p.idx];
            self.settings.baud = baud;
            let settings = self.settings;
            self.set_state(LinkState::Connecting {
                detail: format!("{baud}"),
            });
            if let Some(link) = &mut self.link
                && let Err(e) = link.port.set_line(&settings)
            {
                self.on_port_failed(&e.to_string());
                return;
            }
            self.framer = Framer::new();
        }
        self.probe_send();
    }

    // ----- unplug / reconnect -----------------------------------------------------------------

    fn on_port_failed(&mut self, reason: &str) {
        if self.link.is_none() {
            return;
        }
        self.close_link();
        self.probe = None;
        let err = CommandError::Io(reason.to_string());
        if let Some(a) = self.active.take() {
            let job = a.job;
            self.active = Some(a);
            self.finish(Err(err.clone()));
            if let Some(pos) = self.jobs.iter().position(|j| j.id == job)
                && let Some(job) = self.jobs.remove(pos)
            {
                self.abort_job(job, err.clone(), false);
            }
        }
        self.set_data_mode(false);
        let port = self.target.as_ref().map(|t| t.name()).unwrap_or_default();
        self.set_state(LinkState::Unplugged { port });
        self.reconnect_at = self
            .target
            .as_ref()
            .map(|_| Instant::now() + RECONNECT_EVERY);
    }

    fn try_reconnect(&mut self) {
        self.reconnect_at = None;
        let Some(target) = self.target.clone() else {
            return;
        };
        let settings = self.settings;
        match self.open_link(&target, &settings) {
            Ok(()) => {
                self.probe = Some(Probe {
                    rates: vec![settings.baud],
                    idx: 0,
                    attempt: 0,
                    tries: CHECK_TRIES,
                    deadline: Instant::now(),
                    auto: false,
                });
                self.set_state(LinkState::Connecting {
                    detail: target.name(),
                });
                self.probe_send();
            }
            Err(_) => self.reconnect_at = Some(Instant::now() + RECONNECT_EVERY),
        }
    }
}

/// How long `n` bytes take on the wire: start, data, parity and stop bits each (10 bits at
/// 8N1). 1.5 stop bits are opened as one (see [`crate::link::serial::stop_bits`]).
fn wire_time(n: usize, s: &UartConfig) -> Duration {
    let bits = 1 + u64::from(s.data_bits) + u64::from(s.parity != Parity::None) + stop_bits(s);
    Duration::from_nanos((n as u64 * bits).saturating_mul(1_000_000_000) / u64::from(s.baud.max(1)))
}

fn stop_bits(s: &UartConfig) -> u64 {
    match s.stop_bits {
        StopBits::One | StopBits::OnePointFive => 1,
        StopBits::Two => 2,
    }
}

/// Bytes per payload chunk: about [`CHUNK_WIRE_TIME`] on the wire, at least [`MIN_CHUNK`].
fn chunk_len(s: &UartConfig) -> usize {
    let per_byte = wire_time(1, s).as_nanos().max(1);
    let n = CHUNK_WIRE_TIME.as_nanos() / per_byte;
    usize::try_from(n).unwrap_or(usize::MAX).max(MIN_CHUNK)
}

/// A `SIMPLECLIENT` setting in transparent mode (form or typed): the module goes into data
/// mode once connected.
fn transparent_client(cmd: &Command) -> bool {
    match cmd {
        Command::SimpleClientSet(c) => c.0.transparent,
        Command::Raw(r) => {
            let line = r.0.trim().to_ascii_uppercase();
            line.starts_with("AT+SIMPLECLIENT=")
                && line.rsplit(',').next().map(str::trim) == Some("1")
        }
        _ => false,
    }
}

/// An `AT+QIOPEN=…,1` typed by hand (terminal, `send`): mode 1 is transparent, so its
/// `CONNECT` puts the module into data mode, as the form's command does.
fn transparent_open(cmd: &Command) -> bool {
    match cmd {
        Command::Raw(r) => {
            let line = r.0.trim().to_ascii_uppercase();
            line.starts_with("AT+QIOPEN=") && line.rsplit(',').next().map(str::trim) == Some("1")
        }
        _ => false,
    }
}

/// `ATE0`/`ATE1` themselves may or may not be echoed (the manual's ATE0 transcript has no echo).
fn changes_echo(cmd: &Command) -> bool {
    cmd.line().trim().to_ascii_uppercase().starts_with("ATE")
}
