//! Validation of a whole profile with the protocol layer's own checks, each problem named by its
//! TOML key. What passes becomes [`Checked`] values, the only way into a command.

use super::error::{ErrorKind, ProfileError};
use super::placeholders::{self, Identity};
use super::schema::Profile;
use super::text::Text;
use crate::at::basic::{GpioConfig, UartConfig};
use crate::at::http::{Header, HttpCert, HttpTarget};
use crate::at::mqtt::{
    MAX_SUBSCRIPTIONS, MqttBroker, MqttCert, MqttClient, MqttSession, Subscription,
};
use crate::at::network::{NtpServer, PingRequest};
use crate::at::socket::{PairingMode, SimpleClient};
use crate::at::value::{Field, Problem};
use crate::at::{Checked, Validate, ValidationError};

/// Certificate bytes, loaded from the files a profile names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Certs {
    /// `mqtt.ca_cert`.
    pub mqtt_ca: Option<Vec<u8>>,
    /// `http.ca_cert`.
    pub http_ca: Option<Vec<u8>>,
}

/// The MQTT section, checked.
#[derive(Clone, Debug)]
pub struct CheckedMqtt {
    pub cert: Option<Checked<MqttCert>>,
    pub client: Checked<MqttClient>,
    pub session: Checked<MqttSession>,
    pub broker: Checked<MqttBroker>,
    pub subscriptions: Vec<Checked<Subscription>>,
}

/// The HTTP section, checked.
#[derive(Clone, Debug)]
pub struct CheckedHttp {
    pub target: Checked<HttpTarget>,
    pub headers: Vec<Checked<Header>>,
    pub cert: Option<Checked<HttpCert>>,
}

/// A whole profile, checked: every value can be sent.
#[derive(Clone, Debug)]
pub struct CheckedProfile {
    pub pairing: Option<PairingMode>,
    pub sleep: Option<super::schema::SleepMode>,
    pub gpio: Vec<Checked<GpioConfig>>,
    pub http: Option<CheckedHttp>,
    pub mqtt: Option<CheckedMqtt>,
    pub simple_client: Option<Checked<SimpleClient>>,
    pub uart: Option<Checked<UartConfig>>,
}

/// Check `value`, naming each problem's key with `key_of`.
fn checked<T: Validate>(
    value: T,
    errs: &mut Vec<ProfileError>,
    key_of: impl Fn(&ValidationError) -> String,
) -> Option<Checked<T>> {
    let problems = value.problems();
    if problems.is_empty() {
        return Checked::new(value).ok();
    }
    for p in problems {
        errs.push(ProfileError::new(key_of(&p), ErrorKind::Value(p)));
    }
    None
}

fn rule(key: &str, text: &'static str) -> ProfileError {
    ProfileError::new(key, ErrorKind::Rule(Text::key(text)))
}

/// Check a profile whose placeholders are already filled. Nothing partial comes out: either
/// every value passes, or every problem is listed.
pub fn check(p: &Profile, certs: &Certs) -> Result<CheckedProfile, Vec<ProfileError>> {
    let mut errs = Vec::new();
    let mut out = CheckedProfile {
        pairing: p.pairing_mode(),
        sleep: p.power.as_ref().map(|s| s.sleep),
        gpio: Vec::new(),
        http: None,
        mqtt: None,
        simple_client: None,
        uart: None,
    };

    let mut pins = Vec::new();
    for (i, g) in p.gpio.iter().enumerate() {
        if pins.contains(&g.pin) {
            errs.push(ProfileError::new(
                format!("gpio[{i}].pin"),
                ErrorKind::Rule(crate::text!("profile-check-pin-twice", pin = &g.pin)),
            ));
        }
        pins.push(g.pin);
        let key = |e: &ValidationError| match e.problem {
            Problem::Rule(..) => format!("gpio[{i}].pull"),
            _ => format!("gpio[{i}].pin"),
        };
        if let Some(c) = checked(g.config(), &mut errs, key) {
            out.gpio.push(c);
        }
    }

    if let Some(h) = &p.http {
        let target = checked(h.target(), &mut errs, |e| match e.problem {
            Problem::Rule(..) => "http.https".into(),
            _ => "http.url".into(),
        });
        let mut headers = Vec::new();
        for (i, hd) in h.headers().into_iter().enumerate() {
            let key = |e: &ValidationError| match e.field {
                Field::HeaderName => format!("http.headers[{i}].name"),
                _ => format!("http.headers[{i}].value"),
            };
            headers.extend(checked(hd, &mut errs, key));
        }
        let cert = match (h.uses_cert().then_some(()), &certs.http_ca) {
            (None, _) => None,
            (Some(()), None) => {
                errs.push(not_loaded("http.ca_cert"));
                None
            }
            (Some(()), Some(data)) => checked(
                HttpCert {
                    verify: true,
                    data: data.clone(),
                },
                &mut errs,
                |_| "http.ca_cert".into(),
            ),
        };
        if let Some(target) = target
            && headers.len() == h.headers.len()
        {
            out.http = Some(CheckedHttp {
                target,
                headers,
                cert,
            });
        }
    }

    if let Some(m) = &p.mqtt {
        let client = checked(m.client(), &mut errs, |e| {
            match e.field {
                Field::ClientId => "mqtt.client_id",
                Field::Username => "mqtt.username",
                Field::Password => "mqtt.password",
                Field::WillTopic => "mqtt.will.topic",
                Field::WillMessage => "mqtt.will.message",
                Field::WillQos => "mqtt.will.qos",
                _ => "mqtt",
            }
            .into()
        });
        let broker = checked(m.broker(), &mut errs, |_| "mqtt.host".into());
        let session = checked(m.session(), &mut errs, |_| "mqtt.keepalive_s".into());
        if m.subscriptions.len() > MAX_SUBSCRIPTIONS {
            errs.push(ProfileError::new(
                "mqtt.subscriptions",
                ErrorKind::Value(ValidationError::new(
                    Field::Topic,
                    Problem::Rule("profile-check-the-module-keeps-at-most-50"),
                )),
            ));
        }
        let mut subs = Vec::new();
        for (i, s) in m.subscriptions().into_iter().enumerate() {
            let key = |e: &ValidationError| match e.field {
                Field::Qos => format!("mqtt.subscriptions[{i}].qos"),
                _ => format!("mqtt.subscriptions[{i}].topic"),
            };
            subs.extend(checked(s, &mut errs, key));
        }
        let cert = match (&m.ca_cert, &certs.mqtt_ca) {
            (Some(_), _) if m.tls == Some(false) => {
                errs.push(rule("mqtt.tls", "profile-check-ca-cert-without-tls"));
                None
            }
            // TLS on or off without a certificate: the mode alone, no bytes after it.
            (None, _) => m.tls.and_then(|tls| {
                checked(
                    MqttCert {
                        tls,
                        verify: false,
                        data: Vec::new(),
                    },
                    &mut errs,
                    |_| "mqtt.tls".into(),
                )
            }),
            (Some(_), None) => {
                errs.push(not_loaded("mqtt.ca_cert"));
                None
            }
            (Some(_), Some(data)) => checked(
                MqttCert {
                    tls: true,
                    verify: true,
                    data: data.clone(),
                },
                &mut errs,
                |_| "mqtt.ca_cert".into(),
            ),
        };
        if let (Some(client), Some(broker), Some(session)) = (client, broker, session)
            && subs.len() == m.subscriptions.len()
        {
            out.mqtt = Some(CheckedMqtt {
                cert,
                client,
                session,
                broker,
                subscriptions: subs,
            });
        }
    }

    if let Some(pair) = &p.pairing {
        match (&pair.tcp, pair.mode) {
            (Some(t), PairingMode::Tcp) => {
                out.simple_client = checked(t.client(), &mut errs, |e| match e.field {
                    Field::ClientConfig => "pairing.tcp".into(),
                    _ => "pairing.tcp.host".into(),
                });
            }
            (None, PairingMode::Tcp) => {
                errs.push(rule("pairing.tcp", "profile-check-tcp-needs-section"))
            }
            _ => {}
        }
    }

    if let Some(s) = &p.serial {
        out.uart = checked(s.uart(), &mut errs, |e| match e.field {
            Field::DataBits => "serial.data_bits".into(),
            _ => "serial.baud".into(),
        });
    }

    if let Some(n) = &p.network {
        if let Some(ntp) = n.ntp() {
            let _: Option<Checked<NtpServer>> =
                checked(ntp, &mut errs, |_| "network.ntp_server".into());
        }
        if let Some(h) = &n.ping_host {
            let req = PingRequest {
                host: h.clone(),
                count: 4,
            };
            let _: Option<Checked<PingRequest>> =
                checked(req, &mut errs, |_| "network.ping_host".into());
        }
    }

    if errs.is_empty() { Ok(out) } else { Err(errs) }
}

fn not_loaded(key: &str) -> ProfileError {
    ProfileError::new(
        key,
        ErrorKind::Certificate(Text::key("profile-check-the-certificate-file-has-not-been")),
    )
}

/// Fill the placeholders of `p` from `id`; every problem names its key.
pub fn fill(p: &Profile, id: &Identity) -> Result<Profile, Vec<ProfileError>> {
    p.map_strings(|key, s| {
        placeholders::fill(s, id).map_err(|e| ProfileError::new(key, ErrorKind::Placeholder(e)))
    })
}

/// Check a profile before anything is sent: placeholders must be known, and every value must
/// pass even when filled from the longest possible identity.
pub fn check_unfilled(p: &Profile, certs: &Certs) -> Result<CheckedProfile, Vec<ProfileError>> {
    let known = p.map_strings(|key, s| {
        placeholders::check(s)
            .map(|()| s.to_string())
            .map_err(|e| ProfileError::new(key, ErrorKind::Placeholder(e)))
    });
    known?;
    let filled = fill(p, &Identity::longest())?;
    check(&filled, certs)
}

/// Advice that does not stop applying (shown before the user applies).
pub fn warnings(p: &Profile) -> Vec<(String, Text)> {
    let mut w = Vec::new();
    if let Some(h) = &p.http {
        if h.ca_cert.is_some() && !h.https {
            w.push((
                "http.ca_cert".to_string(),
                Text::key("profile-check-ignored-while-https-false-the"),
            ));
        }
        let t = h.target();
        for i in 0..t.warnings(crate::i18n::Lang::En).len() {
            let warning = Text::from_fn(|l| t.warnings(l).swap_remove(i));
            w.push(("http.port".to_string(), warning));
        }
    }
    if let Some(m) = &p.mqtt
        && m.password.is_none()
        && !m.username.is_empty()
    {
        w.push((
            "mqtt.password".to_string(),
            Text::key("profile-check-not-in-the-file-saved-without-secrets"),
        ));
    }
    if let Some(pair) = &p.pairing
        && pair.tcp.is_some()
        && pair.mode != PairingMode::Tcp
    {
        w.push((
            "pairing.tcp".to_string(),
            Text::key("profile-check-ignored-the-saved-tcp-client-is-only"),
        ));
    }
    w
}
