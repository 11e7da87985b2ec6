//! `apply`: apply a profile file to a module as one job, optionally proving it by reading every
//! setting back. The whole profile is checked before the first byte is sent.

use super::common::{self, CliError};
use crate::i18n::Lang;
use crate::profile::runner::{ApplyOptions, JobState, JobStatus, StepState, apply_blocking};
use crate::profile::{ProfileErrors, load};
use crate::tr;
use serde_json::json;
use std::path::PathBuf;
use std::time::Duration;

/// Apply a profile (TOML) to the module.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Exit codes: 0 applied (and verified); 2 bad profile, nothing sent; 3 port; 4 the module refused a step; 6 verify found a mismatch."
)]
pub struct ApplyArgs {
    /// Serial port (a path, `auto` for the only port, `sim` for the simulated module, or `sim-online` for the simulated module making real connections from this computer).
    #[arg(long)]
    pub port: String,
    /// Baud rate, or `auto` to detect it.
    #[arg(long, default_value = "115200", value_parser = common::parse_baud)]
    pub baud: common::Baud,
    /// The profile file, e.g. `site-a.toml`.
    pub profile: PathBuf,
    /// Read every applied setting back and compare; any difference fails, naming the field.
    #[arg(long)]
    pub verify: bool,
    /// After verifying, also check registration, signal and the MQTT connection (reported,
    /// not failing).
    #[arg(long, requires = "verify")]
    pub live: bool,
    /// Longest wait for the module to connect to the MQTT broker, in seconds.
    #[arg(long, default_value_t = 60)]
    pub mqtt_timeout: u64,
    /// Print one JSON object instead of the step list.
    #[arg(long)]
    pub json: bool,
    /// The global `--lang`.
    #[arg(from_global)]
    pub lang: Option<Lang>,
}

/// The profile's problems as one message (file:line: key: what to fix, one per line).
pub fn profile_error(e: &ProfileErrors, lang: Lang) -> CliError {
    let problems = e.message(lang);
    let text = tr!(
        lang,
        "cli-apply-profile-problems",
        count = &e.0.len(),
        problems = &problems
    );
    let io =
        e.0.iter()
            .all(|x| matches!(x.kind, crate::profile::ErrorKind::Io(_)));
    if io {
        CliError::File(text)
    } else {
        CliError::Usage(text)
    }
}

/// The problems as JSON objects (English, like all `--json` output).
pub fn errors_json(e: &ProfileErrors) -> serde_json::Value {
    e.0.iter()
        .map(|x| {
            json!({
                "file": x.file.as_ref().map(|f| f.display().to_string()),
                "line": x.line,
                "key": x.key,
                "message": x.reason(Lang::En),
            })
        })
        .collect()
}

pub fn run(a: &ApplyArgs) -> Result<(), CliError> {
    let lang = super::lang(a.lang);
    let loaded = match load(&a.profile) {
        Ok(l) => l,
        Err(e) => {
            if a.json {
                let out = json!({ "ok": false, "sent": false, "errors": errors_json(&e) });
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            }
            return Err(profile_error(&e, lang));
        }
    };
    for (key, w) in &loaded.warnings {
        let note = w.get(lang);
        eprintln!("{}", tr!(lang, "cli-apply-note", key = key, note = &note));
    }
    let mut client = common::connect(&a.port, a.baud, lang)?;
    let opts = ApplyOptions {
        verify: a.verify,
        live_checks: a.live,
        live_checks_must_pass: false,
        mqtt_connect_timeout: Duration::from_secs(a.mqtt_timeout.max(1)),
        ..ApplyOptions::default()
    };
    let st = apply_blocking(&mut client, loaded.profile, loaded.certs, opts);
    if a.json {
        let mut v = serde_json::to_value(&st).map_err(|e| CliError::File(e.to_string()))?;
        if let Some(o) = v.as_object_mut() {
            o.insert("ok".into(), json!(st.state == JobState::Done));
            o.insert("mismatched_fields".into(), json!(st.mismatched_fields()));
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| CliError::File(e.to_string()))?
        );
    } else {
        print_steps(&st, lang);
    }
    outcome(&st, lang)
}

/// Print the step list and the verify diff.
fn print_steps(st: &JobStatus, lang: Lang) {
    for s in &st.steps {
        let answer = s.answer.get(lang);
        let answer = if answer.is_empty() {
            String::new()
        } else {
            format!("  → {answer}")
        };
        println!(
            "{} {} {}{answer}",
            s.state.mark(),
            common::pad(&s.title.get(lang), 34),
            s.preview
        );
    }
    if !st.diff.is_empty() {
        println!();
        println!(
            "{} {} {}",
            common::pad(lang.tr("cli-apply-field"), 32),
            common::pad(lang.tr("cli-apply-expected"), 28),
            common::pad(lang.tr("cli-apply-found"), 28)
        );
        for d in &st.diff {
            println!(
                "{} {} {} {}",
                common::pad(&d.key, 32),
                common::pad(&d.expected, 28),
                common::pad(&d.found_words(lang), 28),
                if d.ok {
                    "✓"
                } else {
                    lang.tr("cli-apply-mismatch")
                }
            );
        }
    }
    for r in &st.live {
        let sentence = r.sentence(lang);
        println!("{}", tr!(lang, "cli-apply-live", sentence = &sentence));
    }
}

/// The exit status of a finished job; mismatches are named on stderr, one per line.
fn outcome(st: &JobStatus, lang: Lang) -> Result<(), CliError> {
    let why = st
        .message
        .as_ref()
        .map(|m| m.get(lang).into_owned())
        .unwrap_or_default();
    match st.state {
        JobState::Done => Ok(()),
        _ if !st.errors.is_empty() => Err(CliError::Usage(format!(
            "{why}\n{}",
            st.errors
                .iter()
                .map(|e| e.message(lang))
                .collect::<Vec<_>>()
                .join("\n")
        ))),
        _ if st.diff.iter().any(|d| !d.ok) => {
            for d in st.diff.iter().filter(|d| !d.ok) {
                let (expected, found) = (shown(&d.expected, lang), shown(&d.found, lang));
                let line = tr!(
                    lang,
                    "cli-apply-mismatch-line",
                    key = &d.key,
                    expected = &expected,
                    found = &found
                );
                eprintln!("{line}");
            }
            Err(CliError::Failed(why))
        }
        _ if st.steps.iter().any(|s| s.state == StepState::Failed) => Err(CliError::Module(why)),
        _ => Err(CliError::Failed(why)),
    }
}

/// A value as the mismatch line shows it: in backquotes, or a word for nothing.
fn shown(s: &str, lang: Lang) -> String {
    if s.is_empty() {
        lang.tr("cli-apply-empty").into()
    } else {
        format!("`{s}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_problems_are_counted_in_every_language() {
        let missing = std::path::Path::new("/nonexistent/site.toml");
        let Err(errors) = load(missing) else {
            panic!("loaded a missing file")
        };
        let en = profile_error(&errors, Lang::En);
        assert!(
            en.to_string().starts_with(
                "the profile has 1 problem(s); nothing was sent:\n/nonexistent/site.toml: "
            ),
            "{en}"
        );
        assert_eq!(en.exit_code(), 5, "a file that cannot be read");
        let zh = profile_error(&errors, Lang::Zh).to_string();
        assert!(
            zh.starts_with("配置文件有 1 处问题，未发送任何内容：\n/nonexistent/site.toml"),
            "{zh}"
        );
        let hant = profile_error(&errors, Lang::ZhHant).to_string();
        assert!(
            hant.starts_with("設定檔有 1 處問題，未傳送任何內容：\n/nonexistent/site.toml"),
            "{hant}"
        );
    }

    #[test]
    fn an_empty_value_is_a_word() {
        assert_eq!(shown("", Lang::En), "(empty)");
        assert_eq!(shown("", Lang::ZhHant), "（空）");
        assert_eq!(shown("60", Lang::Zh), "`60`");
    }
}
