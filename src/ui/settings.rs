//! What persists between runs (through eframe's storage). Never secrets: passwords live only in
//! the forms while the app runs, and in a profile when the user asks for it.

use super::tab::Tab;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

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
