//! [`SimPort`]: the host's end of an in-process simulated module: a [`crate::link::Link`] for
//! the app, and a [`serialport::SerialPort`] for tests that drive it as one.

use std::collections::VecDeque;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use serialport::{ClearBuffer, DataBits, FlowControl, SerialPort, StopBits};

use super::config::{LineSettings, Parity, StopBits as SimStopBits};
use super::handle::{Ctl, Link, lock};
use crate::at::basic::{self, UartConfig};
use crate::link;

/// What the host set on its end (shared by clones, as on a real device).
#[derive(Clone, Copy, Debug)]
struct HostSettings {
    line: LineSettings,
    flow: FlowControl,
    dtr: bool,
    rts: bool,
}

#[derive(Debug)]
struct Shared {
    link: Arc<Link>,
    generation: u64,
    ctl: Sender<Ctl>,
    rx: Receiver<Vec<u8>>,
    pending: Mutex<VecDeque<u8>>,
    settings: Mutex<HostSettings>,
}

/// The host's end of an in-process simulated module. Reads block up to the timeout and then
/// fail with `TimedOut`; once the module is unplugged, reads and writes fail with `BrokenPipe`.
/// Clones (`try_clone`) share the line, as clones of a real port share the device.
#[derive(Debug)]
pub struct SimPort {
    shared: Arc<Shared>,
    timeout: Duration,
}

impl SimPort {
    pub(super) fn new(
        link: Arc<Link>,
        generation: u64,
        ctl: Sender<Ctl>,
        rx: Receiver<Vec<u8>>,
    ) -> SimPort {
        SimPort {
            shared: Arc::new(Shared {
                link,
                generation,
                ctl,
                rx,
                pending: Mutex::new(VecDeque::new()),
                settings: Mutex::new(HostSettings {
                    line: LineSettings::DEFAULT,
                    flow: FlowControl::None,
                    dtr: true,
                    rts: true,
                }),
            }),
            timeout: Duration::ZERO,
        }
    }

    fn check(&self) -> io::Result<()> {
        if self.shared.link.alive(self.shared.generation) {
            Ok(())
        } else {
            Err(unplugged())
        }
    }

    fn check_serial(&self) -> serialport::Result<()> {
        self.check().map_err(|_| {
            serialport::Error::new(serialport::ErrorKind::NoDevice, "device unplugged")
        })
    }

    /// Moves everything already delivered into the pending buffer.
    fn drain(&self, pending: &mut VecDeque<u8>) {
        while let Ok(chunk) = self.shared.rx.try_recv() {
            pending.extend(chunk);
        }
    }

    /// A second handle on the same line (as a clone of a real port).
    fn another(&self) -> SimPort {
        SimPort {
            shared: Arc::clone(&self.shared),
            timeout: self.timeout,
        }
    }

    fn send(&self, msg: Ctl) -> io::Result<()> {
        self.shared.ctl.send(msg).map_err(|_| unplugged())
    }

    fn change_line(&mut self, f: impl FnOnce(&mut LineSettings)) -> serialport::Result<()> {
        self.check_serial()?;
        let line = {
            let mut s = lock(&self.shared.settings);
            f(&mut s.line);
            s.line
        };
        self.send(Ctl::Line {
            generation: self.shared.generation,
            line,
        })?;
        Ok(())
    }
}

fn unplugged() -> io::Error {
    io::Error::new(
        io::ErrorKind::BrokenPipe,
        "the simulated module was unplugged",
    )
}

impl io::Read for SimPort {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.check()?;
        if buf.is_empty() {
            return Ok(0);
        }
        let mut pending = lock(&self.shared.pending);
        self.drain(&mut pending);
        if pending.is_empty() {
            match self.shared.rx.recv_timeout(self.timeout) {
                Ok(chunk) => pending.extend(chunk),
                Err(RecvTimeoutError::Timeout) => {
                    self.check()?;
                    return Err(io::Error::new(io::ErrorKind::TimedOut, "no data"));
                }
                Err(RecvTimeoutError::Disconnected) => return Err(unplugged()),
            }
            self.drain(&mut pending);
        }
        let n = buf.len().min(pending.len());
        for (dst, src) in buf.iter_mut().zip(pending.drain(..n)) {
            *dst = src;
        }
        Ok(n)
    }
}

impl io::Write for SimPort {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.check()?;
        if !buf.is_empty() {
            self.send(Ctl::Host {
                generation: self.shared.generation,
                bytes: buf.to_vec(),
            })?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.check()
    }
}

impl SerialPort for SimPort {
    fn name(&self) -> Option<String> {
        Some("sim".into())
    }

    fn baud_rate(&self) -> serialport::Result<u32> {
        Ok(lock(&self.shared.settings).line.baud)
    }

    fn data_bits(&self) -> serialport::Result<DataBits> {
        Ok(match lock(&self.shared.settings).line.data_bits {
            5 => DataBits::Five,
            6 => DataBits::Six,
            7 => DataBits::Seven,
            _ => DataBits::Eight,
        })
    }

    fn flow_control(&self) -> serialport::Result<FlowControl> {
        Ok(lock(&self.shared.settings).flow)
    }

    fn parity(&self) -> serialport::Result<serialport::Parity> {
        Ok(match lock(&self.shared.settings).line.parity {
            Parity::None => serialport::Parity::None,
            Parity::Odd => serialport::Parity::Odd,
            Parity::Even => serialport::Parity::Even,
        })
    }

    fn stop_bits(&self) -> serialport::Result<StopBits> {
        Ok(match lock(&self.shared.settings).line.stop_bits {
            SimStopBits::One => StopBits::One,
            _ => StopBits::Two,
        })
    }

    fn timeout(&self) -> Duration {
        self.timeout
    }

    fn set_baud_rate(&mut self, baud_rate: u32) -> serialport::Result<()> {
        self.change_line(|l| l.baud = baud_rate)
    }

    fn set_data_bits(&mut self, data_bits: DataBits) -> serialport::Result<()> {
        self.change_line(|l| l.data_bits = u8::from(data_bits))
    }

    fn set_flow_control(&mut self, flow_control: FlowControl) -> serialport::Result<()> {
        self.check_serial()?;
        lock(&self.shared.settings).flow = flow_control;
        Ok(())
    }

    fn set_parity(&mut self, parity: serialport::Parity) -> serialport::Result<()> {
        self.change_line(|l| {
            l.parity = match parity {
                serialport::Parity::None => Parity::None,
                serialport::Parity::Odd => Parity::Odd,
                serialport::Parity::Even => Parity::Even,
            }
        })
    }

    fn set_stop_bits(&mut self, stop_bits: StopBits) -> serialport::Result<()> {
        self.change_line(|l| {
            l.stop_bits = match stop_bits {
                StopBits::One => SimStopBits::One,
                StopBits::Two => SimStopBits::Two,
            }
        })
    }

    fn set_timeout(&mut self, timeout: Duration) -> serialport::Result<()> {
        self.timeout = timeout;
        Ok(())
    }

    fn write_request_to_send(&mut self, level: bool) -> serialport::Result<()> {
        self.check_serial()?;
        lock(&self.shared.settings).rts = level;
        Ok(())
    }

    fn write_data_terminal_ready(&mut self, level: bool) -> serialport::Result<()> {
        self.check_serial()?;
        lock(&self.shared.settings).dtr = level;
        self.send(Ctl::Dtr {
            generation: self.shared.generation,
            level,
        })?;
        Ok(())
    }

    fn read_clear_to_send(&mut self) -> serialport::Result<bool> {
        self.check_serial()?;
        Ok(lock(&self.shared.settings).rts)
    }

    fn read_data_set_ready(&mut self) -> serialport::Result<bool> {
        self.check_serial()?;
        Ok(true)
    }

    fn read_ring_indicator(&mut self) -> serialport::Result<bool> {
        self.check_serial()?;
        Ok(false)
    }

    fn read_carrier_detect(&mut self) -> serialport::Result<bool> {
        self.check_serial()?;
        Ok(true)
    }

    fn bytes_to_read(&self) -> serialport::Result<u32> {
        self.check_serial()?;
        let mut pending = lock(&self.shared.pending);
        self.drain(&mut pending);
        Ok(u32::try_from(pending.len()).unwrap_or(u32::MAX))
    }

    fn bytes_to_write(&self) -> serialport::Result<u32> {
        self.check_serial()?;
        Ok(0)
    }

    fn clear(&self, buffer_to_clear: ClearBuffer) -> serialport::Result<()> {
        self.check_serial()?;
        if matches!(buffer_to_clear, ClearBuffer::Input | ClearBuffer::All) {
            let mut pending = lock(&self.shared.pending);
            self.drain(&mut pending);
            pending.clear();
        }
        Ok(())
    }

    fn try_clone(&self) -> serialport::Result<Box<dyn SerialPort>> {
        self.check_serial()?;
        Ok(Box::new(self.another()))
    }

    fn set_break(&self) -> serialport::Result<()> {
        self.check_serial()
    }

    fn clear_break(&self) -> serialport::Result<()> {
        self.check_serial()
    }
}

impl link::Link for SimPort {
    fn set_line(&mut self, s: &UartConfig) -> io::Result<()> {
        // As a serial adapter opens it: 7 or 8 data bits, 1.5 stop bits as one.
        Ok(self.change_line(|l| {
            l.baud = s.baud;
            l.data_bits = if s.data_bits == 7 { 7 } else { 8 };
            l.parity = match s.parity {
                basic::Parity::None => Parity::None,
                basic::Parity::Odd => Parity::Odd,
                basic::Parity::Even => Parity::Even,
            };
            l.stop_bits = if s.stop_bits.port_bits() == 2 {
                SimStopBits::Two
            } else {
                SimStopBits::One
            };
        })?)
    }

    fn set_dtr(&mut self, level: bool) -> io::Result<()> {
        Ok(self.write_data_terminal_ready(level)?)
    }

    fn try_clone(&self) -> io::Result<Box<dyn link::Link>> {
        self.check()?;
        Ok(Box::new(self.another()))
    }
}
