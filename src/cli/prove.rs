//! `check --prove`: the delivery proof's settings from a profile, and its lines of output.

use super::check::CheckArgs;
use super::common::CliError;
use crate::at::mqtt::MqttState;
use crate::at::{Answer, Command};
use crate::profile::LoadedProfile;
use crate::profile::runner::{ApplyOptions, JobState, apply_blocking};
use crate::proof::{Broker, ProofReport, ProofSettings};
use crate::sim::online::tls::TlsCheck;
use crate::worker::Client;
use std::time::Duration;

/// The proof's settings from the profile's `[mqtt]` section; a module not yet connected to the
/// broker gets the profile applied first.
pub fn settings(
    a: &CheckArgs,
    l: &LoadedProfile,
    client: &mut Client,
) -> Result<ProofSettings, CliError> {
    let Some(m) = &l.profile.mqtt else {
        return Err(CliError::Usage(
            "--prove needs a profile with an [mqtt] section (host, port, client_id)".into(),
        ));
    };
    let connected = matches!(
        client.run(Command::MqttState).map(|o| o.result),
        Ok(Ok(Answer::MqttState(MqttState::Connected)))
    );
    if !connected {
        eprintln!(
            "ct11-configurator: the module is not connected to the broker: applying the profile first"
        );
        let st = apply_blocking(
            client,
            l.profile.clone(),
            l.certs.clone(),
            ApplyOptions::default(),
        );
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
    let tls = match (&l.certs.mqtt_ca, m.tls) {
        (_, Some(false)) => None,
        (Some(ca), _) => Some(TlsCheck::Ca(ca.clone())),
        (None, Some(true)) => Some(TlsCheck::NoVerify),
        (None, None) => None,
    };
    Ok(ProofSettings {
        broker: Broker {
            host: m.host.clone(),
            port: m.port,
            tls,
            username: m.username.clone(),
            password: m.password.clone().unwrap_or_default(),
        },
        imei: imei.clone(),
        up_topic: a.up_topic.clone(),
        down_topic: a.down_topic.clone().or_else(|| {
            // The profile's first subscription, with its placeholders filled as applied.
            let id = crate::profile::Identity {
                imei: imei.clone(),
                iccid: None,
                firmware: String::new(),
            };
            m.subscriptions.first().map(|s| {
                crate::profile::placeholders::fill(&s.topic, &id).unwrap_or(s.topic.clone())
            })
        }),
        step_timeout: Duration::from_secs(a.proof_timeout.max(1)),
    })
}

/// The proof as lines of text.
pub fn print(p: &ProofReport) {
    for (name, d) in [
        ("module -> broker -> PC", &p.module_to_pc),
        ("PC -> broker -> module", &p.pc_to_module),
    ] {
        match (d.delivered_ms, &d.cause) {
            (Some(ms), _) => println!("✓ Proof {name:<24} delivered in {ms} ms ({})", d.topic),
            (None, Some(c)) => {
                println!("✗ Proof {name:<24} NOT delivered ({})", d.topic);
                println!("  → {}", c.text().en);
            }
            (None, None) => println!("✗ Proof {name:<24} NOT delivered ({})", d.topic),
        }
    }
}

/// One sentence per failed direction.
pub fn failures(p: &ProofReport) -> Vec<String> {
    [&p.module_to_pc, &p.pc_to_module]
        .into_iter()
        .filter(|d| !d.ok())
        .map(|d| {
            let why = d.cause.as_ref().map(|c| c.text().en).unwrap_or_default();
            format!("delivery {:?} not proven: {why}", d.direction)
        })
        .collect()
}
