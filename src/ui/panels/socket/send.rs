//! The send box of an AT-mode link (`AT+QISEND=<link>,<len>`, then the data at `>`): the link
//! picker, text or hex data, and its byte count against the 1024-byte limit. For a UDP link,
//! optionally without a length (`AT+QISEND=<link>`, the data ended by Ctrl+Z: see
//! [`UnsizedSend`]).

use super::indented;
use super::payload::{PayloadInput, hex_dump};
use crate::at::socket::{LinkId, Protocol, SocketSend, UnsizedSend};
use crate::at::value::Field;
use crate::at::{Checked, Command, Validate};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::{apply_button, error_text, help, preview, section};
use egui::{RichText, Ui};

/// Owner of the send job.
pub const OWNER: &str = "socket.send";

/// Most bytes one QISEND takes (§6.4.2).
pub const MAX_SEND: usize = 1024;

/// The send box's state.
#[derive(Default)]
pub struct SendForm {
    /// The chosen link; the first open one when unset or gone.
    pub link: Option<LinkId>,
    pub data: PayloadInput,
    /// "Send without a length (ends with Ctrl+Z)" chosen (UDP links only).
    pub unsized_send: bool,
}

impl SendForm {
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        section(
            ui,
            ctx.t("Send data (AT mode)", "发送数据（AT 透传模式）"),
            |ui| {
                if ctx.module.data_mode {
                    help(
                    ui,
                    ctx.t(
                        "The link is in transparent mode: use the transparent-mode send box below, or leave transparent mode (+++) to send here.",
                        "链路处于透传模式：请使用下方透传模式的发送框，或发送 +++ 退出透传后在此发送。",
                    ),
                );
                    return;
                }
                help(
                ui,
                ctx.t(
                    "Sends the data on one AT-mode connection. The module asks for the data with “>” and confirms with SEND OK; the app answers the prompt for you.",
                    "通过一个 AT 透传模式的连接发送数据。模块以“>”提示输入数据并以 SEND OK 确认，本软件会自动完成这一步。",
                ),
            );
                let links: Vec<LinkId> = ctx
                    .module
                    .sockets
                    .as_ref()
                    .map(|l| l.iter().map(|s| s.link).collect())
                    .unwrap_or_default();
                if self.link.is_none_or(|l| !links.contains(&l)) {
                    self.link = links.first().copied();
                }
                ui.horizontal(|ui| {
                    let l = ui.add_sized([150.0, 20.0], egui::Label::new(Field::Link.label(lang)));
                    if links.is_empty() {
                        ui.label(
                            RichText::new(ctx.t(
                                "No open connection: open one above, or refresh the list.",
                                "没有打开的连接：请先在上方建立连接，或刷新列表。",
                            ))
                            .weak(),
                        );
                    } else {
                        let selected = self.link.map(|l| l.to_string()).unwrap_or_default();
                        egui::ComboBox::from_id_salt("socket.send.link")
                            .selected_text(selected)
                            .show_ui(ui, |ui| {
                                for id in &links {
                                    ui.selectable_value(&mut self.link, Some(*id), id.to_string());
                                }
                            })
                            .response
                            .labelled_by(l.id);
                    }
                });

                let protocol = self.link.and_then(|l| {
                    ctx.module
                        .sockets
                        .iter()
                        .flatten()
                        .find(|s| s.link == l)
                        .map(|s| s.protocol)
                });
                // Offered for UDP links; still shown (with its error) if chosen and the link
                // changed to a TCP one.
                if protocol == Some(Protocol::Udp) || self.unsized_send {
                    ui.checkbox(
                        &mut self.unsized_send,
                        ctx.t(
                            "Send without a length (ends with Ctrl+Z)",
                            "不带长度发送（以 Ctrl+Z 结束）",
                        ),
                    );
                    if self.unsized_send {
                        indented(ui, |ui| {
                            help(
                                ui,
                                ctx.t(
                                    "Sends AT+QISEND=<link> with no length (UDP only, manual 6.4.2), then the data and Ctrl+Z (0x1A), which ends it and is not sent. The manual does not say how such data ends: this is the Quectel convention. So the data may not contain 0x1A or 0x1B (ESC, which cancels).",
                                    "发送不带长度的 AT+QISEND=<link>（仅限 UDP，手册 6.4.2），随后发送数据和 Ctrl+Z（0x1A）；Ctrl+Z 表示数据结束，本身不会发出。手册未说明这种数据如何结束，此处采用移远（Quectel）的惯例。因此数据中不能含有 0x1A 或 0x1B（ESC，表示取消）。",
                                ),
                            );
                        });
                    }
                }
                let unsized_send = self.unsized_send;

                let bytes = self.data.ui(
                    ui,
                    lang,
                    "socket.send.data",
                    ctx.t("Data to send", "发送的数据"),
                    Some(MAX_SEND),
                );
                let cmd = if unsized_send {
                    let send = match (self.link, &bytes) {
                        (Some(link), Some(b)) => {
                            Some(UnsizedSend::new(link, protocol.unwrap_or(Protocol::Udp), b))
                        }
                        _ => None,
                    };
                    // A TCP link is said whatever the data; the data's problems once typed.
                    if let Some(s) = &send {
                        for e in s.problems().into_iter().filter(|e| {
                            e.field == Field::Link
                                || (e.field == Field::Payload && !self.data.text.is_empty())
                        }) {
                            indented(ui, |ui| {
                                error_text(ui, &crate::ui::widgets::field_error(&e, lang));
                            });
                        }
                    }
                    send.and_then(|s| Checked::new(s).ok())
                        .map(Command::SocketSendUnsized)
                } else {
                    let send = match (self.link, &bytes) {
                        (Some(link), Some(b)) => Some(SocketSend {
                            link,
                            data: b.clone(),
                        }),
                        _ => None,
                    };
                    // Show only the data's own problem here; a missing link is said above.
                    if let Some(s) = &send
                        && !self.data.text.is_empty()
                        && let Some(e) =
                            s.problems().into_iter().find(|e| e.field == Field::Payload)
                    {
                        indented(ui, |ui| {
                            error_text(ui, &crate::ui::widgets::field_error(&e, lang));
                        });
                    }
                    send.and_then(|s| Checked::new(s).ok())
                        .map(Command::SocketSend)
                };
                let lines: Vec<String> = cmd.iter().map(Command::display_line).collect();
                preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
                if let Some(c) = &cmd
                    && let Some(p) = c.payload()
                {
                    let text = match lang {
                        Lang::En => format!("then at “>”: {}", hex_dump(p, 32)),
                        Lang::Zh => format!("随后在“>”处发送：{}", hex_dump(p, 32)),
                    };
                    ui.label(RichText::new(text).monospace().weak());
                }
                let blocked = if self.link.is_none() {
                    Some(
                        ctx.t("Open a connection first.", "请先建立连接。")
                            .to_string(),
                    )
                } else if self.data.text.is_empty() {
                    Some(ctx.t("Type the data first.", "请先输入数据。").to_string())
                } else {
                    super::form_blocked(ctx, OWNER, cmd.is_some())
                };
                if apply_button(ui, lang, ctx.t("Send", "发送"), blocked)
                    && let Some(c) = cmd
                {
                    ctx.jobs.run(OWNER, vec![c]);
                }
                let label = ctx.t("Cancel sending", "取消发送");
                super::cancel_button(ui, ctx, OWNER, label);
            },
        );
    }
}
