//! `ports`: list serial ports with USB product names.

use super::common::{self, CliError};
use crate::i18n::Lang;

#[derive(clap::Args, Debug)]
pub struct PortsArgs {
    /// Print JSON (an array of objects).
    #[arg(long)]
    pub json: bool,
    /// The global `--lang`.
    #[arg(from_global)]
    pub lang: Option<Lang>,
}

pub fn run(a: &PortsArgs) -> Result<(), CliError> {
    let lang = super::lang(a.lang);
    let infos =
        crate::link::serial::system_ports().map_err(|e| common::cannot_list_ports(lang, &e))?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&infos).map_err(|e| CliError::File(e.to_string()))?
        );
    } else if infos.is_empty() {
        println!("{}", lang.tr("cli-ports-no-serial-ports-found"));
    } else {
        for p in infos {
            let product = p.product.map(|s| format!("  {s}")).unwrap_or_default();
            println!("{}{product}", p.name);
        }
    }
    Ok(())
}
