//! The table of open connections (`AT+QISTATE`), each with a close button (`AT+QICLOSE`).

use crate::at::socket::{LinkId, LinkRef, PairingMode};
use crate::at::{Checked, Command};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::{help, preview::job_result, section};
use egui::{RichText, Ui};

/// Owner of the close job.
pub const CLOSE_OWNER: &str = "socket.close";

/// The table's state: a close waiting for confirmation (only in TCP pairing mode, where a
/// closed link is not reopened until the module restarts).
#[derive(Default)]
pub struct LinkTable {
    pub confirm_close: Option<LinkId>,
}

fn close_commands(link: LinkId) -> Option<Vec<Command>> {
    let l = Checked::new(LinkRef(link)).ok()?;
    Some(vec![Command::SocketClose(l), Command::SocketState])
}

impl LinkTable {
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        section(ui, ctx.t("Open connections", "当前连接"), |ui| {
            let reading = ctx.jobs.busy(super::READ_OWNER);
            let can_send = ctx.connected() && !ctx.module.data_mode;
            ui.horizontal(|ui| {
                let r = ui.add_enabled(
                    can_send && !reading,
                    egui::Button::new(ctx.t("Refresh list", "刷新列表")),
                );
                if r.clicked() {
                    ctx.jobs.run(super::READ_OWNER, vec![Command::SocketState]);
                }
                if reading {
                    ui.spinner();
                }
                ui.label(RichText::new("AT+QISTATE").monospace().weak());
            });
            let mut close: Option<LinkId> = None;
            match &ctx.module.sockets {
                None => {
                    ui.label(
                        RichText::new(ctx.t(
                            "Not read yet: press Refresh list.",
                            "尚未读取：请点击“刷新列表”。",
                        ))
                        .weak(),
                    );
                }
                Some(list) if list.is_empty() => {
                    ui.label(ctx.t("No connection is open.", "当前没有打开的连接。"));
                }
                Some(list) => {
                    let closing = ctx.jobs.busy(CLOSE_OWNER);
                    egui::Grid::new("socket.links")
                        .striped(true)
                        .num_columns(6)
                        .spacing([16.0, 4.0])
                        .show(ui, |ui| {
                            for h in [
                                ctx.t("Link", "连接标识"),
                                ctx.t("Protocol", "协议"),
                                ctx.t("Server", "服务器"),
                                ctx.t("Server port", "服务器端口"),
                                ctx.t("Local port", "本地端口"),
                                "",
                            ] {
                                ui.label(RichText::new(h).strong());
                            }
                            ui.end_row();
                            for s in list {
                                ui.label(s.link.to_string());
                                ui.label(s.protocol.as_str());
                                ui.label(&s.host);
                                ui.label(s.port.to_string());
                                ui.label(s.local_port.to_string());
                                let label = match lang {
                                    Lang::En => format!("Close link {}", s.link),
                                    Lang::Zh => format!("关闭连接 {}", s.link),
                                };
                                if ui
                                    .add_enabled(can_send && !closing, egui::Button::new(label))
                                    .clicked()
                                {
                                    close = Some(s.link);
                                }
                                ui.end_row();
                            }
                        });
                }
            }
            if let Some(link) = close {
                if ctx.module.pairing == Some(PairingMode::Tcp) {
                    self.confirm_close = Some(link);
                } else if let Some(cmds) = close_commands(link) {
                    ctx.jobs.run(CLOSE_OWNER, cmds);
                }
            }
            if let Some(job) = ctx.jobs.latest(CLOSE_OWNER) {
                job_result(ui, lang, job);
            }
            help(
                ui,
                ctx.t(
                    "Data the server sends is shown under \"Received data\" below, per link (and in the log). A TCP link that closes prints DISCONNECT, a UDP one UDP_CLOSE.",
                    "服务器下发的数据按连接显示在下方的“收到的数据”中（日志中也有）。TCP 连接断开时模块输出 DISCONNECT，UDP 输出 UDP_CLOSE。",
                ),
            );
        });
        self.confirm(ui, ctx);
    }

    /// In TCP pairing mode a closed link stays closed until the module restarts: say so first.
    fn confirm(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let Some(link) = self.confirm_close else {
            return;
        };
        let lang = ctx.lang;
        let mut decided = false;
        let modal = egui::Modal::new(egui::Id::unique("socket.confirm_close")).show(ui.ctx(), |ui| {
            ui.set_max_width(420.0);
            ui.heading(match lang {
                Lang::En => format!("Close link {link}?"),
                Lang::Zh => format!("关闭连接 {link}？"),
            });
            ui.label(lang.pick(
                "The module is in TCP passthrough (simple pairing) mode. After this close it does not reconnect to the saved server until it restarts.",
                "模块处于 TCP 透传（简易配对）模式。关闭后，在模块重启之前不会重新连接已保存的服务器。",
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(lang.pick("Close the link", "关闭连接")).clicked() {
                    if let Some(cmds) = close_commands(link) {
                        ctx.jobs.run(CLOSE_OWNER, cmds);
                    }
                    decided = true;
                }
                if ui.button(lang.pick("Keep it open", "保持连接")).clicked() {
                    decided = true;
                }
            });
        });
        if decided || modal.should_close() {
            self.confirm_close = None;
        }
    }
}
