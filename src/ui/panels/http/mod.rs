//! The HTTP panel (manual §6.7): where to send (URL, port, HTTP/HTTPS), the HTTPS certificate,
//! the request (method, headers, body), sending it, and the response.
//!
//! Sending is one job in the manual's order: `AT+HTTPPARA`, one `AT+HTTPRQH` per header,
//! `AT+HTTPDATA` when the method carries a body, then `AT+HTTPACTION`; then the URL and headers
//! are read back so the forms show what the module holds.

pub mod compare;
pub mod request;
pub mod response;
pub mod target;

use super::Panel;
use crate::at::http::HttpResponse;
use crate::at::{Answer, Command};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form;
use crate::ui::widgets::{self, section};
use crate::worker::Step;

/// Owner of the panel's read job.
pub const READ_OWNER: &str = "http.read";
/// Owner of the send job.
pub const SEND_OWNER: &str = "http.send";

/// The HTTP panel's state.
#[derive(Default)]
pub struct HttpPanel {
    pub target: target::TargetForm,
    pub cert: target::HttpCertForm,
    pub request: request::RequestForm,
    raw_json: bool,
    /// The same request from this computer, compared with the module's answer.
    pub compare: compare::Compare,
}

impl HttpPanel {
    /// The panel's queries.
    pub fn read_commands() -> Vec<Command> {
        vec![
            Command::HttpTargetQuery,
            Command::HttpHeaderQuery,
            Command::HttpCertQuery,
        ]
    }

    /// The send job's commands, if every part is valid.
    pub fn send_commands(&self) -> Option<Vec<Command>> {
        let mut v = vec![self.target.command()?];
        v.extend(self.request.header_commands()?);
        v.extend(self.request.body_command()?);
        v.push(Command::HttpAction(self.request.method));
        // Read back what the module now holds, so the forms show it as current.
        v.extend([Command::HttpTargetQuery, Command::HttpHeaderQuery]);
        Some(v)
    }

    /// The latest response the module gave, whether this panel's Send or a line typed in the
    /// terminal asked for it (the module view keeps both); the send job's own answer until the
    /// view has it.
    pub fn response<'a>(ctx: &'a PanelCtx<'_>) -> Option<&'a HttpResponse> {
        ctx.module.last_http.as_ref().or_else(|| {
            ctx.jobs.latest(SEND_OWNER).and_then(|j| {
                j.outcomes.iter().flatten().find_map(|o| match &o.result {
                    Ok(Answer::HttpResponse(r)) => Some(r),
                    _ => None,
                })
            })
        })
    }

    /// The module's request as this computer makes it: the form's target, the certificate
    /// file when checking is on, the method, headers and body. `None` while the target is invalid.
    pub fn pc_request(&self) -> Option<crate::sim::online::HttpParams> {
        let t = self.target.value().filter(|t| !t.url.is_empty())?;
        let ca = self.cert.picker.file.as_ref().map(|f| (f.bytes(), true));
        let with_body = matches!(
            self.request.method,
            crate::at::http::HttpMethod::Post | crate::at::http::HttpMethod::Put
        );
        Some(crate::sim::online::HttpParams {
            method: self.request.method.as_str().to_string(),
            url: t.url,
            port: t.port,
            tls: crate::sim::online::http::tls_for(t.https, t.verify, ca),
            headers: self
                .request
                .headers
                .iter()
                .filter(|h| !h.name.trim().is_empty())
                .map(|h| (h.name.trim().to_string(), h.value.clone()))
                .collect(),
            body: if with_body {
                self.request.body.clone().into_bytes()
            } else {
                Vec::new()
            },
        })
    }

    fn compare_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>, module: &HttpResponse) {
        let params = self.pc_request();
        let can = params.is_some() && !self.compare.running();
        if ui
            .add_enabled(
                can,
                egui::Button::new(ctx.tr("http-compare-with-this-computer")),
            )
            .on_hover_text(ctx.tr("http-this-computer-makes-the-same-request"))
            .clicked()
            && let Some(p) = params
        {
            self.compare.start(ui.ctx(), p, module.clone());
        }
        self.compare.show(ui, ctx.lang);
    }

    fn send_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let commands = self.send_commands();
        let lines = widgets::preview::command_lines(lang, commands.iter().flatten());
        let blocked = form::blocked(ctx, SEND_OWNER, commands.is_some());
        widgets::preview(ui, lang, SEND_OWNER, &lines, ctx.jobs.latest(SEND_OWNER));
        if let Some(job) = ctx.jobs.latest(SEND_OWNER)
            && form::progress(ui, lang, job, ctx.tr("http-cancel-request"))
        {
            ctx.jobs.cancel(SEND_OWNER);
        }
        let label = crate::tr!(ctx.lang, "http-send", method = self.request.method.as_str());
        if widgets::apply_button(ui, lang, &label, blocked)
            && let Some(c) = commands
        {
            ctx.jobs.run(SEND_OWNER, c);
            self.target.sync.applied();
        }
    }
}

/// Whether the last read found no URL set (`+HTTPPARA:NOT SET`, which has no fields to decode).
fn target_not_set(ctx: &PanelCtx<'_>) -> bool {
    ctx.module.http_target.is_none()
        && ctx.jobs.latest(READ_OWNER).is_some_and(|j| {
            j.outcomes.iter().flatten().any(|o| {
                o.line == "AT+HTTPPARA?"
                    && o.reply.frames.iter().any(|f| {
                        matches!(f, crate::at::FrameKind::Info { name, body }
                            if name.eq_ignore_ascii_case("HTTPPARA") && body.trim().eq_ignore_ascii_case("NOT SET"))
                    })
            })
        })
}

impl Panel for HttpPanel {
    fn fill_profile(&self, p: &mut crate::profile::Profile) {
        use crate::profile::schema::{HeaderSection, HttpSection};
        let Some(t) = self.target.value().filter(|t| !t.url.is_empty()) else {
            return;
        };
        p.http = Some(HttpSection {
            url: t.url,
            port: t.port,
            https: t.https,
            // A profile's certificate turns checking on: carried only when checking is on.
            ca_cert: self
                .cert
                .picker
                .path
                .as_deref()
                .filter(|_| t.https && t.verify)
                .map(|p| crate::profile::paths::absolute(p).display().to_string()),
            headers: self
                .request
                .headers
                .iter()
                .filter(|h| !h.name.trim().is_empty())
                .map(|h| HeaderSection {
                    name: h.name.trim().to_string(),
                    value: h.value.clone(),
                })
                .collect(),
        });
    }

    fn load_profile(&mut self, p: &crate::profile::Profile) {
        let Some(h) = &p.http else { return };
        self.target.load_profile(h);
        if let Some(path) = &h.ca_cert {
            self.cert.picker.set_file(std::path::Path::new(path));
        }
        self.request.headers = h
            .headers
            .iter()
            .map(|x| request::HeaderRow {
                name: x.name.clone(),
                value: x.value.clone(),
            })
            .collect();
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        self.compare.poll();
        if crate::ui::widgets::form::read_row(ui, ctx, READ_OWNER) {
            self.refresh(ctx);
        }
        let not_set = target_not_set(ctx);
        section(ui, ctx.tr("http-server"), |ui| {
            self.target.ui(ui, ctx, SEND_OWNER, not_set);
        });
        ui.add_space(6.0);
        let verify = self.target.verify;
        section(ui, ctx.tr("http-https-certificate"), |ui| {
            self.cert.ui(ui, ctx, verify);
        });
        ui.add_space(6.0);
        section(ui, ctx.tr("http-request"), |ui| {
            self.request.ui(ui, ctx);
            ui.separator();
            self.send_ui(ui, ctx);
        });
        ui.add_space(6.0);
        section(ui, ctx.tr("http-response"), |ui| {
            let lang = ctx.lang;
            match Self::response(ctx).cloned() {
                Some(r) => {
                    response::show(ui, lang, &r, &mut self.raw_json);
                    ui.separator();
                    self.compare_ui(ui, ctx, &r);
                }
                None => widgets::help(ui, ctx.tr("http-no-request-sent-yet")),
            }
        });
    }

    fn refresh(&mut self, ctx: &mut PanelCtx<'_>) {
        ctx.jobs.run_steps(
            READ_OWNER,
            Self::read_commands().into_iter().map(Step::from).collect(),
            false,
        );
    }
}
