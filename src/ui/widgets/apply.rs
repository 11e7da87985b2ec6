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
            lang.pick(
                "Fix the fields marked in red first.",
                "请先修正标红的字段。",
            )
            .into(),
        )
    } else if !connected {
        Some(
            lang.pick("Connect to a module first.", "请先连接模块。")
                .into(),
        )
    } else if busy {
        Some(lang.pick("Working…", "执行中…").into())
    } else {
        None
    }
}
