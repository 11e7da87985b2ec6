//! The command line: the same core as the GUI, for scripting and factory lines.
//!
//! One file per subcommand; [`common`] holds port opening and the error type that becomes the
//! one plain-language line on stderr and the exit code.
//!
//! Every message for a person comes from the catalogues (`cli-<file>-…` keys) in the language of
//! the global `--lang`, English when it is not given: unlike the desktop app, the command line
//! never follows the system's language, because scripts read its English. Machine output
//! (`--json`, the `> COMMAND` lines and the module's answers of `send` and `cert`, the profile
//! `read` writes) and clap's own help and usage texts stay as they are in every language.

pub mod apply;
pub mod cert;
pub mod check;
pub mod common;
pub mod gui;
pub mod info;
pub mod ports;
pub mod prove;
pub mod read;
pub mod send;
pub mod simulate;

use crate::i18n::Lang;
use clap::{Parser, Subcommand};

/// Configure and prove DX-CT11-B&C 4G Cat-1 modules over their serial port.
///
/// With no subcommand, opens the desktop app.
#[derive(Parser, Debug)]
#[command(name = "ct11-configurator", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
    /// Language of the messages: `en`, `zh` (Simplified Chinese) or `zh-hant` (Traditional
    /// Chinese). Subcommands speak English unless given --lang, never the system's language
    /// (scripts read them; --json is the same in every language); the desktop app defaults to
    /// the saved choice, else the system's.
    #[arg(long, global = true, value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Open the desktop app (the default), optionally connected and on a given panel.
    Gui(gui::GuiArgs),
    /// List serial ports, with USB product names where known.
    Ports(ports::PortsArgs),
    /// Read the module's identity, SIM, signal and registration (changes nothing).
    Info(info::InfoArgs),
    /// Send raw AT commands, each answered before the next.
    Send(send::SendArgs),
    /// Apply a profile file to the module; `--verify` proves every setting by reading it back.
    Apply(apply::ApplyArgs),
    /// Read the module's current settings into a profile file.
    Read(read::ReadArgs),
    /// Health check: SIM, registration, signal, data, broker and (with --prove) delivery proof, with what to do.
    Check(check::CheckArgs),
    /// Upload a TLS certificate (PEM, at most 2048 bytes) for MQTTS or HTTPS, byte for byte.
    Cert(cert::CertArgs),
    /// Run the simulated module on a pseudo-terminal and print its path (Unix).
    Simulate(simulate::SimulateArgs),
}

/// `--lang`: a language code (`en`, `zh`, `zh-hant`, and the spellings earlier versions took).
fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_code(s).ok_or_else(|| format!("`{s}`: use en, zh or zh-hant"))
}

/// The language of a subcommand's messages: `--lang`, else English (never the system's).
pub fn lang(given: Option<Lang>) -> Lang {
    given.unwrap_or(Lang::En)
}

/// Run the program with the process arguments; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        None => gui::run(gui::GuiArgs {
            lang: cli.lang,
            ..gui::GuiArgs::default()
        }),
        Some(Cmd::Gui(a)) => gui::run(a),
        Some(Cmd::Ports(a)) => ports::run(&a),
        Some(Cmd::Info(a)) => info::run(&a),
        Some(Cmd::Send(a)) => send::run(&a),
        Some(Cmd::Apply(a)) => apply::run(&a),
        Some(Cmd::Read(a)) => read::run(&a),
        Some(Cmd::Check(a)) => check::run(&a),
        Some(Cmd::Cert(a)) => cert::run(&a),
        Some(Cmd::Simulate(a)) => simulate::run(&a),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("ct11-configurator: {e}");
            e.exit_code()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::common::CliError;
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(args).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    /// `send`'s refusal, found before a port is opened, in the language `args` ask for.
    fn send_refusal(args: &[&str]) -> CliError {
        let Some(Cmd::Send(a)) = parse(args).command else {
            panic!("not send: {args:?}")
        };
        send::run(&a).expect_err("refused")
    }

    #[test]
    fn lang_is_global_and_english_by_default() {
        let at = |args: &[&str]| match parse(args).command {
            Some(Cmd::Info(a)) => lang(a.lang),
            other => panic!("{other:?}"),
        };
        assert_eq!(at(&["ct11", "info", "--port", "sim"]), Lang::En);
        assert_eq!(
            at(&["ct11", "--lang", "zh", "info", "--port", "sim"]),
            Lang::Zh
        );
        assert_eq!(
            at(&["ct11", "info", "--port", "sim", "--lang", "zh-hant"]),
            Lang::ZhHant
        );
        // The desktop app keeps "not given" apart from English (then: saved, else system).
        assert_eq!(parse(&["ct11", "--lang", "zh"]).lang, Some(Lang::Zh));
        match parse(&["ct11", "gui", "--lang", "zh-TW"]).command {
            Some(Cmd::Gui(g)) => assert_eq!(g.lang, Some(Lang::ZhHant)),
            other => panic!("{other:?}"),
        }
        match parse(&["ct11", "gui"]).command {
            Some(Cmd::Gui(g)) => assert_eq!(g.lang, None),
            other => panic!("{other:?}"),
        }
        assert!(Cli::try_parse_from(["ct11", "--lang", "fr", "ports"]).is_err());
    }

    #[test]
    fn a_refused_command_is_named_in_the_chosen_language() {
        let args = ["ct11", "send", "--port", "sim", "AT", "AT+X\r\nAT"];
        let en = send_refusal(&args);
        assert!(
            en.to_string().starts_with("command 2 `AT+X\r\nAT`: "),
            "{en}"
        );
        assert_eq!(en.exit_code(), 2);

        let zh = send_refusal(&[&args[..1], &["--lang", "zh"], &args[1..]].concat());
        assert!(
            zh.to_string().starts_with("第 2 条指令 `AT+X\r\nAT`："),
            "{zh}"
        );
        assert_eq!(zh.exit_code(), 2);

        let hant = send_refusal(&[&args[..], &["--lang", "zh-hant"]].concat());
        assert!(
            hant.to_string().starts_with("第 2 條指令 `AT+X\r\nAT`："),
            "{hant}"
        );
    }
}
