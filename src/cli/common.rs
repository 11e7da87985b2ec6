//! What the subcommands share: opening the port named on the command line, errors, and the
//! messages more than one subcommand prints.

use crate::at::basic::UartConfig;
use crate::i18n::Lang;
use crate::tr;
use crate::worker::client::ClientError;
use crate::worker::{Client, CommandError, LinkState, PortOpener, SerialPath};
use std::fmt::Display;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// A failure, as one plain-language line in the language of `--lang`; the exit code follows its
/// kind.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input from the user: nothing was sent.
    #[error("{0}")]
    Usage(String),
    /// The port could not be opened or the module did not answer.
    #[error("{0}")]
    Port(String),
    /// The module answered with an error, or did not answer in time.
    #[error("{0}")]
    Module(String),
    /// A file could not be read or written.
    #[error("{0}")]
    File(String),
    /// A check or verification failed.
    #[error("{0}")]
    Failed(String),
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Port(_) => 3,
            CliError::Module(_) => 4,
            CliError::File(_) => 5,
            CliError::Failed(_) => 6,
        }
    }
}

/// The port to use: a path, `sim` (the built-in simulated module, offline), `sim-online` (the
/// same module making real connections from this computer) or `auto` (the only candidate).
pub fn opener(port: &str, lang: Lang) -> Result<Arc<dyn PortOpener>, CliError> {
    match port {
        "sim" => Ok(crate::sim::opener(crate::sim::SimConfig::realistic())),
        "sim-online" => Ok(crate::sim::opener(
            crate::sim::SimConfig::realistic().online(),
        )),
        "auto" => {
            let ports =
                crate::link::serial::system_ports().map_err(|e| cannot_list_ports(lang, &e))?;
            // A USB adapter is what a module hangs on: with one present, built-in ports
            // (ttyS*, COM1) are no candidates.
            let usb: Vec<_> = ports.iter().filter(|p| p.is_usb()).cloned().collect();
            let ports = if usb.is_empty() { ports } else { usb };
            match ports.as_slice() {
                [only] => {
                    let using = tr!(lang, "cli-common-using-the-only-port", port = &only.name);
                    eprintln!("ct11-configurator: {using}");
                    Ok(Arc::new(SerialPath(only.name.clone())))
                }
                [] => Err(CliError::Port(
                    lang.tr("cli-common-no-serial-port-found").into(),
                )),
                many => {
                    let names: Vec<_> = many.iter().map(|p| p.name.as_str()).collect();
                    Err(CliError::Usage(tr!(
                        lang,
                        "cli-common-several-serial-ports",
                        ports = &names.join(", ")
                    )))
                }
            }
        }
        path => Ok(Arc::new(SerialPath(path.to_string()))),
    }
}

/// `--baud`: a supported rate, or `None` for `auto` (detect it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Baud(pub Option<u32>);

/// Parse `--baud`: a supported rate or `auto`.
pub fn parse_baud(s: &str) -> Result<Baud, String> {
    if s.eq_ignore_ascii_case("auto") {
        return Ok(Baud(None));
    }
    let b: u32 = s.parse().map_err(|_| format!("`{s}` is not a baud rate"))?;
    if crate::at::basic::BAUD_RATES.contains(&b) {
        Ok(Baud(Some(b)))
    } else {
        Err(format!(
            "{b} is not supported; use one of 4800 9600 19200 38400 57600 115200 230400 460800 921600 or auto"
        ))
    }
}

/// Open the port and check the module answers.
pub fn connect(port: &str, baud: Baud, lang: Lang) -> Result<Client, CliError> {
    connect_with(port, baud, false, lang)
}

/// Open the port; with `allow_silent`, a module that does not answer the opening check is
/// still used (after a warning on stderr), so each command's own timeout reports it.
pub fn connect_with(
    port: &str,
    baud: Baud,
    allow_silent: bool,
    lang: Lang,
) -> Result<Client, CliError> {
    let baud = baud.0;
    let opener = opener(port, lang)?;
    // `auto` names the port it picked.
    let port = &opener.name();
    let mut client = Client::new();
    let settings = UartConfig {
        baud: baud.unwrap_or(115200),
        ..UartConfig::default()
    };
    let state = client
        .open(opener, settings, baud.is_none(), Duration::from_secs(15))
        .map_err(|e| {
            let error = client_error(lang, &e);
            CliError::Port(tr!(
                lang,
                "cli-common-port-failed",
                port = port,
                error = &error
            ))
        })?;
    match state {
        LinkState::Connected { .. } => Ok(client),
        LinkState::NoAnswer { baud, .. } if allow_silent => {
            let warning = tr!(lang, "cli-common-sending-anyway", port = port, baud = &baud);
            eprintln!("ct11-configurator: {warning}");
            Ok(client)
        }
        LinkState::NoAnswer { baud, .. } => Err(CliError::Port(tr!(
            lang,
            "cli-common-module-does-not-answer",
            port = port,
            baud = &baud
        ))),
        // The reason is the system's own words (the port's name and the OS error).
        LinkState::Failed { reason } => Err(CliError::Port(tr!(
            lang,
            "cli-common-cannot-open",
            reason = &reason.words(lang)
        ))),
        other => {
            let error = format!("{other:?}");
            Err(CliError::Port(tr!(
                lang,
                "cli-common-port-failed",
                port = port,
                error = &error
            )))
        }
    }
}

/// Why a blocking call on the worker gave up, in words.
pub fn client_error(lang: Lang, e: &ClientError) -> String {
    match e {
        ClientError::WorkerGone => lang.tr("cli-common-the-worker-stopped").into(),
        ClientError::Timeout(d) => {
            tr!(lang, "cli-common-gave-up-waiting", time = &format!("{d:?}"))
        }
    }
}

/// [`client_error`] as the error of a subcommand: the port or the worker failed.
pub fn port_error(lang: Lang, e: &ClientError) -> CliError {
    CliError::Port(client_error(lang, e))
}

/// The serial ports could not be listed.
pub fn cannot_list_ports(lang: Lang, e: &impl Display) -> CliError {
    CliError::Port(tr!(lang, "cli-common-cannot-list-serial-ports", error = e))
}

/// A file named on the command line could not be read.
pub fn cannot_read(lang: Lang, path: &Path, e: &impl Display) -> CliError {
    CliError::File(tr!(
        lang,
        "cli-common-cannot-read",
        path = &path.display(),
        error = e
    ))
}

/// A command the module refused or did not answer: the command line and the error in words.
pub fn command_failed(lang: Lang, line: &str, e: &CommandError) -> String {
    let error = e.message(lang);
    tr!(
        lang,
        "cli-common-command-failed",
        command = line,
        error = &error
    )
}

/// `s` and spaces up to `width` columns, as `{:<width}` pads, except that a Chinese character
/// takes two columns in a terminal, so Chinese table rows stay aligned.
pub fn pad(s: &str, width: usize) -> String {
    let used: usize = s.chars().map(columns).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(used)))
}

/// The columns a character takes in a terminal: two for the wide (East Asian) ranges.
fn columns(c: char) -> usize {
    match u32::from(c) {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn padding_counts_chinese_characters_as_two_columns() {
        // English pads exactly as `{:<width}` did.
        assert_eq!(pad("Field", 8), format!("{:<8}", "Field"));
        assert_eq!(pad("a long text", 4), "a long text");
        assert_eq!(pad("字段", 8), "字段    ");
        assert_eq!(pad("SIM 卡", 8), "SIM 卡  ");
    }

    #[test]
    fn shared_messages_fill_their_placeables_in_every_language() {
        let gave_up = ClientError::Timeout(Duration::from_secs(60));
        assert_eq!(
            client_error(Lang::En, &gave_up),
            "gave up waiting after 60s"
        );
        assert_eq!(client_error(Lang::Zh, &gave_up), "等待 60s 后放弃");
        assert_eq!(client_error(Lang::ZhHant, &gave_up), "等待 60s 後放棄");

        let e = cannot_read(Lang::ZhHant, Path::new("ca.pem"), &"denied");
        assert_eq!(e.to_string(), "無法讀取 ca.pem：denied");
        assert_eq!(e.exit_code(), 5);

        let failed = command_failed(Lang::Zh, "AT+CSQ", &CommandError::Cancelled);
        assert_eq!(failed, "AT+CSQ：已取消");
        let failed = command_failed(Lang::En, "AT+CSQ", &CommandError::Cancelled);
        assert_eq!(failed, "AT+CSQ: Cancelled");
    }
}
