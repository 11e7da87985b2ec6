//! `check`: the installer's health check, SIM → registration → signal → data → broker →
//! delivery proof (with `--prove`), each step with a verdict in plain words and what to do.

use super::apply::{errors_json, profile_error};
use super::common::{self, CliError};
use crate::i18n::Lang;
use crate::profile::health::{self, HealthOptions, Verdict};
use crate::profile::load;
use crate::tr;
use serde_json::json;
use std::path::PathBuf;

/// Run the health check.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "With --prove, this computer connects its own MQTT client to the profile's \
broker (same TLS settings, CA from the same file) and proves delivery both ways: module -> broker \
-> PC (the module publishes a fresh nonce) and PC -> broker -> module (the PC publishes one the \
module must print). When the profile has an [http] section, the module then makes its GET request \
(AT+HTTPACTION) and this computer makes the same one; their status and body are compared. A \
module not yet connected to the broker, or not holding the profile's URL, gets the profile \
applied first. The MQTT proof is the check's \"Delivery proof\" step (run also when the module \
failed to connect: it tells the module's side from the broker's); without --prove that step says \
\"Not requested\", and without a broker on the module \"No broker configured\". JSON: the step's \
`proof`, the top-level `proof` and `http`.\n\n\
Exit codes: 0 no step failed (warnings allowed); 6 a step or a proof direction failed, or the \
module's HTTP answer differs from this computer's."
)]
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
    /// Prove delivery from this computer, both directions, with the profile's `[mqtt]` broker,
    /// and compare the module's HTTP answer with this computer's for its `[http]` section.
    #[arg(long, requires = "profile")]
    pub prove: bool,
    /// Module -> PC topic for --prove (default `ct11/proof/<imei>/<nonce>`).
    #[arg(long, requires = "prove", value_name = "TOPIC")]
    pub up_topic: Option<String>,
    /// PC -> module topic for --prove (default: the profile's first subscription, else
    /// `ct11/proof/<imei>/<nonce>/down`, subscribed for the test and unsubscribed after).
    #[arg(long, requires = "prove", value_name = "TOPIC")]
    pub down_topic: Option<String>,
    /// Longest time any proof step may take, in seconds.
    #[arg(long, default_value = "10", requires = "prove", value_name = "SECONDS")]
    pub proof_timeout: u64,
    /// The global `--lang`.
    #[arg(from_global)]
    pub lang: Option<Lang>,
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
    let lang = super::lang(a.lang);
    let mut loaded = None;
    let mut opts = match &a.profile {
        Some(p) => match load(p) {
            Ok(l) => {
                let o = HealthOptions::from_profile(&l.profile);
                loaded = Some(l);
                o
            }
            Err(e) => {
                if a.json {
                    let out = json!({ "ok": false, "errors": errors_json(&e) });
                    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
                }
                return Err(profile_error(&e, lang));
            }
        },
        None => HealthOptions::default(),
    };
    if let Some(h) = &a.ping {
        opts.ping_host = Some(h.clone());
    }
    opts.check_broker = !a.no_broker;
    if a.prove
        && let Some(l) = &loaded
    {
        super::prove::usable(l, lang)?;
    }
    let mut client = common::connect(&a.port, a.baud, lang)?;
    let proof_settings = match (&loaded, a.prove) {
        (Some(l), true) => Some(super::prove::settings(a, l, &mut client)?),
        _ => None,
    };
    opts.prove = proof_settings.is_some();
    let results = health::check_blocking_proving(
        &mut client,
        opts,
        proof_settings.as_ref().and_then(|p| p.mqtt.as_ref()),
    );
    let mut overall = health::overall(&results);
    let proof = proof_settings.map(|plan| super::prove::run(&plan, &results, &mut client));
    if proof.as_ref().is_some_and(|p| !p.ok()) {
        overall = Verdict::Fail;
    }
    if a.json {
        let out = json!({
            "ok": overall != Verdict::Fail,
            "overall": overall,
            "steps": results,
            "proof": proof.as_ref().and_then(|p| p.mqtt.as_ref()),
            "http": proof.as_ref().and_then(|p| p.http.as_ref()),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| CliError::File(e.to_string()))?
        );
    } else {
        for r in &results {
            println!(
                "{} {} {} {}",
                mark(r.verdict),
                common::pad(r.step.title(lang), 22),
                common::pad(r.verdict.words(lang), 8),
                r.summary.get(lang)
            );
            let advice = r.advice.get(lang);
            if !advice.is_empty() {
                println!("  → {advice}");
            }
        }
        if let Some(p) = &proof {
            super::prove::print(p, lang);
        }
        println!();
        let verdict = overall.words(lang).to_uppercase();
        println!("{}", tr!(lang, "cli-check-overall", verdict = &verdict));
    }
    match overall {
        Verdict::Fail => {
            let mut failed: Vec<String> = results
                .iter()
                .filter(|r| r.verdict == Verdict::Fail)
                .map(|r| r.sentence(lang))
                .collect();
            if let Some(p) = &proof {
                failed.extend(super::prove::failures(p, lang));
            }
            let failures = failed
                .into_iter()
                .reduce(|list, item| {
                    tr!(lang, "cli-check-failure-list", list = &list, item = &item)
                })
                .unwrap_or_default();
            Err(CliError::Failed(tr!(
                lang,
                "cli-check-failed",
                failures = &failures
            )))
        }
        Verdict::Running | Verdict::Pending => {
            Err(CliError::Port(lang.tr("cli-check-did-not-finish").into()))
        }
        _ => Ok(()),
    }
}
