//! SIM slot (`AT+SINGLESIM`): which of the two SIM holders the module uses. The module accepts
//! it only once it is on the network, restarts to apply it, and a factory reset keeps it.

use super::kit::{Confirm, ConfirmText, Synced, blocked, warning};
use crate::at::command::SimSlot;
use crate::at::{Checked, Command};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::{apply_button, current_value, help, preview, section};
use egui::Ui;

const OWNER: &str = "device.sim";

/// The SIM slot form.
pub struct SimForm {
    slot: Synced<u8>,
    confirm: Confirm,
}

impl Default for SimForm {
    fn default() -> Self {
        Self {
            slot: Synced::new(0),
            confirm: Confirm::default(),
        }
    }
}

impl SimForm {
    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        self.slot
            .sync(ctx.module.generation, ctx.jobs, ctx.module.sim_slot);
        let lang = ctx.lang;
        section(ui, ctx.t("SIM slot", "SIM 卡槽"), |ui| {
            help(
                ui,
                ctx.t(
                    "Boards with two SIM holders: choose which one the module uses. The module restarts to switch, \
                     and a factory reset does not change this choice.",
                    "适用于带两个 SIM 卡座的板子：选择模块使用哪一个。切换后模块会重启，恢复出厂设置不会改变此选择。",
                ),
            );
            let now = ctx.module.sim_slot.map(|s| slot_words(ctx, s));
            current_value(ui, lang, now.as_deref());
            ui.horizontal(|ui| {
                ui.radio_value(
                    &mut self.slot.form,
                    0,
                    ctx.t("Slot 0 (USIM0)", "卡槽 0（USIM0）"),
                );
                ui.radio_value(
                    &mut self.slot.form,
                    1,
                    ctx.t("Slot 1 (USIM1)", "卡槽 1（USIM1）"),
                );
            });
            self.slot
                .edited_note(ui, lang, ctx.t("SIM slot", "SIM 卡槽"));

            let online = ctx
                .module
                .registration
                .as_ref()
                .is_some_and(|r| r.stat.is_registered());
            let cmds = Checked::new(SimSlot(self.slot.form))
                .ok()
                .map(|s| vec![Command::SimSlotSet(s), Command::SimSlotQuery]);
            let lines: Vec<String> = cmds.iter().flatten().map(Command::display_line).collect();
            let mut why = blocked(ctx, OWNER, cmds.is_some());
            if why.is_none() && !online {
                why = Some(
                    ctx.t(
                        "The module accepts this only once it is registered on the network (see the Network panel).",
                        "模块只有在注册上网络后才接受此设置（见“网络”页）。",
                    )
                    .into(),
                );
            }
            if apply_button(ui, lang, ctx.t("Switch SIM slot…", "切换 SIM 卡槽…"), why) {
                self.confirm.ask();
            }
            preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
            if ctx.jobs.latest(OWNER).is_some_and(|j| j.done && j.ok)
                && matches!(ctx.module.iccid, Some(None))
            {
                warning(
                    ui,
                    ctx.t(
                        "If no SIM card is in the chosen holder, the module cannot get back on the network, \
                         and it accepts another switch only once it is online again.",
                        "若所选卡座中没有 SIM 卡，模块将无法注册网络，而只有在联网后才能再次切换。",
                    ),
                );
            }

            let line1 = format!(
                "{} {}",
                ctx.t("The module will use:", "模块将使用："),
                slot_words(ctx, self.slot.form)
            );
            let text = ConfirmText {
                title: ctx.t("Switch the SIM slot?", "切换 SIM 卡槽？"),
                body: &[
                    &line1,
                    ctx.t(
                        "The module restarts and registers again with the SIM in that holder. Open connections close.",
                        "模块将重启，并使用该卡座中的 SIM 卡重新注册网络。已建立的连接会断开。",
                    ),
                    ctx.t(
                        "Make sure a SIM card is in that holder: without one the module cannot get online, \
                         and it accepts a switch back only when online.",
                        "请确认该卡座中已插入 SIM 卡：否则模块无法联网，而只有联网后才能再切换回来。",
                    ),
                    ctx.t(
                        "A factory reset does not undo this choice.",
                        "恢复出厂设置不会撤销此选择。",
                    ),
                ],
                confirm: ctx.t("Switch and restart", "切换并重启"),
            };
            if self.confirm.show(ui, lang, OWNER, &text)
                && let Some(cmds) = cmds
            {
                let id = ctx.jobs.run(OWNER, cmds);
                self.slot.applied(id);
            }
        });
    }
}

fn slot_words(ctx: &PanelCtx<'_>, slot: u8) -> String {
    match slot {
        0 => ctx.t("slot 0 (USIM0)", "卡槽 0（USIM0）").into(),
        1 => ctx.t("slot 1 (USIM1)", "卡槽 1（USIM1）").into(),
        n => format!("{} {n}", ctx.t("slot", "卡槽")),
    }
}
