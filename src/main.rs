#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]
//! `ct11-configurator`: the GUI with no arguments, or a subcommand (see `--help`).

fn main() {
    ct11_configurator::ui::startup::mark("main");
    std::process::exit(ct11_configurator::cli::main());
}
