//! Firmware update over the air (`AT+OTA=<mode>,<url>`): for update links published by the
//! module vendor's engineers only (manual §6.1.10), so it sits behind "advanced" and an explicit
//! confirmation.

use super::kit::{Confirm, ConfirmText, blocked, warning};
use crate::at::basic::OtaRequest;
use crate::at::value::Field;
use crate::at::{Checked, Command, Validate};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::{apply_button, number_field, preview, section, text_field};
use egui::{RichText, Ui};

const OWNER: &str = "device.ota";

/// The firmware update form.
#[derive(Default)]
pub struct OtaForm {
    mode: String,
    url: String,
    from_vendor: bool,
    confirm: Confirm,
}

impl OtaForm {
    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let running = ctx.jobs.busy(OWNER);
        egui::CollapsingHeader::new(ctx.t(
            "Advanced: firmware update (vendor links only)",
            "高级：空中升级（仅限厂家提供的链接）",
        ))
        .id_salt("device.advanced")
        .default_open(running)
        .show(ui, |ui| {
            section(ui, ctx.t("Firmware update (OTA)", "空中升级（OTA）"), |ui| {
                warning(
                    ui,
                    ctx.t(
                        "Use this only with an update link and mode given to you by the module vendor's engineers. \
                         A wrong link, or power lost during the update, can leave the module unusable.",
                        "该命令需要我司工程师发布升级链接方可使用，切勿随意使用。错误的链接或升级过程中断电可能导致模块无法使用。",
                    ),
                );
                let mut mode = 0i64;
                let mode_err = number_field(
                    ui,
                    lang,
                    ctx.t("Update mode", "升级模式"),
                    &mut self.mode,
                    Field::OtaMode,
                    0,
                    255,
                    &mut mode,
                );
                let req = OtaRequest {
                    mode: u8::try_from(mode).unwrap_or(0),
                    url: self.url.trim().to_string(),
                };
                let problems = req.problems();
                text_field(
                    ui,
                    lang,
                    ctx.t("Update URL", "升级链接"),
                    &mut self.url,
                    &problems,
                    Field::OtaUrl,
                );
                ui.checkbox(
                    &mut self.from_vendor,
                    ctx.t(
                        "The vendor gave me this link for this module",
                        "此链接由厂家工程师针对本模块提供",
                    ),
                );
                let cmd = if mode_err.is_none() {
                    Checked::new(req).ok().map(Command::Ota)
                } else {
                    None
                };
                let lines: Vec<String> = cmd.iter().map(Command::display_line).collect();
                let mut why = blocked(ctx, OWNER, cmd.is_some());
                if why.is_none() && !self.from_vendor {
                    why = Some(
                        ctx.t(
                            "Confirm that the vendor gave you this link.",
                            "请先确认此链接由厂家提供。",
                        )
                        .into(),
                    );
                }
                if apply_button(ui, lang, ctx.t("Start firmware update…", "开始空中升级…"), why) {
                    self.confirm.ask();
                }
                if running {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(ctx.t(
                            "Updating: the module downloads the firmware and restarts. Keep it powered. This can take several minutes.",
                            "升级中：模块正在下载固件并将重启，请保持供电。可能需要几分钟。",
                        ));
                        if ui.button(ctx.t("Stop waiting", "停止等待")).clicked() {
                            ctx.jobs.cancel(OWNER);
                        }
                    });
                    ui.label(
                        RichText::new(ctx.t(
                            "\"Stop waiting\" only stops this app from waiting; the module carries on with the update.",
                            "“停止等待”只是让本软件不再等待，模块仍会继续升级。",
                        ))
                        .small()
                        .weak(),
                    );
                }
                preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));

                let text = ConfirmText {
                    title: ctx.t("Update the module's firmware?", "升级模块固件？"),
                    body: &[
                        ctx.t(
                            "Only for an update link published by the module vendor's engineers. Never use a link from anywhere else.",
                            "仅限使用厂家工程师发布的升级链接，切勿使用其他来源的链接。",
                        ),
                        ctx.t(
                            "The module downloads the new firmware over the mobile network and restarts. Keep it powered and connected until it is back.",
                            "模块将通过移动网络下载新固件并重启。在其恢复前请保持供电和连接。",
                        ),
                        ctx.t(
                            "A wrong link or a power cut during the update can leave the module unusable.",
                            "错误的链接或升级中断电可能导致模块无法使用。",
                        ),
                    ],
                    confirm: ctx.t("Update firmware", "升级固件"),
                };
                if self.confirm.show(ui, lang, OWNER, &text)
                    && let Some(cmd) = cmd
                {
                    ctx.jobs.run(OWNER, vec![cmd, Command::Version]);
                }
            });
        });
    }
}
