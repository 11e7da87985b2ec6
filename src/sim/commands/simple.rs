//! Manual 6.5: simple pairing (SIMPLEMODE, SIMPLECLIENT) and what a boot does in each mode.

use std::time::Instant;

use super::Form;
use super::socket::{Target, target};
use crate::sim::config::Dialect;
use crate::sim::module::{Answer, Event, RestartKind, SimModule, line, ok};
use crate::sim::params::{COMMAND, Code, INVALID, STATE};
use crate::sim::state::SimpleClient;

impl SimModule {
    /// `AT+SIMPLEMODE?` / `AT+SIMPLEMODE=<mode>,<sub>` (restarts).
    pub(super) fn cmd_simplemode(&mut self, form: Form) -> Result<Answer, Code> {
        match form {
            Form::Query => Ok(vec![
                line(format!(
                    "+SIMPLEMODE:{},{}",
                    self.state.simple_mode, self.state.simple_sub
                )),
                line("OK"),
            ]),
            Form::Set(p) => {
                p.count(2, 2)?;
                let mode = p.num(0, 0..=2)? as u8;
                let sub = p.num(1, 0..=2)? as u8;
                let valid = match mode {
                    0 | 1 => sub == 0,
                    _ => sub >= 1,
                };
                if !valid {
                    return Err(INVALID);
                }
                if self.state.sockets.len() > 1 {
                    return Err(STATE);
                }
                self.state.simple_mode = mode;
                self.state.simple_sub = sub;
                self.request_restart(RestartKind::Plain);
                Ok(ok())
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// `AT+SIMPLECLIENT?` / `AT+SIMPLECLIENT=<type>,<ip>,<port>,<localport>,<mode>` (TCP
    /// pairing mode only; saved, then connected).
    pub(super) fn cmd_simpleclient(&mut self, form: Form, now: Instant) -> Result<Answer, Code> {
        match form {
            Form::Query => {
                let l = match &self.state.simple_client {
                    Some(c) => {
                        let d = self.dialect();
                        format!(
                            "+SIMPLECLIENT:{},{},{},{},{}",
                            d.field(c.kind.name()),
                            d.field(&c.host),
                            c.port,
                            c.local_port,
                            u8::from(c.transparent)
                        )
                    }
                    None => "+SIMPLECLIENT:NOT SET".to_string(),
                };
                Ok(vec![line(l), line("OK")])
            }
            Form::Set(p) => {
                if self.state.simple_mode != 1 {
                    return Err(STATE);
                }
                let t = target(&p)?;
                self.state.simple_client = Some(SimpleClient {
                    kind: t.kind,
                    host: t.host.clone(),
                    port: t.port,
                    local_port: t.local_port,
                    transparent: t.transparent,
                });
                for link in self
                    .state
                    .sockets
                    .iter()
                    .map(|s| s.link)
                    .collect::<Vec<_>>()
                {
                    self.end_data_for(link);
                }
                self.state.sockets.clear();
                self.open_socket(t, now, self.dialect() == Dialect::Example)?;
                Ok(ok())
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// The network is up after a boot: pairing modes reconnect.
    pub(crate) fn after_boot(&mut self, t: Instant) {
        match self.state.simple_mode {
            1 => match self.state.simple_client.clone() {
                Some(c) => {
                    let target = Target {
                        kind: c.kind,
                        host: c.host,
                        port: c.port,
                        local_port: c.local_port,
                        transparent: c.transparent,
                    };
                    // Only a full table of links fails, and there are none after a boot.
                    let _ = self.open_socket(target, t, true);
                }
                None => self.schedule(t, Event::SimpleError),
            },
            2 if self.state.mqtt.broker.is_some() => self.mqtt_connect(t),
            _ => {}
        }
    }

    /// TCP pairing mode with no client: `ERROR=104` until one is configured.
    pub(crate) fn simple_error(&mut self, t: Instant) {
        if self.state.simple_mode != 1 || self.state.simple_client.is_some() {
            return;
        }
        self.emit(t, vec![line(format!("ERROR={COMMAND}"))]);
        let at = t + self.timing().simple_error_interval;
        self.schedule(at, Event::SimpleError);
    }
}
