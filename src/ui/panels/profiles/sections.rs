//! The panel's sections: the editor, the preview of the AT lines, apply with its step list,
//! and what comes after (verify, health, proof).

use super::*;

/// What is known of the module, for planning the preview.
pub(super) fn module_state(m: &ModuleView) -> ModuleState {
    ModuleState {
        identity: Identity {
            imei: m.imei.clone().unwrap_or_default(),
            iccid: m.iccid.clone().flatten(),
            firmware: m.firmware.clone().unwrap_or_default(),
        },
        pairing: m.pairing.unwrap_or_default(),
        uart: m.uart,
    }
}

/// The steps the profile would take on this module (placeholders filled when the IMEI is known),
/// or its problems in `lang`, one per line.
pub(super) fn preview_steps(
    p: &Profile,
    certs: &check::Certs,
    m: &ModuleView,
    lang: Lang,
) -> Result<Vec<PlannedStep>, String> {
    let state = module_state(m);
    let lines = |e: &[crate::profile::ProfileError]| {
        e.iter()
            .map(|x| x.message(lang))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if state.identity.imei.is_empty() {
        let c = check::check_unfilled(p, certs).map_err(|e| lines(&e))?;
        Ok(plan::steps(&c, &state))
    } else {
        plan::build(p, certs, &state)
            .map(|pl| pl.steps)
            .map_err(|e| lines(&e))
    }
}

impl ProfilesPanel {
    pub(super) fn editor_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let file = match &self.editor.path {
            Some(p) => p.display().to_string(),
            None => ctx.tr("profiles-not-saved").to_string(),
        };
        ui.label(RichText::new(crate::tr!(lang, "profiles-file", file = &file)).weak());
        let label = ui.label(ctx.tr("profiles-profile-toml"));
        // A long profile scrolls inside the editor, so Apply stays near.
        egui::ScrollArea::vertical()
            .id_salt("profiles.editor")
            .max_height(360.0)
            .show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut self.editor.text)
                        .code_editor()
                        .desired_rows(12)
                        .desired_width(f32::INFINITY)
                        .hint_text(ctx.tr("profiles-open-a-profile-read-one-from-the")),
                )
                .labelled_by(label.id);
            });
        let mut no_errors = Vec::new();
        widgets::text_field_masked(
            ui,
            lang,
            ctx.tr("profiles-mqtt-password"),
            &mut self.editor.password,
            &mut self.editor.show_password,
            &no_errors,
            crate::at::value::Field::Password,
        );
        no_errors.clear();
        self.editor.validate();
        let (ok, words) = self.editor.status(lang);
        if ok {
            ui.label(
                RichText::new(format!("✓ {words}"))
                    .color(palette::GREEN)
                    .strong(),
            );
        } else if self.editor.errors().is_none() {
            // Empty is where everyone starts: say what to do, not in red.
            ui.label(RichText::new(words).weak());
        } else {
            ui.label(
                RichText::new(words)
                    .color(ui.visuals().error_fg_color)
                    .strong(),
            );
        }
        if let Some(errs) = self.editor.errors() {
            for e in &errs.0 {
                widgets::error_text(ui, &e.message(lang));
            }
        }
        if let Some(l) = self.editor.loaded() {
            for (key, w) in &l.warnings {
                let text = crate::tr!(
                    lang,
                    "profiles-field-warning",
                    field = key,
                    warning = &w.get(lang)
                );
                ui.label(RichText::new(text).color(palette::AMBER));
            }
        }
    }

    pub(super) fn preview_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) -> Vec<String> {
        let lang = ctx.lang;
        let Some(l) = self.editor.loaded() else {
            return Vec::new();
        };
        let steps = match preview_steps(&l.profile, &l.certs, ctx.module, lang) {
            Ok(s) => s,
            Err(e) => {
                widgets::error_text(ui, &e);
                return Vec::new();
            }
        };
        let restarts: Vec<String> = steps
            .iter()
            .filter(|s| s.command().is_some_and(crate::at::Command::restarts))
            .map(|s| s.title.get(lang).to_string())
            .collect();
        egui::CollapsingHeader::new(crate::tr!(
            lang,
            "profiles-at-commands-to-send",
            n = steps.len()
        ))
        .id_salt("profiles.preview")
        .default_open(true)
        .show(ui, |ui| {
            if ctx.module.imei.is_none() {
                ui.label(
                    RichText::new(lang.tr("profiles-connect-a-module-to-fill-imei-iccid")).weak(),
                );
            }
            // Room for the step's title; the command takes the rest (cut short, whole on hover).
            let width = (ui.available_width() - 260.0).max(200.0);
            egui::Grid::new("profiles.preview.steps")
                .striped(true)
                .num_columns(2)
                .spacing([16.0, 2.0])
                .show(ui, |ui| {
                    for s in &steps {
                        ui.label(s.title.get(lang));
                        run::cell(ui, width, RichText::new(&s.preview).monospace(), false);
                        ui.end_row();
                    }
                });
        });
        restarts
    }

    pub(super) fn apply_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &mut PanelCtx<'_>,
        restarts: Vec<String>,
    ) {
        let lang = ctx.lang;
        let busy = self.busy();
        ui.horizontal(|ui| {
            ui.checkbox(
                &mut self.verify,
                ctx.tr("profiles-verify-after-applying-read-every"),
            );
            ui.add_enabled(
                self.verify,
                egui::Checkbox::new(
                    &mut self.live,
                    ctx.tr("profiles-live-checks-registration-signal-mqtt"),
                ),
            );
        });
        let has_mqtt = self
            .editor
            .loaded()
            .is_some_and(|l| l.profile.mqtt.is_some());
        ui.add_enabled(
            has_mqtt && !busy,
            egui::Checkbox::new(
                &mut self.prove,
                ctx.tr("profiles-prove-delivery-from-this-computer"),
            ),
        )
        .on_hover_text(ctx.tr("profiles-after-applying-this-computer-s-own"))
        .on_disabled_hover_text(ctx.tr("profiles-needs-a-profile-with-an-mqtt-section"));
        let blocked = if self.editor.errors().is_some() {
            Some(
                ctx.tr("profiles-fix-the-profile-s-problems-first")
                    .to_string(),
            )
        } else if self.editor.is_empty() {
            Some(
                ctx.tr("profiles-open-read-or-type-a-profile-first")
                    .to_string(),
            )
        } else {
            widgets::apply::blocked_reason(
                lang,
                ctx.connected() && !ctx.module.data_mode,
                busy,
                true,
            )
        };
        ui.horizontal(|ui| {
            if widgets::apply_button(ui, lang, ctx.tr("profiles-apply-profile"), blocked) {
                if restarts.is_empty() {
                    self.start_apply(ctx);
                } else {
                    self.ask = Some(Ask::Restart(restarts));
                }
            }
            if self.apply.as_ref().is_some_and(|j| !j.is_finished())
                && ui.button(ctx.tr("profiles-cancel")).clicked()
                && let Some(j) = &mut self.apply
            {
                ctx.jobs.outbox.extend(j.cancel());
            }
        });
        if let Some(job) = &self.apply {
            run::job_view(ui, lang, "profiles", job.status());
        }
        if let Some(p) = &self.proof {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(stage_words(lang, p.stage()));
                if ui.button(ctx.tr("profiles-cancel-proof")).clicked() {
                    p.cancel();
                }
            });
        }
        if let Some(p) = &self.proof_report {
            crate::ui::panels::mqtt::proof::verdict(ui, lang, p);
        }
    }

    pub(super) fn after_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let Some(job) = &self.apply else { return };
        if job.status().state != JobState::Done {
            return;
        }
        ui.add_space(8.0);
        let egui_ctx = ui.ctx().clone();
        widgets::section(ui, ctx.tr("profiles-prove-it-on-site"), |ui| {
            let busy = self.busy() || self.file_busy();
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        !busy && ctx.connected(),
                        egui::Button::new(ctx.tr("profiles-run-health-check")),
                    )
                    .clicked()
                {
                    self.start_health(ctx);
                }
                let checked = self.health.as_ref().is_some_and(HealthCheck::is_done)
                    || self
                        .apply
                        .as_ref()
                        .is_some_and(|j| !j.status().live.is_empty());
                let b = ui
                    .add_enabled(
                        checked && !busy,
                        egui::Button::new(ctx.tr("profiles-save-installation-report")),
                    )
                    .on_disabled_hover_text(ctx.tr("profiles-run-the-health-check-first"));
                if b.clicked() {
                    self.save_report(ctx, &egui_ctx);
                }
            });
            if let Some(h) = &self.health {
                ui.horizontal(|ui| {
                    ui.label(ctx.tr("profiles-overall"));
                    run::verdict_label(ui, lang, h.overall(), false);
                });
                for r in h.results() {
                    ui.horizontal_wrapped(|ui| {
                        run::verdict_label(ui, lang, r.verdict, false);
                        ui.label(RichText::new(r.step.title(lang)).strong());
                        ui.label(r.sentence(lang));
                    });
                }
            }
        });
    }
}
