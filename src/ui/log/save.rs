//! Saving the log on a background thread: the UI hands over a snapshot (shared blocks, nothing
//! copied) and keeps going; the thread writes a temporary file next to the target, flushes it to
//! disk and renames it over the target, so a half-written log never replaces a good file.

use super::clock::Clock;
use super::store::Snapshot;
use super::text::Redactor;
use crate::i18n::{Arg, Lang};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

/// How a save ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveResult {
    Saved {
        path: PathBuf,
        lines: u64,
        bytes: u64,
    },
    Failed {
        path: PathBuf,
        error: String,
    },
}

/// A save in progress.
pub struct SaveJob {
    pub path: PathBuf,
    pub total: u64,
    done: Arc<AtomicU64>,
    rx: mpsc::Receiver<SaveResult>,
}

impl SaveJob {
    /// Lines written so far.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// The result, once the thread has finished (never waits).
    pub fn poll(&self) -> Option<SaveResult> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(SaveResult::Failed {
                path: self.path.clone(),
                error: "the save stopped unexpectedly".into(),
            }),
        }
    }
}

/// What to write.
pub struct SaveRequest {
    pub snapshot: Snapshot,
    pub path: PathBuf,
    pub redact: bool,
    pub lang: Lang,
    pub utc: bool,
}

/// Start saving; `wake` is called when done (the panel passes a repaint request).
pub fn start(req: SaveRequest, wake: impl FnOnce() + Send + 'static) -> SaveJob {
    let (tx, rx) = mpsc::channel();
    let done = Arc::new(AtomicU64::new(0));
    let job = SaveJob {
        path: req.path.clone(),
        total: req.snapshot.len(),
        done: done.clone(),
        rx,
    };
    let spawned = std::thread::Builder::new()
        .name("log-save".into())
        .spawn(move || {
            let path = req.path.clone();
            let r = match write(&req, &done) {
                Ok((lines, bytes)) => SaveResult::Saved { path, lines, bytes },
                Err(e) => SaveResult::Failed {
                    path,
                    error: e.to_string(),
                },
            };
            let _ = tx.send(r);
            wake();
        });
    if let Err(e) = spawned {
        // No thread: the job reports the failure at the next poll.
        let (tx, rx) = mpsc::channel();
        let _ = tx.send(SaveResult::Failed {
            path: job.path.clone(),
            error: e.to_string(),
        });
        return SaveJob { rx, ..job };
    }
    job
}

/// The temporary name beside the target: `.name.12345.part`.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "log".into());
    path.with_file_name(format!(".{name}.{}.part", std::process::id()))
}

/// Write the file (atomically); returns lines and bytes written.
pub fn write(req: &SaveRequest, done: &AtomicU64) -> std::io::Result<(u64, u64)> {
    let tmp = temp_path(&req.path);
    let r = write_to(req, &tmp, done).and_then(|n| {
        std::fs::rename(&tmp, &req.path)?;
        Ok(n)
    });
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

fn write_to(req: &SaveRequest, tmp: &Path, done: &AtomicU64) -> std::io::Result<(u64, u64)> {
    let file = std::fs::File::create(tmp)?;
    let mut w = std::io::BufWriter::with_capacity(256 * 1024, file);
    let clock = if req.utc {
        Clock::utc()
    } else {
        Clock::default()
    };
    let lang = req.lang;
    let now = super::store::micros(std::time::SystemTime::now());
    let t = clock.civil(now);
    let mut out = String::with_capacity(64 * 1024);
    let redaction = if req.redact {
        lang.tr("log-save-secrets-replaced-by")
    } else {
        lang.tr("log-save-secrets-not-redacted")
    };
    let header = crate::tr!(
        lang,
        "log-save-header",
        date = &t.date(),
        time = &t.time(),
        zone = &t.zone(),
        n = Arg::Count(req.snapshot.len()),
        secrets = redaction
    );
    let times = crate::tr!(lang, "log-save-times-are", zone = &t.zone());
    // `#` starts a comment line in the saved file: not part of the sentence.
    out.push_str(&format!("# {header}\n# {times}\n"));
    let secrets = req.snapshot.secrets.clone();
    let mut red = Redactor::new(&secrets, req.redact, &clock, lang);
    let mut lines = 0u64;
    let mut bytes = 0u64;
    req.snapshot.for_each_line(|_, flags, at, b| {
        red.line(&mut out, at, flags, b);
        lines += 1;
        if out.len() >= 60 * 1024 {
            w.write_all(out.as_bytes())?;
            bytes += out.len() as u64;
            out.clear();
            done.store(lines, Ordering::Relaxed);
        }
        Ok(())
    })?;
    red.finish(&mut out);
    w.write_all(out.as_bytes())?;
    bytes += out.len() as u64;
    done.store(lines, Ordering::Relaxed);
    let file = w.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok((lines, bytes))
}
