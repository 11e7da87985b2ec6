//! Manual §6.4 and §6.5: TCP/UDP sockets and the simple-pairing (saved) modes.

use super::checked::{Validate, collect};
use super::reply::{DecodeError, Reply, num};
use super::urc::Urc;
use super::value::{self, Field, Problem, ValidationError};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Transport protocol of a socket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Protocol {
    #[default]
    Tcp,
    Udp,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match value::unquote(s).to_ascii_uppercase().as_str() {
            "TCP" => Some(Protocol::Tcp),
            "UDP" => Some(Protocol::Udp),
            _ => None,
        }
    }
}

/// A socket link id, 3..=20.
pub type LinkId = u8;

/// Where a socket goes: the parameters of `AT+QIOPEN` and `AT+SIMPLECLIENT`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocketTarget {
    pub protocol: Protocol,
    pub host: String,
    pub port: u16,
    pub local_port: u16,
    /// Mode 1: transparent (data goes straight through until `+++`); mode 0: AT mode (QISEND).
    pub transparent: bool,
}

impl Default for SocketTarget {
    fn default() -> Self {
        Self {
            protocol: Protocol::Tcp,
            host: "112.125.89.8".into(),
            port: 33124,
            local_port: 0,
            transparent: false,
        }
    }
}

/// Most bytes the saved simple-pairing client configuration may take (§6.5.2 says "60
/// characters"; the module counts the bytes of the UTF-8 line, so a CJK character takes 3).
pub const SIMPLE_CLIENT_MAX: usize = 60;

impl Validate for SocketTarget {
    fn problems(&self) -> Vec<ValidationError> {
        collect([value::text(Field::Host, &self.host, 256, false)])
    }
}

impl SocketTarget {
    /// `"TCP","1.2.3.4",80,0,0`
    pub fn params(&self) -> String {
        format!(
            "{},{},{},{},{}",
            value::quote(self.protocol.as_str()),
            value::quote(&self.host),
            self.port,
            self.local_port,
            u8::from(self.transparent)
        )
    }

    /// Bytes the saved simple-pairing configuration takes: the parameter list as sent.
    pub fn simple_client_len(&self) -> usize {
        self.params().len()
    }

    fn decode_fields(command: &'static str, p: &[String]) -> Result<Self, DecodeError> {
        if p.len() < 5 {
            return Err(DecodeError::new(
                command,
                format!("expected 5 fields, got {}", p.len()),
            ));
        }
        let mode: u8 = num(command, &p[4])?;
        Ok(Self {
            protocol: Protocol::parse(&p[0])
                .ok_or_else(|| DecodeError::new(command, format!("unknown protocol `{}`", p[0])))?,
            host: p[1].clone(),
            port: num(command, &p[2])?,
            local_port: num(command, &p[3])?,
            transparent: mode == 1,
        })
    }

    /// `+SIMPLECLIENT:<type>,<ip>,<port>,<localport>,<mode>`; nothing saved gives `None`.
    pub fn decode_simple_client(reply: &Reply) -> Result<Option<Self>, DecodeError> {
        let Some(body) = reply.infos(&["SIMPLECLIENT"]).next() else {
            return Ok(None);
        };
        let p = value::split_params(body);
        if p.len() < 5 {
            return Ok(None);
        }
        Self::decode_fields("AT+SIMPLECLIENT?", &p).map(Some)
    }
}

/// The saved simple-pairing client: the same target, with the 60-byte limit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimpleClient(pub SocketTarget);

impl Validate for SimpleClient {
    fn problems(&self) -> Vec<ValidationError> {
        let mut p = self.0.problems();
        let len = self.0.simple_client_len();
        if p.is_empty() && len > SIMPLE_CLIENT_MAX {
            p.push(ValidationError::new(
                Field::ClientConfig,
                Problem::TooLong {
                    max: SIMPLE_CLIENT_MAX,
                    len,
                },
            ));
        }
        p
    }
}

/// Data for `AT+QISEND=<link>,<len>`: 1..=1024 bytes on an AT-mode link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SocketSend {
    pub link: LinkId,
    pub data: Vec<u8>,
}

impl Validate for SocketSend {
    fn problems(&self) -> Vec<ValidationError> {
        collect([
            value::range(Field::Link, self.link.into(), 3, 20),
            value::payload(Field::Payload, &self.data, 1, 1024),
        ])
    }
}

/// Ctrl+Z: ends the data of a send without a length.
pub const CTRL_Z: u8 = 0x1A;
/// ESC: cancels a send without a length (nothing is sent).
pub const ESC: u8 = 0x1B;

/// Data for `AT+QISEND=<link>` with no length, manual §6.4.2 ("UDP 数据发送
/// AT+QISEND=<link_num>,[<length>]"): UDP links only.
///
/// The manual does not say how the data ends without a length. This follows the Quectel
/// convention: after `>` the data ends with Ctrl+Z (0x1A), which is not sent; ESC (0x1B)
/// cancels. So the data itself may hold neither byte. The module answers `SEND OK`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsizedSend {
    pub link: LinkId,
    /// The link's protocol (from `AT+QISTATE`): a TCP link needs a length.
    pub protocol: Protocol,
    /// The data, then Ctrl+Z.
    framed: Vec<u8>,
}

impl UnsizedSend {
    pub fn new(link: LinkId, protocol: Protocol, data: &[u8]) -> Self {
        let mut framed = data.to_vec();
        framed.push(CTRL_Z);
        Self {
            link,
            protocol,
            framed,
        }
    }

    /// The user's data, without the Ctrl+Z.
    pub fn data(&self) -> &[u8] {
        &self.framed[..self.framed.len().saturating_sub(1)]
    }

    /// What is written at the `>` prompt: the data and Ctrl+Z.
    pub fn framed(&self) -> &[u8] {
        &self.framed
    }
}

impl Validate for UnsizedSend {
    fn problems(&self) -> Vec<ValidationError> {
        let data = self.data();
        let mut p = collect([
            value::range(Field::Link, self.link.into(), 3, 20),
            value::payload(Field::Payload, data, 1, 1024),
        ]);
        if self.protocol == Protocol::Tcp {
            p.push(ValidationError::new(
                Field::Link,
                Problem::Rule("at-socket-this-is-a-tcp-link-and-only-a-udp"),
            ));
        }
        if data.iter().any(|b| *b == CTRL_Z || *b == ESC) {
            p.push(ValidationError::new(
                Field::Payload,
                Problem::Rule("at-socket-the-data-contains-ctrl-z-0x1a-or-esc"),
            ));
        }
        p
    }
}

/// A link to close (`AT+QICLOSE=<link>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkRef(pub LinkId);

impl Validate for LinkRef {
    fn problems(&self) -> Vec<ValidationError> {
        collect([value::range(Field::Link, self.0.into(), 3, 20)])
    }
}

/// One open socket as `AT+QISTATE` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocketInfo {
    pub link: LinkId,
    pub protocol: Protocol,
    pub host: String,
    pub port: u16,
    pub local_port: u16,
}

/// `+QISTATE:3,"TCP","112.125.89.8",34287,61563` (example) or `+CIPOPEN:` (table), one per link.
pub fn decode_sockets(reply: &Reply) -> Result<Vec<SocketInfo>, DecodeError> {
    const C: &str = "AT+QISTATE";
    reply
        .infos(&["QISTATE", "CIPOPEN"])
        .map(|body| {
            let p = value::split_params(body);
            if p.len() < 4 {
                return Err(DecodeError::new(C, format!("bad line `{body}`")));
            }
            Ok(SocketInfo {
                link: num(C, &p[0])?,
                protocol: Protocol::parse(&p[1])
                    .ok_or_else(|| DecodeError::new(C, format!("unknown protocol `{}`", p[1])))?,
                host: p[2].clone(),
                port: num(C, &p[3])?,
                local_port: p.get(4).map(|s| num(C, s)).transpose()?.unwrap_or(0),
            })
        })
        .collect()
}

/// `CONNECT,ID:<n>` (example) or `+QIOPEN,ID:<n>` (table).
pub fn decode_link_opened(reply: &Reply) -> Result<LinkId, DecodeError> {
    reply
        .urcs()
        .find_map(|u| match u {
            Urc::Connected { link } => Some(*link),
            _ => None,
        })
        .ok_or_else(|| DecodeError::new("AT+QIOPEN", "no CONNECT,ID line"))
}

/// The simple-pairing mode (`AT+SIMPLEMODE=<mode>,<sub>`): only these four pairs are legal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairingMode {
    /// 0,0: nothing saved across power loss (the default).
    #[default]
    Normal,
    /// 1,0: TCP passthrough with a saved client.
    Tcp,
    /// 2,1: MQTT passthrough, single publish.
    MqttSingle,
    /// 2,2: MQTT passthrough, continuous publish (QMTPUBEX stays in data mode until `+++`).
    MqttContinuous,
}

impl PairingMode {
    pub const ALL: [PairingMode; 4] = [
        PairingMode::Normal,
        PairingMode::Tcp,
        PairingMode::MqttSingle,
        PairingMode::MqttContinuous,
    ];

    pub fn codes(self) -> (u8, u8) {
        match self {
            PairingMode::Normal => (0, 0),
            PairingMode::Tcp => (1, 0),
            PairingMode::MqttSingle => (2, 1),
            PairingMode::MqttContinuous => (2, 2),
        }
    }

    pub fn from_codes(mode: u8, sub: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.codes() == (mode, sub))
    }

    pub fn decode(reply: &Reply) -> Result<Self, DecodeError> {
        const C: &str = "AT+SIMPLEMODE?";
        let body = reply.info(C, &["SIMPLEMODE"])?;
        let p = value::split_params(body);
        if p.len() < 2 {
            return Err(DecodeError::new(
                C,
                format!("expected mode,sub in `{body}`"),
            ));
        }
        let (m, s) = (num(C, &p[0])?, num(C, &p[1])?);
        Self::from_codes(m, s).ok_or_else(|| DecodeError::new(C, format!("unknown mode {m},{s}")))
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            PairingMode::Normal => lang.tr("at-socket-normal-nothing-saved"),
            PairingMode::Tcp => lang.tr("at-socket-tcp-passthrough-saved"),
            PairingMode::MqttSingle => lang.tr("at-socket-mqtt-passthrough-single-publish"),
            PairingMode::MqttContinuous => lang.tr("at-socket-mqtt-passthrough-continuous-publish"),
        }
    }

    pub fn explanation(self, lang: Lang) -> &'static str {
        match self {
            PairingMode::Normal => lang.tr("at-socket-the-default-connections-and-mqtt"),
            PairingMode::Tcp => lang.tr("at-socket-the-module-remembers-one-tcp-server"),
            PairingMode::MqttSingle => lang.tr("at-socket-the-module-remembers-the-mqtt-broker"),
            PairingMode::MqttContinuous => {
                lang.tr("at-socket-like-single-publish-but-after-a-long")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::at::frame::FrameKind;

    #[test]
    fn simple_client_limit_counts_the_parameter_list() {
        let t = SocketTarget {
            host: "8.137.154.246".into(),
            port: 2057,
            ..Default::default()
        };
        assert_eq!(t.params(), "\"TCP\",\"8.137.154.246\",2057,0,0");
        assert!(SimpleClient(t.clone()).validate().is_ok());
        let long = SocketTarget {
            host: "a".repeat(44),
            ..t
        };
        let e = SimpleClient(long).validate().unwrap_err();
        assert_eq!(e.field, Field::ClientConfig);
    }

    /// The module counts bytes (as the simulated module does): a host with CJK characters that
    /// fits in 60 characters but not in 60 bytes is refused before it is sent.
    #[test]
    fn simple_client_limit_counts_bytes() {
        let t = SocketTarget {
            host: "服务器服务器服务器服务器.example.cn".into(),
            port: 2057,
            ..Default::default()
        };
        let chars = t.params().chars().count();
        let bytes = t.params().len();
        assert!(
            chars <= SIMPLE_CLIENT_MAX && bytes > SIMPLE_CLIENT_MAX,
            "{chars} {bytes}"
        );
        assert_eq!(t.simple_client_len(), bytes);
        assert!(SimpleClient(t).validate().is_err());
    }

    #[test]
    fn qistate_both_forms() {
        let r = Reply::new(vec![
            FrameKind::Info {
                name: "QISTATE".into(),
                body: "3,\"TCP\",\"112.125.89.8\",34287,61563".into(),
            },
            FrameKind::Info {
                name: "CIPOPEN".into(),
                body: "4,UDP,1.2.3.4,53".into(),
            },
        ]);
        let s = decode_sockets(&r).unwrap();
        assert_eq!(s[0].link, 3);
        assert_eq!(s[0].local_port, 61563);
        assert_eq!(s[1].protocol, Protocol::Udp);
    }

    #[test]
    fn pairing_codes_roundtrip() {
        for m in PairingMode::ALL {
            let (a, b) = m.codes();
            assert_eq!(PairingMode::from_codes(a, b), Some(m));
        }
        assert_eq!(PairingMode::from_codes(1, 1), None);
    }

    #[test]
    fn send_limits() {
        assert!(
            SocketSend {
                link: 3,
                data: vec![b'x'; 1024]
            }
            .validate()
            .is_ok()
        );
        assert!(
            SocketSend {
                link: 3,
                data: vec![b'x'; 1025]
            }
            .validate()
            .is_err()
        );
        assert!(
            SocketSend {
                link: 3,
                data: vec![]
            }
            .validate()
            .is_err()
        );
        assert!(
            SocketSend {
                link: 2,
                data: vec![1]
            }
            .validate()
            .is_err()
        );
    }
}
