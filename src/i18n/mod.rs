//! The two user languages. Every user-facing text is written as a pair next to where it is used
//! (`lang.pick("Connect", "连接")`), so an untranslated string cannot hide in a separate table.

use serde::{Deserialize, Serialize};

/// A language the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Choose the text for this language.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// The system's language: Chinese when `LANG`/`LC_ALL`/`LC_MESSAGES` (or the Windows/macOS
    /// equivalents passed through them) start with `zh`, English otherwise.
    pub fn from_system() -> Lang {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
            if let Ok(v) = std::env::var(key) {
                if v.is_empty() {
                    continue;
                }
                return if v.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    /// Name of the language in itself, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }
}
