//! The simulated CT11 module: a software DX-CT11-B&C that obeys the vendor manual, used by the
//! app's demo port and by every test.
//!
//! - [`SimModule`]: the pure state machine (bytes in, bytes out, explicit time, no threads).
//! - [`SimHandle`] / [`SimPort`]: the module on its own thread behind an in-process
//!   [`crate::link::Link`] (and [`serialport::SerialPort`], for tests that drive it as one).
//! - `PtySim` (Unix): the module behind a pseudo-terminal the host opens by path.
//! - [`online`]: the online mode ([`SimConfig::online`]): sockets, MQTT and HTTP from this
//!   computer's network stack, TLS against the uploaded certificate; QPING and QNTP stay
//!   simulated.
//! - [`SimConfig`]: identity, [`Dialect`] (which of the manual's contradicting forms, see the
//!   table in `forms.rs`), [`Timing`], [`Faults`].
//!
//! The module parses what it receives itself, apart from the app's protocol layer, so it is an
//! independent oracle for it.
//!
//! # Wire behaviour
//! - Commands end with CR, LF or CRLF; `AT` must be upper case. With echo on (the default,
//!   and again after every restart) the line comes back first as `<line>\r\n`; `ATE0` itself is
//!   not echoed (manual 6.1.4). Every answer line ends with `\r\n`. Empty lines are ignored.
//! - Errors are `ERROR=<code>`: 101 a length (string limits of the manual, QISEND 1..=1024,
//!   QMTPUBEX ≤ 2048, certificates ≤ 2048, HTTPDATA ≤ 1024, SIMPLECLIENT text ≤ 60), 102 state
//!   (sleep ordering rule, unknown or transparent link for QISEND, `ATO` with nothing to resume,
//!   SIMPLECLIENT outside TCP pairing, SINGLESIM before the network, MQTT not connected, 51st
//!   subscription, HTTPACTION without HTTPPARA or with HTTPS + cert=1 and no certificate, a full
//!   link table), 103 a value, 104 unknown or malformed, 201 a server that cannot answer (host in
//!   `.invalid`, or no network), 203 an MQTT broker that cannot answer.
//! - Prompts: QISEND answers `OK\r\n>`; QMTPUBEX, MQTTCERTIFI, HTTPCERTIFI `>`; HTTPDATA `>` or
//!   `>>` by dialect. No line ending after a prompt. Exactly N raw bytes follow (CR/LF count);
//!   then `SEND OK` (QISEND) or `OK`. A QMTPUBEX payload is judged after a pause of
//!   [`Timing::data_gap`]: more bytes than announced give `ERROR=101` (the rest of that write is
//!   dropped), fewer and [`Timing::data_timeout`] of silence too. UDP QISEND without a length
//!   takes data until a pause.
//! - Timing: the echo comes at once, every answer after [`Timing::answer`] (a setter's also after
//!   [`Timing::save`]; both zero in the presets); connects, HTTP, NTP and pings after their own
//!   delays. [`SimModule::hold_time`] totals the time answers were deliberately held back, for
//!   benchmarks. With [`SimConfig::wire`] the host's bytes arrive one character time apart at
//!   the host's rate (10 bits a byte at 8N1), as over a real line; the module's own output is
//!   not paced.
//! - Restarts (RST, RESTORE, IPR, SINGLESIM, SIMPLEMODE, OTA, replug): `OK` (OTA: nothing), then
//!   silence ignoring input for [`Timing::restart`], then `RDY`, `SIM_SUCCESS` (with a SIM) and
//!   `NETWORK_ACTIVATE_SUCCESS` (when registered), [`Timing::boot_step`] apart.
//! - Transparent mode (QIOPEN mode 1, a transparent SIMPLECLIENT, QMTPUBEX in pairing 2,2): bytes
//!   go to the far end; `+++` with [`Timing::guard`] of silence before and after leaves with
//!   `OK`; `ATO` (no line ending) resumes without an answer. `+++` and `ATO` are recorded in
//!   the received lines. `+++` in command mode is dropped silently.
//!
//! # Formats the manual does not give (made up, plausible)
//! - Socket servers echo what they get: raw in transparent mode, else
//!   `+RECEIVE,<link>,<len>:\r\n<data>\r\n`.
//! - A publish on a subscribed topic comes back as `+QMTRECV:<topic>,<len>,<payload>` (raw
//!   payload in MQTT pairing mode).
//! - Queries of settings never set: `+QMTCFG:NOT SET`, `+QMTCONNCFG:NOT SET` (the manual's),
//!   `+QNTP:NOT SET`, `+HTTPPARA:NOT SET`, `+SIMPLECLIENT:NOT SET`, `+MQTTCERTIFI:0,0,0,`,
//!   `+HTTPCERTIFI:0,0,`.
//! - HTTP: httpbin.org-like. `/get` `/post` `/put` `/delete` refuse other methods with the
//!   manual's `405 METHOD NOT ALLOWED`; anything else is `200 OK` with a JSON body echoing
//!   method, URL, headers and data, CRLF line breaks inside. Layout: status line, headers, blank
//!   line, `$HTTPRECV:DATA,<len>`, body, `\r\n`, `OK`.
//! - `+STREAM:<seq 6 digits>,<letters>\r\n`, 64 bytes a line, for throughput tests.
//!
//! # Line settings
//! The module has its own UART settings (115200 8N1, changed by IPR at the next restart). When
//! the host's differ in rate, data bits or parity (stop bits are tolerated), the module sees no
//! valid character and drops the partial line, and the host receives noise bytes (never CR/LF,
//! never valid UTF-8 starts) about in proportion to the rates, instead of the answer.

pub mod chaos;
mod clock;
mod commands;
pub mod config;
mod forms;
mod handle;
mod module;
pub mod online;
mod params;
mod port;
#[cfg(unix)]
mod pty;
mod rng;
pub mod state;
mod wire;

pub use chaos::Chaos;
pub use config::{Dialect, Faults, LineSettings, MANUAL_TIME, Parity, SimConfig, StopBits, Timing};
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
