//! `check --prove`: what to prove from a profile (the `[mqtt]` delivery proof, the `[http]`
//! comparison), and its lines of output.

use super::check::CheckArgs;
use super::common::{self, CliError};
use crate::at::mqtt::MqttState;
use crate::at::{Answer, Command};
use crate::i18n::Lang;
use crate::profile::LoadedProfile;
use crate::profile::health::{HealthStep, StepResult};
use crate::profile::runner::{ApplyOptions, JobState, apply_blocking};
use crate::proof::{Direction, HttpComparison, ProofReport, ProofSettings};
use crate::sim::online::HttpParams;
use crate::tr;
use crate::worker::Client;
use std::time::Duration;

/// What `--prove` checks.
pub struct Plan {
    /// The delivery proof (the profile has `[mqtt]`).
    pub mqtt: Option<ProofSettings>,
    /// The HTTP comparison (the profile has `[http]`).
    pub http: Option<HttpParams>,
    /// The longest any one step may take.
    pub timeout: Duration,
}

/// What `--prove` found.
pub struct Outcome {
    pub mqtt: Option<ProofReport>,
    pub http: Option<HttpComparison>,
}

impl Outcome {
    /// Every direction delivered and the module's HTTP answer matches this computer's.
    pub fn ok(&self) -> bool {
        self.mqtt.as_ref().is_none_or(ProofReport::ok)
            && self.http.as_ref().is_none_or(HttpComparison::ok)
    }
}

/// Whether the profile has something to prove (checked before the port is opened).
pub fn usable(l: &LoadedProfile, lang: Lang) -> Result<(), CliError> {
    if l.profile.mqtt.is_none() && l.profile.http.is_none() {
        return Err(CliError::Usage(
            lang.tr("cli-prove-needs-mqtt-or-http").into(),
        ));
    }
    Ok(())
}

/// What to prove from the profile; a module not yet connected to the profile's broker, or not
/// holding its HTTP URL, gets the profile applied first.
pub fn settings(a: &CheckArgs, l: &LoadedProfile, client: &mut Client) -> Result<Plan, CliError> {
    let lang = super::lang(a.lang);
    usable(l, lang)?;
    let p = &l.profile;
    let mqtt_missing = p.mqtt.is_some()
        && !matches!(
            client.run(Command::MqttState).map(|o| o.result),
            Ok(Ok(Answer::MqttState(MqttState::Connected)))
        );
    let http_missing = p.http.as_ref().is_some_and(|h| {
        !matches!(
            client.run(Command::HttpTargetQuery).map(|o| o.result),
            Ok(Ok(Answer::HttpTarget(t))) if t.url == h.url && t.port == h.port
        )
    });
    if mqtt_missing || http_missing {
        let applying = if mqtt_missing {
            lang.tr("cli-prove-applying-for-the-broker")
        } else {
            lang.tr("cli-prove-applying-for-the-http-request")
        };
        eprintln!("ct11-configurator: {applying}");
        let st = apply_blocking(client, p.clone(), l.certs.clone(), ApplyOptions::default());
        if st.state != JobState::Done {
            let state = format!("{:?}", st.state);
            let warning = tr!(lang, "cli-prove-apply-not-clean", state = &state);
            eprintln!("ct11-configurator: {warning}");
        }
    }
    let imei = match client.run(Command::Imei).map(|o| o.result) {
        Ok(Ok(Answer::Imei(i))) => i,
        // Part of the proof topics: not a word to translate.
        _ => "unknown".to_string(),
    };
    let timeout = Duration::from_secs(a.proof_timeout.max(1));
    Ok(Plan {
        mqtt: p.mqtt.as_ref().map(|m| {
            crate::proof::settings_from_profile(
                m,
                &l.certs,
                &imei,
                a.up_topic.clone(),
                a.down_topic.clone(),
                timeout,
            )
        }),
        http: p
            .http
            .as_ref()
            .map(|h| crate::proof::http_from_profile(h, &l.certs)),
        timeout,
    })
}

/// The delivery proof's report from the health check's proof step, then the HTTP comparison.
pub fn run(plan: &Plan, health: &[StepResult], client: &mut Client) -> Outcome {
    let mqtt = health
        .iter()
        .find(|r| r.step == HealthStep::Proof)
        .and_then(|r| r.proof.clone());
    let http = plan.http.as_ref().map(|h| {
        crate::proof::compare_http(client, crate::at::http::HttpMethod::Get, h, plan.timeout)
    });
    Outcome { mqtt, http }
}

/// The proof as lines of text.
pub fn print(o: &Outcome, lang: Lang) {
    if let Some(p) = &o.mqtt {
        for (name, d) in [
            (lang.tr("cli-prove-module-to-pc"), &p.module_to_pc),
            (lang.tr("cli-prove-pc-to-module"), &p.pc_to_module),
        ] {
            let direction = common::pad(name, 24);
            let topic = &d.topic;
            match d.delivered_ms {
                Some(ms) => println!(
                    "{}",
                    tr!(
                        lang,
                        "cli-prove-delivered",
                        direction = &direction,
                        ms = &ms,
                        topic = topic
                    )
                ),
                None => {
                    println!(
                        "{}",
                        tr!(
                            lang,
                            "cli-prove-not-delivered",
                            direction = &direction,
                            topic = topic
                        )
                    );
                    if let Some(c) = &d.cause {
                        println!("  → {}", c.text().get(lang));
                    }
                }
            }
        }
    }
    if let Some(c) = &o.http {
        let status = |s: Option<u16>| {
            s.map_or_else(
                || lang.tr("cli-prove-no-answer").to_string(),
                |s| s.to_string(),
            )
        };
        let (module, pc) = (status(c.module_status), status(c.pc_status));
        let name = common::pad(lang.tr("cli-prove-http-module-vs-pc"), 24);
        let line = if c.ok() {
            tr!(
                lang,
                "cli-prove-http-same",
                name = &name,
                module = &module,
                pc = &pc
            )
        } else {
            tr!(
                lang,
                "cli-prove-http-different",
                name = &name,
                module = &module,
                pc = &pc
            )
        };
        println!("{line}");
        if !c.ok() {
            println!("  → {}", c.text().get(lang));
        }
    }
}

/// One sentence per failed direction or comparison.
pub fn failures(o: &Outcome, lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = o
        .mqtt
        .iter()
        .flat_map(|p| [&p.module_to_pc, &p.pc_to_module])
        .filter(|d| !d.ok())
        .map(|d| {
            let reason = d
                .cause
                .as_ref()
                .map(|c| c.text().get(lang).into_owned())
                .unwrap_or_default();
            match d.direction {
                Direction::ModuleToPc => {
                    tr!(lang, "cli-prove-module-to-pc-not-proven", reason = &reason)
                }
                Direction::PcToModule => {
                    tr!(lang, "cli-prove-pc-to-module-not-proven", reason = &reason)
                }
            }
        })
        .collect();
    if let Some(c) = o.http.as_ref().filter(|c| !c.ok()) {
        let reason = c.text().get(lang).into_owned();
        out.push(tr!(lang, "cli-prove-http-differs", reason = &reason));
    }
    out
}
