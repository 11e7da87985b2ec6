//! The ports the user can pick: serial ports the system lists (with USB product names) and the
//! built-in simulated module, which is always there.

/// The id of the built-in simulated module in the port picker.
pub const SIMULATED: &str = "sim://ct11";

/// One entry of the port picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortEntry {
    /// What the worker opens: a path, or [`SIMULATED`].
    pub id: String,
    /// What the user reads.
    pub label: String,
}

/// The simulated module's entry, always first in the picker.
pub fn simulated(label: &str) -> PortEntry {
    PortEntry {
        id: SIMULATED.into(),
        label: label.into(),
    }
}

/// The system's serial ports, with USB product names where known. This asks the system (sysfs,
/// IOKit or the registry) and can take a while: call it off the UI thread ([`crate::ui::task`]).
pub fn system() -> Vec<PortEntry> {
    let Ok(ports) = serialport::available_ports() else {
        return Vec::new();
    };
    ports
        .into_iter()
        .map(|p| {
            let label = match &p.port_type {
                serialport::SerialPortType::UsbPort(u) => {
                    let product = u
                        .product
                        .clone()
                        .unwrap_or_else(|| format!("USB {:04x}:{:04x}", u.vid, u.pid));
                    format!("{} — {product}", p.port_name)
                }
                _ => p.port_name.clone(),
            };
            PortEntry {
                id: p.port_name,
                label,
            }
        })
        .collect()
}
