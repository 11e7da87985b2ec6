//! The pairing mode (`AT+SIMPLEMODE`): four choices in plain words, the restart warning, and a
//! confirmation that says what will happen before the module restarts.

use crate::at::Command;
use crate::at::socket::PairingMode;
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{FormSync, blocked, warning};
use crate::ui::widgets::{apply_button, current_value, help, preview, section};
use egui::{RichText, Ui};

/// Owner of the mode change.
pub const OWNER: &str = "pairing.mode";

/// The mode form's state.
#[derive(Default)]
pub struct ModeForm {
    pub chosen: PairingMode,
    /// Follows the module's mode until the user picks one.
    pub sync: FormSync,
    /// The confirmation is open for this mode.
    pub confirm: Option<PairingMode>,
}

/// The commands that switch to `mode` and read it back once the module is up again.
pub fn commands(mode: PairingMode) -> Vec<Command> {
    let mut c = vec![Command::PairingSet(mode), Command::PairingQuery];
    if mode == PairingMode::Tcp {
        c.push(Command::SimpleClientQuery);
    }
    c
}

/// What happens after the restart, for the confirmation.
fn consequence(mode: PairingMode, client_saved: Option<bool>, lang: Lang) -> &'static str {
    match mode {
        PairingMode::Normal => lang.tr("pairing-mode-after-the-restart-nothing-is"),
        PairingMode::Tcp if client_saved != Some(true) => {
            lang.tr("pairing-mode-no-tcp-client-is-saved-yet-after-the")
        }
        PairingMode::Tcp => lang.tr("pairing-mode-after-the-restart-the-module-connects"),
        PairingMode::MqttSingle | PairingMode::MqttContinuous => {
            lang.tr("pairing-mode-after-the-restart-set-up-mqtt-in-the")
        }
    }
}

impl ModeForm {
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        self.sync.follow(
            ctx.module.generation,
            ctx.jobs.latest(OWNER),
            ctx.module.pairing,
            &mut self.chosen,
        );
        let lang = ctx.lang;
        section(ui, ctx.tr("pairing-mode-pairing-mode"), |ui| {
            help(ui, ctx.tr("pairing-mode-simple-pairing-makes-the-module"));
            current_value(ui, lang, ctx.module.pairing.map(|m| m.title(lang)));
            for m in PairingMode::ALL {
                let r = ui.radio_value(&mut self.chosen, m, m.title(lang));
                self.sync.touched(&r);
                ui.horizontal(|ui| {
                    ui.add_space(24.0);
                    help(ui, m.explanation(lang));
                });
            }
            self.sync.undo_note(
                ui,
                lang,
                ctx.tr("pairing-mode-undo-changes-to-the-pairing-mode"),
            );
            ui.add_space(4.0);
            warning(
                ui,
                ctx.tr("pairing-mode-changing-the-mode-restarts-the-module"),
            );
            if ctx.module.sockets.as_ref().is_some_and(|s| s.len() > 1) {
                warning(ui, ctx.tr("pairing-mode-several-connections-are-open-the"));
            }
            let cmds = commands(self.chosen);
            let lines: Vec<String> = cmds.iter().map(Command::display_line).collect();
            preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
            let blocked = if ctx.module.pairing == Some(self.chosen) {
                Some(
                    ctx.tr("pairing-mode-the-module-is-already-in-this-mode")
                        .to_string(),
                )
            } else {
                blocked(ctx, OWNER, true)
            };
            if apply_button(ui, lang, ctx.tr("pairing-mode-apply-and-restart"), blocked) {
                self.confirm = Some(self.chosen);
            }
        });
        self.confirmation(ui, ctx);
    }

    fn confirmation(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let Some(mode) = self.confirm else { return };
        let lang = ctx.lang;
        let client_saved = ctx.module.simple_client.as_ref().map(Option::is_some);
        let mut decided = false;
        let modal = egui::Modal::new(egui::Id::unique("pairing.confirm")).show(ui.ctx(), |ui| {
            ui.set_max_width(460.0);
            ui.heading(lang.tr("pairing-mode-restart-the-module"));
            ui.label(crate::tr!(
                lang,
                "pairing-mode-the-module-switches-to-and-restarts",
                lang = &mode.title(lang)
            ));
            ui.add_space(4.0);
            ui.label(RichText::new(consequence(mode, client_saved, lang)).strong());
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .button(lang.tr("pairing-mode-restart-and-switch"))
                    .clicked()
                {
                    ctx.jobs.run(OWNER, commands(mode));
                    self.sync.applied();
                    decided = true;
                }
                if ui.button(lang.tr("pairing-mode-cancel")).clicked() {
                    decided = true;
                }
            });
        });
        if decided || modal.should_close() {
            self.confirm = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(mode: PairingMode) -> Vec<String> {
        commands(mode).iter().map(Command::line).collect()
    }

    /// Each mode is set, then read back once the module is up again; TCP passthrough also reads
    /// its saved client.
    #[test]
    fn each_mode_is_set_then_read_back() {
        assert_eq!(
            lines(PairingMode::Normal),
            ["AT+SIMPLEMODE=0,0", "AT+SIMPLEMODE?"]
        );
        assert_eq!(
            lines(PairingMode::Tcp),
            ["AT+SIMPLEMODE=1,0", "AT+SIMPLEMODE?", "AT+SIMPLECLIENT?"]
        );
        assert_eq!(
            lines(PairingMode::MqttSingle),
            ["AT+SIMPLEMODE=2,1", "AT+SIMPLEMODE?"]
        );
        assert_eq!(
            lines(PairingMode::MqttContinuous),
            ["AT+SIMPLEMODE=2,2", "AT+SIMPLEMODE?"]
        );
    }
}
