//! The online simulated module: the same command parsing and answers as the offline one, but
//! sockets, MQTT and HTTP go out from this computer's network stack.
//!
//! The module's state machine stays pure (`SimModule`: bytes in, bytes out, explicit time). In
//! online mode ([`SimConfig::online`](crate::sim::SimConfig::online)) it does not invent the
//! network's answers: it queues [`NetRequest`]s, which the thread running the module hands to a
//! [`Network`] (here [`RealNet`]). The network works on its own background threads and posts
//! [`NetEvent`]s back to the module's thread, which feeds them to
//! `SimModule::net_event` at the time they arrive. The module therefore never blocks on the
//! network.
//!
//! - `tcp.rs`: `AT+QIOPEN` TCP and UDP links (AT and transparent mode).
//! - `mqtt.rs`: the MQTT 3.1.1 client (rumqttc) with the QMTCFG/QMTSTART/QMTCONNCFG settings.
//! - `http.rs`: `AT+HTTPACTION`, a small HTTP/1.1 client that keeps the server's own status
//!   line and headers.
//! - `tls.rs`: rustls settings from an uploaded certificate (`MQTTCERTIFI`/`HTTPCERTIFI`).
//! - `effects.rs`: what the module prints when a network result arrives.
//!
//! What stays simulated in online mode: `AT+QPING` and `AT+QNTP` (the answers are made up as
//! offline), the SIM, the registration and the signal. Names in `.invalid` fail as a DNS failure
//! without asking any resolver (RFC 6761), so tests never leave the machine.

mod effects;
pub mod http;
pub mod mqtt;
mod tcp;
pub mod tls;

use std::collections::HashMap;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::Sender;

pub(crate) use effects::OnlineState;

/// How long a TCP connect or an HTTP exchange may take before the module reports a failure.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Transport of a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
}

/// Why a network operation failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    /// The name does not resolve.
    #[error("the name {0} does not resolve (DNS failure)")]
    Dns(String),
    /// Nothing listens there.
    #[error("connection refused by {0}")]
    Refused(String),
    /// No answer in time.
    #[error("no answer from {0} in time")]
    Timeout(String),
    /// The TLS handshake failed (certificate refused, or the server speaks no TLS).
    #[error("TLS failed: {0}")]
    Tls(String),
    /// The MQTT broker refused the connection in its CONNACK (code as the broker sent it).
    #[error("the broker refused the connection: {0}")]
    Rejected(String),
    /// Any other failure.
    #[error("{0}")]
    Other(String),
}

/// The MQTT client settings of one connect attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MqttParams {
    /// Broker host.
    pub host: String,
    /// Broker port.
    pub port: u16,
    /// Client id.
    pub client_id: String,
    /// User name and password (when a user name is set).
    pub credentials: Option<(String, String)>,
    /// Keep-alive in seconds (0: off).
    pub keepalive: u16,
    /// Clean session.
    pub clean_session: bool,
    /// Last will: topic, message, QoS, retain.
    pub will: Option<(String, Vec<u8>, u8, bool)>,
    /// TLS, and how the server is checked; `None`: plain TCP.
    pub tls: Option<tls::TlsCheck>,
}

/// One HTTP request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpParams {
    /// `GET`, `POST`, `PUT`, `DELETE` or `HEAD`.
    pub method: String,
    /// URL as given to `AT+HTTPPARA` (scheme optional).
    pub url: String,
    /// Port.
    pub port: u16,
    /// TLS, and how the server is checked; `None`: plain HTTP.
    pub tls: Option<tls::TlsCheck>,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// Body (sent with POST and PUT).
    pub body: Vec<u8>,
}

/// What the module asks of the network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetRequest {
    /// Open a link; `conn` names it from now on.
    SocketOpen {
        conn: u64,
        transport: Transport,
        host: String,
        port: u16,
        local_port: u16,
    },
    /// Send bytes on a link.
    SocketSend { conn: u64, data: Vec<u8> },
    /// Close a link (no event follows).
    SocketClose { conn: u64 },
    /// Connect to a broker; `conn` names the session.
    MqttConnect { conn: u64, params: MqttParams },
    /// Subscribe (a [`NetEvent::MqttAck`] follows).
    MqttSubscribe { conn: u64, topic: String, qos: u8 },
    /// Unsubscribe (a [`NetEvent::MqttAck`] follows).
    MqttUnsubscribe { conn: u64, topic: String },
    /// Publish.
    MqttPublish {
        conn: u64,
        topic: String,
        qos: u8,
        retain: bool,
        payload: Vec<u8>,
    },
    /// Disconnect (no event follows).
    MqttDisconnect { conn: u64 },
    /// Make an HTTP request.
    Http { token: u64, params: HttpParams },
}

/// A raw HTTP response: the status line and header lines exactly as the server sent them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// `HTTP/1.1 200 OK`.
    pub status_line: String,
    /// The status code.
    pub status: u16,
    /// Header lines (`Name: value`), in order.
    pub headers: Vec<String>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

/// What the network reports back to the module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetEvent {
    /// The link is up.
    SocketOpened { conn: u64 },
    /// The link could not be opened.
    SocketFailed { conn: u64, error: NetError },
    /// Bytes from the server.
    SocketData { conn: u64, data: Vec<u8> },
    /// The server closed the link.
    SocketClosed { conn: u64 },
    /// The broker accepted the connection.
    MqttConnected { conn: u64 },
    /// The connection attempt failed.
    MqttFailed { conn: u64, error: NetError },
    /// A subscribe or unsubscribe was answered (`ok: false`: the broker refused it).
    MqttAck { conn: u64, ok: bool },
    /// A message from the broker.
    MqttMessage {
        conn: u64,
        topic: String,
        payload: Vec<u8>,
    },
    /// An established connection broke.
    MqttDropped { conn: u64, error: NetError },
    /// An HTTP request ended.
    HttpDone {
        token: u64,
        result: Result<HttpResponse, NetError>,
    },
}

/// Where network results go: a function the network threads call (it posts to the module's
/// thread and wakes it).
pub type Poster = Arc<dyn Fn(NetEvent) + Send + Sync>;

/// The network the module's thread hands requests to.
pub trait Network: Send {
    /// Starts the work a request asks for; must not block.
    fn request(&mut self, req: NetRequest);
}

/// The real network of this computer: one background thread per link, MQTT session and HTTP
/// request.
pub struct RealNet {
    post: Poster,
    sockets: HashMap<u64, Sender<tcp::SocketCmd>>,
    mqtt: HashMap<u64, mqtt::Session>,
}

impl std::fmt::Debug for RealNet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RealNet")
            .field("sockets", &self.sockets.len())
            .field("mqtt", &self.mqtt.len())
            .finish()
    }
}

impl RealNet {
    /// A network whose results go to `post`.
    pub fn new(post: Poster) -> RealNet {
        RealNet {
            post,
            sockets: HashMap::new(),
            mqtt: HashMap::new(),
        }
    }
}

impl Network for RealNet {
    fn request(&mut self, req: NetRequest) {
        match req {
            NetRequest::SocketOpen {
                conn,
                transport,
                host,
                port,
                local_port,
            } => {
                let tx = tcp::open(
                    conn,
                    transport,
                    host,
                    port,
                    local_port,
                    Arc::clone(&self.post),
                );
                self.sockets.insert(conn, tx);
            }
            NetRequest::SocketSend { conn, data } => {
                if let Some(tx) = self.sockets.get(&conn) {
                    let _ = tx.send(tcp::SocketCmd::Send(data));
                }
            }
            NetRequest::SocketClose { conn } => {
                if let Some(tx) = self.sockets.remove(&conn) {
                    let _ = tx.send(tcp::SocketCmd::Close);
                }
            }
            NetRequest::MqttConnect { conn, params } => {
                let session = mqtt::connect(conn, params, Arc::clone(&self.post));
                self.mqtt.insert(conn, session);
            }
            NetRequest::MqttSubscribe { conn, topic, qos } => {
                if let Some(s) = self.mqtt.get(&conn) {
                    s.subscribe(topic, qos);
                }
            }
            NetRequest::MqttUnsubscribe { conn, topic } => {
                if let Some(s) = self.mqtt.get(&conn) {
                    s.unsubscribe(topic);
                }
            }
            NetRequest::MqttPublish {
                conn,
                topic,
                qos,
                retain,
                payload,
            } => {
                if let Some(s) = self.mqtt.get(&conn) {
                    s.publish(topic, qos, retain, payload);
                }
            }
            NetRequest::MqttDisconnect { conn } => {
                if let Some(s) = self.mqtt.remove(&conn) {
                    s.disconnect();
                }
            }
            NetRequest::Http { token, params } => {
                let post = Arc::clone(&self.post);
                let spawned = std::thread::Builder::new()
                    .name("ct11-sim-http".into())
                    .spawn(move || {
                        let result = http::request(&params, CONNECT_TIMEOUT);
                        post(NetEvent::HttpDone { token, result });
                    });
                if let Err(e) = spawned {
                    (self.post)(NetEvent::HttpDone {
                        token,
                        result: Err(NetError::Other(e.to_string())),
                    });
                }
            }
        }
    }
}

impl Drop for RealNet {
    fn drop(&mut self) {
        for (_, tx) in self.sockets.drain() {
            let _ = tx.send(tcp::SocketCmd::Close);
        }
        for (_, s) in self.mqtt.drain() {
            s.disconnect();
        }
    }
}

/// Resolves `host:port`. Names in `.invalid` never resolve and are not looked up.
pub fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, NetError> {
    if reserved_invalid(host) {
        return Err(NetError::Dns(host.to_string()));
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = (bare, port)
        .to_socket_addrs()
        .map_err(|_| NetError::Dns(host.to_string()))?
        .collect();
    if addrs.is_empty() {
        return Err(NetError::Dns(host.to_string()));
    }
    Ok(addrs)
}

/// A connect error in the manual's terms.
pub(crate) fn connect_error(e: &std::io::Error, what: &str) -> NetError {
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused => NetError::Refused(what.to_string()),
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
            NetError::Timeout(what.to_string())
        }
        _ => NetError::Other(format!("{what}: {e}")),
    }
}

/// Spawns a named background thread; on failure reports through `on_fail`.
pub(crate) fn spawn(name: &str, f: impl FnOnce() + Send + 'static, on_fail: impl FnOnce(String)) {
    if let Err(e) = std::thread::Builder::new().name(name.into()).spawn(f) {
        on_fail(e.to_string());
    }
}

/// Whether a host name is in the reserved `.invalid` top-level domain (RFC 6761: it never
/// resolves, so it is not looked up).
pub fn reserved_invalid(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    h == "invalid" || h.ends_with(".invalid")
}
