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
//!
//! One file per job: [`files`] (profile files and file dialogs), [`engines`] (starting apply,
//! read, health and proof), [`toolbar`], [`sections`] (editor, preview, apply, after apply),
//! [`modals`] (the questions asked in a dialog) and [`report`] (the installation report).

pub mod editor;
mod engines;
mod files;
mod modals;
mod report;
pub mod run;
mod sections;
mod toolbar;

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
use crate::ui::files::FileDialog;
use crate::ui::module_view::ModuleView;
use crate::ui::task::{Stopped, Task};
use crate::ui::widgets;
use crate::ui::widgets::form::{Choices, choose, palette};
use crate::worker::{Event, Request};
use editor::Editor;
use egui::RichText;
use files::{Dialog, FileJob};
use modals::Ask;
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
    dialog: FileDialog<Dialog>,
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
            dialog: FileDialog::default(),
            prove: false,
            prove_pending: false,
            proof: None,
            proof_report: None,
        }
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

    fn busy(&self) -> bool {
        self.apply.as_ref().is_some_and(|j| !j.is_finished())
            || self.read.as_ref().is_some_and(|r| r.result().is_none())
            || self.health.as_ref().is_some_and(|h| !h.is_done())
            || self.proving()
    }
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
