//! Manual 6.6: the MQTT client (QMTCFG, QMTCONNCFG, QMTSTART, QMTSUB, QMTPUB, QMTPUBEX,
//! QMTUNSUB, QMTSTATU, QMTDISC, MQTTCERTIFI) and a broker that delivers back what the module
//! publishes on a topic it subscribed to.

use std::time::Instant;

use super::basic::exec_only;
use super::{Form, unreachable};
use crate::at::recv::topic_matches;
use crate::sim::module::{
    Answer, DataTarget, Event, Piece, PromptKind, SimModule, line, listing, ok,
};
use crate::sim::params::{COMMAND, Code, INVALID, MQTT_FAILED, STATE};
use crate::sim::state::{Certificate, MqttBroker, MqttClient, Publication};

/// At most this many subscriptions.
const MAX_SUBSCRIPTIONS: usize = 50;

impl SimModule {
    /// `AT+QMTCFG?` / `AT+QMTCFG=<clientid>[,<user>,<pass>[,<will_qos>,<will_retain>,
    /// <will_topic>,<will_message>]]`.
    pub(super) fn cmd_qmtcfg(&mut self, form: Form) -> Result<Answer, Code> {
        match form {
            Form::Query => {
                let l = match &self.state.mqtt.client {
                    Some(c) => {
                        let d = self.dialect();
                        format!(
                            "+QMTCFG:{},{},{},{},{},{},{}",
                            d.field(&c.client_id),
                            d.field(&c.user),
                            d.field(&c.password),
                            c.will_qos,
                            c.will_retain,
                            d.field(&c.will_topic),
                            d.field(&c.will_message)
                        )
                    }
                    None => "+QMTCFG:NOT SET".to_string(),
                };
                Ok(vec![line(l), line("OK")])
            }
            Form::Set(p) => {
                if !matches!(p.len(), 1..=3 | 7) {
                    return Err(COMMAND);
                }
                let mut c = MqttClient {
                    client_id: p.text(0, 256)?,
                    ..MqttClient::default()
                };
                if p.len() >= 2 {
                    c.user = p.text(1, 256)?;
                }
                if p.len() >= 3 {
                    c.password = p.text(2, 256)?;
                }
                if p.len() == 7 {
                    c.will_qos = p.num(3, 0..=2)? as u8;
                    c.will_retain = p.flag(4)?;
                    c.will_topic = p.text(5, 256)?;
                    c.will_message = p.text(6, 256)?;
                }
                self.state.mqtt.client = Some(c);
                Ok(ok())
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// `AT+QMTCONNCFG?` / `AT+QMTCONNCFG=<host>,<port>[,<reconnect>]`: `OK`, then
    /// `MQTTCONNECT` (or `ERROR=203`) after the connect delay.
    pub(super) fn cmd_qmtconncfg(&mut self, form: Form, now: Instant) -> Result<Answer, Code> {
        match form {
            Form::Query => {
                let l = match &self.state.mqtt.broker {
                    Some(b) => format!(
                        "+QMTCONNCFG:{},{},{}",
                        self.dialect().field(&b.host),
                        b.port,
                        u8::from(b.reconnect)
                    ),
                    None => "+QMTCONNCFG:NOT SET".to_string(),
                };
                Ok(vec![line(l), line("OK")])
            }
            Form::Set(p) => {
                p.count(2, 3)?;
                let host = p.text(0, 256)?;
                if host.is_empty() {
                    return Err(INVALID);
                }
                let port = p.port(1)?;
                let reconnect = if p.has(2) { p.flag(2)? == 1 } else { false };
                self.state.mqtt.broker = Some(MqttBroker {
                    host,
                    port,
                    reconnect,
                });
                self.mqtt_connect(now);
                Ok(ok())
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// Starts connecting to the configured broker.
    pub(crate) fn mqtt_connect(&mut self, now: Instant) {
        self.state.mqtt.status = 2;
        let token = self.token();
        self.mqtt_token = token;
        if self.online() {
            self.online_mqtt_start(now);
            return;
        }
        let delay = self.timing().mqtt_connect;
        let at = self.later(now, delay);
        self.schedule(at, Event::MqttConnect { token });
    }

    /// The connect attempt ended.
    pub(crate) fn mqtt_connected(&mut self, t: Instant, token: u64) {
        if token != self.mqtt_token || self.state.mqtt.status != 2 {
            return;
        }
        if self.online() {
            // A reconnect attempt after the broker dropped the module.
            self.online_mqtt_start(t);
            return;
        }
        let reachable = self
            .state
            .mqtt
            .broker
            .as_ref()
            .is_some_and(|b| !unreachable(&b.host));
        if self.state.mqtt.broker.is_none() {
            self.state.mqtt.status = 0;
        } else if reachable && self.state.network_up {
            self.state.mqtt.status = 1;
            self.emit(t, vec![line("MQTTCONNECT")]);
        } else {
            self.state.mqtt.status = 0;
            self.emit(t, vec![line(format!("ERROR={MQTT_FAILED}"))]);
        }
    }

    /// `AT+QMTSTART?` / `AT+QMTSTART=<clean_session>,<keepalive>`.
    pub(super) fn cmd_qmtstart(&mut self, form: Form) -> Result<Answer, Code> {
        match form {
            Form::Query => Ok(vec![
                line(format!(
                    "+QMTSTART:{},{}",
                    self.state.mqtt.clean_session, self.state.mqtt.keepalive
                )),
                line("OK"),
            ]),
            Form::Set(p) => {
                p.count(2, 2)?;
                let clean = p.flag(0)?;
                let keepalive = p.num(1, 0..=7200)? as u16;
                self.state.mqtt.clean_session = clean;
                self.state.mqtt.keepalive = keepalive;
                Ok(ok())
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// `AT+QMTSUB?` / `AT+QMTSUB=<topic>,<qos>` (connected only; at most 50 topics).
    pub(super) fn cmd_qmtsub(&mut self, form: Form) -> Result<Answer, Code> {
        match form {
            Form::Query => {
                let d = self.dialect();
                let subs = self.state.mqtt.subscriptions.iter();
                Ok(listing(
                    subs.map(|(t, q)| format!("+QMTSUB:{},{q}", d.field(t))),
                ))
            }
            Form::Set(p) => {
                p.count(2, 2)?;
                let topic = p.text(0, 256)?;
                if topic.is_empty() {
                    return Err(INVALID);
                }
                let qos = p.num(1, 0..=2)? as u8;
                if self.state.mqtt.status != 1 {
                    return Err(STATE);
                }
                let known = self
                    .state
                    .mqtt
                    .subscriptions
                    .iter()
                    .any(|(t, _)| *t == topic);
                if self.online() {
                    if !known && self.state.mqtt.subscriptions.len() >= MAX_SUBSCRIPTIONS {
                        return Err(STATE);
                    }
                    self.online_subscribe(topic, qos);
                    return Ok(Vec::new());
                }
                let subs = &mut self.state.mqtt.subscriptions;
                if let Some(s) = subs.iter_mut().find(|(t, _)| *t == topic) {
                    s.1 = qos;
                } else if subs.len() >= MAX_SUBSCRIPTIONS {
                    return Err(STATE);
                } else {
                    subs.push((topic, qos));
                }
                Ok(ok())
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// `AT+QMTPUB=<topic>,<qos>,<retain>,<message>` (connected only; message ≤ 512).
    ///
    /// With a bare (unquoted) `1` as the message, the long publish of manual §4.1.3: `>`, then
    /// a data mode in which every block of data (ended by a pause, as in continuous pairing
    /// mode) is published as one message, until `+++`; `ATO` goes back in. A quoted `"1"` is
    /// the text "1".
    pub(super) fn cmd_qmtpub(&mut self, form: Form, now: Instant) -> Result<Answer, Code> {
        let Form::Set(p) = form else {
            return Err(COMMAND);
        };
        p.count(4, 4)?;
        let topic = p.text(0, 256)?;
        let qos = p.num(1, 0..=2)? as u8;
        let retain = p.flag(2)?;
        let long = p.0.get(3).is_some_and(|m| !m.quoted && m.text == "1");
        let message = p.text(3, 512)?;
        if topic.is_empty() {
            return Err(INVALID);
        }
        if self.state.mqtt.status != 1 {
            return Err(STATE);
        }
        if long {
            self.start_data(DataTarget::Mqtt { topic, qos, retain });
            return Ok(vec![Piece::Raw(b">".to_vec())]);
        }
        self.mqtt_publish(topic, qos, retain, message.into_bytes(), now);
        Ok(ok())
    }

    /// `AT+QMTPUBEX=<topic>,<qos>,<retain>,<len>`: `>`, N bytes, `OK`; in pairing mode 2,2 a
    /// continuous data mode until `+++`.
    pub(super) fn cmd_qmtpubex(&mut self, form: Form) -> Result<Answer, Code> {
        let Form::Set(p) = form else {
            return Err(COMMAND);
        };
        p.count(4, 4)?;
        let topic = p.text(0, 256)?;
        let qos = p.num(1, 0..=2)? as u8;
        let retain = p.flag(2)?;
        if topic.is_empty() {
            return Err(INVALID);
        }
        let continuous = self.state.simple_mode == 2 && self.state.simple_sub == 2;
        let len = if continuous {
            p.num(3, 0..=u32::MAX)? as usize
        } else {
            p.length(3, 1..=2048)?
        };
        if self.state.mqtt.status != 1 {
            return Err(STATE);
        }
        if continuous {
            self.start_data(DataTarget::Mqtt { topic, qos, retain });
        } else {
            self.start_prompt(PromptKind::PubEx { topic, qos, retain }, Some(len));
        }
        Ok(vec![Piece::Raw(b">".to_vec())])
    }

    /// Publishes; the broker delivers it back when the module subscribed to the topic
    /// (`+QMTRECV:<topic>,<len>,<payload>`, raw payload in MQTT pairing mode: the manual does
    /// not say).
    pub(crate) fn mqtt_publish(
        &mut self,
        topic: String,
        qos: u8,
        retain: u8,
        payload: Vec<u8>,
        now: Instant,
    ) {
        if self.online() {
            self.online_publish(topic.clone(), qos, retain, payload.clone());
            self.state.mqtt.published.push(Publication {
                topic,
                qos,
                retain,
                payload,
            });
            return;
        }
        let subscribed = self
            .state
            .mqtt
            .subscriptions
            .iter()
            .any(|(f, _)| topic_matches(f, &topic));
        if subscribed {
            let answer = self.mqtt_delivery(&topic, payload.clone());
            let delay = self.timing().echo_reply;
            let at = self.later(now, delay);
            self.schedule(at, Event::Emit(answer));
        }
        self.state.mqtt.published.push(Publication {
            topic,
            qos,
            retain,
            payload,
        });
    }

    /// How the module prints a message from the broker: `+QMTRECV:<topic>,<len>,<payload>`,
    /// or the raw payload in MQTT pairing mode (the manual does not say).
    pub(in crate::sim) fn mqtt_delivery(&self, topic: &str, payload: Vec<u8>) -> Answer {
        if self.state.simple_mode == 2 {
            vec![Piece::Raw(payload)]
        } else {
            let mut l = format!(
                "+QMTRECV:{},{},",
                self.dialect().field(topic),
                payload.len()
            )
            .into_bytes();
            l.extend(&payload);
            vec![Piece::Line(l)]
        }
    }

    /// `AT+QMTUNSUB=<topic>`.
    pub(super) fn cmd_qmtunsub(&mut self, form: Form) -> Result<Answer, Code> {
        let Form::Set(p) = form else {
            return Err(COMMAND);
        };
        p.count(1, 1)?;
        let topic = p.text(0, 256)?;
        if self.state.mqtt.status != 1 {
            return Err(STATE);
        }
        if self.online() {
            self.online_unsubscribe(topic);
            return Ok(Vec::new());
        }
        self.state.mqtt.subscriptions.retain(|(t, _)| *t != topic);
        Ok(ok())
    }

    /// `AT+QMTSTATU`: `+QMTSTATU:<0|1|2>`.
    pub(super) fn cmd_qmtstatu(&mut self, form: Form) -> Result<Answer, Code> {
        exec_only(&form)?;
        Ok(vec![
            line(format!("+QMTSTATU:{}", self.state.mqtt.status)),
            line("OK"),
        ])
    }

    /// `AT+QMTDISC`: `OK`, then `MQTTDISCONNECT` if it was connected or connecting.
    pub(super) fn cmd_qmtdisc(&mut self, form: Form) -> Result<Answer, Code> {
        exec_only(&form)?;
        let was = self.state.mqtt.status;
        self.state.mqtt.status = 0;
        if self.online() {
            self.online_mqtt_stop();
        }
        self.mqtt_token = self.token();
        if matches!(&self.suspended, Some(DataTarget::Mqtt { .. })) {
            self.suspended = None;
        }
        let mut answer = ok();
        if was != 0 {
            answer.push(line("MQTTDISCONNECT"));
        }
        Ok(answer)
    }

    /// `AT+MQTTCERTIFI?` / `AT+MQTTCERTIFI=<mode>,<verify>,<len>` then `>` and N bytes.
    pub(super) fn cmd_mqttcertifi(&mut self, form: Form) -> Result<Answer, Code> {
        match form {
            Form::Query => {
                let l = match &self.state.mqtt.certificate {
                    Some(c) => {
                        let mut l =
                            format!("+MQTTCERTIFI:{},{},{},", c.mode, c.verify, c.data.len())
                                .into_bytes();
                        l.extend(&c.data);
                        l
                    }
                    None => b"+MQTTCERTIFI:0,0,0,".to_vec(),
                };
                Ok(vec![Piece::Line(l), line("OK")])
            }
            Form::Set(p) => {
                p.count(3, 3)?;
                let mode = p.flag(0)?;
                let verify = p.flag(1)?;
                let len = p.length(2, 0..=2048)?;
                if len == 0 {
                    self.state.mqtt.certificate = Some(Certificate {
                        mode,
                        verify,
                        data: Vec::new(),
                    });
                    return Ok(ok());
                }
                self.start_prompt(PromptKind::MqttCert { mode, verify }, Some(len));
                Ok(vec![Piece::Raw(b">".to_vec())])
            }
            Form::Exec => Err(COMMAND),
        }
    }
}
