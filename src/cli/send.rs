//! `send`: raw AT commands, each sent as one line and answered before the next.

use super::common::{self, CliError};
use crate::at::{Command, FrameKind, Reply};
use crate::i18n::Lang;
use crate::worker::{CommandError, Step};
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct SendArgs {
    /// Serial port (a path, `auto` for the only port, `sim` for the simulated module, or `sim-online` for the simulated module making real connections from this computer).
    #[arg(long)]
    pub port: String,
    /// Baud rate, or `auto` to detect it.
    #[arg(long, default_value = "115200", value_parser = common::parse_baud)]
    pub baud: common::Baud,
    /// Longest wait for each answer, in seconds (default: the command's own timeout).
    #[arg(long)]
    pub timeout: Option<f64>,
    /// The commands, e.g. `AT+CSQ` `'AT+QMTSUB="TTT",0'`.
    #[arg(required = true)]
    pub commands: Vec<String>,
}

pub fn run(a: &SendArgs) -> Result<(), CliError> {
    // Validate everything before anything is sent.
    let mut steps = Vec::new();
    for c in &a.commands {
        let command = Command::raw(c)
            .map_err(|e| CliError::Usage(format!("`{c}`: {}", e.message(Lang::En))))?;
        let timeout = match a.timeout {
            Some(t) if t > 0.0 && t.is_finite() => Some(Duration::from_secs_f64(t)),
            Some(t) => {
                return Err(CliError::Usage(format!(
                    "--timeout {t}: give a positive number of seconds"
                )));
            }
            None => None,
        };
        steps.push(Step { command, timeout });
    }
    let mut client = common::connect_with(&a.port, a.baud, true)?;
    let outcomes = client
        .run_steps(steps, true)
        .map_err(|e| CliError::Port(e.to_string()))?;
    for o in &outcomes {
        if matches!(o.result, Err(CommandError::Skipped)) {
            continue;
        }
        println!("> {}", o.line);
        print_reply(&o.reply);
        if let Err(e) = &o.result {
            return Err(CliError::Module(format!(
                "{}: {}",
                o.line,
                e.message(Lang::En)
            )));
        }
    }
    Ok(())
}

/// Print a command's answer as the module printed it, one line each (echo and blank lines left
/// out).
pub fn print_reply(reply: &Reply) {
    for f in &reply.frames {
        let text = match f {
            FrameKind::Echo(_) | FrameKind::Blank => continue,
            FrameKind::Ok => "OK".to_string(),
            FrameKind::Error(e) => e.to_string(),
            FrameKind::Info { name, body } => format!("+{name}:{body}"),
            FrameKind::Prompt(_) => ">".to_string(),
            FrameKind::Urc(u) => urc_text(u),
            FrameKind::Body(b) | FrameKind::Data(b) => {
                String::from_utf8_lossy(b).trim_end().to_string()
            }
        };
        println!("{text}");
    }
}

/// An unsolicited line as the module prints it.
fn urc_text(u: &crate::at::urc::Urc) -> String {
    use crate::at::urc::Urc;
    match u {
        Urc::Ready => "RDY".into(),
        Urc::SimReady => "SIM_SUCCESS".into(),
        Urc::NetworkActivated => "NETWORK_ACTIVATE_SUCCESS".into(),
        Urc::Connected { link } => format!("CONNECT,ID:{link}"),
        Urc::Disconnected => "DISCONNECT".into(),
        Urc::UdpClosed => "UDP_CLOSE".into(),
        Urc::SendOk => "SEND OK".into(),
        Urc::MqttConnected => "MQTTCONNECT".into(),
        Urc::MqttDisconnected => "MQTTDISCONNECT".into(),
        Urc::HttpStatus { line, .. } => line.clone(),
        Urc::HttpBody { len } => format!("$HTTPRECV:DATA,{len}"),
    }
}
