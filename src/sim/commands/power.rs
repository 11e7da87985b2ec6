//! Manual 6.3: SYSSLEEP and CSCLK, each refused while the other is on.

use super::Form;
use crate::sim::module::{Answer, SimModule, line, ok};
use crate::sim::params::{COMMAND, Code, STATE};

impl SimModule {
    /// `AT+SYSSLEEP?` / `AT+SYSSLEEP=<0|1>` (1 needs `AT+CSCLK=0` first).
    pub(super) fn cmd_syssleep(&mut self, form: Form) -> Result<Answer, Code> {
        match form {
            Form::Query => Ok(vec![
                line(format!("+SYSSLEEP:{}", u8::from(self.state.sys_sleep))),
                line("OK"),
            ]),
            Form::Set(p) => {
                p.count(1, 1)?;
                let on = p.flag(0)? == 1;
                if on && self.state.csclk {
                    return Err(STATE);
                }
                self.state.sys_sleep = on;
                Ok(ok())
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// `AT+CSCLK?` / `AT+CSCLK=<0|1>` (1 needs `AT+SYSSLEEP=0` first).
    pub(super) fn cmd_csclk(&mut self, form: Form) -> Result<Answer, Code> {
        match form {
            Form::Query => Ok(vec![
                line(format!("+CSCLK:{}", u8::from(self.state.csclk))),
                line("OK"),
            ]),
            Form::Set(p) => {
                p.count(1, 1)?;
                let on = p.flag(0)? == 1;
                if on && self.state.sys_sleep {
                    return Err(STATE);
                }
                self.state.csclk = on;
                Ok(ok())
            }
            Form::Exec => Err(COMMAND),
        }
    }
}
