//! `read`: the module's current settings as a profile file (changes nothing on the module).

use super::common::{self, CliError};
use crate::i18n::Lang;
use crate::profile::Profile;
use crate::profile::fsutil::write_atomic;
use crate::profile::load::to_toml;
use crate::profile::verify::ReadJob;
use crate::tr;
use std::path::PathBuf;
use std::time::Duration;

/// Read the module's settings into a profile.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "GPIO directions and certificates cannot be read back from the module, so they are left out."
)]
pub struct ReadArgs {
    /// Serial port (a path, `auto` for the only port, `sim` for the simulated module, or `sim-online` for the simulated module making real connections from this computer).
    #[arg(long)]
    pub port: String,
    /// Baud rate, or `auto` to detect it.
    #[arg(long, default_value = "115200", value_parser = common::parse_baud)]
    pub baud: common::Baud,
    /// Write the profile to this file (atomically) instead of printing it.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Keep the MQTT password in the profile (left out by default).
    #[arg(long)]
    pub include_secrets: bool,
    /// The global `--lang`.
    #[arg(from_global)]
    pub lang: Option<Lang>,
}

/// Run the read queries on a connected client and build the profile.
pub fn read_module(client: &mut crate::worker::Client, lang: Lang) -> Result<Profile, CliError> {
    let mut job = ReadJob::new();
    for r in job.start() {
        client.send(r).map_err(|e| common::port_error(lang, &e))?;
    }
    loop {
        let ev = client.next_event(Duration::from_secs(60)).map_err(|e| {
            let error = common::client_error(lang, &e);
            CliError::Port(tr!(lang, "cli-read-stopped-answering", error = &error))
        })?;
        if job.on_event(&ev) {
            break;
        }
    }
    match job.result() {
        Some(Ok(p)) => Ok(p.clone()),
        Some(Err(t)) => Err(CliError::Module(t.get(lang).into_owned())),
        None => Err(CliError::Module(lang.tr("cli-read-did-not-finish").into())),
    }
}

pub fn run(a: &ReadArgs) -> Result<(), CliError> {
    let lang = super::lang(a.lang);
    let mut client = common::connect(&a.port, a.baud, lang)?;
    let profile = read_module(&mut client, lang)?;
    let body = to_toml(&profile, a.include_secrets).map_err(|e| CliError::File(e.to_string()))?;
    // The file's comments stay English in every language: the profile is data, read back by
    // `apply`, kept in version control and compared, so it must not depend on `--lang`.
    let text = format!(
        "# Read from the module by `ct11-configurator read`.\n# GPIO directions and certificates cannot be read back and are not included.\n{}{body}",
        if !a.include_secrets && profile.mqtt.as_ref().is_some_and(|m| m.password.is_some()) {
            "# The MQTT password was left out: add `password = \"...\"` under [mqtt], or read with --include-secrets.\n"
        } else {
            ""
        }
    );
    match &a.output {
        Some(path) => {
            write_atomic(path, text.as_bytes()).map_err(|e| {
                CliError::File(tr!(
                    lang,
                    "cli-read-cannot-write",
                    path = &path.display(),
                    error = &e
                ))
            })?;
            let saved = tr!(lang, "cli-read-saved", path = &path.display());
            eprintln!("{saved}");
        }
        None => print!("{text}"),
    }
    Ok(())
}
