//! Manual 6.3: SYSSLEEP and CSCLK, each refused while the other is on.

use super::Form;
use crate::sim::module::{Answer, SimModule, line, ok};
use crate::sim::params::{COMMAND, Code, STATE};

impl SimModule {
    /// `AT+SYSSLEEP?` / `AT+SYSSLEEP=<0|1>` (1 needs `AT+CSCLK=0` first).
    pub(super) fn cmd_syssleep(&mut self, form: Form) -> Result<Answer, Code> {
        let other = self.state.csclk;
        switch(form, "SYSSLEEP", &mut self.state.sys_sleep, other)
    }

    /// `AT+CSCLK?` / `AT+CSCLK=<0|1>` (1 needs `AT+SYSSLEEP=0` first).
    pub(super) fn cmd_csclk(&mut self, form: Form) -> Result<Answer, Code> {
        let other = self.state.sys_sleep;
        switch(form, "CSCLK", &mut self.state.csclk, other)
    }
}

/// One of the two sleep switches: `+<name>:<0|1>` to a query; turning it on is refused while
/// the `other` one is on.
fn switch(form: Form, name: &str, on: &mut bool, other: bool) -> Result<Answer, Code> {
    match form {
        Form::Query => Ok(vec![line(format!("+{name}:{}", u8::from(*on))), line("OK")]),
        Form::Set(p) => {
            p.count(1, 1)?;
            let want = p.flag(0)? == 1;
            if want && other {
                return Err(STATE);
            }
            *on = want;
            Ok(ok())
        }
        Form::Exec => Err(COMMAND),
    }
}
