//! How the delivery proof reaches the module from the GUI: the proof runs on its own thread and
//! never touches the worker. It hands its commands to the MQTT panel (which passes them to the
//! shell like any request) and gets every worker event back from the panel, so the UI thread
//! never waits and the app's one worker keeps owning the port.

use crate::at::{Answer, Command};
use crate::i18n::Lang;
use crate::proof::ModuleLink;
use crate::worker::{Event, JobId, Request, Step};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Most received bytes kept for [`ModuleLink::wait_received`] (the newest; a nonce is short).
const KEEP: usize = 256 * 1024;

/// The proof thread's end of the link.
pub struct GuiLink {
    requests: Sender<Request>,
    events: Receiver<Event>,
    /// Called after a request was queued, so the UI runs a frame and forwards it.
    wake: Box<dyn Fn() + Send>,
    received: Vec<u8>,
}

impl GuiLink {
    pub fn new(
        requests: Sender<Request>,
        events: Receiver<Event>,
        wake: Box<dyn Fn() + Send>,
    ) -> Self {
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

impl ModuleLink for GuiLink {
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
