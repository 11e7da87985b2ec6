//! The proof on a thread of its own, driven by whoever owns the worker (a GUI panel, the batch):
//! the proof never touches the worker. It hands its commands over a channel (the owner passes
//! them to the worker like any request) and gets every worker event back the same way, so the
//! owner never waits and its worker keeps owning the port.

use super::{ModuleLink, ProofReport, ProofSettings, Stage};
use crate::at::{Answer, Command};
use crate::i18n::Lang;
use crate::worker::{Event, JobId, Request, Step};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, unbounded};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Most received bytes kept for [`ModuleLink::wait_received`] (the newest; a nonce is short).
const KEEP: usize = 256 * 1024;

/// The proof thread's end of the link.
pub struct ChannelLink {
    requests: Sender<Request>,
    events: Receiver<Event>,
    /// Called after a request was queued, so the owner runs and forwards it.
    wake: Box<dyn Fn()>,
    received: Vec<u8>,
}

impl ChannelLink {
    pub fn new(requests: Sender<Request>, events: Receiver<Event>, wake: Box<dyn Fn()>) -> Self {
        Self {
            requests,
            events,
            wake,
            received: Vec::new(),
        }
    }

    fn absorb(&mut self, e: &Event) {
        match e {
            Event::Received(b) => {
                for l in b.lines() {
                    self.received.extend_from_slice(l.raw);
                }
            }
            Event::Rx(l) => self.received.extend_from_slice(&l.frame.raw),
            _ => {}
        }
        if self.received.len() > KEEP {
            let cut = self.received.len() - KEEP / 2;
            self.received.drain(..cut);
        }
    }

    fn seen(&self, needle: &[u8]) -> bool {
        !needle.is_empty() && self.received.windows(needle.len()).any(|w| w == needle)
    }
}

impl ModuleLink for ChannelLink {
    fn command(&mut self, cmd: Command, timeout: Duration) -> Result<Answer, String> {
        let id = JobId::fresh();
        let run = Request::Run {
            id,
            steps: vec![Step {
                command: cmd,
                timeout: Some(timeout),
            }],
            stop_on_error: true,
        };
        if self.requests.send(run).is_err() {
            return Err("the app stopped the proof".into());
        }
        (self.wake)();
        // The worker ends every command within its timeout; the margin covers a busy queue.
        let end = Instant::now() + timeout * 2 + Duration::from_secs(5);
        loop {
            match self
                .events
                .recv_timeout(end.saturating_duration_since(Instant::now()))
            {
                Ok(Event::Step { job, outcome, .. }) if job == id => {
                    return outcome.result.map_err(|e| e.message(Lang::En));
                }
                Ok(e) => self.absorb(&e),
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!("no answer within {} s", timeout.as_secs()));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err("the app stopped the proof".into());
                }
            }
        }
    }

    fn wait_received(&mut self, needle: &[u8], timeout: Duration, cancel: &AtomicBool) -> bool {
        let end = Instant::now() + timeout;
        loop {
            if self.seen(needle) {
                return true;
            }
            if cancel.load(Ordering::SeqCst) {
                return false;
            }
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            match self
                .events
                .recv_timeout(left.min(Duration::from_millis(100)))
            {
                Ok(e) => self.absorb(&e),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return false,
            }
        }
    }
}

/// A message from the proof thread.
enum Msg {
    Stage(Stage),
    Done(ProofReport),
}

/// A delivery proof running on its own thread, driven by the worker's owner: it hands the proof
/// every worker event ([`on_event`](Self::on_event)) and, when woken (each frame), forwards the
/// commands it queued and learns its stage and end ([`poll`](Self::poll)). Shared by the MQTT
/// panel's proof section, the health check, the profiles tab and the batch.
pub struct ProofRun {
    cancel: Arc<AtomicBool>,
    msgs: Receiver<Msg>,
    /// Commands the proof wants run, for the shell.
    requests: Receiver<Request>,
    /// Every worker event, for the proof's link.
    events: Sender<Event>,
    stage: Option<Stage>,
}

impl ProofRun {
    /// Start the proof on its own thread (`None`: the thread could not be started). `wake` is
    /// called (on the proof thread) whenever it has a command, a stage or its end to collect.
    pub fn start(settings: ProofSettings, wake: Box<dyn Fn() + Send>) -> Option<ProofRun> {
        let (req_tx, req_rx) = unbounded();
        let (ev_tx, ev_rx) = unbounded();
        let (msg_tx, msg_rx) = unbounded();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = cancel.clone();
        std::thread::Builder::new()
            .name("ct11-proof".into())
            .spawn(move || {
                let wake = std::rc::Rc::new(wake);
                let link_wake = wake.clone();
                let mut link = ChannelLink::new(req_tx, ev_rx, Box::new(move || link_wake()));
                let stage_tx = msg_tx.clone();
                let report = super::run(&mut link, &settings, &stop, &mut |s| {
                    let _ = stage_tx.send(Msg::Stage(s));
                    wake();
                });
                let _ = msg_tx.send(Msg::Done(report));
                wake();
            })
            .ok()?;
        Some(ProofRun {
            cancel,
            msgs: msg_rx,
            requests: req_rx,
            events: ev_tx,
            stage: None,
        })
    }

    /// Hand a worker event to the proof.
    pub fn on_event(&self, e: &Event) {
        if matches!(
            e,
            Event::Step { .. } | Event::Received(_) | Event::Rx(_) | Event::JobDone { .. }
        ) {
            let _ = self.events.send(e.clone());
        }
    }

    /// The commands the proof queued (for the shell), and its report once it has ended.
    pub fn poll(&mut self) -> (Vec<Request>, Option<ProofReport>) {
        let reqs: Vec<Request> = self.requests.try_iter().collect();
        let mut done = None;
        for m in self.msgs.try_iter() {
            match m {
                Msg::Stage(s) => self.stage = Some(s),
                Msg::Done(report) => done = Some(report),
            }
        }
        (reqs, done)
    }

    /// What the proof is doing now (`None`: not started its first stage yet).
    pub fn stage(&self) -> Option<Stage> {
        self.stage
    }

    /// Ask the proof to stop (it ends within 100 ms of its current step, with "Cancelled").
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }
}

/// What the proof is doing, in words (for a progress line).
pub fn stage_words(lang: Lang, s: Option<Stage>) -> &'static str {
    match s {
        None | Some(Stage::PcConnect) => {
            lang.tr("proof-background-connecting-this-computer-to-the")
        }
        Some(Stage::ModuleState) => lang.tr("proof-background-checking-the-module-s-broker"),
        Some(Stage::ModuleToPc) => lang.tr("proof-background-module-broker-this-computer"),
        Some(Stage::PcToModule) => lang.tr("proof-background-this-computer-broker-module"),
    }
}
