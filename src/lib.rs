//! CT11 Configurator: configure DX-CT11-B&C 4G Cat-1 modules over their serial port.
//!
//! The library is shared by the binary, the integration tests and the benches:
//! - [`at`]: the pure protocol layer (typed commands, framing, answers, error codes). No I/O.
//! - [`link`]: the wire to a module (a serial port or the simulated one) as the worker sees it.
//! - [`worker`]: the thread that owns the port; talks to callers only through channel messages.
//! - [`sim`]: a simulated module that obeys the manual, in-process or on a pseudo-terminal.
//! - [`cli`]: the command-line subcommands.
//! - [`i18n`]: the two user languages.

pub mod at;
pub mod cert;
pub mod cli;
pub mod i18n;
pub mod link;
pub mod profile;
pub mod proof;
pub mod sim;
pub mod ui;
pub mod worker;
