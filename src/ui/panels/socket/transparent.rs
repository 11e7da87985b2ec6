//! Transparent (data) mode: a clear switch between command mode and data mode (`ATO` / `+++`),
//! and, while in data mode, a box whose bytes go straight to the server.

use super::payload::PayloadInput;
use crate::at::Command;
use crate::at::socket::PairingMode;
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::{apply_button, help, preview::job_result, section};
use egui::{Color32, RichText, Ui};

/// Owner of the ATO / `+++` jobs.
pub const OWNER: &str = "socket.mode";
/// Owner the shell's data-mode banner uses for its `+++`.
pub const BANNER_OWNER: &str = "datamode";

/// The switch's state: the raw data box.
#[derive(Default)]
pub struct ModeSwitch {
    pub raw: PayloadInput,
}

/// Whether a `+++` or `ATO` is under way (the guard times last seconds).
pub fn switching(ctx: &PanelCtx<'_>) -> bool {
    ctx.jobs.busy(OWNER) || ctx.jobs.busy(BANNER_OWNER)
}

/// The switch button and the current mode, shared with the pairing panel. `enter_blocked`:
/// why ATO makes no sense now (no link to return to), if so.
pub fn mode_toggle(ui: &mut Ui, ctx: &mut PanelCtx<'_>, enter_blocked: Option<String>) {
    let lang = ctx.lang;
    let data = ctx.module.data_mode;
    let busy = switching(ctx);
    ui.horizontal_wrapped(|ui| {
        let (text, fill) = if data {
            (
                ctx.t("Now: transparent mode", "当前：透传模式"),
                Color32::from_rgb(255, 236, 179),
            )
        } else {
            (
                ctx.t("Now: command mode", "当前：指令模式"),
                Color32::from_rgb(214, 234, 248),
            )
        };
        egui::Frame::new()
            .fill(fill)
            .corner_radius(4.0)
            .inner_margin(egui::Margin::symmetric(8, 3))
            .show(ui, |ui| {
                ui.label(
                    RichText::new(text)
                        .color(Color32::from_rgb(40, 40, 40))
                        .strong(),
                );
            });
        if data {
            let blocked = if busy {
                Some(ctx.t("Working…", "执行中…").to_string())
            } else if !ctx.connected() {
                Some(
                    ctx.t("Connect to a module first.", "请先连接模块。")
                        .to_string(),
                )
            } else {
                None
            };
            if apply_button(
                ui,
                lang,
                ctx.t("Leave transparent mode (+++)", "退出透传模式（+++）"),
                blocked,
            ) {
                ctx.jobs.run(OWNER, vec![Command::LeaveData]);
            }
        } else {
            let blocked = if busy {
                Some(ctx.t("Working…", "执行中…").to_string())
            } else if !ctx.connected() {
                Some(
                    ctx.t("Connect to a module first.", "请先连接模块。")
                        .to_string(),
                )
            } else {
                enter_blocked
            };
            if apply_button(
                ui,
                lang,
                ctx.t("Enter transparent mode (ATO)", "进入透传模式（ATO）"),
                blocked,
            ) {
                ctx.jobs.run(OWNER, vec![Command::EnterData]);
            }
        }
        if busy && ui.button(ctx.t("Cancel", "取消")).clicked() {
            ctx.jobs.cancel(OWNER);
            ctx.jobs.cancel(BANNER_OWNER);
        }
    });
    if busy {
        let ms = ctx.settings.escape_guard_ms;
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(match lang {
                Lang::En => format!(
                    "Keeping the line silent for {ms} ms before and after +++, as the module requires…"
                ),
                Lang::Zh => format!("按模块要求，在 +++ 前后各保持 {ms} 毫秒静默…"),
            });
        });
    } else if let Some(job) = ctx.jobs.latest(OWNER)
        && !job.ok
    {
        job_result(ui, lang, job);
    }
}

/// The raw data box shown while in data mode: its bytes go to the port as they are.
pub fn raw_box(
    ui: &mut Ui,
    ctx: &mut PanelCtx<'_>,
    raw: &mut PayloadInput,
    id_salt: &str,
    label: &str,
) {
    let lang = ctx.lang;
    let bytes = raw.ui(ui, lang, id_salt, label, None);
    let blocked = if !ctx.connected() {
        Some(
            ctx.t("Connect to a module first.", "请先连接模块。")
                .to_string(),
        )
    } else if switching(ctx) {
        // Bytes sent now would break the silence +++ needs.
        Some(
            ctx.t(
                "Wait until the mode switch is done.",
                "请等待模式切换完成。",
            )
            .to_string(),
        )
    } else if bytes.as_ref().is_none_or(Vec::is_empty) {
        Some(ctx.t("Type the data first.", "请先输入数据。").to_string())
    } else {
        None
    };
    if apply_button(
        ui,
        lang,
        ctx.t("Send to the server", "发送到服务器"),
        blocked,
    ) && let Some(b) = bytes
    {
        ctx.jobs.raw(b);
        raw.clear();
    }
}

impl ModeSwitch {
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        section(ui, ctx.t("Transparent mode", "透传模式"), |ui| {
            help(
                ui,
                ctx.t(
                    "In transparent mode the module passes every byte straight to the server and ignores AT commands. +++ returns to command mode (the link stays open); ATO goes back into transparent mode.",
                    "透传模式下，模块把收到的每个字节直接转发给服务器，不响应 AT 指令。发送 +++ 返回指令模式（连接保持）；发送 ATO 重新进入透传模式。",
                ),
            );
            // ATO only makes sense with a link to go back to.
            let no_link = ctx.module.sockets.as_ref().is_some_and(Vec::is_empty)
                && !matches!(
                    ctx.module.pairing,
                    Some(PairingMode::Tcp | PairingMode::MqttContinuous)
                );
            let enter_blocked = no_link.then(|| {
                ctx.t(
                    "No connection is open: open one in transparent mode above.",
                    "没有打开的连接：请先在上方以直接透传模式建立连接。",
                )
                .to_string()
            });
            mode_toggle(ui, ctx, enter_blocked);
            if ctx.module.data_mode {
                ui.add_space(6.0);
                let label = ctx.t("Data for the server", "发给服务器的数据");
                raw_box(ui, ctx, &mut self.raw, "socket.raw", label);
            }
            help(
                ui,
                ctx.t(
                    "What the server sends back is shown under \"Received data\" above (and in the log).",
                    "服务器返回的数据显示在上方的“收到的数据”中（日志中也有）。",
                ),
            );
        });
    }
}
