//! The toolbar: open, save, read from the module, take from or load into the forms.

use super::*;

impl ProfilesPanel {
    pub(super) fn toolbar(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let busy = self.busy() || self.file_busy();
        let egui_ctx = ui.ctx().clone();
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(!busy, egui::Button::new(ctx.tr("profiles-open-profile")))
                .clicked()
            {
                self.open(ctx, &egui_ctx);
            }
            let can_save =
                self.editor.loaded().is_some() && !self.editor.is_empty() && !self.file_busy();
            if ui
                .add_enabled(can_save, egui::Button::new(ctx.tr("profiles-save-profile")))
                .clicked()
            {
                self.ask = Some(Ask::Secrets);
            }
            let can_read = ctx.connected() && !busy && !ctx.module.data_mode;
            if ui
                .add_enabled(
                    can_read,
                    egui::Button::new(ctx.tr("profiles-read-settings-from-module")),
                )
                .on_hover_text(ctx.tr("profiles-fills-the-editor-with-the-module-s"))
                .clicked()
            {
                self.start_read(ctx);
            }
        });
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(
                    !busy,
                    egui::Button::new(ctx.tr("profiles-use-the-settings-in-the-forms")),
                )
                .on_hover_text(ctx.tr("profiles-fills-the-editor-with-what-the-device"))
                .clicked()
            {
                self.forms = Some(FormsIntent::Collect);
            }
            let loaded = self.editor.loaded().filter(|_| !self.editor.is_empty());
            if ui
                .add_enabled(
                    loaded.is_some(),
                    egui::Button::new(ctx.tr("profiles-load-into-the-forms")),
                )
                .on_hover_text(ctx.tr("profiles-puts-this-profile-s-values-into-the"))
                .clicked()
                && let Some(l) = loaded
            {
                // The forms take certificate files by absolute path.
                let p = paths::rebase(&l.profile, &self.editor.base(), None);
                self.forms = Some(FormsIntent::Load(Box::new(p)));
                self.forms_notice = Some(false);
            }
        });
        if let Some(collected) = self.forms_notice.take() {
            self.notice = Some((
                true,
                if collected {
                    ctx.tr("profiles-the-forms-settings-are-in-the-editor")
                } else {
                    ctx.tr("profiles-loaded-into-the-forms-review-them-on")
                }
                .to_string(),
            ));
        }
        if let Some(job) = &self.file {
            ui.horizontal(|ui| {
                ui.spinner();
                let path = job.path().display();
                ui.label(match job {
                    FileJob::Open { .. } => crate::tr!(ctx.lang, "profiles-reading", path = &path),
                    FileJob::Save { .. } | FileJob::Report { .. } => {
                        crate::tr!(ctx.lang, "profiles-writing", path = &path)
                    }
                });
            });
        }
        if let Some(r) = &self.read
            && r.result().is_none()
        {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(ctx.tr("profiles-reading-the-module-s-settings"));
            });
        }
        if self.read_done {
            self.read_done = false;
            self.notice = match self.read.as_ref().and_then(ReadJob::result) {
                Some(Ok(_)) => Some((
                    true,
                    ctx.tr("profiles-read-the-module-s-settings-into-the")
                        .to_string(),
                )),
                Some(Err(t)) => Some((false, t.get(ctx.lang).to_string())),
                None => None,
            };
        }
        if let Some((ok, text)) = &self.notice {
            let color = if *ok {
                palette::GREEN
            } else {
                ui.visuals().error_fg_color
            };
            ui.label(RichText::new(text).color(color));
        }
    }
}
