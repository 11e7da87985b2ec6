//! [`SimModule`]: the simulated CT11 as a pure state machine. Bytes go in with [`SimModule::feed`],
//! bytes come out with [`SimModule::take_output`], and time is whatever the caller says it is:
//! no threads, no I/O, no clock reads. Delayed behaviour (restarts, MQTT connects, ping replies,
//! guard times) is a queue of timed events; [`SimModule::next_wakeup`] says when the next is due.

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

use super::chaos::ChaosState;
use super::config::{Dialect, Faults, LineSettings, SimConfig, Timing};
use super::params::{Code, Parsed, parse_line};
use super::rng::Rng;
use super::state::{Power, SimState};
use super::wire::Wire;
use crate::at::socket::{CTRL_Z, ESC};

/// Longest command line kept; longer ones are answered `ERROR=104`.
const MAX_LINE: usize = 8 * 1024;

/// How often the test stream emits the lines due.
const STREAM_TICK: Duration = Duration::from_millis(5);

/// Length of one `+STREAM:` line, CRLF included.
pub const STREAM_LINE_LEN: usize = 64;

/// One piece of an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Piece {
    /// A line: CRLF is appended; line noise may precede it.
    Line(Vec<u8>),
    /// Bytes as they are (prompts, bodies, echoed data).
    Raw(Vec<u8>),
}

/// An answer: pieces in order.
pub(super) type Answer = Vec<Piece>;

/// A line piece from text.
pub(super) fn line(s: impl Into<String>) -> Piece {
    Piece::Line(s.into().into_bytes())
}

/// `OK` alone.
pub(super) fn ok() -> Answer {
    vec![line("OK")]
}

/// One line each, then `OK` (the answer to a query that lists things).
pub(super) fn listing(lines: impl IntoIterator<Item = String>) -> Answer {
    lines.into_iter().map(line).chain([line("OK")]).collect()
}

/// What a restart does to the saved settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RestartKind {
    /// `AT+RST`, `AT+IPR=`, `AT+SINGLESIM=`, `AT+SIMPLEMODE=`, `AT+OTA=`, a replug.
    Plain,
    /// `AT+RESTORE`: saved settings back to factory values first.
    Restore,
}

/// The steps of booting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BootStep {
    Ready,
    Sim,
    Network,
}

/// Where transparent data goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum DataTarget {
    /// A transparent socket.
    Socket(u8),
    /// Continuous MQTT publishing (pairing mode 2,2).
    Mqtt { topic: String, qos: u8, retain: u8 },
}

/// What a `>` prompt collects for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum PromptKind {
    QiSend { link: u8 },
    PubEx { topic: String, qos: u8, retain: u8 },
    MqttCert { mode: u8, verify: u8 },
    HttpCert { verify: u8 },
    HttpData,
}

/// A `>` prompt waiting for its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Prompt {
    pub kind: PromptKind,
    /// Bytes wanted; `None`: until Ctrl+Z, or ESC to cancel (UDP send with no length).
    pub want: Option<usize>,
    pub got: Vec<u8>,
    /// QMTPUBEX: all bytes are in, waiting for a pause to be sure no more come.
    pub settling: bool,
    pub token: u64,
}

/// Transparent data mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Data {
    pub target: DataTarget,
    /// `+` signs held back as a possible escape.
    pub plus: u8,
    /// Continuous MQTT: bytes since the last publish.
    pub chunk: Vec<u8>,
    pub token: u64,
}

/// What the module does with input bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Input {
    Command,
    Prompt(Prompt),
    Data(Data),
}

/// Something due at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Event {
    /// Emit an answer (faults applied then).
    Emit(Answer),
    /// Begin a restart (after its `OK` went out).
    Restart(RestartKind),
    Boot(BootStep),
    MqttConnect {
        token: u64,
    },
    Ping {
        ip: String,
        index: u8,
        count: u8,
    },
    Ntp {
        wall: i64,
    },
    /// Check the `+++` guard time after the third `+` (or a held partial escape).
    Escape {
        token: u64,
    },
    /// Check a prompt: QMTPUBEX settling or timeout, UDP end of data.
    PromptCheck {
        token: u64,
    },
    /// Continuous MQTT: publish the chunk after a pause.
    DataGap {
        token: u64,
    },
    /// TCP pairing mode with no client: `ERROR=104`, again and again.
    SimpleError,
    /// Next lines of the test stream.
    StreamTick {
        token: u64,
    },
}

/// The test stream's progress.
#[derive(Clone, Debug)]
struct Stream {
    token: u64,
    rate: u32,
    seq: u64,
    budget: f64,
    last: Instant,
}

/// The simulated CT11 module.
#[derive(Debug)]
pub struct SimModule {
    pub(super) cfg: SimConfig,
    pub(super) state: SimState,
    pub(super) rng: Rng,
    /// Output with when it is due and the module's line settings it goes out with.
    out: VecDeque<(Instant, LineSettings, Vec<u8>)>,
    last_due: Option<Instant>,
    events: BTreeMap<(Instant, u64), (u64, Event)>,
    seq: u64,
    /// Bumped by every restart and power change: events of an older epoch are void.
    pub(super) epoch: u64,
    /// Source of tokens that tie checks to one prompt, data session or connect attempt.
    pub(super) tokens: u64,
    /// The MQTT connect attempt that counts.
    pub(super) mqtt_token: u64,
    line: Vec<u8>,
    line_overflow: bool,
    skip_lf: bool,
    /// Woken from SYSSLEEP: the first line only woke the module.
    swallow: bool,
    pub(super) input: Input,
    /// A transparent session left with `+++`, which `ATO` resumes.
    pub(super) suspended: Option<DataTarget>,
    pub(super) last_rx: Option<Instant>,
    /// Silence before the byte being handled (only the first byte of a chunk has any).
    quiet: Duration,
    last_activity: Option<Instant>,
    clock_set_at: Option<Instant>,
    csq_walk_at: Option<Instant>,
    pub(super) restart_requested: Option<RestartKind>,
    drop_rest: bool,
    stream: Option<Stream>,
    /// Host bytes still travelling on the simulated wire ([`SimConfig::wire`]).
    wire: Wire,
    /// Time spent deliberately holding answers back, overlaps counted once; see
    /// [`SimModule::hold_time`].
    held: Duration,
    /// The end of the latest hold.
    held_until: Option<Instant>,
    /// Online mode's links, sessions and queued network requests.
    pub(super) online: super::online::OnlineState,
    /// The chaos fault mode's generator, while [`Faults::chaos`] is set.
    chaos: Option<ChaosState>,
}

impl SimModule {
    /// A module as configured, powered and registered, silent until spoken to.
    pub fn new(cfg: SimConfig) -> SimModule {
        let state = SimState::new(&cfg);
        let rng = Rng::new(cfg.seed);
        let chaos = cfg.faults.chaos.clone().map(ChaosState::new);
        SimModule {
            chaos,
            cfg,
            state,
            rng,
            out: VecDeque::new(),
            last_due: None,
            events: BTreeMap::new(),
            seq: 0,
            epoch: 0,
            tokens: 0,
            mqtt_token: 0,
            line: Vec::new(),
            line_overflow: false,
            skip_lf: false,
            swallow: false,
            input: Input::Command,
            suspended: None,
            last_rx: None,
            quiet: Duration::ZERO,
            last_activity: None,
            clock_set_at: None,
            csq_walk_at: None,
            restart_requested: None,
            drop_rest: false,
            stream: None,
            wire: Wire::default(),
            held: Duration::ZERO,
            held_until: None,
            online: Default::default(),
        }
    }

    /// Everything the module holds.
    pub fn state(&self) -> &SimState {
        &self.state
    }

    /// Everything the module holds, to change behind its back (signal, registration, pins…).
    pub fn state_mut(&mut self) -> &mut SimState {
        &mut self.state
    }

    /// The configuration it was built with (faults as currently set).
    pub fn config(&self) -> &SimConfig {
        &self.cfg
    }

    /// The faults now in force.
    pub fn faults(&self) -> &Faults {
        &self.cfg.faults
    }

    /// Changes the faults from now on.
    pub fn set_faults(&mut self, faults: Faults) {
        if faults.chaos != self.cfg.faults.chaos {
            self.chaos = faults.chaos.clone().map(ChaosState::new);
        }
        self.cfg.faults = faults;
    }

    /// The host end's line settings (a mismatch with the module's turns traffic into garbage).
    pub fn set_host_line(&mut self, line: LineSettings) {
        self.state.host_line = line;
    }

    /// The host's DTR output (with `AT+CSCLK=1`, low means asleep).
    pub fn set_dtr(&mut self, level: bool) {
        self.state.dtr = level;
    }

    pub(super) fn timing(&self) -> &Timing {
        &self.cfg.timing
    }

    pub(super) fn dialect(&self) -> Dialect {
        self.cfg.dialect
    }

    /// A fresh token.
    pub(super) fn token(&mut self) -> u64 {
        self.tokens += 1;
        self.tokens
    }

    // ---- time ----

    /// When the module next has output, an event or a byte off the wire due; `None`: nothing
    /// until spoken to.
    pub fn next_wakeup(&self) -> Option<Instant> {
        let out = self.out.front().map(|(t, _, _)| *t);
        let ev = self.events.keys().next().map(|(t, _)| *t);
        let wire = self.wire.next_arrival();
        [out, ev, wire].into_iter().flatten().min()
    }

    /// Total time the module has deliberately held back something the host waits for: the
    /// answer and save delays ([`Timing::answer`], [`Timing::save`]), the `slow` fault, a
    /// restart until `RDY`, and the delays of connects, HTTP, NTP, pings and socket echoes.
    /// Overlapping holds (an `OK` due while an MQTT connect is pending) count once, so this
    /// never exceeds the wall time they span. Benchmarks compare the host's time against it.
    /// The boot lines after `RDY` and the wire ([`SimConfig::wire`]) are not holds.
    pub fn hold_time(&self) -> Duration {
        self.held
    }

    /// `now + delay`, counted as a deliberate hold (see [`SimModule::hold_time`]).
    pub(super) fn later(&mut self, now: Instant, delay: Duration) -> Instant {
        let until = now + delay;
        let from = self.held_until.map_or(now, |h| h.max(now));
        if until > from {
            self.held += until - from;
            self.held_until = Some(until);
        }
        until
    }

    /// Runs every event due by `now`, and takes in the bytes that came off the wire by then,
    /// in time order.
    pub(super) fn advance(&mut self, now: Instant) {
        if self.clock_set_at.is_none() {
            self.clock_set_at = Some(now);
            self.csq_walk_at = Some(now);
        }
        loop {
            let ev = self
                .events
                .keys()
                .next()
                .map(|(t, _)| *t)
                .filter(|t| *t <= now);
            let wire = self.wire.next_arrival().filter(|t| *t <= now);
            let wire_first = wire.is_some_and(|w| ev.is_none_or(|e| w <= e));
            if wire_first {
                if let Some((bytes, at)) = self.wire.take_until(ev.unwrap_or(now)) {
                    self.receive(&bytes, at);
                }
            } else if ev.is_some()
                && let Some(entry) = self.events.first_entry()
            {
                let (t, _) = *entry.key();
                let (epoch, ev) = entry.remove();
                let always = matches!(ev, Event::StreamTick { .. });
                if always || epoch == self.epoch {
                    self.on_event(t, ev);
                }
            } else {
                break;
            }
        }
        self.state.asleep = self.is_asleep(now);
    }

    /// Schedules an event for the current epoch.
    pub(super) fn schedule(&mut self, at: Instant, ev: Event) {
        self.seq += 1;
        self.events.insert((at, self.seq), (self.epoch, ev));
    }

    /// The module's wall clock at `now`.
    pub(super) fn wall(&self, now: Instant) -> i64 {
        let since = self
            .clock_set_at
            .map(|t| now.saturating_duration_since(t).as_secs())
            .unwrap_or(0);
        self.state.clock + since as i64
    }

    /// Sets the wall clock at `now`.
    pub(super) fn set_wall(&mut self, now: Instant, wall: i64) {
        self.state.clock = wall;
        self.clock_set_at = Some(now);
    }

    /// Lets the signal wander (lazily: as many steps as periods passed).
    pub(super) fn walk_signal(&mut self, now: Instant) {
        let (Some(period), Some(since)) = (self.cfg.timing.csq_wander, self.csq_walk_at) else {
            return;
        };
        if period.is_zero() {
            return;
        }
        let steps = now.saturating_duration_since(since).as_nanos() / period.as_nanos();
        for _ in 0..steps.min(64) {
            let r = i32::from(self.state.csq_rssi) + self.rng.range(0, 2) as i32 - 1;
            self.state.csq_rssi = r.clamp(8, 28) as u8;
        }
        self.csq_walk_at = Some(since + period * steps as u32);
    }

    fn is_asleep(&self, now: Instant) -> bool {
        if self.state.power != Power::On {
            return false;
        }
        if self.state.csclk && !self.state.dtr {
            return true;
        }
        self.state.sys_sleep
            && self.input == Input::Command
            && self
                .last_activity
                .is_some_and(|t| now.saturating_duration_since(t) >= self.cfg.timing.sleep_idle)
    }

    fn touch(&mut self, at: Instant) {
        if self.last_activity.is_none_or(|t| t < at) {
            self.last_activity = Some(at);
        }
    }

    // ---- output ----

    /// Bytes for the host due by `now` (garbled when the two ends' settings differ).
    pub fn take_output(&mut self, now: Instant) -> Vec<u8> {
        self.advance(now);
        let mut bytes = Vec::new();
        while let Some((t, _, _)) = self.out.front() {
            if *t > now {
                break;
            }
            if let Some((_, sent_with, b)) = self.out.pop_front() {
                if self.state.host_line.talks_to(&sent_with) {
                    bytes.extend(b);
                } else {
                    let noise = self.garble(&sent_with, &b);
                    bytes.extend(noise);
                }
            }
        }
        bytes
    }

    /// What a host at other settings receives instead: about as many noise bytes as its rate
    /// fits into the same time.
    fn garble(&mut self, sent_with: &LineSettings, bytes: &[u8]) -> Vec<u8> {
        let module = u64::from(sent_with.baud.max(1));
        let host = u64::from(self.state.host_line.baud.max(1));
        let n = (bytes.len() as u64 * host).div_ceil(module);
        let n = n.clamp(1, bytes.len() as u64 * 8) as usize;
        (0..n).map(|_| self.rng.noise_byte()).collect()
    }

    /// Queues bytes at `at` (or after what is already queued: the line is serial). Returns
    /// when the last byte goes out.
    pub(super) fn push(&mut self, at: Instant, bytes: Vec<u8>) -> Instant {
        if bytes.is_empty() {
            return at;
        }
        let mut due = self.last_due.map_or(at, |d| d.max(at));
        if let Some(chaos) = &mut self.chaos {
            // Bytes lost, doubled and noisy, in pieces a little apart.
            let bytes = chaos.mangle(&bytes);
            let mut rest = &bytes[..];
            while !rest.is_empty() {
                due += chaos.gap();
                let n = (chaos.rng.range(1, 16) as usize).min(rest.len());
                self.out
                    .push_back((due, self.state.line, rest[..n].to_vec()));
                rest = &rest[n..];
            }
        } else if self.cfg.faults.split_output {
            let step = self.cfg.timing.split_step;
            let mut rest = &bytes[..];
            let mut first = true;
            while !rest.is_empty() {
                if !first {
                    due += step;
                }
                first = false;
                let n = (self.rng.range(1, 4) as usize).min(rest.len());
                self.out
                    .push_back((due, self.state.line, rest[..n].to_vec()));
                rest = &rest[n..];
            }
        } else {
            self.out.push_back((due, self.state.line, bytes));
        }
        self.last_due = Some(due);
        self.touch(due);
        due
    }

    /// Emits an answer at `at` with the faults applied; returns when it is out.
    pub(super) fn emit(&mut self, at: Instant, answer: Answer) -> Instant {
        if self.cfg.faults.silent || self.state.power != Power::On || answer.is_empty() {
            return at;
        }
        let answer = if self.cfg.faults.urc_mid_answer {
            self.with_mid_urc(answer)
        } else {
            answer
        };
        let mut bytes = Vec::new();
        for piece in answer {
            match piece {
                Piece::Line(l) => {
                    let l = self.lie_about_length(l);
                    if self.cfg.faults.garbage && self.rng.range(0, 1) == 0 {
                        for _ in 0..self.rng.range(1, 6) {
                            bytes.push(self.rng.noise_byte());
                        }
                    }
                    bytes.extend(l);
                    bytes.extend(b"\r\n");
                }
                Piece::Raw(r) => bytes.extend(r),
            }
        }
        self.push(at, bytes)
    }

    /// Emits an answer to the host's input after the module's answer time and the `slow`
    /// fault.
    pub(super) fn answer(&mut self, now: Instant, answer: Answer) -> Instant {
        let late = self
            .chaos
            .as_mut()
            .map(|c| c.lateness())
            .unwrap_or_default();
        let delay = self.cfg.timing.answer + self.cfg.faults.slow.unwrap_or_default() + late;
        self.chaos_events(now);
        if answer.is_empty() || self.cfg.faults.silent || self.state.power != Power::On {
            // Nothing is held back: a later event answers, or nothing will.
            return now + delay;
        }
        let at = self.later(now, delay);
        self.emit(at, answer)
    }

    /// Chaos after an answer: maybe an unsolicited line a little later, maybe the server side
    /// drops a link or the MQTT connection.
    fn chaos_events(&mut self, now: Instant) {
        let Some(chaos) = &mut self.chaos else { return };
        if chaos.hit(chaos.cfg.urc) {
            let at = now + chaos.urc_delay();
            let urc = chaos.urc_line();
            self.schedule(at, Event::Emit(vec![line(urc)]));
        }
        let Some(chaos) = &mut self.chaos else { return };
        if !chaos.hit(chaos.cfg.server_drop) {
            return;
        }
        let at = now + chaos.urc_delay();
        if let Some(link) = self.state.sockets.first().map(|s| s.link) {
            self.state.sockets.retain(|s| s.link != link);
            self.end_data_for(link);
            self.schedule(at, Event::Emit(vec![line("DISCONNECT")]));
        } else if self.state.mqtt.status == 1 {
            self.state.mqtt.status = 0;
            self.schedule(at, Event::Emit(vec![line("MQTTDISCONNECT")]));
        }
    }

    /// The `http_length_off` fault (and the chaos module's lies): a `$HTTPRECV:DATA,<len>`
    /// line with a wrong length.
    fn lie_about_length(&mut self, l: Vec<u8>) -> Vec<u8> {
        let mut off = self.cfg.faults.http_length_off;
        let Some(len) = l
            .strip_prefix(b"$HTTPRECV:DATA,")
            .and_then(|n| std::str::from_utf8(n).ok())
            .and_then(|n| n.parse::<i64>().ok())
        else {
            return l;
        };
        if let Some(chaos) = &mut self.chaos
            && chaos.hit(chaos.cfg.lie)
        {
            let wrong = chaos.wrong_length(usize::try_from(len).unwrap_or(0));
            off = i64::try_from(wrong).unwrap_or(0) - len;
        }
        if off == 0 {
            return l;
        }
        format!("$HTTPRECV:DATA,{}", (len + off).max(0)).into_bytes()
    }

    fn with_mid_urc(&self, mut answer: Answer) -> Answer {
        let at = answer.iter().enumerate().position(|(i, p)| {
            i > 0
                && *p == Piece::Line(b"OK".to_vec())
                && matches!(&answer[i - 1], Piece::Line(l) if l.first() == Some(&b'+'))
        });
        if let Some(i) = at {
            let urc = if self.state.mqtt.status == 1 {
                "MQTTCONNECT"
            } else {
                "SIM_SUCCESS"
            };
            answer.insert(i, line(urc));
        }
        answer
    }

    // ---- input ----

    /// Bytes the host wrote at `now`. With [`SimConfig::wire`] they are taken in as they come
    /// off the simulated line (see [`SimModule::next_wakeup`]); else at once.
    pub fn feed(&mut self, bytes: &[u8], now: Instant) {
        self.advance(now);
        if self.cfg.wire && self.state.power != Power::Off {
            let line = self.state.host_line;
            self.wire.send(bytes, now, &line);
        } else {
            self.receive(bytes, now);
        }
    }

    /// Bytes that arrived at `now`.
    fn receive(&mut self, bytes: &[u8], now: Instant) {
        if bytes.is_empty() || self.state.power != Power::On {
            return;
        }
        let lost;
        let bytes = match &mut self.chaos {
            Some(chaos) => {
                lost = chaos.lose_input(bytes);
                &lost[..]
            }
            None => bytes,
        };
        let prev = self.last_rx.replace(now);
        self.quiet = prev.map_or(Duration::MAX, |p| now.saturating_duration_since(p));
        if !self.state.host_line.talks_to(&self.state.line) {
            // Framing errors: the module sees no valid character and drops the partial line.
            self.line.clear();
            self.skip_lf = false;
            self.touch(now);
            return;
        }
        if self.state.csclk && !self.state.dtr {
            return;
        }
        if self.is_asleep(now) {
            self.swallow = true;
            self.state.asleep = false;
        }
        self.touch(now);
        let mut rest = bytes;
        while !rest.is_empty() && self.state.power == Power::On && !self.drop_rest {
            if self.skip_lf && self.input != Input::Command {
                self.skip_lf = false;
                if rest[0] == b'\n' {
                    rest = &rest[1..];
                    continue;
                }
            }
            let used = match self.input {
                Input::Command => self.feed_command(rest, now),
                Input::Prompt(_) => self.feed_prompt(rest, now),
                Input::Data(_) => self.feed_data(rest, now),
            };
            rest = &rest[used..];
        }
        self.drop_rest = false;
    }

    /// Command mode: collects lines; returns how many bytes it used (it stops when a command
    /// switched to a prompt or data mode).
    fn feed_command(&mut self, bytes: &[u8], now: Instant) -> usize {
        for (i, &b) in bytes.iter().enumerate() {
            if self.swallow {
                if b == b'\r' || b == b'\n' {
                    self.swallow = false;
                    self.skip_lf = b == b'\r';
                }
                continue;
            }
            if b == b'\r' || b == b'\n' {
                if b == b'\n' && self.skip_lf {
                    self.skip_lf = false;
                    continue;
                }
                self.skip_lf = b == b'\r';
                let line = std::mem::take(&mut self.line);
                let overflow = std::mem::take(&mut self.line_overflow);
                if !line.is_empty() {
                    self.execute(line, overflow, now);
                }
                if self.input != Input::Command || self.drop_rest {
                    return i + 1;
                }
                continue;
            }
            self.skip_lf = false;
            if self.line.len() < MAX_LINE {
                self.line.push(b);
            } else {
                self.line_overflow = true;
            }
            if self.line == b"+++" {
                // Already in command mode: the escape has nothing to leave.
                self.line.clear();
            } else if self.line == b"ATO" {
                self.line.clear();
                self.state.received_lines.push("ATO".into());
                if !self.cfg.faults.silent {
                    self.resume_data(now);
                }
                if self.input != Input::Command {
                    self.quiet = Duration::ZERO;
                    return i + 1;
                }
            }
        }
        bytes.len()
    }

    /// `ATO`: back into the suspended transparent session.
    fn resume_data(&mut self, now: Instant) {
        let valid = match &self.suspended {
            Some(DataTarget::Socket(link)) => self.state.socket(*link).is_some(),
            Some(DataTarget::Mqtt { .. }) => self.state.mqtt.status == 1,
            None => false,
        };
        match self.suspended.take() {
            Some(target) if valid => {
                let token = self.token();
                self.input = Input::Data(Data {
                    target,
                    plus: 0,
                    chunk: Vec::new(),
                    token,
                });
                self.state.data_mode = true;
            }
            _ => {
                self.answer(now, vec![line("ERROR=102")]);
            }
        }
    }

    /// Runs one command line.
    fn execute(&mut self, raw: Vec<u8>, overflow: bool, now: Instant) {
        let text = String::from_utf8_lossy(&raw).into_owned();
        if self.cfg.faults.silent {
            self.state.received_lines.push(text);
            return;
        }
        let parsed = parse_line(&text);
        let forget = match &parsed {
            Some(Parsed::Set(name, _)) if self.cfg.faults.forget.iter().any(|f| f == name) => {
                Some(self.state.clone())
            }
            _ => None,
        };
        let setter = matches!(parsed, Some(Parsed::Set(..)));
        let result: Result<Answer, Code> = match parsed {
            _ if overflow => Err(super::params::COMMAND),
            None => Err(super::params::COMMAND),
            Some(p) => self.dispatch(p, now),
        };
        if let (Some(before), Ok(_)) = (forget, &result) {
            self.state = before;
        }
        self.state.received_lines.push(text);
        if self.state.echo {
            let mut echo = raw;
            echo.extend(b"\r\n");
            self.push(now, echo);
        }
        let now = if setter && result.is_ok() {
            let save = self.cfg.timing.save;
            self.later(now, save)
        } else {
            now
        };
        let answer = match result {
            Ok(a) => a,
            Err(code) => {
                self.restart_requested = None;
                vec![line(format!("ERROR={code}"))]
            }
        };
        let out = self.answer(now, answer);
        if let Some(kind) = self.restart_requested.take() {
            self.schedule(out, Event::Restart(kind));
            self.drop_rest = true;
        }
    }

    /// A `>` prompt: collects exactly the announced bytes.
    fn feed_prompt(&mut self, bytes: &[u8], now: Instant) -> usize {
        let Input::Prompt(p) = &mut self.input else {
            return 0;
        };
        let token = p.token;
        if p.settling {
            // More than announced: the QMTPUBEX length was wrong.
            self.input = Input::Command;
            self.drop_rest = true;
            self.answer(now, vec![line("ERROR=101")]);
            return bytes.len();
        }
        let take = match p.want {
            Some(want) => bytes.len().min(want - p.got.len()),
            None => match bytes.iter().position(|b| matches!(*b, CTRL_Z | ESC)) {
                // No length (UDP QISEND): Ctrl+Z ends the data and is not sent, ESC cancels
                // (the Quectel convention; the manual does not say how such data ends).
                Some(i) => {
                    p.got.extend(&bytes[..i]);
                    if let Input::Prompt(p) = std::mem::replace(&mut self.input, Input::Command) {
                        if bytes[i] == CTRL_Z {
                            self.finish_prompt(p.kind, p.got, now);
                        } else {
                            // Nothing was sent; the module is back at the command line.
                            self.answer(now, ok());
                        }
                    }
                    return i + 1;
                }
                None => bytes.len(),
            },
        };
        p.got.extend(&bytes[..take]);
        let complete = p.want.is_some_and(|w| p.got.len() == w);
        let pubex = matches!(p.kind, PromptKind::PubEx { .. });
        if complete && pubex {
            p.settling = true;
            let at = now + self.cfg.timing.data_gap;
            self.schedule(at, Event::PromptCheck { token });
        } else if complete {
            if let Input::Prompt(p) = std::mem::replace(&mut self.input, Input::Command) {
                self.finish_prompt(p.kind, p.got, now);
            }
        } else if pubex {
            let at = now + self.cfg.timing.data_timeout;
            self.schedule(at, Event::PromptCheck { token });
        }
        take
    }

    /// The pause check of a prompt: QMTPUBEX settled or timed out, UDP data ended.
    fn prompt_check(&mut self, t: Instant, token: u64) {
        let Input::Prompt(p) = &self.input else {
            return;
        };
        if p.token != token {
            return;
        }
        let quiet_since = self.last_rx.unwrap_or(t);
        let wait = if p.settling || p.want.is_none() {
            self.cfg.timing.data_gap
        } else {
            self.cfg.timing.data_timeout
        };
        if t.saturating_duration_since(quiet_since) < wait {
            let at = quiet_since + wait;
            self.schedule(at, Event::PromptCheck { token });
            return;
        }
        let Input::Prompt(p) = std::mem::replace(&mut self.input, Input::Command) else {
            return;
        };
        if p.settling || p.want.is_none() {
            self.finish_prompt(p.kind, p.got, t);
        } else {
            self.answer(t, vec![line("ERROR=101")]);
        }
    }

    /// Transparent data: everything goes through, except a guarded `+++`.
    fn feed_data(&mut self, bytes: &[u8], now: Instant) -> usize {
        let guard = self.cfg.timing.guard;
        let mut through = Vec::new();
        let mut check = None;
        let Input::Data(d) = &mut self.input else {
            return 0;
        };
        for &b in bytes {
            let quiet = std::mem::take(&mut self.quiet);
            if b == b'+' && d.plus < 3 && (d.plus > 0 || quiet >= guard) {
                d.plus += 1;
                check = Some(d.token);
                continue;
            }
            through.extend(std::iter::repeat_n(b'+', usize::from(d.plus)));
            d.plus = 0;
            through.push(b);
        }
        let target = d.target.clone();
        if let Some(token) = check {
            self.schedule(now + guard, Event::Escape { token });
        }
        if !through.is_empty() {
            self.data_out(&target, through, now);
        }
        bytes.len()
    }

    /// The guard time after `+++` passed (or a partial escape turned out to be data).
    fn escape_check(&mut self, t: Instant, token: u64) {
        let guard = self.cfg.timing.guard;
        let last = self.last_rx.unwrap_or(t);
        let Input::Data(d) = &mut self.input else {
            return;
        };
        if d.token != token || d.plus == 0 {
            return;
        }
        if t.saturating_duration_since(last) < guard {
            self.schedule(last + guard, Event::Escape { token });
            return;
        }
        if d.plus < 3 {
            let held = vec![b'+'; usize::from(d.plus)];
            d.plus = 0;
            let target = d.target.clone();
            self.data_out(&target, held, t);
            return;
        }
        if let Input::Data(d) = std::mem::replace(&mut self.input, Input::Command) {
            if !d.chunk.is_empty()
                && let DataTarget::Mqtt { topic, qos, retain } = &d.target
            {
                self.mqtt_publish(topic.clone(), *qos, *retain, d.chunk.clone(), t);
            }
            self.suspended = Some(d.target);
        }
        self.state.data_mode = false;
        self.state.received_lines.push("+++".into());
        self.answer(t, ok());
    }

    /// Data from transparent mode to its destination.
    fn data_out(&mut self, target: &DataTarget, bytes: Vec<u8>, now: Instant) {
        match target {
            DataTarget::Socket(link) => self.socket_send(*link, bytes, now, true),
            DataTarget::Mqtt { .. } => {
                if let Input::Data(d) = &mut self.input {
                    d.chunk.extend(bytes);
                    let token = d.token;
                    let at = now + self.cfg.timing.data_gap;
                    self.schedule(at, Event::DataGap { token });
                }
            }
        }
    }

    /// Continuous MQTT: a pause ends a message.
    fn data_gap(&mut self, t: Instant, token: u64) {
        let gap = self.cfg.timing.data_gap;
        let last = self.last_rx.unwrap_or(t);
        let Input::Data(d) = &mut self.input else {
            return;
        };
        if d.token != token || d.chunk.is_empty() || t.saturating_duration_since(last) < gap {
            return;
        }
        let chunk = std::mem::take(&mut d.chunk);
        if let DataTarget::Mqtt { topic, qos, retain } = d.target.clone() {
            self.mqtt_publish(topic, qos, retain, chunk, t);
        }
    }

    // ---- events ----

    fn on_event(&mut self, t: Instant, ev: Event) {
        match ev {
            Event::Emit(answer) => {
                self.answer(t, answer);
            }
            Event::Restart(kind) => self.restart(t, kind),
            Event::Boot(step) => self.boot(t, step),
            Event::MqttConnect { token } => self.mqtt_connected(t, token),
            Event::Ping { ip, index, count } => self.ping_reply(t, ip, index, count),
            Event::Ntp { wall } => self.ntp_done(t, wall),
            Event::Escape { token } => self.escape_check(t, token),
            Event::PromptCheck { token } => self.prompt_check(t, token),
            Event::DataGap { token } => self.data_gap(t, token),
            Event::SimpleError => self.simple_error(t),
            Event::StreamTick { token } => self.stream_tick(t, token),
        }
    }

    // ---- power ----

    /// Restarts now (`OK` already out): silence, then `RDY`, `SIM_SUCCESS`,
    /// `NETWORK_ACTIVATE_SUCCESS`.
    fn restart(&mut self, t: Instant, kind: RestartKind) {
        if self.state.power == Power::Off {
            return;
        }
        self.shut_down(t, kind);
        self.state.power = Power::Booting;
        self.state.restarts += 1;
        let restart = self.cfg.timing.restart;
        let at = self.later(t, restart);
        self.schedule(at, Event::Boot(BootStep::Ready));
    }

    /// Stops everything that does not survive a power loss.
    fn shut_down(&mut self, t: Instant, kind: RestartKind) {
        self.epoch += 1;
        // Queued output not yet on the wire is lost.
        self.out.retain(|(due, _, _)| *due <= t);
        self.last_due = self.out.back().map(|(d, _, _)| *d);
        self.line.clear();
        self.line_overflow = false;
        self.skip_lf = false;
        self.swallow = false;
        self.input = Input::Command;
        self.suspended = None;
        self.online_reset();
        if kind == RestartKind::Restore {
            self.factory_reset();
        }
        self.forget_volatile();
    }

    /// `AT+RESTORE`: saved settings back to factory values (the SIM slot stays).
    fn factory_reset(&mut self) {
        let s = &mut self.state;
        s.sys_sleep = false;
        s.csclk = false;
        s.saved_line = LineSettings::DEFAULT;
        s.simple_mode = 0;
        s.simple_sub = 0;
        s.simple_client = None;
        s.ntp_server = None;
        let published = std::mem::take(&mut s.mqtt.published);
        s.mqtt = Default::default();
        s.mqtt.published = published;
        let requests = std::mem::take(&mut s.http.requests);
        s.http = Default::default();
        s.http.requests = requests;
    }

    /// What RAM held: echo, pins, sockets, connection, and the communication settings the
    /// pairing mode does not save.
    fn forget_volatile(&mut self) {
        let s = &mut self.state;
        s.echo = true;
        s.creg_n = 0;
        s.network_up = false;
        s.asleep = false;
        s.data_mode = false;
        s.sockets.clear();
        s.mqtt.status = 0;
        for g in &mut s.gpio {
            g.dir = 2;
            g.pull = 0;
        }
        s.line = s.saved_line;
        if s.simple_mode != 2 {
            let published = std::mem::take(&mut s.mqtt.published);
            s.mqtt = Default::default();
            s.mqtt.published = published;
        }
        let requests = std::mem::take(&mut s.http.requests);
        s.http = Default::default();
        s.http.requests = requests;
    }

    fn boot(&mut self, t: Instant, step: BootStep) {
        if self.state.power == Power::Off {
            return;
        }
        self.state.power = Power::On;
        let next = t + self.cfg.timing.boot_step;
        match step {
            BootStep::Ready => {
                self.emit(t, vec![line("RDY")]);
                if self.state.iccid.is_some() {
                    self.schedule(next, Event::Boot(BootStep::Sim));
                }
            }
            BootStep::Sim => {
                self.emit(t, vec![line("SIM_SUCCESS")]);
                if self.state.registered() {
                    self.schedule(next, Event::Boot(BootStep::Network));
                }
            }
            BootStep::Network => {
                self.state.network_up = true;
                self.emit(t, vec![line("NETWORK_ACTIVATE_SUCCESS")]);
                self.after_boot(t);
            }
        }
    }

    /// Unplugged: everything stops, nothing comes out.
    pub fn power_off(&mut self, now: Instant) {
        self.advance(now);
        self.shut_down(now, RestartKind::Plain);
        self.out.clear();
        self.last_due = None;
        self.wire.clear();
        self.state.power = Power::Off;
    }

    /// Plugged in again (or powered from off): boots as after a restart.
    pub fn power_on(&mut self, now: Instant) {
        self.advance(now);
        if self.state.power != Power::Off {
            self.shut_down(now, RestartKind::Plain);
        }
        self.state.power = Power::Booting;
        self.state.restarts += 1;
        let at = now + self.cfg.timing.restart;
        self.schedule(at, Event::Boot(BootStep::Ready));
    }

    // ---- test stream ----

    /// Starts emitting `+STREAM:<seq>,<letters>` lines of [`STREAM_LINE_LEN`] bytes at about
    /// `bytes_per_sec`.
    pub fn start_stream(&mut self, bytes_per_sec: u32, now: Instant) {
        self.advance(now);
        let token = self.token();
        self.stream = Some(Stream {
            token,
            rate: bytes_per_sec,
            seq: self.stream.as_ref().map_or(0, |s| s.seq),
            budget: STREAM_LINE_LEN as f64,
            last: now,
        });
        self.state.stream_rate = Some(bytes_per_sec);
        self.schedule(now, Event::StreamTick { token });
    }

    /// Stops the test stream.
    pub fn stop_stream(&mut self) {
        self.stream = None;
        self.state.stream_rate = None;
    }

    fn stream_tick(&mut self, t: Instant, token: u64) {
        let Some(s) = &mut self.stream else {
            return;
        };
        if s.token != token {
            return;
        }
        let dt = t.saturating_duration_since(s.last).as_secs_f64();
        s.last = t;
        s.budget = (s.budget + dt * f64::from(s.rate)).min(f64::from(s.rate.max(64)));
        let mut bytes = Vec::new();
        while s.budget >= STREAM_LINE_LEN as f64 {
            s.budget -= STREAM_LINE_LEN as f64;
            bytes.extend(stream_line(s.seq));
            s.seq += 1;
        }
        if self.state.power == Power::On && !bytes.is_empty() {
            self.push(t, bytes);
        }
        self.schedule(t + STREAM_TICK, Event::StreamTick { token });
    }

    // ---- command plumbing shared by the families ----

    /// Asks for a restart once the answer is out.
    pub(super) fn request_restart(&mut self, kind: RestartKind) {
        self.restart_requested = Some(kind);
    }

    /// Enters a `>` prompt.
    pub(super) fn start_prompt(&mut self, kind: PromptKind, want: Option<usize>) {
        let token = self.token();
        self.input = Input::Prompt(Prompt {
            kind,
            want,
            got: Vec::new(),
            settling: false,
            token,
        });
    }

    /// Enters transparent data mode.
    pub(super) fn start_data(&mut self, target: DataTarget) {
        let token = self.token();
        self.suspended = None;
        self.input = Input::Data(Data {
            target,
            plus: 0,
            chunk: Vec::new(),
            token,
        });
        self.state.data_mode = true;
    }

    /// Leaves transparent data mode if it is bound to this socket.
    pub(super) fn end_data_for(&mut self, link: u8) {
        if matches!(&self.input, Input::Data(d) if d.target == DataTarget::Socket(link)) {
            self.input = Input::Command;
            self.state.data_mode = false;
        }
        if self.suspended == Some(DataTarget::Socket(link)) {
            self.suspended = None;
        }
    }
}

/// One line of the test stream: `+STREAM:000123,` then letters, 64 bytes with CRLF.
pub fn stream_line(seq: u64) -> Vec<u8> {
    let mut l = format!("+STREAM:{:06},", seq % 1_000_000).into_bytes();
    let start = (seq % 26) as u8;
    let mut i = 0u8;
    while l.len() < STREAM_LINE_LEN - 2 {
        l.push(b'a' + (start + i) % 26);
        i = i.wrapping_add(1);
    }
    l.extend(b"\r\n");
    l
}
