//! One typed command for every command of the manual (§6), rendering its exact wire bytes,
//! carrying its timeout and how its answer ends, and decoding its answer into an [`Answer`].
//!
//! Parameters only enter a command through [`Checked`], so a form, a profile or the command line
//! cannot build a command the manual forbids.

use super::answer::Answer;
use super::basic::{self, GpioConfig, GpioLevel, OtaRequest, UartConfig};
use super::checked::{Checked, Validate, collect};
use super::http::{Header, HttpBody, HttpCert, HttpMethod, HttpResponse, HttpTarget};
use super::mqtt::{
    CertInfo, MqttBroker, MqttCert, MqttClient, MqttSession, Publish, PublishEx, Subscription,
    TopicRef,
};
use super::network::{CellInfo, ModuleTime, NtpServer, PingRequest, PingResult, Registration};
use super::reply::{DecodeError, Reply};
use super::socket::{self, LinkRef, PairingMode, SimpleClient, SocketSend, SocketTarget};
use super::value::{self, Field, ValidationError};
use std::time::Duration;

/// A GPIO pin number, 0..=2 (IO1..IO3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pin(pub u8);
impl Validate for Pin {
    fn problems(&self) -> Vec<ValidationError> {
        collect([value::range(Field::Pin, self.0.into(), 0, 2)])
    }
}

/// A SIM slot, 0 or 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimSlot(pub u8);
impl Validate for SimSlot {
    fn problems(&self) -> Vec<ValidationError> {
        collect([value::range(Field::SimSlot, self.0.into(), 0, 1)])
    }
}

/// The `+CREG` report mode, 0..=2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CregMode(pub u8);
impl Validate for CregMode {
    fn problems(&self) -> Vec<ValidationError> {
        collect([value::range(Field::CregMode, self.0.into(), 0, 2)])
    }
}

/// A raw command line typed by an expert (terminal, `send`). Must start with `AT` and may not
/// contain CR or LF (it is sent as one line). Quotes are allowed: the user writes the syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawLine(pub String);
impl Validate for RawLine {
    fn problems(&self) -> Vec<ValidationError> {
        let t = self.0.trim();
        if t.is_empty() {
            return vec![ValidationError::new(Field::Command, value::Problem::Empty)];
        }
        if let Some(c) = t.chars().find(|c| c.is_control()) {
            return vec![ValidationError::new(
                Field::Command,
                value::Problem::ForbiddenChar(c),
            )];
        }
        // Full-width letters and signs are what a Chinese input method types by default.
        if t.chars()
            .any(|c| ('\u{ff01}'..='\u{ff5e}').contains(&c) || c == '\u{3000}')
        {
            return vec![ValidationError::new(
                Field::Command,
                value::Problem::Rule(
                    "has full-width characters (such as Ａ or ＋): switch the input method to half-width.",
                    "含有全角字符（如 Ａ 或 ＋）：请把输入法切换为半角。",
                ),
            )];
        }
        // `get`, not `[..2]`: the second byte may fall inside a multi-byte character.
        let starts_with_at = t.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("AT"));
        if !starts_with_at && t != "+++" {
            return vec![ValidationError::new(
                Field::Command,
                value::Problem::Rule("must start with AT.", "必须以 AT 开头。"),
            )];
        }
        Vec::new()
    }
}

/// How the module's answer to a command ends, so the worker knows when it is complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// `OK` or an error.
    Final,
    /// `CONNECT,ID:<n>` (or `+QIOPEN,ID:<n>`), or an error; an `OK` before it is not the end.
    Connect,
    /// `OK`, `CONNECT,ID:<n>` or an error (SIMPLECLIENT: the manual shows both).
    FinalOrConnect,
    /// A `>`/`>>` prompt, then the payload is sent, then `SEND OK` (QISEND) or `OK`.
    Prompted { send_ok: bool },
    /// `OK` (none for OTA), then the module restarts: wait for `RDY`.
    Restart { ok_first: bool },
    /// No answer at all (`ATO`: the link goes straight to data mode).
    Silent,
    /// `+++`: guard-time silence before and after; an `OK` may follow.
    Escape,
    /// Expert line: `OK`/error, a `CONNECT` line, a prompt or `RDY` ends it.
    Any,
}

/// Every command of the manual.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    // §6.1 basic
    /// `AT`
    Test,
    /// `AT+GMR`
    Version,
    /// `AT+GSN`
    Imei,
    /// `ATE0` / `ATE1`
    Echo(bool),
    /// `AT+RST` (restarts)
    Restart,
    /// `AT+RESTORE` (erases saved settings, restarts)
    FactoryReset,
    /// `AT+QCCID`
    Iccid,
    /// `AT+IPR?`
    UartQuery,
    /// `AT+IPR=<baud>,<databits>,<stopbits>,<parity>` (restarts at the new settings)
    UartSet(Checked<UartConfig>),
    /// `AT+SINGLESIM?`
    SimSlotQuery,
    /// `AT+SINGLESIM=<slot>` (restarts)
    SimSlotSet(Checked<SimSlot>),
    /// `AT+OTA=<mode>,<url>` (vendor only; restarts)
    Ota(Checked<OtaRequest>),
    /// `AT+GPIO=<pin>`
    GpioRead(Checked<Pin>),
    /// `AT+GPIO=<pin>,<dir>[,<pull>]`
    GpioSet(Checked<GpioConfig>),
    // §6.3 power
    /// `AT+SYSSLEEP?`
    SysSleepQuery,
    /// `AT+SYSSLEEP=<0/1>` (needs CSCLK=0 first)
    SysSleepSet(bool),
    /// `AT+CSCLK?`
    CsclkQuery,
    /// `AT+CSCLK=<0/1>` (needs SYSSLEEP=0 first)
    CsclkSet(bool),
    // §6.2 network
    /// `AT+CREG?`
    RegQuery,
    /// `AT+CREG=<n>`
    RegMode(Checked<CregMode>),
    /// `AT+CSQ`
    Signal,
    /// `AT+QNTP?`
    NtpQuery,
    /// `AT+QNTP=<server>,<port>` (syncs the clock)
    NtpSync(Checked<NtpServer>),
    /// `AT+QLTS?`
    Time,
    /// `AT+QPING=<addr>,<count>`
    Ping(Checked<PingRequest>),
    /// `AT+CPSI`
    Cell,
    // §6.4 TCP/UDP
    /// `AT+QIOPEN=<type>,<ip>,<port>,<localport>,<mode>`
    SocketOpen(Checked<SocketTarget>),
    /// `AT+QISEND=<link>,<len>` then the data at `>`
    SocketSend(Checked<SocketSend>),
    /// `AT+QICLOSE=<link>`
    SocketClose(Checked<LinkRef>),
    /// `AT+QISTATE`
    SocketState,
    /// `ATO` (no line ending): back into transparent mode
    EnterData,
    /// `+++` (no line ending): leave transparent mode
    LeaveData,
    // §6.5 simple pairing
    /// `AT+SIMPLEMODE?`
    PairingQuery,
    /// `AT+SIMPLEMODE=<mode>,<sub>` (restarts)
    PairingSet(PairingMode),
    /// `AT+SIMPLECLIENT?`
    SimpleClientQuery,
    /// `AT+SIMPLECLIENT=<type>,<ip>,<port>,<localport>,<mode>`
    SimpleClientSet(Checked<SimpleClient>),
    // §6.6 MQTT
    /// `AT+QMTCFG?`
    MqttClientQuery,
    /// `AT+QMTCFG=<clientid>,<user>,<pass>[,<will...>]`
    MqttClientSet(Checked<MqttClient>),
    /// `AT+QMTCONNCFG?`
    MqttBrokerQuery,
    /// `AT+QMTCONNCFG=<host>,<port>,<reconnect>` (connects: `MQTTCONNECT` follows)
    MqttBrokerSet(Checked<MqttBroker>),
    /// `AT+QMTSTART?`
    MqttSessionQuery,
    /// `AT+QMTSTART=<clean>,<keepalive>`
    MqttSessionSet(Checked<MqttSession>),
    /// `AT+QMTSUB?`
    MqttSubQuery,
    /// `AT+QMTSUB=<topic>,<qos>`
    MqttSubscribe(Checked<Subscription>),
    /// `AT+QMTPUB=<topic>,<qos>,<retain>,<message>`
    MqttPublish(Checked<Publish>),
    /// `AT+QMTPUBEX=<topic>,<qos>,<retain>,<len>` then the data at `>`
    MqttPublishEx(Checked<PublishEx>),
    /// `AT+QMTUNSUB=<topic>`
    MqttUnsubscribe(Checked<TopicRef>),
    /// `AT+QMTSTATU`
    MqttState,
    /// `AT+QMTDISC`
    MqttDisconnect,
    /// `AT+MQTTCERTIFI?`
    MqttCertQuery,
    /// `AT+MQTTCERTIFI=<mode>,<verify>,<len>` then the certificate at `>`
    MqttCertSet(Checked<MqttCert>),
    // §6.7 HTTP
    /// `AT+HTTPPARA?`
    HttpTargetQuery,
    /// `AT+HTTPPARA=<url>,<port>,<type>,<cert>`
    HttpTargetSet(Checked<HttpTarget>),
    /// `AT+HTTPRQH?`
    HttpHeaderQuery,
    /// `AT+HTTPRQH=<key>,<value>`
    HttpHeaderSet(Checked<Header>),
    /// `AT+HTTPDATA=<len>` then the body at `>>`
    HttpData(Checked<HttpBody>),
    /// `AT+HTTPACTION=<method>`
    HttpAction(HttpMethod),
    /// `AT+HTTPCERTIFI?`
    HttpCertQuery,
    /// `AT+HTTPCERTIFI=<verify>,<len>` then the certificate at `>`
    HttpCertSet(Checked<HttpCert>),
    /// An expert's raw line.
    Raw(Checked<RawLine>),
}

impl Command {
    /// Build a raw command from an expert's line.
    pub fn raw(line: &str) -> Result<Self, ValidationError> {
        Ok(Command::Raw(Checked::new(RawLine(
            line.trim().to_string(),
        ))?))
    }

    /// The command line as sent, without its line ending. Passwords appear in clear: use
    /// [`Command::display_line`] for anything shown or saved.
    pub fn line(&self) -> String {
        self.render(false)
    }

    /// The command line with secrets replaced by `***`.
    pub fn display_line(&self) -> String {
        self.render(true)
    }

    fn render(&self, redact: bool) -> String {
        use Command::*;
        match self {
            Test => "AT".into(),
            Version => "AT+GMR".into(),
            Imei => "AT+GSN".into(),
            Echo(on) => format!("ATE{}", u8::from(*on)),
            Restart => "AT+RST".into(),
            FactoryReset => "AT+RESTORE".into(),
            Iccid => "AT+QCCID".into(),
            UartQuery => "AT+IPR?".into(),
            UartSet(c) => format!("AT+IPR={}", c.params()),
            SimSlotQuery => "AT+SINGLESIM?".into(),
            SimSlotSet(s) => format!("AT+SINGLESIM={}", s.0),
            Ota(o) => format!("AT+OTA={},{}", o.mode, value::quote(&o.url)),
            GpioRead(p) => format!("AT+GPIO={}", p.0),
            GpioSet(g) => format!("AT+GPIO={}", g.params()),
            SysSleepQuery => "AT+SYSSLEEP?".into(),
            SysSleepSet(on) => format!("AT+SYSSLEEP={}", u8::from(*on)),
            CsclkQuery => "AT+CSCLK?".into(),
            CsclkSet(on) => format!("AT+CSCLK={}", u8::from(*on)),
            RegQuery => "AT+CREG?".into(),
            RegMode(n) => format!("AT+CREG={}", n.0),
            Signal => "AT+CSQ".into(),
            NtpQuery => "AT+QNTP?".into(),
            NtpSync(s) => format!("AT+QNTP={},{}", value::quote(&s.server), s.port),
            Time => "AT+QLTS?".into(),
            Ping(p) => format!("AT+QPING={},{}", value::quote(&p.host), p.count),
            Cell => "AT+CPSI".into(),
            SocketOpen(t) => format!("AT+QIOPEN={}", t.params()),
            SocketSend(s) => format!("AT+QISEND={},{}", s.link, s.data.len()),
            SocketClose(l) => format!("AT+QICLOSE={}", l.0),
            SocketState => "AT+QISTATE".into(),
            EnterData => "ATO".into(),
            LeaveData => "+++".into(),
            PairingQuery => "AT+SIMPLEMODE?".into(),
            PairingSet(m) => {
                let (a, b) = m.codes();
                format!("AT+SIMPLEMODE={a},{b}")
            }
            SimpleClientQuery => "AT+SIMPLECLIENT?".into(),
            SimpleClientSet(c) => format!("AT+SIMPLECLIENT={}", c.0.params()),
            MqttClientQuery => "AT+QMTCFG?".into(),
            MqttClientSet(c) => format!("AT+QMTCFG={}", c.params(redact)),
            MqttBrokerQuery => "AT+QMTCONNCFG?".into(),
            MqttBrokerSet(b) => format!("AT+QMTCONNCFG={}", b.params()),
            MqttSessionQuery => "AT+QMTSTART?".into(),
            MqttSessionSet(s) => format!("AT+QMTSTART={},{}", u8::from(s.clean), s.keepalive_s),
            MqttSubQuery => "AT+QMTSUB?".into(),
            MqttSubscribe(s) => format!("AT+QMTSUB={},{}", value::quote(&s.topic), s.qos),
            MqttPublish(p) => format!(
                "AT+QMTPUB={},{},{},{}",
                value::quote(&p.topic),
                p.qos,
                u8::from(p.retain),
                value::quote(&p.message)
            ),
            MqttPublishEx(p) => format!(
                "AT+QMTPUBEX={},{},{},{}",
                value::quote(&p.topic),
                p.qos,
                u8::from(p.retain),
                p.data.len()
            ),
            MqttUnsubscribe(t) => format!("AT+QMTUNSUB={}", value::quote(&t.0)),
            MqttState => "AT+QMTSTATU".into(),
            MqttDisconnect => "AT+QMTDISC".into(),
            MqttCertQuery => "AT+MQTTCERTIFI?".into(),
            MqttCertSet(c) => format!(
                "AT+MQTTCERTIFI={},{},{}",
                u8::from(c.tls),
                u8::from(c.verify),
                c.data.len()
            ),
            HttpTargetQuery => "AT+HTTPPARA?".into(),
            HttpTargetSet(t) => format!("AT+HTTPPARA={}", t.params()),
            HttpHeaderQuery => "AT+HTTPRQH?".into(),
            HttpHeaderSet(h) => format!("AT+HTTPRQH={}", h.params()),
            HttpData(b) => format!("AT+HTTPDATA={}", b.0.len()),
            HttpAction(m) => format!("AT+HTTPACTION={}", m.code()),
            HttpCertQuery => "AT+HTTPCERTIFI?".into(),
            HttpCertSet(c) => format!("AT+HTTPCERTIFI={},{}", u8::from(c.verify), c.data.len()),
            Raw(r) => r.0.clone(),
        }
    }

    /// The exact bytes written to the port: the line and CR LF, except `ATO` and `+++`, which
    /// are sent with no line ending.
    pub fn wire(&self) -> Vec<u8> {
        let mut b = self.line().into_bytes();
        if !matches!(self.ending(), Ending::Silent | Ending::Escape) {
            b.extend_from_slice(b"\r\n");
        }
        b
    }

    /// The bytes sent at the `>` prompt, if the command has one.
    pub fn payload(&self) -> Option<&[u8]> {
        use Command::*;
        match self {
            SocketSend(s) => Some(&s.data),
            MqttPublishEx(p) => Some(&p.data),
            MqttCertSet(c) => Some(&c.data),
            HttpData(b) => Some(&b.0),
            HttpCertSet(c) => Some(&c.data),
            _ => None,
        }
    }

    /// Values that must not appear in saved logs or settings (passwords).
    pub fn secrets(&self) -> Vec<String> {
        match self {
            Command::MqttClientSet(c) if !c.password.is_empty() => vec![c.password.clone()],
            _ => Vec::new(),
        }
    }

    /// The command's name as the manual spells it (`AT+QMTCFG`), for messages.
    pub fn name(&self) -> String {
        let l = self.line();
        let end = l.find(['=', '?']).unwrap_or(l.len());
        l[..end].to_string()
    }

    /// How the answer ends.
    pub fn ending(&self) -> Ending {
        use Command::*;
        match self {
            Restart | FactoryReset | UartSet(_) | SimSlotSet(_) | PairingSet(_) => {
                Ending::Restart { ok_first: true }
            }
            Ota(_) => Ending::Restart { ok_first: false },
            SocketOpen(_) => Ending::Connect,
            SimpleClientSet(_) => Ending::FinalOrConnect,
            SocketSend(_) => Ending::Prompted { send_ok: true },
            MqttPublishEx(_) | MqttCertSet(_) | HttpData(_) | HttpCertSet(_) => {
                Ending::Prompted { send_ok: false }
            }
            EnterData => Ending::Silent,
            LeaveData => Ending::Escape,
            Raw(r) => raw_ending(&r.0),
            _ => Ending::Final,
        }
    }

    /// Whether the module restarts after this command (the worker then waits for `RDY`).
    pub fn restarts(&self) -> bool {
        matches!(self.ending(), Ending::Restart { .. })
    }

    /// How long to wait for the answer to end. Network operations take far longer than `AT`;
    /// a prompted payload adds its own wire time, which the worker accounts for separately.
    pub fn timeout(&self) -> Duration {
        use Command::*;
        let s = |n| Duration::from_secs(n);
        match self {
            Restart | FactoryReset | UartSet(_) | SimSlotSet(_) | PairingSet(_) => s(30),
            Ota(_) => s(300),
            SocketOpen(_) | SimpleClientSet(_) => s(30),
            SocketClose(_) => s(10),
            SocketSend(_) => s(15),
            NtpSync(_) => s(30),
            Ping(p) => s(5 + 5 * u64::from(p.count)),
            MqttBrokerSet(_) | MqttSubscribe(_) | MqttUnsubscribe(_) | MqttPublish(_)
            | MqttPublishEx(_) | MqttDisconnect => s(15),
            HttpAction(_) => s(60),
            Cell | RegQuery | Signal => s(5),
            Raw(r) => raw_timeout(&r.0),
            _ => s(5),
        }
    }

    /// Decode the module's answer (the frames after the echo, up to and including the end).
    pub fn decode(&self, reply: &Reply) -> Result<Answer, DecodeError> {
        use Command::*;
        Ok(match self {
            Version => Answer::Version(basic::decode_version(reply)?),
            Imei => Answer::Imei(basic::decode_imei(reply)?),
            Iccid => Answer::Iccid(basic::decode_iccid(reply)?),
            UartQuery => Answer::Uart(UartConfig::decode(reply)?),
            SimSlotQuery => Answer::SimSlot(basic::decode_sim_slot(reply)?),
            GpioRead(_) | GpioSet(_) => match GpioLevel::decode(reply)? {
                Some(l) => Answer::Gpio(l),
                None => Answer::Done,
            },
            SysSleepQuery => Answer::SysSleep(flag(reply, "AT+SYSSLEEP?", "SYSSLEEP")?),
            CsclkQuery => Answer::Csclk(flag(reply, "AT+CSCLK?", "CSCLK")?),
            RegQuery => Answer::Registration(Registration::decode(reply)?),
            Signal => Answer::Signal(super::network::Signal::decode(reply)?),
            NtpQuery => Answer::NtpServer(NtpServer::decode(reply)?),
            NtpSync(_) => Answer::Time(ModuleTime::decode(reply, "AT+QNTP", &["QNTP"])?),
            Time => Answer::Time(ModuleTime::decode(reply, "AT+QLTS?", &["QLTS"])?),
            Ping(p) => Answer::Ping(PingResult::decode(reply, p.count)?),
            Cell => Answer::Cell(CellInfo::decode(reply)?),
            SocketOpen(_) => Answer::LinkOpened(socket::decode_link_opened(reply)?),
            SimpleClientSet(_) => match socket::decode_link_opened(reply) {
                Ok(l) => Answer::LinkOpened(l),
                Err(_) => Answer::Done,
            },
            SocketState => Answer::Sockets(socket::decode_sockets(reply)?),
            PairingQuery => Answer::Pairing(PairingMode::decode(reply)?),
            SimpleClientQuery => Answer::SimpleClient(SocketTarget::decode_simple_client(reply)?),
            MqttClientQuery => Answer::MqttClient(MqttClient::decode(reply)?),
            MqttBrokerQuery => Answer::MqttBroker(MqttBroker::decode(reply)?),
            MqttSessionQuery => Answer::MqttSession(MqttSession::decode(reply)?),
            MqttSubQuery => Answer::Subscriptions(Subscription::decode_all(reply)?),
            MqttState => Answer::MqttState(super::mqtt::MqttState::decode(reply)?),
            MqttCertQuery => Answer::MqttCert(CertInfo::decode(
                reply,
                "AT+MQTTCERTIFI?",
                "MQTTCERTIFI",
                2,
            )?),
            HttpTargetQuery => Answer::HttpTarget(HttpTarget::decode(reply)?),
            HttpHeaderQuery => Answer::HttpHeaders(Header::decode_all(reply)),
            HttpAction(_) => Answer::HttpResponse(HttpResponse::decode(reply)),
            HttpCertQuery => Answer::HttpCert(CertInfo::decode(
                reply,
                "AT+HTTPCERTIFI?",
                "HTTPCERTIFI",
                1,
            )?),
            _ => Answer::Done,
        })
    }
}

fn flag(reply: &Reply, command: &'static str, name: &str) -> Result<bool, DecodeError> {
    Ok(super::reply::num::<u8>(command, reply.info(command, &[name])?)? != 0)
}

fn raw_name(line: &str) -> String {
    let up = line.trim().to_ascii_uppercase();
    let end = up.find(['=', '?']).unwrap_or(up.len());
    up[..end].to_string()
}

/// Endings for expert lines: recognise the commands whose answer is not a plain `OK`.
fn raw_ending(line: &str) -> Ending {
    match raw_name(line).as_str() {
        "+++" => Ending::Escape,
        "ATO" => Ending::Silent,
        "AT+RST" | "AT+RESTORE" | "AT+SINGLESIM" | "AT+SIMPLEMODE"
            if line.contains(['=']) || !line.contains('?') =>
        {
            if line.trim().to_ascii_uppercase().ends_with('?') {
                Ending::Final
            } else {
                Ending::Restart { ok_first: true }
            }
        }
        "AT+IPR" if line.contains('=') => Ending::Restart { ok_first: true },
        "AT+OTA" => Ending::Restart { ok_first: false },
        "AT+QIOPEN" => Ending::Connect,
        "AT+SIMPLECLIENT" if line.contains('=') => Ending::FinalOrConnect,
        _ => Ending::Any,
    }
}

fn raw_timeout(line: &str) -> Duration {
    match raw_name(line).as_str() {
        "AT+OTA" => Duration::from_secs(300),
        "AT+HTTPACTION" => Duration::from_secs(60),
        "AT+QPING" => Duration::from_secs(55),
        "AT+QIOPEN" | "AT+SIMPLECLIENT" | "AT+QNTP" | "AT+RST" | "AT+RESTORE" | "AT+IPR"
        | "AT+SINGLESIM" | "AT+SIMPLEMODE" => Duration::from_secs(30),
        "AT+QMTCONNCFG" | "AT+QMTSUB" | "AT+QMTPUB" | "AT+QMTPUBEX" | "AT+QMTUNSUB"
        | "AT+QMTDISC" | "AT+QISEND" => Duration::from_secs(15),
        _ => Duration::from_secs(5),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_lines_with_non_ascii_text_are_refused_not_a_panic() {
        // A Chinese input method types full-width letters; `a中` puts a multi-byte character
        // across the second byte.
        for line in [
            "ＡＴ+CSQ",
            "a中",
            "中",
            "Aé",
            "é",
            "\u{200b}AT",
            "AT中",
            "🙂AT",
            "AT＋CSQ",
        ] {
            let r = Command::raw(line);
            if line.starts_with("AT") && !line.contains('＋') {
                assert!(r.is_ok(), "{line}");
            } else {
                assert!(r.is_err(), "{line}");
            }
        }
        let e = Command::raw("ＡＴ+CSQ").unwrap_err();
        assert!(e.message(crate::i18n::Lang::En).contains("half-width"));
        assert!(e.message(crate::i18n::Lang::Zh).contains("半角"));
        assert!(Command::raw("at+csq").is_ok());
        assert!(Command::raw("+++").is_ok());
    }
}
