//! The AT protocol of the DX-CT11-B&C, as the vendor manual documents it. Pure: no I/O, no threads.
//!
//! - [`value`]: validation of parameters against the manual's limits, and quoting.
//! - [`command`]: one typed command for every command of the manual, rendering exact wire bytes.
//! - [`frame`] / [`framer`]: turning received bytes into classified lines.
//! - [`urc`]: the unsolicited lines the module prints on its own.
//! - [`answer`]: typed decoding of every answer.
//! - [`error_code`]: the module's error codes, in English and Chinese, with a hint.

pub mod error_code;
pub mod frame;
pub mod framer;
pub mod urc;
