//! `simulate`: the simulated module on a pseudo-terminal, for trying the app or the command line
//! without hardware. Its path is the first line of stdout; it runs until Ctrl+C, SIGTERM or
//! SIGHUP (or `--max-seconds`). Stdin is not read: a script may start it in the background with
//! stdin closed.

use super::common::CliError;
use crate::i18n::Lang;
use crate::sim::{Dialect, Faults, SimConfig};
use std::time::Duration;

/// How late every answer comes with `--fault slow` (short enough for the opening check to pass).
pub const SLOW_BY: Duration = Duration::from_millis(500);

/// Which of the manual's contradicting answer forms to print.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialectArg {
    /// The manual's example transcripts (`+QCCID:`, `+CREG=0,1`, `CONNECT,ID:3`).
    Example,
    /// The manual's command tables (`+QICCID：`, `+CREG: 0,1`, `+QIOPEN,ID:3`, `>>`).
    Table,
}

/// On or off.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnOff {
    On,
    Off,
}

/// A fault to inject.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultArg {
    /// Noise bytes before some answer lines.
    Garbage,
    /// Every answer 0.5 s late.
    Slow,
    /// No answer at all (the module records what it gets and does nothing).
    Silent,
    /// An unsolicited line between an answer's information line and its OK.
    UrcMidAnswer,
    /// Output dribbles out 1 to 4 bytes at a time.
    Split,
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  ct11-configurator simulate --fast --fault garbage > sim.txt &\n  \
ct11-configurator info --port \"$(head -n 1 sim.txt)\"\n  kill %1\n\n\
The path of the module's port is the first line of stdout. It runs until Ctrl+C, SIGTERM or \
SIGHUP, or for --max-seconds; stdin is not read, so it works in the background of a script.\n\n\
Unix only (it needs a pseudo-terminal); elsewhere use `--port sim` with the other commands."
)]
pub struct SimulateArgs {
    /// Which of the manual's contradicting answer forms the module prints.
    #[arg(long, value_enum, default_value = "example")]
    pub dialect: DialectArg,
    /// Every delay at most 20 ms (restart, MQTT connect, ...) instead of realistic ones.
    #[arg(long)]
    pub fast: bool,
    /// Echo of commands at start (`ATE1`, the module's default, or `ATE0`).
    #[arg(long, value_enum, default_value = "on")]
    pub echo: OnOff,
    /// Misbehave: garbage, slow, silent, urc-mid-answer or split (repeatable).
    #[arg(long = "fault", value_enum, value_name = "FAULT")]
    pub faults: Vec<FaultArg>,
    /// A setting whose setter answers OK but is not kept, e.g. QMTSTART, SYSSLEEP (repeatable).
    #[arg(long = "forget", value_name = "SETTING")]
    pub forget: Vec<String>,
    /// No SIM card: `AT+QCCID` reports none and the module never registers.
    #[arg(long)]
    pub no_sim: bool,
    /// On exit, print one JSON object to stdout: the command lines received and the stored
    /// certificates (for scripted tests).
    #[arg(long)]
    pub report: bool,
    /// Send a continuous stream of unsolicited text lines at this many bytes a second (92160 is
    /// a saturated 921600-baud link), for throughput and CPU measurements.
    #[arg(long, value_name = "BYTES_PER_SEC")]
    pub stream: Option<u32>,
    /// Stop on its own after this many seconds (e.g. 0.5 or 600); default: run until stopped.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub max_seconds: Option<Duration>,
    /// Online: AT+QIOPEN, MQTT and AT+HTTPACTION make real connections from this computer (TLS
    /// checked against the uploaded certificate). QPING and QNTP stay simulated.
    #[arg(long)]
    pub online: bool,
    /// The global `--lang`.
    #[arg(from_global)]
    pub lang: Option<Lang>,
}

/// A positive, finite number of seconds no longer than a year.
fn parse_seconds(s: &str) -> Result<Duration, String> {
    const YEAR: f64 = 365.0 * 24.0 * 3600.0;
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= YEAR => Ok(Duration::from_secs_f64(v)),
        _ => Err(format!(
            "`{s}` is not a number of seconds: give a positive number up to {YEAR} (one year)"
        )),
    }
}

/// The module these arguments describe.
pub fn config(a: &SimulateArgs) -> SimConfig {
    let mut cfg = if a.fast {
        SimConfig::fast()
    } else {
        SimConfig::realistic()
    };
    cfg.dialect = match a.dialect {
        DialectArg::Example => Dialect::Example,
        DialectArg::Table => Dialect::Table,
    };
    let mut f = Faults::default();
    for fault in &a.faults {
        match fault {
            FaultArg::Garbage => f.garbage = true,
            FaultArg::Slow => f.slow = Some(SLOW_BY),
            FaultArg::Silent => f.silent = true,
            FaultArg::UrcMidAnswer => f.urc_mid_answer = true,
            FaultArg::Split => f.split_output = true,
        }
    }
    f.forget = a
        .forget
        .iter()
        .map(|s| {
            let s = s.trim().to_ascii_uppercase();
            s.strip_prefix("AT+").map(str::to_string).unwrap_or(s)
        })
        .collect();
    cfg.faults = f;
    if a.no_sim {
        cfg.iccid = None;
        cfg.creg_stat = 0;
    }
    cfg.online = a.online;
    cfg
}

#[cfg(not(unix))]
pub fn run(a: &SimulateArgs) -> Result<(), CliError> {
    let lang = super::lang(a.lang);
    Err(CliError::Usage(lang.tr("cli-simulate-needs-unix").into()))
}

#[cfg(unix)]
pub fn run(a: &SimulateArgs) -> Result<(), CliError> {
    use crate::tr;
    use std::io::Write;
    let lang = super::lang(a.lang);
    let sim = crate::sim::PtySim::spawn(config(a))
        .map_err(|e| CliError::Port(tr!(lang, "cli-simulate-cannot-create-pty", error = &e)))?;
    let handle = sim.handle();
    if a.echo == OnOff::Off {
        handle.with_module(|m| m.state_mut().echo = false);
    }
    if let Some(rate) = a.stream {
        handle.start_stream(rate);
    }
    let stop = unix::StopSignal::install()
        .map_err(|e| CliError::Port(tr!(lang, "cli-simulate-cannot-watch-ctrl-c", error = &e)))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", sim.path().display())
        .and_then(|()| out.flush())
        .map_err(|e| CliError::File(tr!(lang, "cli-simulate-cannot-write-stdout", error = &e)))?;
    drop(out);
    let running = tr!(lang, "cli-simulate-running", path = &sim.path().display());
    eprintln!("{running}");
    stop.wait(a.max_seconds);
    if a.report {
        println!("{}", report(&handle.state()));
    }
    drop(sim);
    Ok(())
}

/// What a scripted test wants to know after the run.
#[cfg(unix)]
fn report(s: &crate::sim::SimState) -> String {
    let cert = |c: &Option<crate::sim::state::Certificate>| match c {
        Some(c) => serde_json::json!({
            "mode": c.mode,
            "verify": c.verify,
            "len": c.data.len(),
            "hex": c.data.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        }),
        None => serde_json::Value::Null,
    };
    serde_json::json!({
        "received_lines": s.received_lines,
        "restarts": s.restarts,
        "echo": s.echo,
        "mqtt_certificate": cert(&s.mqtt.certificate),
        "http_certificate": cert(&s.http.certificate),
    })
    .to_string()
}

#[cfg(unix)]
mod unix {
    //! Waiting for stdin to close or for SIGINT/SIGTERM with `poll`, woken by a self-pipe that
    //! the signal handler writes to (the only async-signal-safe way to wake a waiting thread).

    use std::io;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
    use std::sync::atomic::{AtomicI32, Ordering};

    static WAKE_FD: AtomicI32 = AtomicI32::new(-1);

    extern "C" fn on_signal(_sig: libc::c_int) {
        let fd = WAKE_FD.load(Ordering::SeqCst);
        if fd >= 0 {
            let b = [1u8];
            // SAFETY: write(2) is async-signal-safe; one byte from a valid buffer.
            let _ = unsafe { libc::write(fd, b.as_ptr().cast(), 1) };
        }
    }

    pub struct StopSignal {
        read: OwnedFd,
        _write: OwnedFd,
    }

    impl StopSignal {
        pub fn install() -> io::Result<StopSignal> {
            let mut fds = [0 as RawFd; 2];
            // SAFETY: `fds` has room for the two descriptors pipe() writes.
            if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
                return Err(io::Error::last_os_error());
            }
            // SAFETY: pipe() just returned these two open descriptors, owned by nobody else.
            let (read, write) =
                unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
            for fd in [&read, &write] {
                // SAFETY: fcntl on an open descriptor with integer arguments.
                unsafe {
                    let fl = libc::fcntl(fd.as_raw_fd(), libc::F_GETFL);
                    libc::fcntl(fd.as_raw_fd(), libc::F_SETFL, fl | libc::O_NONBLOCK);
                    libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC);
                }
            }
            WAKE_FD.store(write.as_raw_fd(), Ordering::SeqCst);
            let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                // SAFETY: installing a handler that only does an async-signal-safe write.
                if unsafe { libc::signal(sig, handler) } == libc::SIG_ERR {
                    return Err(io::Error::last_os_error());
                }
            }
            Ok(StopSignal {
                read,
                _write: write,
            })
        }

        /// Blocks until a stop signal arrives or `limit` has passed. Stdin is not read: a
        /// script's background job has it at end of file, which must not stop the module.
        pub fn wait(&self, limit: Option<std::time::Duration>) {
            let deadline = limit.map(|d| std::time::Instant::now() + d);
            loop {
                let timeout_ms = match deadline {
                    None => -1,
                    Some(d) => {
                        let left = d.saturating_duration_since(std::time::Instant::now());
                        if left.is_zero() {
                            return;
                        }
                        // Round up so the wait never ends a millisecond early.
                        i32::try_from(left.as_micros().div_ceil(1000)).unwrap_or(i32::MAX)
                    }
                };
                let mut fds = [libc::pollfd {
                    fd: self.read.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                }];
                // SAFETY: a valid array of initialised pollfds of the given length.
                let n =
                    unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) };
                if n < 0 {
                    if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
                        continue;
                    }
                    return;
                }
                if fds[0].revents != 0 {
                    return;
                }
            }
        }
    }

    impl Drop for StopSignal {
        fn drop(&mut self) {
            WAKE_FD.store(-1, Ordering::SeqCst);
        }
    }
}
