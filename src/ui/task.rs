//! Work the UI thread must not do: listing the system's serial ports (a sysfs, IOKit or registry
//! scan that can take a while) and reading or writing files. Each piece runs on its own
//! short-lived thread, hands its result back over a one-slot channel and wakes the UI; the owner
//! polls with `try_recv` once per frame and never waits.

use crossbeam_channel::{Receiver, TryRecvError};

/// One piece of work running on its own thread.
pub struct Task<T> {
    rx: Receiver<T>,
}

/// The thread ended without a result (it could not start, or it panicked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopped;

impl<T: Send + 'static> Task<T> {
    /// Run `work` on a thread named `name`; `egui` is woken when the result is ready.
    pub fn spawn(
        name: &str,
        egui: &egui::Context,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Self {
        let (tx, rx) = crossbeam_channel::bounded(1);
        let wake = egui.clone();
        // If the thread cannot start, `tx` is dropped with the closure and `poll` says so.
        let _ = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let out = work();
                // The panel may have gone (window closed): nobody to tell then.
                let _ = tx.send(out);
                wake.request_repaint();
            });
        Self { rx }
    }
}

impl<T> Task<T> {
    /// A task whose result is already there (work that needed no thread, such as a preset
    /// answer in a test).
    pub fn ready(value: T) -> Self {
        let (tx, rx) = crossbeam_channel::bounded(1);
        // The channel has room for this one value and its receiver is alive.
        let _ = tx.send(value);
        Self { rx }
    }

    /// The result, once ready; never waits.
    pub fn poll(&self) -> Option<Result<T, Stopped>> {
        match self.rx.try_recv() {
            Ok(v) => Some(Ok(v)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(Stopped)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn wait<T>(t: &Task<T>) -> Result<T, Stopped> {
        // A deadline, not a timing: a panicking thread prints its backtrace first, which takes
        // seconds on a loaded machine.
        let end = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(r) = t.poll() {
                return r;
            }
            assert!(Instant::now() < end, "the task finishes");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn hands_back_the_result_and_wakes_the_ui() {
        let ctx = egui::Context::default();
        let (tx, rx) = crossbeam_channel::bounded::<()>(0);
        let t = Task::spawn("test", &ctx, move || {
            let _ = rx.recv();
            42
        });
        assert_eq!(t.poll(), None, "not ready while the work runs");
        tx.send(()).unwrap();
        assert_eq!(wait(&t), Ok(42));
    }

    #[test]
    fn a_panic_is_reported_not_waited_for() {
        let ctx = egui::Context::default();
        let t: Task<u8> = Task::spawn("test-panic", &ctx, || panic!("boom"));
        assert_eq!(wait(&t), Err(Stopped));
    }
}
