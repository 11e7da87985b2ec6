//! What the online module does with the network: the requests it queues for a command, and
//! what it prints when a result arrives. Pure: no I/O, time given by the caller.

use std::collections::{BTreeMap, VecDeque};
use std::time::Instant;

use super::tls::TlsCheck;
use super::{HttpParams, MqttParams, NetError, NetEvent, NetRequest, Transport};
use crate::sim::module::{DataTarget, Event, Piece, SimModule, line, ok};
use crate::sim::params::{MQTT_FAILED, NO_SERVER};
use crate::sim::state::{Socket, SocketKind};

/// A subscribe or unsubscribe waiting for the broker's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Ack {
    /// `AT+QMTSUB` waits: `OK` when the broker grants it.
    Sub(String, u8),
    /// `AT+QMTUNSUB` waits.
    Unsub(String),
    /// A re-subscription after a reconnect: nobody waits.
    Silent,
}

/// A link opened on the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Link {
    id: u8,
    announce: bool,
    transparent: bool,
    udp: bool,
}

/// The online module's bookkeeping (empty offline).
#[derive(Clone, Debug, Default)]
pub(crate) struct OnlineState {
    /// Requests not yet handed to the network.
    requests: Vec<NetRequest>,
    /// Open links by connection id.
    links: BTreeMap<u64, Link>,
    /// Subscribes and unsubscribes in the order sent (the broker answers in order).
    acks: VecDeque<Ack>,
    /// The MQTT session the network holds, if any.
    mqtt_conn: Option<u64>,
    /// The broker dropped the module: later failures retry (with reconnect on).
    retrying: bool,
    /// The HTTP request waiting for its answer.
    http: Option<u64>,
}

impl SimModule {
    /// Whether this module uses the real network.
    pub(crate) fn online(&self) -> bool {
        self.cfg.online
    }

    /// Requests for the network queued since the last call (always empty offline). The thread
    /// running the module hands them to its [`Network`](super::Network).
    pub fn take_net_requests(&mut self) -> Vec<NetRequest> {
        std::mem::take(&mut self.online.requests)
    }

    fn net(&mut self, r: NetRequest) {
        self.online.requests.push(r);
    }

    fn note_error(&mut self, e: &NetError) {
        let list = &mut self.state.online_errors;
        list.push(e.to_string());
        if list.len() > 100 {
            list.remove(0);
        }
    }

    /// A result from the network, arrived at `now`.
    pub fn net_event(&mut self, ev: NetEvent, now: Instant) {
        self.advance(now);
        match ev {
            NetEvent::SocketOpened { conn } => self.socket_opened(conn, now),
            NetEvent::SocketFailed { conn, error } => {
                self.note_error(&error);
                if let Some(l) = self.online.links.remove(&conn) {
                    self.drop_link(l.id);
                    self.emit(now, vec![line(format!("ERROR={NO_SERVER}"))]);
                }
            }
            NetEvent::SocketData { conn, data } => {
                if let Some(l) = self.online.links.get(&conn).copied() {
                    self.socket_data(l, data, now);
                }
            }
            NetEvent::SocketClosed { conn } => {
                if let Some(l) = self.online.links.remove(&conn) {
                    self.drop_link(l.id);
                    let closed = if l.udp { "UDP_CLOSE" } else { "DISCONNECT" };
                    self.emit(now, vec![line(closed)]);
                }
            }
            NetEvent::MqttConnected { conn } => self.mqtt_up(conn, now),
            NetEvent::MqttFailed { conn, error } => {
                self.note_error(&error);
                self.mqtt_failed(conn, now);
            }
            NetEvent::MqttDropped { conn, error } => {
                self.note_error(&error);
                self.mqtt_dropped(conn, now);
            }
            NetEvent::MqttAck { conn, ok } => self.mqtt_ack(conn, ok, now),
            NetEvent::MqttMessage {
                conn,
                topic,
                payload,
            } => {
                if self.online.mqtt_conn == Some(conn) && self.state.mqtt.status == 1 {
                    let answer = self.mqtt_delivery(&topic, payload);
                    self.emit(now, answer);
                }
            }
            NetEvent::HttpDone { token, result } => {
                if self.online.http != Some(token) {
                    return;
                }
                self.online.http = None;
                match result {
                    Ok(r) => {
                        if let Some(last) = self.state.http.requests.last_mut() {
                            last.status = r.status;
                        }
                        let mut answer = vec![line(r.status_line)];
                        answer.extend(r.headers.into_iter().map(line));
                        answer.extend([
                            line(""),
                            line(format!("$HTTPRECV:DATA,{}", r.body.len())),
                            Piece::Raw(r.body),
                            Piece::Raw(b"\r\n".to_vec()),
                            line("OK"),
                        ]);
                        self.emit(now, answer);
                    }
                    Err(e) => {
                        self.note_error(&e);
                        self.emit(now, vec![line(format!("ERROR={NO_SERVER}"))]);
                    }
                }
            }
        }
    }

    // ---- sockets ----

    /// `AT+QIOPEN` online: the link opens on the network; `CONNECT,ID:<n>` (and transparent
    /// mode) when it is up.
    /// `local_port` is the one asked for (0: the system picks).
    pub(crate) fn online_open(&mut self, sock: &Socket, local_port: u16, announce: bool) {
        let conn = self.token();
        let udp = sock.kind == SocketKind::Udp;
        self.online.links.insert(
            conn,
            Link {
                id: sock.link,
                announce,
                transparent: sock.transparent,
                udp,
            },
        );
        self.net(NetRequest::SocketOpen {
            conn,
            transport: if udp { Transport::Udp } else { Transport::Tcp },
            host: sock.host.clone(),
            port: sock.port,
            local_port,
        });
    }

    fn conn_of(&self, id: u8) -> Option<u64> {
        self.online
            .links
            .iter()
            .find(|(_, l)| l.id == id)
            .map(|(c, _)| *c)
    }

    /// Bytes the module sends on link `id`.
    pub(crate) fn online_send(&mut self, id: u8, data: Vec<u8>) {
        if let Some(conn) = self.conn_of(id) {
            self.net(NetRequest::SocketSend { conn, data });
        }
    }

    /// `AT+QICLOSE` online.
    pub(crate) fn online_close(&mut self, id: u8) {
        if let Some(conn) = self.conn_of(id) {
            self.online.links.remove(&conn);
            self.net(NetRequest::SocketClose { conn });
        }
    }

    fn socket_opened(&mut self, conn: u64, now: Instant) {
        let Some(l) = self.online.links.get(&conn).copied() else {
            return;
        };
        if l.announce {
            let text = self.dialect().connect_line(l.id);
            self.emit(now, vec![line(text)]);
        }
        if l.transparent {
            self.start_data(DataTarget::Socket(l.id));
        }
    }

    fn socket_data(&mut self, l: Link, data: Vec<u8>, now: Instant) {
        let answer = if l.transparent {
            vec![Piece::Raw(data)]
        } else {
            vec![
                line(format!("+RECEIVE,{},{}:", l.id, data.len())),
                Piece::Raw(data),
                Piece::Raw(b"\r\n".to_vec()),
            ]
        };
        self.emit(now, answer);
    }

    fn drop_link(&mut self, id: u8) {
        self.state.sockets.retain(|s| s.link != id);
        self.end_data_for(id);
    }

    // ---- MQTT ----

    /// Starts a connect attempt on the network (the module's `mqtt_token` names it).
    pub(crate) fn online_mqtt_start(&mut self, now: Instant) {
        if let Some(old) = self.online.mqtt_conn.take() {
            self.net(NetRequest::MqttDisconnect { conn: old });
        }
        self.online.acks.clear();
        let Some(broker) = self.state.mqtt.broker.clone() else {
            self.state.mqtt.status = 0;
            return;
        };
        if !self.state.network_up {
            self.state.mqtt.status = 0;
            let delay = self.timing().mqtt_connect;
            let at = self.later(now, delay);
            self.schedule(at, Event::Emit(vec![line(format!("ERROR={MQTT_FAILED}"))]));
            return;
        }
        let m = &self.state.mqtt;
        let client = m.client.clone().unwrap_or_default();
        let client_id = if client.client_id.is_empty() {
            self.state.imei.clone()
        } else {
            client.client_id.clone()
        };
        let credentials =
            (!client.user.is_empty()).then(|| (client.user.clone(), client.password.clone()));
        let will = (!client.will_topic.is_empty()).then(|| {
            (
                client.will_topic.clone(),
                client.will_message.clone().into_bytes(),
                client.will_qos,
                client.will_retain == 1,
            )
        });
        let tls = m.certificate.as_ref().filter(|c| c.mode == 1).map(|c| {
            if c.verify == 1 {
                TlsCheck::Ca(c.data.clone())
            } else {
                TlsCheck::NoVerify
            }
        });
        let params = MqttParams {
            host: broker.host,
            port: broker.port,
            client_id,
            credentials,
            keepalive: m.keepalive,
            clean_session: m.clean_session == 1,
            will,
            tls,
        };
        let conn = self.mqtt_token;
        self.online.mqtt_conn = Some(conn);
        self.net(NetRequest::MqttConnect { conn, params });
    }

    fn mqtt_up(&mut self, conn: u64, now: Instant) {
        if conn != self.mqtt_token || self.state.mqtt.status != 2 {
            return;
        }
        self.state.mqtt.status = 1;
        self.online.retrying = false;
        self.emit(now, vec![line("MQTTCONNECT")]);
        // The module keeps its subscription list across a reconnect.
        for (topic, qos) in self.state.mqtt.subscriptions.clone() {
            self.online.acks.push_back(Ack::Silent);
            self.net(NetRequest::MqttSubscribe { conn, topic, qos });
        }
    }

    fn mqtt_failed(&mut self, conn: u64, now: Instant) {
        if conn != self.mqtt_token || self.state.mqtt.status != 2 {
            return;
        }
        self.online.mqtt_conn = None;
        self.emit(now, vec![line(format!("ERROR={MQTT_FAILED}"))]);
        let reconnect = self.state.mqtt.broker.as_ref().is_some_and(|b| b.reconnect);
        if reconnect && self.online.retrying {
            self.retry_mqtt(now);
        } else {
            self.state.mqtt.status = 0;
        }
    }

    fn mqtt_dropped(&mut self, conn: u64, now: Instant) {
        if conn != self.mqtt_token || self.state.mqtt.status != 1 {
            return;
        }
        self.online.mqtt_conn = None;
        self.online.acks.clear();
        self.emit(now, vec![line("MQTTDISCONNECT")]);
        let reconnect = self.state.mqtt.broker.as_ref().is_some_and(|b| b.reconnect);
        if reconnect {
            self.online.retrying = true;
            self.retry_mqtt(now);
        } else {
            self.state.mqtt.status = 0;
        }
    }

    /// Another attempt after the connect delay (`MQTTCONNECT` or `ERROR=203` follows).
    fn retry_mqtt(&mut self, now: Instant) {
        self.state.mqtt.status = 2;
        let token = self.token();
        self.mqtt_token = token;
        let at = now + self.timing().mqtt_connect;
        self.schedule(at, Event::MqttConnect { token });
    }

    fn mqtt_ack(&mut self, conn: u64, granted: bool, now: Instant) {
        if self.online.mqtt_conn != Some(conn) {
            return;
        }
        match self.online.acks.pop_front() {
            Some(Ack::Sub(topic, qos)) if granted => {
                let subs = &mut self.state.mqtt.subscriptions;
                match subs.iter_mut().find(|(t, _)| *t == topic) {
                    Some(s) => s.1 = qos,
                    None => subs.push((topic, qos)),
                }
                self.emit(now, ok());
            }
            Some(Ack::Sub(..)) => {
                self.emit(now, vec![line(format!("ERROR={MQTT_FAILED}"))]);
            }
            Some(Ack::Unsub(topic)) => {
                self.state.mqtt.subscriptions.retain(|(t, _)| *t != topic);
                self.emit(now, ok());
            }
            Some(Ack::Silent) | None => {}
        }
    }

    /// `AT+QMTSUB` online: `OK` once the broker granted it.
    pub(crate) fn online_subscribe(&mut self, topic: String, qos: u8) {
        let conn = self.mqtt_token;
        self.online.acks.push_back(Ack::Sub(topic.clone(), qos));
        self.net(NetRequest::MqttSubscribe { conn, topic, qos });
    }

    /// `AT+QMTUNSUB` online: `OK` once the broker answered.
    pub(crate) fn online_unsubscribe(&mut self, topic: String) {
        let conn = self.mqtt_token;
        self.online.acks.push_back(Ack::Unsub(topic.clone()));
        self.net(NetRequest::MqttUnsubscribe { conn, topic });
    }

    /// A publish goes to the broker (which delivers it back if the module subscribed).
    pub(crate) fn online_publish(&mut self, topic: String, qos: u8, retain: u8, payload: Vec<u8>) {
        let conn = self.mqtt_token;
        self.net(NetRequest::MqttPublish {
            conn,
            topic,
            qos,
            retain: retain == 1,
            payload,
        });
    }

    /// `AT+QMTDISC` online.
    pub(crate) fn online_mqtt_stop(&mut self) {
        self.online.acks.clear();
        self.online.retrying = false;
        if let Some(conn) = self.online.mqtt_conn.take() {
            self.net(NetRequest::MqttDisconnect { conn });
        }
    }

    // ---- HTTP ----

    /// `AT+HTTPACTION` online: the real request; the answer when it ends.
    pub(crate) fn online_http(&mut self, params: HttpParams) {
        let token = self.token();
        self.online.http = Some(token);
        self.net(NetRequest::Http { token, params });
    }

    /// The HTTPS check from the module's settings.
    pub(crate) fn http_tls(&self, https: u8, cert: u8) -> Option<TlsCheck> {
        let uploaded = self
            .state
            .http
            .certificate
            .as_ref()
            .map(|c| (c.data.as_slice(), c.verify == 1));
        super::http::tls_for(https == 1, cert == 1, uploaded)
    }

    // ---- power ----

    /// A restart or unplug: every link and session ends.
    pub(crate) fn online_reset(&mut self) {
        let links: Vec<u64> = self.online.links.keys().copied().collect();
        for conn in links {
            self.net(NetRequest::SocketClose { conn });
        }
        self.online.links.clear();
        self.online_mqtt_stop();
        self.online.http = None;
    }
}
