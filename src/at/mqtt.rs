//! Manual §6.6: MQTT client, broker, session, subscriptions, publishing, TLS certificate.

use super::checked::{Validate, collect};
use super::reply::{DecodeError, Reply, num};
use super::value::{self, Field, Problem, ValidationError};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Longest topic, password, will topic and will message (§6.6.1, §6.6.4).
pub const MAX_TEXT: usize = 256;
/// Longest short-publish message (§6.6.5).
pub const MAX_MESSAGE: usize = 512;
/// Longest long-publish payload and certificate (§6.6.5, §6.6.9).
pub const MAX_PAYLOAD: usize = 2048;
/// Most subscriptions (§6.6.4).
pub const MAX_SUBSCRIPTIONS: usize = 50;

fn qos_check(field: Field, qos: u8) -> Result<(), ValidationError> {
    value::range(field, qos.into(), 0, 2)
}

/// The last will (`<will_qos>,<will_retain>,<will_topic>,<will_message>`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Will {
    pub qos: u8,
    pub retain: bool,
    pub topic: String,
    pub message: String,
}

/// The client identity (`AT+QMTCFG=<clientid>,<user>,<pass>[,<will...>]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MqttClient {
    pub client_id: String,
    pub username: String,
    pub password: String,
    pub will: Option<Will>,
}

impl Validate for MqttClient {
    fn problems(&self) -> Vec<ValidationError> {
        let mut checks = vec![
            value::text(Field::ClientId, &self.client_id, MAX_TEXT, false),
            value::text(Field::Username, &self.username, MAX_TEXT, true),
            value::text(Field::Password, &self.password, MAX_TEXT, true),
        ];
        if let Some(w) = &self.will {
            checks.push(qos_check(Field::WillQos, w.qos));
            checks.push(value::text(Field::WillTopic, &w.topic, MAX_TEXT, false));
            checks.push(value::text(Field::WillMessage, &w.message, MAX_TEXT, true));
        }
        collect(checks)
    }
}

impl MqttClient {
    /// Every string quoted. With no user, password or will, only the client id is sent, as in
    /// the manual's quick start (`AT+QMTCFG="0566542kkscmkks1"`).
    pub fn params(&self, redact: bool) -> String {
        let mut s = value::quote(&self.client_id);
        if self.username.is_empty() && self.password.is_empty() && self.will.is_none() {
            return s;
        }
        let pass = if redact && !self.password.is_empty() {
            "***"
        } else {
            &self.password
        };
        s.push_str(&format!(
            ",{},{}",
            value::quote(&self.username),
            value::quote(pass)
        ));
        if let Some(w) = &self.will {
            s.push_str(&format!(
                ",{},{},{},{}",
                w.qos,
                u8::from(w.retain),
                value::quote(&w.topic),
                value::quote(&w.message)
            ));
        }
        s
    }

    /// `+QMTCFG:CT11-9999,MQTT1,123456,1,1,QQQ,123456` (quoted or not).
    pub fn decode(reply: &Reply) -> Result<Self, DecodeError> {
        const C: &str = "AT+QMTCFG?";
        let body = reply.info(C, &["QMTCFG"])?;
        if body.trim().eq_ignore_ascii_case("NOT SET") {
            return Ok(Self::default());
        }
        let p = value::split_params(body);
        let get = |i: usize| p.get(i).cloned().unwrap_or_default();
        let will = if p.len() >= 7 && !(p[5].is_empty() && p[6..].iter().all(String::is_empty)) {
            Some(Will {
                qos: num(C, &p[3])?,
                retain: num::<u8>(C, &p[4])? != 0,
                topic: get(5),
                message: p[6..].join(","),
            })
        } else {
            None
        };
        Ok(Self {
            client_id: get(0),
            username: get(1),
            password: get(2),
            will,
        })
    }
}

/// The broker (`AT+QMTCONNCFG=<host>,<port>,<reconnect>`). Setting it connects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MqttBroker {
    pub host: String,
    pub port: u16,
    pub auto_reconnect: bool,
}

/// No host: an empty form must not point at anyone's broker (a public one would get the
/// customer's credentials).
impl Default for MqttBroker {
    fn default() -> Self {
        Self {
            host: String::new(),
            port: 1883,
            auto_reconnect: false,
        }
    }
}

impl Validate for MqttBroker {
    fn problems(&self) -> Vec<ValidationError> {
        collect([value::text(Field::BrokerHost, &self.host, MAX_TEXT, false)])
    }
}

impl MqttBroker {
    pub fn params(&self) -> String {
        format!(
            "{},{},{}",
            value::quote(&self.host),
            self.port,
            u8::from(self.auto_reconnect)
        )
    }

    /// `+QMTCONNCFG:<host>,<port>,<reconnect>`, or `+QMTCONNCFG:NOT SET` → `None`.
    pub fn decode(reply: &Reply) -> Result<Option<Self>, DecodeError> {
        const C: &str = "AT+QMTCONNCFG?";
        let body = reply.info(C, &["QMTCONNCFG"])?.trim();
        if body.eq_ignore_ascii_case("NOT SET") || body.is_empty() {
            return Ok(None);
        }
        let (host, rest) = value::split_trailing(body, 2).ok_or_else(|| {
            DecodeError::new(C, format!("expected host,port,reconnect in `{body}`"))
        })?;
        Ok(Some(Self {
            host,
            port: num(C, &rest[0])?,
            auto_reconnect: num::<u8>(C, &rest[1])? != 0,
        }))
    }
}

/// Session settings (`AT+QMTSTART=<clean>,<keepalive>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MqttSession {
    pub clean: bool,
    pub keepalive_s: u16,
}

impl Default for MqttSession {
    fn default() -> Self {
        Self {
            clean: true,
            keepalive_s: 60,
        }
    }
}

impl Validate for MqttSession {
    fn problems(&self) -> Vec<ValidationError> {
        collect([value::range(
            Field::Keepalive,
            self.keepalive_s.into(),
            0,
            7200,
        )])
    }
}

impl MqttSession {
    pub fn decode(reply: &Reply) -> Result<Self, DecodeError> {
        const C: &str = "AT+QMTSTART?";
        let body = reply.info(C, &["QMTSTART"])?;
        let p = value::split_params(body);
        if p.len() < 2 {
            return Err(DecodeError::new(
                C,
                format!("expected clean,keepalive in `{body}`"),
            ));
        }
        Ok(Self {
            clean: num::<u8>(C, &p[0])? != 0,
            keepalive_s: num(C, &p[1])?,
        })
    }
}

/// A subscription (`AT+QMTSUB=<topic>,<qos>`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub topic: String,
    pub qos: u8,
}

impl Validate for Subscription {
    fn problems(&self) -> Vec<ValidationError> {
        collect([
            value::text(Field::Topic, &self.topic, MAX_TEXT, false),
            qos_check(Field::Qos, self.qos),
        ])
    }
}

impl Subscription {
    /// One `+QMTSUB:<topic>,<qos>` line per subscription.
    pub fn decode_all(reply: &Reply) -> Result<Vec<Self>, DecodeError> {
        const C: &str = "AT+QMTSUB?";
        reply
            .infos(&["QMTSUB"])
            .filter(|b| !b.trim().is_empty())
            .map(|body| {
                let (topic, rest) = value::split_trailing(body, 1).ok_or_else(|| {
                    DecodeError::new(C, format!("expected topic,qos in `{body}`"))
                })?;
                Ok(Self {
                    topic,
                    qos: num(C, &rest[0])?,
                })
            })
            .collect()
    }
}

/// A topic to unsubscribe from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopicRef(pub String);

impl Validate for TopicRef {
    fn problems(&self) -> Vec<ValidationError> {
        collect([value::text(Field::Topic, &self.0, MAX_TEXT, false)])
    }
}

/// A short publish (`AT+QMTPUB=<topic>,<qos>,<retain>,<message>`), message ≤ 512 bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publish {
    pub topic: String,
    pub qos: u8,
    pub retain: bool,
    pub message: String,
}

impl Validate for Publish {
    fn problems(&self) -> Vec<ValidationError> {
        collect([
            value::text(Field::Topic, &self.topic, MAX_TEXT, false),
            qos_check(Field::Qos, self.qos),
            value::text(Field::Message, &self.message, MAX_MESSAGE, true),
        ])
    }
}

/// A long publish (`AT+QMTPUBEX=<topic>,<qos>,<retain>,<len>`, then the bytes at `>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublishEx {
    pub topic: String,
    pub qos: u8,
    pub retain: bool,
    pub data: Vec<u8>,
}

impl Validate for PublishEx {
    fn problems(&self) -> Vec<ValidationError> {
        collect([
            value::text(Field::Topic, &self.topic, MAX_TEXT, false),
            qos_check(Field::Qos, self.qos),
            value::payload(Field::Payload, &self.data, 1, MAX_PAYLOAD),
        ])
    }
}

/// Continuous publishing, manual §4.1.3 "发布长消息" (`AT+QMTPUB=<topic>,<qos>,<retain>,1`, the
/// fourth parameter a bare `1`, not quoted): the module answers `>` and stays in a data mode in
/// which every block of data sent is published as one message to the topic, until `+++` (no
/// line ending, guard times as in TCP transparent mode); `ATO` goes back in. A quoted `"1"` is
/// an ordinary [`Publish`] of the text "1".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublishLong {
    pub topic: String,
    pub qos: u8,
    pub retain: bool,
}

impl Validate for PublishLong {
    fn problems(&self) -> Vec<ValidationError> {
        collect([
            value::text(Field::Topic, &self.topic, MAX_TEXT, false),
            qos_check(Field::Qos, self.qos),
        ])
    }
}

/// MQTT connection state (`+QMTSTATU:<0/1/2>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MqttState {
    Disconnected,
    Connected,
    Connecting,
}

impl MqttState {
    pub fn decode(reply: &Reply) -> Result<Self, DecodeError> {
        const C: &str = "AT+QMTSTATU";
        match num::<u8>(C, reply.info(C, &["QMTSTATU"])?)? {
            0 => Ok(MqttState::Disconnected),
            1 => Ok(MqttState::Connected),
            2 => Ok(MqttState::Connecting),
            n => Err(DecodeError::new(C, format!("unknown state {n}"))),
        }
    }
    pub fn words(self, lang: Lang) -> &'static str {
        match self {
            MqttState::Disconnected => lang.tr("at-mqtt-not-connected"),
            MqttState::Connected => lang.tr("at-mqtt-connected"),
            MqttState::Connecting => lang.tr("at-mqtt-connecting"),
        }
    }
}

/// The MQTT TLS certificate (`AT+MQTTCERTIFI=<mode>,<verify>,<len>` then the bytes at `>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MqttCert {
    /// MQTTS (TLS) when true.
    pub tls: bool,
    /// One-way server verification when true.
    pub verify: bool,
    pub data: Vec<u8>,
}

impl Validate for MqttCert {
    fn problems(&self) -> Vec<ValidationError> {
        let min = usize::from(self.verify);
        let mut p = collect([value::payload(
            Field::Certificate,
            &self.data,
            min,
            MAX_PAYLOAD,
        )]);
        if self.verify && !self.tls {
            p.push(ValidationError::new(
                Field::Certificate,
                Problem::Rule("at-mqtt-server-verification-needs-mqtts-tls"),
            ));
        }
        p
    }
}

/// A stored certificate as a query returns it: `+X:<...>,<verify>,<len>,<data>` (data may span
/// several lines).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertInfo {
    /// MQTTS mode (MQTT certificate only).
    pub tls: Option<bool>,
    pub verify: bool,
    pub len: usize,
    pub data: String,
}

impl CertInfo {
    /// `lead` is the number of fields before `<len>` (2 for MQTTCERTIFI, 1 for HTTPCERTIFI).
    pub fn decode(
        reply: &Reply,
        command: &'static str,
        name: &str,
        lead: usize,
    ) -> Result<Self, DecodeError> {
        let body = reply.info(command, &[name])?;
        let mut parts = body.splitn(lead + 2, [',', '，']);
        let mut fields = Vec::new();
        for _ in 0..=lead {
            fields.push(parts.next().unwrap_or("").trim().to_string());
        }
        let mut data = parts.next().unwrap_or("").to_string();
        // Certificate lines after the first arrive as plain lines until OK.
        let mut seen = false;
        for f in &reply.frames {
            match f {
                super::frame::FrameKind::Info { name: n, .. } if n.eq_ignore_ascii_case(name) => {
                    seen = true
                }
                super::frame::FrameKind::Data(d) if seen => {
                    data.push('\n');
                    data.push_str(String::from_utf8_lossy(d).trim_end());
                }
                _ => {}
            }
        }
        let (tls, verify, len) = if lead == 2 {
            (
                Some(num::<u8>(command, &fields[0])? != 0),
                num::<u8>(command, &fields[1])? != 0,
                num(command, &fields[2])?,
            )
        } else {
            (
                None,
                num::<u8>(command, &fields[0])? != 0,
                num(command, &fields[1])?,
            )
        };
        Ok(Self {
            tls,
            verify,
            len,
            data: value::unquote(&data).to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::at::frame::FrameKind;

    fn info(name: &str, body: &str) -> FrameKind {
        FrameKind::Info {
            name: name.into(),
            body: body.into(),
        }
    }

    #[test]
    fn client_params_quote_every_string_and_redact() {
        let c = MqttClient {
            client_id: "CT11".into(),
            username: "MQTT1".into(),
            password: "123456".into(),
            will: Some(Will {
                qos: 0,
                retain: true,
                topic: "QQQ".into(),
                message: "123456".into(),
            }),
        };
        assert_eq!(
            c.params(false),
            "\"CT11\",\"MQTT1\",\"123456\",0,1,\"QQQ\",\"123456\""
        );
        assert!(c.params(true).contains("\"***\""));
        let only_id = MqttClient {
            client_id: "0566542kkscmkks1".into(),
            ..Default::default()
        };
        assert_eq!(only_id.params(false), "\"0566542kkscmkks1\"");
    }

    #[test]
    fn client_decodes_both_quoting_styles() {
        let a = MqttClient::decode(&Reply::new(vec![info(
            "QMTCFG",
            "CT11-9999,MQTT1,123456,1,1,QQQ,123456",
        )]))
        .unwrap();
        let b = MqttClient::decode(&Reply::new(vec![info(
            "QMTCFG",
            "\"CT11-9999\",\"MQTT1\",\"123456\",1,1,\"QQQ\",\"123456\"",
        )]))
        .unwrap();
        assert_eq!(a, b);
        assert_eq!(a.will.as_ref().unwrap().topic, "QQQ");
    }

    #[test]
    fn broker_not_set_and_set() {
        assert_eq!(
            MqttBroker::decode(&Reply::new(vec![info("QMTCONNCFG", "NOT SET")])).unwrap(),
            None
        );
        let b = MqttBroker::decode(&Reply::new(vec![info(
            "QMTCONNCFG",
            "\"broker.emqx.io\",1883,0",
        )]))
        .unwrap();
        assert_eq!(
            b,
            Some(MqttBroker {
                host: "broker.emqx.io".into(),
                port: 1883,
                auto_reconnect: false
            })
        );
    }

    #[test]
    fn limits() {
        let p = Publish {
            topic: "t".into(),
            qos: 3,
            retain: false,
            message: "x".repeat(513),
        };
        let errs = p.problems();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].field, Field::Qos);
        assert_eq!(errs[1].field, Field::Message);
        assert!(
            MqttSession {
                clean: true,
                keepalive_s: 7201
            }
            .validate()
            .is_err()
        );
        let cert = MqttCert {
            tls: true,
            verify: true,
            data: vec![b'a'; 2048],
        };
        assert!(cert.validate().is_ok());
        let cert = MqttCert {
            tls: true,
            verify: true,
            data: vec![b'a'; 2049],
        };
        assert!(cert.validate().is_err());
    }

    #[test]
    fn cert_query_multiline() {
        let r = Reply::new(vec![
            info("MQTTCERTIFI", "1,1,20,-----BEGIN CERTIFICATE-----"),
            FrameKind::Data(b"abc".to_vec()),
            FrameKind::Data(b"-----END CERTIFICATE-----".to_vec()),
            FrameKind::Ok,
        ]);
        let c = CertInfo::decode(&r, "AT+MQTTCERTIFI?", "MQTTCERTIFI", 2).unwrap();
        assert_eq!((c.tls, c.verify, c.len), (Some(true), true, 20));
        assert!(c.data.ends_with("END CERTIFICATE-----"));
    }
}
