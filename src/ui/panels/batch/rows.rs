//! The batch table: one row per module with its port, progress, result, IMEI and what it is
//! doing or why it failed.

use crate::i18n::Lang;
use crate::profile::batch::{BatchRow, EntryPhase};
use crate::ui::panels::profiles::run;
use crate::ui::widgets::form::palette::{AMBER, GREEN};
use egui::RichText;

/// The totals line and the table.
pub fn ui(ui: &mut egui::Ui, lang: Lang, rows: &[BatchRow]) {
    let done = rows.iter().filter(|r| r.phase == EntryPhase::Done).count();
    let failed = rows
        .iter()
        .filter(|r| matches!(r.phase, EntryPhase::Failed | EntryPhase::Cancelled))
        .count();
    let n = rows.len();
    let totals = crate::tr!(
        lang,
        "batch-rows-done-failed-modules",
        done = &done,
        failed = &failed,
        n = &n
    );
    ui.label(RichText::new(totals).strong());
    // Port, progress, result and IMEI take about 620 points; the details wrap in the rest.
    let details = (ui.available_width() - 640.0).max(220.0);
    egui::Grid::new("batch.rows")
        .striped(true)
        .num_columns(5)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.strong(lang.tr("batch-rows-port"));
            ui.strong(lang.tr("batch-rows-progress"));
            ui.strong(lang.tr("batch-rows-result"));
            ui.strong("IMEI");
            ui.strong(lang.tr("batch-rows-details"));
            ui.end_row();
            for r in rows {
                run::cell(ui, 200.0, &r.port, false);
                ui.add(
                    egui::ProgressBar::new(r.progress)
                        .desired_width(160.0)
                        .show_percentage(),
                );
                let (words, color) = match r.phase {
                    EntryPhase::Idle => (
                        lang.tr("batch-rows-waiting"),
                        ui.visuals().weak_text_color(),
                    ),
                    EntryPhase::Opening => (
                        lang.tr("batch-rows-opening-port"),
                        ui.visuals().text_color(),
                    ),
                    EntryPhase::Applying => {
                        (lang.tr("batch-rows-applying"), ui.visuals().text_color())
                    }
                    EntryPhase::Proving => (
                        lang.tr("batch-rows-proving-delivery"),
                        ui.visuals().text_color(),
                    ),
                    EntryPhase::Done => (lang.tr("batch-rows-ok"), GREEN),
                    EntryPhase::Failed => {
                        (lang.tr("batch-rows-failed"), ui.visuals().error_fg_color)
                    }
                    EntryPhase::Cancelled => (lang.tr("batch-rows-cancelled"), AMBER),
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
                        let words = crate::tr!(lang, "batch-rows-attempt", n = &n);
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
