//! [`SimHandle`]: a simulated module running on its own thread, and the controls a test or the
//! demo has over it (inspect, faults, unplug/replug, test stream).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::Instant;

use crossbeam_channel::{Receiver, RecvTimeoutError, Select, Sender, TryRecvError, unbounded};

use super::config::{Faults, LineSettings, SimConfig};
use super::module::SimModule;
use super::online::{NetEvent, Network, RealNet};
use super::port::SimPort;
use super::state::SimState;
use crate::at::basic::UartConfig;

/// Locks, recovering from a poisoned mutex (a panicking test thread must not wedge the sim).
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A message to the thread that runs the module.
#[derive(Debug)]
pub(super) enum Ctl {
    /// Bytes the host wrote, on the port of plug generation `gen`.
    Host { generation: u64, bytes: Vec<u8> },
    /// The host changed its line settings.
    Line { generation: u64, line: LineSettings },
    /// The host changed DTR.
    Dtr { generation: u64, level: bool },
    /// Something changed: recompute the next wake-up and flush output.
    Wake,
    /// Pull the (pty) adapter.
    #[cfg_attr(not(unix), allow(dead_code))]
    Unplug,
    /// Plug it back in.
    #[cfg_attr(not(unix), allow(dead_code))]
    Replug,
    /// Stop the thread.
    #[cfg_attr(not(unix), allow(dead_code))]
    Shutdown,
}

/// The in-process line between host ports and the module thread.
#[derive(Debug)]
pub(super) struct Link {
    /// Whether the module is plugged in.
    pub plugged: AtomicBool,
    /// Plug generation: ports of an older one are dead.
    pub generation: AtomicU64,
    /// Where the module's output goes: the port opened last.
    pub host_tx: Mutex<Option<Sender<Vec<u8>>>>,
}

impl Link {
    /// Whether a port of this generation still works.
    pub fn alive(&self, generation: u64) -> bool {
        self.plugged.load(Ordering::SeqCst) && self.generation.load(Ordering::SeqCst) == generation
    }
}

/// How the handle reaches the module's thread.
pub(super) enum Backend {
    /// In-process ports.
    InProcess(Arc<Link>),
    /// A pseudo-terminal; `wake` interrupts the thread's `poll`.
    #[cfg(unix)]
    Pty {
        wake: Arc<dyn Fn() + Send + Sync>,
        path: std::path::PathBuf,
    },
}

struct Inner {
    module: Arc<Mutex<SimModule>>,
    ctl: Sender<Ctl>,
    backend: Backend,
}

/// A running simulated module. Cheap to clone; every clone controls the same module.
#[derive(Clone)]
pub struct SimHandle {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle").finish_non_exhaustive()
    }
}

impl SimHandle {
    /// Starts a module on its own thread, reachable through [`SimHandle::open_port`]. The
    /// thread ends when the last handle and port are gone.
    pub fn spawn(cfg: SimConfig) -> SimHandle {
        let online = cfg.online;
        let module = Arc::new(Mutex::new(SimModule::new(cfg)));
        let (ctl, rx) = unbounded();
        let (net_tx, net_rx) = unbounded();
        // Network threads post on their own channel, so they never keep the module alive.
        let net = online.then(|| {
            super::online::RealNet::new(Arc::new(move |ev| {
                let _ = net_tx.send(ev);
            }))
        });
        let link = Arc::new(Link {
            plugged: AtomicBool::new(true),
            generation: AtomicU64::new(0),
            host_tx: Mutex::new(None),
        });
        let thread_module = Arc::clone(&module);
        let thread_link = Arc::clone(&link);
        // Should the thread not start, ports time out as with a dead device.
        let _ = thread::Builder::new()
            .name("ct11-sim".into())
            .spawn(move || run_in_process(&thread_module, &rx, &net_rx, net, &thread_link));
        SimHandle {
            inner: Arc::new(Inner {
                module,
                ctl,
                backend: Backend::InProcess(link),
            }),
        }
    }

    /// A handle on a module run by another thread (the pty).
    #[cfg(unix)]
    pub(super) fn from_parts(
        module: Arc<Mutex<SimModule>>,
        ctl: Sender<Ctl>,
        backend: Backend,
    ) -> SimHandle {
        SimHandle {
            inner: Arc::new(Inner {
                module,
                ctl,
                backend,
            }),
        }
    }

    /// Opens the host's end: 115200 8N1, read timeout 0 (as `serialport::new`). Opening again
    /// takes the line over (an older port then reads `BrokenPipe`). Fails with `NoDevice`
    /// while unplugged. On a pty module, opens its path.
    pub fn open_port(&self) -> serialport::Result<Box<dyn serialport::SerialPort>> {
        match &self.inner.backend {
            Backend::InProcess(_) => self
                .open_sim_port()
                .map(|p| Box::new(p) as Box<dyn serialport::SerialPort>),
            #[cfg(unix)]
            Backend::Pty { path, .. } => {
                serialport::new(path.to_string_lossy(), LineSettings::DEFAULT.baud).open()
            }
        }
    }

    /// Opens the host's end as the app opens it: a [`Link`](crate::link::Link) with these line
    /// settings whose reads time out after [`READ_TIMEOUT`](crate::link::READ_TIMEOUT). A pty
    /// module is opened by its path through the real serial stack.
    pub fn open_link(&self, settings: &UartConfig) -> std::io::Result<Box<dyn crate::link::Link>> {
        match &self.inner.backend {
            Backend::InProcess(_) => {
                let mut port = self.open_sim_port()?;
                crate::link::Link::set_line(&mut port, settings)?;
                serialport::SerialPort::set_timeout(&mut port, crate::link::READ_TIMEOUT)?;
                Ok(Box::new(port))
            }
            #[cfg(unix)]
            Backend::Pty { path, .. } => {
                let port = crate::link::serial::open(&path.to_string_lossy(), settings)?;
                Ok(Box::new(port))
            }
        }
    }

    /// Opens the host's end as the concrete [`SimPort`] (in-process modules only).
    pub fn open_sim_port(&self) -> serialport::Result<SimPort> {
        // Without pseudo-terminals (Windows) the in-process backend is the only one.
        #[cfg_attr(not(unix), allow(irrefutable_let_patterns))]
        let Backend::InProcess(link) = &self.inner.backend else {
            return Err(serialport::Error::new(
                serialport::ErrorKind::InvalidInput,
                "a pty module is opened by its path",
            ));
        };
        if !link.plugged.load(Ordering::SeqCst) {
            return Err(serialport::Error::new(
                serialport::ErrorKind::NoDevice,
                "no such device: the simulated module is unplugged",
            ));
        }
        let (tx, rx) = unbounded();
        *lock(&link.host_tx) = Some(tx);
        let generation = link.generation.load(Ordering::SeqCst);
        let port = SimPort::new(Arc::clone(link), generation, self.inner.ctl.clone(), rx);
        let _ = self.inner.ctl.send(Ctl::Line {
            generation,
            line: LineSettings::DEFAULT,
        });
        Ok(port)
    }

    /// The path a host opens (pty modules only).
    pub fn path(&self) -> Option<std::path::PathBuf> {
        match &self.inner.backend {
            Backend::InProcess(_) => None,
            #[cfg(unix)]
            Backend::Pty { path, .. } => Some(path.clone()),
        }
    }

    /// A snapshot of everything the module holds.
    pub fn state(&self) -> SimState {
        lock(&self.inner.module).state().clone()
    }

    /// Whether the module makes real connections (online mode).
    pub fn state_online(&self) -> bool {
        lock(&self.inner.module).config().online
    }

    /// Every command line the module received, in order.
    pub fn received_lines(&self) -> Vec<String> {
        lock(&self.inner.module).state().received_lines.clone()
    }

    /// Time the module has deliberately held back answers the host waits for, overlaps
    /// counted once (see [`SimModule::hold_time`]). Benchmarks divide the host's wall time by
    /// the growth of this figure.
    pub fn hold_time(&self) -> std::time::Duration {
        lock(&self.inner.module).hold_time()
    }

    /// Runs `f` on the module (e.g. to change the signal or a pin) and lets its thread react.
    pub fn with_module<R>(&self, f: impl FnOnce(&mut SimModule) -> R) -> R {
        let r = f(&mut lock(&self.inner.module));
        self.wake();
        r
    }

    /// Sets the faults from now on.
    pub fn set_faults(&self, faults: Faults) {
        self.with_module(|m| m.set_faults(faults));
    }

    /// Starts the `+STREAM:` test lines at about `bytes_per_sec`.
    pub fn start_stream(&self, bytes_per_sec: u32) {
        self.with_module(|m| m.start_stream(bytes_per_sec, Instant::now()));
    }

    /// Stops the test stream.
    pub fn stop_stream(&self) {
        self.with_module(|m| m.stop_stream());
    }

    /// Pulls the module out: open ports fail with `BrokenPipe`, opening fails, the module is
    /// off. (On a pty: the master closes and the path disappears.)
    pub fn unplug(&self) {
        match &self.inner.backend {
            Backend::InProcess(link) => {
                link.plugged.store(false, Ordering::SeqCst);
                *lock(&link.host_tx) = None;
                lock(&self.inner.module).power_off(Instant::now());
                self.wake();
            }
            #[cfg(unix)]
            Backend::Pty { .. } => {
                let _ = self.inner.ctl.send(Ctl::Unplug);
                self.wake();
            }
        }
    }

    /// Plugs it back in: opening works again and the module boots (`RDY`, `SIM_SUCCESS`,
    /// `NETWORK_ACTIVATE_SUCCESS`).
    pub fn replug(&self) {
        match &self.inner.backend {
            Backend::InProcess(link) => {
                if link.plugged.load(Ordering::SeqCst) {
                    return;
                }
                link.generation.fetch_add(1, Ordering::SeqCst);
                link.plugged.store(true, Ordering::SeqCst);
                lock(&self.inner.module).power_on(Instant::now());
                self.wake();
            }
            #[cfg(unix)]
            Backend::Pty { .. } => {
                let _ = self.inner.ctl.send(Ctl::Replug);
                self.wake();
            }
        }
    }

    /// Whether the module is plugged in.
    pub fn is_plugged(&self) -> bool {
        lock(&self.inner.module).state().power != super::state::Power::Off
    }

    fn wake(&self) {
        let _ = self.inner.ctl.send(Ctl::Wake);
        #[cfg(unix)]
        if let Backend::Pty { wake, .. } = &self.inner.backend {
            wake();
        }
    }
}

/// The in-process module thread: waits for host bytes or the next due event, never polls.
fn run_in_process(
    module: &Mutex<SimModule>,
    rx: &Receiver<Ctl>,
    net_rx: &Receiver<NetEvent>,
    mut net: Option<RealNet>,
    link: &Link,
) {
    loop {
        let deadline = lock(module).next_wakeup();
        let mut sel = Select::new();
        let ctl_op = sel.recv(rx);
        // Offline there is no network, and its channel's sender is gone: a disconnected
        // channel is always ready, so it must not be watched (the thread would spin).
        if net.is_some() {
            sel.recv(net_rx);
        }
        let ready = match deadline {
            Some(d) => sel.ready_deadline(d).ok(),
            None => Some(sel.ready()),
        };
        let msg = match ready {
            Some(i) if i == ctl_op => match rx.try_recv() {
                Ok(m) => Ok(m),
                Err(TryRecvError::Disconnected) => Err(RecvTimeoutError::Disconnected),
                Err(TryRecvError::Empty) => Err(RecvTimeoutError::Timeout),
            },
            _ => Err(RecvTimeoutError::Timeout),
        };
        let now = Instant::now();
        let mut m = lock(module);
        while let Ok(ev) = net_rx.try_recv() {
            m.net_event(ev, now);
        }
        match msg {
            Ok(Ctl::Host { generation, bytes }) if link.alive(generation) => m.feed(&bytes, now),
            Ok(Ctl::Line { generation, line }) if link.alive(generation) => m.set_host_line(line),
            Ok(Ctl::Dtr { generation, level }) if link.alive(generation) => m.set_dtr(level),
            Ok(Ctl::Shutdown) | Err(RecvTimeoutError::Disconnected) => return,
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
        }
        let out = m.take_output(now);
        let requests = m.take_net_requests();
        drop(m);
        if let Some(net) = &mut net {
            for r in requests {
                net.request(r);
            }
        }
        if !out.is_empty()
            && let Some(tx) = lock(&link.host_tx).as_ref()
        {
            let _ = tx.send(out);
        }
    }
}
