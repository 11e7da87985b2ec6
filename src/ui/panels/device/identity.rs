//! Firmware version, IMEI and SIM card (ICCID), with advice when no SIM is found.

use super::READ;
use super::kit::{can_query, value_row, warning};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::{help, section};
use egui::{RichText, Ui};

/// Draw the identity section. Returns true when the user asked to read the module again.
pub fn ui(ui: &mut Ui, ctx: &PanelCtx<'_>) -> bool {
    let lang = ctx.lang;
    let m = ctx.module;
    let unknown = ctx.t("not read yet", "尚未读取");
    let mut read = false;
    section(ui, ctx.t("Module", "模块信息"), |ui| {
        value_row(
            ui,
            ctx.t("Firmware version", "固件版本"),
            m.firmware.as_deref().unwrap_or(unknown),
        );
        value_row(
            ui,
            ctx.t("IMEI (module serial)", "IMEI（模块识别码）"),
            m.imei.as_deref().unwrap_or(unknown),
        );
        let iccid = match &m.iccid {
            None => unknown.to_string(),
            Some(None) => ctx.t("No SIM card detected", "未识别到 SIM 卡").to_string(),
            Some(Some(i)) => i.clone(),
        };
        value_row(ui, ctx.t("SIM card (ICCID)", "SIM 卡（ICCID）"), &iccid);
        if matches!(m.iccid, Some(None)) {
            warning(
                ui,
                ctx.t(
                    "Power the module off, check that the SIM card sits fully in its holder, \
                     and power it on again. If the SIM sits in the second holder, choose that slot under \"SIM slot\" below.",
                    "请断电后检查 SIM 卡是否完全插入卡座，再重新上电。若 SIM 卡装在第二个卡座，请在下方“SIM 卡槽”中选择该卡槽。",
                ),
            );
        }
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let busy = ctx.jobs.busy(READ);
            let b = ui.add_enabled(
                can_query(ctx) && !busy,
                egui::Button::new(ctx.t("Read from module", "从模块读取")),
            );
            if b.clicked() {
                read = true;
            }
            if busy {
                ui.spinner();
                ui.label(ctx.t("Reading…", "读取中…"));
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
            ctx.t(
                "The IMEI identifies this module on the mobile network; the ICCID is the number printed on the SIM card.",
                "IMEI 是模块在移动网络中的识别码；ICCID 是 SIM 卡上印的卡号。",
            ),
        );
    });
    read
}
