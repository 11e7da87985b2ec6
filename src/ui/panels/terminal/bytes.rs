//! Raw bytes, sent exactly as written with no line ending added: text with escapes (`\x1A`,
//! `\r`, `\n`, `\\`) or hex. For answering a `>` prompt typed in the terminal, Ctrl+Z, or a
//! transparent link.

use super::escape::unescape;
use super::transcript::{Item, Transcript};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::panels::socket::indented;
use crate::ui::panels::socket::payload::{hex_dump, parse_hex};
use crate::ui::widgets::{apply_button, error_text, help, section};
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
        section(ui, ctx.t("Raw bytes", "原始字节"), |ui| {
            help(
                ui,
                ctx.t(
                    "Sends exactly these bytes, with no line ending added: the data after a “>” prompt, Ctrl+Z (\\x1A), or data for a transparent link.",
                    "原样发送这些字节，不自动添加结束符：用于“>”提示后的数据、Ctrl+Z（\\x1A）或透传链路的数据。",
                ),
            );
            ui.horizontal(|ui| {
                ui.add_sized(
                    [150.0, 20.0],
                    egui::Label::new(ctx.t("Write bytes as", "字节格式")),
                );
                ui.radio_value(
                    &mut self.format,
                    ByteFormat::Escaped,
                    ctx.t("Text with escapes", "文本（支持转义）"),
                );
                ui.radio_value(&mut self.format, ByteFormat::Hex, ctx.t("Hex", "十六进制"));
            });
            let mut enter = false;
            ui.horizontal(|ui| {
                let l = ui.add_sized(
                    [150.0, 20.0],
                    egui::Label::new(ctx.t("Bytes to send", "要发送的字节")),
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
                        ctx.t(
                            r"Escapes: \xHH any byte · \r CR · \n LF · \t tab · \0 NUL · \\ backslash",
                            r"转义：\xHH 任意字节 · \r 回车 · \n 换行 · \t 制表符 · \0 空字节 · \\ 反斜杠",
                        ),
                    );
                });
            }
            indented(ui, |ui| {
                ui.horizontal_wrapped(|ui| match &parsed {
                    Ok(b) if b.is_empty() => {}
                    Ok(b) => {
                        let n = match lang {
                            Lang::En => format!("{} bytes:", b.len()),
                            Lang::Zh => format!("{} 字节：", b.len()),
                        };
                        ui.label(n);
                        ui.label(RichText::new(hex_dump(b, 64)).monospace());
                    }
                    Err(e) => error_text(ui, e),
                })
            });
            let blocked = match &parsed {
                Err(_) => Some(
                    ctx.t("Fix the bytes first.", "请先修正要发送的字节。")
                        .to_string(),
                ),
                Ok(b) if b.is_empty() => Some(
                    ctx.t("Type the bytes first.", "请先输入要发送的字节。")
                        .to_string(),
                ),
                Ok(_) if !ctx.connected() => Some(
                    ctx.t("Connect to a module first.", "请先连接模块。")
                        .to_string(),
                ),
                // A `+++` or `ATO` of any panel (the data-mode banner, the TCP/UDP or MQTT
                // panel) under way: bytes now would break the escape's guard-time silence, or
                // reach the module when the user meant the server (or the other way round).
                // The worker holds them too, but would send them after the switch.
                Ok(_) if ctx.jobs.switching_mode() => Some(
                    ctx.t(
                        "Wait until the switch between command and transparent mode is done (+++ needs a silent line).",
                        "请等待指令模式与透传模式的切换完成（+++ 需要线路静默）。",
                    )
                    .to_string(),
                ),
                // A `+++` (or any command) under way: bytes now would break its guard-time
                // silence or land in its answer.
                Ok(_) if ctx.jobs.busy(super::OWNER) => Some(
                    ctx.t(
                        "Wait for the command above to finish (after +++ the module needs a quiet line).",
                        "请等待上方指令完成（发送 +++ 后线路需保持静默）。",
                    )
                    .to_string(),
                ),
                Ok(_) => None,
            };
            if parsed.as_ref().is_ok_and(|b| !b.is_empty()) && ctx.connected() {
                indented(ui, |ui| {
                    help(
                        ui,
                        if ctx.module.data_mode {
                            ctx.t(
                                "Transparent mode: these bytes go through the module to the remote server.",
                                "透传模式：这些字节经模块发往远端服务器。",
                            )
                        } else {
                            ctx.t(
                                "Command mode: the module reads these bytes as command input (or as the data after a “>” prompt).",
                                "指令模式：模块将这些字节作为指令输入（或“>”提示后的数据）读取。",
                            )
                        },
                    );
                });
            }
            let can = blocked.is_none();
            let clicked = apply_button(ui, lang, ctx.t("Send bytes", "发送字节"), blocked);
            if (clicked || (enter && can))
                && let Ok(b) = parsed
            {
                ctx.jobs.raw(b.clone());
                transcript.push(Item::Bytes(b));
            }
        });
    }
}
