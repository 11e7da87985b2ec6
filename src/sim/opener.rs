//! The simulated module as a port the app can open ("Simulated CT11" in the port picker,
//! `--port sim` on the command line).

use super::{SimConfig, SimHandle};
use crate::at::basic::UartConfig;
use crate::link::{Link, PortOpener};
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

    fn open(&self, settings: &UartConfig) -> io::Result<Box<dyn Link>> {
        self.0.open_link(settings)
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
