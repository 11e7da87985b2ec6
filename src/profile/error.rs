//! What is wrong with a profile: the file, the line, the key, and what to fix, in both languages.

use super::placeholders::PlaceholderError;
use super::text::Text;
use crate::at::ValidationError;
use crate::i18n::Lang;
use std::path::Path;

/// The kind of problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not valid TOML, an unknown key, or a value of the wrong type (the `toml` crate's words).
    Syntax(String),
    /// A value the module does not accept (the same check the forms use).
    Value(ValidationError),
    /// A placeholder that is unknown or cannot be filled.
    Placeholder(PlaceholderError),
    /// A certificate file that is missing, too large, or not PEM text.
    Certificate(Text),
    /// A combination of keys that does not work (e.g. `mode = "tcp"` without `[pairing.tcp]`).
    Rule(Text),
    /// The file could not be read or written.
    Io(String),
}

/// One problem in a profile.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub struct ProfileError {
    /// The profile file, when the profile came from one.
    /// (Boxed: keeps the error under clippy's 128-byte `result_large_err` bound on every
    /// system; a `PathBuf` is 8 bytes larger on Windows.)
    pub file: Option<Box<Path>>,
    /// 1-based line of the key, when known.
    pub line: Option<usize>,
    /// The TOML key path, e.g. `mqtt.password` or `mqtt.subscriptions[1].topic`.
    pub key: String,
    pub kind: ErrorKind,
}

impl ProfileError {
    /// A problem at `key` (file and line are filled in by the loader).
    pub fn new(key: impl Into<String>, kind: ErrorKind) -> Self {
        Self {
            file: None,
            line: None,
            key: key.into(),
            kind,
        }
    }

    /// What is wrong and what to fix, without the location.
    pub fn reason(&self, lang: Lang) -> String {
        match &self.kind {
            ErrorKind::Syntax(s) => s.clone(),
            ErrorKind::Value(v) => v.message(lang),
            ErrorKind::Placeholder(p) => p.text().get(lang).to_string(),
            ErrorKind::Certificate(t) | ErrorKind::Rule(t) => t.get(lang).to_string(),
            ErrorKind::Io(e) => crate::tr!(lang, "profile-error-cannot-access-the-file", error = e),
        }
    }

    /// `file:line: key: what is wrong and what to fix`.
    pub fn message(&self, lang: Lang) -> String {
        let reason = self.reason(lang);
        let what = if self.key.is_empty() {
            reason
        } else {
            crate::tr!(
                lang,
                "profile-error-field",
                field = &self.key,
                problem = &reason
            )
        };
        // `file:line:` is the compilers' location, the same in every language.
        match (&self.file, self.line) {
            (Some(f), Some(l)) => format!("{}:{l}: {what}", f.display()),
            (Some(f), None) => format!("{}: {what}", f.display()),
            (None, Some(l)) => crate::tr!(lang, "profile-error-line", line = &l, problem = &what),
            (None, None) => what,
        }
    }
}

/// Several problems, one per line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub struct ProfileErrors(pub Vec<ProfileError>);

impl ProfileErrors {
    /// Every problem, one per line.
    pub fn message(&self, lang: Lang) -> String {
        self.0
            .iter()
            .map(|e| e.message(lang))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The keys that have problems.
    pub fn keys(&self) -> Vec<&str> {
        self.0.iter().map(|e| e.key.as_str()).collect()
    }
}

#[cfg(test)]
mod size {
    /// Profile errors travel in `Result`s everywhere: clippy (`result_large_err`) refuses one
    /// over 128 bytes, on every system the release workflow lints.
    #[test]
    fn a_profile_error_stays_small() {
        assert!(std::mem::size_of::<super::ProfileError>() < 128);
    }
}
