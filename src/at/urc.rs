//! Unsolicited lines: what the module prints on its own, outside any answer (manual sections 6.x
//! examples, and the digest's "Unsolicited lines" list).

use crate::i18n::Lang;

/// An unsolicited line the module printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Urc {
    /// `RDY`: the module (re)booted and accepts commands.
    Ready,
    /// `SIM_SUCCESS`: the SIM card was recognised.
    SimReady,
    /// `NETWORK_ACTIVATE_SUCCESS`: the data network is up.
    NetworkActivated,
    /// `CONNECT,ID:<link>` (the table's form: `+QIOPEN,ID:<link>`): a socket opened.
    Connected {
        /// The link number the module assigned (3..20 per the manual).
        link: u8,
    },
    /// `DISCONNECT`: a TCP connection closed.
    Disconnected,
    /// `UDP_CLOSE`: a UDP socket closed.
    UdpClosed,
    /// `SEND OK`: the bytes given at a `>` prompt were sent.
    SendOk,
    /// `MQTTCONNECT`: connected to the MQTT broker.
    MqttConnected,
    /// `MQTTDISCONNECT`: disconnected from the MQTT broker.
    MqttDisconnected,
    /// An HTTP status line, e.g. `HTTP/1.1 405 METHOD NOT ALLOWED`.
    HttpStatus {
        /// The status code (405).
        code: u16,
        /// The whole status line, as printed.
        line: String,
    },
    /// `$HTTPRECV:DATA,<len>`: exactly `len` raw bytes of HTTP body follow.
    HttpBody {
        /// Number of body bytes that follow the line.
        len: usize,
    },
}

/// Full-width forms appear in the manual's own text (`CONNECT，ID`, `+QICCID：`), so every
/// separator accepts both widths.
const COMMAS: [char; 2] = [',', '，'];
const COLONS: [char; 2] = [':', '：'];

impl Urc {
    /// Recognise an unsolicited line (without its line ending). Surrounding whitespace is ignored.
    pub fn parse(line: &str) -> Option<Urc> {
        let t = line.trim();
        // Whole-line matches: an exact comparison is what keeps MQTTCONNECT from reading as a
        // socket CONNECT and MQTTDISCONNECT from reading as DISCONNECT.
        let fixed = match t {
            "RDY" => Some(Urc::Ready),
            "SIM_SUCCESS" => Some(Urc::SimReady),
            "NETWORK_ACTIVATE_SUCCESS" => Some(Urc::NetworkActivated),
            "DISCONNECT" => Some(Urc::Disconnected),
            "UDP_CLOSE" => Some(Urc::UdpClosed),
            "SEND OK" => Some(Urc::SendOk),
            "MQTTCONNECT" => Some(Urc::MqttConnected),
            "MQTTDISCONNECT" => Some(Urc::MqttDisconnected),
            _ => None,
        };
        fixed
            .or_else(|| parse_connected(t))
            .or_else(|| parse_http_status(t))
            .or_else(|| parse_http_body(t))
    }

    /// Plain words for the log and status bar.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Urc::Ready => lang.tr("at-urc-module-restarted-and-is-ready").into(),
            Urc::SimReady => lang.tr("at-urc-sim-card-detected").into(),
            Urc::NetworkActivated => lang.tr("at-urc-mobile-data-network-is-up").into(),
            Urc::Connected { link } => crate::tr!(lang, "at-urc-connection-opened", link = &link),
            Urc::Disconnected => lang.tr("at-urc-tcp-connection-closed").into(),
            Urc::UdpClosed => lang.tr("at-urc-udp-socket-closed").into(),
            Urc::SendOk => lang.tr("at-urc-data-sent").into(),
            Urc::MqttConnected => lang.tr("at-urc-connected-to-the-mqtt-broker").into(),
            Urc::MqttDisconnected => lang.tr("at-urc-disconnected-from-the-mqtt-broker").into(),
            Urc::HttpStatus { line, .. } => crate::tr!(lang, "at-urc-http-answer", line = &line),
            Urc::HttpBody { len } => crate::tr!(lang, "at-urc-http-body-follows-bytes", len = &len),
        }
    }
}

/// `CONNECT,ID:3`, `+QIOPEN,ID:3`, `CONNECT，ID:3`, and the quick-start's `CONNECT，ID3`.
fn parse_connected(t: &str) -> Option<Urc> {
    let rest = t
        .strip_prefix("CONNECT")
        .or_else(|| t.strip_prefix("+QIOPEN"))?;
    let rest = rest.trim_start().strip_prefix(COMMAS)?;
    let rest = rest.trim_start().strip_prefix("ID")?.trim_start();
    let rest = rest.strip_prefix(COLONS).unwrap_or(rest).trim();
    let link = parse_digits::<u8>(rest)?;
    Some(Urc::Connected { link })
}

/// `HTTP/1.1 405 METHOD NOT ALLOWED`: a version of digits and dots, a three-digit code, a reason.
fn parse_http_status(t: &str) -> Option<Urc> {
    let rest = t.strip_prefix("HTTP/")?;
    let (version, rest) = rest.split_once(' ')?;
    if version.is_empty() || !version.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let rest = rest.trim_start();
    let code_text = rest.split(' ').next().unwrap_or_default();
    if code_text.len() != 3 {
        return None;
    }
    let code = parse_digits::<u16>(code_text)?;
    Some(Urc::HttpStatus {
        code,
        line: t.to_string(),
    })
}

/// `$HTTPRECV:DATA,178`.
fn parse_http_body(t: &str) -> Option<Urc> {
    let rest = t
        .strip_prefix("$HTTPRECV")?
        .trim_start()
        .strip_prefix(COLONS)?;
    let rest = rest
        .trim_start()
        .strip_prefix("DATA")?
        .trim_start()
        .strip_prefix(COMMAS)?;
    let len = parse_digits::<usize>(rest.trim())?;
    Some(Urc::HttpBody { len })
}

/// Digits only: `str::parse` would also take a leading `+`, which no URC ever has.
fn parse_digits<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_lines() {
        let table = [
            ("RDY", Urc::Ready),
            ("SIM_SUCCESS", Urc::SimReady),
            ("NETWORK_ACTIVATE_SUCCESS", Urc::NetworkActivated),
            ("DISCONNECT", Urc::Disconnected),
            ("UDP_CLOSE", Urc::UdpClosed),
            ("SEND OK", Urc::SendOk),
            ("MQTTCONNECT", Urc::MqttConnected),
            ("MQTTDISCONNECT", Urc::MqttDisconnected),
            ("  RDY \t", Urc::Ready),
        ];
        for (line, urc) in table {
            assert_eq!(Urc::parse(line), Some(urc), "{line:?}");
        }
    }

    #[test]
    fn mqtt_lines_are_not_socket_lines() {
        assert_eq!(Urc::parse("MQTTCONNECT"), Some(Urc::MqttConnected));
        assert_eq!(Urc::parse("MQTTDISCONNECT"), Some(Urc::MqttDisconnected));
        assert_ne!(Urc::parse("MQTTDISCONNECT"), Some(Urc::Disconnected));
        assert_eq!(Urc::parse("MQTTCONNECT,ID:3"), None);
    }

    #[test]
    fn connected_forms() {
        let c = |link| Some(Urc::Connected { link });
        assert_eq!(Urc::parse("CONNECT,ID:3"), c(3));
        assert_eq!(Urc::parse("+QIOPEN,ID:20"), c(20));
        assert_eq!(Urc::parse("CONNECT，ID:3"), c(3));
        assert_eq!(Urc::parse("CONNECT，ID：4"), c(4));
        assert_eq!(Urc::parse("CONNECT , ID : 5"), c(5));
        assert_eq!(Urc::parse("CONNECT，ID3"), c(3));
        assert_eq!(Urc::parse("CONNECT"), None);
        assert_eq!(Urc::parse("CONNECT,ID:"), None);
        assert_eq!(Urc::parse("CONNECT,ID:+3"), None);
        assert_eq!(Urc::parse("CONNECT,ID:300"), None);
        assert_eq!(Urc::parse("CONNECTED,ID:3"), None);
    }

    #[test]
    fn http_lines() {
        assert_eq!(
            Urc::parse("HTTP/1.1 405 METHOD NOT ALLOWED"),
            Some(Urc::HttpStatus {
                code: 405,
                line: "HTTP/1.1 405 METHOD NOT ALLOWED".into()
            })
        );
        assert_eq!(
            Urc::parse("HTTP/2 200"),
            Some(Urc::HttpStatus {
                code: 200,
                line: "HTTP/2 200".into()
            })
        );
        assert_eq!(Urc::parse("HTTP/1.1 40 X"), None);
        assert_eq!(Urc::parse("HTTP/x 200 OK"), None);
        assert_eq!(
            Urc::parse("$HTTPRECV:DATA,178"),
            Some(Urc::HttpBody { len: 178 })
        );
        assert_eq!(
            Urc::parse("$HTTPRECV: DATA, 0"),
            Some(Urc::HttpBody { len: 0 })
        );
        assert_eq!(
            Urc::parse("$HTTPRECV：DATA，5"),
            Some(Urc::HttpBody { len: 5 })
        );
        assert_eq!(Urc::parse("$HTTPRECV:DATA,"), None);
        assert_eq!(Urc::parse("$HTTPRECV:DATA,-1"), None);
    }

    #[test]
    fn other_lines_are_not_urcs() {
        for line in [
            "OK",
            "ERROR",
            "+CSQ: 15,99",
            "860720087453595",
            "",
            "SEND",
            "rdy",
        ] {
            assert_eq!(Urc::parse(line), None, "{line:?}");
        }
    }

    #[test]
    fn descriptions_in_both_languages() {
        assert_eq!(
            Urc::Ready.describe(Lang::En),
            "Module restarted and is ready"
        );
        assert_eq!(Urc::Ready.describe(Lang::Zh), "模块已重启就绪");
        assert_eq!(
            Urc::Connected { link: 3 }.describe(Lang::En),
            "Connection 3 opened"
        );
        let all = [
            Urc::Ready,
            Urc::SimReady,
            Urc::NetworkActivated,
            Urc::Connected { link: 3 },
            Urc::Disconnected,
            Urc::UdpClosed,
            Urc::SendOk,
            Urc::MqttConnected,
            Urc::MqttDisconnected,
            Urc::HttpStatus {
                code: 200,
                line: "HTTP/1.1 200 OK".into(),
            },
            Urc::HttpBody { len: 3 },
        ];
        for u in all {
            let (en, zh) = (u.describe(Lang::En), u.describe(Lang::Zh));
            assert!(!en.is_empty() && !zh.is_empty() && en != zh, "{u:?}");
        }
    }
}
