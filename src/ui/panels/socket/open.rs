//! The open form (`AT+QIOPEN`): protocol, server, ports, and AT mode vs transparent mode
//! explained in plain words.

use super::indented;
use super::warning;
use crate::at::answer::Answer;
use crate::at::socket::{Protocol, SocketTarget};
use crate::at::value::{Field, ValidationError};
use crate::at::{Checked, Command, Validate};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::{
    apply_button, error_text, help, number_field, preview, section, text_field,
};
use egui::{RichText, Ui};

/// Owner of the open job.
pub const OWNER: &str = "socket.open";

/// What the user typed in the open form. Starts with the manual's own example server (the
/// vendor's echo server), so a first test needs no typing.
pub struct OpenForm {
    pub protocol: Protocol,
    pub host: String,
    pub port: String,
    pub local_port: String,
    pub transparent: bool,
}

impl Default for OpenForm {
    fn default() -> Self {
        let t = SocketTarget::default();
        Self {
            protocol: t.protocol,
            host: t.host,
            port: t.port.to_string(),
            local_port: t.local_port.to_string(),
            transparent: t.transparent,
        }
    }
}

/// The two transfer modes in plain words (shared with the pairing panel's client form).
pub fn mode_choice(ui: &mut Ui, lang: Lang, transparent: &mut bool) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        ui.add_sized(
            [150.0, 20.0],
            egui::Label::new(lang.pick("Transfer mode", "传输模式")),
        );
        ui.vertical(|ui| {
            changed |= ui
                .radio_value(
                    transparent,
                    false,
                    lang.pick("AT mode (several links)", "AT 透传模式（可多连接）"),
                )
                .changed();
            help(
                ui,
                lang.pick(
                    "Several connections can be open at once. You send data with a send box (AT+QISEND); the module keeps answering commands.",
                    "可同时建立多个连接。通过发送框发送数据（AT+QISEND），模块仍可正常响应指令。",
                ),
            );
            changed |= ui
                .radio_value(
                    transparent,
                    true,
                    lang.pick("Transparent mode (one link)", "直接透传模式（单连接）"),
                )
                .changed();
            help(
                ui,
                lang.pick(
                    "A single connection. Once it opens, everything sent to the module goes straight to the server, until you send +++ to return to command mode.",
                    "只能建立一个连接。连接成功后，发往模块的所有数据都直接传给服务器，直到发送 +++ 返回指令模式。",
                ),
            );
        });
    });
    changed
}

/// Protocol radio buttons (TCP / UDP).
pub fn protocol_choice(ui: &mut Ui, lang: Lang, protocol: &mut Protocol) -> bool {
    ui.horizontal(|ui| {
        ui.add_sized(
            [150.0, 20.0],
            egui::Label::new(lang.pick("Protocol", "传输协议")),
        );
        let a = ui.radio_value(protocol, Protocol::Tcp, "TCP").changed();
        let b = ui.radio_value(protocol, Protocol::Udp, "UDP").changed();
        a || b
    })
    .inner
}

/// Draw the server and port fields of a target; returns the target (if every field parses)
/// and the problems found. Shared with the pairing panel's client form.
pub fn target_fields(
    ui: &mut Ui,
    lang: Lang,
    host: &mut String,
    port: &mut String,
    local_port: &mut String,
) -> (String, Option<u16>, Option<u16>, Vec<ValidationError>) {
    // Validate after the edit, so the message matches what is in the box this very frame.
    text_field(ui, lang, Field::Host.label(lang), host, &[], Field::Host);
    let mut errors = SocketTarget {
        host: host.clone(),
        ..SocketTarget::default()
    }
    .problems();
    if let Some(e) = errors.first() {
        error_text(ui, &crate::ui::widgets::field_error(e, lang));
    }
    // Port 0 means "any" only for the local side; a server always listens on a real port.
    let mut p = 0;
    let port_ok = match number_field(
        ui,
        lang,
        Field::RemotePort.label(lang),
        port,
        Field::RemotePort,
        1,
        65535,
        &mut p,
    ) {
        Some(e) => {
            errors.push(e);
            None
        }
        None => u16::try_from(p).ok(),
    };
    let mut lp = 0;
    let local_ok = match number_field(
        ui,
        lang,
        Field::LocalPort.label(lang),
        local_port,
        Field::LocalPort,
        0,
        65535,
        &mut lp,
    ) {
        Some(e) => {
            errors.push(e);
            None
        }
        None => u16::try_from(lp).ok(),
    };
    indented(ui, |ui| {
        help(
            ui,
            lang.pick(
                "Local port 0 lets the module choose one. Set a fixed one only if the server expects it (TCP: it fails if the port is taken).",
                "本地端口填 0 由模块自动分配。仅在服务器要求时才指定固定端口（TCP 下若端口被占用会失败）。",
            ),
        );
    });
    (host.clone(), port_ok, local_ok, errors)
}

impl OpenForm {
    /// The target as typed, if valid.
    fn target(&self, host: String, port: Option<u16>, local: Option<u16>) -> Option<SocketTarget> {
        Some(SocketTarget {
            protocol: self.protocol,
            host,
            port: port?,
            local_port: local?,
            transparent: self.transparent,
        })
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        section(ui, ctx.t("Open a connection", "新建连接"), |ui| {
            help(
                ui,
                ctx.t(
                    "Connect the module to a TCP or UDP server on the internet. The SIM card must be registered and the data network up.",
                    "让模块连接互联网上的 TCP 或 UDP 服务器。SIM 卡需已注册且数据网络已激活。",
                ),
            );
            protocol_choice(ui, lang, &mut self.protocol);
            let (host, port, local, errors) = target_fields(
                ui,
                lang,
                &mut self.host,
                &mut self.port,
                &mut self.local_port,
            );
            mode_choice(ui, lang, &mut self.transparent);

            let open_links = ctx.module.sockets.as_ref().map_or(0, Vec::len);
            if self.transparent && open_links > 0 {
                warning(
                    ui,
                    ctx.t(
                        "Transparent mode works with a single connection: close the open connections below first, or the module refuses.",
                        "直接透传模式只能建立一个连接：请先关闭下方已打开的连接，否则模块会拒绝。",
                    ),
                );
            }

            let checked = self
                .target(host, port, local)
                .filter(|_| errors.is_empty())
                .and_then(|t| Checked::new(t).ok());
            let mut commands = Vec::new();
            if let Some(t) = &checked {
                commands.push(Command::SocketOpen(t.clone()));
                // A transparent link is in data mode once open: the table is read later.
                if !t.transparent {
                    commands.push(Command::SocketState);
                }
            }
            let lines: Vec<String> = commands.iter().map(Command::display_line).collect();
            preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
            if let Some(job) = ctx.jobs.latest(OWNER)
                && let Some(Some(o)) = job.outcomes.first()
                && let Ok(Answer::LinkOpened(link)) = &o.result
            {
                let text = match lang {
                    Lang::En => format!("Connection {link} is open."),
                    Lang::Zh => format!("连接 {link} 已建立。"),
                };
                ui.label(RichText::new(text).color(egui::Color32::from_rgb(40, 160, 70)));
            }
            let blocked = super::form_blocked(ctx, OWNER, checked.is_some());
            if apply_button(ui, lang, ctx.t("Open connection", "建立连接"), blocked)
                && !commands.is_empty()
            {
                ctx.jobs.run(OWNER, commands);
            }
            // Opening can take up to 30 s when the server does not answer.
            let label = ctx.t("Cancel opening", "取消建立连接");
            super::cancel_button(ui, ctx, OWNER, label);
        });
    }
}
