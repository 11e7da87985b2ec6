//! Messages from a caller to the worker.

use crate::at::Command;
use crate::at::basic::UartConfig;
use crate::link::PortOpener;
use std::sync::Arc;
use std::time::Duration;

/// Identifies one job (a command or a sequence) in the events that answer it, and in
/// [`Request::Cancel`]. Every id comes from one counter ([`JobId::fresh`]), so the jobs of a
/// panel, a profile run, a health check and the command line never share one, and nobody
/// claims a range of numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(u64);

impl JobId {
    /// A new id, never handed out before in this process.
    pub fn fresh() -> JobId {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        JobId(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

impl std::fmt::Display for JobId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// One step of a job.
#[derive(Clone, Debug)]
pub struct Step {
    pub command: Command,
    /// Overrides the command's default timeout.
    pub timeout: Option<Duration>,
}

impl From<Command> for Step {
    fn from(command: Command) -> Self {
        Step {
            command,
            timeout: None,
        }
    }
}

/// What a caller asks of the worker.
pub enum Request {
    /// Open a port with these line settings. With `auto_baud`, `AT` is probed at every
    /// supported rate (starting with `settings.baud`) until the module answers.
    Open {
        port: Arc<dyn PortOpener>,
        settings: UartConfig,
        auto_baud: bool,
    },
    /// Close the port (and stop reconnecting).
    Close,
    /// Run commands in order, one answered before the next. With `stop_on_error`, the first
    /// failure ends the job and the rest are reported as skipped.
    Run {
        id: JobId,
        steps: Vec<Step>,
        stop_on_error: bool,
    },
    /// Write raw bytes as they are (terminal hex send, data in transparent mode).
    Raw { bytes: Vec<u8> },
    /// Cancel this job, whether it is running or queued; other jobs go on. A command whose
    /// line announced a payload is carried through: the payload is sent whole at the prompt
    /// (never cut short or padded) and its answer reported, so the module is left in command
    /// mode; the rest of its job is cancelled. The worker takes a Cancel between the chunks of
    /// a payload. See `engine::Upload` for why. An id the worker does not hold (already
    /// finished) is ignored.
    Cancel(JobId),
    /// Silence before and after `+++` (default 1 s).
    SetEscapeGuard(Duration),
    /// Drive the DTR line (CSCLK sleep control).
    SetDtr(bool),
    /// Stop the worker thread.
    Shutdown,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Request::Open {
                port,
                settings,
                auto_baud,
            } => f
                .debug_struct("Open")
                .field("port", &port.name())
                .field("settings", settings)
                .field("auto_baud", auto_baud)
                .finish(),
            Request::Close => f.write_str("Close"),
            Request::Run { id, steps, .. } => write!(f, "Run({id}, {} steps)", steps.len()),
            Request::Raw { bytes } => write!(f, "Raw({} bytes)", bytes.len()),
            Request::Cancel(id) => write!(f, "Cancel({id})"),
            Request::SetEscapeGuard(d) => write!(f, "SetEscapeGuard({d:?})"),
            Request::SetDtr(b) => write!(f, "SetDtr({b})"),
            Request::Shutdown => f.write_str("Shutdown"),
        }
    }
}
