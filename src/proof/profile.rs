//! The proof's settings from a profile (`[mqtt]` and its CA file), and each direction's result
//! in words: shared by the command line, the installation report and the batch.

use std::time::Duration;

use super::{Broker, Direction, DirectionResult, ProofReport, ProofSettings};
use crate::profile::check::Certs;
use crate::profile::schema::{HttpSection, MqttSection};
use crate::profile::text::Text;
use crate::sim::online::HttpParams;
use crate::sim::online::tls::TlsCheck;

/// The proof's settings for a module applied from `m` (with the CA from `certs`): the broker as
/// the profile names it, the same TLS check, the profile's user and password, and by default the
/// profile's first subscription (placeholders filled for `imei`) as the PC → module topic.
pub fn settings_from_profile(
    m: &MqttSection,
    certs: &Certs,
    imei: &str,
    up_topic: Option<String>,
    down_topic: Option<String>,
    step_timeout: Duration,
) -> ProofSettings {
    let tls = match (&certs.mqtt_ca, m.tls) {
        (_, Some(false)) => None,
        (Some(ca), _) => Some(TlsCheck::Ca(ca.clone())),
        (None, Some(true)) => Some(TlsCheck::NoVerify),
        (None, None) => None,
    };
    let down_topic = down_topic.or_else(|| {
        let id = crate::profile::Identity {
            imei: imei.to_string(),
            iccid: None,
            firmware: String::new(),
        };
        m.subscriptions
            .first()
            .map(|s| crate::profile::placeholders::fill(&s.topic, &id).unwrap_or(s.topic.clone()))
    });
    ProofSettings {
        broker: Broker {
            host: m.host.clone(),
            port: m.port,
            tls,
            username: m.username.clone(),
            password: m.password.clone().unwrap_or_default(),
        },
        imei: imei.to_string(),
        up_topic,
        down_topic,
        step_timeout,
    }
}

impl Direction {
    /// The direction's name.
    pub fn title(self) -> Text {
        match self {
            Direction::ModuleToPc => Text::key("proof-profile-module-broker-this-computer"),
            Direction::PcToModule => Text::key("proof-profile-this-computer-broker-module"),
        }
    }
}

impl DirectionResult {
    /// "delivered in 12 ms", or "not delivered: " and the cause.
    pub fn words(&self) -> Text {
        match self.delivered_ms {
            Some(ms) => crate::text!("proof-profile-delivered-in-ms", ms = &ms),
            None => {
                let why = self.cause.as_ref().map(|c| c.text()).unwrap_or_default();
                crate::text!("proof-profile-not-delivered", why = why)
            }
        }
    }
}

impl ProofReport {
    /// Both directions, in the order the proof runs them.
    pub fn directions(&self) -> [&DirectionResult; 2] {
        [&self.module_to_pc, &self.pc_to_module]
    }

    /// One line: each direction and its result.
    pub fn summary(&self) -> Text {
        let [first, second] = self.directions();
        crate::text!(
            "proof-profile-summary",
            first = first.direction.title(),
            first_result = first.words(),
            second = second.direction.title(),
            second_result = second.words()
        )
    }
}

/// The request the module makes for the profile's `[http]` section (`GET`, its URL, port and
/// headers), as this computer makes it: HTTPS checked against the profile's CA when it names
/// one, unchecked otherwise (as the module does).
pub fn http_from_profile(h: &HttpSection, certs: &Certs) -> HttpParams {
    let tls = crate::sim::online::http::tls_for(
        h.https,
        certs.http_ca.is_some(),
        certs.http_ca.as_deref().map(|ca| (ca, true)),
    );
    HttpParams {
        method: "GET".into(),
        url: h.url.clone(),
        port: h.port,
        tls,
        headers: h
            .headers
            .iter()
            .map(|x| (x.name.clone(), x.value.clone()))
            .collect(),
        body: Vec::new(),
    }
}
