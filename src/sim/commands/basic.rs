//! Manual 6.1: AT, ATE, GMR, GSN, RST, RESTORE, QCCID, IPR, SINGLESIM, OTA, GPIO.

use super::Form;
use crate::sim::config::{LineSettings, Parity, StopBits};
use crate::sim::module::{Answer, RestartKind, SimModule, line, ok};
use crate::sim::params::{COMMAND, Code, INVALID, STATE};

/// The rates `AT+IPR` accepts.
pub const BAUD_RATES: [u32; 9] = [
    4800, 9600, 19_200, 38_400, 57_600, 115_200, 230_400, 460_800, 921_600,
];

impl SimModule {
    /// `ATE0` / `ATE1`.
    pub(super) fn cmd_echo(&mut self, mode: &str) -> Result<Answer, Code> {
        match mode {
            "0" => self.state.echo = false,
            "1" => self.state.echo = true,
            "" => return Err(COMMAND),
            _ => return Err(INVALID),
        }
        Ok(ok())
    }

    /// `AT+GMR`: `+VERSION=CT11_V1.0.1`.
    pub(super) fn cmd_gmr(&mut self, form: Form) -> Result<Answer, Code> {
        exec_only(&form)?;
        Ok(vec![
            line(format!("+VERSION={}", self.state.firmware)),
            line("OK"),
        ])
    }

    /// `AT+GSN`: the bare IMEI.
    pub(super) fn cmd_gsn(&mut self, form: Form) -> Result<Answer, Code> {
        exec_only(&form)?;
        Ok(vec![line(self.state.imei.clone()), line("OK")])
    }

    /// `AT+RST`.
    pub(super) fn cmd_rst(&mut self, form: Form) -> Result<Answer, Code> {
        exec_only(&form)?;
        self.request_restart(RestartKind::Plain);
        Ok(ok())
    }

    /// `AT+RESTORE`.
    pub(super) fn cmd_restore(&mut self, form: Form) -> Result<Answer, Code> {
        exec_only(&form)?;
        self.request_restart(RestartKind::Restore);
        Ok(ok())
    }

    /// `AT+QCCID`.
    pub(super) fn cmd_qccid(&mut self, form: Form) -> Result<Answer, Code> {
        exec_only(&form)?;
        let l = self.dialect().iccid_line(self.state.iccid.as_deref());
        Ok(vec![line(l), line("OK")])
    }

    /// `AT+IPR?` / `AT+IPR=<baud>,<databits>,<stopbits>,<parity>` (applied by a restart).
    pub(super) fn cmd_ipr(&mut self, form: Form) -> Result<Answer, Code> {
        match form {
            Form::Query => {
                let l = self.state.saved_line;
                let stop = match l.stop_bits {
                    StopBits::One => 0,
                    StopBits::OnePointFive => 1,
                    StopBits::Two => 2,
                };
                let parity = match l.parity {
                    Parity::None => 0,
                    Parity::Odd => 1,
                    Parity::Even => 2,
                };
                Ok(vec![
                    line(format!("+IPR:{},{},{stop},{parity}", l.baud, l.data_bits)),
                    line("OK"),
                ])
            }
            Form::Set(p) => {
                p.count(4, 4)?;
                let baud = p.num(0, 0..=u32::MAX)?;
                if !BAUD_RATES.contains(&baud) {
                    return Err(INVALID);
                }
                let data_bits = p.num(1, 7..=8)? as u8;
                let stop_bits = match p.num(2, 0..=2)? {
                    0 => StopBits::One,
                    1 => StopBits::OnePointFive,
                    _ => StopBits::Two,
                };
                let parity = match p.num(3, 0..=2)? {
                    0 => Parity::None,
                    1 => Parity::Odd,
                    _ => Parity::Even,
                };
                self.state.saved_line = LineSettings {
                    baud,
                    data_bits,
                    parity,
                    stop_bits,
                };
                self.request_restart(RestartKind::Plain);
                Ok(ok())
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// `AT+SINGLESIM?` / `AT+SINGLESIM=<slot>` (only once the network is up; restarts).
    pub(super) fn cmd_singlesim(&mut self, form: Form) -> Result<Answer, Code> {
        match form {
            Form::Query => Ok(vec![
                line(format!("+SINGLESIM: {}", self.state.single_sim)),
                line("OK"),
            ]),
            Form::Set(p) => {
                p.count(1, 1)?;
                let slot = p.flag(0)?;
                if !self.state.network_up {
                    return Err(STATE);
                }
                self.state.single_sim = slot;
                self.request_restart(RestartKind::Plain);
                Ok(ok())
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// `AT+OTA=<mode>,<url>`: no answer, a restart (the sim updates nothing).
    pub(super) fn cmd_ota(&mut self, form: Form) -> Result<Answer, Code> {
        let Form::Set(p) = form else {
            return Err(COMMAND);
        };
        p.count(2, 2)?;
        let mode = p.num(0, 0..=255)? as u8;
        let url = p.text(1, 512)?;
        self.state.ota = Some((mode, url));
        self.request_restart(RestartKind::Plain);
        Ok(Vec::new())
    }

    /// `AT+GPIO=<pin>` reads, `AT+GPIO=<pin>,<dir>[,<pull>]` sets (an input answers its level).
    pub(super) fn cmd_gpio(&mut self, form: Form) -> Result<Answer, Code> {
        let Form::Set(p) = form else {
            return Err(COMMAND);
        };
        p.count(1, 3)?;
        let pin = p.num(0, 0..=2)? as usize;
        if p.len() == 1 {
            let v = self.gpio_value(pin);
            return Ok(vec![line(format!("+GPIO:{pin},{v}")), line("OK")]);
        }
        let dir = p.num(1, 0..=3)? as u8;
        let pull = if p.has(2) { p.num(2, 0..=2)? as u8 } else { 0 };
        let g = &mut self.state.gpio[pin];
        g.dir = dir;
        g.pull = if dir == 2 { pull } else { 0 };
        if dir == 2 {
            let v = self.gpio_value(pin);
            Ok(vec![line(format!("+GPIO:{pin},{v}")), line("OK")])
        } else {
            Ok(ok())
        }
    }

    /// What a pin reads.
    fn gpio_value(&self, pin: usize) -> u8 {
        let g = self.state.gpio[pin];
        match g.dir {
            0 => 0,
            1 => 1,
            2 => g.external.unwrap_or(match g.pull {
                2 => 1,
                1 => self.dialect().pull_down_reads(),
                _ => 0,
            }),
            _ => g.external.unwrap_or(0),
        }
    }
}

/// Only `AT+NAME` is valid.
pub(super) fn exec_only(form: &Form) -> Result<(), Code> {
    match form {
        Form::Exec => Ok(()),
        _ => Err(COMMAND),
    }
}
