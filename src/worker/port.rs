//! The reader thread.
//!
//! The engine writes through one handle of the link ([`crate::link::Link`]); a reader thread owns a clone, blocks in
//! `read` (the OS waits, no polling) and forwards what arrives over a channel, so the engine can
//! wait on requests, received bytes and its own deadlines at once with `select!`.

use crate::link::Link;
use crossbeam_channel::{Receiver, Sender};
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

/// What the reader thread reports.
#[derive(Debug)]
pub enum ReaderMsg {
    Data(SystemTime, Vec<u8>),
    /// The port failed (unplugged adapter: BrokenPipe, EIO, ...). The reader has stopped.
    Failed(io::Error),
}

/// A running reader thread; dropping it stops the thread and waits for it (at most one read
/// timeout), so its handle on the port is closed before the port is opened again: serial ports
/// are opened exclusively.
pub struct Reader {
    pub rx: Receiver<ReaderMsg>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Reader {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads the reader thread may hand over before the worker takes them (each at most 16 KiB).
const READ_QUEUE: usize = 64;

/// Start a reader thread on a clone of `port`.
pub fn start_reader(port: &dyn Link) -> io::Result<Reader> {
    let mut clone = port.try_clone()?;
    // Bounded: when the worker stops taking reads (the window is far behind), the reader
    // waits and the port's own buffers hold the rest.
    let (tx, rx) = crossbeam_channel::bounded(READ_QUEUE);
    let stop = Arc::new(AtomicBool::new(false));
    let stop2 = stop.clone();
    let thread = std::thread::Builder::new()
        .name("ct11-reader".into())
        .spawn(move || read_loop(&mut *clone, &tx, &stop2))?;
    Ok(Reader {
        rx,
        stop,
        thread: Some(thread),
    })
}

fn read_loop(port: &mut dyn Link, tx: &Sender<ReaderMsg>, stop: &AtomicBool) {
    let mut buf = vec![0u8; 16 * 1024];
    while !stop.load(Ordering::Relaxed) {
        match port.read(&mut buf) {
            Ok(0) => {
                // End of file: the device went away (a read with a timeout returns
                // `TimedOut`, never 0). Reading again would spin.
                if !stop.load(Ordering::Relaxed) {
                    let _ = tx.send(ReaderMsg::Failed(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the port reported end of file",
                    )));
                }
                return;
            }
            Ok(n) => {
                let mut msg = ReaderMsg::Data(SystemTime::now(), buf[..n].to_vec());
                // Wait for room, but notice a stop request while waiting.
                loop {
                    match tx.send_timeout(msg, std::time::Duration::from_millis(100)) {
                        Ok(()) => break,
                        Err(crossbeam_channel::SendTimeoutError::Timeout(m)) => {
                            if stop.load(Ordering::Relaxed) {
                                return;
                            }
                            msg = m;
                        }
                        Err(crossbeam_channel::SendTimeoutError::Disconnected(_)) => return,
                    }
                }
            }
            Err(e)
                if e.kind() == io::ErrorKind::TimedOut
                    || e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => {
                if !stop.load(Ordering::Relaxed) {
                    let _ = tx.send(ReaderMsg::Failed(e));
                }
                return;
            }
        }
    }
}
