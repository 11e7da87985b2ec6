//! Proof: read every applied setting back with the query commands and compare it, field by
//! field, with what was applied. Reading a module's settings into a [`Profile`] is
//! [`read_job`]'s.

mod read_job;

pub use read_job::{ReadJob, read_profile, read_queries};

use super::check::Certs;
use super::schema::{HttpSection, MqttSection, Profile, SleepMode, TcpSection};
use crate::at::basic::GpioMode;
use crate::at::command::Pin;
use crate::at::{Answer, Checked, Command};
use crate::i18n::Lang;
use crate::worker::{CommandError, Outcome};
use serde::Serialize;

/// One compared field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldCheck {
    /// What `found` stands for, to say it in the user's language ([`FieldCheck::found_words`]);
    /// `found` itself stays the same in every language (JSON, CSV).
    #[serde(skip)]
    pub shown: Shown,
    /// The TOML key, e.g. `mqtt.keepalive_s`.
    pub key: String,
    /// What was applied, as shown (secrets redacted).
    pub expected: String,
    /// What the module reported, as shown (secrets redacted).
    pub found: String,
    pub ok: bool,
}

/// What a field's `found` is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Shown {
    /// The module's value.
    #[default]
    Value,
    /// A secret that differs (neither is shown).
    SecretDiffers,
    /// The value could not be read back.
    Unread(Unread),
}

/// Why a value could not be read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unread {
    /// The query failed.
    Error(CommandError),
    /// The module answered the GPIO query without a level.
    NoLevel,
}

impl Unread {
    fn words(&self, lang: Lang) -> String {
        match self {
            Unread::Error(e) => e.message(lang),
            Unread::NoLevel => lang.tr("verify-no-level").to_string(),
        }
    }
}

impl Shown {
    /// What stands in place of the value, in `lang`; `None` when it is the module's value.
    fn words(&self, lang: Lang) -> Option<String> {
        match self {
            Shown::Value => None,
            Shown::SecretDiffers => Some(lang.tr("verify-secret-differs").to_string()),
            Shown::Unread(u) => Some(crate::tr!(
                lang,
                "verify-could-not-read",
                why = u.words(lang)
            )),
        }
    }
}

impl FieldCheck {
    /// What was found, in `lang` (the value itself when it is the module's).
    pub fn found_words(&self, lang: Lang) -> String {
        self.shown.words(lang).unwrap_or_else(|| self.found.clone())
    }

    fn new(key: impl Into<String>, expected: impl ToString, found: impl ToString) -> Self {
        let (expected, found) = (expected.to_string(), found.to_string());
        Self {
            shown: Shown::Value,
            key: key.into(),
            ok: expected == found,
            expected,
            found,
        }
    }

    fn secret(key: &str, expected: &str, found: &str) -> Self {
        let show = |s: &str| {
            if s.is_empty() {
                String::new()
            } else {
                "***".to_string()
            }
        };
        let differs = expected != found && !found.is_empty();
        Self {
            shown: if differs {
                Shown::SecretDiffers
            } else {
                Shown::Value
            },
            key: key.into(),
            ok: expected == found,
            expected: show(expected),
            found: if differs {
                Shown::SecretDiffers.words(Lang::En).unwrap_or_default()
            } else {
                show(found)
            },
        }
    }

    fn unreadable(key: &str, expected: impl ToString, why: Unread) -> Self {
        let shown = Shown::Unread(why);
        Self {
            key: key.into(),
            expected: expected.to_string(),
            found: shown.words(Lang::En).unwrap_or_default(),
            shown,
            ok: false,
        }
    }
}

/// The answers to a set of queries, by command.
#[derive(Clone, Debug, Default)]
pub struct Readback {
    answers: Vec<(Command, Result<Answer, CommandError>)>,
}

impl Readback {
    /// Pair each query with its outcome (a missing outcome reads as cancelled).
    pub fn new(queries: &[Command], outcomes: &[Option<Outcome>]) -> Self {
        let answers = queries
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let r = outcomes
                    .get(i)
                    .and_then(|o| o.as_ref())
                    .map(|o| o.result.clone())
                    .unwrap_or(Err(CommandError::Cancelled));
                (q.clone(), r)
            })
            .collect();
        Self { answers }
    }

    fn get(&self, q: &Command) -> Option<&Result<Answer, CommandError>> {
        self.answers.iter().find(|(c, _)| c == q).map(|(_, r)| r)
    }
}

fn gpio_read(pin: u8) -> Option<Command> {
    Checked::new(Pin(pin)).ok().map(Command::GpioRead)
}

/// The queries that read back what `p` applies.
pub fn queries(p: &Profile) -> Vec<Command> {
    let mut q = Vec::new();
    if p.pairing.is_some() {
        q.push(Command::PairingQuery);
        if p.pairing_mode() == Some(crate::at::socket::PairingMode::Tcp) {
            q.push(Command::SimpleClientQuery);
        }
    }
    if p.power.is_some() {
        q.extend([Command::SysSleepQuery, Command::CsclkQuery]);
    }
    for g in &p.gpio {
        if matches!(g.mode, GpioMode::OutputHigh | GpioMode::OutputLow) {
            q.extend(gpio_read(g.pin));
        }
    }
    if let Some(h) = &p.http {
        q.push(Command::HttpTargetQuery);
        if !h.headers.is_empty() {
            q.push(Command::HttpHeaderQuery);
        }
        if h.uses_cert() {
            q.push(Command::HttpCertQuery);
        }
    }
    if let Some(m) = &p.mqtt {
        if m.ca_cert.is_some() || m.tls.is_some() {
            q.push(Command::MqttCertQuery);
        }
        q.extend([
            Command::MqttClientQuery,
            Command::MqttSessionQuery,
            Command::MqttBrokerQuery,
        ]);
        if !m.subscriptions.is_empty() {
            q.push(Command::MqttSubQuery);
        }
    }
    if p.serial.is_some() {
        q.push(Command::UartQuery);
    }
    q
}

fn why(e: &CommandError) -> Unread {
    Unread::Error(e.clone())
}

fn yes(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// The MQTT TLS mode in words (`tls` as the module reports it, and whether it checks the server).
fn tls_words(tls: Option<bool>, verify: bool) -> &'static str {
    match (tls, verify) {
        (Some(false), _) => "plain MQTT",
        (Some(true), false) => "TLS, server not checked",
        (Some(true), true) => "TLS, server checked",
        (None, _) => "unknown",
    }
}

/// Compare what `p` (placeholders filled) applies with what the module reported.
pub fn diff(p: &Profile, certs: &Certs, rb: &Readback) -> Vec<FieldCheck> {
    let mut out = Vec::new();
    if let Some(pair) = &p.pairing {
        match rb.get(&Command::PairingQuery) {
            Some(Ok(Answer::Pairing(m))) => out.push(FieldCheck::new(
                "pairing.mode",
                mode_name(pair.mode),
                mode_name(*m),
            )),
            Some(Err(e)) => out.push(FieldCheck::unreadable(
                "pairing.mode",
                mode_name(pair.mode),
                why(e),
            )),
            _ => {}
        }
        if let (Some(t), crate::at::socket::PairingMode::Tcp) = (&pair.tcp, pair.mode) {
            diff_simple_client(t, rb, &mut out);
        }
    }
    if let Some(pw) = &p.power {
        let (sys, dtr) = (
            rb.get(&Command::SysSleepQuery),
            rb.get(&Command::CsclkQuery),
        );
        let want = sleep_name(pw.sleep);
        match (sys, dtr) {
            (Some(Ok(Answer::SysSleep(s))), Some(Ok(Answer::Csclk(c)))) => {
                out.push(FieldCheck::new(
                    "power.sleep",
                    want,
                    sleep_name(SleepMode::from_flags(*s, *c)),
                ))
            }
            (Some(Err(e)), _) | (_, Some(Err(e))) => {
                out.push(FieldCheck::unreadable("power.sleep", want, why(e)))
            }
            _ => {}
        }
    }
    for (i, g) in p.gpio.iter().enumerate() {
        let want_high = match g.mode {
            GpioMode::OutputHigh => true,
            GpioMode::OutputLow => false,
            _ => continue,
        };
        let Some(q) = gpio_read(g.pin) else { continue };
        let key = format!("gpio[{i}].mode");
        let level = |h: bool| if h { "output_high" } else { "output_low" };
        match rb.get(&q) {
            Some(Ok(Answer::Gpio(l))) => {
                out.push(FieldCheck::new(&key, level(want_high), level(l.high)))
            }
            Some(Ok(_)) => out.push(FieldCheck::unreadable(
                &key,
                level(want_high),
                Unread::NoLevel,
            )),
            Some(Err(e)) => out.push(FieldCheck::unreadable(&key, level(want_high), why(e))),
            None => {}
        }
    }
    if let Some(h) = &p.http {
        diff_http(h, certs, rb, &mut out);
    }
    if let Some(m) = &p.mqtt {
        diff_mqtt(m, certs, rb, &mut out);
    }
    if let Some(s) = &p.serial {
        match rb.get(&Command::UartQuery) {
            Some(Ok(Answer::Uart(u))) => {
                let want = s.uart();
                out.push(FieldCheck::new("serial.baud", want.baud, u.baud));
                out.push(FieldCheck::new(
                    "serial.data_bits",
                    want.data_bits,
                    u.data_bits,
                ));
                out.push(FieldCheck::new(
                    "serial.parity",
                    want.parity.word(),
                    u.parity.word(),
                ));
                out.push(FieldCheck::new(
                    "serial.stop_bits",
                    want.stop_bits.as_str(),
                    u.stop_bits.as_str(),
                ));
            }
            Some(Err(e)) => out.push(FieldCheck::unreadable("serial.baud", s.baud, why(e))),
            _ => {}
        }
    }
    out
}

fn diff_simple_client(t: &TcpSection, rb: &Readback, out: &mut Vec<FieldCheck>) {
    match rb.get(&Command::SimpleClientQuery) {
        Some(Ok(Answer::SimpleClient(Some(f)))) => {
            let f = TcpSection::from_target(f);
            out.push(FieldCheck::new(
                "pairing.tcp.protocol",
                t.protocol.as_str(),
                f.protocol.as_str(),
            ));
            out.push(FieldCheck::new("pairing.tcp.host", &t.host, &f.host));
            out.push(FieldCheck::new("pairing.tcp.port", t.port, f.port));
            out.push(FieldCheck::new(
                "pairing.tcp.local_port",
                t.local_port,
                f.local_port,
            ));
            out.push(FieldCheck::new(
                "pairing.tcp.transparent",
                yes(t.transparent),
                yes(f.transparent),
            ));
        }
        Some(Ok(_)) => out.push(FieldCheck::new("pairing.tcp.host", &t.host, "(not set)")),
        Some(Err(e)) => out.push(FieldCheck::unreadable("pairing.tcp.host", &t.host, why(e))),
        None => {}
    }
}

fn diff_cert(
    key: &str,
    data: Option<&Vec<u8>>,
    found: Option<&Result<Answer, CommandError>>,
    out: &mut Vec<FieldCheck>,
) {
    let Some(data) = data else { return };
    let want = format!("{} bytes", data.len());
    match found {
        Some(Ok(Answer::MqttCert(c) | Answer::HttpCert(c))) => {
            out.push(FieldCheck::new(key, &want, format!("{} bytes", c.len)))
        }
        Some(Err(e)) => out.push(FieldCheck::unreadable(key, want, why(e))),
        _ => {}
    }
}

fn diff_http(h: &HttpSection, certs: &Certs, rb: &Readback, out: &mut Vec<FieldCheck>) {
    match rb.get(&Command::HttpTargetQuery) {
        Some(Ok(Answer::HttpTarget(t))) => {
            out.push(FieldCheck::new("http.url", &h.url, &t.url));
            out.push(FieldCheck::new("http.port", h.port, t.port));
            out.push(FieldCheck::new("http.https", yes(h.https), yes(t.https)));
            out.push(FieldCheck::new(
                "http.verify",
                yes(h.uses_cert()),
                yes(t.verify),
            ));
        }
        Some(Err(e)) => out.push(FieldCheck::unreadable("http.url", &h.url, why(e))),
        _ => {}
    }
    if !h.headers.is_empty() {
        match rb.get(&Command::HttpHeaderQuery) {
            Some(Ok(Answer::HttpHeaders(found))) => {
                for (i, hd) in h.headers.iter().enumerate() {
                    let f = found
                        .iter()
                        .rev()
                        .find(|x| x.name.eq_ignore_ascii_case(&hd.name))
                        .map(|x| x.value.clone())
                        .unwrap_or_else(|| "(not set)".into());
                    out.push(FieldCheck::new(
                        format!("http.headers[{i}].value"),
                        &hd.value,
                        f,
                    ));
                }
            }
            Some(Err(e)) => out.push(FieldCheck::unreadable(
                "http.headers",
                h.headers.len(),
                why(e),
            )),
            _ => {}
        }
    }
    if h.uses_cert() {
        diff_cert(
            "http.ca_cert",
            certs.http_ca.as_ref(),
            rb.get(&Command::HttpCertQuery),
            out,
        );
    }
}

fn diff_mqtt(m: &MqttSection, certs: &Certs, rb: &Readback, out: &mut Vec<FieldCheck>) {
    if m.ca_cert.is_some() {
        diff_cert(
            "mqtt.ca_cert",
            certs.mqtt_ca.as_ref(),
            rb.get(&Command::MqttCertQuery),
            out,
        );
    } else if let Some(tls) = m.tls {
        let want = tls_words(Some(tls), false);
        match rb.get(&Command::MqttCertQuery) {
            Some(Ok(Answer::MqttCert(c))) => out.push(FieldCheck::new(
                "mqtt.tls",
                want,
                tls_words(c.tls, c.verify),
            )),
            Some(Err(e)) => out.push(FieldCheck::unreadable("mqtt.tls", want, why(e))),
            _ => {}
        }
    }
    let want = m.client();
    match rb.get(&Command::MqttClientQuery) {
        Some(Ok(Answer::MqttClient(c))) => {
            out.push(FieldCheck::new(
                "mqtt.client_id",
                &want.client_id,
                &c.client_id,
            ));
            out.push(FieldCheck::new(
                "mqtt.username",
                &want.username,
                &c.username,
            ));
            out.push(FieldCheck::secret(
                "mqtt.password",
                &want.password,
                &c.password,
            ));
            if let Some(w) = &want.will {
                match &c.will {
                    Some(f) => {
                        out.push(FieldCheck::new("mqtt.will.qos", w.qos, f.qos));
                        out.push(FieldCheck::new(
                            "mqtt.will.retain",
                            yes(w.retain),
                            yes(f.retain),
                        ));
                        out.push(FieldCheck::new("mqtt.will.topic", &w.topic, &f.topic));
                        out.push(FieldCheck::new("mqtt.will.message", &w.message, &f.message));
                    }
                    None => out.push(FieldCheck::new("mqtt.will.topic", &w.topic, "(not set)")),
                }
            }
        }
        Some(Err(e)) => out.push(FieldCheck::unreadable(
            "mqtt.client_id",
            &want.client_id,
            why(e),
        )),
        _ => {}
    }
    match rb.get(&Command::MqttSessionQuery) {
        Some(Ok(Answer::MqttSession(s))) => {
            out.push(FieldCheck::new(
                "mqtt.clean_session",
                yes(m.clean_session),
                yes(s.clean),
            ));
            out.push(FieldCheck::new(
                "mqtt.keepalive_s",
                m.keepalive_s,
                s.keepalive_s,
            ));
        }
        Some(Err(e)) => out.push(FieldCheck::unreadable(
            "mqtt.keepalive_s",
            m.keepalive_s,
            why(e),
        )),
        _ => {}
    }
    match rb.get(&Command::MqttBrokerQuery) {
        Some(Ok(Answer::MqttBroker(Some(b)))) => {
            out.push(FieldCheck::new("mqtt.host", &m.host, &b.host));
            out.push(FieldCheck::new("mqtt.port", m.port, b.port));
            out.push(FieldCheck::new(
                "mqtt.auto_reconnect",
                yes(m.auto_reconnect),
                yes(b.auto_reconnect),
            ));
        }
        Some(Ok(_)) => out.push(FieldCheck::new("mqtt.host", &m.host, "(not set)")),
        Some(Err(e)) => out.push(FieldCheck::unreadable("mqtt.host", &m.host, why(e))),
        None => {}
    }
    if !m.subscriptions.is_empty() {
        match rb.get(&Command::MqttSubQuery) {
            Some(Ok(Answer::Subscriptions(found))) => {
                for (i, s) in m.subscriptions.iter().enumerate() {
                    match found.iter().find(|f| f.topic == s.topic) {
                        Some(f) => out.push(FieldCheck::new(
                            format!("mqtt.subscriptions[{i}].qos"),
                            s.qos,
                            f.qos,
                        )),
                        None => out.push(FieldCheck::new(
                            format!("mqtt.subscriptions[{i}].topic"),
                            &s.topic,
                            "(not subscribed)",
                        )),
                    }
                }
            }
            Some(Err(e)) => out.push(FieldCheck::unreadable(
                "mqtt.subscriptions",
                m.subscriptions.len(),
                why(e),
            )),
            _ => {}
        }
    }
}

fn mode_name(m: crate::at::socket::PairingMode) -> &'static str {
    use crate::at::socket::PairingMode::*;
    match m {
        Normal => "normal",
        Tcp => "tcp",
        MqttSingle => "mqtt_single",
        MqttContinuous => "mqtt_continuous",
    }
}

fn sleep_name(s: SleepMode) -> &'static str {
    match s {
        SleepMode::None => "none",
        SleepMode::Command => "command",
        SleepMode::Dtr => "dtr",
    }
}

/// The mismatched fields, named (for the CLI's exit message).
pub fn mismatches(checks: &[FieldCheck]) -> Vec<&FieldCheck> {
    checks.iter().filter(|c| !c.ok).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_found_is_said_in_the_users_language_and_exported_the_same_in_all() {
        let c = FieldCheck::unreadable("gpio[0].mode", "output_high", Unread::NoLevel);
        assert_eq!(c.found, "(could not read: no level)");
        assert_eq!(c.found_words(Lang::En), c.found);
        assert_eq!(c.found_words(Lang::Zh), "（无法读取：未返回电平）");
        assert_eq!(c.found_words(Lang::ZhHant), "（無法讀取：未回傳電平）");
        let e = FieldCheck::unreadable("serial.baud", 115200, why(&CommandError::Cancelled));
        assert_ne!(
            e.found_words(Lang::Zh),
            e.found,
            "the reason is translated too"
        );
        let s = FieldCheck::secret("mqtt.password", "a", "b");
        assert!(!s.ok);
        assert_eq!(s.found, "*** (different)");
        assert_eq!(s.found_words(Lang::Zh), "***（不一致）");
        let v = FieldCheck::new("mqtt.host", "x", "y");
        assert_eq!(
            v.found_words(Lang::ZhHant),
            "y",
            "values are the module's own"
        );
    }
}
