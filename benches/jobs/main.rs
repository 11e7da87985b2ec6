//! Whole jobs through the real worker over a real pseudo-terminal, against the simulated module
//! (`cargo bench --bench jobs`):
//! 1. a 2048-byte certificate upload at 115200 baud. The module takes its input at the pace of
//!    the wire (`SimConfig::wire`: 10 bits a byte), so the payload costs its 178 ms as on a real
//!    line; timed from submitting the command to its outcome, against the wire time plus the
//!    time the module itself held its answers back (`SimHandle::hold_time`).
//! 2. applying a full profile (MQTT with a certificate, will and subscriptions, HTTP with a
//!    header, sleep, GPIO, pairing mode and a baud-rate change with the restart it takes) with
//!    `apply_blocking`, against a module with fixed answer times: apply wall time over the time
//!    the module spent holding answers back (overlapping holds counted once). The pty has no
//!    wire here, so the rest is what the app (and the pty, and the simulator's own thread) add.

//!
//! Pseudo-terminals are Unix only: on Windows this bench says so and measures nothing.

#[cfg(unix)]
mod pty;

fn main() {
    // `cargo test --all-targets` also runs bench binaries; only measure under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        println!("jobs bench: run with `cargo bench --bench jobs`");
        return;
    }
    #[cfg(unix)]
    pty::run();
    #[cfg(not(unix))]
    println!("jobs bench: needs Unix pseudo-terminals; nothing measured on this system");
}
