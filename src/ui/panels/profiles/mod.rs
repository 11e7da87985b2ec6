//! Profiles & provisioning: open, edit, save and read profiles; preview the AT lines with the
//! connected module's IMEI/ICCID filled in; apply as one job with a step list, verify with a diff,
//! then a health check and the installation report. With "Prove delivery from this computer"
//! ticked and an `[mqtt]` section, the delivery proof ([`crate::proof`]) runs after apply and
//! verify, with the profile's broker, credentials and CA file, and goes into the report.
//!
//! The panel drives the engine's state machines ([`ApplyJob`], [`ReadJob`], [`HealthCheck`])
//! without blocking: worker events come in through [`Panel::on_event`], the requests they return
//! go out through the shell, and [`Panel::tick`] enforces their deadlines. Files (opening and
//! saving a profile, saving the report) are read and written on background threads
//! ([`Task`]); the panel picks the result up each frame with `try_recv`.

pub mod editor;
pub mod run;

use super::Panel;
use super::mqtt::proof_link::{ProofRun, stage_words};
use crate::i18n::Lang;
use crate::profile::check;
use crate::profile::health::{self, HealthCheck, HealthOptions, HealthStep, StepResult};
use crate::profile::plan::{self, ModuleState, PlannedStep};
use crate::profile::report::{InstallReport, save_html};
use crate::profile::runner::{ApplyJob, ApplyOptions, JobState};
use crate::profile::verify::ReadJob;
use crate::profile::{Identity, Profile, paths, save};
use crate::ui::ctx::PanelCtx;
use crate::ui::module_view::ModuleView;
use crate::ui::task::{Stopped, Task};
use crate::ui::widgets;
use crate::ui::widgets::form::{self, Choices, choose, palette};
use crate::worker::{Event, Request};
use editor::Editor;
use egui::RichText;
use std::path::PathBuf;
use std::time::{Instant, SystemTime};

/// What the Profiles tab asks of the other panels' forms (carried out by
/// [`Panels::exchange_forms`](super::Panels::exchange_forms) after the frame).
pub enum FormsIntent {
    /// Put the forms' values into the editor.
    Collect,
    /// Load this profile into the forms.
    Load(Box<Profile>),
}

/// A confirmation the panel is asking for.
enum Ask {
    /// Save: with or without the MQTT password?
    Secrets,
    /// Apply will restart the module (these steps).
    Restart(Vec<String>),
}

/// File work running off the UI thread.
enum FileJob {
    /// Reading a profile's text.
    Open {
        path: PathBuf,
        task: Task<std::io::Result<String>>,
    },
    /// Saving `profile` (certificate paths already written for its folder); `text` is the
    /// editor's text when saving started.
    Save {
        path: PathBuf,
        profile: Box<Profile>,
        include_secrets: bool,
        text: String,
        task: Task<Result<(), crate::profile::ProfileError>>,
    },
    /// Saving the installation report.
    Report {
        path: PathBuf,
        task: Task<std::io::Result<()>>,
    },
}

impl FileJob {
    fn path(&self) -> &std::path::Path {
        match self {
            FileJob::Open { path, .. }
            | FileJob::Save { path, .. }
            | FileJob::Report { path, .. } => path,
        }
    }
}

/// The Profiles & provisioning tab.
pub struct ProfilesPanel {
    pub editor: Editor,
    verify: bool,
    live: bool,
    apply: Option<ApplyJob>,
    read: Option<ReadJob>,
    health: Option<HealthCheck>,
    ask: Option<Ask>,
    /// The outcome of the last file or read action: (ok, text).
    notice: Option<(bool, String)>,
    forms: Option<FormsIntent>,
    /// Forms were collected (true) or loaded (false) this frame: say so in the user's language.
    forms_notice: Option<bool>,
    /// A read finished since the last frame (its notice is written in the user's language).
    read_done: bool,
    /// A profile or report being read or written off the UI thread.
    file: Option<FileJob>,
    /// A file dialog open off the UI thread, and what its answer is for.
    dialog: Option<(Dialog, Task<Option<PathBuf>>)>,
    /// Prove delivery from this computer after apply and verify (profiles with `[mqtt]`).
    pub prove: bool,
    /// The apply job started with `prove` ticked, its proof not started yet.
    prove_pending: bool,
    /// The delivery proof under way.
    proof: Option<ProofRun>,
    /// The last delivery proof's report (for the installation report).
    proof_report: Option<crate::proof::ProofReport>,
}

impl Default for ProfilesPanel {
    fn default() -> Self {
        Self {
            editor: Editor::default(),
            verify: true,
            live: true,
            apply: None,
            read: None,
            health: None,
            ask: None,
            notice: None,
            read_done: false,
            forms: None,
            forms_notice: None,
            file: None,
            dialog: None,
            prove: false,
            prove_pending: false,
            proof: None,
            proof_report: None,
        }
    }
}

/// What is known of the module, for planning the preview.
fn module_state(m: &ModuleView) -> ModuleState {
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

/// The steps the profile would take on this module (placeholders filled when the IMEI is known).
fn preview_steps(
    p: &Profile,
    certs: &check::Certs,
    m: &ModuleView,
) -> Result<Vec<PlannedStep>, String> {
    let state = module_state(m);
    if state.identity.imei.is_empty() {
        let c = check::check_unfilled(p, certs).map_err(|e| {
            e.iter()
                .map(|x| x.message(Lang::En))
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        Ok(plan::steps(&c, &state))
    } else {
        plan::build(p, certs, &state)
            .map(|pl| pl.steps)
            .map_err(|e| {
                e.iter()
                    .map(|x| x.message(Lang::En))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
    }
}

impl ProfilesPanel {
    /// The apply job's status, once one started.
    pub fn apply_status(&self) -> Option<&crate::profile::runner::JobStatus> {
        self.apply.as_ref().map(ApplyJob::status)
    }

    /// The health check run after applying, if any.
    pub fn health(&self) -> Option<&HealthCheck> {
        self.health.as_ref()
    }

    /// What the forms should do, taken once.
    pub fn take_forms_intent(&mut self) -> Option<FormsIntent> {
        self.forms.take()
    }

    /// The forms' values, collected: show them in the editor.
    pub fn forms_collected(&mut self, p: &Profile) {
        self.editor.path = None;
        self.editor.load_profile(p);
        self.forms_notice = Some(true);
    }

    /// The delivery proof run after the last apply, if any.
    pub fn proof_report(&self) -> Option<&crate::proof::ProofReport> {
        self.proof_report.as_ref()
    }

    /// Whether the delivery proof runs or waits for apply to finish.
    pub fn proving(&self) -> bool {
        self.proof.is_some() || self.prove_pending
    }

    /// Start the delivery proof once apply (and verify) finished: with the profile's broker,
    /// credentials and CA file, the module's IMEI as read by the job.
    fn start_proof(&mut self, egui: &egui::Context) {
        self.prove_pending = false;
        let Some(job) = &self.apply else { return };
        let st = job.status();
        if st.state != JobState::Done {
            return;
        }
        let Some(l) = self.editor.loaded() else {
            return;
        };
        let Some(m) = &l.profile.mqtt else { return };
        let imei = st
            .identity
            .as_ref()
            .map(|i| i.imei.clone())
            .unwrap_or_else(|| "unknown".into());
        let s = crate::proof::settings_from_profile(
            m,
            &l.certs,
            &imei,
            None,
            None,
            super::mqtt::proof::STEP_TIMEOUT,
        );
        self.proof = super::mqtt::proof_link::start(s, egui);
    }

    fn busy(&self) -> bool {
        self.apply.as_ref().is_some_and(|j| !j.is_finished())
            || self.read.as_ref().is_some_and(|r| r.result().is_none())
            || self.health.as_ref().is_some_and(|h| !h.is_done())
            || self.proving()
    }

    /// Whether a file is being read or written, or a file dialog is open.
    pub fn file_busy(&self) -> bool {
        self.file.is_some() || self.dialog.is_some()
    }

    /// Wait for `dialog` (off the UI thread) and then go on with `purpose`; a picker that
    /// answers at once (tests) goes on in this frame.
    fn ask(
        &mut self,
        purpose: Dialog,
        dialog: Task<Option<PathBuf>>,
        ctx: &mut PanelCtx<'_>,
        egui: &egui::Context,
    ) {
        self.dialog = Some((purpose, dialog));
        self.poll_dialog(ctx, egui);
    }

    /// Go on with what a file dialog was opened for, once it answered (never waits).
    fn poll_dialog(&mut self, ctx: &mut PanelCtx<'_>, egui: &egui::Context) {
        let Some((_, task)) = &self.dialog else {
            return;
        };
        let Some(answer) = task.poll() else { return };
        let Some((purpose, _)) = self.dialog.take() else {
            return;
        };
        let Ok(Some(path)) = answer else { return };
        match purpose {
            Dialog::Open => self.open_path(path, egui),
            Dialog::Save { include_secrets } => self.save_to(path, egui, include_secrets),
            Dialog::Report => self.report_to(path, ctx, egui),
        }
    }

    fn open(&mut self, ctx: &mut PanelCtx<'_>, egui: &egui::Context) {
        let title = ctx.tr("profiles-open-a-profile");
        let dialog = ctx
            .files
            .pick_file_task(egui, title, &[("TOML", &["toml"])]);
        self.ask(Dialog::Open, dialog, ctx, egui);
    }

    fn open_path(&mut self, path: PathBuf, egui: &egui::Context) {
        let p = path.clone();
        let task = Task::spawn("profile-open", egui, move || std::fs::read_to_string(&p));
        self.file = Some(FileJob::Open { path, task });
        self.notice = None;
    }

    fn save(&mut self, ctx: &mut PanelCtx<'_>, egui: &egui::Context, include_secrets: bool) {
        if self.editor.loaded().is_none() {
            return;
        }
        let title = ctx.tr("profiles-save-the-profile");
        let dialog = ctx.files.save_file_task(egui, title, "profile.toml");
        self.ask(Dialog::Save { include_secrets }, dialog, ctx, egui);
    }

    fn save_to(&mut self, path: PathBuf, egui: &egui::Context, include_secrets: bool) {
        // The profile as it is when the user chose where to save it.
        let Some(l) = self.editor.loaded() else {
            return;
        };
        // Certificate paths are relative to the profile file: written for the new folder.
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        let profile = paths::rebase(&l.profile, &self.editor.base(), Some(dir));
        let (p, target) = (profile.clone(), path.clone());
        let task = Task::spawn("profile-save", egui, move || {
            save(&p, &target, include_secrets)
        });
        self.file = Some(FileJob::Save {
            path,
            profile: Box::new(profile),
            include_secrets,
            text: self.editor.text.clone(),
            task,
        });
        self.notice = None;
    }

    /// Take in what a file job finished with (called every frame; never waits).
    fn poll_file(&mut self, lang: Lang) {
        let Some(job) = &self.file else { return };
        let stopped = |path: &std::path::Path| {
            format!(
                "{} {}",
                lang.tr("profiles-stopped-unexpectedly"),
                path.display()
            )
        };
        self.notice = match job {
            FileJob::Open { path, task } => match task.poll() {
                None => return,
                Some(Ok(Ok(text))) => {
                    self.editor.load_text(Some(path.clone()), text);
                    self.editor.validate();
                    let (ok, words) = self.editor.status(lang);
                    Some((
                        ok,
                        format!(
                            "{} {} — {words}",
                            lang.tr("profiles-opened"),
                            path.display()
                        ),
                    ))
                }
                Some(Ok(Err(e))) => Some((
                    false,
                    format!(
                        "{} {}: {e}",
                        lang.tr("profiles-cannot-read"),
                        path.display()
                    ),
                )),
                Some(Err(Stopped)) => Some((false, stopped(path))),
            },
            FileJob::Save {
                path,
                profile,
                include_secrets,
                text,
                task,
            } => match task.poll() {
                None => return,
                Some(Ok(Ok(()))) => {
                    // The editor now shows that file (its text as saved, the password kept
                    // aside), unless it was edited meanwhile.
                    if self.editor.text == *text {
                        self.editor.path = Some(path.clone());
                        self.editor.load_profile(profile);
                    }
                    Some((
                        true,
                        format!(
                            "{} {}{}",
                            lang.tr("profiles-saved"),
                            path.display(),
                            if *include_secrets {
                                lang.tr("profiles-with-the-password")
                            } else {
                                lang.tr("profiles-without-the-password")
                            }
                        ),
                    ))
                }
                Some(Ok(Err(e))) => Some((false, e.message(lang))),
                Some(Err(Stopped)) => Some((false, stopped(path))),
            },
            FileJob::Report { path, task } => match task.poll() {
                None => return,
                Some(Ok(Ok(()))) => Some((
                    true,
                    format!(
                        "{} {} {}",
                        lang.tr("profiles-report-saved"),
                        path.display(),
                        lang.tr("profiles-and-the-same-as-json-beside-it")
                    ),
                )),
                Some(Ok(Err(e))) => Some((
                    false,
                    format!(
                        "{} {}: {e}",
                        lang.tr("profiles-cannot-write"),
                        path.display()
                    ),
                )),
                Some(Err(Stopped)) => Some((false, stopped(path))),
            },
        };
        self.file = None;
    }

    fn start_read(&mut self, ctx: &mut PanelCtx<'_>) {
        let job = ReadJob::new();
        ctx.jobs.outbox.extend(job.start());
        self.read = Some(job);
        self.notice = None;
    }

    fn start_apply(&mut self, ctx: &mut PanelCtx<'_>) {
        let Some(l) = self.editor.loaded() else {
            return;
        };
        let opts = ApplyOptions {
            verify: self.verify,
            live_checks: self.verify && self.live,
            ..ApplyOptions::default()
        };
        let prove = self.prove && l.profile.mqtt.is_some();
        let mut job = ApplyJob::new(l.profile.clone(), l.certs.clone(), opts);
        ctx.jobs.outbox.extend(job.start(Instant::now()));
        self.apply = Some(job);
        self.health = None;
        self.proof_report = None;
        self.prove_pending = prove;
    }

    fn start_health(&mut self, ctx: &mut PanelCtx<'_>) {
        let opts = self
            .editor
            .loaded()
            .map(|l| HealthOptions::from_profile(&l.profile))
            .unwrap_or_default();
        let mut hc = HealthCheck::new(opts);
        ctx.jobs.outbox.extend(hc.start());
        self.health = Some(hc);
    }

    /// The health results for the report: the check run here, else the apply job's live checks;
    /// the delivery proof run after apply is its proof step.
    fn report_health(&self) -> Vec<StepResult> {
        let mut out = match &self.health {
            Some(h) if h.is_done() => h.results().to_vec(),
            _ => self
                .apply
                .as_ref()
                .map(|j| j.status().live.clone())
                .unwrap_or_default(),
        };
        if let Some(p) = &self.proof_report {
            out.retain(|r| r.step != HealthStep::Proof);
            out.push(health::judge_proof(Ok(p.clone())));
        }
        out
    }

    fn save_report(&mut self, ctx: &mut PanelCtx<'_>, egui: &egui::Context) {
        let Some(job) = &self.apply else { return };
        let imei = job
            .status()
            .identity
            .as_ref()
            .map(|i| i.imei.clone())
            .unwrap_or_default();
        let name = format!("installation-{imei}.html");
        let title = ctx.tr("profiles-save-the-installation-report");
        let dialog = ctx.files.save_file_task(egui, title, &name);
        self.ask(Dialog::Report, dialog, ctx, egui);
    }

    /// Write the report as it is when the user chose where (HTML, and JSON beside it).
    fn report_to(&mut self, path: PathBuf, ctx: &mut PanelCtx<'_>, egui: &egui::Context) {
        let Some(job) = &self.apply else { return };
        let mut r = InstallReport::new(
            job.status(),
            &self.report_health(),
            ctx.lang,
            SystemTime::now(),
        );
        if let Some(p) = &self.proof_report {
            r = r.with_proof(p.clone());
        }
        let target = path.clone();
        let task = Task::spawn("profile-report", egui, move || {
            save_html(&r, &target)?;
            // The same report as JSON beside it (never over the HTML itself).
            let json = if target.extension().is_some_and(|e| e == "json") {
                target.with_extension("report.json")
            } else {
                target.with_extension("json")
            };
            crate::profile::report::save_json(&r, &json)
        });
        self.file = Some(FileJob::Report { path, task });
        self.notice = None;
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
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
                let key = match job {
                    FileJob::Open { .. } => "profiles-reading",
                    FileJob::Save { .. } | FileJob::Report { .. } => "profiles-writing",
                };
                ui.label(format!("{} {}", ctx.tr(key), job.path().display()));
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

    fn editor_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let file = match &self.editor.path {
            Some(p) => p.display().to_string(),
            None => ctx.tr("profiles-not-saved").to_string(),
        };
        ui.label(RichText::new(format!("{}{file}", ctx.tr("profiles-file"))).weak());
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
                ui.label(RichText::new(format!("{key}: {}", w.get(lang))).color(palette::AMBER));
            }
        }
    }

    fn preview_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) -> Vec<String> {
        let lang = ctx.lang;
        let Some(l) = self.editor.loaded() else {
            return Vec::new();
        };
        let steps = match preview_steps(&l.profile, &l.certs, ctx.module) {
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
        egui::CollapsingHeader::new(format!(
            "{} ({})",
            lang.tr("profiles-at-commands-to-send"),
            steps.len()
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

    fn apply_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>, restarts: Vec<String>) {
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
            super::mqtt::proof::verdict(ui, lang, p);
        }
    }

    fn after_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
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

    fn modals(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
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
                    steps = steps.join(form::sep(lang))
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

/// What a file dialog was opened for.
enum Dialog {
    Open,
    Save { include_secrets: bool },
    Report,
}

impl Panel for ProfilesPanel {
    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        self.poll_dialog(ctx, &ui.ctx().clone());
        self.poll_file(ctx.lang);
        widgets::help(ui, ctx.tr("profiles-a-profile-holds-every-setting-apply"));
        ui.add_space(4.0);
        self.toolbar(ui, ctx);
        ui.add_space(6.0);
        widgets::section(ui, ctx.tr("profiles-profile"), |ui| self.editor_ui(ui, ctx));
        ui.add_space(6.0);
        let restarts = widgets::section(ui, ctx.tr("profiles-apply"), |ui| {
            let r = self.preview_ui(ui, ctx);
            self.apply_ui(ui, ctx, r.clone());
            r
        });
        let _ = restarts;
        self.after_ui(ui, ctx);
        self.modals(ui, ctx);
    }

    fn refresh(&mut self, _ctx: &mut PanelCtx<'_>) {}

    fn on_event(&mut self, e: &Event) -> Vec<Request> {
        let now = Instant::now();
        let mut out = Vec::new();
        if let Some(j) = &mut self.apply {
            out.extend(j.on_event(e, now));
        }
        if let Some(h) = &mut self.health {
            out.extend(h.on_event(e));
        }
        if let Some(p) = &self.proof {
            p.on_event(e);
        }
        if let Some(r) = &mut self.read
            && r.result().is_none()
            && r.on_event(e)
        {
            if let Some(Ok(p)) = r.result() {
                let p = p.clone();
                self.editor.path = None;
                self.editor.load_profile(&p);
            }
            self.read_done = true;
        }
        out
    }

    fn tick(&mut self, now: Instant, egui: &egui::Context) -> (Vec<Request>, Option<Instant>) {
        let (mut reqs, next) = match &mut self.apply {
            Some(j) => (j.tick(now), j.next_deadline()),
            None => (Vec::new(), None),
        };
        if self.prove_pending && self.apply.as_ref().is_none_or(ApplyJob::is_finished) {
            self.start_proof(egui);
        }
        if let Some(p) = &mut self.proof {
            let (r, done) = p.poll();
            reqs.extend(r);
            if let Some(report) = done {
                self.proof_report = Some(report);
                self.proof = None;
            }
        }
        (reqs, next)
    }
}
