//! The answer to a request: status (code and reason, coloured by class), headers, and the body
//! as text, pretty-printed JSON, or a hex dump when it is binary.

use crate::at::http::HttpResponse;
use crate::i18n::Lang;
use crate::ui::widgets::form;
use egui::{Color32, RichText, Ui};

/// How a body is best shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyView {
    Empty,
    /// Valid JSON, pretty-printed.
    Json(String),
    Text(String),
    /// Not text: a hex dump.
    Hex(String),
}

impl BodyView {
    pub fn of(body: &[u8]) -> Self {
        if body.is_empty() {
            return BodyView::Empty;
        }
        let text = std::str::from_utf8(body).ok().filter(|t| {
            !t.chars()
                .any(|c| c.is_control() && !matches!(c, '\r' | '\n' | '\t'))
        });
        match text {
            None => BodyView::Hex(hex_dump(body)),
            Some(t) => match serde_json::from_str::<serde_json::Value>(t) {
                Ok(v) if v.is_object() || v.is_array() => {
                    BodyView::Json(serde_json::to_string_pretty(&v).unwrap_or_else(|_| t.into()))
                }
                _ => BodyView::Text(t.to_string()),
            },
        }
    }
}

/// `00000000  48 54 54 50 …  |HTTP…|`, 16 bytes a line.
pub fn hex_dump(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(16).enumerate() {
        let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
        let ascii: String = chunk
            .iter()
            .map(|&b| {
                if b.is_ascii_graphic() || b == b' ' {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        out.push_str(&format!(
            "{:08x}  {:<47}  |{ascii}|\n",
            i * 16,
            hex.join(" ")
        ));
    }
    out
}

/// The reason phrase: from the status line if it has one, else the standard phrase.
pub fn reason(status_line: &str, code: u16) -> String {
    let after = status_line
        .split_once(' ')
        .and_then(|(_, rest)| rest.trim_start().strip_prefix(&code.to_string()))
        .map(str::trim)
        .unwrap_or("");
    if !after.is_empty() {
        return after.to_string();
    }
    match code {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
    .to_string()
}

/// The colour of a status class.
pub fn status_color(code: u16, ui: &Ui) -> Color32 {
    match code {
        200..=299 => form::palette::GREEN,
        300..=399 => form::palette::BLUE,
        400..=499 => form::palette::AMBER,
        _ => ui.visuals().error_fg_color,
    }
}

/// What a status class means, in plain words.
fn class_words(lang: Lang, code: u16) -> &'static str {
    match code {
        200..=299 => lang.tr("http-response-success"),
        300..=399 => lang.tr("http-response-redirect-the-resource-is-elsewhere"),
        400..=499 => lang.tr("http-response-the-server-refused-the-request-check"),
        _ => lang.tr("http-response-the-server-failed"),
    }
}

/// Draw a response. `raw_json`: show JSON as received instead of pretty-printed.
pub fn show(ui: &mut Ui, lang: Lang, r: &HttpResponse, raw_json: &mut bool) {
    match r.status {
        Some(code) => {
            ui.horizontal_wrapped(|ui| {
                let l = ui.label(RichText::new(lang.tr("http-response-status")).strong());
                ui.label(
                    RichText::new(format!("{code} {}", reason(&r.status_line, code)))
                        .color(status_color(code, ui))
                        .strong()
                        .size(16.0),
                )
                .labelled_by(l.id);
                ui.label(RichText::new(class_words(lang, code)).weak());
            });
        }
        None => {
            form::warning(
                ui,
                lang.tr("http-response-the-module-printed-no-http-status"),
            );
        }
    }
    egui::CollapsingHeader::new(crate::tr!(
        lang,
        "http-response-response-headers",
        n = r.headers.len()
    ))
    .id_salt("http-response-headers")
    .default_open(r.headers.len() <= 12)
    .show(ui, |ui| {
        egui::Grid::new("http-response-header-grid")
            .striped(true)
            .num_columns(2)
            .show(ui, |ui| {
                for h in &r.headers {
                    let (k, v) = h.split_once(':').unwrap_or((h.as_str(), ""));
                    ui.label(RichText::new(k.trim()).monospace().strong());
                    ui.label(RichText::new(v.trim()).monospace());
                    ui.end_row();
                }
            });
    });
    let view = BodyView::of(&r.body);
    ui.horizontal(|ui| {
        let kind = match &view {
            BodyView::Empty => lang.tr("http-response-empty"),
            BodyView::Json(_) => "JSON",
            BodyView::Text(_) => lang.tr("http-response-text"),
            BodyView::Hex(_) => lang.tr("http-response-binary-shown-as-hex"),
        };
        let n = r.body.len();
        let head = crate::tr!(lang, "http-response-body-bytes", n = &n, kind = &kind);
        ui.label(RichText::new(head).strong());
        if matches!(view, BodyView::Json(_)) {
            ui.checkbox(raw_json, lang.tr("http-response-show-as-received"));
        }
        if !r.body.is_empty() && ui.button(lang.tr("http-response-copy-body")).clicked() {
            ui.ctx()
                .copy_text(String::from_utf8_lossy(&r.body).into_owned());
        }
    });
    let mut text = match view {
        BodyView::Empty => return,
        BodyView::Json(_) if *raw_json => String::from_utf8_lossy(&r.body).into_owned(),
        BodyView::Json(t) | BodyView::Text(t) | BodyView::Hex(t) => t,
    };
    egui::ScrollArea::vertical()
        .id_salt("http-response-body")
        .max_height(320.0)
        .show(ui, |ui| {
            let l = ui.label(RichText::new(lang.tr("http-response-response-body")).small());
            ui.add(
                egui::TextEdit::multiline(&mut text)
                    .code_editor()
                    .desired_width(f32::INFINITY)
                    .interactive(true),
            )
            .labelled_by(l.id);
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_views() {
        assert_eq!(BodyView::of(b""), BodyView::Empty);
        assert_eq!(
            BodyView::of(br#"{"a":1}"#),
            BodyView::Json("{\n  \"a\": 1\n}".into())
        );
        assert_eq!(BodyView::of(b"<html>"), BodyView::Text("<html>".into()));
        assert_eq!(BodyView::of(b"42"), BodyView::Text("42".into()));
        match BodyView::of(&[0x89, b'P', b'N', b'G', 0, 1]) {
            BodyView::Hex(h) => assert!(h.starts_with("00000000  89 50 4e 47 00 01")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reasons() {
        assert_eq!(
            reason("HTTP/1.1 405 METHOD NOT ALLOWED", 405),
            "METHOD NOT ALLOWED"
        );
        assert_eq!(reason("HTTP/1.1 404", 404), "Not Found");
    }
}
