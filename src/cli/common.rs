//! What the subcommands share: opening the port named on the command line, and errors.

use crate::at::basic::UartConfig;
use crate::worker::{Client, LinkState, PortOpener, SerialPath};
use std::sync::Arc;
use std::time::Duration;

/// A failure, as one plain-language line; the exit code follows its kind.
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
pub fn opener(port: &str) -> Result<Arc<dyn PortOpener>, CliError> {
    match port {
        "sim" => Ok(crate::sim::opener(crate::sim::SimConfig::realistic())),
        "sim-online" => Ok(crate::sim::opener(
            crate::sim::SimConfig::realistic().online(),
        )),
        "auto" => {
            let ports = crate::link::serial::system_ports()
                .map_err(|e| CliError::Port(format!("cannot list serial ports: {e}")))?;
            // A USB adapter is what a module hangs on: with one present, built-in ports
            // (ttyS*, COM1) are no candidates.
            let usb: Vec<_> = ports.iter().filter(|p| p.is_usb()).cloned().collect();
            let ports = if usb.is_empty() { ports } else { usb };
            match ports.as_slice() {
                [only] => {
                    eprintln!("ct11-configurator: using {} (the only serial port)", only.name);
                    Ok(Arc::new(SerialPath(only.name.clone())))
                }
                [] => Err(CliError::Port(
                    "no serial port found: plug in the module's USB cable, or name the port with --port".into(),
                )),
                many => Err(CliError::Usage(format!(
                    "several serial ports found ({}): choose one with --port",
                    many.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")
                ))),
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
pub fn connect(port: &str, baud: Baud) -> Result<Client, CliError> {
    connect_with(port, baud, false)
}

/// Open the port; with `allow_silent`, a module that does not answer the opening check is
/// still used (after a warning on stderr), so each command's own timeout reports it.
pub fn connect_with(port: &str, baud: Baud, allow_silent: bool) -> Result<Client, CliError> {
    let baud = baud.0;
    let opener = opener(port)?;
    // `auto` names the port it picked.
    let port = &opener.name();
    let mut client = Client::new();
    let settings = UartConfig {
        baud: baud.unwrap_or(115200),
        ..UartConfig::default()
    };
    let state = client
        .open(opener, settings, baud.is_none(), Duration::from_secs(15))
        .map_err(|e| CliError::Port(format!("{port}: {e}")))?;
    match state {
        LinkState::Connected { .. } => Ok(client),
        LinkState::NoAnswer { baud, .. } if allow_silent => {
            eprintln!(
                "ct11-configurator: warning: the module on {port} does not answer AT at {baud} baud; sending anyway"
            );
            Ok(client)
        }
        LinkState::NoAnswer { baud, .. } => Err(CliError::Port(format!(
            "{port} is open but the module does not answer at {baud} baud: check power, try --baud auto, or leave transparent mode"
        ))),
        LinkState::Failed { reason } => Err(CliError::Port(format!("cannot open {reason}"))),
        other => Err(CliError::Port(format!("{port}: {other:?}"))),
    }
}
