//! The confirmation dialog for actions that restart the module or erase settings.

use crate::i18n::Lang;
use egui::{RichText, Ui};

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
        let choice = Choices {
            title: text.title,
            body: text.body,
            choices: &[text.confirm],
            danger: true,
        };
        match choose(ui, lang, id, &choice) {
            Some(answer) => {
                self.open = false;
                answer.is_some()
            }
            None => false,
        }
    }
}

/// What a dialog with several ways to go ahead says.
pub struct Choices<'a> {
    pub title: &'a str,
    /// Paragraphs: what will happen, what is lost, what to do afterwards.
    pub body: &'a [&'a str],
    /// The buttons that go ahead, each naming what it does; Cancel follows them.
    pub choices: &'a [&'a str],
    /// The first choice restarts the module or erases something: drawn in the error colour.
    pub danger: bool,
}

/// Draw the modal dialog `text` (every frame while it is wanted). Returns `None` while the
/// user has not answered, `Some(Some(i))` when choice `i` was clicked, and `Some(None)` when
/// the user cancelled or closed the dialog.
pub fn choose(ui: &Ui, lang: Lang, id: &str, text: &Choices<'_>) -> Option<Option<usize>> {
    let mut answer = None;
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
            for (i, c) in text.choices.iter().enumerate() {
                let mut label = RichText::new(*c);
                if text.danger && i == 0 {
                    label = label.color(ui.visuals().error_fg_color);
                }
                if ui.add(egui::Button::new(label)).clicked() {
                    answer = Some(Some(i));
                }
            }
            if ui.button(lang.tr("form-cancel")).clicked() {
                answer = Some(None);
            }
        });
    });
    if answer.is_none() && resp.should_close() {
        answer = Some(None);
    }
    answer
}
