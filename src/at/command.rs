//! One typed command for every command of the manual (§6), rendering its exact wire bytes,
//! carrying its timeout and how its answer ends, and decoding its answer into an [`Answer`].
//!
//! Parameters only enter a command through [`Checked`], so a form, a profile or the command line
//! cannot build a command the manual forbids.

use super::answer::Answer;
use super::basic::{self, GpioConfig, GpioLevel, OtaRequest, UartConfig};
use super::checked::{Checked, Validate, collect};
use super::http::{
    Header, HttpBody, HttpCert, HttpMethod, HttpResponse, HttpTarget, is_secret_header,
};
use super::mqtt::{
    CertInfo, MqttBroker, MqttCert, MqttClient, MqttSession, Publish, PublishEx, PublishLong,
    Subscription, TopicRef,
};
use super::network::{CellInfo, ModuleTime, NtpServer, PingRequest, PingResult, Registration};
use super::reply::{DecodeError, Reply};
use super::socket::{
    self, LinkRef, PairingMode, SimpleClient, SocketSend, SocketTarget, UnsizedSend,
};
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
                value::Problem::Rule("at-command-has-full-width-characters-such-as-or"),
            )];
        }
        // `get`, not `[..2]`: the second byte may fall inside a multi-byte character.
        let starts_with_at = t.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("AT"));
        if !starts_with_at && t != "+++" {
            return vec![ValidationError::new(
                Field::Command,
                value::Problem::Rule("at-command-must-start-with-at"),
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
    /// A `>` prompt, after which the module stays in data mode until `+++` (the long publish
    /// of §4.1.3): no payload is written, the command ends at the prompt.
    DataPrompt,
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
    /// `AT+QISEND=<link>` (UDP, no length) then the data and Ctrl+Z at `>`
    SocketSendUnsized(Checked<UnsizedSend>),
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
    /// `AT+QMTPUB=<topic>,<qos>,<retain>,1` (bare 1): `>`, then continuous publishing until `+++`
    MqttPublishLong(Checked<PublishLong>),
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
            SocketSendUnsized(s) => format!("AT+QISEND={}", s.link),
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
            // The bare `1` is what tells the module to stay in data mode (§4.1.3).
            MqttPublishLong(p) => format!(
                "AT+QMTPUB={},{},{},1",
                value::quote(&p.topic),
                p.qos,
                u8::from(p.retain)
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
            HttpHeaderSet(h) if redact => format!("AT+HTTPRQH={}", h.display_params()),
            HttpHeaderSet(h) => format!("AT+HTTPRQH={}", h.params()),
            HttpData(b) => format!("AT+HTTPDATA={}", b.0.len()),
            HttpAction(m) => format!("AT+HTTPACTION={}", m.code()),
            HttpCertQuery => "AT+HTTPCERTIFI?".into(),
            HttpCertSet(c) => format!("AT+HTTPCERTIFI={},{}", u8::from(c.verify), c.data.len()),
            Raw(r) if redact => mask(&r.0, &line_secrets(&r.0)),
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
            SocketSendUnsized(s) => Some(s.framed()),
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
            Command::HttpHeaderSet(h) if is_secret_header(&h.name) && !h.value.is_empty() => {
                vec![h.value.clone()]
            }
            Command::Raw(r) => line_secrets(&r.0),
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
            SocketSend(_) | SocketSendUnsized(_) => Ending::Prompted { send_ok: true },
            MqttPublishLong(_) => Ending::DataPrompt,
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
            SocketSend(_) | SocketSendUnsized(_) => s(15),
            NtpSync(_) => s(30),
            Ping(p) => s(5 + 5 * u64::from(p.count)),
            MqttBrokerSet(_) | MqttSubscribe(_) | MqttUnsubscribe(_) | MqttPublish(_)
            | MqttPublishEx(_) | MqttPublishLong(_) | MqttDisconnect => s(15),
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

/// How the lines that can carry a secret start (see [`line_secrets`]), matched without case.
const QMTCFG_SET: &str = "AT+QMTCFG=";
const QMTCFG_ANSWER: &str = "+QMTCFG:";
const HTTPRQH_SET: &str = "AT+HTTPRQH=";
const HTTPRQH_ANSWER: &str = "+HTTPRQH:";

/// Whether a logged line may carry a secret, from its first bytes and without copying it:
/// false only when [`line_secrets`] would find none. A line that starts with a non-ASCII byte
/// (a full-width space, which `line_secrets` trims) may.
pub fn may_hold_secrets(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !(b.is_ascii_whitespace() || *b == 0))
        .unwrap_or(bytes.len());
    let head = &bytes[start..];
    head.first().is_some_and(|b| !b.is_ascii())
        || [QMTCFG_SET, QMTCFG_ANSWER, HTTPRQH_SET, HTTPRQH_ANSWER]
            .iter()
            .any(|p| {
                head.get(..p.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
            })
}

/// The secrets in one AT line, sent or received: the password of `AT+QMTCFG=` and of a
/// `+QMTCFG:` answer, and the value of a secret header (see [`is_secret_header`]) in
/// `AT+HTTPRQH=` or a `+HTTPRQH:` answer. Typed lines (terminal, `send`) and answers carry
/// them as well as the forms' commands do.
pub fn line_secrets(line: &str) -> Vec<String> {
    let t = line.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    let after = |prefix: &str| {
        t.get(..prefix.len())
            .filter(|p| p.eq_ignore_ascii_case(prefix))
            .and_then(|_| t.get(prefix.len()..))
    };
    let mut out = Vec::new();
    if let Some(body) = after(QMTCFG_SET).or_else(|| after(QMTCFG_ANSWER)) {
        if let Some(pass) = value::split_params(body).get(2) {
            out.push(pass.clone());
        }
    } else if let Some(body) = after(HTTPRQH_SET) {
        let p = value::split_params(body);
        if let (Some(name), Some(v)) = (p.first(), p.get(1))
            && is_secret_header(name)
        {
            out.push(v.clone());
        }
    } else if let Some(body) = after(HTTPRQH_ANSWER)
        && let Some((name, v)) = body.split_once([':', ','])
        && is_secret_header(name)
    {
        out.push(value::unquote(v).to_string());
    }
    out.retain(|s| !s.is_empty() && s != "***");
    out
}

/// `line` with its secrets (see [`line_secrets`]) replaced by `***`, for showing it.
pub fn mask_secrets(line: &str) -> String {
    mask(line, &line_secrets(line))
}

/// `line` with every occurrence of `secrets` replaced by `***`.
fn mask(line: &str, secrets: &[String]) -> String {
    let mut out = line.to_string();
    let mut by_len: Vec<&String> = secrets.iter().collect();
    by_len.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for s in by_len {
        out = out.replace(s.as_str(), "***");
    }
    out
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
        "AT+QMTPUB" if long_publish_line(line) => Ending::DataPrompt,
        "AT+SIMPLECLIENT" if line.contains('=') => Ending::FinalOrConnect,
        _ => Ending::Any,
    }
}

/// `AT+QMTPUB=…,1` with a bare (unquoted) `1` as its fourth parameter: the long publish of
/// §4.1.3, typed by hand.
fn long_publish_line(line: &str) -> bool {
    let Some((_, args)) = line.split_once('=') else {
        return false;
    };
    let p = args.split(',').collect::<Vec<_>>();
    // The topic is quoted and may hold commas: count from the end.
    p.len() >= 4 && p[p.len() - 1].trim() == "1"
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

    /// Manual §4.1.3: the long publish's fourth parameter is a bare `1`; a message "1" typed
    /// by the user is quoted and publishes the text "1".
    #[test]
    fn long_publish_and_a_message_one_are_told_apart() {
        let long = Command::MqttPublishLong(
            Checked::new(PublishLong {
                topic: "TTT".into(),
                qos: 0,
                retain: false,
            })
            .unwrap(),
        );
        assert_eq!(long.wire(), b"AT+QMTPUB=\"TTT\",0,0,1\r\n");
        assert_eq!(long.ending(), Ending::DataPrompt);
        assert_eq!(long.payload(), None);
        assert_eq!(long.name(), "AT+QMTPUB");
        let one = Command::MqttPublish(
            Checked::new(Publish {
                topic: "TTT".into(),
                qos: 1,
                retain: true,
                message: "1".into(),
            })
            .unwrap(),
        );
        assert_eq!(one.wire(), b"AT+QMTPUB=\"TTT\",1,1,\"1\"\r\n");
        assert_eq!(one.ending(), Ending::Final);
        // The same told apart when typed by hand.
        assert_eq!(
            Command::raw(r#"AT+QMTPUB="TTT",0,0,1"#).unwrap().ending(),
            Ending::DataPrompt
        );
        assert_eq!(
            Command::raw(r#"AT+QMTPUB="TTT",0,0,"1""#).unwrap().ending(),
            Ending::Any
        );
        assert_eq!(
            Command::raw(r#"AT+QMTPUB="a,b",2,0, 1"#).unwrap().ending(),
            Ending::DataPrompt
        );
        // No topic, a bad QoS: refused, nothing built.
        assert!(
            Checked::new(PublishLong {
                topic: String::new(),
                qos: 0,
                retain: false
            })
            .is_err()
        );
        let e = Checked::new(PublishLong {
            topic: "a\"b".into(),
            qos: 3,
            retain: false,
        })
        .unwrap_err();
        assert_eq!(e.field, Field::Topic);
    }

    /// Manual §6.4.2: UDP `AT+QISEND=<link>` with no length; the data ends with Ctrl+Z (the
    /// Quectel convention: the manual does not say).
    #[test]
    fn udp_send_without_a_length() {
        use crate::at::socket::Protocol;
        let c = Command::SocketSendUnsized(
            Checked::new(UnsizedSend::new(5, Protocol::Udp, b"hello")).unwrap(),
        );
        assert_eq!(c.wire(), b"AT+QISEND=5\r\n");
        assert_eq!(c.payload(), Some(&b"hello\x1a"[..]));
        assert_eq!(c.ending(), Ending::Prompted { send_ok: true });
        let refused = |s: UnsizedSend| Checked::new(s).unwrap_err();
        let tcp = refused(UnsizedSend::new(5, Protocol::Tcp, b"hello"));
        assert!(tcp.message(crate::i18n::Lang::En).contains("TCP"));
        assert!(tcp.message(crate::i18n::Lang::Zh).contains("TCP"));
        for bad in [&b"a\x1ab"[..], b"\x1b", b"x\x1a"] {
            let e = refused(UnsizedSend::new(5, Protocol::Udp, bad));
            assert_eq!(e.field, Field::Payload);
            assert!(e.message(crate::i18n::Lang::En).contains("Ctrl+Z"));
            assert!(e.message(crate::i18n::Lang::Zh).contains("Ctrl+Z"));
        }
        assert_eq!(
            refused(UnsizedSend::new(5, Protocol::Udp, b"")).field,
            Field::Payload
        );
        assert!(Checked::new(UnsizedSend::new(5, Protocol::Udp, &[b'x'; 1025])).is_err());
        assert!(Checked::new(UnsizedSend::new(2, Protocol::Udp, b"x")).is_err());
    }

    #[test]
    fn secrets_in_typed_lines_and_answers() {
        let s = |l: &str| line_secrets(l);
        assert_eq!(s(r#"AT+QMTCFG="c1","user","hunter22""#), ["hunter22"]);
        assert_eq!(
            s(r#"at+qmtcfg="c1","user","pw,with,commas",0,0,"t","m""#),
            ["pw,with,commas"]
        );
        assert_eq!(
            s("+QMTCFG:CT11-9999,MQTT1,123456,1,1,QQQ,123456"),
            ["123456"]
        );
        assert_eq!(s(r#"+QMTCFG: "c","u","p4ss""#), ["p4ss"]);
        assert_eq!(s(r#"AT+QMTCFG="c1""#), Vec::<String>::new());
        assert_eq!(
            s(r#"AT+HTTPRQH="Authorization","Bearer abc""#),
            ["Bearer abc"]
        );
        assert_eq!(s(r#"AT+HTTPRQH="x-api-key","k1""#), ["k1"]);
        assert_eq!(s(r#"AT+HTTPRQH="Cookie","sid=1""#), ["sid=1"]);
        assert_eq!(
            s(r#"AT+HTTPRQH="Content-Type","text/plain""#),
            Vec::<String>::new()
        );
        assert_eq!(s("+HTTPRQH:Proxy-Authorization:Basic Zm9v"), ["Basic Zm9v"]);
        assert_eq!(s("+HTTPRQH:Accept:*/*"), Vec::<String>::new());
        assert_eq!(s("AT+CSQ"), Vec::<String>::new());
        assert_eq!(s("中文"), Vec::<String>::new());
    }

    #[test]
    fn typed_secret_lines_are_shown_masked_and_logged_as_secrets() {
        let c = Command::raw(r#"AT+QMTCFG="c1","user","hunter22""#).unwrap();
        assert_eq!(c.display_line(), r#"AT+QMTCFG="c1","user","***""#);
        assert_eq!(c.line(), r#"AT+QMTCFG="c1","user","hunter22""#);
        assert_eq!(c.secrets(), ["hunter22"]);
        assert_eq!(
            mask_secrets("+QMTCFG:c,u,pw9,0,0,,"),
            "+QMTCFG:c,u,***,0,0,,"
        );
        let h = Checked::new(Header {
            name: "Authorization".into(),
            value: "Bearer abc".into(),
        })
        .unwrap();
        let c = Command::HttpHeaderSet(h);
        assert_eq!(c.display_line(), r#"AT+HTTPRQH="Authorization","***""#);
        assert_eq!(c.secrets(), ["Bearer abc"]);
        let h = Checked::new(Header {
            name: "Accept".into(),
            value: "text/plain".into(),
        })
        .unwrap();
        assert!(Command::HttpHeaderSet(h).secrets().is_empty());
    }
}
