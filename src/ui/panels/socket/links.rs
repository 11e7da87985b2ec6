//! The table of open connections (`AT+QISTATE`), each with a close button (`AT+QICLOSE`).

use crate::at::socket::{LinkId, LinkRef, PairingMode};
use crate::at::{Checked, Command};
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
        section(ui, ctx.tr("socket-links-open-connections"), |ui| {
            let reading = ctx.jobs.busy(super::READ_OWNER);
            let can_send = ctx.connected() && !ctx.module.data_mode;
            ui.horizontal(|ui| {
                let r = ui.add_enabled(
                    can_send && !reading,
                    egui::Button::new(ctx.tr("socket-links-refresh-list")),
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
                        RichText::new(ctx.tr("socket-links-not-read-yet-press-refresh-list"))
                            .weak(),
                    );
                }
                Some(list) if list.is_empty() => {
                    ui.label(ctx.tr("socket-links-no-connection-is-open"));
                }
                Some(list) => {
                    let closing = ctx.jobs.busy(CLOSE_OWNER);
                    egui::Grid::new("socket.links")
                        .striped(true)
                        .num_columns(6)
                        .spacing([16.0, 4.0])
                        .show(ui, |ui| {
                            for h in [
                                ctx.tr("socket-links-link"),
                                ctx.tr("socket-links-protocol"),
                                ctx.tr("socket-links-server"),
                                ctx.tr("socket-links-server-port"),
                                ctx.tr("socket-links-local-port"),
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
                                let label =
                                    crate::tr!(lang, "socket-links-close-link", link = &s.link);
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
                ctx.tr("socket-links-data-the-server-sends-is-shown-under"),
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
        let modal =
            egui::Modal::new(egui::Id::unique("socket.confirm_close")).show(ui.ctx(), |ui| {
                ui.set_max_width(420.0);
                ui.heading(crate::tr!(lang, "socket-links-close-link-2", link = &link));
                ui.label(lang.tr("socket-links-the-module-is-in-tcp-passthrough"));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button(lang.tr("socket-links-close-the-link")).clicked() {
                        if let Some(cmds) = close_commands(link) {
                            ctx.jobs.run(CLOSE_OWNER, cmds);
                        }
                        decided = true;
                    }
                    if ui.button(lang.tr("socket-links-keep-it-open")).clicked() {
                        decided = true;
                    }
                });
            });
        if decided || modal.should_close() {
            self.confirm_close = None;
        }
    }
}
