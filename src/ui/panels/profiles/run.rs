//! How a running or finished apply job looks: the step list, the progress bar, and the verify
//! diff (expected against found, mismatches in red). The batch view reuses these.

use crate::i18n::Lang;
use crate::profile::health::Verdict;
use crate::profile::runner::{JobState, JobStatus, StepState};
use crate::profile::verify::FieldCheck;
use crate::ui::widgets::form::palette::{AMBER, GREEN};
use egui::{RichText, Ui};

/// A table cell at most `width` wide: long text wraps (`wrap`) or is cut short with "…" (the
/// whole text then shows on hover). Grid cells otherwise grow with their text and push the
/// table past the window's edge.
pub fn cell(ui: &mut Ui, width: f32, text: impl Into<egui::WidgetText>, wrap: bool) {
    ui.scope(|ui| {
        ui.set_max_width(width);
        let l = egui::Label::new(text);
        ui.add(if wrap { l.wrap() } else { l.truncate() });
    });
}

/// A step's mark and its words, coloured.
pub fn step_mark(ui: &mut Ui, lang: Lang, state: StepState) {
    let (mark, words, color) = match state {
        StepState::Pending => (
            "·",
            lang.tr("profiles-run-waiting"),
            ui.visuals().weak_text_color(),
        ),
        StepState::Running => {
            ui.spinner();
            return;
        }
        StepState::Ok => ("✓", lang.tr("profiles-run-done"), GREEN),
        StepState::Failed => (
            "×",
            lang.tr("profiles-run-failed"),
            ui.visuals().error_fg_color,
        ),
        StepState::Skipped => (
            "-",
            lang.tr("profiles-run-skipped"),
            ui.visuals().weak_text_color(),
        ),
        StepState::Cancelled => ("-", lang.tr("profiles-run-cancelled"), AMBER),
    };
    ui.label(RichText::new(format!("{mark} {words}")).color(color));
}

/// A health verdict as an icon and a word, coloured; `big` for the overall verdict.
pub fn verdict_label(ui: &mut Ui, lang: Lang, v: Verdict, big: bool) {
    let (mark, color) = match v {
        Verdict::Pass => ("✓", GREEN),
        Verdict::Warn => ("⚠", AMBER),
        Verdict::Fail => ("×", ui.visuals().error_fg_color),
        Verdict::Skipped => ("-", ui.visuals().weak_text_color()),
        Verdict::Pending => ("·", ui.visuals().weak_text_color()),
        Verdict::Running => {
            ui.spinner();
            ui.label(v.words(lang));
            return;
        }
    };
    let mut t = RichText::new(format!("{mark} {}", v.words(lang))).color(color);
    if big {
        t = t.size(26.0).strong();
    } else {
        t = t.strong();
    }
    ui.label(t);
}

/// The overall state of a job in words.
pub fn job_words(lang: Lang, s: JobState) -> &'static str {
    match s {
        JobState::Running => lang.tr("profiles-run-applying"),
        JobState::Done => lang.tr("profiles-run-applied-and-verified"),
        JobState::Failed => lang.tr("profiles-run-failed-2"),
        JobState::Cancelled => lang.tr("profiles-run-cancelled-2"),
    }
}

/// The progress bar, the step list and, once verified, the diff.
pub fn job_view(ui: &mut Ui, lang: Lang, id: &str, st: &JobStatus) {
    let running = st.state == JobState::Running;
    let bar = egui::ProgressBar::new(st.progress())
        .show_percentage()
        .animate(running);
    ui.add(bar);
    if let Some(m) = &st.message {
        let color = match st.state {
            JobState::Failed => ui.visuals().error_fg_color,
            JobState::Cancelled => AMBER,
            _ => ui.visuals().text_color(),
        };
        ui.label(RichText::new(m.get(lang)).color(color).strong());
    } else if st.state == JobState::Done {
        ui.label(
            RichText::new(job_words(lang, st.state))
                .color(GREEN)
                .strong(),
        );
    }
    for e in &st.errors {
        crate::ui::widgets::error_text(ui, &e.message(lang));
    }
    // Room for the mark and the step's title; the command and the answer share the rest.
    let rest = (ui.available_width() - 380.0).max(320.0);
    egui::Grid::new(("apply-steps", id))
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            ui.strong(lang.tr("profiles-run-result"));
            ui.strong(lang.tr("profiles-run-step"));
            ui.strong(lang.tr("profiles-run-at-command"));
            ui.strong(lang.tr("profiles-run-module-s-answer"));
            ui.end_row();
            for s in &st.steps {
                ui.horizontal(|ui| step_mark(ui, lang, s.state));
                cell(ui, 240.0, s.title.get(lang), true);
                cell(
                    ui,
                    rest * 0.45,
                    RichText::new(&s.preview).monospace(),
                    false,
                );
                let color = if s.state == StepState::Failed {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().weak_text_color()
                };
                cell(
                    ui,
                    rest * 0.55,
                    RichText::new(s.answer.get(lang)).color(color),
                    true,
                );
                ui.end_row();
            }
        });
    if !st.diff.is_empty() {
        ui.add_space(6.0);
        diff_table(ui, lang, id, &st.diff);
    }
    if !st.live.is_empty() {
        ui.add_space(6.0);
        ui.strong(lang.tr("profiles-run-live-checks"));
        for r in &st.live {
            ui.horizontal_wrapped(|ui| {
                verdict_label(ui, lang, r.verdict, false);
                ui.label(r.sentence(lang));
            });
        }
    }
}

/// Verify: expected against found, mismatches in red, naming the field.
pub fn diff_table(ui: &mut Ui, lang: Lang, id: &str, diff: &[FieldCheck]) {
    let bad: Vec<&str> = diff
        .iter()
        .filter(|d| !d.ok)
        .map(|d| d.key.as_str())
        .collect();
    ui.strong(lang.tr("profiles-run-verify-read-back-from-the-module"));
    if bad.is_empty() {
        ui.label(RichText::new(lang.tr("profiles-run-every-field-matches")).color(GREEN));
    } else {
        ui.label(
            RichText::new(crate::tr!(
                lang,
                "profiles-run-mismatch",
                fields = &crate::profile::text::list(lang, &bad)
            ))
            .color(ui.visuals().error_fg_color)
            .strong(),
        );
    }
    let value_width = ((ui.available_width() - 330.0) / 2.0).max(160.0);
    egui::Grid::new(("verify-diff", id))
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            ui.strong(lang.tr("profiles-run-field"));
            ui.strong(lang.tr("profiles-run-expected"));
            ui.strong(lang.tr("profiles-run-found"));
            ui.strong("");
            ui.end_row();
            for d in diff {
                let color = if d.ok {
                    ui.visuals().text_color()
                } else {
                    ui.visuals().error_fg_color
                };
                ui.label(RichText::new(&d.key).monospace().color(color));
                cell(
                    ui,
                    value_width,
                    RichText::new(value_words(lang, &d.expected))
                        .monospace()
                        .color(color),
                    true,
                );
                cell(
                    ui,
                    value_width,
                    RichText::new(value_words(lang, &d.found_words(lang)))
                        .monospace()
                        .color(color),
                    true,
                );
                if d.ok {
                    ui.label(RichText::new("✓").color(GREEN));
                } else {
                    ui.label(
                        RichText::new(lang.tr("profiles-run-differs"))
                            .color(ui.visuals().error_fg_color)
                            .strong(),
                    );
                }
                ui.end_row();
            }
        });
}

/// A read-back value as the user reads it: values are the module's own, except the size the
/// certificate checks report ("713 bytes"), which is put in the user's language.
fn value_words(lang: Lang, v: &str) -> String {
    match v.strip_suffix(" bytes") {
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            crate::tr!(lang, "profiles-run-bytes", n = n)
        }
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_sizes_are_translated_values_are_not() {
        assert_eq!(value_words(Lang::Zh, "713 bytes"), "713 字节");
        assert_eq!(value_words(Lang::ZhHant, "713 bytes"), "713 位元組");
        assert_eq!(value_words(Lang::En, "713 bytes"), "713 bytes");
        assert_eq!(value_words(Lang::Zh, "many bytes"), "many bytes");
        assert_eq!(
            value_words(Lang::Zh, "broker.example.com"),
            "broker.example.com"
        );
    }
}
