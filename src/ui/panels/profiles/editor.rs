//! The profile being edited: its TOML text, validated as the user types with the loader's own
//! checks (file, line, key and what to fix). The MQTT password lives in a masked field beside the
//! text, never in the visible text.

use crate::i18n::Lang;
use crate::profile::load::{self, LoadedProfile};
use crate::profile::{ErrorKind, Profile, ProfileError, ProfileErrors, check};
use std::path::{Path, PathBuf};

/// The editor's state.
#[derive(Default)]
pub struct Editor {
    /// The TOML text (without the password).
    pub text: String,
    /// The MQTT password; replaces any `password` in the text when not empty.
    pub password: String,
    pub show_password: bool,
    /// The file it came from (certificate paths are relative to it).
    pub path: Option<PathBuf>,
    /// What `text` and `password` were when last checked.
    checked: Option<(String, String, Option<PathBuf>)>,
    result: Option<Result<LoadedProfile, ProfileErrors>>,
}

impl Editor {
    /// Load a file's text (the password moves into the masked field).
    pub fn load_text(&mut self, path: Option<PathBuf>, text: String) {
        self.path = path;
        self.password.clear();
        self.text = text;
        let base = self.base();
        if let Ok(l) = load::parse(&self.text, self.path.as_deref(), &base)
            && let Some(pw) = l.profile.mqtt.as_ref().and_then(|m| m.password.clone())
            && let Some(line) = load::line_of_key(&self.text, "mqtt.password")
        {
            let lines: Vec<&str> = self.text.lines().collect();
            if lines
                .get(line - 1)
                .is_some_and(|l| l.trim_start().starts_with("password"))
            {
                let mut kept: Vec<&str> = lines.clone();
                kept.remove(line - 1);
                self.text = kept.join("\n") + "\n";
                self.password = pw;
            }
        }
        self.checked = None;
    }

    /// Show a profile (read from the module or from the forms).
    pub fn load_profile(&mut self, p: &Profile) {
        self.password = p
            .mqtt
            .as_ref()
            .and_then(|m| m.password.clone())
            .unwrap_or_default();
        self.text = load::to_toml(p, false).unwrap_or_default();
        self.checked = None;
    }

    /// The folder certificate paths are relative to: the file's, or the current directory.
    pub fn base(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Check again if the text or password changed (cheap otherwise).
    pub fn validate(&mut self) {
        let key = (self.text.clone(), self.password.clone(), self.path.clone());
        if self.checked.as_ref() == Some(&key) {
            return;
        }
        let base = self.base();
        let mut r = load::parse(&self.text, self.path.as_deref(), &base);
        if let Ok(l) = &mut r
            && !self.password.is_empty()
        {
            match &mut l.profile.mqtt {
                Some(m) => {
                    m.password = Some(self.password.clone());
                    // The advice about a missing password no longer holds.
                    l.warnings = check::warnings(&l.profile);
                    if let Err(errs) = check::check_unfilled(&l.profile, &l.certs) {
                        r = Err(ProfileErrors(errs));
                    }
                }
                None => {
                    r = Err(ProfileErrors(vec![ProfileError::new(
                        "mqtt.password",
                        ErrorKind::Rule(crate::profile::Text::key(
                            "profiles-editor-a-password-is-set-but-the-profile-has",
                        )),
                    )]));
                }
            }
        }
        self.result = Some(r);
        self.checked = Some(key);
    }

    /// The checked profile, if the text is valid.
    pub fn loaded(&self) -> Option<&LoadedProfile> {
        self.result.as_ref().and_then(|r| r.as_ref().ok())
    }

    /// The problems, if the text is not valid.
    pub fn errors(&self) -> Option<&ProfileErrors> {
        self.result.as_ref().and_then(|r| r.as_ref().err())
    }

    /// Whether the profile sets nothing at all.
    pub fn is_empty(&self) -> bool {
        self.loaded()
            .is_none_or(|l| l.profile == Profile::default())
    }

    /// The validation status in words.
    pub fn status(&self, lang: Lang) -> (bool, String) {
        match (&self.result, self.is_empty()) {
            (Some(Err(e)), _) => (
                false,
                crate::tr!(
                    lang,
                    "profiles-editor-problem-s-fix-them-to-apply",
                    n = e.0.len()
                ),
            ),
            (_, true) => (
                false,
                lang.tr("profiles-editor-empty-open-a-profile-read-one-from")
                    .into(),
            ),
            _ => (true, lang.tr("profiles-editor-valid-profile").into()),
        }
    }
}
