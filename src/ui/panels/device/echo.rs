//! Command echo (`ATE0` / `ATE1`).

use super::kit::{Synced, blocked};
use crate::at::Command;
use crate::ui::ctx::PanelCtx;
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
        section(ui, ctx.t("Command echo", "指令回显"), |ui| {
            help(
                ui,
                ctx.t(
                    "With echo on, the module repeats every command before answering it. This app works either way; \
                     switch it off if a controller on this port does not expect the repeated line.",
                    "开启回显时，模块会先返回输入的指令，再输出响应。本软件在两种方式下都能正常工作；若接在此串口上的主控不需要回显，可将其关闭。",
                ),
            );
            let current = ctx.module.echo.map(|on| {
                if on {
                    ctx.t("on", "开启")
                } else {
                    ctx.t("off", "关闭")
                }
            });
            match current {
                Some(c) => current_value(ui, lang, Some(c)),
                None => current_value(
                    ui,
                    lang,
                    Some(ctx.t(
                        "unknown (the module cannot be asked; it is on after every restart)",
                        "未知（模块不支持查询；每次重启后为开启）",
                    )),
                ),
            }
            ui.horizontal(|ui| {
                ui.radio_value(&mut self.on.form, true, ctx.t("Echo on", "开启回显"));
                ui.radio_value(&mut self.on.form, false, ctx.t("Echo off", "关闭回显"));
            });
            self.on.edited_note(ui, lang, ctx.t("echo", "回显"));
            let cmd = Command::Echo(self.on.form);
            let why = blocked(ctx, OWNER, true);
            if apply_button(ui, lang, ctx.t("Set echo", "设置回显"), why) {
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
