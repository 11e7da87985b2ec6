//! Messages from the worker to its caller.

use super::batch::RxBatch;
use super::request::JobId;
use crate::at::error_code::ModuleError;
use crate::at::urc::Urc;
use crate::at::{Answer, DecodeError, Frame, Reply};
use crate::i18n::Lang;
use std::time::{Duration, SystemTime};

/// The state of the link to the module, as the connection chip shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkState {
    Disconnected,
    /// Opening the port, or probing baud rates.
    Connecting {
        detail: String,
    },
    Connected {
        port: String,
        baud: u32,
    },
    /// The port is open but the module does not answer `AT` (wrong baud rate, powered off, or
    /// in transparent mode). Raw sending still works.
    NoAnswer {
        port: String,
        baud: u32,
    },
    /// The module is restarting (after RST, RESTORE, IPR, SINGLESIM, SIMPLEMODE, OTA or on its own).
    Restarting,
    /// The adapter disappeared; the worker retries opening it every second.
    Unplugged {
        port: String,
    },
    /// Opening failed, or the worker stopped; [`FailReason::words`] says why.
    Failed {
        reason: FailReason,
    },
}

/// Why the link failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FailReason {
    /// The port could not be opened: its name and the system's own words.
    Open { port: String, error: String },
    /// The baud search found no module answering at any supported rate.
    NoModule { port: String },
    /// The worker stopped after an internal error (the panic's message) and was restarted.
    Internal(String),
    /// The window found the worker gone and started a new one.
    Restarted,
}

impl FailReason {
    /// Why, in `lang` (the system's own words stay as the system said them).
    pub fn words(&self, lang: Lang) -> String {
        match self {
            FailReason::Open { port, error } => format!("{port}: {error}"),
            FailReason::NoModule { port } => {
                crate::tr!(lang, "worker-event-no-module-at-any-baud", port = port)
            }
            FailReason::Internal(what) => {
                crate::tr!(lang, "worker-event-internal-error", what = what)
            }
            FailReason::Restarted => lang.tr("app-the-serial-worker-stopped-after-an").into(),
        }
    }
}

/// In English (logs, exports).
impl std::fmt::Display for FailReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words(Lang::En))
    }
}

impl LinkState {
    pub fn words(&self, lang: Lang) -> String {
        match self {
            LinkState::Disconnected => lang.tr("worker-event-disconnected").into(),
            LinkState::Connecting { .. } => lang.tr("worker-event-connecting").into(),
            LinkState::Connected { baud, .. } => {
                crate::tr!(lang, "worker-event-connected", baud = baud)
            }
            LinkState::NoAnswer { .. } => lang
                .tr("worker-event-port-open-module-not-answering")
                .into(),
            LinkState::Restarting => lang.tr("worker-event-module-restarting").into(),
            LinkState::Unplugged { .. } => lang.tr("worker-event-cable-unplugged").into(),
            LinkState::Failed { .. } => lang.tr("worker-event-connection-failed").into(),
        }
    }
    pub fn is_connected(&self) -> bool {
        matches!(self, LinkState::Connected { .. })
    }
}

/// Why a command did not succeed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("the module answered with an error: {0:?}")]
    Module(ModuleError),
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("{0}")]
    Decode(DecodeError),
    #[error("the port failed: {0}")]
    Io(String),
    #[error("cancelled")]
    Cancelled,
    #[error("skipped after an earlier step failed")]
    Skipped,
    #[error("not connected")]
    NotConnected,
    #[error("the module restarted during the command")]
    Restarted,
    #[error("the link is in transparent (data) mode")]
    DataMode,
    #[error("no OK after +++: the module did not confirm it left transparent mode")]
    EscapeUnanswered,
}

impl CommandError {
    /// The error in plain words, in the user's language, with what to do.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CommandError::Module(e) => e.message(lang),
            CommandError::Timeout(d) => {
                crate::tr!(
                    lang,
                    "worker-event-no-answer-within",
                    seconds = &seconds(*d)
                )
            }
            CommandError::Decode(e) => {
                crate::tr!(lang, "worker-event-unexpected-answer", error = e)
            }
            CommandError::Io(e) => crate::tr!(lang, "worker-event-serial-port-error", error = e),
            CommandError::Cancelled => lang.tr("worker-event-cancelled").into(),
            CommandError::Skipped => lang
                .tr("worker-event-skipped-an-earlier-step-failed")
                .into(),
            CommandError::NotConnected => lang.tr("worker-event-not-connected-to-a-module").into(),
            CommandError::Restarted => lang
                .tr("worker-event-the-module-restarted-during-the")
                .into(),
            CommandError::DataMode => lang
                .tr("worker-event-the-link-is-in-transparent-data-mode")
                .into(),
            CommandError::EscapeUnanswered => lang
                .tr("worker-event-the-module-did-not-answer-ok-to-so")
                .into(),
        }
    }
}

/// Seconds with one decimal, without a trailing `.0` (a 0.5 s timeout must not read "0 s").
fn seconds(d: Duration) -> String {
    let s = format!("{:.1}", d.as_secs_f64());
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// The outcome of one command.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The command line as shown (secrets redacted).
    pub line: String,
    pub result: Result<Answer, CommandError>,
    /// Everything the module answered (echo excluded).
    pub reply: Reply,
    pub elapsed: Duration,
}

/// One received piece, classified (its `raw` bytes are exactly what arrived).
#[derive(Clone, Debug)]
pub struct RxLine {
    pub at: SystemTime,
    pub frame: Frame,
    /// Not part of any command's answer.
    pub unsolicited: bool,
}

/// What the worker tells its caller.
///
/// The worker's channel is bounded ([`EVENT_QUEUE`](super::EVENT_QUEUE) events) and received
/// bytes travel in batches ([`Event::Received`], one per read), so a burst of a million lines
/// is a few events, not a million. While the caller is behind (the channel is full) the worker
/// keeps what it has to send in order, merging consecutive batches into one, and never blocks.
/// Events keep their order: the frames of an answer come before its `Step`.
///
/// [`Client`](super::Client) unpacks each batch into one [`Event::Urc`] (for an unsolicited
/// line) and one [`Event::Rx`] per frame, in the order the worker used to send them one by one.
#[derive(Clone, Debug)]
pub enum Event {
    /// Bytes written to the port, exactly. `secrets` are values in them that saved logs redact.
    Tx {
        at: SystemTime,
        bytes: Vec<u8>,
        secrets: Vec<String>,
    },
    /// Bytes received, as classified frames (lossless: every byte arrives in exactly one
    /// frame), a read's worth or more at a time. Its unsolicited lines ([`RxBatch::urcs`]) are
    /// not sent again as [`Event::Urc`].
    Received(RxBatch),
    /// One received frame. The worker sends [`Event::Received`]; this is what
    /// [`Client`](super::Client) unpacks a batch into, and what tests and benches may build.
    Rx(RxLine),
    /// The link changed state.
    Link(LinkState),
    /// One step of a job finished.
    Step {
        job: JobId,
        index: usize,
        outcome: Box<Outcome>,
    },
    /// A job finished: all steps ran, one failed with stop_on_error, or it was cancelled.
    JobDone {
        job: JobId,
        ok: bool,
        cancelled: bool,
    },
    /// An unsolicited line the module printed (also present in the `Rx` stream). The worker
    /// carries these inside [`Event::Received`]; [`Client`](super::Client) and the app unpack
    /// them into this event for whoever follows unsolicited lines.
    Urc(Urc),
    /// An error line with no command waiting (e.g. `ERROR=104` repeated in TCP pairing mode).
    UnsolicitedError(ModuleError),
    /// Transparent (data) mode entered or left.
    DataMode(bool),
    /// Something asked of the port itself failed, outside any command (e.g. a DTR change).
    /// In English; the port stays open.
    PortError(String),
    /// How far a step's payload is written at the module's prompt ("1152/2048 bytes", for
    /// progress bars): `done: 0` at the prompt, then after each chunk has left the port (about
    /// every 50 ms of wire time), up to `done == total`. Never decreases within a step.
    Progress {
        job: JobId,
        index: usize,
        done: usize,
        total: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_is_said_in_the_users_language_and_logged_in_english() {
        let r = FailReason::NoModule {
            port: "COM3".into(),
        };
        assert_eq!(
            r.to_string(),
            "no module answered on COM3 at any supported baud rate"
        );
        assert_eq!(
            r.words(Lang::Zh),
            "在 COM3 上以所有支持的波特率均无模块应答"
        );
        assert!(r.words(Lang::ZhHant).contains("COM3"));
        let open = FailReason::Open {
            port: "/dev/ttyUSB0".into(),
            error: "Permission denied".into(),
        };
        assert_eq!(open.words(Lang::Zh), "/dev/ttyUSB0: Permission denied");
        assert_eq!(
            FailReason::Restarted.words(Lang::En),
            Lang::En.tr("app-the-serial-worker-stopped-after-an")
        );
    }
}
