//! A user-facing text carried in both languages, so a job's status can be shown in either
//! without re-running it.

use crate::i18n::Lang;
use serde::Serialize;

/// A text in English and Chinese.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Text {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

impl Text {
    /// A text from its two translations.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The same text in both languages (module answers, numbers, names).
    pub fn same(s: impl Into<String>) -> Self {
        let s = s.into();
        Self {
            en: s.clone(),
            zh: s,
        }
    }

    /// Build both translations with the same function of the language.
    pub fn from_fn(f: impl Fn(Lang) -> String) -> Self {
        Self {
            en: f(Lang::En),
            zh: f(Lang::Zh),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.zh)
    }
}
