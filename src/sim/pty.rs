//! [`PtySim`]: the simulated module behind a pseudo-terminal, so the host talks to it through
//! the real serial stack by path.
//!
//! The path is a symlink in a private temp directory pointing at the pty's slave. Unplugging
//! closes the master (the host's reads then fail, as when a USB adapter is pulled) and removes
//! the symlink; replugging makes a new pty, points the symlink at it and boots the module.
//!
//! The thread owns the master and sleeps in `poll()` on the master, a wake-up pipe and (Linux)
//! an inotify watch on the slave, with the module's next wake-up as timeout: no polling loop.
//! Output is written only while a host has the slave open (a pty echoes and mangles what is
//! written while nobody has set it raw, and data written then would be read stale later);
//! what the module prints between a replug and the host's first open (the boot lines) is held
//! for it. The host's line settings are read with `tcgetattr` on the master, which on Linux
//! gives the slave's: a host at the wrong rate gets noise. (Linux ptys force 8 data bits and
//! no parity, so only the rate, and stop bits, can be told there.)

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

use crossbeam_channel::{Receiver, Sender, unbounded};
use serialport::{SerialPort, TTYPort};

use super::config::{LineSettings, Parity, SimConfig, StopBits};
use super::handle::{Backend, Ctl, SimHandle, lock};
use super::module::SimModule;
use super::online::{NetEvent, Network, RealNet};

/// Output held for a host that has not opened the port yet, at most.
const HOLD_LIMIT: usize = 64 * 1024;
/// Output not yet taken by an attached host, at most (more is lost, as on a real line).
const OUT_LIMIT: usize = 1024 * 1024;

/// A simulated module on a pseudo-terminal.
pub struct PtySim {
    handle: SimHandle,
    ctl: Sender<Ctl>,
    wake: Arc<dyn Fn() + Send + Sync>,
    dir: PathBuf,
    path: PathBuf,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for PtySim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PtySim")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl PtySim {
    /// Starts a module on a new pty; the host opens [`PtySim::path`].
    pub fn spawn(cfg: SimConfig) -> io::Result<PtySim> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "ct11-sim-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("ttyCT11");
        let (pipe_r, pipe_w) = pipe()?;
        let pipe_w = Arc::new(pipe_w);
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
            let b = [1u8];
            // A full pipe already wakes the thread.
            // SAFETY: writing one byte from a valid buffer to an open fd.
            let _ = unsafe { libc::write(pipe_w.as_raw_fd(), b.as_ptr().cast(), 1) };
        });
        let online = cfg.online;
        let module = Arc::new(Mutex::new(SimModule::new(cfg)));
        let (ctl, rx) = unbounded();
        let (net_tx, net_rx) = unbounded();
        let net_wake = Arc::clone(&wake);
        let net = online.then(|| {
            RealNet::new(Arc::new(move |ev| {
                let _ = net_tx.send(ev);
                net_wake();
            }))
        });
        let mut pty = Pty::new(path.clone())?;
        pty.plug(false)?;
        let thread_module = Arc::clone(&module);
        let thread = std::thread::Builder::new()
            .name("ct11-sim-pty".into())
            .spawn(move || pty.run(&thread_module, &rx, &pipe_r, &net_rx, net))?;
        let handle = SimHandle::from_parts(
            module,
            ctl.clone(),
            Backend::Pty {
                wake: Arc::clone(&wake),
                path: path.clone(),
            },
        );
        Ok(PtySim {
            handle,
            ctl,
            wake,
            dir,
            path,
            thread: Some(thread),
        })
    }

    /// The stable path the host opens (`serialport::new(path, 115200).open()`).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The same controls as an in-process module: state, lines, faults, stream, unplug/replug.
    pub fn handle(&self) -> SimHandle {
        self.handle.clone()
    }

    /// Pulls the adapter: the master closes, the path disappears.
    pub fn unplug(&self) {
        self.handle.unplug();
    }

    /// Plugs it back: a new pty behind the same path, the module boots.
    pub fn replug(&self) {
        self.handle.replug();
    }
}

impl Drop for PtySim {
    fn drop(&mut self) {
        let _ = self.ctl.send(Ctl::Shutdown);
        (self.wake)();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A non-blocking, close-on-exec pipe.
fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: `fds` has room for the two descriptors pipe() writes.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: pipe() just returned these two open descriptors, owned by nobody else.
    let (r, w) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    for fd in [&r, &w] {
        set_flags(fd.as_raw_fd())?;
    }
    Ok((r, w))
}

/// Sets O_NONBLOCK and FD_CLOEXEC.
fn set_flags(fd: RawFd) -> io::Result<()> {
    // SAFETY: fcntl on an open descriptor with integer arguments.
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFL);
        if fl < 0 || libc::fcntl(fd, libc::F_SETFL, fl | libc::O_NONBLOCK) < 0 {
            return Err(io::Error::last_os_error());
        }
        let fdfl = libc::fcntl(fd, libc::F_GETFD);
        if fdfl < 0 || libc::fcntl(fd, libc::F_SETFD, fdfl | libc::FD_CLOEXEC) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// `poll()` with a timeout (`None`: none). Linux uses `ppoll`, whose timeout is exact to the
/// nanosecond: a simulated answer delay or wire time must not be rounded up to whole
/// milliseconds, or benchmarks would blame the host for the simulator's rounding.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn wait(fds: &mut [libc::pollfd], timeout: Option<std::time::Duration>) -> libc::c_int {
    let ts = timeout.map(|t| libc::timespec {
        tv_sec: libc::time_t::try_from(t.as_secs()).unwrap_or(libc::time_t::MAX),
        // Below 10^9: fits a 32-bit `c_long` too.
        tv_nsec: t.subsec_nanos() as libc::c_long,
    });
    let tsp = ts
        .as_ref()
        .map_or(std::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: `fds` is a valid array of initialised pollfds of the given length; `tsp` is null
    // or points to a timespec that outlives the call; no signal mask is given.
    unsafe {
        libc::ppoll(
            fds.as_mut_ptr(),
            fds.len() as libc::nfds_t,
            tsp,
            std::ptr::null(),
        )
    }
}

/// `poll()` with a timeout (`None`: none), rounded up to whole milliseconds.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn wait(fds: &mut [libc::pollfd], timeout: Option<std::time::Duration>) -> libc::c_int {
    let ms = timeout.map_or(-1, |t| {
        i32::try_from(t.as_micros().div_ceil(1000)).unwrap_or(i32::MAX)
    });
    // SAFETY: `fds` is a valid array of initialised pollfds of the given length.
    unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) }
}

/// The host end's settings as the pty holds them.
fn host_line(master: RawFd) -> Option<LineSettings> {
    let mut t = std::mem::MaybeUninit::<libc::termios>::uninit();
    // SAFETY: tcgetattr fills the termios it is given on success; it is read only then.
    let t = unsafe {
        if libc::tcgetattr(master, t.as_mut_ptr()) != 0 {
            return None;
        }
        t.assume_init()
    };
    // SAFETY: reading the speed of an initialised termios.
    let speed = unsafe { libc::cfgetospeed(&t) };
    let baud = custom_speed(master).unwrap_or_else(|| speed_to_baud(speed));
    let data_bits = match t.c_cflag & libc::CSIZE {
        libc::CS5 => 5,
        libc::CS6 => 6,
        libc::CS7 => 7,
        _ => 8,
    };
    let parity = if t.c_cflag & libc::PARENB == 0 {
        Parity::None
    } else if t.c_cflag & libc::PARODD != 0 {
        Parity::Odd
    } else {
        Parity::Even
    };
    let stop_bits = if t.c_cflag & libc::CSTOPB != 0 {
        StopBits::Two
    } else {
        StopBits::One
    };
    Some(LineSettings {
        baud,
        data_bits,
        parity,
        stop_bits,
    })
}

/// A rate set as a number (`BOTHER`, as serialport does on Linux), read with `TCGETS2`.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn custom_speed(fd: RawFd) -> Option<u32> {
    let mut t = std::mem::MaybeUninit::<libc::termios2>::uninit();
    // SAFETY: TCGETS2 fills the termios2 it is given on success; it is read only then.
    let t = unsafe {
        if libc::ioctl(fd, libc::TCGETS2, t.as_mut_ptr()) != 0 {
            return None;
        }
        t.assume_init()
    };
    (t.c_cflag & libc::CBAUD == libc::BOTHER).then_some(t.c_ospeed)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn custom_speed(_fd: RawFd) -> Option<u32> {
    None
}

/// A termios speed as bits per second (0 when unknown).
fn speed_to_baud(speed: libc::speed_t) -> u32 {
    let table: &[(libc::speed_t, u32)] = &[
        (libc::B1200, 1200),
        (libc::B2400, 2400),
        (libc::B4800, 4800),
        (libc::B9600, 9600),
        (libc::B19200, 19_200),
        (libc::B38400, 38_400),
        (libc::B57600, 57_600),
        (libc::B115200, 115_200),
        (libc::B230400, 230_400),
        #[cfg(any(target_os = "linux", target_os = "android"))]
        (libc::B460800, 460_800),
        #[cfg(any(target_os = "linux", target_os = "android"))]
        (libc::B921600, 921_600),
    ];
    table
        .iter()
        .find(|(s, _)| *s == speed)
        .map_or(0, |(_, b)| *b)
}

/// An inotify watch for opens of the slave (Linux), so the thread learns that a host opened
/// the port without polling.
#[cfg(target_os = "linux")]
fn watch_opens(slave: &str) -> Option<OwnedFd> {
    // SAFETY: inotify_init1 with flags returns a new descriptor or -1.
    let fd = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
    if fd < 0 {
        return None;
    }
    // SAFETY: the descriptor was just created and is owned here only.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let c = std::ffi::CString::new(slave).ok()?;
    // SAFETY: valid inotify descriptor and NUL-terminated path.
    let wd = unsafe { libc::inotify_add_watch(fd.as_raw_fd(), c.as_ptr(), libc::IN_OPEN) };
    (wd >= 0).then_some(fd)
}

/// One pty "adapter" and what the thread knows about the host behind it.
struct Pty {
    link: PathBuf,
    master: Option<TTYPort>,
    #[cfg(target_os = "linux")]
    opens: Option<OwnedFd>,
    attached: bool,
    /// Output held for the first host after a replug.
    hold: Option<Vec<u8>>,
    /// Output not yet written to the master.
    out: Vec<u8>,
}

impl Pty {
    fn new(link: PathBuf) -> io::Result<Pty> {
        Ok(Pty {
            link,
            master: None,
            #[cfg(target_os = "linux")]
            opens: None,
            attached: false,
            hold: None,
            out: Vec::new(),
        })
    }

    /// A new pty behind the link; `hold`: keep output for the first host.
    fn plug(&mut self, hold: bool) -> io::Result<()> {
        let (master, slave) = TTYPort::pair().map_err(io::Error::from)?;
        let name = slave
            .name()
            .ok_or_else(|| io::Error::other("pty slave without a name"))?;
        // The host opens the slave itself; pair() left it raw, which persists.
        drop(slave);
        set_flags(master.as_raw_fd())?;
        #[cfg(target_os = "linux")]
        {
            self.opens = watch_opens(&name);
        }
        let tmp = self.link.with_extension("new");
        let _ = std::fs::remove_file(&tmp);
        std::os::unix::fs::symlink(&name, &tmp)?;
        std::fs::rename(&tmp, &self.link)?;
        self.master = Some(master);
        self.attached = false;
        self.hold = hold.then(Vec::new);
        self.out.clear();
        Ok(())
    }

    /// Pulls the adapter.
    fn unplug(&mut self) {
        let _ = std::fs::remove_file(&self.link);
        self.master = None;
        #[cfg(target_os = "linux")]
        {
            self.opens = None;
        }
        self.attached = false;
        self.hold = None;
        self.out.clear();
    }

    fn master_fd(&self) -> Option<RawFd> {
        self.master.as_ref().map(AsRawFd::as_raw_fd)
    }

    /// Whether a host has the slave open now (no hang-up on the master).
    fn host_present(&self) -> bool {
        let Some(fd) = self.master_fd() else {
            return false;
        };
        let mut p = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd, zero timeout.
        let n = unsafe { libc::poll(&mut p, 1, 0) };
        n >= 0 && p.revents & libc::POLLHUP == 0
    }

    fn check_attach(&mut self) {
        if !self.attached && self.host_present() {
            self.attached = true;
            if let Some(held) = self.hold.take() {
                self.out.extend(held);
            }
        }
    }

    fn detach(&mut self) {
        self.attached = false;
        self.out.clear();
    }

    /// Takes the module's output: to the host, held, or lost.
    fn deliver(&mut self, bytes: Vec<u8>) {
        if bytes.is_empty() {
            return;
        }
        if self.attached {
            let room = OUT_LIMIT.saturating_sub(self.out.len());
            self.out.extend(&bytes[..bytes.len().min(room)]);
        } else if let Some(h) = &mut self.hold {
            let room = HOLD_LIMIT.saturating_sub(h.len());
            h.extend(&bytes[..bytes.len().min(room)]);
        }
    }

    /// Writes what the master takes now.
    fn flush(&mut self) {
        let Some(fd) = self.master_fd() else {
            return;
        };
        while self.attached && !self.out.is_empty() {
            // SAFETY: writing from a valid buffer of the given length to an open fd.
            let n = unsafe { libc::write(fd, self.out.as_ptr().cast(), self.out.len()) };
            if n > 0 {
                self.out.drain(..n as usize);
                continue;
            }
            let err = io::Error::last_os_error();
            match err.kind() {
                io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted => break,
                _ => self.detach(),
            }
        }
    }

    /// Reads the host's bytes; `None` when the host went away.
    fn read_host(&mut self) -> Option<Vec<u8>> {
        let fd = self.master_fd()?;
        let mut buf = vec![0u8; 4096];
        // SAFETY: reading into a valid buffer of the given length from an open fd.
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n > 0 {
            buf.truncate(n as usize);
            return Some(buf);
        }
        let err = io::Error::last_os_error();
        match err.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted if n < 0 => Some(Vec::new()),
            _ => None,
        }
    }

    /// The thread: `poll()` until the next event, host bytes, a control message or an open.
    fn run(
        mut self,
        module: &Mutex<SimModule>,
        rx: &Receiver<Ctl>,
        wake: &OwnedFd,
        net_rx: &Receiver<NetEvent>,
        mut net: Option<RealNet>,
    ) {
        loop {
            let deadline = lock(module).next_wakeup();
            let timeout = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            let mut fds = vec![libc::pollfd {
                fd: wake.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            }];
            #[cfg(target_os = "linux")]
            if let Some(fd) = &self.opens {
                fds.push(libc::pollfd {
                    fd: fd.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                });
            }
            // Without inotify, look for a host now and then.
            #[cfg(not(target_os = "linux"))]
            let timeout = if self.master.is_some() && !self.attached {
                let look = std::time::Duration::from_millis(50);
                Some(timeout.map_or(look, |t| t.min(look)))
            } else {
                timeout
            };
            let master_slot = match (self.master_fd(), self.attached) {
                (Some(fd), true) => {
                    let events = if self.out.is_empty() {
                        libc::POLLIN
                    } else {
                        libc::POLLIN | libc::POLLOUT
                    };
                    fds.push(libc::pollfd {
                        fd,
                        events,
                        revents: 0,
                    });
                    Some(fds.len() - 1)
                }
                _ => None,
            };
            let n = wait(&mut fds, timeout);
            if n < 0 && io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
                return;
            }
            let now = Instant::now();
            if fds[0].revents != 0 {
                let mut sink = [0u8; 64];
                // SAFETY: draining the non-blocking pipe into a valid buffer.
                while unsafe { libc::read(wake.as_raw_fd(), sink.as_mut_ptr().cast(), 64) } > 0 {}
            }
            while let Ok(msg) = rx.try_recv() {
                match msg {
                    Ctl::Shutdown => return,
                    Ctl::Unplug => {
                        lock(module).power_off(now);
                        self.unplug();
                    }
                    Ctl::Replug if self.master.is_none() && self.plug(true).is_ok() => {
                        lock(module).power_on(now);
                    }
                    _ => {}
                }
            }
            #[cfg(target_os = "linux")]
            if let Some(fd) = &self.opens
                && fds
                    .get(1)
                    .is_some_and(|p| p.fd == fd.as_raw_fd() && p.revents != 0)
            {
                let mut events = [0u8; 1024];
                // SAFETY: draining the non-blocking inotify fd into a valid buffer.
                while unsafe { libc::read(fd.as_raw_fd(), events.as_mut_ptr().cast(), 1024) } > 0 {}
            }
            if !self.attached {
                self.check_attach();
            }
            let mut m = lock(module);
            if let Some(fd) = self.master_fd()
                && self.attached
                && let Some(line) = host_line(fd)
            {
                m.set_host_line(line);
            }
            if let Some(slot) = master_slot {
                let revents = fds[slot].revents;
                if revents & libc::POLLIN != 0 {
                    match self.read_host() {
                        Some(bytes) => m.feed(&bytes, now),
                        None => self.detach(),
                    }
                } else if revents & (libc::POLLHUP | libc::POLLERR) != 0 {
                    self.detach();
                }
            }
            while let Ok(ev) = net_rx.try_recv() {
                m.net_event(ev, now);
            }
            let out = m.take_output(now);
            let requests = m.take_net_requests();
            drop(m);
            if let Some(net) = &mut net {
                for r in requests {
                    net.request(r);
                }
            }
            self.deliver(out);
            self.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The master sees the rate the host set on the slave, also a `BOTHER` one.
    #[test]
    fn host_rate_is_read_through_the_master() {
        for baud in [9600, 115_200, 921_600] {
            let (master, slave) = TTYPort::pair().unwrap();
            let name = slave.name().unwrap();
            drop(slave);
            let host = serialport::new(name, baud).open().unwrap();
            assert_eq!(host_line(master.as_raw_fd()).unwrap().baud, baud);
            drop(host);
        }
    }
}
