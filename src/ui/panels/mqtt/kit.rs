//! Small pieces the MQTT and HTTP panels share and the shared widgets do not have yet: a label
//! column for any widget, a QoS choice, a multi-line editor, the form/module synchronisation,
//! the apply blocker that also knows about data mode, and a job's progress with a cancel button.
//! (Candidates for `ui::widgets`.)

use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::jobs::JobView;
use crate::ui::widgets::apply::blocked_reason;
use egui::{Response, RichText, Ui};

/// Width of the label column, as `widgets::text_field` uses.
pub const LABEL_WIDTH: f32 = 150.0;

/// A label in the label column and a widget beside it, tied to the label (`labelled_by`).
pub fn labelled(ui: &mut Ui, label: &str, add: impl FnOnce(&mut Ui) -> Response) -> Response {
    ui.horizontal(|ui| {
        let l = ui.add_sized([LABEL_WIDTH, 20.0], egui::Label::new(label).wrap());
        add(ui).labelled_by(l.id)
    })
    .inner
}

/// A multi-line text editor under its label, tied to it.
pub fn multiline(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    rows: usize,
    monospace: bool,
) -> Response {
    let l = ui.label(label);
    let mut edit = egui::TextEdit::multiline(value)
        .desired_rows(rows)
        .desired_width(f32::INFINITY);
    if monospace {
        edit = edit.code_editor();
    }
    ui.add(edit).labelled_by(l.id)
}

/// The MQTT QoS levels in the manual's words.
pub fn qos_words(lang: Lang, qos: u8) -> &'static str {
    match qos {
        0 => lang.tr("mqtt-kit-0-at-most-once"),
        1 => lang.tr("mqtt-kit-1-at-least-once"),
        _ => lang.tr("mqtt-kit-2-exactly-once"),
    }
}

/// A QoS drop-down (0, 1, 2) with its label. Returns the combo's response (changed when picked).
pub fn qos_choice(ui: &mut Ui, lang: Lang, label: &str, id_salt: &str, qos: &mut u8) -> Response {
    let mut changed = false;
    let mut r = labelled(ui, label, |ui| {
        let ir = egui::ComboBox::from_id_salt(("qos", id_salt))
            .selected_text(qos_words(lang, *qos))
            .width(170.0)
            .show_ui(ui, |ui| {
                for q in 0..=2u8 {
                    changed |= ui.selectable_value(qos, q, qos_words(lang, q)).changed();
                }
            });
        ir.response
    });
    if changed {
        r.mark_changed();
    }
    r
}

/// Why a form's apply button is blocked: the shared reasons, plus transparent mode (the worker
/// would refuse every command).
pub fn blocked(ctx: &PanelCtx<'_>, owner: &str, form_ok: bool) -> Option<String> {
    if form_ok && ctx.connected() && ctx.module.data_mode {
        return Some(ctx.tr("mqtt-kit-the-link-is-in-transparent-mode").into());
    }
    blocked_reason(ctx.lang, ctx.connected(), ctx.jobs.busy(owner), form_ok)
}

/// Keeps a form and the module's values in step: while the user has not edited the form, new
/// values from the module are loaded into it; after a successful apply, the form follows the
/// module again.
#[derive(Clone, Debug, Default)]
pub struct FormSync {
    seen: Option<u64>,
    /// The user changed something since the form was last loaded.
    pub edited: bool,
    applying: bool,
}

impl FormSync {
    /// Call once per frame before drawing the form: true when the form should (re)load the
    /// module's values now.
    pub fn should_load(&mut self, generation: u64, job: Option<&JobView>) -> bool {
        if self.applying
            && let Some(j) = job
            && j.done
        {
            self.applying = false;
            if j.ok {
                self.edited = false;
                self.seen = None;
            }
        }
        if self.seen != Some(generation) {
            self.seen = Some(generation);
            return !self.edited;
        }
        false
    }

    /// Note a user's change.
    pub fn touched(&mut self, r: &Response) {
        if r.changed() {
            self.edited = true;
        }
    }

    /// The form's values were sent.
    pub fn applied(&mut self) {
        self.applying = true;
    }

    /// Throw away the user's changes: the module's values load on the next frame.
    pub fn revert(&mut self) {
        self.edited = false;
        self.seen = None;
    }
}

/// "Edited — not yet applied" with an undo button; returns true when undo was clicked.
/// `undo_name` is the button's accessible name, which says whose changes it undoes ("Undo
/// changes to the client settings"): a screen reader reads the button alone.
pub fn edited_note(ui: &mut Ui, lang: Lang, sync: &FormSync, undo_name: &str) -> bool {
    if !sync.edited {
        return false;
    }
    ui.horizontal(|ui| {
        ui.label(
            // Body size: small italics were hard to read, in Chinese above all.
            RichText::new(lang.tr("mqtt-kit-changed-here-not-applied-yet")).italics(),
        );
        ui.small_button(lang.tr("mqtt-kit-undo-changes"))
            .accessible_name(undo_name)
            .clicked()
    })
    .inner
}

/// While `job` runs: a progress bar (bytes when a payload is being sent, else steps) and a
/// cancel button. Returns true when cancel was clicked.
pub fn progress(ui: &mut Ui, lang: Lang, job: &JobView, cancel_label: &str) -> bool {
    if job.done {
        return false;
    }
    ui.horizontal(|ui| {
        let (fraction, text) = match job.progress {
            Some((done, total)) if total > 0 => (
                done as f32 / total as f32,
                format!("{done}/{total} {}", lang.tr("mqtt-kit-bytes")),
            ),
            _ => {
                let n = job.lines.len().max(1);
                (
                    job.answered() as f32 / n as f32,
                    format!(
                        "{}/{} {}",
                        job.answered(),
                        n,
                        lang.tr("mqtt-kit-commands-answered")
                    ),
                )
            }
        };
        ui.add(
            egui::ProgressBar::new(fraction)
                .text(text)
                .desired_width(260.0)
                .animate(true),
        );
        ui.button(cancel_label).clicked()
    })
    .inner
}

/// A green tick, a red cross or a neutral dot, then the text.
pub fn check_line(ui: &mut Ui, ok: Option<bool>, text: &str) {
    ui.horizontal_wrapped(|ui| {
        match ok {
            Some(true) => ui.label(RichText::new("✓").color(ok_color())),
            Some(false) => ui.label(RichText::new("×").color(ui.visuals().error_fg_color)),
            None => ui.label("•"),
        };
        ui.label(text);
    });
}

/// The separator between items of a list in a sentence: ", " or "，".
pub fn sep(lang: Lang) -> &'static str {
    lang.tr("mqtt-kit-text")
}

/// The colour used for "good" states.
pub fn ok_color() -> egui::Color32 {
    egui::Color32::from_rgb(40, 160, 70)
}

/// The colour used for warnings that do not block.
pub fn warn_color() -> egui::Color32 {
    egui::Color32::from_rgb(215, 140, 20)
}

/// A warning line (does not block applying).
pub fn warning_text(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(format!("⚠ {text}")).color(warn_color()));
}
