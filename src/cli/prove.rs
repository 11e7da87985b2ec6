//! `check --prove`: what to prove from a profile (the `[mqtt]` delivery proof, the `[http]`
//! comparison), and its lines of output.

use super::check::CheckArgs;
use super::common::CliError;
use crate::at::mqtt::MqttState;
use crate::at::{Answer, Command};
use crate::profile::LoadedProfile;
use crate::profile::health::{HealthStep, StepResult};
use crate::profile::runner::{ApplyOptions, JobState, apply_blocking};
use crate::proof::{HttpComparison, ProofReport, ProofSettings};
use crate::sim::online::HttpParams;
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
pub fn usable(l: &LoadedProfile) -> Result<(), CliError> {
    if l.profile.mqtt.is_none() && l.profile.http.is_none() {
        return Err(CliError::Usage(
            "--prove needs a profile with an [mqtt] section (host, port, client_id) or an [http] section (url)".into(),
        ));
    }
    Ok(())
}

/// What to prove from the profile; a module not yet connected to the profile's broker, or not
/// holding its HTTP URL, gets the profile applied first.
pub fn settings(a: &CheckArgs, l: &LoadedProfile, client: &mut Client) -> Result<Plan, CliError> {
    usable(l)?;
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
        eprintln!(
            "ct11-configurator: the module does not hold the profile's {} yet: applying the profile first",
            if mqtt_missing {
                "broker connection"
            } else {
                "HTTP request"
            }
        );
        let st = apply_blocking(client, p.clone(), l.certs.clone(), ApplyOptions::default());
        if st.state != JobState::Done {
            eprintln!(
                "ct11-configurator: warning: applying the profile did not finish cleanly ({:?})",
                st.state
            );
        }
    }
    let imei = match client.run(Command::Imei).map(|o| o.result) {
        Ok(Ok(Answer::Imei(i))) => i,
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
pub fn print(o: &Outcome) {
    if let Some(p) = &o.mqtt {
        for (name, d) in [
            ("module -> broker -> PC", &p.module_to_pc),
            ("PC -> broker -> module", &p.pc_to_module),
        ] {
            match (d.delivered_ms, &d.cause) {
                (Some(ms), _) => println!("✓ Proof {name:<24} delivered in {ms} ms ({})", d.topic),
                (None, Some(c)) => {
                    println!("✗ Proof {name:<24} NOT delivered ({})", d.topic);
                    println!("  → {}", c.text().en());
                }
                (None, None) => println!("✗ Proof {name:<24} NOT delivered ({})", d.topic),
            }
        }
    }
    if let Some(c) = &o.http {
        let status = |s: Option<u16>| s.map_or("no answer".to_string(), |s| s.to_string());
        println!(
            "{} Proof {:<24} module {}, PC {}: {}",
            if c.ok() { "✓" } else { "✗" },
            "HTTP module vs PC",
            status(c.module_status),
            status(c.pc_status),
            if c.ok() { "same" } else { "DIFFERENT" }
        );
        if !c.ok() {
            println!("  → {}", c.text().en());
        }
    }
}

/// One sentence per failed direction or comparison.
pub fn failures(o: &Outcome) -> Vec<String> {
    let mut out: Vec<String> = o
        .mqtt
        .iter()
        .flat_map(|p| [&p.module_to_pc, &p.pc_to_module])
        .filter(|d| !d.ok())
        .map(|d| {
            let why = d.cause.as_ref().map(|c| c.text().en()).unwrap_or_default();
            format!("delivery {:?} not proven: {why}", d.direction)
        })
        .collect();
    if let Some(c) = o.http.as_ref().filter(|c| !c.ok()) {
        out.push(format!(
            "the module's HTTP answer differs from this computer's: {}",
            c.text().en()
        ));
    }
    out
}
