//! The apply button: disabled until the form is valid and a module is connected, with the reason.

use crate::i18n::Lang;
use egui::Ui;

/// Draw an apply button. `blocked`: why it cannot be used now (invalid form, not connected,
/// busy), shown beside it. Returns true when clicked.
pub fn apply_button(ui: &mut Ui, lang: Lang, label: &str, blocked: Option<String>) -> bool {
    ui.horizontal(|ui| {
        let clicked = ui
            .add_enabled(blocked.is_none(), egui::Button::new(label))
            .clicked();
        if let Some(why) = blocked {
            ui.label(egui::RichText::new(why).weak());
        }
        let _ = lang;
        clicked
    })
    .inner
}

/// The usual reason an apply button is blocked, or `None` if it can be used.
pub fn blocked_reason(lang: Lang, connected: bool, busy: bool, form_ok: bool) -> Option<String> {
    if !form_ok {
        Some(
            lang.tr("widgets-apply-fix-the-fields-marked-in-red-first")
                .into(),
        )
    } else if !connected {
        Some(lang.tr("widgets-apply-connect-to-a-module-first").into())
    } else if busy {
        Some(lang.tr("widgets-apply-working").into())
    } else {
        None
    }
}
