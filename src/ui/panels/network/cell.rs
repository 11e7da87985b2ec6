//! The serving cell (`AT+CPSI`) as a table, with the raw line: the manual's table and example
//! disagree on the field order, so the raw line lets the user check.

use crate::at::Command;
use crate::at::network::CellInfo;
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{can_query, read_button, read_error};
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
        0 | 2 | 4 | 7 | 8 => lang.tr("network-cell-china-mobile"),
        1 | 6 | 9 => lang.tr("network-cell-china-unicom"),
        3 | 5 | 11 => lang.tr("network-cell-china-telecom"),
        15 => lang.tr("network-cell-china-broadnet"),
        _ => return None,
    })
}

impl CellView {
    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        section(ui, ctx.tr("network-cell-serving-cell"), |ui| {
            help(
                ui,
                ctx.tr("network-cell-the-base-station-the-module-is-using"),
            );
            match &ctx.module.cell {
                Some(c) => table(ui, lang, c),
                None => {
                    ui.label(ctx.tr("network-cell-not-read-yet-the-module-shows-a-cell"));
                }
            }
            let label = ctx.tr("network-cell-read-serving-cell");
            if read_button(ui, ctx, READ, label, can_query(ctx)) {
                ctx.jobs.run(READ, vec![Command::Cell]);
            }
            read_error(ui, ctx, READ);
        });
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
    let network = match operator(&c.mcc, &c.mnc, lang) {
        Some(o) => crate::tr!(
            lang,
            "network-cell-mcc-mnc-operator",
            mcc = &c.mcc,
            mnc = &c.mnc,
            operator = &o
        ),
        None => format!("{}-{}", c.mcc, c.mnc),
    };
    let row = |key, unit, value: &str| (lang.tr(key), unit, value.to_string());
    let rows: [(&str, &str, String); 11] = [
        row("network-cell-country-network-mcc-mnc", "", &network),
        row("network-cell-tracking-area-code-tac", "", &c.tac),
        row("network-cell-cell-id-scell-id", "", &c.cell_id),
        row("network-cell-physical-cell-id-pci", "", &c.pci),
        row("network-cell-downlink-bandwidth", "", &c.dl_bw),
        row("network-cell-uplink-bandwidth", "", &c.ul_bw),
        row("network-cell-received-power-rsrp", "dBm", &c.rsrp),
        row("network-cell-received-quality-rsrq", "dB", &c.rsrq),
        row("network-cell-signal-strength-rssi", "dBm", &c.rssi),
        row("network-cell-signal-to-noise-sinr", "dB", &c.sinr),
        row("network-cell-raw-answer", "", &format!("+CPSI:{}", c.raw)),
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
        let text = crate::tr!(
            lang,
            "network-cell-rsrp-and-rsrq-look-swapped-as-in-the",
            rsrp = &rsrp,
            rsrq = &rsrq
        );
        ui.label(RichText::new(format!("⚠ {text}")).color(ui.visuals().warn_fg_color));
    }
    ui.label(
        RichText::new(lang.tr("network-cell-the-manual-s-example-answer-looks"))
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
