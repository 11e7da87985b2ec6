//! What persists between runs (its own file, written atomically). Never secrets: passwords live only in
//! the forms while the app runs, and in a profile when the user asks for it.

use super::tab::Tab;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The app's saved settings.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// `None`: follow the system language.
    pub lang: Option<Lang>,
    pub last_port: Option<String>,
    pub baud: u32,
    pub auto_baud: bool,
    pub tab: Tab,
    /// Status refresh interval in seconds (0 = only on connect).
    pub refresh_s: u32,
    pub log_visible: bool,
    /// Recently used files (certificates, profiles), newest first.
    pub recent_files: Vec<String>,
    /// Terminal history, newest last.
    pub terminal_history: Vec<String>,
    /// Terminal quick-send commands.
    pub quick_commands: Vec<String>,
    /// `+++` guard time in milliseconds.
    pub escape_guard_ms: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            lang: None,
            last_port: None,
            baud: 115200,
            auto_baud: false,
            tab: Tab::Device,
            refresh_s: 30,
            log_visible: true,
            recent_files: Vec::new(),
            terminal_history: Vec::new(),
            quick_commands: vec![
                "AT".into(),
                "AT+CSQ".into(),
                "AT+CREG?".into(),
                "AT+QMTSTATU".into(),
            ],
            escape_guard_ms: 1000,
        }
    }
}

impl Settings {
    /// Remember a file as recently used.
    pub fn remember_file(&mut self, path: &str) {
        self.recent_files.retain(|p| p != path);
        self.recent_files.insert(0, path.to_string());
        self.recent_files.truncate(10);
    }
}

/// The settings file's name, in eframe's storage folder for the app
/// (`~/.local/share/ct11configurator/` on Linux, `%APPDATA%\CT11 Configurator\data\` on Windows,
/// `~/Library/Application Support/CT11-Configurator/` on macOS).
pub const FILE_NAME: &str = "settings.json";

/// Where the settings are kept, if the system has a place for them.
pub fn default_path() -> Option<PathBuf> {
    eframe::storage_dir(crate::ui::APP_NAME).map(|d| d.join(FILE_NAME))
}

/// Why the settings could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a settings file ({source})")]
    Format {
        path: PathBuf,
        source: serde_json::Error,
    },
}

impl Settings {
    /// Read the settings file; `Ok(None)` when there is none yet.
    pub fn load(path: &Path) -> Result<Option<Settings>, SettingsError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(SettingsError::Io {
                    path: path.into(),
                    source,
                });
            }
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|source| SettingsError::Format {
                path: path.into(),
                source,
            })
    }

    /// The file's bytes: what persists, with secret-bearing terminal lines left out.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut kept = self.clone();
        kept.terminal_history = persisted_history(&self.terminal_history);
        kept.quick_commands = persisted_history(&self.quick_commands);
        serde_json::to_vec_pretty(&kept).unwrap_or_default()
    }
}

/// Terminal lines that may be written to disk: a line that carries a secret (the MQTT password
/// of `AT+QMTCFG=`, an HTTP `Authorization`-like header) is dropped, not masked, because a
/// masked line recalled from history would send `***` as the password.
pub fn persisted_history(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| !crate::ui::log::text::line_has_secret(l))
        .cloned()
        .collect()
}

/// Writes the settings file off the UI thread: temp file, fsync, rename
/// ([`write_atomic_private`](crate::profile::fsutil::write_atomic_private)), so a full disk or
/// a crash leaves the previous settings whole. One write at a time; unchanged settings are not
/// written again.
pub struct SettingsSaver {
    path: Option<PathBuf>,
    written: Vec<u8>,
    pending: Option<std::thread::JoinHandle<Result<(), SettingsError>>>,
    write: WriteFn,
}

/// How the saver writes a file (tests put a failing one in).
pub type WriteFn = fn(&Path, &[u8]) -> std::io::Result<()>;

impl SettingsSaver {
    /// A saver for `path` (`None`: nowhere to save, every save is a no-op).
    pub fn new(path: Option<PathBuf>) -> Self {
        Self::with_writer(path, crate::profile::fsutil::write_atomic_private)
    }

    /// A saver that writes with `write`.
    pub fn with_writer(path: Option<PathBuf>, write: WriteFn) -> Self {
        Self {
            path,
            written: Vec::new(),
            pending: None,
            write,
        }
    }

    /// Start writing `settings` if they changed since the last write. Returns the previous
    /// write's error, if it failed (handled once, by the caller).
    pub fn save(&mut self, settings: &Settings) -> Option<SettingsError> {
        let path = self.path.clone()?;
        let bytes = settings.to_bytes();
        if bytes == self.written {
            return None;
        }
        let previous = self.wait();
        self.written = bytes.clone();
        let write = self.write;
        self.pending = Some(std::thread::spawn(move || {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|source| SettingsError::Io {
                    path: dir.into(),
                    source,
                })?;
            }
            write(&path, &bytes).map_err(|source| SettingsError::Io { path, source })
        }));
        previous
    }

    /// Wait for the write in progress (at exit); its error, if it failed.
    pub fn wait(&mut self) -> Option<SettingsError> {
        let result = self.pending.take()?.join();
        match result {
            Ok(Ok(())) => None,
            Ok(Err(e)) => {
                // Not written: try again at the next save.
                self.written.clear();
                Some(e)
            }
            Err(_) => {
                self.written.clear();
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(port: &str) -> Settings {
        Settings {
            last_port: Some(port.into()),
            ..Settings::default()
        }
    }

    #[test]
    fn saved_settings_load_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(FILE_NAME);
        assert!(Settings::load(&path).unwrap().is_none());
        let mut saver = SettingsSaver::new(Some(path.clone()));
        assert!(saver.save(&settings("/dev/ttyUSB3")).is_none());
        assert!(saver.wait().is_none());
        let back = Settings::load(&path).unwrap().unwrap();
        assert_eq!(back.last_port.as_deref(), Some("/dev/ttyUSB3"));
    }

    #[test]
    fn a_failing_write_leaves_the_old_settings_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut saver = SettingsSaver::new(Some(path.clone()));
        saver.save(&settings("/dev/ttyUSB0"));
        assert!(saver.wait().is_none());
        // The disk fills up half-way through the next write.
        fn full_disk(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
            crate::profile::fsutil::write_atomic_with(path, bytes, true, |f, b| {
                std::io::Write::write_all(f, &b[..b.len() / 2])?;
                Err(std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    "disk full",
                ))
            })
        }
        let mut failing = SettingsSaver::with_writer(Some(path.clone()), full_disk);
        failing.save(&settings("/dev/ttyUSB9"));
        assert!(matches!(failing.wait(), Some(SettingsError::Io { .. })));
        let back = Settings::load(&path).unwrap().unwrap();
        assert_eq!(back.last_port.as_deref(), Some("/dev/ttyUSB0"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn unchanged_settings_are_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut saver = SettingsSaver::new(Some(path.clone()));
        saver.save(&settings("a"));
        saver.wait();
        std::fs::remove_file(&path).unwrap();
        saver.save(&settings("a"));
        saver.wait();
        assert!(!path.exists());
    }

    #[test]
    fn secret_bearing_terminal_lines_are_not_persisted() {
        let s = Settings {
            terminal_history: vec![
                "AT+CSQ".into(),
                r#"AT+QMTCFG="c1","user","hunter22""#.into(),
                r#"AT+HTTPRQH="Authorization","Bearer abc""#.into(),
                r#"AT+HTTPRQH="X-Api-Key","k""#.into(),
                r#"AT+HTTPRQH="Content-Type","text/plain""#.into(),
            ],
            ..Settings::default()
        };
        let text = String::from_utf8(s.to_bytes()).unwrap();
        assert!(!text.contains("hunter22"), "{text}");
        assert!(!text.contains("Bearer"), "{text}");
        assert!(!text.contains("X-Api-Key"), "{text}");
        assert!(text.contains("AT+CSQ"));
        assert!(text.contains("Content-Type"));
    }
}
