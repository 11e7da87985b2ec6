//! Unit tests of [`SimModule`](super::SimModule), driven with explicit instants: one file per
//! command family, plus faults and the line.

mod basic;
mod faults;
mod http;
mod mqtt;
mod network;
mod online;
mod power;
mod simple;
mod socket;
mod timing;

use std::time::{Duration, Instant};

use super::{Dialect, SimConfig, SimModule};

/// A module and the time it lives at.
pub(super) struct Bench {
    pub m: SimModule,
    pub now: Instant,
}

impl Bench {
    /// A fast module in the example dialect.
    pub fn new() -> Bench {
        Bench::with(SimConfig::fast())
    }

    /// A fast module in the table dialect.
    pub fn table() -> Bench {
        Bench::with(SimConfig::fast().with_dialect(Dialect::Table))
    }

    pub fn with(cfg: SimConfig) -> Bench {
        Bench {
            m: SimModule::new(cfg),
            now: Instant::now(),
        }
    }

    /// Sends raw bytes now (no time passes).
    pub fn feed(&mut self, bytes: &[u8]) {
        self.m.feed(bytes, self.now);
    }

    /// Lets `d` pass, stepping through every wake-up, and returns the output.
    pub fn run(&mut self, d: Duration) -> Vec<u8> {
        let end = self.now + d;
        let mut out = self.m.take_output(self.now);
        while let Some(t) = self.m.next_wakeup() {
            if t > end {
                break;
            }
            self.now = self.now.max(t);
            out.extend(self.m.take_output(self.now));
        }
        self.now = end;
        out.extend(self.m.take_output(self.now));
        out
    }

    /// Output due right now.
    pub fn take(&mut self) -> String {
        String::from_utf8_lossy(&self.m.take_output(self.now)).into_owned()
    }

    /// Sends a command line with CRLF and returns everything out within 500 ms.
    pub fn cmd(&mut self, line: &str) -> String {
        self.feed(format!("{line}\r\n").as_bytes());
        self.settle()
    }

    /// Everything out within 500 ms, as text.
    pub fn settle(&mut self) -> String {
        String::from_utf8_lossy(&self.run(Duration::from_millis(500))).into_owned()
    }

    /// Lets time pass.
    pub fn wait(&mut self, ms: u64) -> String {
        String::from_utf8_lossy(&self.run(Duration::from_millis(ms))).into_owned()
    }

    /// Restart and boot fully.
    pub fn booted(&mut self) -> String {
        self.wait(200)
    }
}

/// The answer to one command with echo on.
pub(super) fn echoed(cmd: &str, answer: &str) -> String {
    format!("{cmd}\r\n{answer}")
}

/// The boot lines.
pub(super) const BOOT: &str = "RDY\r\nSIM_SUCCESS\r\nNETWORK_ACTIVATE_SUCCESS\r\n";
