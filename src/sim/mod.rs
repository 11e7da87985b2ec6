//! The simulated CT11 module: a software DX-CT11-B&C that obeys the vendor manual, used by the
//! app's demo port and by every test.
//!
//! - [`SimModule`]: the pure state machine (bytes in, bytes out, explicit time).
//! - [`SimHandle`] / [`SimPort`]: the module on its own thread behind an in-process
//!   [`serialport::SerialPort`].
//! - `PtySim` (Unix): the module behind a pseudo-terminal the host opens by path.
//! - [`SimConfig`]: identity, [`Dialect`] (which of the manual's contradicting forms), [`Timing`],
//!   [`Faults`].
//!
//! The module parses what it receives itself, apart from the app's protocol layer, so it is an
//! independent oracle for it.

mod clock;
mod commands;
pub mod config;
mod forms;
mod handle;
mod module;
mod params;
mod port;
#[cfg(unix)]
mod pty;
mod rng;
pub mod state;

pub use config::{Dialect, Faults, LineSettings, Parity, SimConfig, StopBits, Timing};
pub use handle::SimHandle;
pub use module::{STREAM_LINE_LEN, SimModule, stream_line};
pub use port::SimPort;
#[cfg(unix)]
pub use pty::PtySim;
pub use state::SimState;

#[cfg(test)]
mod tests;

mod opener;
pub use opener::{handle_opener, opener};
