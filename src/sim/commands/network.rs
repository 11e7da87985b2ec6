//! Manual 6.2: CREG, CSQ, QNTP, QLTS, QPING, CPSI.

use std::time::Instant;

use super::basic::exec_only;
use super::{Form, unreachable};
use crate::sim::clock::beijing_now;
use crate::sim::module::{Answer, Event, SimModule, line};
use crate::sim::params::{COMMAND, Code, INVALID, NO_SERVER};

/// Reply times of the manual's ping transcript, in ms, used in turn.
const PING_MS: [u32; 10] = [30, 45, 35, 35, 45, 40, 40, 40, 85, 35];

impl SimModule {
    /// `AT+CREG?` / `AT+CREG=<n>`.
    pub(super) fn cmd_creg(&mut self, form: Form) -> Result<Answer, Code> {
        match form {
            Form::Query => {
                let l = self
                    .dialect()
                    .creg_line(self.state.creg_n, self.state.creg_stat);
                Ok(vec![line(l), line("OK")])
            }
            Form::Set(p) => {
                p.count(1, 1)?;
                self.state.creg_n = p.num(0, 0..=2)? as u8;
                Ok(vec![line("OK")])
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// `AT+CSQ`: `+CSQ: <rssi>,<ber>`.
    pub(super) fn cmd_csq(&mut self, form: Form, now: Instant) -> Result<Answer, Code> {
        exec_only(&form)?;
        self.walk_signal(now);
        Ok(vec![
            line(format!(
                "+CSQ: {},{}",
                self.state.csq_rssi, self.state.csq_ber
            )),
            line("OK"),
        ])
    }

    /// `AT+QNTP?` / `AT+QNTP=<server>,<port>`: the time line and `OK` come after a delay.
    /// Simulated in both modes: the online module does not ask the NTP server either.
    pub(super) fn cmd_qntp(&mut self, form: Form, now: Instant) -> Result<Answer, Code> {
        match form {
            Form::Query => {
                let l = match &self.state.ntp_server {
                    Some((server, port)) => {
                        format!("+QNTP:{},{port}", self.dialect().field(server))
                    }
                    None => "+QNTP:NOT SET".to_string(),
                };
                Ok(vec![line(l), line("OK")])
            }
            Form::Set(p) => {
                p.count(1, 2)?;
                let server = p.text(0, 256)?;
                if server.is_empty() {
                    return Err(INVALID);
                }
                let port = if p.has(1) { p.port(1)? } else { 123 };
                self.state.ntp_server = Some((server.clone(), port));
                let delay = self.timing().ntp;
                let at = self.later(now, delay);
                if !self.state.network_up || unreachable(&server) {
                    self.schedule(at, Event::Emit(vec![line(format!("ERROR={NO_SERVER}"))]));
                } else {
                    let wall = self.cfg.ntp_time.unwrap_or_else(beijing_now);
                    self.schedule(at, Event::Ntp { wall });
                }
                Ok(Vec::new())
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// The NTP server answered: set the clock, print it.
    pub(crate) fn ntp_done(&mut self, t: Instant, wall: i64) {
        self.set_wall(t, wall);
        let time = self.dialect().time(wall);
        self.emit(t, vec![line(format!("+QNTP:{time}")), line("OK")]);
    }

    /// `AT+QLTS?`.
    pub(super) fn cmd_qlts(&mut self, form: Form, now: Instant) -> Result<Answer, Code> {
        match form {
            Form::Query => {
                let l = self.dialect().qlts_line(self.wall(now));
                Ok(vec![line(l), line("OK")])
            }
            _ => Err(COMMAND),
        }
    }

    /// `AT+QPING=<addr>[,<count>]`: one reply per ping interval, then `OK`.
    /// Simulated in both modes: the online module sends no ICMP (that would need privileges);
    /// its replies are made up as offline.
    pub(super) fn cmd_qping(&mut self, form: Form, now: Instant) -> Result<Answer, Code> {
        let Form::Set(p) = form else {
            return Err(COMMAND);
        };
        p.count(1, 2)?;
        let addr = p.text(0, 256)?;
        if addr.is_empty() {
            return Err(INVALID);
        }
        let count = if p.has(1) { p.num(1, 1..=10)? as u8 } else { 4 };
        let delay = self.timing().ping_interval;
        let at = self.later(now, delay);
        if !self.state.network_up || unreachable(&addr) {
            self.schedule(at, Event::Emit(vec![line(format!("ERROR={NO_SERVER}"))]));
        } else {
            let ip = resolve(&addr);
            self.schedule(
                at,
                Event::Ping {
                    ip,
                    index: 0,
                    count,
                },
            );
        }
        Ok(Vec::new())
    }

    /// One ping reply (and `OK` after the last).
    pub(crate) fn ping_reply(&mut self, t: Instant, ip: String, index: u8, count: u8) {
        let ms = PING_MS[usize::from(index) % PING_MS.len()];
        let mut answer = vec![line(self.dialect().ping_line(&ip, ms, 52))];
        if index + 1 >= count {
            answer.push(line("OK"));
        } else {
            let delay = self.timing().ping_interval;
            let at = self.later(t, delay);
            self.schedule(
                at,
                Event::Ping {
                    ip,
                    index: index + 1,
                    count,
                },
            );
        }
        self.emit(t, answer);
    }

    /// `AT+CPSI`.
    pub(super) fn cmd_cpsi(&mut self, form: Form) -> Result<Answer, Code> {
        exec_only(&form)?;
        Ok(vec![line(self.dialect().cpsi_line()), line("OK")])
    }
}

/// The address a name resolves to: literals stay, `www.baidu.com` gives the manual's IPv6, other
/// names a stable made-up public IPv4.
pub(crate) fn resolve(addr: &str) -> String {
    if addr.parse::<std::net::IpAddr>().is_ok() {
        return addr.to_string();
    }
    if addr.eq_ignore_ascii_case("www.baidu.com") {
        return "2409:8C54:870:310:0:FF:B0ED:40AC".into();
    }
    let mut h: u32 = 0x811C_9DC5;
    for b in addr.to_ascii_lowercase().bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    let [a, b, c, d] = h.to_be_bytes();
    format!("{}.{}.{}.{}", 40 + a % 80, b, c, d.max(1))
}
