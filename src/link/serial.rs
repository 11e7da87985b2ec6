//! Real serial ports (and pseudo-terminals) through the `serialport` crate: opening one by path.

use super::{Link, PortOpener, READ_TIMEOUT};
use crate::at::basic::{Parity, StopBits, UartConfig};
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
