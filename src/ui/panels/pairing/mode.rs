//! The pairing mode (`AT+SIMPLEMODE`): four choices in plain words, the restart warning, and a
//! confirmation that says what will happen before the module restarts.

use crate::at::Command;
use crate::at::socket::PairingMode;
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::panels::socket::{form_blocked, warning};
use crate::ui::widgets::{apply_button, current_value, help, preview, section};
use egui::{RichText, Ui};

/// Owner of the mode change.
pub const OWNER: &str = "pairing.mode";

/// The mode form's state.
#[derive(Default)]
pub struct ModeForm {
    pub chosen: PairingMode,
    /// The user picked a mode: new reads no longer overwrite it.
    pub edited: bool,
    seen_generation: u64,
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
        PairingMode::Normal => lang.pick(
            "After the restart nothing is connected at power-up any more: your device (or this app) opens connections itself.",
            "重启后，上电时不再自动连接：需由您的设备（或本软件）自行建立连接。",
        ),
        PairingMode::Tcp if client_saved != Some(true) => lang.pick(
            "No TCP client is saved yet: after the restart the module prints ERROR=104 again and again until you save one on this page. That is expected.",
            "尚未保存 TCP 客户端信息：重启后模块会持续输出 ERROR=104，直到您在本页保存客户端信息。这属于正常现象。",
        ),
        PairingMode::Tcp => lang.pick(
            "After the restart the module connects to the saved TCP server by itself.",
            "重启后模块会自动连接已保存的 TCP 服务器。",
        ),
        PairingMode::MqttSingle | PairingMode::MqttContinuous => lang.pick(
            "After the restart, set up MQTT in the MQTT panel: in this mode its settings are kept across power loss and the module reconnects by itself.",
            "重启后，请在 MQTT 页面配置 MQTT：该模式下相关设置断电保存，模块会自动重连。",
        ),
    }
}

impl ModeForm {
    fn load(&mut self, ctx: &PanelCtx<'_>) {
        if ctx.module.generation == self.seen_generation {
            return;
        }
        self.seen_generation = ctx.module.generation;
        if !self.edited
            && let Some(m) = ctx.module.pairing
        {
            self.chosen = m;
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        self.load(ctx);
        let lang = ctx.lang;
        section(ui, ctx.t("Pairing mode", "简易配对模式"), |ui| {
            help(
                ui,
                ctx.t(
                    "Simple pairing makes the module remember its connection across power loss, so the device on its serial port only has to send its data. It works with a single connection.",
                    "简易配对让模块断电保存通讯设置，串口上的设备只需收发数据。该模式只支持单连接。",
                ),
            );
            current_value(ui, lang, ctx.module.pairing.map(|m| m.title(lang)));
            for m in PairingMode::ALL {
                if ui.radio_value(&mut self.chosen, m, m.title(lang)).changed() {
                    self.edited = true;
                }
                ui.horizontal(|ui| {
                    ui.add_space(24.0);
                    help(ui, m.explanation(lang));
                });
            }
            ui.add_space(4.0);
            warning(
                ui,
                ctx.t(
                    "Changing the mode restarts the module: open connections close and it is silent for a few seconds. In TCP passthrough mode with no client saved, it then prints ERROR=104 repeatedly until you save one.",
                    "切换模式会使模块重启：已有连接将断开，模块会有几秒钟无响应。TCP 透传模式下若未保存客户端信息，模块会持续输出 ERROR=104，直到保存为止。",
                ),
            );
            if ctx.module.sockets.as_ref().is_some_and(|s| s.len() > 1) {
                warning(
                    ui,
                    ctx.t(
                        "Several connections are open: the module accepts this only with a single connection. Close the others in the TCP/UDP panel first.",
                        "当前打开了多个连接：该指令只能在单连接下使用。请先在 TCP/UDP 页面关闭多余的连接。",
                    ),
                );
            }
            let cmds = commands(self.chosen);
            let lines: Vec<String> = cmds.iter().map(Command::display_line).collect();
            preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
            let blocked = if ctx.module.pairing == Some(self.chosen) {
                Some(
                    ctx.t("The module is already in this mode.", "模块已处于该模式。")
                        .to_string(),
                )
            } else {
                form_blocked(ctx, OWNER, true)
            };
            if apply_button(
                ui,
                lang,
                ctx.t("Apply and restart…", "应用并重启…"),
                blocked,
            ) {
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
            ui.heading(lang.pick("Restart the module?", "重启模块？"));
            ui.label(match lang {
                Lang::En => format!(
                    "The module switches to “{}” and restarts. Open connections close and MQTT disconnects; it answers again after RDY.",
                    mode.title(lang)
                ),
                Lang::Zh => format!(
                    "模块将切换到“{}”并重启。已有连接会断开，MQTT 也会断开；模块输出 RDY 后恢复响应。",
                    mode.title(lang)
                ),
            });
            ui.add_space(4.0);
            ui.label(RichText::new(consequence(mode, client_saved, lang)).strong());
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .button(lang.pick("Restart and switch", "重启并切换"))
                    .clicked()
                {
                    ctx.jobs.run(OWNER, commands(mode));
                    self.edited = false;
                    decided = true;
                }
                if ui.button(lang.pick("Cancel", "取消")).clicked() {
                    decided = true;
                }
            });
        });
        if decided || modal.should_close() {
            self.confirm = None;
        }
    }
}
