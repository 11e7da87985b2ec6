//! `send`: raw AT commands, each sent as one line and answered before the next.

use super::common::{self, CliError};
use crate::at::{Command, FrameKind, Reply};
use crate::i18n::Lang;
use crate::tr;
use crate::worker::Step;
use std::time::Duration;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  \
ct11-configurator send --port sim AT+CSQ 'AT+QMTSUB=\"TTT\",0'\n  \
ct11-configurator send --port /dev/ttyUSB0 --keep-going - < setup.txt\n  \
ct11-configurator send --port COM3 --file setup.txt\n\n\
A command file has one command per line; empty lines and lines starting with # are skipped. \
Every command is checked before the first is sent. Each outcome is printed as `> COMMAND` and \
the module's answer lines; an error goes to stderr. Without --keep-going the first failure \
ends the run (exit 4).")]
pub struct SendArgs {
    /// Serial port (a path, `auto` for the only port, `sim` for the simulated module, or `sim-online` for the simulated module making real connections from this computer).
    #[arg(long)]
    pub port: String,
    /// Baud rate, or `auto` to detect it.
    #[arg(long, default_value = "115200", value_parser = common::parse_baud)]
    pub baud: common::Baud,
    /// Longest wait for each answer, in seconds, at most 3600 (default: the command's own timeout).
    #[arg(long, value_parser = parse_timeout)]
    pub timeout: Option<Duration>,
    /// Run every command even after one fails; exit 4 at the end if any failed.
    #[arg(long)]
    pub keep_going: bool,
    /// Read the commands from this file, one per line (instead of the command line).
    #[arg(long, value_name = "FILE", conflicts_with = "commands")]
    pub file: Option<std::path::PathBuf>,
    /// The commands, e.g. `AT+CSQ` `'AT+QMTSUB="TTT",0'`; `-` reads them from stdin, one per
    /// line.
    #[arg(required_unless_present = "file")]
    pub commands: Vec<String>,
    /// The global `--lang`.
    #[arg(from_global)]
    pub lang: Option<Lang>,
}

/// The command lines of a script: one a line, a UTF-8 byte-order mark, CR before LF, empty
/// lines and `#` comments left out.
pub fn script_lines(text: &str) -> Vec<String> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.trim_end_matches('\r').trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Decode a script's bytes, naming `source` when they are not UTF-8.
fn script_text(bytes: Vec<u8>, source: &str, lang: Lang) -> Result<String, CliError> {
    String::from_utf8(bytes).map_err(|e| {
        CliError::Usage(tr!(
            lang,
            "cli-send-not-utf8",
            source = source,
            offset = &e.utf8_error().valid_up_to()
        ))
    })
}

/// Every command line, in order: from `--file`, or the arguments with `-` read from stdin.
fn command_lines(a: &SendArgs, lang: Lang) -> Result<Vec<String>, CliError> {
    if let Some(path) = &a.file {
        let bytes = std::fs::read(path).map_err(|e| common::cannot_read(lang, path, &e))?;
        return Ok(script_lines(&script_text(
            bytes,
            &path.display().to_string(),
            lang,
        )?));
    }
    let mut lines = Vec::new();
    let mut stdin_read = false;
    for c in &a.commands {
        if c == "-" {
            if stdin_read {
                return Err(CliError::Usage(lang.tr("cli-send-stdin-only-once").into()));
            }
            stdin_read = true;
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
                .map_err(|e| CliError::File(tr!(lang, "cli-send-cannot-read-stdin", error = &e)))?;
            // `stdin` is the stream's name, the same in every language.
            lines.extend(script_lines(&script_text(bytes, "stdin", lang)?));
        } else {
            lines.push(c.clone());
        }
    }
    Ok(lines)
}

pub fn run(a: &SendArgs) -> Result<(), CliError> {
    let lang = super::lang(a.lang);
    // Validate everything before anything is sent.
    let lines = command_lines(a, lang)?;
    if lines.is_empty() {
        return Err(CliError::Usage(lang.tr("cli-send-no-commands").into()));
    }
    let mut steps = Vec::new();
    for (n, c) in lines.iter().enumerate() {
        let command = Command::raw(c).map_err(|e| {
            let error = e.message(lang);
            CliError::Usage(if lines.len() > 1 {
                let n = n + 1;
                tr!(
                    lang,
                    "cli-send-refused-nth",
                    n = &n,
                    command = c,
                    error = &error
                )
            } else {
                tr!(lang, "cli-send-refused", command = c, error = &error)
            })
        })?;
        let timeout = a.timeout;
        steps.push(Step { command, timeout });
    }
    let mut client = common::connect_with(&a.port, a.baud, true, lang)?;
    // One session, one command at a time, each outcome printed as it comes.
    let mut failed = 0usize;
    let total = steps.len();
    for step in steps {
        let o = client
            .run_step(step)
            .map_err(|e| common::port_error(lang, &e))?;
        println!("> {}", o.line);
        print_reply(&o.reply);
        if let Err(e) = &o.result {
            let what = common::command_failed(lang, &o.line, e);
            if !a.keep_going {
                return Err(CliError::Module(what));
            }
            failed += 1;
            let _ = std::io::Write::flush(&mut std::io::stdout());
            eprintln!("ct11-configurator: {what}");
        }
    }
    if failed > 0 {
        return Err(CliError::Module(tr!(
            lang,
            "cli-send-commands-failed",
            failed = &failed,
            total = &total
        )));
    }
    Ok(())
}

/// The longest `--timeout`: an hour is longer than any command of the manual waits (OTA: 300 s).
const MAX_TIMEOUT_S: f64 = 3600.0;

/// `--timeout`: a positive, finite number of seconds up to [`MAX_TIMEOUT_S`]. Checked here, not
/// by `Duration::from_secs_f64`, which panics on a value that does not fit (`1e20`).
pub fn parse_timeout(s: &str) -> Result<Duration, String> {
    let bad = || format!("`{s}`: give a number of seconds above 0 and at most {MAX_TIMEOUT_S}");
    let t: f64 = s.trim().parse().map_err(|_| bad())?;
    if !(t > 0.0 && t <= MAX_TIMEOUT_S) {
        return Err(bad());
    }
    Duration::try_from_secs_f64(t).map_err(|_| bad())
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
