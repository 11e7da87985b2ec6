//! Restart (`AT+RST`) and factory reset (`AT+RESTORE`), each behind a confirmation that says
//! what will happen.

use super::kit::{Confirm, ConfirmText, blocked, warning};
use crate::at::Command;
use crate::ui::ctx::PanelCtx;
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
            ctx.t("Restart and factory reset", "重启与恢复出厂设置"),
            |ui| {
                if matches!(ctx.module.link, LinkState::Restarting) {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(
                        RichText::new(ctx.t(
                            "Restarting… waiting for the module to report that it is ready (RDY).",
                            "重启中…正在等待模块上报就绪（RDY）。",
                        ))
                        .strong(),
                    );
                    });
                }
                help(
                ui,
                ctx.t(
                    "Restart: the module reboots and keeps its saved settings. Open TCP/UDP links and the MQTT connection close.",
                    "重启：模块重新启动，已保存的参数保留。已建立的 TCP/UDP 连接和 MQTT 连接会断开。",
                ),
            );
                ui.horizontal(|ui| {
                    let why = blocked(ctx, RESTART, true);
                    let b = ui.add_enabled(
                        why.is_none(),
                        egui::Button::new(ctx.t("Restart module…", "重启模块…")),
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
                    ctx.t(
                        "Factory reset: erases every saved setting and restarts the module.",
                        "恢复出厂设置：擦除所有已保存的参数并重启模块。",
                    ),
                );
                ui.horizontal(|ui| {
                    let why = blocked(ctx, RESTORE, true);
                    let b = ui.add_enabled(
                        why.is_none(),
                        egui::Button::new(
                            RichText::new(ctx.t("Factory reset…", "恢复出厂设置…"))
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
            title: ctx.t("Restart the module?", "重启模块？"),
            body: &[
                ctx.t(
                    "The module reboots. Saved settings are kept.",
                    "模块将重新启动，已保存的参数保留。",
                ),
                ctx.t(
                    "Open TCP/UDP links and the MQTT connection close; the module reconnects on its own only where auto-reconnect is set.",
                    "已建立的 TCP/UDP 连接和 MQTT 连接会断开；只有设置了自动重连的连接才会自行恢复。",
                ),
                ctx.t(
                    "It is back in a few seconds; the app waits for it.",
                    "模块几秒后恢复，本软件会等待其就绪。",
                ),
            ],
            confirm: ctx.t("Restart now", "立即重启"),
        };
        if self.restart.show(ui, lang, RESTART, &restart_text) {
            ctx.jobs.run(RESTART, vec![Command::Restart]);
        }

        let baud = match &ctx.module.link {
            LinkState::Connected { baud, .. } => Some(*baud),
            _ => None,
        };
        let baud_note = if baud.is_some_and(|b| b != 115_200) {
            ctx.t(
                "The module is not at 115200 baud now: after the reset it talks at 115200, so this app will lose it. \
                 Then choose 115200 (or Auto-detect) in the top bar and connect again.",
                "模块当前波特率不是 115200：恢复出厂后模块使用 115200，本软件将无法与其通信。届时请在顶栏选择 115200（或自动检测）后重新连接。",
            )
        } else {
            ""
        };
        let mut body = vec![
            ctx.t(
                "Every setting saved in the module is erased and the module restarts with the defaults. Lost:",
                "模块中保存的所有参数将被擦除，模块以默认参数重启。将丢失：",
            ),
            ctx.t(
                "• MQTT: client ID, user name, password, last will, broker, session and certificate\n\
                 • HTTP: URL, headers and certificate\n\
                 • Simple pairing mode and its saved TCP client\n\
                 • Sleep settings (SYSSLEEP, CSCLK)\n\
                 • UART settings (back to 115200 baud, 8 data bits, no parity, 1 stop bit)",
                "• MQTT：客户端 ID、用户名、密码、遗嘱、服务器、会话参数和证书\n\
                 • HTTP：URL、请求头和证书\n\
                 • 简易配对模式及其保存的 TCP 客户端配置\n\
                 • 休眠设置（SYSSLEEP、CSCLK）\n\
                 • 串口参数（恢复为 115200 波特率、8 位数据位、无校验、1 位停止位）",
            ),
            ctx.t(
                "Kept: the SIM slot choice (a factory reset does not change it).",
                "保留：SIM 卡槽选择（恢复出厂设置不会改变它）。",
            ),
            ctx.t("This cannot be undone.", "此操作无法撤销。"),
        ];
        if !baud_note.is_empty() {
            body.push(baud_note);
        }
        let restore_text = ConfirmText {
            title: ctx.t("Erase all saved settings?", "擦除所有已保存的参数？"),
            body: &body,
            confirm: ctx.t("Erase and restart", "擦除并重启"),
        };
        if self.restore.show(ui, lang, RESTORE, &restore_text) {
            ctx.jobs.run(RESTORE, vec![Command::FactoryReset]);
        }
        if !baud_note.is_empty() && ctx.jobs.latest(RESTORE).is_some_and(|j| j.done) {
            warning(ui, baud_note);
        }
    }
}
