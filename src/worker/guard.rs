//! The guard against late answers: after a command ends without its final line (a timeout, or a
//! cancel once its line was sent), its answer may still come, and nothing in a bare `OK` or
//! `ERROR` says which command it answers. Echo cannot be relied on (it may be off, or lost in
//! noise), so before the next command the worker sends a **marker**: a harmless query whose
//! answer carries an information line no outstanding command can produce (`+VERSION=` for
//! `AT+GMR`, `+CSQ:` for `AT+CSQ`, …). The module answers in order, so everything before the
//! marker's own information line and final is an earlier command's late answer: it is logged as
//! unsolicited and credited to no one. Only then is the next command sent.
//!
//! The guard also counts consecutive timeouts, so a module that stopped answering is shown as
//! such instead of "Connected".

use std::collections::VecDeque;

/// Markers: the line sent and the information-line name that proves it was answered. All are
/// read-only queries the module answers in every state.
const MARKERS: [(&str, &str); 4] = [
    ("AT+GMR", "VERSION"),
    ("AT+CSQ", "CSQ"),
    ("AT+IPR?", "IPR"),
    ("AT+SYSSLEEP?", "SYSSLEEP"),
];

/// How many unanswered lines are remembered; older ones are taken as lost for good.
const MAX_OWED: usize = 16;

/// After this many consecutive commands (or markers) without an answer, the link is shown as
/// "module not answering".
pub const NO_ANSWER_AFTER: u32 = 3;

/// One marker: the line to send and the name of the information line that answers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    pub line: &'static str,
    pub name: &'static str,
}

/// The late-answer guard's state (pure; no I/O).
#[derive(Debug, Default)]
pub struct Guard {
    /// Lines sent whose final line never came, oldest first.
    owed: VecDeque<String>,
    /// Consecutive commands and markers that got no answer.
    silent: u32,
}

impl Guard {
    /// Whether the next command must wait for a marker first.
    pub fn needs_marker(&self) -> bool {
        !self.owed.is_empty()
    }

    /// A line was sent and its final line did not come (timeout, cancel).
    pub fn owe(&mut self, line: &str) {
        self.owed.push_back(line.trim().to_string());
        while self.owed.len() > MAX_OWED {
            self.owed.pop_front();
        }
    }

    /// An `OK` came with no command waiting for it: the oldest owed line got its late answer.
    /// (Only `OK`: the module prints no `OK` of its own accord, while an `ERROR=104` may be
    /// unsolicited, so an error line settles nothing.)
    pub fn late_ok(&mut self) {
        self.owed.pop_front();
    }

    /// The marker answered: every earlier answer is in (or lost for good).
    pub fn marker_answered(&mut self) {
        self.owed.clear();
    }

    /// A marker whose answer no owed line can produce. If every marker is owed (a long silent
    /// stretch), the one owed longest ago: the module answers in order, so its late answer, if
    /// any, comes before the newer ones.
    pub fn marker(&self) -> Marker {
        let owes = |m: &(&str, &str)| {
            self.owed
                .iter()
                .rposition(|l| command_name(l) == command_name(m.0))
        };
        let pick = MARKERS
            .iter()
            .find(|m| owes(m).is_none())
            .or_else(|| MARKERS.iter().min_by_key(|m| owes(m)))
            .unwrap_or(&MARKERS[0]);
        Marker {
            line: pick.0,
            name: pick.1,
        }
    }

    /// A command or marker got no answer. Returns true when this makes the module count as
    /// not answering.
    pub fn timed_out(&mut self) -> bool {
        self.silent = self.silent.saturating_add(1);
        self.silent == NO_ANSWER_AFTER
    }

    /// Something answered (a final line for a command or marker).
    pub fn answered(&mut self) {
        self.silent = 0;
    }

    /// Consecutive commands without an answer.
    pub fn silent(&self) -> u32 {
        self.silent
    }

    /// A new port session: nothing from before counts.
    pub fn reset(&mut self) {
        *self = Guard::default();
    }
}

/// `AT+CSQ` from `at+csq`, `AT+IPR` from `AT+IPR=9600,8,0,0` or `AT+IPR?`.
fn command_name(line: &str) -> String {
    let up = line.trim().to_ascii_uppercase();
    let end = up.find(['=', '?']).unwrap_or(up.len());
    up[..end].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_marker_needed_until_something_is_owed() {
        let mut g = Guard::default();
        assert!(!g.needs_marker());
        g.owe("AT+QMTCFG?");
        assert!(g.needs_marker());
        g.marker_answered();
        assert!(!g.needs_marker());
    }

    #[test]
    fn a_late_ok_settles_the_oldest_owed_line() {
        let mut g = Guard::default();
        g.owe("AT+CSQ");
        g.owe("AT+GMR");
        g.late_ok();
        assert!(g.needs_marker());
        assert_eq!(g.marker().line, "AT+CSQ", "only GMR is still owed");
        g.late_ok();
        assert!(!g.needs_marker());
        g.late_ok();
        assert!(!g.needs_marker());
    }

    #[test]
    fn marker_differs_from_every_owed_command() {
        let mut g = Guard::default();
        assert_eq!(g.marker().line, "AT+GMR");
        g.owe("at+gmr");
        assert_eq!(g.marker().line, "AT+CSQ");
        g.owe("AT+CSQ");
        g.owe("AT+IPR=9600,8,0,0");
        assert_eq!(g.marker().line, "AT+SYSSLEEP?");
        g.owe("AT+SYSSLEEP?");
        // All owed: the one owed longest ago.
        assert_eq!(g.marker().line, "AT+GMR");
    }

    #[test]
    fn owed_lines_are_bounded() {
        let mut g = Guard::default();
        g.owe("AT+GMR");
        for _ in 0..MAX_OWED {
            g.owe("AT+QMTCFG?");
        }
        // The GMR line fell out: GMR is a usable marker again.
        assert_eq!(g.marker().line, "AT+GMR");
    }

    #[test]
    fn consecutive_timeouts_are_counted_and_reset_by_an_answer() {
        let mut g = Guard::default();
        assert!(!g.timed_out());
        assert!(!g.timed_out());
        assert!(g.timed_out());
        assert!(!g.timed_out(), "reported once");
        assert_eq!(g.silent(), 4);
        g.answered();
        assert_eq!(g.silent(), 0);
    }
}
