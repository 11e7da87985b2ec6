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
                if ui.button(lang.tr("form-cancel")).clicked() {
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
