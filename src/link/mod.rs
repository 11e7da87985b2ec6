//! The wire between this app and a module: what the worker reads and writes ([`Link`]) and what
//! opens one ([`PortOpener`]). A real serial port ([`serial`]) and the simulated module
//! ([`crate::sim`]) both implement these, so the worker knows neither, and the simulated module
//! knows nothing of the worker.

pub mod serial;

use crate::at::basic::UartConfig;
use std::io;
use std::time::Duration;

pub use serial::SerialPath;

/// One open connection to a module: bytes both ways, plus the little of a serial line the worker
/// touches.
///
/// Reads must time out (fail with [`io::ErrorKind::TimedOut`] after at most [`READ_TIMEOUT`])
/// rather than block forever, so the reader thread notices when it should stop; a link that is
/// gone fails reads and writes with `BrokenPipe` (or returns end of file).
pub trait Link: io::Read + io::Write + Send {
    /// Set baud rate, data bits, parity and stop bits.
    fn set_line(&mut self, settings: &UartConfig) -> io::Result<()>;
    /// Drive the DTR line (the module's sleep control).
    fn set_dtr(&mut self, level: bool) -> io::Result<()>;
    /// A second handle on the same line (the reader thread reads through it while the worker
    /// writes through the first).
    fn try_clone(&self) -> io::Result<Box<dyn Link>>;
}

/// Something the worker can open: a serial port by path, or the simulated module.
pub trait PortOpener: Send + Sync {
    /// A name for the user and the log ("/dev/ttyUSB0", "Simulated CT11").
    fn name(&self) -> String;
    /// Open with these line settings; reads on the link time out (see [`Link`]).
    fn open(&self, settings: &UartConfig) -> io::Result<Box<dyn Link>>;
}

/// How long a read waits before the reader checks whether it should stop.
pub const READ_TIMEOUT: Duration = Duration::from_millis(250);

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src/sim").flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The simulated module is the far end of the wire: it implements [`super::Link`] and
    /// knows nothing of the worker that reads it.
    #[test]
    fn the_simulated_module_does_not_use_the_worker() {
        let mut files = Vec::new();
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sim"),
            &mut files,
        );
        assert!(files.len() > 10, "found the simulated module's files");
        let offenders: Vec<String> = files
            .iter()
            .flat_map(|f| {
                let text = std::fs::read_to_string(f).unwrap_or_default();
                text.lines()
                    .enumerate()
                    .filter(|(_, l)| {
                        let code = l.split("//").next().unwrap_or("");
                        code.contains("worker")
                    })
                    .map(|(i, l)| format!("{}:{}: {}", f.display(), i + 1, l.trim()))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert!(offenders.is_empty(), "{offenders:#?}");
    }
}
