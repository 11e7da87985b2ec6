//! Where the request goes: URL, port, HTTP or HTTPS, certificate check (`AT+HTTPPARA`), and the
//! HTTPS certificate (`AT+HTTPCERTIFI`).

use crate::at::http::{HttpCert, HttpTarget};
use crate::at::{Checked, Command, Field, Validate, ValidationError};
use crate::profile::text::list;
use crate::ui::ctx::PanelCtx;
use crate::ui::panels::mqtt::cert_picker::{self, CertPicker};
use crate::ui::widgets::form::{self, FormSync};
use crate::ui::widgets::{self, current_value, error_text, text_field};
use egui::Ui;

pub const CERT_OWNER: &str = "http.cert";

const HTTP_PORT: u16 = 80;
const HTTPS_PORT: u16 = 443;

/// URL, port, HTTPS and verification.
pub struct TargetForm {
    pub url: String,
    pub port: String,
    pub https: bool,
    pub verify: bool,
    pub(crate) sync: FormSync,
}

impl Default for TargetForm {
    fn default() -> Self {
        let d = HttpTarget::default();
        Self {
            url: d.url,
            port: d.port.to_string(),
            https: d.https,
            verify: d.verify,
            sync: FormSync::default(),
        }
    }
}

impl TargetForm {
    /// The target as typed, if the port is a number.
    pub fn value(&self) -> Option<HttpTarget> {
        Some(HttpTarget {
            url: self.url.trim().to_string(),
            port: self.port()?,
            https: self.https,
            verify: self.verify,
        })
    }

    /// The `AT+HTTPPARA` command, if the form is valid.
    pub fn command(&self) -> Option<Command> {
        Checked::new(self.value()?).ok().map(Command::HttpTargetSet)
    }

    /// Load a profile's target (marked as edited).
    pub fn load_profile(&mut self, h: &crate::profile::schema::HttpSection) {
        let t = h.target();
        self.url = t.url;
        self.port = t.port.to_string();
        self.https = t.https;
        self.verify = t.verify;
        self.sync.edited = true;
    }

    /// The port as typed, if it is one.
    fn port(&self) -> Option<u16> {
        crate::at::value::parse_number(Field::UrlPort, &self.port, 0, 65535)
            .ok()
            .and_then(|n| u16::try_from(n).ok())
    }

    /// Draw the form. `owner`: the send job, whose success means the module has these values;
    /// `not_set`: the module said it has no URL yet.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>, owner: &str, not_set: bool) {
        let lang = ctx.lang;
        let module = ctx.module.http_target.clone();
        if self
            .sync
            .should_load(ctx.module.generation, ctx.jobs.latest(owner))
            && let Some(t) = &module
        {
            self.url = t.url.clone();
            self.port = t.port.to_string();
            self.https = t.https;
            self.verify = t.verify;
        }
        let errors: Vec<ValidationError> = self.value().map(|t| t.problems()).unwrap_or_default();
        let r = text_field(
            ui,
            lang,
            Field::Url.label(lang),
            &mut self.url,
            &errors,
            Field::Url,
        );
        self.sync.touched(&r);
        let url_now = if not_set {
            Some(lang.tr("http-target-not-set"))
        } else {
            module.as_ref().map(|t| t.url.as_str())
        };
        current_value(ui, lang, url_now);
        self.sync.number_field(
            ui,
            lang,
            ctx.tr("http-target-url-port"),
            &mut self.port,
            Field::UrlPort,
            0..=65535,
        );
        let port_now = module.as_ref().map(|t| t.port.to_string());
        let not_set_text = not_set.then(|| lang.tr("http-target-not-set"));
        current_value(ui, lang, port_now.as_deref().or(not_set_text));
        let was_https = self.https;
        let r = ui.checkbox(&mut self.https, ctx.tr("http-target-https-encrypted"));
        self.sync.touched(&r);
        if was_https != self.https {
            // Follow the usual port when it was the other scheme's usual port.
            match (self.https, self.port()) {
                (true, Some(HTTP_PORT)) => self.port = HTTPS_PORT.to_string(),
                (false, Some(HTTPS_PORT)) => self.port = HTTP_PORT.to_string(),
                _ => {}
            }
        }
        let r = ui.checkbox(
            &mut self.verify,
            ctx.tr("http-target-verify-the-server-s-certificate-one"),
        );
        self.sync.touched(&r);
        for e in errors.iter().filter(|e| e.field == crate::at::Field::Url) {
            // The URL error shows under the URL; a rule about HTTPS also belongs here.
            if matches!(e.problem, crate::at::Problem::Rule(..)) {
                error_text(ui, &crate::ui::widgets::field_error(e, lang));
            }
        }
        let scheme_now = module.as_ref().map(|t| {
            let check = if t.verify {
                lang.tr("http-target-one-way-authentication")
            } else {
                lang.tr("http-target-no-certificate-check")
            };
            list(lang, &[if t.https { "HTTPS" } else { "HTTP" }, check])
        });
        current_value(ui, lang, scheme_now.as_deref().or(not_set_text));
        if let Some(t) = self.value() {
            for w in t.warnings(lang) {
                form::warning(ui, &w);
            }
            ui.horizontal(|ui| {
                if t.https
                    && t.port != HTTPS_PORT
                    && ui.button(lang.tr("http-target-use-port-443")).clicked()
                {
                    self.port = HTTPS_PORT.to_string();
                    self.sync.edited = true;
                }
                let lower = t.url.to_ascii_lowercase();
                if !t.https
                    && lower.starts_with("https://")
                    && ui.button(lang.tr("http-target-turn-on-https")).clicked()
                {
                    self.https = true;
                    if self.port() == Some(HTTP_PORT) {
                        self.port = HTTPS_PORT.to_string();
                    }
                    self.sync.edited = true;
                }
                if t.https
                    && lower.starts_with("http://")
                    && ui.button(lang.tr("http-target-turn-off-https")).clicked()
                {
                    self.https = false;
                    self.verify = false;
                    if self.port() == Some(HTTPS_PORT) {
                        self.port = HTTP_PORT.to_string();
                    }
                    self.sync.edited = true;
                }
            });
        }
        self.sync.undo_note(
            ui,
            lang,
            lang.tr("http-target-undo-changes-to-the-request-url-and"),
        );
    }
}

/// The HTTPS certificate upload.
#[derive(Default)]
pub struct HttpCertForm {
    pub picker: CertPicker,
}

impl HttpCertForm {
    fn value(&self, verify: bool) -> HttpCert {
        HttpCert {
            verify,
            data: self.picker.upload_bytes().unwrap_or_default().to_vec(),
        }
    }

    /// The `AT+HTTPCERTIFI` command, if a usable file is picked (or none is needed).
    pub fn command(&self, verify: bool) -> Option<Command> {
        if self.picker.has_problem() {
            return None;
        }
        Checked::new(self.value(verify))
            .ok()
            .map(Command::HttpCertSet)
    }

    /// `verify`: the target form's choice, which the certificate command also carries.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>, verify: bool) {
        let lang = ctx.lang;
        let module = ctx.module.http_cert.clone();
        widgets::help(
            ui,
            ctx.tr("http-target-for-https-with-certificate-checking"),
        );
        self.picker.ui(
            ui,
            ctx,
            lang.tr("http-target-clear-the-https-certificate-file"),
            module.as_ref(),
        );
        if !self.picker.has_problem() {
            for e in self.value(verify).problems() {
                error_text(
                    ui,
                    &match e.problem {
                        crate::at::Problem::Empty => lang
                            .tr("http-target-certificate-checking-is-on-choose-the")
                            .to_string(),
                        _ => crate::ui::widgets::field_error(&e, lang),
                    },
                );
            }
        }
        let on_module = module.as_ref().map(|c| {
            let check = if c.verify {
                lang.tr("http-target-one-way-authentication-2")
            } else {
                lang.tr("http-target-no-certificate-check")
            };
            let cert = cert_picker::module_cert_words(lang, c);
            list(lang, &[check, cert.as_str()])
        });
        current_value(ui, lang, on_module.as_deref());
        let command = self.command(verify);
        let blocked = if self.picker.file.is_none() && !self.picker.has_problem() {
            Some(
                ctx.tr("http-target-choose-a-certificate-file-first")
                    .to_string(),
            )
        } else {
            form::blocked(ctx, CERT_OWNER, command.is_some())
        };
        let lines =
            widgets::preview::command_lines(lang, command.iter().chain([&Command::HttpCertQuery]));
        widgets::preview(ui, lang, CERT_OWNER, &lines, ctx.jobs.latest(CERT_OWNER));
        if let Some(job) = ctx.jobs.latest(CERT_OWNER)
            && form::progress(ui, lang, job, ctx.tr("http-target-cancel-upload"))
        {
            ctx.jobs.cancel(CERT_OWNER);
        }
        if widgets::apply_button(ui, lang, ctx.tr("http-target-upload-certificate"), blocked)
            && let Some(c) = command
        {
            ctx.jobs.run(CERT_OWNER, vec![c, Command::HttpCertQuery]);
        }
    }
}
