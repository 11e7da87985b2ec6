//! The send box of an AT-mode link (`AT+QISEND=<link>,<len>`, then the data at `>`): the link
//! picker, text or hex data, and its byte count against the 1024-byte limit. For a UDP link,
//! optionally without a length (`AT+QISEND=<link>`, the data ended by Ctrl+Z: see
//! [`UnsizedSend`]).

use super::payload::{PayloadInput, hex_dump};
use crate::at::socket::{LinkId, Protocol, SocketSend, UnsizedSend};
use crate::at::value::Field;
use crate::at::{Checked, Command, Validate};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::indented;
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
        section(ui, ctx.tr("socket-send-send-data-at-mode"), |ui| {
            if ctx.module.data_mode {
                help(
                    ui,
                    ctx.tr("socket-send-the-link-is-in-transparent-mode-use"),
                );
                return;
            }
            help(ui, ctx.tr("socket-send-sends-the-data-on-one-at-mode"));
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
                        RichText::new(ctx.tr("socket-send-no-open-connection-open-one-above-or"))
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
                    ctx.tr("socket-send-send-without-a-length-ends-with-ctrl"),
                );
                if self.unsized_send {
                    indented(ui, |ui| {
                        help(
                            ui,
                            ctx.tr("socket-send-sends-at-qisend-link-with-no-length"),
                        );
                    });
                }
            }
            let unsized_send = self.unsized_send;

            let bytes = self.data.ui(
                ui,
                lang,
                "socket.send.data",
                ctx.tr("socket-send-data-to-send"),
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
                    && let Some(e) = s.problems().into_iter().find(|e| e.field == Field::Payload)
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
                let text = crate::tr!(lang, "socket-send-then-at", value = &hex_dump(p, 32));
                ui.label(RichText::new(text).monospace().weak());
            }
            let blocked = if self.link.is_none() {
                Some(ctx.tr("socket-send-open-a-connection-first").to_string())
            } else if self.data.text.is_empty() {
                Some(ctx.tr("socket-send-type-the-data-first").to_string())
            } else {
                crate::ui::widgets::form::blocked(ctx, OWNER, cmd.is_some())
            };
            if apply_button(ui, lang, ctx.tr("socket-send-send"), blocked)
                && let Some(c) = cmd
            {
                ctx.jobs.run(OWNER, vec![c]);
            }
            let label = ctx.tr("socket-send-cancel-sending");
            crate::ui::widgets::form::cancel_button(ui, ctx, OWNER, label);
        });
    }
}
