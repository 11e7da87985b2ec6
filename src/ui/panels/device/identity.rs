//! Firmware version, IMEI and SIM card (ICCID), with advice when no SIM is found.

use super::READ;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{can_query, value_row, warning};
use crate::ui::widgets::{help, section};
use egui::{RichText, Ui};

/// Draw the identity section. Returns true when the user asked to read the module again.
pub fn ui(ui: &mut Ui, ctx: &PanelCtx<'_>) -> bool {
    let lang = ctx.lang;
    let m = ctx.module;
    let unknown = ctx.tr("device-identity-not-read-yet");
    let mut read = false;
    section(ui, ctx.tr("device-identity-module"), |ui| {
        value_row(
            ui,
            ctx.tr("device-identity-firmware-version"),
            m.firmware.as_deref().unwrap_or(unknown),
        );
        value_row(
            ui,
            ctx.tr("device-identity-imei-module-serial"),
            m.imei.as_deref().unwrap_or(unknown),
        );
        let iccid = match &m.iccid {
            None => unknown.to_string(),
            Some(None) => ctx.tr("device-identity-no-sim-card-detected").to_string(),
            Some(Some(i)) => i.clone(),
        };
        value_row(ui, ctx.tr("device-identity-sim-card-iccid"), &iccid);
        if matches!(m.iccid, Some(None)) {
            warning(
                ui,
                ctx.tr("device-identity-power-the-module-off-check-that-the"),
            );
        }
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let busy = ctx.jobs.busy(READ);
            let b = ui.add_enabled(
                can_query(ctx) && !busy,
                egui::Button::new(ctx.tr("device-identity-read-from-module")),
            );
            if b.clicked() {
                read = true;
            }
            if busy {
                ui.spinner();
                ui.label(ctx.tr("device-identity-reading"));
            }
        });
        if let Some(job) = ctx.jobs.latest(READ)
            && job.done
            && let Some(e) = job.error(lang)
        {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
        }
        help(
            ui,
            ctx.tr("device-identity-the-imei-identifies-this-module-on"),
        );
    });
    read
}
