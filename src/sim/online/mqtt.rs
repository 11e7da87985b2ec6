//! The module's MQTT 3.1.1 client over the real network (rumqttc). One thread per connect
//! attempt drives rumqttc's event loop and posts what happens; the module's thread only queues
//! requests on it (`try_*`, never blocking).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rumqttc::{
    Client, ConnectReturnCode, ConnectionError, Event, LastWill, MqttOptions, Outgoing, Packet,
    QoS, SubscribeReasonCode, TlsConfiguration, Transport,
};

use super::tls::{client_config, is_certificate_error};
use super::{CONNECT_TIMEOUT, MqttParams, NetError, NetEvent, Poster, reserved_invalid, spawn};

/// Requests rumqttc queues before `try_*` refuses more.
const QUEUE: usize = 256;

/// One MQTT session of the module.
pub(super) struct Session {
    client: Option<Client>,
    stop: Arc<AtomicBool>,
}

/// An MQTT QoS from the module's number.
pub fn qos(n: u8) -> QoS {
    match n {
        0 => QoS::AtMostOnce,
        1 => QoS::AtLeastOnce,
        _ => QoS::ExactlyOnce,
    }
}

impl Session {
    pub(super) fn subscribe(&self, topic: String, q: u8) {
        if let Some(c) = &self.client {
            let _ = c.try_subscribe(topic, qos(q));
        }
    }

    pub(super) fn unsubscribe(&self, topic: String) {
        if let Some(c) = &self.client {
            let _ = c.try_unsubscribe(topic);
        }
    }

    pub(super) fn publish(&self, topic: String, q: u8, retain: bool, payload: Vec<u8>) {
        if let Some(c) = &self.client {
            let _ = c.try_publish(topic, qos(q), retain, payload);
        }
    }

    pub(super) fn disconnect(self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(c) = &self.client {
            let _ = c.try_disconnect();
        }
    }
}

/// rumqttc options for these settings (TLS set up as the module would).
pub fn options(p: &MqttParams) -> Result<MqttOptions, NetError> {
    let mut o = MqttOptions::new(p.client_id.clone(), p.host.clone(), p.port);
    let keepalive = Duration::from_secs(u64::from(p.keepalive));
    o.set_keep_alive(keepalive);
    // rumqttc refuses a persistent session without a client id; so does MQTT 3.1.1.
    o.set_clean_session(p.clean_session || p.client_id.is_empty());
    if let Some((user, pass)) = &p.credentials {
        o.set_credentials(user.clone(), pass.clone());
    }
    if let Some((topic, message, q, retain)) = &p.will {
        o.set_last_will(LastWill::new(
            topic.clone(),
            message.clone(),
            qos(*q),
            *retain,
        ));
    }
    o.set_max_packet_size(64 * 1024, 64 * 1024);
    if let Some(check) = &p.tls {
        let config = client_config(check).map_err(|e| NetError::Tls(e.to_string()))?;
        o.set_transport(Transport::tls_with_config(TlsConfiguration::Rustls(config)));
    }
    Ok(o)
}

/// A connection error in the module's terms.
pub fn classify(e: &ConnectionError, tls: bool, what: &str) -> NetError {
    let text = e.to_string();
    match e {
        ConnectionError::ConnectionRefused(code) => NetError::Rejected(refusal(*code).into()),
        ConnectionError::NetworkTimeout => NetError::Timeout(what.into()),
        ConnectionError::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => NetError::Refused(what.into()),
            std::io::ErrorKind::TimedOut => NetError::Timeout(what.into()),
            _ if tls && is_certificate_error(&text) => NetError::Tls(text),
            _ if text.contains("lookup") || text.contains("resolve") => NetError::Dns(what.into()),
            _ if tls => NetError::Tls(text),
            _ => NetError::Other(format!("{what}: {text}")),
        },
        ConnectionError::Tls(_) => NetError::Tls(text),
        _ => NetError::Other(format!("{what}: {text}")),
    }
}

/// The CONNACK return code in words.
pub fn refusal(code: ConnectReturnCode) -> &'static str {
    match code {
        ConnectReturnCode::Success => "accepted",
        ConnectReturnCode::RefusedProtocolVersion => "unacceptable protocol version (1)",
        ConnectReturnCode::BadClientId => "client id rejected (2)",
        ConnectReturnCode::ServiceUnavailable => "server unavailable (3)",
        ConnectReturnCode::BadUserNamePassword => "bad user name or password (4)",
        ConnectReturnCode::NotAuthorized => "not authorised (5)",
    }
}

/// Starts a connect attempt; events for `conn` follow.
pub(super) fn connect(conn: u64, p: MqttParams, post: Poster) -> Session {
    let stop = Arc::new(AtomicBool::new(false));
    if reserved_invalid(&p.host) {
        post(NetEvent::MqttFailed {
            conn,
            error: NetError::Dns(p.host.clone()),
        });
        return Session { client: None, stop };
    }
    let opts = match options(&p) {
        Ok(o) => o,
        Err(error) => {
            post(NetEvent::MqttFailed { conn, error });
            return Session { client: None, stop };
        }
    };
    let (client, mut connection) = Client::new(opts, QUEUE);
    let mut net = connection.eventloop.network_options();
    net.set_connection_timeout(CONNECT_TIMEOUT.as_secs());
    connection.eventloop.set_network_options(net);
    let thread_stop = Arc::clone(&stop);
    let fail = Arc::clone(&post);
    let what = format!("{}:{}", p.host, p.port);
    let tls = p.tls.is_some();
    spawn(
        "ct11-sim-mqtt",
        move || {
            let mut connected = false;
            for ev in connection.iter() {
                if thread_stop.load(Ordering::SeqCst) {
                    break;
                }
                match ev {
                    Ok(Event::Incoming(Packet::ConnAck(ack))) => {
                        if ack.code == ConnectReturnCode::Success {
                            connected = true;
                            post(NetEvent::MqttConnected { conn });
                        } else {
                            post(NetEvent::MqttFailed {
                                conn,
                                error: NetError::Rejected(refusal(ack.code).into()),
                            });
                            break;
                        }
                    }
                    Ok(Event::Incoming(Packet::Publish(m))) => post(NetEvent::MqttMessage {
                        conn,
                        topic: m.topic.clone(),
                        payload: m.payload.to_vec(),
                    }),
                    Ok(Event::Incoming(Packet::SubAck(s))) => post(NetEvent::MqttAck {
                        conn,
                        ok: s
                            .return_codes
                            .iter()
                            .all(|c| !matches!(c, SubscribeReasonCode::Failure)),
                    }),
                    Ok(Event::Incoming(Packet::UnsubAck(_))) => {
                        post(NetEvent::MqttAck { conn, ok: true })
                    }
                    Ok(Event::Outgoing(Outgoing::Disconnect)) => break,
                    Ok(_) => {}
                    Err(e) => {
                        if thread_stop.load(Ordering::SeqCst) {
                            break;
                        }
                        let error = classify(&e, tls, &what);
                        if connected {
                            post(NetEvent::MqttDropped { conn, error });
                        } else {
                            post(NetEvent::MqttFailed { conn, error });
                        }
                        break;
                    }
                }
            }
        },
        move |e| {
            fail(NetEvent::MqttFailed {
                conn,
                error: NetError::Other(e),
            })
        },
    );
    Session {
        client: Some(client),
        stop,
    }
}
