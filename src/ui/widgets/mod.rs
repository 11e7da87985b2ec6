//! Small widgets every panel uses, so forms look and behave the same everywhere.
//!
//! - [`field`]: labelled inputs that validate as you type and say what to fix.
//! - [`preview`]: the collapsible list of AT lines a form will send, with each line's answer.
//! - [`apply`]: the apply button, disabled (with the reason) until the form is right.
//! - [`form`]: the forms kit (sync with the module, the apply blocker, layout, confirmation,
//!   status colours).
//! - [`signal`]: signal bars.

pub mod apply;
pub mod field;
pub mod form;
pub mod preview;
pub mod received;
pub mod signal;

pub use apply::apply_button;
pub use field::{
    choice_row, error_text, field_error, number_field, text_field, text_field_hint,
    text_field_masked,
};
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

/// "On the module: <value>" under a form field, at the body text's size and in a colour that
/// reads well on the panel (Chinese at a small size in a faint grey is hard to read), in
/// italics to set it apart from the form.
pub fn current_value(ui: &mut egui::Ui, lang: crate::i18n::Lang, value: Option<&str>) {
    let text = match value {
        Some(v) => crate::tr!(lang, "widgets-on-the-module", value = v),
        None => lang.tr("widgets-on-the-module-not-read-yet").to_string(),
    };
    let (size, color) = current_value_look(ui.style());
    ui.label(egui::RichText::new(text).size(size).color(color).italics());
}

/// The size and colour of the "On the module" lines: the body size, and the theme's normal
/// text colour.
pub fn current_value_look(style: &egui::Style) -> (f32, egui::Color32) {
    let size = egui::TextStyle::Body.resolve(style).size;
    (size, style.visuals.text_color())
}

/// The contrast ratio of two colours (WCAG 2: 4.5 is the minimum for body text).
pub fn contrast(a: egui::Color32, b: egui::Color32) -> f32 {
    fn luminance(c: egui::Color32) -> f32 {
        let lin = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.040_45 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A short explanation in plain words under a heading.
pub fn help(ui: &mut egui::Ui, text: &str) {
    ui.label(egui::RichText::new(text).weak());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "On the module" lines: body size, and readable on the panel in both themes.
    #[test]
    fn current_values_are_readable() {
        for visuals in [egui::Visuals::dark(), egui::Visuals::light()] {
            let style = egui::Style {
                visuals,
                ..egui::Style::default()
            };
            let (size, color) = current_value_look(&style);
            assert_eq!(size, egui::TextStyle::Body.resolve(&style).size);
            assert!(size >= 12.0, "{size}");
            let ratio = contrast(color, style.visuals.panel_fill);
            assert!(ratio >= 4.5, "contrast {ratio}");
        }
    }
}
