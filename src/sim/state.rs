//! Every setting the simulated module holds, open to tests.

use super::config::{LineSettings, SimConfig};

/// Whether the module runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Power {
    /// Running and answering.
    #[default]
    On,
    /// Restarting: silent, ignoring input, until `RDY`.
    Booting,
    /// Unplugged.
    Off,
}

/// One GPIO pin (IO1..IO3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gpio {
    /// 0 output low, 1 output high, 2 input, 3 high impedance.
    pub dir: u8,
    /// 0 floating, 1 pull-down, 2 pull-up (inputs only).
    pub pull: u8,
    /// A level driven onto the pin from outside (what an input then reads), if any.
    pub external: Option<u8>,
}

/// Transport of a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SocketKind {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
}

impl SocketKind {
    /// `"TCP"` or `"UDP"`.
    pub fn name(self) -> &'static str {
        match self {
            SocketKind::Tcp => "TCP",
            SocketKind::Udp => "UDP",
        }
    }
}

/// An open socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Socket {
    /// Link id, 3..=20.
    pub link: u8,
    /// TCP or UDP.
    pub kind: SocketKind,
    /// Server address as given.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Local port (an ephemeral one when 0 was asked).
    pub local_port: u16,
    /// Transparent (`1`) or AT mode (`0`).
    pub transparent: bool,
    /// Every byte sent to the server on this link.
    pub sent: Vec<u8>,
}

/// A saved TCP pairing client (`AT+SIMPLECLIENT`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimpleClient {
    /// TCP or UDP.
    pub kind: SocketKind,
    /// Server address.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Local port.
    pub local_port: u16,
    /// Transparent after connecting.
    pub transparent: bool,
}

/// `AT+QMTCFG` values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MqttClient {
    /// Client id.
    pub client_id: String,
    /// User name.
    pub user: String,
    /// Password.
    pub password: String,
    /// Will QoS.
    pub will_qos: u8,
    /// Will retain flag.
    pub will_retain: u8,
    /// Will topic.
    pub will_topic: String,
    /// Will message.
    pub will_message: String,
}

/// `AT+QMTCONNCFG` values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MqttBroker {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Reconnect automatically.
    pub reconnect: bool,
}

/// A TLS certificate given through a `>` prompt.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Certificate {
    /// MQTTCERTIFI mode (0 MQTT, 1 MQTTS); 0 for HTTP.
    pub mode: u8,
    /// 0 no verification, 1 server (one-way).
    pub verify: u8,
    /// The bytes received.
    pub data: Vec<u8>,
}

/// A message the module published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    /// Topic.
    pub topic: String,
    /// QoS.
    pub qos: u8,
    /// Retain flag.
    pub retain: u8,
    /// Payload.
    pub payload: Vec<u8>,
}

/// Everything MQTT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MqttState {
    /// `AT+QMTCFG`, if set.
    pub client: Option<MqttClient>,
    /// `AT+QMTCONNCFG`, if set.
    pub broker: Option<MqttBroker>,
    /// `AT+QMTSTART`: clean session.
    pub clean_session: u8,
    /// `AT+QMTSTART`: keep-alive seconds.
    pub keepalive: u16,
    /// Subscribed topics with their QoS, in order.
    pub subscriptions: Vec<(String, u8)>,
    /// 0 not connected, 1 connected, 2 connecting (`AT+QMTSTATU`).
    pub status: u8,
    /// `AT+MQTTCERTIFI`, if set.
    pub certificate: Option<Certificate>,
    /// Every message published, oldest first.
    pub published: Vec<Publication>,
}

impl Default for MqttState {
    fn default() -> Self {
        MqttState {
            client: None,
            broker: None,
            clean_session: 1,
            keepalive: 60,
            subscriptions: Vec::new(),
            status: 0,
            certificate: None,
            published: Vec::new(),
        }
    }
}

/// `AT+HTTPPARA` values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpTarget {
    /// URL.
    pub url: String,
    /// Port.
    pub port: u16,
    /// 0 HTTP, 1 HTTPS.
    pub https: u8,
    /// 0 no certificate check, 1 one-way.
    pub cert: u8,
}

/// A request the module sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, `PUT`, `DELETE` or `HEAD`.
    pub method: String,
    /// URL.
    pub url: String,
    /// Headers sent.
    pub headers: Vec<(String, String)>,
    /// Body sent.
    pub body: Vec<u8>,
    /// Status answered.
    pub status: u16,
}

/// Everything HTTP.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpState {
    /// `AT+HTTPPARA`, if set.
    pub target: Option<HttpTarget>,
    /// `AT+HTTPRQH` headers, in order; a key set again replaces its value.
    pub headers: Vec<(String, String)>,
    /// `AT+HTTPDATA` body.
    pub body: Vec<u8>,
    /// `AT+HTTPCERTIFI`, if set.
    pub certificate: Option<Certificate>,
    /// Every request sent, oldest first.
    pub requests: Vec<HttpRequest>,
}

/// Every setting the simulated module holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimState {
    /// Running, restarting or unplugged.
    pub power: Power,
    /// How many times it restarted (commands, replug).
    pub restarts: u32,
    /// `ATE`.
    pub echo: bool,
    /// The module's UART now.
    pub line: LineSettings,
    /// The UART it will use after the next restart (`AT+IPR=`).
    pub saved_line: LineSettings,
    /// What the host's end of the line is set to.
    pub host_line: LineSettings,
    /// The host's DTR output.
    pub dtr: bool,
    /// SIM ICCID; `None`: no SIM.
    pub iccid: Option<String>,
    /// IMEI.
    pub imei: String,
    /// Firmware version.
    pub firmware: String,
    /// `AT+SINGLESIM` slot.
    pub single_sim: u8,
    /// IO1..IO3.
    pub gpio: [Gpio; 3],
    /// `AT+SYSSLEEP`.
    pub sys_sleep: bool,
    /// `AT+CSCLK`.
    pub csclk: bool,
    /// Whether the module sleeps now.
    pub asleep: bool,
    /// `AT+CREG` n.
    pub creg_n: u8,
    /// `AT+CREG` stat.
    pub creg_stat: u8,
    /// `NETWORK_ACTIVATE_SUCCESS` was printed since the last restart (data network up).
    pub network_up: bool,
    /// `AT+CSQ` rssi.
    pub csq_rssi: u8,
    /// `AT+CSQ` ber.
    pub csq_ber: u8,
    /// `AT+QNTP` server and port.
    pub ntp_server: Option<(String, u16)>,
    /// The module's clock (seconds since 1970 on its wall clock) when it was last set.
    pub clock: i64,
    /// Open sockets, by link id.
    pub sockets: Vec<Socket>,
    /// In transparent data mode (socket or continuous MQTT publish).
    pub data_mode: bool,
    /// `AT+SIMPLEMODE` mode.
    pub simple_mode: u8,
    /// `AT+SIMPLEMODE` sub-mode.
    pub simple_sub: u8,
    /// `AT+SIMPLECLIENT`, if saved.
    pub simple_client: Option<SimpleClient>,
    /// MQTT.
    pub mqtt: MqttState,
    /// HTTP.
    pub http: HttpState,
    /// The last `AT+OTA=` mode and URL.
    pub ota: Option<(u8, String)>,
    /// A `+STREAM` test stream's rate in bytes per second, when running.
    pub stream_rate: Option<u32>,
    /// Every command line received, in order (without line ending).
    pub received_lines: Vec<String>,
    /// Online mode: why network operations failed (DNS, refused, TLS, broker refusal…), the
    /// last 100, oldest first. The module itself only prints the manual's error codes.
    pub online_errors: Vec<String>,
}

impl SimState {
    /// A freshly powered module as configured.
    pub fn new(cfg: &SimConfig) -> SimState {
        SimState {
            power: Power::On,
            restarts: 0,
            echo: true,
            line: cfg.line,
            saved_line: cfg.line,
            host_line: cfg.line,
            dtr: true,
            iccid: cfg.iccid.clone(),
            imei: cfg.imei.clone(),
            firmware: cfg.firmware.clone(),
            single_sim: 0,
            gpio: [Gpio {
                dir: 2,
                pull: 0,
                external: None,
            }; 3],
            sys_sleep: false,
            csclk: false,
            asleep: false,
            creg_n: 0,
            creg_stat: cfg.creg_stat,
            network_up: cfg.iccid.is_some() && matches!(cfg.creg_stat, 1 | 5),
            csq_rssi: cfg.csq.0,
            csq_ber: cfg.csq.1,
            ntp_server: None,
            clock: cfg.clock_start,
            sockets: Vec::new(),
            data_mode: false,
            simple_mode: 0,
            simple_sub: 0,
            simple_client: None,
            mqtt: MqttState::default(),
            http: HttpState::default(),
            ota: None,
            stream_rate: None,
            received_lines: Vec::new(),
            online_errors: Vec::new(),
        }
    }

    /// The socket with this link id.
    pub fn socket(&self, link: u8) -> Option<&Socket> {
        self.sockets.iter().find(|s| s.link == link)
    }

    /// Whether the registration state allows data (`stat` 1 or 5).
    pub fn registered(&self) -> bool {
        matches!(self.creg_stat, 1 | 5)
    }
}
