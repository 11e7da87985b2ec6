//! The profile file: every setting the forms can apply, as TOML (issue 4). Each section converts
//! into the protocol layer's own parameter types, so a profile and a form are checked by the
//! same code.

use crate::at::basic::{GpioConfig, GpioMode, Parity, Pull, StopBits, UartConfig};
use crate::at::http::{Header, HttpTarget};
use crate::at::mqtt::{MqttBroker, MqttClient, MqttSession, Subscription, Will};
use crate::at::network::NtpServer;
use crate::at::socket::{PairingMode, Protocol, SimpleClient, SocketTarget};
use serde::{Deserialize, Serialize};

/// A whole profile. Every section is optional: what a profile leaves out is not touched.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// `[mqtt]`: client, broker, session, will, subscriptions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mqtt: Option<MqttSection>,
    /// `[http]`: target, headers, certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpSection>,
    /// `[power]`: sleep control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power: Option<PowerSection>,
    /// `[[gpio]]`: one entry per configured pin.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gpio: Vec<GpioSection>,
    /// `[pairing]`: the saved simple-pairing mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pairing: Option<PairingSection>,
    /// `[serial]`: the module's UART, applied last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<SerialSection>,
    /// `[network]` (an addition to the keys): what the health check uses to prove data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<NetworkSection>,
}

fn default_mqtt_port() -> u16 {
    1883
}
fn default_true() -> bool {
    true
}
fn default_keepalive() -> u16 {
    60
}
fn default_http_port() -> u16 {
    80
}

/// `[mqtt]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MqttSection {
    pub client_id: String,
    #[serde(default)]
    pub username: String,
    /// `None` when the file holds no password (saved without secrets): an empty one is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    pub host: String,
    #[serde(default = "default_mqtt_port")]
    pub port: u16,
    #[serde(default)]
    pub auto_reconnect: bool,
    #[serde(default = "default_true")]
    pub clean_session: bool,
    #[serde(default = "default_keepalive")]
    pub keepalive_s: u16,
    /// TLS without `ca_cert`: `true` is MQTTS without checking the server (encrypted, not
    /// authenticated), `false` plain MQTT (a module left on TLS is set back). Absent: MQTTS with
    /// the server checked when `ca_cert` is given, otherwise the module's TLS setting is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<bool>,
    /// A PEM file, relative to the profile file. Sent as the MQTTS certificate with server
    /// verification before the broker is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub will: Option<WillSection>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subscriptions: Vec<SubscriptionSection>,
}

/// `[mqtt.will]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WillSection {
    #[serde(default)]
    pub qos: u8,
    #[serde(default)]
    pub retain: bool,
    pub topic: String,
    #[serde(default)]
    pub message: String,
}

/// `[[mqtt.subscriptions]]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionSection {
    pub topic: String,
    #[serde(default)]
    pub qos: u8,
}

impl From<crate::at::mqtt::Subscription> for SubscriptionSection {
    fn from(s: crate::at::mqtt::Subscription) -> Self {
        Self {
            topic: s.topic,
            qos: s.qos,
        }
    }
}

/// `[http]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSection {
    pub url: String,
    #[serde(default = "default_http_port")]
    pub port: u16,
    /// HTTPPARA type 1.
    #[serde(default)]
    pub https: bool,
    /// A PEM file, relative to the profile file; turns certificate checking on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderSection>,
}

/// `[[http.headers]]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderSection {
    pub name: String,
    #[serde(default)]
    pub value: String,
}

impl From<crate::at::http::Header> for HeaderSection {
    fn from(h: crate::at::http::Header) -> Self {
        Self {
            name: h.name,
            value: h.value,
        }
    }
}

/// How the module may sleep.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SleepMode {
    /// SYSSLEEP=0 and CSCLK=0.
    #[default]
    None,
    /// SYSSLEEP=1 (command-controlled sleep).
    Command,
    /// CSCLK=1 (DTR low = sleep).
    Dtr,
}

impl SleepMode {
    /// The wanted (SYSSLEEP, CSCLK) flags.
    pub fn flags(self) -> (bool, bool) {
        match self {
            SleepMode::None => (false, false),
            SleepMode::Command => (true, false),
            SleepMode::Dtr => (false, true),
        }
    }

    /// The mode from the module's flags (both on, which the module should refuse, reads as
    /// command sleep).
    pub fn from_flags(syssleep: bool, csclk: bool) -> Self {
        match (syssleep, csclk) {
            (true, _) => SleepMode::Command,
            (false, true) => SleepMode::Dtr,
            (false, false) => SleepMode::None,
        }
    }
}

/// `[power]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerSection {
    #[serde(default)]
    pub sleep: SleepMode,
}

/// `[[gpio]]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GpioSection {
    pub pin: u8,
    pub mode: GpioMode,
    /// Inputs only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull: Option<Pull>,
}

/// `[pairing]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairingSection {
    #[serde(default)]
    pub mode: PairingMode,
    /// The saved TCP client, for `mode = "tcp"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcp: Option<TcpSection>,
}

/// `[pairing.tcp]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TcpSection {
    #[serde(default)]
    pub protocol: Protocol,
    pub host: String,
    pub port: u16,
    #[serde(default)]
    pub local_port: u16,
    #[serde(default)]
    pub transparent: bool,
}

/// `[serial]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SerialSection {
    pub baud: u32,
    /// 7 or 8 (default 8).
    #[serde(default = "default_data_bits", skip_serializing_if = "is_eight")]
    pub data_bits: u8,
    /// `"none"` (default), `"odd"` or `"even"`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub parity: ParityKey,
    /// `1` (default), `1.5` or `2`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub stop_bits: StopBitsKey,
}

fn default_data_bits() -> u8 {
    8
}

fn is_eight(v: &u8) -> bool {
    *v == 8
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// `parity` in `[serial]`, in the words a profile uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParityKey {
    #[default]
    None,
    Odd,
    Even,
}

/// `stop_bits` in `[serial]`: written as the number (`1`, `1.5`, `2`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StopBitsKey(pub StopBits);

impl Serialize for StopBitsKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            StopBits::One => s.serialize_u8(1),
            StopBits::OnePointFive => s.serialize_f64(1.5),
            StopBits::Two => s.serialize_u8(2),
        }
    }
}

impl<'de> Deserialize<'de> for StopBitsKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Any number (`1`, `2`, `1.5`, `2.0`); the words below are what the user reads.
        let v = f64::deserialize(d)?;
        let bits = if v == 1.0 {
            StopBits::One
        } else if v == 1.5 {
            StopBits::OnePointFive
        } else if v == 2.0 {
            StopBits::Two
        } else {
            return Err(serde::de::Error::custom(format!(
                "stop_bits = {v} is not possible: use 1, 1.5 or 2"
            )));
        };
        Ok(Self(bits))
    }
}

/// `[network]`: not sent to the module; the health check's data test.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkSection {
    /// NTP server to sync from (`AT+QNTP`), e.g. `"cn.pool.ntp.org"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ntp_server: Option<String>,
    /// NTP port (default 123).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ntp_port: Option<u16>,
    /// Host to ping instead of NTP when set (`AT+QPING`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ping_host: Option<String>,
}

impl MqttSection {
    /// The QMTCFG parameters (no will fields when `[mqtt.will]` is absent).
    pub fn client(&self) -> MqttClient {
        MqttClient {
            client_id: self.client_id.clone(),
            username: self.username.clone(),
            password: self.password.clone().unwrap_or_default(),
            will: self.will.as_ref().map(|w| Will {
                qos: w.qos,
                retain: w.retain,
                topic: w.topic.clone(),
                message: w.message.clone(),
            }),
        }
    }

    /// The QMTCONNCFG parameters.
    pub fn broker(&self) -> MqttBroker {
        MqttBroker {
            host: self.host.clone(),
            port: self.port,
            auto_reconnect: self.auto_reconnect,
        }
    }

    /// The QMTSTART parameters.
    pub fn session(&self) -> MqttSession {
        MqttSession {
            clean: self.clean_session,
            keepalive_s: self.keepalive_s,
        }
    }

    /// The QMTSUB parameters, in file order.
    pub fn subscriptions(&self) -> Vec<Subscription> {
        self.subscriptions
            .iter()
            .map(|s| Subscription {
                topic: s.topic.clone(),
                qos: s.qos,
            })
            .collect()
    }
}

impl HttpSection {
    /// The HTTPPARA parameters; with HTTPS, certificate checking is on when a certificate is
    /// given. Without HTTPS the certificate is not used (issue 4's own example gives one).
    pub fn target(&self) -> HttpTarget {
        HttpTarget {
            url: self.url.clone(),
            port: self.port,
            https: self.https,
            verify: self.uses_cert(),
        }
    }

    /// Whether the certificate is sent and checked: HTTPS with `ca_cert`.
    pub fn uses_cert(&self) -> bool {
        self.https && self.ca_cert.is_some()
    }

    /// The HTTPRQH parameters, in file order.
    pub fn headers(&self) -> Vec<Header> {
        self.headers
            .iter()
            .map(|h| Header {
                name: h.name.clone(),
                value: h.value.clone(),
            })
            .collect()
    }
}

impl GpioSection {
    /// The GPIO parameters.
    pub fn config(&self) -> GpioConfig {
        GpioConfig {
            pin: self.pin,
            mode: self.mode,
            pull: self.pull,
        }
    }
}

impl TcpSection {
    /// The SIMPLECLIENT parameters.
    pub fn client(&self) -> SimpleClient {
        SimpleClient(SocketTarget {
            protocol: self.protocol,
            host: self.host.clone(),
            port: self.port,
            local_port: self.local_port,
            transparent: self.transparent,
        })
    }

    /// The section from a saved client as the module reports it.
    pub fn from_target(t: &SocketTarget) -> Self {
        Self {
            protocol: t.protocol,
            host: t.host.clone(),
            port: t.port,
            local_port: t.local_port,
            transparent: t.transparent,
        }
    }
}

impl SerialSection {
    /// The IPR parameters.
    pub fn uart(&self) -> UartConfig {
        UartConfig {
            baud: self.baud,
            data_bits: self.data_bits,
            stop_bits: self.stop_bits.0,
            parity: match self.parity {
                ParityKey::None => Parity::None,
                ParityKey::Odd => Parity::Odd,
                ParityKey::Even => Parity::Even,
            },
        }
    }

    /// The section for the module's UART settings (as read, or as in the form).
    pub fn from_uart(u: &UartConfig) -> Self {
        Self {
            baud: u.baud,
            data_bits: u.data_bits,
            parity: match u.parity {
                Parity::None => ParityKey::None,
                Parity::Odd => ParityKey::Odd,
                Parity::Even => ParityKey::Even,
            },
            stop_bits: StopBitsKey(u.stop_bits),
        }
    }
}

impl NetworkSection {
    /// The NTP server for the health check, if one is set.
    pub fn ntp(&self) -> Option<NtpServer> {
        self.ntp_server.as_ref().map(|s| NtpServer {
            server: s.clone(),
            port: self.ntp_port.unwrap_or(123),
        })
    }
}

impl Profile {
    /// The pairing mode the profile asks for, if it has a `[pairing]` section.
    pub fn pairing_mode(&self) -> Option<PairingMode> {
        self.pairing.as_ref().map(|p| p.mode)
    }

    /// Apply `f` to every string value a user typed (placeholders are filled this way). Paths
    /// of certificates are left alone.
    pub fn map_strings<E>(
        &self,
        mut f: impl FnMut(&str, &str) -> Result<String, E>,
    ) -> Result<Profile, Vec<E>> {
        let mut p = self.clone();
        let mut errs = Vec::new();
        let mut m = |key: String, s: &mut String| match f(&key, s) {
            Ok(v) => *s = v,
            Err(e) => errs.push(e),
        };
        if let Some(q) = &mut p.mqtt {
            m("mqtt.client_id".into(), &mut q.client_id);
            m("mqtt.username".into(), &mut q.username);
            if let Some(pw) = &mut q.password {
                m("mqtt.password".into(), pw);
            }
            m("mqtt.host".into(), &mut q.host);
            if let Some(w) = &mut q.will {
                m("mqtt.will.topic".into(), &mut w.topic);
                m("mqtt.will.message".into(), &mut w.message);
            }
            for (i, s) in q.subscriptions.iter_mut().enumerate() {
                m(format!("mqtt.subscriptions[{i}].topic"), &mut s.topic);
            }
        }
        if let Some(h) = &mut p.http {
            m("http.url".into(), &mut h.url);
            for (i, hd) in h.headers.iter_mut().enumerate() {
                m(format!("http.headers[{i}].name"), &mut hd.name);
                m(format!("http.headers[{i}].value"), &mut hd.value);
            }
        }
        if let Some(t) = p.pairing.as_mut().and_then(|x| x.tcp.as_mut()) {
            m("pairing.tcp.host".into(), &mut t.host);
        }
        if errs.is_empty() { Ok(p) } else { Err(errs) }
    }

    /// A copy with the MQTT password shown as `***` (for logs, JSON and reports).
    pub fn redacted(&self) -> Profile {
        let mut p = self.clone();
        if let Some(pw) = p.mqtt.as_mut().and_then(|m| m.password.as_mut())
            && !pw.is_empty()
        {
            *pw = "***".into();
        }
        p
    }

    /// A copy without secrets (the MQTT password), for saving without them.
    pub fn without_secrets(&self) -> Profile {
        let mut p = self.clone();
        if let Some(m) = &mut p.mqtt {
            m.password = None;
        }
        // An `Authorization`-like header is a secret too: left out whole (an empty value
        // would be applied as an empty credential).
        if let Some(h) = &mut p.http {
            h.headers
                .retain(|e| !crate::at::http::is_secret_header(&e.name));
        }
        p
    }
}
