//! Forms that follow the module until the user edits them: [`FormSync`].

use crate::at::Field;
use crate::i18n::Lang;
use crate::ui::jobs::JobView;
use crate::ui::widgets::number_field;
use egui::{Response, RichText, Ui};
use std::ops::RangeInclusive;

/// Keeps a form and the module's values in step. While the user has not edited the form, each
/// new read of the module is loaded into it; once the user edits it, reads no longer overwrite
/// it; after a successful apply, or when the user undoes the edits, it follows the module again.
///
/// The form keeps its own fields; this only knows whether they are the user's. Each frame, before
/// drawing, the form asks [`FormSync::should_load`] (or [`FormSync::follow`] for a form whose
/// values are one value), notes the user's changes ([`FormSync::touched`],
/// [`FormSync::number_field`]), says when it sent its values ([`FormSync::applied`]) and shows
/// [`FormSync::undo_note`].
#[derive(Clone, Debug, Default)]
pub struct FormSync {
    seen: Option<u64>,
    /// The user changed something since the form was last loaded from the module.
    pub edited: bool,
    applying: bool,
}

impl FormSync {
    /// Call once per frame before drawing the form: true when the form should (re)load the
    /// module's values now. `generation`: the module view's; `job`: the latest job of the form's
    /// apply button (its success means the module has the form's values).
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

    /// [`FormSync::should_load`] for a form whose values are one `T`: loads `module` (the
    /// module's values as the form shows them, if known) into `form` when it is time.
    pub fn follow<T>(
        &mut self,
        generation: u64,
        job: Option<&JobView>,
        module: Option<T>,
        form: &mut T,
    ) {
        if self.should_load(generation, job)
            && let Some(m) = module
        {
            *form = m;
        }
    }

    /// Note a user's change (an input's response).
    pub fn touched(&mut self, r: &Response) {
        if r.changed() {
            self.edited = true;
        }
    }

    /// The form's values were sent: once that job succeeds, the form follows the module again.
    pub fn applied(&mut self) {
        self.applying = true;
    }

    /// Throw away the user's changes: the module's values load on the next frame.
    pub fn revert(&mut self) {
        self.edited = false;
        self.seen = None;
    }

    /// "Changed here, not applied yet" with an undo button, while the form is edited. Undo
    /// reverts (see [`FormSync::revert`]) and returns true, for a form with more to reset.
    /// `undo_name` is the button's accessible name, which says whose changes it undoes ("Undo
    /// changes to the client settings"): a screen reader reads the button alone.
    pub fn undo_note(&mut self, ui: &mut Ui, lang: Lang, undo_name: &str) -> bool {
        if !self.edited {
            return false;
        }
        let undo = ui
            .horizontal(|ui| {
                ui.label(
                    // Body size: small italics were hard to read, in Chinese above all.
                    RichText::new(lang.tr("form-changed-here-not-applied-yet")).italics(),
                );
                ui.small_button(lang.tr("form-undo-changes"))
                    .accessible_name(undo_name)
                    .clicked()
            })
            .inner;
        if undo {
            self.revert();
        }
        undo
    }

    /// A whole-number field ([`number_field`]) whose typing counts as the user's change.
    /// Returns the number when the text is one within `range` (else the field shows why not).
    pub fn number_field(
        &mut self,
        ui: &mut Ui,
        lang: Lang,
        label: &str,
        text: &mut String,
        field: Field,
        range: RangeInclusive<i64>,
    ) -> Option<i64> {
        let before = text.clone();
        let mut n = 0;
        let error = number_field(
            ui,
            lang,
            label,
            text,
            field,
            *range.start(),
            *range.end(),
            &mut n,
        );
        if *text != before {
            self.edited = true;
        }
        error.is_none().then_some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(done: bool, ok: bool) -> JobView {
        JobView {
            done,
            ok,
            ..JobView::default()
        }
    }

    /// Follows the module until edited; an edit survives new reads.
    #[test]
    fn follows_the_module_until_edited() {
        let mut s = FormSync::default();
        let mut form = 0;
        s.follow(1, None, Some(5), &mut form);
        assert_eq!(form, 5);
        s.follow(2, None, Some(6), &mut form);
        assert_eq!(form, 6);
        s.edited = true;
        form = 9;
        s.follow(3, None, Some(7), &mut form);
        assert_eq!(form, 9, "the user's value stays");
    }

    /// After a successful apply the form follows again; after a failed one it stays edited.
    #[test]
    fn follows_again_after_a_successful_apply() {
        let mut s = FormSync {
            edited: true,
            ..FormSync::default()
        };
        let mut form = 9;
        s.follow(1, None, Some(1), &mut form);
        s.applied();
        s.follow(1, Some(&job(false, false)), Some(1), &mut form);
        assert_eq!((form, s.edited), (9, true), "still running");
        s.follow(1, Some(&job(true, false)), Some(1), &mut form);
        assert_eq!((form, s.edited), (9, true), "failed: still the user's");
        s.applied();
        s.follow(2, Some(&job(true, true)), Some(9), &mut form);
        assert_eq!(
            (form, s.edited),
            (9, false),
            "applied: the module's read-back"
        );
        s.follow(3, None, Some(4), &mut form);
        assert_eq!(form, 4, "and it follows the module again");
    }

    /// Revert throws the edit away: the module's value loads at once, same generation or not.
    #[test]
    fn revert_loads_the_module_again() {
        let mut s = FormSync::default();
        let mut form = 0;
        s.follow(1, None, Some(5), &mut form);
        s.edited = true;
        form = 8;
        s.revert();
        s.follow(1, None, Some(5), &mut form);
        assert_eq!((form, s.edited), (5, false));
    }
}
