//! The serving cell (`AT+CPSI`) as a table, with the raw line: the manual's table and example
//! disagree on the field order, so the raw line lets the user check.

use crate::at::Command;
use crate::at::network::CellInfo;
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::panels::device::kit::can_query;
use crate::ui::widgets::{help, section};
use egui::{RichText, Ui};

const READ: &str = "network.cell";

/// The serving-cell section.
#[derive(Default)]
pub struct CellView;

/// The operator for a Chinese MCC-MNC pair, which installers recognise faster than numbers.
pub fn operator(mcc: &str, mnc: &str, lang: Lang) -> Option<&'static str> {
    if mcc.trim() != "460" {
        return None;
    }
    let mnc: u16 = mnc.trim().parse().ok()?;
    Some(match mnc {
        0 | 2 | 4 | 7 | 8 => lang.pick("China Mobile", "中国移动"),
        1 | 6 | 9 => lang.pick("China Unicom", "中国联通"),
        3 | 5 | 11 => lang.pick("China Telecom", "中国电信"),
        15 => lang.pick("China Broadnet", "中国广电"),
        _ => return None,
    })
}

impl CellView {
    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        section(
            ui,
            ctx.t("Serving cell", "服务小区（基站信息）"),
            |ui| {
                help(
                ui,
                ctx.t(
                    "The base station the module is using now. Useful for locating the module and judging the signal.",
                    "模块当前使用的基站信息，可用于网络定位或信号状态判断。",
                ),
            );
                match &ctx.module.cell {
                    Some(c) => table(ui, lang, c),
                    None => {
                        ui.label(ctx.t(
                            "Not read yet (the module shows a cell only once it is registered).",
                            "尚未读取（模块注册网络后才有小区信息）。",
                        ));
                    }
                }
                ui.horizontal(|ui| {
                    let busy = ctx.jobs.busy(READ);
                    if ui
                        .add_enabled(
                            can_query(ctx) && !busy,
                            egui::Button::new(ctx.t("Read serving cell", "读取基站信息")),
                        )
                        .clicked()
                    {
                        ctx.jobs.run(READ, vec![Command::Cell]);
                    }
                    if busy {
                        ui.spinner();
                    }
                });
                if let Some(job) = ctx.jobs.latest(READ)
                    && job.done
                    && let Some(e) = job.error(lang)
                {
                    ui.label(RichText::new(e).color(ui.visuals().error_fg_color).small());
                }
            },
        );
    }
}

/// When RSRP holds a value only RSRQ can have and the other way round (as in the manual's own
/// example, `-19,-82`), the two plausible values: (RSRP dBm, RSRQ dB).
pub fn swapped_power_quality(c: &CellInfo) -> Option<(i32, i32)> {
    let rsrp: i32 = c.rsrp.trim().parse().ok()?;
    let rsrq: i32 = c.rsrq.trim().parse().ok()?;
    // RSRP is -140..-44 dBm; RSRQ about -34..3 dB.
    let plausible_rsrp = |v: i32| (-140..=-44).contains(&v);
    let plausible_rsrq = |v: i32| (-34..=3).contains(&v);
    (!plausible_rsrp(rsrp) && plausible_rsrq(rsrp) && plausible_rsrp(rsrq) && !plausible_rsrq(rsrq))
        .then_some((rsrq, rsrp))
}

fn table(ui: &mut Ui, lang: Lang, c: &CellInfo) {
    let operator = operator(&c.mcc, &c.mnc, lang)
        .map(|o| format!("{}{o}{}", lang.pick("  (", "（"), lang.pick(")", "）")))
        .unwrap_or_default();
    let rows: [(&str, &str, String); 11] = [
        (
            lang.pick("Country / network (MCC-MNC)", "国家/网络代码（MCC-MNC）"),
            "",
            format!("{}-{}{operator}", c.mcc, c.mnc),
        ),
        (
            lang.pick("Tracking area code (TAC)", "追踪区码（TAC）"),
            "",
            c.tac.clone(),
        ),
        (
            lang.pick("Cell ID (SCell ID)", "小区识别码（SCell ID）"),
            "",
            c.cell_id.clone(),
        ),
        (
            lang.pick("Physical cell ID (PCI)", "物理小区 ID（PCell ID）"),
            "",
            c.pci.clone(),
        ),
        (
            lang.pick("Downlink bandwidth", "下行带宽"),
            "",
            c.dl_bw.clone(),
        ),
        (
            lang.pick("Uplink bandwidth", "上行带宽"),
            "",
            c.ul_bw.clone(),
        ),
        (
            lang.pick("Received power (RSRP)", "信号接收功率（RSRP）"),
            "dBm",
            c.rsrp.clone(),
        ),
        (
            lang.pick("Received quality (RSRQ)", "信号接收质量（RSRQ）"),
            "dB",
            c.rsrq.clone(),
        ),
        (
            lang.pick("Signal strength (RSSI)", "接收信号强度（RSSI）"),
            "dBm",
            c.rssi.clone(),
        ),
        (
            lang.pick("Signal to noise (SINR)", "信噪比（SINR）"),
            "dB",
            c.sinr.clone(),
        ),
        (
            lang.pick("Raw answer", "原始应答"),
            "",
            format!("+CPSI:{}", c.raw),
        ),
    ];
    egui::Grid::new("network.cell.table")
        .striped(true)
        .num_columns(2)
        .spacing([24.0, 4.0])
        .show(ui, |ui| {
            for (name, unit, value) in rows {
                let l = ui.label(RichText::new(name).weak());
                let shown = if value.is_empty() {
                    "—".to_string()
                } else if unit.is_empty() {
                    value
                } else {
                    format!("{value} {unit}")
                };
                ui.add(egui::Label::new(RichText::new(shown).monospace()).selectable(true))
                    .labelled_by(l.id);
                ui.end_row();
            }
        });
    if let Some((rsrp, rsrq)) = swapped_power_quality(c) {
        let text = match lang {
            Lang::En => format!(
                "RSRP and RSRQ look swapped (as in the manual's example): the received power is probably {rsrp} dBm and the quality {rsrq} dB."
            ),
            Lang::Zh => format!(
                "RSRP 与 RSRQ 似乎互换了位置（与手册示例相同）：信号接收功率应为 {rsrp} dBm，信号接收质量应为 {rsrq} dB。"
            ),
        };
        ui.label(RichText::new(format!("⚠ {text}")).color(ui.visuals().warn_fg_color));
    }
    ui.label(
        RichText::new(lang.pick(
            "The manual's example answer looks shifted by one field; if a value looks implausible, read the raw answer.",
            "手册中的示例应答似乎错位了一个字段；若某个值看起来不合理，请以原始应答为准。",
        ))
        .small()
        .weak(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_example_has_power_and_quality_swapped() {
        let c = CellInfo {
            rsrp: "-19".into(),
            rsrq: "-82".into(),
            ..CellInfo::default()
        };
        assert_eq!(swapped_power_quality(&c), Some((-82, -19)));
        let ok = CellInfo {
            rsrp: "-95".into(),
            rsrq: "-11".into(),
            ..CellInfo::default()
        };
        assert_eq!(swapped_power_quality(&ok), None);
    }

    #[test]
    fn operators() {
        assert_eq!(operator("460", "0", Lang::En), Some("China Mobile"));
        assert_eq!(operator("460", "11", Lang::Zh), Some("中国电信"));
        assert_eq!(operator("310", "0", Lang::En), None);
    }
}
