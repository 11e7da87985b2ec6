//! Firmware update over the air (`AT+OTA=<mode>,<url>`): for update links published by the
//! module vendor's engineers only (manual §6.1.10), so it sits behind "advanced" and an explicit
//! confirmation.

use crate::at::basic::OtaRequest;
use crate::at::value::{Field, parse_number};
use crate::at::{Checked, Command, Validate};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{Confirm, ConfirmText, blocked, warning};
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
    /// The update command, if the mode is a number from 0 to 255 and the link can be sent.
    pub fn command(&self) -> Option<Command> {
        let mode = parse_number(Field::OtaMode, &self.mode, 0, 255).ok()?;
        Checked::new(OtaRequest {
            mode: u8::try_from(mode).ok()?,
            url: self.url.trim().to_string(),
        })
        .ok()
        .map(Command::Ota)
    }

    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let running = ctx.jobs.busy(OWNER);
        egui::CollapsingHeader::new(ctx.tr("device-ota-advanced-firmware-update-vendor-links"))
            .id_salt("device.advanced")
            .default_open(running)
            .show(ui, |ui| {
                section(ui, ctx.tr("device-ota-firmware-update-ota"), |ui| {
                    warning(
                        ui,
                        ctx.tr("device-ota-use-this-only-with-an-update-link-and"),
                    );
                    let mut mode = 0i64;
                    number_field(
                        ui,
                        lang,
                        ctx.tr("device-ota-update-mode"),
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
                        ctx.tr("device-ota-update-url"),
                        &mut self.url,
                        &problems,
                        Field::OtaUrl,
                    );
                    ui.checkbox(
                        &mut self.from_vendor,
                        ctx.tr("device-ota-the-vendor-gave-me-this-link-for-this"),
                    );
                    let cmd = self.command();
                    let lines: Vec<String> = cmd.iter().map(Command::display_line).collect();
                    let mut why = blocked(ctx, OWNER, cmd.is_some());
                    if why.is_none() && !self.from_vendor {
                        why = Some(
                            ctx.tr("device-ota-confirm-that-the-vendor-gave-you-this")
                                .into(),
                        );
                    }
                    if apply_button(ui, lang, ctx.tr("device-ota-start-firmware-update"), why) {
                        self.confirm.ask();
                    }
                    if running {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(ctx.tr("device-ota-updating-the-module-downloads-the"));
                            if ui.button(ctx.tr("device-ota-stop-waiting")).clicked() {
                                ctx.jobs.cancel(OWNER);
                            }
                        });
                        ui.label(
                            RichText::new(
                                ctx.tr("device-ota-stop-waiting-only-stops-this-app-from"),
                            )
                            .small()
                            .weak(),
                        );
                    }
                    preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));

                    let text = ConfirmText {
                        title: ctx.tr("device-ota-update-the-module-s-firmware"),
                        body: &[
                            ctx.tr("device-ota-only-for-an-update-link-published-by"),
                            ctx.tr("device-ota-the-module-downloads-the-new-firmware"),
                            ctx.tr("device-ota-a-wrong-link-or-a-power-cut-during"),
                        ],
                        confirm: ctx.tr("device-ota-update-firmware"),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn form(mode: &str, url: &str) -> OtaForm {
        OtaForm {
            mode: mode.into(),
            url: url.into(),
            ..OtaForm::default()
        }
    }

    /// The typed mode and link reach the command, the link trimmed.
    #[test]
    fn the_typed_values_reach_the_command() {
        let f = form(" 1 ", "  http://vendor.example/ct11.bin ");
        assert_eq!(
            f.command().map(|c| c.line()).as_deref(),
            Some("AT+OTA=1,\"http://vendor.example/ct11.bin\"")
        );
    }

    /// A wrong mode or link sends nothing: empty, out of range, not a number (full-width digits
    /// too), a line break or a double quote in the link.
    #[test]
    fn a_wrong_field_sends_nothing() {
        let url = "http://vendor.example/ct11.bin";
        for (mode, url) in [
            ("", url),
            ("256", url),
            ("-1", url),
            ("one", url),
            ("１", url),
            ("1", ""),
            ("1", "   "),
            ("1", "http://a.example/x\r\nAT+RST"),
            ("1", "http://a.example/\"x\""),
        ] {
            assert_eq!(form(mode, url).command(), None, "{mode:?} {url:?}");
        }
    }
}
