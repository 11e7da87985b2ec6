//! Labelled inputs. Every input is tied to its visible label (`labelled_by`), so screen readers
//! and the GUI tests find it by the words the user reads.

use crate::at::value::{self, Field, ValidationError};
use crate::i18n::Lang;
use crate::ui::widgets::form::LABEL_WIDTH;
use egui::{Response, RichText, Ui};

/// A label in the form's label column, then one radio button per choice (its value and its
/// text), then `more` on the same line (a checkbox that belongs to the choice, or nothing).
pub fn choice_row<T: PartialEq + Clone>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    choices: &[(T, &str)],
    more: impl FnOnce(&mut Ui),
) {
    ui.horizontal(|ui| {
        ui.add_sized([LABEL_WIDTH, 20.0], egui::Label::new(label));
        for (choice, text) in choices {
            ui.radio_value(value, choice.clone(), *text);
        }
        more(ui);
    });
}

/// A red line saying what is wrong and what to fix.
pub fn error_text(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(format!("⚠ {text}")).color(ui.visuals().error_fg_color));
}

/// A field's problem as a sentence that names the field ("Client ID must not be empty." /
/// "客户端 ID 不能为空。"): a screen reader reads a warning on its own, so the warning has to
/// say which field it is about.
pub fn field_error(e: &ValidationError, lang: Lang) -> String {
    e.named(lang)
}

fn labelled_edit(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    password: bool,
    width: f32,
    hint: Option<&str>,
) -> Response {
    ui.horizontal(|ui| {
        let l = ui.add_sized([150.0, 20.0], egui::Label::new(label).wrap());
        let mut edit = egui::TextEdit::singleline(value)
            .password(password)
            .desired_width(width);
        if let Some(h) = hint {
            edit = edit.hint_text(h);
        }
        ui.add(edit).labelled_by(l.id)
    })
    .inner
}

/// A text input with its label and, under it, the validation error for `field` (if any in
/// `errors`).
pub fn text_field(
    ui: &mut Ui,
    lang: Lang,
    label: &str,
    value: &mut String,
    errors: &[ValidationError],
    field: Field,
) -> Response {
    let r = labelled_edit(ui, label, value, false, 280.0, None);
    show_error(ui, lang, errors, field);
    r
}

/// [`text_field`] with a greyed example shown while it is empty (the example is never sent:
/// an empty field stays empty).
pub fn text_field_hint(
    ui: &mut Ui,
    lang: Lang,
    label: &str,
    hint: &str,
    value: &mut String,
    errors: &[ValidationError],
    field: Field,
) -> Response {
    let r = labelled_edit(ui, label, value, false, 280.0, Some(hint));
    show_error(ui, lang, errors, field);
    r
}

/// A masked input (passwords) with a show/hide toggle.
pub fn text_field_masked(
    ui: &mut Ui,
    lang: Lang,
    label: &str,
    value: &mut String,
    shown: &mut bool,
    errors: &[ValidationError],
    field: Field,
) -> Response {
    let r = ui
        .horizontal(|ui| {
            let l = ui.add_sized([150.0, 20.0], egui::Label::new(label).wrap());
            let r = ui
                .add(
                    egui::TextEdit::singleline(value)
                        .password(!*shown)
                        .desired_width(240.0),
                )
                .labelled_by(l.id);
            let toggle = if *shown {
                lang.tr("widgets-field-hide")
            } else {
                lang.tr("widgets-field-show")
            };
            if ui.small_button(toggle).clicked() {
                *shown = !*shown;
            }
            r
        })
        .inner;
    show_error(ui, lang, errors, field);
    r
}

/// A whole-number input; the parsed value is written to `out` when valid, the error is shown
/// otherwise. Returns the validation error, if any.
#[allow(clippy::too_many_arguments)]
pub fn number_field(
    ui: &mut Ui,
    lang: Lang,
    label: &str,
    text: &mut String,
    field: Field,
    min: i64,
    max: i64,
    out: &mut i64,
) -> Option<ValidationError> {
    labelled_edit(ui, label, text, false, 100.0, None);
    match value::parse_number(field, text, min, max) {
        Ok(n) => {
            *out = n;
            None
        }
        Err(e) => {
            error_text(ui, &field_error(&e, lang));
            Some(e)
        }
    }
}

fn show_error(ui: &mut Ui, lang: Lang, errors: &[ValidationError], field: Field) {
    if let Some(e) = errors.iter().find(|e| e.field == field) {
        error_text(ui, &field_error(e, lang));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::at::value::Problem;

    /// Every warning names its field, in both languages.
    #[test]
    fn warnings_name_their_field() {
        let empty = ValidationError::new(Field::ClientId, Problem::Empty);
        assert_eq!(
            field_error(&empty, Lang::En),
            "Client ID must not be empty."
        );
        assert_eq!(field_error(&empty, Lang::Zh), "客户端 ID 不能为空。");
        let host = ValidationError::new(Field::BrokerHost, Problem::Empty);
        assert_eq!(field_error(&host, Lang::Zh), "服务器地址不能为空。");
        let range =
            ValidationError::new(Field::Keepalive, Problem::OutOfRange { min: 0, max: 7200 });
        assert_eq!(
            field_error(&range, Lang::En),
            "Keepalive must be a whole number from 0 to 7200."
        );
        let rule = ValidationError::new(Field::Qos, Problem::Rule("widgets-field-use-0-here"));
        assert_eq!(field_error(&rule, Lang::En), "QoS: Use 0 here.");
        assert_eq!(field_error(&rule, Lang::Zh), "QoS：此处用 0。");
        // Traditional Chinese: one sentence per problem too, the field its subject.
        let hant = field_error(&empty, Lang::ZhHant);
        assert!(hant.ends_with(" ID 不能為空。"), "{hant}");
        let hant = field_error(&range, Lang::ZhHant);
        assert!(hant.ends_with("必須是 0 到 7200 之間的整數。"), "{hant}");
    }
}
