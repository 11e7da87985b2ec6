//! Real serial ports (and pseudo-terminals) through the `serialport` crate: opening one by path,
//! and the list the system knows.

use super::{Link, PortOpener, READ_TIMEOUT};
use crate::at::basic::{Parity, StopBits, UartConfig};
use serde::Serialize;
use serialport::SerialPort;
use std::io;

/// A serial port by its path (`/dev/ttyUSB0`, `COM3`, or a pseudo-terminal).
#[derive(Clone, Debug)]
pub struct SerialPath(pub String);

impl PortOpener for SerialPath {
    fn name(&self) -> String {
        self.0.clone()
    }
    fn open(&self, s: &UartConfig) -> io::Result<Box<dyn Link>> {
        open(&self.0, s).map(|p| Box::new(p) as Box<dyn Link>)
    }
}

/// Open the port at `path` with these settings, reads timing out after [`READ_TIMEOUT`].
pub fn open(path: &str, s: &UartConfig) -> io::Result<Box<dyn SerialPort>> {
    let port = serialport::new(path, s.baud)
        .data_bits(data_bits(s.data_bits))
        .parity(parity(s.parity))
        .stop_bits(stop_bits(s.stop_bits))
        .flow_control(serialport::FlowControl::None)
        .timeout(READ_TIMEOUT)
        .open()?;
    Ok(port)
}

impl Link for Box<dyn SerialPort> {
    fn set_line(&mut self, s: &UartConfig) -> io::Result<()> {
        self.set_baud_rate(s.baud)?;
        self.set_data_bits(data_bits(s.data_bits))?;
        self.set_parity(parity(s.parity))?;
        self.set_stop_bits(stop_bits(s.stop_bits))?;
        Ok(())
    }

    fn set_dtr(&mut self, level: bool) -> io::Result<()> {
        Ok(self.write_data_terminal_ready(level)?)
    }

    fn try_clone(&self) -> io::Result<Box<dyn Link>> {
        let clone = SerialPort::try_clone(self.as_ref())?;
        Ok(Box::new(clone))
    }
}

fn data_bits(n: u8) -> serialport::DataBits {
    if n == 7 {
        serialport::DataBits::Seven
    } else {
        serialport::DataBits::Eight
    }
}

fn parity(p: Parity) -> serialport::Parity {
    match p {
        Parity::None => serialport::Parity::None,
        Parity::Odd => serialport::Parity::Odd,
        Parity::Even => serialport::Parity::Even,
    }
}

/// Serial adapters cannot do 1.5 stop bits; code 1 is opened as one stop bit (see [`StopBits`]).
pub fn stop_bits(s: StopBits) -> serialport::StopBits {
    if s.port_bits() == 2 {
        serialport::StopBits::Two
    } else {
        serialport::StopBits::One
    }
}

/// One serial port the system lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortInfo {
    /// What to open: `/dev/ttyUSB0`, `COM3`.
    pub name: String,
    /// `usb`, `pci`, `bluetooth` or `unknown`.
    pub kind: &'static str,
    pub product: Option<String>,
    pub manufacturer: Option<String>,
    pub serial_number: Option<String>,
    pub vid: Option<u16>,
    pub pid: Option<u16>,
}

impl PortInfo {
    /// A USB adapter (what a module hangs on), not a built-in port (ttyS*, COM1).
    pub fn is_usb(&self) -> bool {
        self.kind == "usb"
    }

    /// `/dev/ttyUSB0 — CP2102 USB to UART`, with `USB vid:pid` for a USB port that names no
    /// product, or just the name.
    pub fn label(&self) -> String {
        match (&self.product, self.vid, self.pid) {
            (Some(product), _, _) => format!("{} — {product}", self.name),
            (None, Some(vid), Some(pid)) => format!("{} — USB {vid:04x}:{pid:04x}", self.name),
            _ => self.name.clone(),
        }
    }
}

impl From<serialport::SerialPortInfo> for PortInfo {
    fn from(p: serialport::SerialPortInfo) -> Self {
        let none = |kind| PortInfo {
            name: p.port_name.clone(),
            kind,
            product: None,
            manufacturer: None,
            serial_number: None,
            vid: None,
            pid: None,
        };
        match p.port_type {
            serialport::SerialPortType::UsbPort(u) => PortInfo {
                name: p.port_name,
                kind: "usb",
                product: u.product,
                manufacturer: u.manufacturer,
                serial_number: u.serial_number,
                vid: Some(u.vid),
                pid: Some(u.pid),
            },
            serialport::SerialPortType::PciPort => none("pci"),
            serialport::SerialPortType::BluetoothPort => none("bluetooth"),
            serialport::SerialPortType::Unknown => none("unknown"),
        }
    }
}

/// The serial ports the system lists (sysfs, IOKit or the registry), with USB details. This can
/// take a while: the GUI calls it off the UI thread. Pseudo-terminals are never listed.
pub fn system_ports() -> Result<Vec<PortInfo>, serialport::Error> {
    Ok(serialport::available_ports()?
        .into_iter()
        .map(PortInfo::from)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_kinds() {
        let usb = |product: Option<&str>| {
            PortInfo::from(serialport::SerialPortInfo {
                port_name: "/dev/ttyUSB0".into(),
                port_type: serialport::SerialPortType::UsbPort(serialport::UsbPortInfo {
                    vid: 0x10c4,
                    pid: 0xea60,
                    serial_number: None,
                    manufacturer: None,
                    product: product.map(str::to_string),
                }),
            })
        };
        assert_eq!(usb(Some("CP2102")).label(), "/dev/ttyUSB0 — CP2102");
        assert_eq!(usb(None).label(), "/dev/ttyUSB0 — USB 10c4:ea60");
        assert!(usb(None).is_usb());
        let pci = PortInfo::from(serialport::SerialPortInfo {
            port_name: "/dev/ttyS0".into(),
            port_type: serialport::SerialPortType::PciPort,
        });
        assert_eq!((pci.label().as_str(), pci.kind), ("/dev/ttyS0", "pci"));
        assert!(!pci.is_usb());
    }
}
