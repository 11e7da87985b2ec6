//! The typed answer of a command: the same structs the setters take, where there is a setter.

use super::basic::{GpioLevel, UartConfig};
use super::http::{Header, HttpResponse, HttpTarget};
use super::mqtt::{CertInfo, MqttBroker, MqttClient, MqttSession, MqttState, Subscription};
use super::network::{CellInfo, ModuleTime, NtpServer, PingResult, Registration, Signal};
use super::socket::{LinkId, PairingMode, SocketInfo, SocketTarget};

/// What a command's answer meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A plain `OK` (or an answer with nothing to decode).
    Done,
    Version(String),
    Imei(String),
    /// `None`: no SIM card detected.
    Iccid(Option<String>),
    Uart(UartConfig),
    SimSlot(u8),
    Gpio(GpioLevel),
    SysSleep(bool),
    Csclk(bool),
    Registration(Registration),
    Signal(Signal),
    NtpServer(Option<NtpServer>),
    Time(ModuleTime),
    Ping(PingResult),
    Cell(CellInfo),
    LinkOpened(LinkId),
    Sockets(Vec<SocketInfo>),
    Pairing(PairingMode),
    SimpleClient(Option<SocketTarget>),
    MqttClient(MqttClient),
    /// `None`: `NOT SET`.
    MqttBroker(Option<MqttBroker>),
    MqttSession(MqttSession),
    Subscriptions(Vec<Subscription>),
    MqttState(MqttState),
    MqttCert(CertInfo),
    HttpTarget(HttpTarget),
    HttpHeaders(Vec<Header>),
    HttpResponse(HttpResponse),
    HttpCert(CertInfo),
}
