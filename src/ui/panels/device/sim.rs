//! SIM slot (`AT+SINGLESIM`): which of the two SIM holders the module uses. The module accepts
//! it only once it is on the network, restarts to apply it, and a factory reset keeps it.

use crate::at::command::SimSlot;
use crate::at::{Checked, Command};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{Confirm, ConfirmText, FormSync, blocked, then_read, warning};
use crate::ui::widgets::{apply_button, current_value, help, preview, section};
use egui::Ui;

const OWNER: &str = "device.sim";

/// The SIM slot form.
#[derive(Default)]
pub struct SimForm {
    slot: u8,
    sync: FormSync,
    confirm: Confirm,
}

impl SimForm {
    /// The slot command, if the slot is one the module has.
    pub fn command(&self) -> Option<Command> {
        Checked::new(SimSlot(self.slot))
            .ok()
            .map(Command::SimSlotSet)
    }

    /// What "Switch SIM slot" sends: the slot, then its read-back. Empty while the form is wrong.
    pub fn commands(&self) -> Vec<Command> {
        then_read(self.command(), Command::SimSlotQuery)
    }

    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        self.sync.follow(
            ctx.module.generation,
            ctx.jobs.latest(OWNER),
            ctx.module.sim_slot,
            &mut self.slot,
        );
        let lang = ctx.lang;
        section(ui, ctx.tr("device-sim-sim-slot"), |ui| {
            help(ui, ctx.tr("device-sim-boards-with-two-sim-holders-choose"));
            let now = ctx.module.sim_slot.map(|s| slot_words(ctx, s));
            current_value(ui, lang, now.as_deref());
            ui.horizontal(|ui| {
                let r = ui.radio_value(&mut self.slot, 0, ctx.tr("device-sim-slot-0-usim0"));
                self.sync.touched(&r);
                let r = ui.radio_value(&mut self.slot, 1, ctx.tr("device-sim-slot-1-usim1"));
                self.sync.touched(&r);
            });
            self.sync
                .undo_note(ui, lang, ctx.tr("device-sim-undo-changes-to-the-sim-slot"));

            let online = ctx
                .module
                .registration
                .as_ref()
                .is_some_and(|r| r.stat.is_registered());
            let cmds = self.commands();
            let lines: Vec<String> = cmds.iter().map(Command::display_line).collect();
            let mut why = blocked(ctx, OWNER, !cmds.is_empty());
            if why.is_none() && !online {
                why = Some(
                    ctx.tr("device-sim-the-module-accepts-this-only-once-it")
                        .into(),
                );
            }
            if apply_button(ui, lang, ctx.tr("device-sim-switch-sim-slot"), why) {
                self.confirm.ask();
            }
            preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
            if ctx.jobs.latest(OWNER).is_some_and(|j| j.done && j.ok)
                && matches!(ctx.module.iccid, Some(None))
            {
                warning(ui, ctx.tr("device-sim-if-no-sim-card-is-in-the-chosen"));
            }

            let line1 = crate::tr!(
                lang,
                "device-sim-the-module-will-use-slot",
                slot = &slot_words(ctx, self.slot)
            );
            let text = ConfirmText {
                title: ctx.tr("device-sim-switch-the-sim-slot"),
                body: &[
                    &line1,
                    ctx.tr("device-sim-the-module-restarts-and-registers"),
                    ctx.tr("device-sim-make-sure-a-sim-card-is-in-that"),
                    ctx.tr("device-sim-a-factory-reset-does-not-undo-this"),
                ],
                confirm: ctx.tr("device-sim-switch-and-restart"),
            };
            if self.confirm.show(ui, lang, OWNER, &text) && !cmds.is_empty() {
                ctx.jobs.run(OWNER, cmds);
                self.sync.applied();
            }
        });
    }
}

fn slot_words(ctx: &PanelCtx<'_>, slot: u8) -> String {
    match slot {
        0 => ctx.tr("device-sim-slot-0-usim0-2").into(),
        1 => ctx.tr("device-sim-slot-1-usim1-2").into(),
        n => crate::tr!(ctx.lang, "device-sim-slot-n", n = &n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(f: &SimForm) -> Vec<String> {
        f.commands().iter().map(Command::line).collect()
    }

    /// Each slot is set, then read back.
    #[test]
    fn a_slot_is_set_then_read_back() {
        let mut f = SimForm::default();
        assert_eq!(lines(&f), ["AT+SINGLESIM=0", "AT+SINGLESIM?"]);
        f.slot = 1;
        assert_eq!(lines(&f), ["AT+SINGLESIM=1", "AT+SINGLESIM?"]);
    }

    /// A slot the module does not have sends nothing.
    #[test]
    fn a_slot_out_of_range_sends_nothing() {
        for slot in [2, 9, u8::MAX] {
            let f = SimForm {
                slot,
                ..SimForm::default()
            };
            assert_eq!(f.command(), None, "{slot}");
            assert!(f.commands().is_empty());
        }
    }
}
