//! The AT protocol of the DX-CT11-B&C, as the vendor manual documents it. Pure: no I/O, no threads.
//!
//! - [`value`] / [`checked`]: validation of parameters against the manual's limits, and quoting.
//! - [`command`]: one typed command for every command of the manual, rendering exact wire bytes;
//!   its parameter types live in one file per family ([`basic`], [`network`], [`socket`],
//!   [`mqtt`], [`http`]) together with the decoding of their answers.
//! - [`frame`] / [`framer`]: turning received bytes into classified lines.
//! - [`urc`]: the unsolicited lines the module prints on its own.
//! - [`reply`] / [`answer`]: what a command got back, and what it meant.
//! - [`error_code`]: the module's error codes, in English and Chinese, with a hint.

pub mod answer;
pub mod basic;
pub mod checked;
pub mod command;
pub mod error_code;
pub mod frame;
pub mod framer;
pub mod http;
pub mod mqtt;
pub mod network;
pub mod recv;
pub mod reply;
pub mod socket;
pub mod urc;
pub mod value;

pub use answer::Answer;
pub use checked::{Checked, Validate};
pub use command::{Command, Ending};
pub use frame::{Frame, FrameKind, Prompt};
pub use reply::{DecodeError, Reply};
pub use value::{Field, Problem, ValidationError};
