//! The thread that owns the serial port. Callers (the CLI, the GUI, tests) send [`Request`]s and
//! receive [`Event`]s over two crossbeam channels created together by [`spawn`]; nothing a caller
//! does ever blocks on the port.
//!
//! - [`request`] / [`event`]: the two message enums, one per direction.
//! - [`port`]: the reader thread that feeds the engine from a [`Link`] (a real serial port by
//!   path, or anything a [`PortOpener`] opens, like the simulated module).
//! - [`engine`]: the state machine: idle, waiting for an answer, at a prompt, restarting,
//!   data mode, probing baud rates, reconnecting.
//! - [`batch`]: received frames, compactly, one event per read.
//! - [`client`]: a blocking convenience wrapper for the CLI and tests (never for the UI thread).

pub mod batch;
pub mod client;
pub mod engine;
pub mod event;
pub mod guard;
pub mod outbox;
pub mod port;
pub mod request;

pub use crate::link::{Link, PortOpener, SerialPath};
pub use batch::{RxBatch, RxClass, RxRef};
pub use client::Client;
pub use event::{CommandError, Event, FailReason, LinkState, Outcome, RxLine};
pub use request::{JobId, Request, Step};

use crossbeam_channel::{Receiver, Sender};

/// How many events the worker's channel holds. When it is full the worker keeps the rest in
/// order on its side (consecutive received batches merged up to a megabyte each) and sends them as the
/// caller drains: a slow caller costs memory in proportion to the bytes received, never one
/// event per line.
pub const EVENT_QUEUE: usize = 256;

/// Called by the worker after it sent events (the GUI passes `egui::Context::request_repaint`).
pub type Notify = Box<dyn Fn() + Send>;

/// The caller's ends of the worker's two channels.
pub struct WorkerHandle {
    pub requests: Sender<Request>,
    pub events: Receiver<Event>,
    /// The memory of received batches on their way (see [`batch::Held`]): while it is high
    /// the caller is behind and should drain at once.
    pub held: batch::Held,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl WorkerHandle {
    /// Send a request; returns false if the worker has stopped.
    pub fn send(&self, r: Request) -> bool {
        self.requests.send(r).is_ok()
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        let _ = self.requests.send(Request::Shutdown);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Start the worker thread. `notify` is called (coalesced by the caller if it wants) whenever
/// events were sent.
///
/// Should the engine ever panic (a bug), the panic is caught on its thread: the caller gets a
/// last `Link(Failed)` event naming it, then the event channel closes, and may spawn a new
/// worker. The port and its reader thread are closed as the engine unwinds.
pub fn spawn(notify: Option<Notify>) -> WorkerHandle {
    let (req_tx, req_rx) = crossbeam_channel::unbounded();
    let (ev_tx, ev_rx) = crossbeam_channel::bounded(EVENT_QUEUE);
    let held = batch::Held::default();
    let engine_held = held.clone();
    let thread = std::thread::Builder::new()
        .name("ct11-worker".into())
        .spawn(move || {
            let notify = notify.map(|n| std::sync::Arc::new(std::sync::Mutex::new(n)));
            let engine_notify = notify.clone().map(|n| -> Notify {
                Box::new(move || (n.lock().unwrap_or_else(|e| e.into_inner()))())
            });
            let last = ev_tx.clone();
            let run = std::panic::AssertUnwindSafe(move || {
                engine::Engine::new(req_rx, ev_tx, engine_notify, engine_held).run()
            });
            if let Err(panic) = std::panic::catch_unwind(run) {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let _ = last.send(Event::Link(LinkState::Failed {
                    reason: FailReason::Internal(what),
                }));
                if let Some(n) = notify {
                    (n.lock().unwrap_or_else(|e| e.into_inner()))();
                }
            }
        })
        .ok();
    WorkerHandle {
        requests: req_tx,
        events: ev_rx,
        held,
        thread,
    }
}
