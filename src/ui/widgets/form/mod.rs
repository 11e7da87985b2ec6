//! The forms kit: what every panel's form is built from, so forms look and behave the same.
//!
//! A form is a state struct with a pure `command() -> Option<Command>` (or `Result`) that turns
//! its field text into a checked command, testable without drawing (see
//! `ui/panels/mqtt/session.rs`), and a `ui` that draws the fields with [`crate::ui::widgets`]'s
//! inputs, asks [`blocked`] whether the apply button can be used, and shows the lines it will
//! send with [`crate::ui::widgets::preview`].
//!
//! - [`sync`]: a form that follows the module until the user edits it ([`FormSync`]).
//! - [`confirm`]: the confirmation dialog for actions that restart or erase ([`Confirm`]).
//! - [`live`]: a timer for "live" re-reads while a panel is shown ([`LiveTimer`]).
//! - [`palette`]: the app's status colours.

pub mod confirm;
pub mod live;
pub mod palette;
pub mod sync;

pub use confirm::{Choices, Confirm, ConfirmText, choose};
pub use live::LiveTimer;
pub use sync::FormSync;

use crate::at::Command;
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::jobs::JobView;
use crate::ui::widgets::apply::blocked_reason;
use crate::worker::LinkState;
use egui::{Response, RichText, Ui};

/// Width of the label column in front of every input (as `widgets::text_field` uses).
pub const LABEL_WIDTH: f32 = 150.0;

/// Why a form's apply button cannot be used now, or `None`: the shared reasons (invalid form,
/// not connected, busy), a restarting module, and transparent mode (the module reads no
/// commands then).
pub fn blocked(ctx: &PanelCtx<'_>, owner: &str, form_ok: bool) -> Option<String> {
    if form_ok {
        if matches!(ctx.module.link, LinkState::Restarting) {
            return Some(ctx.tr("form-the-module-is-restarting-wait-until").into());
        }
        if ctx.connected() && ctx.module.data_mode {
            return Some(ctx.tr("form-the-link-is-in-transparent-mode").into());
        }
    }
    blocked_reason(ctx.lang, ctx.connected(), ctx.jobs.busy(owner), form_ok)
}

/// Whether a query may be sent now (connected, command mode, not restarting).
pub fn can_query(ctx: &PanelCtx<'_>) -> bool {
    ctx.module.link.is_connected() && !ctx.module.data_mode
}

/// A caution in the theme's warning colour: something the user should know before acting, not
/// an error to fix.
pub fn warning(ui: &mut Ui, text: &str) {
    let color = ui.visuals().warn_fg_color;
    ui.label(RichText::new(format!("⚠ {text}")).color(color));
}

/// A label in the label column and a widget beside it, tied to the label (`labelled_by`).
pub fn labelled(ui: &mut Ui, label: &str, add: impl FnOnce(&mut Ui) -> Response) -> Response {
    ui.horizontal(|ui| {
        let l = ui.add_sized([LABEL_WIDTH, 20.0], egui::Label::new(label).wrap());
        add(ui).labelled_by(l.id)
    })
    .inner
}

/// A drop-down with its label in front of it, tied to it for screen readers and tests. Its
/// response says `changed()` when the user picked another value.
pub fn combo<T: PartialEq + Copy>(
    ui: &mut Ui,
    label: &str,
    id_salt: &str,
    value: &mut T,
    options: &[(T, &str)],
) -> Response {
    labelled(ui, label, |ui| {
        let current = options
            .iter()
            .find(|(v, _)| v == value)
            .map(|(_, t)| *t)
            .unwrap_or("—");
        let mut changed = false;
        let mut r = egui::ComboBox::from_id_salt(id_salt)
            .width(220.0)
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (v, t) in options {
                    changed |= ui.selectable_value(value, *v, *t).changed();
                }
            })
            .response;
        if changed {
            r.mark_changed();
        }
        r
    })
}

/// A label and a read-only value on one row, the label tied to the value.
pub fn value_row(ui: &mut Ui, label: &str, value: &str) -> Response {
    ui.horizontal(|ui| {
        let l = ui.add_sized(
            [LABEL_WIDTH, 20.0],
            egui::Label::new(RichText::new(label).weak()).wrap(),
        );
        ui.add(egui::Label::new(RichText::new(value).strong()).selectable(true))
            .labelled_by(l.id)
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

/// Content under a form's fields, lined up with the inputs; text in it wraps at the panel's
/// edge (a plain horizontal row would let it run off the side).
pub fn indented<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.horizontal(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        ui.vertical(add).inner
    })
    .inner
}

/// Draw `add` in a `Ui` whose widget ids depend only on `key` and what `add` draws. egui gives
/// a widget without an explicit id one counted from the widgets before it, so a message
/// appearing in an earlier section (a spinner, an error) would otherwise change the ids of the
/// inputs below it, and the one being typed in would lose its focus.
pub fn stable<R>(ui: &mut Ui, key: &'static str, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.scope_builder(egui::UiBuilder::new().scope_id(egui::Id::unique(key)), add)
        .inner
}

/// While `owner`'s job runs, a button (labelled `label`) that cancels it and what is queued.
pub fn cancel_button(ui: &mut Ui, ctx: &mut PanelCtx<'_>, owner: &str, label: &str) {
    if ctx.jobs.busy(owner) && ui.button(label).clicked() {
        ctx.jobs.cancel(owner);
    }
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
                crate::tr!(lang, "form-bytes", done = &done, total = &total),
            ),
            _ => {
                let n = job.lines.len().max(1);
                let done = job.answered();
                (
                    done as f32 / n as f32,
                    crate::tr!(lang, "form-commands-answered", done = &done, total = &n),
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

/// The foot of a form that runs one job as `owner`: the lines it sends (each line's answer once
/// sent), while the job runs a progress bar with a `cancel` button that cancels it, and the
/// apply button `label` with why it is `blocked`. Returns true when the apply button was
/// clicked: the form then runs its job.
pub fn apply_row(
    ui: &mut Ui,
    ctx: &mut PanelCtx<'_>,
    owner: &str,
    lines: &[String],
    cancel: &str,
    label: &str,
    blocked: Option<String>,
) -> bool {
    let lang = ctx.lang;
    crate::ui::widgets::preview(ui, lang, owner, lines, ctx.jobs.latest(owner));
    if let Some(job) = ctx.jobs.latest(owner)
        && progress(ui, lang, job, cancel)
    {
        ctx.jobs.cancel(owner);
    }
    crate::ui::widgets::apply_button(ui, lang, label, blocked)
}

/// A form's `command` followed by the query that reads its result back; nothing while the form
/// is wrong (`None`). What most apply buttons send.
pub fn then_read(command: Option<Command>, query: Command) -> Vec<Command> {
    command.map(|c| vec![c, query]).unwrap_or_default()
}

/// A green tick, a red cross or a neutral dot, then the text.
pub fn check_line(ui: &mut Ui, ok: Option<bool>, text: &str) {
    ui.horizontal_wrapped(|ui| {
        match ok {
            Some(true) => ui.label(RichText::new("✓").color(palette::GREEN)),
            Some(false) => ui.label(RichText::new("×").color(ui.visuals().error_fg_color)),
            None => ui.label("•"),
        };
        ui.label(text);
    });
}

/// The "Read from module" row at the top of a panel: the button (usable when a query can be
/// sent and `owner`'s read is not running) and a spinner while it runs. Returns true when
/// clicked; the panel then queues its reads.
pub fn read_row(ui: &mut Ui, ctx: &PanelCtx<'_>, owner: &str) -> bool {
    let can = ctx.connected() && !ctx.module.data_mode;
    read_button(ui, ctx, owner, ctx.tr("form-read-from-module"), can)
}

/// A read button named `label` (usable when `can` and `owner`'s read is not running) and a
/// spinner while the read runs. Returns true when clicked.
pub fn read_button(ui: &mut Ui, ctx: &PanelCtx<'_>, owner: &str, label: &str, can: bool) -> bool {
    let busy = ctx.jobs.busy(owner);
    ui.horizontal(|ui| {
        let clicked = ui
            .add_enabled(can && !busy, egui::Button::new(label))
            .clicked();
        if busy {
            ui.spinner();
        }
        clicked
    })
    .inner
}

/// The error of `owner`'s last read, once it finished with one.
pub fn read_error(ui: &mut Ui, ctx: &PanelCtx<'_>, owner: &str) {
    if let Some(job) = ctx.jobs.latest(owner)
        && job.done
        && let Some(e) = job.error(ctx.lang)
    {
        ui.label(RichText::new(e).color(ui.visuals().error_fg_color).small());
    }
}
