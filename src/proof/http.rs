//! HTTP from the PC: the PC makes the same request as the module and compares the status and
//! body with the module's answer.

use std::time::Duration;

use serde::Serialize;

use super::ModuleLink;
use crate::at::http::HttpMethod;
use crate::at::{Answer, Command};
use crate::profile::text::Text;
use crate::sim::online::HttpParams;

/// What the module and the PC got for the same request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HttpComparison {
    /// The module's status (`None`: it got no answer; see `module_error`).
    pub module_status: Option<u16>,
    pub module_error: Option<String>,
    /// The PC's status (`None`: it got no answer; see `pc_error`).
    pub pc_status: Option<u16>,
    pub pc_error: Option<String>,
    pub same_status: bool,
    pub same_body: bool,
}

impl HttpComparison {
    /// Compare the module's answer (its status and body, or why it got none) with this
    /// computer's (status and body, or why it got none).
    pub fn of(
        module: Result<(Option<u16>, &[u8]), String>,
        pc: Result<(u16, &[u8]), String>,
    ) -> Self {
        let (module_status, module_body, module_error) = match module {
            Ok((status, body)) => (status, Some(body), None),
            Err(e) => (None, None, Some(e)),
        };
        let (pc_status, pc_body, pc_error) = match pc {
            Ok((status, body)) => (Some(status), Some(body), None),
            Err(e) => (None, None, Some(e)),
        };
        HttpComparison {
            same_status: module_status.is_some() && module_status == pc_status,
            same_body: module_body.is_some() && module_body == pc_body,
            module_status,
            module_error,
            pc_status,
            pc_error,
        }
    }

    /// Both answered with the same status and body.
    pub fn ok(&self) -> bool {
        self.same_status && self.same_body && self.module_status.is_some()
    }

    /// The comparison in plain words.
    pub fn text(&self) -> Text {
        match (&self.module_status, &self.pc_status) {
            (Some(m), Some(_)) if self.ok() => {
                crate::text!("proof-http-the-module-and-this-computer-got-the", m = &m)
            }
            (Some(m), Some(p)) if !self.same_status => crate::text!(
                "proof-http-the-module-got-this-computer-the",
                m = &m,
                p = &p
            ),
            (Some(_), Some(_)) => Text::key("proof-http-same-status-different-bodies-the"),
            (None, Some(p)) => {
                crate::text!("proof-http-this-computer-got-but-the-module-got", p = &p)
            }
            (_, None) => crate::text!(
                "proof-http-this-computer-cannot-reach-the-server",
                pc_error = &self.pc_error.clone().unwrap_or_default()
            ),
        }
    }
}

/// Runs `AT+HTTPACTION` (the module's `HTTPPARA`, headers and body as already set) and the same
/// request from this computer, and compares them. `pc` describes the request as the module
/// makes it. Each side ends within `timeout`.
pub fn compare_http(
    module: &mut dyn ModuleLink,
    method: HttpMethod,
    pc: &HttpParams,
    timeout: Duration,
) -> HttpComparison {
    let module_answer = match module.command(Command::HttpAction(method), timeout) {
        Ok(Answer::HttpResponse(r)) => Ok(r),
        Ok(other) => Err(format!("unexpected answer {other:?}")),
        Err(e) => Err(e),
    };
    let pc_answer = crate::sim::online::http::request(pc, timeout).map_err(|e| e.to_string());
    HttpComparison::of(
        module_answer
            .as_ref()
            .map(|r| (r.status, r.body.as_slice()))
            .map_err(Clone::clone),
        pc_answer
            .as_ref()
            .map(|r| (r.status, r.body.as_slice()))
            .map_err(Clone::clone),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_status_and_body_is_ok_and_anything_else_is_not() {
        let same = HttpComparison::of(Ok((Some(200), b"x")), Ok((200, b"x")));
        assert!(same.ok());
        let status = HttpComparison::of(Ok((Some(200), b"x")), Ok((503, b"x")));
        assert!(!status.ok() && !status.same_status && status.same_body);
        assert!(
            status
                .text()
                .get(crate::i18n::Lang::En)
                .contains("got 200, this computer 503")
        );
        let body = HttpComparison::of(Ok((Some(200), b"x")), Ok((200, b"y")));
        assert!(!body.ok() && body.same_status);
        let none = HttpComparison::of(Err("timeout".into()), Ok((200, b"x")));
        assert!(!none.ok() && none.module_error.is_some());
        let pc = HttpComparison::of(Ok((Some(200), b"x")), Err("refused".into()));
        assert!(!pc.ok());
        assert!(pc.text().get(crate::i18n::Lang::Zh).contains("refused"));
    }
}
