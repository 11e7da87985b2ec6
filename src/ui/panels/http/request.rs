//! The request: method, headers (`AT+HTTPRQH`, one per header) and body (`AT+HTTPDATA`, raw bytes
//! at the `>>` prompt, at most 1024).

use crate::at::http::{Header, HttpBody, HttpMethod, MAX_BODY};
use crate::at::{Checked, Command, Field, Problem, Validate, ValidationError};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form;
use crate::ui::widgets::{current_value, error_text};
use egui::{RichText, Ui};

/// One row of the headers table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderRow {
    pub name: String,
    pub value: String,
}

impl HeaderRow {
    fn header(&self) -> Header {
        Header {
            name: self.name.trim().to_string(),
            value: self.value.clone(),
        }
    }

    /// A row left completely empty is ignored rather than refused.
    fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.value.is_empty()
    }
}

/// Method, headers and body.
#[derive(Default)]
pub struct RequestForm {
    pub method: HttpMethod,
    pub headers: Vec<HeaderRow>,
    pub body: String,
}

impl RequestForm {
    /// The header commands, if every non-blank row is valid.
    pub fn header_commands(&self) -> Option<Vec<Command>> {
        self.headers
            .iter()
            .filter(|r| !r.is_blank())
            .map(|r| Checked::new(r.header()).ok().map(Command::HttpHeaderSet))
            .collect()
    }

    /// The body command, when the method carries a body and it is valid; `Some(None)` when the
    /// method sends no body.
    pub fn body_command(&self) -> Option<Option<Command>> {
        if !self.method.has_body() {
            return Some(None);
        }
        Checked::new(HttpBody(self.body.clone().into_bytes()))
            .ok()
            .map(|b| Some(Command::HttpData(b)))
    }

    fn header_errors(&self) -> Vec<(usize, ValidationError)> {
        self.headers
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.is_blank())
            .flat_map(|(i, r)| r.header().problems().into_iter().map(move |e| (i, e)))
            .collect()
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        ui.horizontal(|ui| {
            // Each choice names itself ("GET", "POST"…); the heading groups them.
            ui.add_sized(
                [form::LABEL_WIDTH, 20.0],
                egui::Label::new(lang.tr("http-request-method")),
            );
            for m in HttpMethod::ALL {
                ui.radio_value(&mut self.method, m, m.as_str());
            }
        });
        ui.add_space(4.0);
        self.headers_ui(ui, ctx);
        ui.add_space(4.0);
        self.body_ui(ui, lang);
    }

    fn headers_ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        ui.label(RichText::new(lang.tr("http-request-request-headers")).strong());
        let mut remove = None;
        if !self.headers.is_empty() {
            egui::Grid::new("http-headers")
                .num_columns(4)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    ui.label("");
                    ui.label(RichText::new(lang.tr("http-request-name-50-bytes")).weak());
                    ui.label(RichText::new(lang.tr("http-request-value-255-bytes")).weak());
                    ui.label("");
                    ui.end_row();
                    for (i, row) in self.headers.iter_mut().enumerate() {
                        let n = i + 1;
                        ui.label(format!("{n}."));
                        ui.add(egui::TextEdit::singleline(&mut row.name).desired_width(170.0))
                            .accessible_name(header_label(lang, n, true));
                        // An `Authorization`-like value is a secret: dots on screen.
                        let secret = crate::at::http::is_secret_header(&row.name);
                        ui.add(
                            egui::TextEdit::singleline(&mut row.value)
                                .password(secret)
                                .desired_width(300.0),
                        )
                        .accessible_name(header_label(lang, n, false));
                        if ui
                            .button(lang.tr("http-request-remove"))
                            .accessible_name(crate::tr!(lang, "http-request-remove-header", n = n))
                            .clicked()
                        {
                            remove = Some(i);
                        }
                        ui.end_row();
                    }
                });
        }
        if let Some(i) = remove {
            self.headers.remove(i);
        }
        for (i, e) in self.header_errors() {
            let what = match e.field {
                Field::HeaderName => lang.tr("http-request-name"),
                _ => lang.tr("http-request-value"),
            };
            error_text(
                ui,
                &crate::tr!(
                    lang,
                    "http-request-header",
                    value = &i + 1,
                    what = &what,
                    lang = &e.reason(lang)
                ),
            );
        }
        ui.horizontal(|ui| {
            if ui.button(lang.tr("http-request-add-header")).clicked() {
                self.headers.push(HeaderRow::default());
            }
            let has_type = self
                .headers
                .iter()
                .any(|h| h.name.trim().eq_ignore_ascii_case("content-type"));
            let json = serde_json::from_str::<serde_json::Value>(&self.body).is_ok();
            if json
                && self.method.has_body()
                && !has_type
                && ui
                    .button(lang.tr("http-request-add-content-type-application-json"))
                    .clicked()
            {
                self.headers.push(HeaderRow {
                    name: "Content-Type".into(),
                    value: "application/json".into(),
                });
            }
        });
        let on_module = ctx.module.http_headers.as_ref().map(|hs| {
            if hs.is_empty() {
                lang.tr("http-request-no-headers").to_string()
            } else {
                hs.iter()
                    .map(|h| format!("{}: {}", h.name, h.value))
                    .collect::<Vec<_>>()
                    .join("; ")
            }
        });
        current_value(ui, lang, on_module.as_deref());
    }

    fn body_ui(&mut self, ui: &mut Ui, lang: Lang) {
        form::multiline(
            ui,
            lang.tr("http-request-request-body"),
            &mut self.body,
            5,
            true,
        );
        let bytes = self.body.len();
        let over = bytes > MAX_BODY;
        let color = if over {
            ui.visuals().error_fg_color
        } else {
            ui.visuals().weak_text_color()
        };
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(crate::tr!(
                    lang,
                    "http-request-bytes-utf-8-as-sent",
                    bytes = bytes,
                    max = MAX_BODY
                ))
                .color(color),
            );
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&self.body)
                && let Ok(compact) = serde_json::to_string(&v)
                && compact.len() < bytes
                && ui
                    .button(lang.tr("http-request-compact-json"))
                    .on_hover_text(lang.tr("http-request-remove-spaces-and-line-breaks-to-save"))
                    .clicked()
            {
                self.body = compact;
            }
        });
        if over {
            let e = ValidationError::new(
                Field::Body,
                Problem::TooLong {
                    max: MAX_BODY,
                    len: bytes,
                },
            );
            error_text(ui, &crate::ui::widgets::field_error(&e, lang));
        }
        if !self.method.has_body() && !self.body.is_empty() {
            form::warning(
                ui,
                &crate::tr!(
                    lang,
                    "http-request-sends-no-body-the-body-above-is-not",
                    method = self.method.as_str()
                ),
            );
        }
    }
}

fn header_label(lang: Lang, n: usize, name: bool) -> String {
    if name {
        crate::tr!(lang, "http-request-header-name", n = &n)
    } else {
        crate::tr!(lang, "http-request-header-value", n = &n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_rows_are_ignored_and_bad_rows_block() {
        let mut f = RequestForm {
            method: HttpMethod::Post,
            headers: vec![
                HeaderRow::default(),
                HeaderRow {
                    name: "Content-Type".into(),
                    value: "application/json".into(),
                },
            ],
            body: "{}".into(),
        };
        assert_eq!(f.header_commands().unwrap().len(), 1);
        f.headers[0].value = "x".into();
        assert!(f.header_commands().is_none(), "a value without a name");
        f.headers.remove(0);
        f.body = "é".repeat(513);
        assert!(
            f.body_command().is_none(),
            "1026 bytes although 513 characters"
        );
        f.method = HttpMethod::Get;
        assert_eq!(f.body_command(), Some(None));
    }
}
