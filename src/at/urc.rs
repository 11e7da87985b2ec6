//! Placeholder; replaced on merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Urc {
    Ready,
    SimReady,
    NetworkActivated,
    Connected { link: u8 },
    Disconnected,
    UdpClosed,
    SendOk,
    MqttConnected,
    MqttDisconnected,
    HttpStatus { code: u16, line: String },
    HttpBody { len: usize },
}
