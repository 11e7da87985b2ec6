//! The MQTT QoS levels: their words and a drop-down to pick one.

use crate::i18n::Lang;
use crate::ui::widgets::form::labelled;
use egui::{Response, Ui};

/// The MQTT QoS levels in the manual's words.
pub fn qos_words(lang: Lang, qos: u8) -> &'static str {
    match qos {
        0 => lang.tr("mqtt-qos-0-at-most-once"),
        1 => lang.tr("mqtt-qos-1-at-least-once"),
        _ => lang.tr("mqtt-qos-2-exactly-once"),
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
