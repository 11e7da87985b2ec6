//! `check`: the installer's health check, SIM → registration → signal → data → broker, each
//! step with a verdict in plain words and what to do.

use super::apply::{errors_json, profile_error};
use super::common::{self, CliError};
use crate::i18n::Lang;
use crate::profile::health::{self, HealthOptions, Verdict};
use crate::profile::load;
use serde_json::json;
use std::path::PathBuf;

/// Run the health check.
#[derive(clap::Args, Debug)]
#[command(after_help = "Exit codes: 0 no step failed (warnings allowed); 6 a step failed.")]
pub struct CheckArgs {
    /// Serial port (a path, `auto` for the only port, `sim` for the simulated module, or `sim-online` for the simulated module making real connections from this computer).
    #[arg(long)]
    pub port: String,
    /// Baud rate, or `auto` to detect it.
    #[arg(long, default_value = "115200", value_parser = common::parse_baud)]
    pub baud: common::Baud,
    /// A profile whose `[network]` section names the NTP server or ping host for the data test.
    #[arg(long)]
    pub profile: Option<PathBuf>,
    /// Prove data by pinging this host instead of syncing the clock by NTP.
    #[arg(long)]
    pub ping: Option<String>,
    /// Skip the MQTT broker step.
    #[arg(long)]
    pub no_broker: bool,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// A verdict as one mark.
pub fn mark(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "✓",
        Verdict::Warn => "!",
        Verdict::Fail => "✗",
        Verdict::Skipped => "–",
        Verdict::Pending | Verdict::Running => "·",
    }
}

pub fn run(a: &CheckArgs) -> Result<(), CliError> {
    let mut opts = match &a.profile {
        Some(p) => match load(p) {
            Ok(l) => HealthOptions::from_profile(&l.profile),
            Err(e) => {
                if a.json {
                    let out = json!({ "ok": false, "errors": errors_json(&e) });
                    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
                }
                return Err(profile_error(&e));
            }
        },
        None => HealthOptions::default(),
    };
    if let Some(h) = &a.ping {
        opts.ping_host = Some(h.clone());
    }
    opts.check_broker = !a.no_broker;
    let mut client = common::connect(&a.port, a.baud)?;
    let results = health::check_blocking(&mut client, opts);
    let overall = health::overall(&results);
    if a.json {
        let out = json!({
            "ok": overall != Verdict::Fail,
            "overall": overall,
            "steps": results,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| CliError::File(e.to_string()))?
        );
    } else {
        for r in &results {
            println!(
                "{} {:<22} {:<8} {}",
                mark(r.verdict),
                r.step.title(Lang::En),
                r.verdict.words(Lang::En),
                r.summary.en
            );
            if !r.advice.en.is_empty() {
                println!("  → {}", r.advice.en);
            }
        }
        println!();
        println!("Overall: {}", overall.words(Lang::En).to_uppercase());
    }
    match overall {
        Verdict::Fail => {
            let failed: Vec<String> = results
                .iter()
                .filter(|r| r.verdict == Verdict::Fail)
                .map(|r| r.sentence(Lang::En))
                .collect();
            Err(CliError::Failed(format!(
                "the health check failed: {}",
                failed.join("; ")
            )))
        }
        Verdict::Running | Verdict::Pending => Err(CliError::Port(
            "the check did not finish: the module stopped answering".into(),
        )),
        _ => Ok(()),
    }
}
