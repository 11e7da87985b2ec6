//! Raw bytes, sent exactly as written with no line ending added: text with escapes (`\x1A`,
//! `\r`, `\n`, `\\`) or hex. For answering a `>` prompt typed in the terminal, Ctrl+Z, or a
//! transparent link.

use super::escape::unescape;
use super::transcript::{Item, Transcript};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::panels::socket::payload::{hex_dump, parse_hex};
use crate::ui::widgets::form::indented;
use crate::ui::widgets::{apply_button, choice_row, error_text, help, section};
use egui::{RichText, Ui};

/// How the bytes are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ByteFormat {
    /// Text with backslash escapes.
    #[default]
    Escaped,
    /// Hex digits.
    Hex,
}

/// The byte sender's state.
#[derive(Default)]
pub struct ByteSender {
    pub format: ByteFormat,
    pub text: String,
}

impl ByteSender {
    /// The bytes, or what is wrong, in words.
    pub fn bytes(&self, lang: Lang) -> Result<Vec<u8>, String> {
        match self.format {
            ByteFormat::Escaped => unescape(&self.text).map_err(|e| e.message(lang)),
            ByteFormat::Hex => parse_hex(&self.text).map_err(|e| e.message(lang)),
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>, transcript: &mut Transcript) {
        let lang = ctx.lang;
        section(ui, ctx.tr("terminal-bytes-raw-bytes"), |ui| {
            help(
                ui,
                ctx.tr("terminal-bytes-sends-exactly-these-bytes-with-no"),
            );
            choice_row(
                ui,
                ctx.tr("terminal-bytes-write-bytes-as"),
                &mut self.format,
                &[
                    (
                        ByteFormat::Escaped,
                        ctx.tr("terminal-bytes-text-with-escapes"),
                    ),
                    (ByteFormat::Hex, ctx.tr("terminal-bytes-hex")),
                ],
                |_| {},
            );
            let mut enter = false;
            ui.horizontal(|ui| {
                let l = ui.add_sized(
                    [150.0, 20.0],
                    egui::Label::new(ctx.tr("terminal-bytes-bytes-to-send")),
                );
                let hint = match self.format {
                    ByteFormat::Escaped => r"1234567890\x1A",
                    ByteFormat::Hex => "41 54 0D 0A",
                };
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.text)
                            .id_salt("terminal.bytes.text")
                            .desired_width(380.0)
                            .font(egui::TextStyle::Monospace)
                            .hint_text(hint),
                    )
                    .labelled_by(l.id);
                enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            });
            let parsed = self.bytes(lang);
            if self.format == ByteFormat::Escaped {
                indented(ui, |ui| {
                    help(
                        ui,
                        ctx.tr("terminal-bytes-escapes-xhh-any-byte-r-cr-n-lf-t-tab"),
                    );
                });
            }
            indented(ui, |ui| {
                ui.horizontal_wrapped(|ui| match &parsed {
                    Ok(b) if b.is_empty() => {}
                    Ok(b) => {
                        let n = crate::tr!(lang, "terminal-bytes-bytes", b = &b.len());
                        ui.label(n);
                        ui.label(RichText::new(hex_dump(b, 64)).monospace());
                    }
                    Err(e) => error_text(ui, e),
                })
            });
            let blocked = match &parsed {
                Err(_) => Some(ctx.tr("terminal-bytes-fix-the-bytes-first").to_string()),
                Ok(b) if b.is_empty() => {
                    Some(ctx.tr("terminal-bytes-type-the-bytes-first").to_string())
                }
                Ok(_) if !ctx.connected() => Some(
                    ctx.tr("terminal-bytes-connect-to-a-module-first")
                        .to_string(),
                ),
                // A `+++` or `ATO` of any panel (the data-mode banner, the TCP/UDP or MQTT
                // panel) under way: bytes now would break the escape's guard-time silence, or
                // reach the module when the user meant the server (or the other way round).
                // The worker holds them too, but would send them after the switch.
                Ok(_) if ctx.jobs.switching_mode() => Some(
                    ctx.tr("terminal-bytes-wait-until-the-switch-between-command")
                        .to_string(),
                ),
                // A `+++` (or any command) under way: bytes now would break its guard-time
                // silence or land in its answer.
                Ok(_) if ctx.jobs.busy(super::OWNER) => Some(
                    ctx.tr("terminal-bytes-wait-for-the-command-above-to-finish")
                        .to_string(),
                ),
                Ok(_) => None,
            };
            if parsed.as_ref().is_ok_and(|b| !b.is_empty()) && ctx.connected() {
                indented(ui, |ui| {
                    help(
                        ui,
                        if ctx.module.data_mode {
                            ctx.tr("terminal-bytes-transparent-mode-these-bytes-go")
                        } else {
                            ctx.tr("terminal-bytes-command-mode-the-module-reads-these")
                        },
                    );
                });
            }
            let can = blocked.is_none();
            let clicked = apply_button(ui, lang, ctx.tr("terminal-bytes-send-bytes"), blocked);
            if (clicked || (enter && can))
                && let Ok(b) = parsed
            {
                ctx.jobs.raw(b.clone());
                transcript.push(Item::Bytes(b));
            }
        });
    }
}
