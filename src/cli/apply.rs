//! `apply`: apply a profile file to a module as one job, optionally proving it by reading every
//! setting back. The whole profile is checked before the first byte is sent.

use super::common::{self, CliError};
use crate::i18n::Lang;
use crate::profile::runner::{ApplyOptions, JobState, JobStatus, StepState, apply_blocking};
use crate::profile::{ProfileErrors, load};
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
}

/// The profile's problems as one message (file:line: key: what to fix, one per line).
pub fn profile_error(e: &ProfileErrors) -> CliError {
    let text = format!(
        "the profile has {} problem(s); nothing was sent:\n{}",
        e.0.len(),
        e.message(Lang::En)
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

/// The problems as JSON objects.
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
    let loaded = match load(&a.profile) {
        Ok(l) => l,
        Err(e) => {
            if a.json {
                let out = json!({ "ok": false, "sent": false, "errors": errors_json(&e) });
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            }
            return Err(profile_error(&e));
        }
    };
    for (key, w) in &loaded.warnings {
        eprintln!("note: {key}: {}", w.en());
    }
    let mut client = common::connect(&a.port, a.baud)?;
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
        print_steps(&st);
    }
    outcome(&st)
}

/// Print the step list and the verify diff.
fn print_steps(st: &JobStatus) {
    for s in &st.steps {
        let answer = if s.answer.en().is_empty() {
            String::new()
        } else {
            format!("  → {}", s.answer.en())
        };
        println!(
            "{} {:<34} {}{answer}",
            s.state.mark(),
            s.title.en(),
            s.preview
        );
    }
    if !st.diff.is_empty() {
        println!();
        println!("{:<32} {:<28} {:<28}", "Field", "Expected", "Found");
        for d in &st.diff {
            println!(
                "{:<32} {:<28} {:<28} {}",
                d.key,
                d.expected,
                d.found,
                if d.ok { "✓" } else { "✗ MISMATCH" }
            );
        }
    }
    for r in &st.live {
        println!("live: {}", r.sentence(Lang::En));
    }
}

/// The exit status of a finished job; mismatches are named on stderr, one per line.
fn outcome(st: &JobStatus) -> Result<(), CliError> {
    let why = st.message.as_ref().map(|m| m.en()).unwrap_or_default();
    match st.state {
        JobState::Done => Ok(()),
        _ if !st.errors.is_empty() => Err(CliError::Usage(format!(
            "{why}\n{}",
            st.errors
                .iter()
                .map(|e| e.message(Lang::En))
                .collect::<Vec<_>>()
                .join("\n")
        ))),
        _ if st.diff.iter().any(|d| !d.ok) => {
            for d in st.diff.iter().filter(|d| !d.ok) {
                eprintln!(
                    "mismatch: {}: the profile sets {}, but the module holds {}",
                    d.key,
                    shown(&d.expected),
                    shown(&d.found)
                );
            }
            Err(CliError::Failed(why))
        }
        _ if st.steps.iter().any(|s| s.state == StepState::Failed) => Err(CliError::Module(why)),
        _ => Err(CliError::Failed(why)),
    }
}

fn shown(s: &str) -> String {
    if s.is_empty() {
        "(empty)".into()
    } else {
        format!("`{s}`")
    }
}
