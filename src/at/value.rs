//! Validation of parameters against the manual's limits, quoting and splitting of parameter lists.
//!
//! Every user value passes through here before it can become a [`Command`](super::Command):
//! a form, a profile and the command line share these checks, so an error reads the same
//! everywhere and names the field to fix, in the user's language.

use crate::i18n::Lang;
use std::fmt;

/// A parameter a user can get wrong. Used to name the field in error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    ClientId,
    Username,
    Password,
    WillTopic,
    WillMessage,
    WillQos,
    BrokerHost,
    BrokerPort,
    Keepalive,
    Topic,
    Qos,
    Message,
    Payload,
    Certificate,
    Url,
    UrlPort,
    HeaderName,
    HeaderValue,
    Body,
    Host,
    RemotePort,
    LocalPort,
    Link,
    Baud,
    DataBits,
    StopBits,
    Parity,
    Pin,
    PingCount,
    PingHost,
    NtpServer,
    NtpPort,
    OtaMode,
    OtaUrl,
    SimSlot,
    CregMode,
    PairingMode,
    ClientConfig,
    Command,
}

impl Field {
    /// The field's name as the forms label it.
    pub fn label(self, lang: Lang) -> &'static str {
        use Field::*;
        let key = match self {
            ClientId => "at-value-client-id",
            Username => "at-value-user-name",
            Password => "at-value-password",
            WillTopic => "at-value-last-will-topic",
            WillMessage => "at-value-last-will-message",
            WillQos => "at-value-last-will-qos",
            BrokerHost => "at-value-broker-host",
            BrokerPort => "at-value-broker-port",
            Keepalive => "at-value-keepalive",
            Topic => "at-value-topic",
            Qos => "at-value-qos",
            Message => "at-value-message",
            Payload => "at-value-data",
            Certificate => "at-value-certificate",
            Url => "at-value-url",
            UrlPort => "at-value-url-port",
            HeaderName => "at-value-header-name",
            HeaderValue => "at-value-header-value",
            Body => "at-value-request-body",
            Host => "at-value-server-address",
            RemotePort => "at-value-server-port",
            LocalPort => "at-value-local-port",
            Link => "at-value-link-id",
            Baud => "at-value-baud-rate",
            DataBits => "at-value-data-bits",
            StopBits => "at-value-stop-bits",
            Parity => "at-value-parity",
            Pin => "at-value-gpio-pin",
            PingCount => "at-value-ping-count",
            PingHost => "at-value-ping-target",
            NtpServer => "at-value-ntp-server",
            NtpPort => "at-value-ntp-port",
            OtaMode => "at-value-update-mode",
            OtaUrl => "at-value-update-url",
            SimSlot => "at-value-sim-slot",
            CregMode => "at-value-registration-report-mode",
            PairingMode => "at-value-pairing-mode",
            ClientConfig => "at-value-saved-client-settings",
            Command => "at-value-command",
        };
        lang.tr(key)
    }
}

/// What is wrong with a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The value must not be empty.
    Empty,
    /// Longer than the manual allows (lengths are UTF-8 bytes as sent).
    TooLong { max: usize, len: usize },
    /// A number outside the allowed range.
    OutOfRange { min: i64, max: i64 },
    /// Not one of the allowed values (listed for the user).
    NotOneOf(&'static str),
    /// Not a number.
    NotANumber,
    /// A character that would break the AT command line (CR, LF, `"`) or a control character.
    ForbiddenChar(char),
    /// A combination the manual forbids; the catalogue text (key) explains it.
    Rule(&'static str),
}

/// A value that the manual does not allow, naming the field and what to fix.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub struct ValidationError {
    pub field: Field,
    pub problem: Problem,
}

impl ValidationError {
    pub fn new(field: Field, problem: Problem) -> Self {
        Self { field, problem }
    }

    /// The problem in plain words, in the user's language: what is wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        crate::tr!(
            lang,
            "at-value-field-problem",
            field = self.field.label(lang),
            problem = &self.reason(lang)
        )
    }

    /// The problem as one sentence whose subject is the field ("Client ID must not be empty." /
    /// "客户端 ID 不能为空。"): a screen reader reads a warning on its own, so it names the field.
    pub fn named(&self, lang: Lang) -> String {
        let label = self.field.label(lang);
        // Chinese runs on without a space, except after a Latin word ("客户端 ID 不能为空。").
        let field = if lang.is_chinese() && label.ends_with(|c: char| c.is_ascii_alphanumeric()) {
            format!("{label} ")
        } else {
            label.to_string()
        };
        let field = field.as_str();
        match &self.problem {
            Problem::Empty => crate::tr!(lang, "at-value-named-empty", field = field),
            Problem::TooLong { max, len } => crate::tr!(
                lang,
                "at-value-named-too-long",
                field = field,
                len = &len,
                max = &max
            ),
            Problem::OutOfRange { min, max } => crate::tr!(
                lang,
                "at-value-named-out-of-range",
                field = field,
                min = &min,
                max = &max
            ),
            Problem::NotOneOf(list) => {
                crate::tr!(
                    lang,
                    "at-value-named-not-one-of",
                    field = field,
                    list = list
                )
            }
            Problem::NotANumber => crate::tr!(lang, "at-value-named-not-a-number", field = field),
            Problem::ForbiddenChar(c) => crate::tr!(
                lang,
                "at-value-named-forbidden-char",
                field = field,
                what = &describe_char(*c, lang)
            ),
            // A rule's text is a sentence of its own.
            Problem::Rule(key) => crate::tr!(
                lang,
                "at-value-field-problem",
                field = label,
                problem = lang.tr(key)
            ),
        }
    }

    /// The problem without the field name (for a message shown under the field itself).
    pub fn reason(&self, lang: Lang) -> String {
        match &self.problem {
            Problem::Empty => lang.tr("at-value-empty").into(),
            Problem::TooLong { max, len } => {
                crate::tr!(lang, "at-value-too-long", len = &len, max = &max)
            }
            Problem::OutOfRange { min, max } => {
                crate::tr!(lang, "at-value-out-of-range", min = &min, max = &max)
            }
            Problem::NotOneOf(list) => crate::tr!(lang, "at-value-not-one-of", list = list),
            Problem::NotANumber => lang.tr("at-value-not-a-number").into(),
            Problem::ForbiddenChar(c) => crate::tr!(
                lang,
                "at-value-forbidden-char",
                what = &describe_char(*c, lang)
            ),
            Problem::Rule(key) => lang.tr(key).to_string(),
        }
    }
}

fn describe_char(c: char, lang: Lang) -> String {
    match c {
        '\r' => lang.tr("at-value-a-carriage-return-enter").into(),
        '\n' => lang.tr("at-value-a-line-break-enter").into(),
        '"' => lang.tr("at-value-a-double-quote").into(),
        c => crate::tr!(
            lang,
            "at-value-the-control-character",
            code = &format!("{:04X}", c as u32)
        ),
    }
}

/// Result of a check.
pub type Check<T = ()> = Result<T, ValidationError>;

/// A text parameter: refuses CR, LF, `"` and other control characters, and enforces the
/// manual's maximum length in bytes.
pub fn text(field: Field, value: &str, max: usize, allow_empty: bool) -> Check {
    if !allow_empty && value.is_empty() {
        return Err(ValidationError::new(field, Problem::Empty));
    }
    if let Some(c) = value.chars().find(|c| *c == '"' || c.is_control()) {
        return Err(ValidationError::new(field, Problem::ForbiddenChar(c)));
    }
    if value.len() > max {
        return Err(ValidationError::new(
            field,
            Problem::TooLong {
                max,
                len: value.len(),
            },
        ));
    }
    Ok(())
}

/// A number within an inclusive range.
pub fn range(field: Field, value: i64, min: i64, max: i64) -> Check {
    if value < min || value > max {
        return Err(ValidationError::new(
            field,
            Problem::OutOfRange { min, max },
        ));
    }
    Ok(())
}

/// Parse a user-typed whole number and check its range.
pub fn parse_number(field: Field, input: &str, min: i64, max: i64) -> Check<i64> {
    let n: i64 = input
        .trim()
        .parse()
        .map_err(|_| ValidationError::new(field, Problem::NotANumber))?;
    range(field, n, min, max)?;
    Ok(n)
}

/// A payload for a `>` prompt: its length in bytes must be within limits (no character is
/// forbidden: the module reads exactly N raw bytes).
pub fn payload(field: Field, bytes: &[u8], min: usize, max: usize) -> Check {
    if bytes.len() < min {
        return Err(ValidationError::new(field, Problem::Empty));
    }
    if bytes.len() > max {
        return Err(ValidationError::new(
            field,
            Problem::TooLong {
                max,
                len: bytes.len(),
            },
        ));
    }
    Ok(())
}

/// Quote a string parameter for the command line. The value must have passed [`text`].
pub fn quote(value: &str) -> String {
    format!("\"{value}\"")
}

/// Split an answer's parameter list at commas (ASCII `,` or full-width `，`) outside quotes,
/// trimming spaces and removing the quotes. The manual quotes some fields and not others.
pub fn split_params(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_quotes = false;
    for c in body.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' | '，' if !in_quotes => out.push(std::mem::take(&mut cur).trim().to_string()),
            c => cur.push(c),
        }
    }
    out.push(cur.trim().to_string());
    out
}

/// Remove one pair of surrounding quotes and spaces.
pub fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(s)
}

/// Split `body` into a leading free-text field and `n` trailing comma-separated fields. Used for
/// answers whose first field (a URL, a host) may itself contain commas.
pub fn split_trailing(body: &str, n: usize) -> Option<(String, Vec<String>)> {
    let mut parts: Vec<&str> = body.rsplitn(n + 1, [',', '，']).collect();
    if parts.len() != n + 1 {
        return None;
    }
    parts.reverse();
    let head = unquote(parts[0]).to_string();
    let tail = parts[1..].iter().map(|s| unquote(s).to_string()).collect();
    Some((head, tail))
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_refuses_framing_characters_and_names_the_field() {
        for bad in ["a\rb", "a\nb", "say \"hi\"", "tab\there"] {
            let e = text(Field::Topic, bad, 256, false).unwrap_err();
            assert_eq!(e.field, Field::Topic);
            assert!(matches!(e.problem, Problem::ForbiddenChar(_)));
        }
        assert!(text(Field::Topic, "温度/一号", 256, false).is_ok());
        let e = text(Field::Topic, "", 256, false).unwrap_err();
        assert_eq!(e.problem, Problem::Empty);
        assert!(e.message(Lang::Zh).starts_with("主题"));
    }

    #[test]
    fn lengths_are_utf8_bytes() {
        // 86 CJK characters are 258 bytes: over the 256 limit although only 86 characters.
        let s = "温".repeat(86);
        let e = text(Field::Password, &s, 256, true).unwrap_err();
        assert_eq!(e.problem, Problem::TooLong { max: 256, len: 258 });
        assert!(text(Field::Password, &"a".repeat(256), 256, true).is_ok());
    }

    #[test]
    fn split_params_handles_quotes_and_fullwidth_commas() {
        assert_eq!(
            split_params("\"TCP\",\"1.2.3.4\",80,0，0"),
            vec!["TCP", "1.2.3.4", "80", "0", "0"]
        );
        assert_eq!(split_params("\"a,b\",1"), vec!["a,b", "1"]);
        let (url, rest) = split_trailing("\"http://x/?a=1,2\",80,0,0", 3).unwrap();
        assert_eq!(url, "http://x/?a=1,2");
        assert_eq!(rest, vec!["80", "0", "0"]);
    }

    #[test]
    fn numbers_are_parsed_and_ranged() {
        assert_eq!(
            parse_number(Field::BrokerPort, " 1883 ", 0, 65535),
            Ok(1883)
        );
        assert_eq!(
            parse_number(Field::BrokerPort, "70000", 0, 65535)
                .unwrap_err()
                .problem,
            Problem::OutOfRange { min: 0, max: 65535 }
        );
        assert_eq!(
            parse_number(Field::BrokerPort, "x", 0, 65535)
                .unwrap_err()
                .problem,
            Problem::NotANumber
        );
    }
}
