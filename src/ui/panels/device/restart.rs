//! Restart (`AT+RST`) and factory reset (`AT+RESTORE`), each behind a confirmation that says
//! what will happen.

use crate::at::Command;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{Confirm, ConfirmText, blocked, warning};
use crate::ui::widgets::{help, preview, section};
use crate::worker::LinkState;
use egui::{RichText, Ui};

const RESTART: &str = "device.restart";
const RESTORE: &str = "device.restore";

/// The restart and factory-reset buttons and their dialogs.
#[derive(Default)]
pub struct RestartForms {
    restart: Confirm,
    restore: Confirm,
}

impl RestartForms {
    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        section(
            ui,
            ctx.tr("device-restart-restart-and-factory-reset"),
            |ui| {
                if matches!(ctx.module.link, LinkState::Restarting) {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(
                            RichText::new(
                                ctx.tr("device-restart-restarting-waiting-for-the-module-to"),
                            )
                            .strong(),
                        );
                    });
                }
                help(
                    ui,
                    ctx.tr("device-restart-restart-the-module-reboots-and-keeps"),
                );
                ui.horizontal(|ui| {
                    let why = blocked(ctx, RESTART, true);
                    let b = ui.add_enabled(
                        why.is_none(),
                        egui::Button::new(ctx.tr("device-restart-restart-module")),
                    );
                    if b.clicked() {
                        self.restart.ask();
                    }
                    if let Some(why) = why {
                        ui.label(RichText::new(why).weak());
                    }
                });
                preview(
                    ui,
                    lang,
                    RESTART,
                    &[Command::Restart.display_line()],
                    ctx.jobs.latest(RESTART),
                );
                ui.separator();
                help(
                    ui,
                    ctx.tr("device-restart-factory-reset-erases-every-saved"),
                );
                ui.horizontal(|ui| {
                    let why = blocked(ctx, RESTORE, true);
                    let b = ui.add_enabled(
                        why.is_none(),
                        egui::Button::new(
                            RichText::new(ctx.tr("device-restart-factory-reset"))
                                .color(ui.visuals().error_fg_color),
                        ),
                    );
                    if b.clicked() {
                        self.restore.ask();
                    }
                    if let Some(why) = why {
                        ui.label(RichText::new(why).weak());
                    }
                });
                preview(
                    ui,
                    lang,
                    RESTORE,
                    &[Command::FactoryReset.display_line()],
                    ctx.jobs.latest(RESTORE),
                );
            },
        );

        let restart_text = ConfirmText {
            title: ctx.tr("device-restart-restart-the-module"),
            body: &[
                ctx.tr("device-restart-the-module-reboots-saved-settings-are"),
                ctx.tr("device-restart-open-tcp-udp-links-and-the-mqtt"),
                ctx.tr("device-restart-it-is-back-in-a-few-seconds-the-app"),
            ],
            confirm: ctx.tr("device-restart-restart-now"),
        };
        if self.restart.show(ui, lang, RESTART, &restart_text) {
            ctx.jobs.run(RESTART, vec![Command::Restart]);
        }

        let baud = match &ctx.module.link {
            LinkState::Connected { baud, .. } => Some(*baud),
            _ => None,
        };
        let baud_note = if baud.is_some_and(|b| b != 115_200) {
            ctx.tr("device-restart-the-module-is-not-at-115200-baud-now")
        } else {
            ""
        };
        let mut body = vec![
            ctx.tr("device-restart-every-setting-saved-in-the-module-is"),
            ctx.tr("device-restart-mqtt-client-id-user-name-password"),
            ctx.tr("device-restart-kept-the-sim-slot-choice-a-factory"),
            ctx.tr("device-restart-this-cannot-be-undone"),
        ];
        if !baud_note.is_empty() {
            body.push(baud_note);
        }
        let restore_text = ConfirmText {
            title: ctx.tr("device-restart-erase-all-saved-settings"),
            body: &body,
            confirm: ctx.tr("device-restart-erase-and-restart"),
        };
        if self.restore.show(ui, lang, RESTORE, &restore_text) {
            ctx.jobs.run(RESTORE, vec![Command::FactoryReset]);
        }
        if !baud_note.is_empty() && ctx.jobs.latest(RESTORE).is_some_and(|j| j.done) {
            warning(ui, baud_note);
        }
    }
}
