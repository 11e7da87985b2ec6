//! Small widgets every panel uses, so forms look and behave the same everywhere.
//!
//! - [`field`]: labelled inputs that validate as you type and say what to fix.
//! - [`preview`]: the collapsible list of AT lines a form will send, with each line's answer.
//! - [`apply`]: the apply button, disabled (with the reason) until the form is right.
//! - [`signal`]: signal bars.

pub mod apply;
pub mod field;
pub mod preview;
pub mod signal;

pub use apply::apply_button;
pub use field::{error_text, number_field, text_field, text_field_masked};
pub use preview::preview;

/// A titled group with a frame, used for each form on a panel.
pub fn section<R>(ui: &mut egui::Ui, title: &str, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(egui::RichText::new(title).strong().size(15.0));
            ui.add_space(4.0);
            add(ui)
        })
        .inner
}

/// "On the module: <value>" in a quieter colour, beside a form field.
pub fn current_value(ui: &mut egui::Ui, lang: crate::i18n::Lang, value: Option<&str>) {
    let text = match value {
        Some(v) => format!("{} {v}", lang.pick("On the module:", "模块当前值：")),
        None => lang
            .pick("On the module: not read yet", "模块当前值：尚未读取")
            .to_string(),
    };
    ui.label(egui::RichText::new(text).small().weak());
}

/// A short explanation in plain words under a heading.
pub fn help(ui: &mut egui::Ui, text: &str) {
    ui.label(egui::RichText::new(text).weak());
}
