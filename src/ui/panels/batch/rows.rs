//! The batch table: one row per module with its port, progress, result, IMEI and what it is
//! doing or why it failed.

use crate::i18n::Lang;
use crate::profile::batch::{BatchRow, EntryPhase};
use crate::ui::panels::profiles::run::{self, AMBER, GREEN};
use egui::RichText;

/// The totals line and the table.
pub fn ui(ui: &mut egui::Ui, lang: Lang, rows: &[BatchRow]) {
    let done = rows.iter().filter(|r| r.phase == EntryPhase::Done).count();
    let failed = rows
        .iter()
        .filter(|r| matches!(r.phase, EntryPhase::Failed | EntryPhase::Cancelled))
        .count();
    let n = rows.len();
    let totals = match lang {
        Lang::En => format!("Done: {done} · Failed: {failed} · Modules: {n}"),
        Lang::Zh => format!("成功：{done} · 失败：{failed} · 模块数：{n}"),
    };
    ui.label(RichText::new(totals).strong());
    // Port, progress, result and IMEI take about 620 points; the details wrap in the rest.
    let details = (ui.available_width() - 640.0).max(220.0);
    egui::Grid::new("batch.rows")
        .striped(true)
        .num_columns(5)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.strong(lang.pick("Port", "串口"));
            ui.strong(lang.pick("Progress", "进度"));
            ui.strong(lang.pick("Result", "结果"));
            ui.strong("IMEI");
            ui.strong(lang.pick("Details", "详情"));
            ui.end_row();
            for r in rows {
                run::cell(ui, 200.0, &r.port, false);
                ui.add(
                    egui::ProgressBar::new(r.progress)
                        .desired_width(160.0)
                        .show_percentage(),
                );
                let (words, color) = match r.phase {
                    EntryPhase::Idle => {
                        (lang.pick("Waiting", "等待"), ui.visuals().weak_text_color())
                    }
                    EntryPhase::Opening => (
                        lang.pick("Opening port…", "正在打开串口…"),
                        ui.visuals().text_color(),
                    ),
                    EntryPhase::Applying => (
                        lang.pick("Applying…", "正在应用…"),
                        ui.visuals().text_color(),
                    ),
                    EntryPhase::Proving => (
                        lang.pick("Proving delivery…", "正在验证数据送达…"),
                        ui.visuals().text_color(),
                    ),
                    EntryPhase::Done => (lang.pick("✓ OK", "✓ 成功"), GREEN),
                    EntryPhase::Failed => {
                        (lang.pick("× Failed", "× 失败"), ui.visuals().error_fg_color)
                    }
                    EntryPhase::Cancelled => (lang.pick("Cancelled", "已取消"), AMBER),
                };
                ui.horizontal(|ui| {
                    if matches!(
                        r.phase,
                        EntryPhase::Opening | EntryPhase::Applying | EntryPhase::Proving
                    ) {
                        ui.spinner();
                    }
                    ui.label(RichText::new(words).color(color).strong());
                    if r.attempts > 1 {
                        let n = r.attempts;
                        let words = match lang {
                            Lang::En => format!("attempt {n}"),
                            Lang::Zh => format!("第 {n} 次"),
                        };
                        ui.label(RichText::new(words).weak());
                    }
                });
                let imei = r
                    .status
                    .as_ref()
                    .and_then(|s| s.identity.as_ref())
                    .map(|i| i.imei.clone())
                    .unwrap_or_default();
                ui.label(RichText::new(imei).monospace());
                let detail = match (&r.current, &r.message) {
                    (Some(c), _)
                        if matches!(r.phase, EntryPhase::Applying | EntryPhase::Proving) =>
                    {
                        c.get(lang).to_string()
                    }
                    (_, Some(m)) => m.get(lang).to_string(),
                    _ => r
                        .proof
                        .as_ref()
                        .map(|p| p.summary().get(lang).to_string())
                        .unwrap_or_default(),
                };
                run::cell(ui, details, detail, true);
                ui.end_row();
            }
        });
}
