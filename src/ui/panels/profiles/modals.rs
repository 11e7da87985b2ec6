//! The questions the panel asks in a modal dialog: save the password, restart the module.

use super::*;

/// A confirmation the panel is asking for.
pub(super) enum Ask {
    /// Save: with or without the MQTT password?
    Secrets,
    /// Apply will restart the module (these steps).
    Restart(Vec<String>),
}

impl ProfilesPanel {
    pub(super) fn modals(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let Some(ask) = &self.ask else { return };
        let lang = ctx.lang;
        match ask {
            Ask::Secrets => {
                let text = Choices {
                    title: lang.tr("profiles-include-the-password"),
                    body: &[lang.tr("profiles-the-mqtt-password-can-be-saved-in-the")],
                    choices: &[
                        lang.tr("profiles-save-with-the-password"),
                        lang.tr("profiles-save-without-the-password"),
                    ],
                    danger: false,
                };
                if let Some(answer) = choose(ui, lang, "profiles.secrets", &text) {
                    self.ask = None;
                    if let Some(i) = answer {
                        self.save(ctx, &ui.ctx().clone(), i == 0);
                    }
                }
            }
            Ask::Restart(steps) => {
                let body = crate::tr!(
                    lang,
                    "profiles-this-profile-changes-restart",
                    steps = crate::profile::text::list(lang, steps)
                );
                let text = Choices {
                    title: lang.tr("profiles-the-module-will-restart"),
                    body: &[&body],
                    choices: &[lang.tr("profiles-apply-and-restart")],
                    danger: true,
                };
                if let Some(answer) = choose(ui, lang, "profiles.restart", &text) {
                    self.ask = None;
                    if answer.is_some() {
                        self.start_apply(ctx);
                    }
                }
            }
        }
    }
}
