//! One view of the module shared by the status strip, every form and the terminal: whatever any
//! answer revealed (a form's read, a status refresh, a line typed in the terminal) updates it.

use crate::at::Reply;
use crate::at::answer::Answer;
use crate::at::basic::{self, GpioLevel, UartConfig};
use crate::at::frame::FrameKind;
use crate::at::http::{Header, HttpResponse, HttpTarget};
use crate::at::mqtt::{CertInfo, MqttBroker, MqttClient, MqttSession, MqttState, Subscription};
use crate::at::network::{CellInfo, ModuleTime, NtpServer, PingResult, Registration, Signal};
use crate::at::socket::{self, PairingMode, SocketInfo, SocketTarget};
use crate::at::urc::Urc;
use crate::worker::LinkState;
use std::collections::VecDeque;
use std::time::Instant;

/// Most signal samples kept for the live plot.
pub const SIGNAL_HISTORY: usize = 3600;

/// Everything known about the connected module. `None` means "not read yet".
#[derive(Clone, Debug)]
pub struct ModuleView {
    pub link: LinkState,
    pub data_mode: bool,
    pub firmware: Option<String>,
    pub imei: Option<String>,
    /// `Some(None)`: read, no SIM detected.
    pub iccid: Option<Option<String>>,
    pub registration: Option<Registration>,
    pub signal: Option<Signal>,
    /// (seconds since the view started, dBm) for the live plot.
    pub signal_history: VecDeque<(f64, f64)>,
    pub cell: Option<CellInfo>,
    pub time: Option<ModuleTime>,
    pub ntp: Option<Option<NtpServer>>,
    pub last_ping: Option<PingResult>,
    pub uart: Option<UartConfig>,
    pub sim_slot: Option<u8>,
    pub echo: Option<bool>,
    pub sys_sleep: Option<bool>,
    pub csclk: Option<bool>,
    pub gpio: [Option<GpioLevel>; 3],
    pub sockets: Option<Vec<SocketInfo>>,
    pub pairing: Option<PairingMode>,
    pub simple_client: Option<Option<SocketTarget>>,
    pub mqtt_client: Option<MqttClient>,
    pub mqtt_broker: Option<Option<MqttBroker>>,
    pub mqtt_session: Option<MqttSession>,
    pub subscriptions: Option<Vec<Subscription>>,
    pub mqtt_state: Option<MqttState>,
    pub mqtt_cert: Option<CertInfo>,
    pub http_target: Option<HttpTarget>,
    pub http_headers: Option<Vec<Header>>,
    pub http_cert: Option<CertInfo>,
    pub last_http: Option<HttpResponse>,
    /// The last error the module printed on its own (shown under the status strip).
    pub alert: Option<super::alert::ModuleAlert>,
    /// Bumped on every change, so panels can notice new values cheaply.
    pub generation: u64,
    started: Instant,
}

impl Default for ModuleView {
    fn default() -> Self {
        Self {
            link: LinkState::Disconnected,
            data_mode: false,
            firmware: None,
            imei: None,
            iccid: None,
            registration: None,
            signal: None,
            signal_history: VecDeque::new(),
            cell: None,
            time: None,
            ntp: None,
            last_ping: None,
            uart: None,
            sim_slot: None,
            echo: None,
            sys_sleep: None,
            csclk: None,
            gpio: [None; 3],
            sockets: None,
            pairing: None,
            simple_client: None,
            mqtt_client: None,
            mqtt_broker: None,
            mqtt_session: None,
            subscriptions: None,
            mqtt_state: None,
            mqtt_cert: None,
            http_target: None,
            http_headers: None,
            http_cert: None,
            last_http: None,
            alert: None,
            generation: 0,
            started: Instant::now(),
        }
    }
}

impl ModuleView {
    /// Forget everything read from the module (new connection, or another module).
    pub fn forget(&mut self) {
        let link = self.link.clone();
        let history = std::mem::take(&mut self.signal_history);
        *self = Self {
            link,
            signal_history: history,
            started: self.started,
            ..Self::default()
        };
        self.generation += 1;
    }

    /// The module restarted: what does not survive a restart becomes unknown.
    pub fn restarted(&mut self) {
        self.sockets = None;
        self.mqtt_state = None;
        self.data_mode = false;
        self.echo = Some(true);
        self.generation += 1;
    }

    /// The module printed an error with no command waiting.
    pub fn on_unsolicited_error(&mut self, error: crate::at::error_code::ModuleError) {
        super::alert::ModuleAlert::note(&mut self.alert, error, std::time::SystemTime::now());
        self.generation += 1;
    }

    /// Learn from an unsolicited line.
    pub fn on_urc(&mut self, urc: &Urc) {
        match urc {
            Urc::Ready => self.restarted(),
            Urc::MqttConnected => self.mqtt_state = Some(MqttState::Connected),
            Urc::MqttDisconnected => self.mqtt_state = Some(MqttState::Disconnected),
            Urc::Disconnected | Urc::UdpClosed | Urc::Connected { .. } => self.sockets = None,
            _ => return,
        }
        self.generation += 1;
    }

    /// Learn from a command's answer. Raw terminal lines are decoded by the names of the
    /// information lines they got, so a setting read in the terminal shows up in its form.
    pub fn absorb(&mut self, line: &str, answer: Option<&Answer>, reply: &Reply) {
        self.generation += 1;
        if let Some(a) = answer
            && !matches!(a, Answer::Done)
        {
            self.absorb_answer(a);
            return;
        }
        let upper = line.trim().to_ascii_uppercase();
        if upper == "ATE0" || upper == "ATE1" {
            self.echo = Some(upper == "ATE1");
        }
        // A request sent by hand: its response is the HTTP panel's latest.
        if upper.starts_with("AT+HTTPACTION=")
            && reply
                .frames
                .iter()
                .any(|f| matches!(f, FrameKind::Urc(Urc::HttpStatus { .. })))
        {
            self.last_http = Some(HttpResponse::decode(reply));
        }
        for name in info_names(reply) {
            let decoded = match name.as_str() {
                "VERSION" | "GMR" => basic::decode_version(reply).ok().map(Answer::Version),
                "QCCID" | "QICCID" => basic::decode_iccid(reply).ok().map(Answer::Iccid),
                "IPR" => UartConfig::decode(reply).ok().map(Answer::Uart),
                "SINGLESIM" => basic::decode_sim_slot(reply).ok().map(Answer::SimSlot),
                "GPIO" => GpioLevel::decode(reply).ok().flatten().map(Answer::Gpio),
                "CREG" => Registration::decode(reply).ok().map(Answer::Registration),
                "CSQ" => Signal::decode(reply).ok().map(Answer::Signal),
                "CPSI" => CellInfo::decode(reply).ok().map(Answer::Cell),
                "QLTS" => ModuleTime::decode(reply, "AT+QLTS?", &["QLTS"])
                    .ok()
                    .map(Answer::Time),
                "QISTATE" | "CIPOPEN" => socket::decode_sockets(reply).ok().map(Answer::Sockets),
                "SIMPLEMODE" => PairingMode::decode(reply).ok().map(Answer::Pairing),
                "SIMPLECLIENT" => SocketTarget::decode_simple_client(reply)
                    .ok()
                    .map(Answer::SimpleClient),
                "QMTCFG" => MqttClient::decode(reply).ok().map(Answer::MqttClient),
                "QMTCONNCFG" => MqttBroker::decode(reply).ok().map(Answer::MqttBroker),
                "QMTSTART" => MqttSession::decode(reply).ok().map(Answer::MqttSession),
                "QMTSUB" => Subscription::decode_all(reply)
                    .ok()
                    .map(Answer::Subscriptions),
                "QMTSTATU" => MqttState::decode(reply).ok().map(Answer::MqttState),
                "HTTPPARA" => HttpTarget::decode(reply).ok().map(Answer::HttpTarget),
                "HTTPRQH" => Some(Answer::HttpHeaders(Header::decode_all(reply))),
                _ => None,
            };
            if let Some(a) = decoded {
                self.absorb_answer(&a);
            }
        }
    }

    fn absorb_answer(&mut self, a: &Answer) {
        match a {
            Answer::Done | Answer::LinkOpened(_) => {}
            Answer::Version(v) => self.firmware = Some(v.clone()),
            Answer::Imei(v) => self.imei = Some(v.clone()),
            Answer::Iccid(v) => self.iccid = Some(v.clone()),
            Answer::Uart(v) => self.uart = Some(*v),
            Answer::SimSlot(v) => self.sim_slot = Some(*v),
            Answer::Gpio(l) => {
                if let Some(slot) = self.gpio.get_mut(usize::from(l.pin)) {
                    *slot = Some(*l);
                }
            }
            Answer::SysSleep(v) => self.sys_sleep = Some(*v),
            Answer::Csclk(v) => self.csclk = Some(*v),
            Answer::Registration(r) => self.registration = Some(r.clone()),
            Answer::Signal(s) => {
                self.signal = Some(*s);
                if let Some(dbm) = s.dbm() {
                    let t = self.started.elapsed().as_secs_f64();
                    self.signal_history.push_back((t, f64::from(dbm)));
                    while self.signal_history.len() > SIGNAL_HISTORY {
                        self.signal_history.pop_front();
                    }
                }
            }
            Answer::NtpServer(n) => self.ntp = Some(n.clone()),
            Answer::Time(t) => self.time = Some(t.clone()),
            Answer::Ping(p) => self.last_ping = Some(p.clone()),
            Answer::Cell(c) => self.cell = Some(c.clone()),
            Answer::Sockets(s) => self.sockets = Some(s.clone()),
            Answer::Pairing(p) => self.pairing = Some(*p),
            Answer::SimpleClient(c) => self.simple_client = Some(c.clone()),
            Answer::MqttClient(c) => self.mqtt_client = Some(c.clone()),
            Answer::MqttBroker(b) => self.mqtt_broker = Some(b.clone()),
            Answer::MqttSession(s) => self.mqtt_session = Some(*s),
            Answer::Subscriptions(s) => self.subscriptions = Some(s.clone()),
            Answer::MqttState(s) => self.mqtt_state = Some(*s),
            Answer::MqttCert(c) => self.mqtt_cert = Some(c.clone()),
            Answer::HttpTarget(t) => self.http_target = Some(t.clone()),
            Answer::HttpHeaders(h) => self.http_headers = Some(h.clone()),
            Answer::HttpResponse(r) => self.last_http = Some(r.clone()),
            Answer::HttpCert(c) => self.http_cert = Some(c.clone()),
        }
    }
}

fn info_names(reply: &Reply) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for f in &reply.frames {
        if let FrameKind::Info { name, .. } = f {
            let n = name.to_ascii_uppercase();
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    names
}
