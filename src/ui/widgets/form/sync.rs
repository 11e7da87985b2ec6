//! Forms that follow the module until the user edits them.
//!
//! [`Synced`] holds the form's values and what was last loaded, and compares them; [`FormSync`]
//! only tracks "edited" for forms whose values live in several fields the panel loads itself.

use crate::i18n::Lang;
use crate::ui::jobs::{JobView, Jobs};
use crate::worker::JobId;
use egui::{Response, RichText, Ui};

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
                RichText::new(lang.tr("form-changed-here-not-applied-yet"))
                    .small()
                    .italics(),
            );
            let label = format!("{} {what}", lang.tr("form-revert"));
            if ui.small_button(label).clicked() {
                self.revert();
            }
        });
    }
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
            RichText::new(lang.tr("form-changed-here-not-applied-yet")).italics(),
        );
        ui.small_button(lang.tr("form-undo-changes"))
            .accessible_name(undo_name)
            .clicked()
    })
    .inner
}
