//! The simulated module as a port the worker can open ("Simulated CT11" in the port picker,
//! `--port sim` on the command line).

use super::{SimConfig, SimHandle};
use crate::at::basic::UartConfig;
use crate::worker::PortOpener;
use crate::worker::port::{READ_TIMEOUT, apply_settings};
use serialport::SerialPort;
use std::io;
use std::sync::Arc;

struct SimOpener(SimHandle, bool);

impl PortOpener for SimOpener {
    fn name(&self) -> String {
        if self.1 {
            "Simulated CT11 (online)".into()
        } else {
            "Simulated CT11".into()
        }
    }

    fn open(&self, settings: &UartConfig) -> io::Result<Box<dyn SerialPort>> {
        let mut port = self.0.open_port()?;
        apply_settings(&mut *port, settings)?;
        port.set_timeout(READ_TIMEOUT)?;
        Ok(port)
    }
}

/// A new simulated module (its own thread) behind a port opener.
pub fn opener(cfg: SimConfig) -> Arc<dyn PortOpener> {
    let online = cfg.online;
    Arc::new(SimOpener(SimHandle::spawn(cfg), online))
}

/// An existing simulated module behind a port opener (tests keep the handle to inspect it).
pub fn handle_opener(handle: SimHandle) -> Arc<dyn PortOpener> {
    let online = handle.state_online();
    Arc::new(SimOpener(handle, online))
}
