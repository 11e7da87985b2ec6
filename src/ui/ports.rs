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

/// List the system's serial ports, plus the simulated module first.
pub fn list(sim_label: &str) -> Vec<PortEntry> {
    let mut v = vec![PortEntry {
        id: SIMULATED.into(),
        label: sim_label.into(),
    }];
    if let Ok(ports) = serialport::available_ports() {
        for p in ports {
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
            v.push(PortEntry {
                id: p.port_name,
                label,
            });
        }
    }
    v
}
