//! Command echo (`ATE0` / `ATE1`).

use crate::at::Command;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{Synced, blocked};
use crate::ui::widgets::{apply_button, current_value, help, preview, section};
use egui::Ui;

const OWNER: &str = "device.echo";

/// The echo form.
pub struct EchoForm {
    on: Synced<bool>,
}

impl Default for EchoForm {
    fn default() -> Self {
        // Echo is on after every start (manual §6.1.4).
        Self {
            on: Synced::new(true),
        }
    }
}

impl EchoForm {
    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        self.on
            .sync(ctx.module.generation, ctx.jobs, ctx.module.echo);
        let lang = ctx.lang;
        section(ui, ctx.tr("device-echo-command-echo"), |ui| {
            help(
                ui,
                ctx.tr("device-echo-with-echo-on-the-module-repeats-every"),
            );
            let current = ctx.module.echo.map(|on| {
                if on {
                    ctx.tr("device-echo-on")
                } else {
                    ctx.tr("device-echo-off")
                }
            });
            match current {
                Some(c) => current_value(ui, lang, Some(c)),
                None => current_value(
                    ui,
                    lang,
                    Some(ctx.tr("device-echo-unknown-the-module-cannot-be-asked-it")),
                ),
            }
            ui.horizontal(|ui| {
                ui.radio_value(&mut self.on.form, true, ctx.tr("device-echo-echo-on"));
                ui.radio_value(&mut self.on.form, false, ctx.tr("device-echo-echo-off"));
            });
            self.on.edited_note(ui, lang, ctx.tr("device-echo-echo"));
            let cmd = Command::Echo(self.on.form);
            let why = blocked(ctx, OWNER, true);
            if apply_button(ui, lang, ctx.tr("device-echo-set-echo"), why) {
                let id = ctx.jobs.run(OWNER, vec![cmd.clone()]);
                self.on.applied(id);
            }
            preview(
                ui,
                lang,
                OWNER,
                &[cmd.display_line()],
                ctx.jobs.latest(OWNER),
            );
        });
    }
}
