//! One chaos session, shared by `tests/chaos.rs` (a short run) and `benches/chaos.rs` (a long
//! one): a worker against a simulated module in the chaos fault mode (`sim::Chaos`), a seeded
//! mix of commands whose answers are told apart, and the invariant checked on every outcome.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use ct11_configurator::at::basic::UartConfig;
use ct11_configurator::at::command::RawLine;
use ct11_configurator::at::http::{HttpMethod, HttpTarget};
use ct11_configurator::at::socket::SocketTarget;
use ct11_configurator::at::{Answer, Checked, Command, FrameKind};
use ct11_configurator::sim::{Chaos, Faults, SimConfig, SimHandle, handle_opener};
use ct11_configurator::worker::{Client, CommandError, Outcome, PortOpener, SerialPath, Step};

/// How long a session may take to answer cleanly again once the chaos stops.
pub const RECOVERY_BOUND: Duration = Duration::from_secs(10);

/// What one session found.
#[derive(Debug, Default)]
pub struct Report {
    pub seed: u64,
    pub commands: usize,
    pub ok: usize,
    pub module_errors: usize,
    pub timeouts: usize,
    pub other_errors: usize,
    /// Outcomes that broke the invariant (empty when all is well).
    pub violations: Vec<String>,
    /// From the end of the chaos to the first clean answer.
    pub recovery: Duration,
}

/// The commands of a session: each answer is told apart from the others'.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Version,
    Signal,
    MqttClient,
    Registration,
    Imei,
    Iccid,
    /// `AT+CREG=0`: a setter the module accepts.
    GoodSetter,
    /// `AT+NOSUCH=1`: a command the module refuses; `OK` to it is always someone else's.
    BadCommand,
    Http,
}

const KINDS: [Kind; 9] = [
    Kind::Version,
    Kind::Signal,
    Kind::MqttClient,
    Kind::Registration,
    Kind::Imei,
    Kind::Iccid,
    Kind::GoodSetter,
    Kind::BadCommand,
    Kind::Http,
];

/// Names of information lines: the commands' own and the worker's markers.
const INFO_NAMES: [&str; 10] = [
    "VERSION", "CSQ", "QMTCFG", "CREG", "GSN", "QCCID", "QICCID", "IPR", "SYSSLEEP", "HTTPRQH",
];

fn raw(line: &str) -> Command {
    Command::Raw(Checked::new(RawLine(line.into())).expect("valid line"))
}

impl Kind {
    fn command(self) -> Command {
        match self {
            Kind::Version => Command::Version,
            Kind::Signal => Command::Signal,
            Kind::MqttClient => Command::MqttClientQuery,
            Kind::Registration => Command::RegQuery,
            Kind::Imei => Command::Imei,
            Kind::Iccid => Command::Iccid,
            Kind::GoodSetter => raw("AT+CREG=0"),
            Kind::BadCommand => raw("AT+NOSUCH=1"),
            Kind::Http => Command::HttpAction(HttpMethod::Get),
        }
    }

    /// Information-line names this command's own answer may hold (an unsolicited `+CREG: 1`
    /// may land in any answer, so CREG is always allowed).
    fn own_names(self) -> &'static [&'static str] {
        match self {
            Kind::Version => &["VERSION", "CREG"],
            Kind::Signal => &["CSQ", "CREG"],
            Kind::MqttClient => &["QMTCFG", "CREG"],
            Kind::Imei => &["GSN", "CREG"],
            Kind::Iccid => &["QCCID", "QICCID", "CREG"],
            Kind::Registration | Kind::GoodSetter | Kind::BadCommand | Kind::Http => &["CREG"],
        }
    }

    /// Whether a successful answer is of this command's own type.
    fn own_answer(self, a: &Answer) -> bool {
        matches!(
            (self, a),
            (Kind::Version, Answer::Version(_))
                | (Kind::Signal, Answer::Signal(_))
                | (Kind::MqttClient, Answer::MqttClient(_))
                | (Kind::Registration, Answer::Registration(_))
                | (Kind::Imei, Answer::Imei(_))
                | (Kind::Iccid, Answer::Iccid(_))
                | (Kind::GoodSetter, Answer::Done)
                | (Kind::Http, Answer::HttpResponse(_))
        )
    }
}

/// xorshift: the session's choices from its seed.
struct Pick(u64);
impl Pick {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Check one outcome against the invariant: its own answer, or a clear error.
fn check(kind: Kind, o: &Outcome, r: &mut Report) {
    r.commands += 1;
    let mut bad = |why: String| {
        r.violations
            .push(format!("seed {}: {kind:?}: {why}", r.seed))
    };
    for f in &o.reply.frames {
        if let FrameKind::Info { name, .. } = f
            && INFO_NAMES.contains(&name.as_str())
            && !kind.own_names().contains(&name.as_str())
        {
            bad(format!(
                "another command's line +{name} in its reply {:?}",
                o.reply
            ));
        }
    }
    match &o.result {
        Ok(a) if kind.own_answer(a) => r.ok += 1,
        Ok(a) => {
            r.violations.push(format!(
                "seed {}: {kind:?} answered with {a:?} (reply {:?})",
                r.seed, o.reply
            ));
        }
        Err(CommandError::Module(_)) => r.module_errors += 1,
        Err(CommandError::Timeout(_)) => r.timeouts += 1,
        Err(CommandError::Decode(_) | CommandError::Restarted) => r.other_errors += 1,
        Err(e) => r
            .violations
            .push(format!("seed {}: {kind:?}: unexpected {e:?}", r.seed)),
    }
}

/// One session: `n` commands under chaos, then the recovery check. `pty`: through a
/// pseudo-terminal and the real serial stack instead of the in-process port.
pub fn session(seed: u64, n: usize, pty: bool) -> Report {
    let mut cfg = SimConfig::fast();
    cfg.seed = seed;
    #[cfg(unix)]
    let pty_sim = if pty {
        Some(ct11_configurator::sim::PtySim::spawn(cfg.clone()).expect("pty"))
    } else {
        None
    };
    #[cfg(unix)]
    let (sim, opener): (SimHandle, Arc<dyn PortOpener>) = match &pty_sim {
        Some(p) => (
            p.handle(),
            Arc::new(SerialPath(p.path().to_string_lossy().into_owned())),
        ),
        None => {
            let h = SimHandle::spawn(cfg);
            (h.clone(), handle_opener(h))
        }
    };
    #[cfg(not(unix))]
    let (sim, opener): (SimHandle, Arc<dyn PortOpener>) = {
        let _ = pty;
        let h = SimHandle::spawn(cfg);
        (h.clone(), handle_opener(h))
    };
    let mut report = Report {
        seed,
        ..Report::default()
    };
    let mut client = Client::new();
    let state = client
        .open(opener, UartConfig::default(), false, Duration::from_secs(5))
        .expect("worker");
    assert!(state.is_connected(), "seed {seed}: {state:?}");
    let mut pick = Pick(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    // Set up cleanly: echo on or off, an HTTP target, an open link for the server to drop.
    let echo = pick.next().is_multiple_of(2);
    let setup = [
        Command::Echo(echo),
        Command::HttpTargetSet(Checked::new(HttpTarget::default()).expect("valid")),
        Command::SocketOpen(Checked::new(SocketTarget::default()).expect("valid")),
    ];
    for c in setup {
        let o = client.run(c).expect("worker");
        assert!(o.result.is_ok(), "seed {seed}: setup {o:?}");
    }
    sim.set_faults(Faults {
        chaos: Some(Chaos::rough(seed)),
        ..Faults::default()
    });
    for _ in 0..n {
        let kind = KINDS[(pick.next() % KINDS.len() as u64) as usize];
        let timeout = match kind {
            Kind::Http => Duration::from_secs(1),
            _ => Duration::from_millis(300),
        };
        let o = client
            .run_step(Step {
                command: kind.command(),
                timeout: Some(timeout),
            })
            .expect("worker");
        check(kind, &o, &mut report);
    }
    // The chaos stops: the session must answer cleanly again, soon.
    sim.set_faults(Faults::default());
    let calm = Instant::now();
    loop {
        let o = client.run(Command::Version).expect("worker");
        check(Kind::Version, &o, &mut report);
        if o.result.is_ok() {
            break;
        }
        if calm.elapsed() > RECOVERY_BOUND {
            report.violations.push(format!(
                "seed {seed}: no clean answer {RECOVERY_BOUND:?} after the chaos"
            ));
            break;
        }
    }
    report.recovery = calm.elapsed();
    report
}
