//! `ports`: list serial ports with USB product names.

use super::common::CliError;

#[derive(clap::Args, Debug)]
pub struct PortsArgs {
    /// Print JSON (an array of objects).
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: &PortsArgs) -> Result<(), CliError> {
    let infos = crate::link::serial::system_ports()
        .map_err(|e| CliError::Port(format!("cannot list serial ports: {e}")))?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&infos).map_err(|e| CliError::File(e.to_string()))?
        );
    } else if infos.is_empty() {
        println!(
            "No serial ports found. Plug in the module's USB cable (use `--port sim` for the simulated module)."
        );
    } else {
        for p in infos {
            let product = p.product.map(|s| format!("  {s}")).unwrap_or_default();
            println!("{}{product}", p.name);
        }
    }
    Ok(())
}
