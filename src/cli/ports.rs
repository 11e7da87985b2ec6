//! `ports`: list serial ports with USB product names.

use super::common::CliError;
use serde::Serialize;

#[derive(clap::Args, Debug)]
pub struct PortsArgs {
    /// Print JSON (an array of objects).
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct PortInfo {
    name: String,
    kind: &'static str,
    product: Option<String>,
    manufacturer: Option<String>,
    serial_number: Option<String>,
    vid: Option<u16>,
    pid: Option<u16>,
}

pub fn run(a: &PortsArgs) -> Result<(), CliError> {
    let ports = serialport::available_ports()
        .map_err(|e| CliError::Port(format!("cannot list serial ports: {e}")))?;
    let infos: Vec<PortInfo> = ports
        .into_iter()
        .map(|p| match p.port_type {
            serialport::SerialPortType::UsbPort(u) => PortInfo {
                name: p.port_name,
                kind: "usb",
                product: u.product,
                manufacturer: u.manufacturer,
                serial_number: u.serial_number,
                vid: Some(u.vid),
                pid: Some(u.pid),
            },
            other => PortInfo {
                name: p.port_name,
                kind: match other {
                    serialport::SerialPortType::PciPort => "pci",
                    serialport::SerialPortType::BluetoothPort => "bluetooth",
                    _ => "unknown",
                },
                product: None,
                manufacturer: None,
                serial_number: None,
                vid: None,
                pid: None,
            },
        })
        .collect();
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
