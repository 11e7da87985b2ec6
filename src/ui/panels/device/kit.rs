//! Small helpers the Device, Network and Power panels share, written here until they move to
//! `ui::widgets`: a form that follows the module until the user edits it, a confirmation dialog,
//! a labelled drop-down, the apply-blocked reason that also knows about restarts and transparent
//! mode, and a timer for "live" re-reads that stops when the panel is left.

use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::jobs::Jobs;
use crate::ui::widgets::apply;
use crate::worker::{JobId, LinkState};
use egui::{Response, RichText, Ui};
use std::time::{Duration, Instant};

/// A form's values and what was last loaded from the module.
///
/// The form follows the module (every new read is loaded into it) until the user edits it; it
/// follows again once the user's values were applied successfully, or the user reverts.
pub struct Synced<T> {
    /// What the form shows and the user edits.
    pub form: T,
    loaded: T,
    seen: Option<u64>,
    pending: Option<JobId>,
}

impl<T: Clone + PartialEq> Synced<T> {
    /// A form starting at `initial`.
    pub fn new(initial: T) -> Self {
        Self {
            form: initial.clone(),
            loaded: initial,
            seen: None,
            pending: None,
        }
    }

    /// Whether the user changed the form since it was last loaded.
    pub fn edited(&self) -> bool {
        self.form != self.loaded
    }

    /// Call once per frame. `module`: the module's value as the form shows it, if known.
    pub fn sync(&mut self, generation: u64, jobs: &Jobs, module: Option<T>) {
        if let Some(id) = self.pending
            && let Some(job) = jobs.get(id)
            && job.done
        {
            if job.ok {
                // Applied: the form is what the module has now, so it follows the module again.
                self.loaded = self.form.clone();
                self.seen = None;
            }
            self.pending = None;
        }
        if self.seen != Some(generation) && self.pending.is_none() {
            self.seen = Some(generation);
            if !self.edited()
                && let Some(m) = module
            {
                self.form = m.clone();
                self.loaded = m;
            }
        }
    }

    /// The form was applied by job `id`.
    pub fn applied(&mut self, id: JobId) {
        self.pending = Some(id);
    }

    /// Throw away the user's edits.
    pub fn revert(&mut self) {
        self.form = self.loaded.clone();
        self.seen = None;
    }

    /// "Changed, not applied yet" with a revert button, when the form was edited.
    pub fn edited_note(&mut self, ui: &mut Ui, lang: Lang, what: &str) {
        if !self.edited() {
            return;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(lang.tr("device-kit-changed-here-not-applied-yet"))
                    .small()
                    .italics(),
            );
            let label = format!("{} {what}", lang.tr("device-kit-revert"));
            if ui.small_button(label).clicked() {
                self.revert();
            }
        });
    }
}

/// Why an apply button cannot be used now, or `None`. Adds the cases the shared
/// [`apply::blocked_reason`] does not know: a restarting module and transparent mode.
pub fn blocked(ctx: &PanelCtx<'_>, owner: &str, form_ok: bool) -> Option<String> {
    if form_ok {
        if matches!(ctx.module.link, LinkState::Restarting) {
            return Some(
                ctx.tr("device-kit-the-module-is-restarting-wait-until")
                    .into(),
            );
        }
        if ctx.connected() && ctx.module.data_mode {
            return Some(ctx.tr("device-kit-the-link-is-in-transparent-mode").into());
        }
    }
    apply::blocked_reason(ctx.lang, ctx.connected(), ctx.jobs.busy(owner), form_ok)
}

/// Whether a query may be sent now (connected, command mode, not restarting).
pub fn can_query(ctx: &PanelCtx<'_>) -> bool {
    ctx.module.link.is_connected() && !ctx.module.data_mode
}

/// A drop-down with its label in front of it, tied to it for screen readers and tests.
pub fn combo<T: PartialEq + Copy>(
    ui: &mut Ui,
    label: &str,
    id_salt: &str,
    value: &mut T,
    options: &[(T, &str)],
) -> Response {
    ui.horizontal(|ui| {
        let l = ui.add_sized([150.0, 20.0], egui::Label::new(label).wrap());
        let current = options
            .iter()
            .find(|(v, _)| v == value)
            .map(|(_, t)| *t)
            .unwrap_or("—");
        egui::ComboBox::from_id_salt(id_salt)
            .width(220.0)
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (v, t) in options {
                    ui.selectable_value(value, *v, *t);
                }
            })
            .response
            .labelled_by(l.id)
    })
    .inner
}

/// A label and a read-only value on one row, the label tied to the value.
pub fn value_row(ui: &mut Ui, label: &str, value: &str) -> Response {
    ui.horizontal(|ui| {
        let l = ui.add_sized(
            [150.0, 20.0],
            egui::Label::new(RichText::new(label).weak()).wrap(),
        );
        ui.add(egui::Label::new(RichText::new(value).strong()).selectable(true))
            .labelled_by(l.id)
    })
    .inner
}

/// A yellow note: something the user should know before applying.
pub fn warning(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(format!("⚠ {text}")).color(ui.visuals().warn_fg_color));
}

/// A confirmation dialog for actions that restart the module or erase settings.
#[derive(Default)]
pub struct Confirm {
    open: bool,
}

/// What a confirmation dialog says.
pub struct ConfirmText<'a> {
    pub title: &'a str,
    /// Paragraphs: what will happen, what is lost, what to do afterwards.
    pub body: &'a [&'a str],
    /// The button that goes ahead (names the action: "Restart now").
    pub confirm: &'a str,
}

impl Confirm {
    /// Open the dialog (from the button that asks for the action).
    pub fn ask(&mut self) {
        self.open = true;
    }

    /// Draw the dialog if open. Returns true once, when the user confirmed.
    pub fn show(&mut self, ui: &Ui, lang: Lang, id: &str, text: &ConfirmText<'_>) -> bool {
        if !self.open {
            return false;
        }
        let mut confirmed = false;
        let mut close = false;
        let resp = egui::Modal::new(egui::Id::unique(("confirm", id))).show(ui.ctx(), |ui| {
            ui.set_max_width(480.0);
            ui.label(RichText::new(text.title).strong().size(17.0));
            ui.add_space(6.0);
            for p in text.body {
                ui.label(*p);
                ui.add_space(3.0);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let go = egui::Button::new(
                    RichText::new(text.confirm).color(ui.visuals().error_fg_color),
                );
                if ui.add(go).clicked() {
                    confirmed = true;
                }
                if ui.button(lang.tr("device-kit-cancel")).clicked() {
                    close = true;
                }
            });
        });
        if confirmed || close || resp.should_close() {
            self.open = false;
        }
        confirmed
    }
}

/// A timer for "live" re-reads (antenna aiming, GPIO levels) that runs only while its panel is
/// drawn: it never sleeps, it asks egui to repaint when the next read is due, and it switches
/// itself off when the panel was not drawn in the previous frame (the user left it).
#[derive(Default)]
pub struct LiveTimer {
    /// Whether the user switched it on.
    pub on: bool,
    next: Option<Instant>,
    last_frame: Option<u64>,
}

impl LiveTimer {
    /// Call every frame the panel is drawn, before showing the toggle. Returns true when a
    /// read is due now (the caller queues it, if the previous one is done).
    pub fn tick(&mut self, ui: &Ui, every: Duration, can_run: bool) -> bool {
        let frame = ui.ctx().cumulative_frame_nr();
        if let Some(last) = self.last_frame
            && frame > last + 1
        {
            // The panel was not drawn for at least a frame: the user went elsewhere.
            self.on = false;
        }
        self.last_frame = Some(frame);
        if !self.on || !can_run {
            self.next = None;
            return false;
        }
        let now = Instant::now();
        let due = self.next.is_none_or(|t| now >= t);
        if due {
            self.next = Some(now + every);
        }
        if let Some(t) = self.next {
            ui.ctx()
                .request_repaint_after(t.saturating_duration_since(now));
        }
        due
    }
}
