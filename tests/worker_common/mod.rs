//! What the worker tests share: a worker connected to a simulated module (over a pseudo-terminal
//! or in-process), with a tap on the port that records every byte that crossed it.
#![allow(dead_code)]

use std::io;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use ct11_configurator::at::basic::UartConfig;
use ct11_configurator::at::urc::Urc;
use ct11_configurator::at::{Answer, Checked, Command, Validate};
use ct11_configurator::sim::{SimConfig, SimHandle};
use ct11_configurator::worker::{Client, Event, Link, LinkState, Outcome, PortOpener, Step};

/// Generous bound for anything that should happen within milliseconds.
pub const SOON: Duration = Duration::from_secs(5);

/// pty pairs are not thread-safe: one pty test at a time.
static PTY: Mutex<()> = Mutex::new(());

pub fn pty_lock() -> MutexGuard<'static, ()> {
    PTY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Every byte read from and written to a port, as the port saw them.
#[derive(Clone, Default)]
pub struct Tap {
    pub rx: Arc<Mutex<Vec<u8>>>,
    pub tx: Arc<Mutex<Vec<u8>>>,
    /// When set, every `flush` (the worker drains after each write) waits for a token from
    /// this channel, as a drain waits for the UART: the test decides when a chunk "has left".
    /// Dropping the sender opens the gate for good.
    pub gate: Arc<Mutex<Option<crossbeam_channel::Receiver<()>>>>,
    /// When set, how many more bytes the port accepts; past them every write fails, as a cable
    /// pulled in the middle of a write.
    pub write_budget: Arc<Mutex<Option<usize>>>,
    /// When set, every read returns `Ok(0)` (end of file), as some drivers do for a port that
    /// went away.
    pub eof: Arc<std::sync::atomic::AtomicBool>,
    /// When set, changing DTR fails.
    pub dtr_fails: Arc<std::sync::atomic::AtomicBool>,
}

impl Tap {
    /// From now on, each flush waits for a token sent on the returned channel.
    pub fn gate_flushes(&self) -> crossbeam_channel::Sender<()> {
        let (tx, rx) = crossbeam_channel::unbounded();
        *self.gate.lock().unwrap() = Some(rx);
        tx
    }

    pub fn rx(&self) -> Vec<u8> {
        self.rx.lock().unwrap().clone()
    }
    pub fn tx(&self) -> Vec<u8> {
        self.tx.lock().unwrap().clone()
    }
}

/// A port opener that wraps every port it opens in a [`TapPort`].
pub struct TapOpener {
    pub inner: Arc<dyn PortOpener>,
    pub tap: Tap,
}

impl PortOpener for TapOpener {
    fn name(&self) -> String {
        self.inner.name()
    }
    fn open(&self, settings: &UartConfig) -> io::Result<Box<dyn Link>> {
        let port = self.inner.open(settings)?;
        Ok(Box::new(TapPort {
            inner: port,
            tap: self.tap.clone(),
        }))
    }
}

/// A port that records what crosses it.
pub struct TapPort {
    inner: Box<dyn Link>,
    tap: Tap,
}

impl io::Read for TapPort {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.tap.eof.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        self.tap.rx.lock().unwrap().extend(&buf[..n]);
        Ok(n)
    }
}

impl io::Write for TapPort {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut budget = self.tap.write_budget.lock().unwrap();
        let buf = match budget.as_mut() {
            Some(0) => {
                return Err(io::Error::new(io::ErrorKind::BrokenPipe, "cable pulled"));
            }
            Some(left) => {
                let take = buf.len().min(*left);
                *left -= take;
                &buf[..take]
            }
            None => buf,
        };
        drop(budget);
        let n = self.inner.write(buf)?;
        self.tap.tx.lock().unwrap().extend(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()?;
        let gate = self.tap.gate.lock().unwrap().clone();
        if let Some(gate) = gate {
            let _ = gate.recv();
        }
        Ok(())
    }
}

impl Link for TapPort {
    fn set_line(&mut self, settings: &UartConfig) -> io::Result<()> {
        self.inner.set_line(settings)
    }
    fn set_dtr(&mut self, level: bool) -> io::Result<()> {
        if self.tap.dtr_fails.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(io::Error::other("DTR not supported by this adapter"));
        }
        self.inner.set_dtr(level)
    }
    fn try_clone(&self) -> io::Result<Box<dyn Link>> {
        Ok(Box::new(TapPort {
            inner: self.inner.try_clone()?,
            tap: self.tap.clone(),
        }))
    }
}

/// How the worker reaches the module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// A pseudo-terminal opened by path through the real serial stack.
    Pty,
    /// The in-process simulated port.
    InProcess,
}

/// A worker, the module it talks to, and the tap between them.
pub struct Rig {
    pub client: Client,
    pub sim: SimHandle,
    pub tap: Tap,
    #[cfg(unix)]
    pub pty: Option<ct11_configurator::sim::PtySim>,
    _guard: Option<MutexGuard<'static, ()>>,
}

/// A rig whose port is opened but not yet checked.
pub fn rig_unopened(via: Via, cfg: SimConfig) -> (Rig, Arc<dyn PortOpener>) {
    let tap = Tap::default();
    match via {
        #[cfg(unix)]
        Via::Pty => {
            let guard = pty_lock();
            let pty = ct11_configurator::sim::PtySim::spawn(cfg).expect("pty");
            let inner = Arc::new(ct11_configurator::worker::SerialPath(
                pty.path().to_string_lossy().into_owned(),
            ));
            let opener: Arc<dyn PortOpener> = Arc::new(TapOpener {
                inner,
                tap: tap.clone(),
            });
            let rig = Rig {
                client: Client::new(),
                sim: pty.handle(),
                tap,
                pty: Some(pty),
                _guard: Some(guard),
            };
            (rig, opener)
        }
        #[cfg(not(unix))]
        Via::Pty => panic!("no pty here"),
        Via::InProcess => {
            let sim = SimHandle::spawn(cfg);
            let opener: Arc<dyn PortOpener> = Arc::new(TapOpener {
                inner: ct11_configurator::sim::handle_opener(sim.clone()),
                tap: tap.clone(),
            });
            let rig = Rig {
                client: Client::new(),
                sim,
                tap,
                #[cfg(unix)]
                pty: None,
                _guard: None,
            };
            (rig, opener)
        }
    }
}

/// A worker connected to a fresh module at 115200.
pub fn rig(via: Via, cfg: SimConfig) -> Rig {
    let (mut rig, opener) = rig_unopened(via, cfg);
    let state = rig
        .client
        .open(opener, UartConfig::default(), false, SOON)
        .expect("open");
    assert!(state.is_connected(), "{state:?}");
    rig
}

pub fn checked<T: Validate + std::fmt::Debug>(v: T) -> Checked<T> {
    Checked::new(v).expect("valid")
}

impl Rig {
    /// Run one command; its outcome.
    pub fn run(&mut self, command: Command) -> Outcome {
        self.client.run(command).expect("worker answers")
    }

    /// Run one step with its own timeout.
    pub fn run_for(&mut self, command: Command, timeout: Duration) -> Outcome {
        self.client
            .run_step(Step {
                command,
                timeout: Some(timeout),
            })
            .expect("worker answers")
    }

    /// Run one command that must succeed; its answer.
    pub fn ok(&mut self, command: Command) -> Answer {
        let o = self.run(command);
        match o.result {
            Ok(a) => a,
            Err(e) => panic!("{}: {e:?}; reply {:?}", o.line, o.reply.frames),
        }
    }

    /// Wait (bounded) for an event.
    pub fn wait(&mut self, what: &str, pred: impl FnMut(&Event) -> bool) -> Event {
        self.client
            .wait_for(SOON, pred)
            .unwrap_or_else(|e| panic!("waiting for {what}: {e}"))
    }

    /// Wait (bounded) for a link state.
    pub fn wait_link(&mut self, what: &str, mut pred: impl FnMut(&LinkState) -> bool) -> LinkState {
        if pred(&self.client.link) {
            return self.client.link.clone();
        }
        match self.wait(what, |e| matches!(e, Event::Link(s) if pred(s))) {
            Event::Link(s) => s,
            _ => unreachable!(),
        }
    }

    /// Wait (bounded) for an unsolicited line, unless it was already seen.
    pub fn wait_urc(&mut self, urc: Urc) {
        if self
            .client
            .history
            .iter()
            .any(|e| matches!(e, Event::Urc(u) if *u == urc))
        {
            return;
        }
        self.wait(
            &format!("{urc:?}"),
            |e| matches!(e, Event::Urc(u) if *u == urc),
        );
    }

    /// Wait (bounded) until an unsolicited line was seen `n` times in all.
    pub fn wait_urc_count(&mut self, urc: Urc, n: usize) {
        let mut seen = self
            .client
            .history
            .iter()
            .filter(|e| matches!(e, Event::Urc(u) if *u == urc))
            .count();
        if seen >= n {
            return;
        }
        self.wait(&format!("{urc:?} #{n}"), |e| {
            if matches!(e, Event::Urc(u) if *u == urc) {
                seen += 1;
            }
            seen >= n
        });
    }

    /// Whether an event was seen.
    pub fn saw(&self, pred: impl Fn(&Event) -> bool) -> bool {
        self.client.history.iter().any(pred)
    }

    /// Ends with an `AT` round trip (so nothing is in flight), then checks that the worker's log
    /// holds exactly the bytes that crossed the port, both ways.
    pub fn assert_lossless(&mut self) {
        self.ok(Command::Test);
        // A line the module printed on its own after that answer (a server's data coming
        // back) may still be on its way to the client: wait (bounded) until the client has as
        // many bytes as crossed the port, then compare them.
        let end = std::time::Instant::now() + SOON;
        while self.client.received_bytes().len() < self.tap.rx().len()
            && std::time::Instant::now() < end
        {
            let _ = self
                .client
                .wait_for(std::time::Duration::from_millis(50), |_| true);
        }
        assert_eq!(
            String::from_utf8_lossy(&self.client.received_bytes()),
            String::from_utf8_lossy(&self.tap.rx()),
            "received log"
        );
        assert_eq!(self.client.received_bytes(), self.tap.rx());
        assert_eq!(self.client.sent_bytes(), self.tap.tx(), "sent log");
    }
}
