//! How the proof reaches the module: a small trait, so the command line (a blocking worker
//! [`Client`]) and a GUI panel (its own worker channel, off the UI thread) can both run it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::at::{Answer, Command};
use crate::i18n::Lang;
use crate::worker::{Client, Event, Step};

/// The module, as the proof uses it.
pub trait ModuleLink {
    /// Runs one command and waits (at most `timeout`) for its answer; an error in plain words.
    fn command(&mut self, cmd: Command, timeout: Duration) -> Result<Answer, String>;
    /// Waits until the module has printed `needle` (anywhere in what it sent since the link
    /// opened), at most `timeout`, giving up early when `cancel` is set.
    fn wait_received(&mut self, needle: &[u8], timeout: Duration, cancel: &AtomicBool) -> bool;
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

impl ModuleLink for Client {
    fn command(&mut self, cmd: Command, timeout: Duration) -> Result<Answer, String> {
        let o = self
            .run_step(Step {
                command: cmd,
                timeout: Some(timeout),
            })
            .map_err(|e| e.to_string())?;
        o.result.map_err(|e| e.message(Lang::En))
    }

    fn wait_received(&mut self, needle: &[u8], timeout: Duration, cancel: &AtomicBool) -> bool {
        let mut seen = self.received_bytes();
        if contains(&seen, needle) {
            return true;
        }
        let end = Instant::now() + timeout;
        while !cancel.load(Ordering::SeqCst) {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            let slice = left.min(Duration::from_millis(100));
            let mut found = false;
            let _ = self.wait_for(slice, |e| {
                if let Event::Rx(l) = e {
                    seen.extend(&l.frame.raw);
                    found = contains(&seen, needle);
                }
                found
            });
            if found {
                return true;
            }
        }
        false
    }
}
