//! The command line: the same core as the GUI, for scripting and factory lines.
//!
//! One file per subcommand; [`common`] holds port opening and the error type that becomes the
//! one plain-language line on stderr and the exit code.

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

use clap::{Parser, Subcommand};

/// Configure and prove DX-CT11-B&C 4G Cat-1 modules over their serial port.
///
/// With no subcommand, opens the desktop app.
#[derive(Parser, Debug)]
#[command(name = "ct11-configurator", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
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
        None => gui::run(gui::GuiArgs::default()),
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
