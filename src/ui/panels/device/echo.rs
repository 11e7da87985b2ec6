//! Command echo (`ATE0` / `ATE1`).

use crate::at::Command;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{FormSync, blocked};
use crate::ui::widgets::{apply_button, current_value, help, preview, section};
use egui::Ui;

const OWNER: &str = "device.echo";

/// The echo form.
pub struct EchoForm {
    on: bool,
    sync: FormSync,
}

impl Default for EchoForm {
    fn default() -> Self {
        // Echo is on after every start (manual §6.1.4).
        Self {
            on: true,
            sync: FormSync::default(),
        }
    }
}

impl EchoForm {
    /// What "Set echo" sends: `ATE1` or `ATE0` (either choice is valid).
    pub fn command(&self) -> Command {
        Command::Echo(self.on)
    }

    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        self.sync.follow(
            ctx.module.generation,
            ctx.jobs.latest(OWNER),
            ctx.module.echo,
            &mut self.on,
        );
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
                let r = ui.radio_value(&mut self.on, true, ctx.tr("device-echo-echo-on"));
                self.sync.touched(&r);
                let r = ui.radio_value(&mut self.on, false, ctx.tr("device-echo-echo-off"));
                self.sync.touched(&r);
            });
            self.sync.undo_note(
                ui,
                lang,
                ctx.tr("device-echo-undo-changes-to-the-echo-setting"),
            );
            let cmd = self.command();
            let why = blocked(ctx, OWNER, true);
            if apply_button(ui, lang, ctx.tr("device-echo-set-echo"), why) {
                ctx.jobs.run(OWNER, vec![cmd.clone()]);
                self.sync.applied();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each choice gives its own line; the form starts where the module starts (echo on).
    #[test]
    fn each_choice_gives_its_line() {
        let mut f = EchoForm::default();
        assert_eq!(f.command(), Command::Echo(true));
        assert_eq!(f.command().line(), "ATE1");
        f.on = false;
        assert_eq!(f.command().line(), "ATE0");
    }
}
