//! Production line: one profile applied to several ports in parallel, each row with its own
//! progress and result; retry the failed ones; export CSV and JSON. Each port gets its own worker
//! (owned by [`Batch`]), so this panel does not use the shell's connection.
//!
//! Nothing here waits on the system: listing the serial ports, reading the profile and writing
//! the exports run on [`Task`] threads; the panel shows a spinner meanwhile and picks the
//! result up in [`Panel::tick`] with `try_recv`.

mod rows;

use super::Panel;
use crate::profile::batch::{Batch, EntryPhase, to_csv, to_json};
use crate::profile::fsutil::write_atomic;
use crate::profile::load::LoadedProfile;
use crate::profile::runner::ApplyOptions;
use crate::profile::{ProfileErrors, load};
use crate::sim::{SimConfig, SimHandle};
use crate::ui::ctx::PanelCtx;
use crate::ui::files::FileDialog;
use crate::ui::ports::{self, PortEntry};
use crate::ui::task::{self, Task};
use crate::ui::widgets;
use crate::ui::widgets::form::palette;
use crate::worker::{PortOpener, Request, SerialPath};
use egui::RichText;
use palette::GREEN;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// A port opener with a name of our choosing (each simulated module gets its own number).
struct Named(String, Arc<dyn PortOpener>);

impl PortOpener for Named {
    fn name(&self) -> String {
        self.0.clone()
    }
    fn open(
        &self,
        settings: &crate::at::basic::UartConfig,
    ) -> std::io::Result<Box<dyn crate::link::Link>> {
        self.1.open(settings)
    }
}

/// The system's serial ports, as far as they are known.
#[derive(Default)]
enum Ports {
    /// Not listed yet (the tab was not shown).
    #[default]
    Unknown,
    /// A scan is running.
    Scanning(Task<Vec<PortEntry>>),
    Listed(Vec<PortEntry>),
}

/// Which export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

/// The Production line tab.
#[derive(Default)]
pub struct BatchPanel {
    ports: Ports,
    checked: BTreeSet<String>,
    /// Paths typed by the user, one per line or comma-separated (pseudo-terminals, COM ports).
    typed: String,
    /// How many simulated modules to add (demos).
    sims: String,
    /// How new simulated modules behave (default: realistic delays; tests use the fast timing).
    pub sim_config: SimConfig,
    profile: Option<LoadedProfile>,
    profile_error: Option<ProfileErrors>,
    /// The profile being read.
    loading: Option<(PathBuf, Task<Result<LoadedProfile, ProfileErrors>>)>,
    batch: Option<Batch>,
    /// Keeps the simulated modules alive while the batch runs.
    sim_handles: Vec<SimHandle>,
    /// The export being written.
    exporting: Option<(PathBuf, Task<std::io::Result<()>>)>,
    /// A file dialog open off the UI thread, and what its answer is for.
    dialog: FileDialog<Dialog>,
    /// The outcome of the last export: (ok, what happened) in both languages.
    notice: Option<(bool, crate::profile::Text)>,
    /// Prove delivery from this computer for each module (profiles with `[mqtt]`).
    pub prove: bool,
}

/// What a file dialog was opened for.
enum Dialog {
    Profile,
    Export(Format),
}

impl BatchPanel {
    /// The running or finished batch, if one started.
    pub fn batch(&self) -> Option<&Batch> {
        self.batch.as_ref()
    }

    /// The profile that will be applied, once read.
    pub fn profile(&self) -> Option<&LoadedProfile> {
        self.profile.as_ref()
    }

    /// Whether a port scan, profile read or export is still running.
    pub fn background_busy(&self) -> bool {
        matches!(self.ports, Ports::Scanning(_))
            || self.loading.is_some()
            || self.exporting.is_some()
            || self.dialog.is_open()
    }

    /// The system's ports, once listed.
    pub fn listed_ports(&self) -> Option<&[PortEntry]> {
        match &self.ports {
            Ports::Listed(v) => Some(v),
            _ => None,
        }
    }

    fn running(&self) -> bool {
        self.batch.as_ref().is_some_and(|b| !b.is_finished())
    }

    fn sim_count(&self) -> Result<usize, ()> {
        if self.sims.trim().is_empty() {
            return Ok(0);
        }
        match self.sims.trim().parse::<usize>() {
            Ok(n) if n <= 16 => Ok(n),
            _ => Err(()),
        }
    }

    fn typed_paths(&self) -> Vec<String> {
        self.typed
            .split([',', '\n', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }

    /// List the system's serial ports on a background thread.
    fn scan(&mut self, egui: &egui::Context) {
        if matches!(self.ports, Ports::Scanning(_)) {
            return;
        }
        let task = Task::spawn("batch-ports", egui, ports::system);
        self.ports = Ports::Scanning(task);
    }

    fn pick_profile(&mut self, ctx: &mut PanelCtx<'_>, egui: &egui::Context) {
        let title = ctx.tr("batch-choose-the-profile");
        let dialog = ctx
            .files
            .pick_file_task(egui, title, &[("TOML", &["toml"])]);
        self.dialog.start(Dialog::Profile, dialog);
        // A picker that answers at once (tests) goes on in this frame.
        self.poll_dialog(egui);
    }

    /// Go on with what a file dialog was opened for, once it answered (never waits).
    fn poll_dialog(&mut self, egui: &egui::Context) {
        let Some((purpose, path)) = self.dialog.poll() else {
            return;
        };
        match purpose {
            Dialog::Profile => self.load_profile(path, egui),
            Dialog::Export(format) => self.export_to(path, egui, format),
        }
    }

    fn load_profile(&mut self, path: PathBuf, egui: &egui::Context) {
        let p = path.clone();
        self.loading = Some((path, Task::spawn("batch-profile", egui, move || load(&p))));
    }

    /// Pick up whatever the background threads finished. Never waits.
    fn poll_background(&mut self) {
        if let Ports::Scanning(t) = &self.ports
            && let Some(r) = t.poll()
        {
            // A scan that failed lists nothing; typed paths still work.
            let listed = r.unwrap_or_default();
            // A port that went away is no longer picked.
            self.checked.retain(|id| listed.iter().any(|p| &p.id == id));
            self.ports = Ports::Listed(listed);
        }
        if let Some((path, t)) = &self.loading
            && let Some(r) = t.poll()
        {
            let r = r.unwrap_or_else(|_| Err(stopped_reading(path)));
            match r {
                Ok(l) => {
                    self.profile = Some(l);
                    self.profile_error = None;
                }
                Err(e) => {
                    self.profile = None;
                    self.profile_error = Some(e);
                }
            }
            self.loading = None;
        }
        if let Some((path, t)) = &self.exporting
            && let Some(r) = t.poll()
        {
            let shown = path.display();
            self.notice = Some(match r {
                Ok(Ok(())) => (true, crate::text!("batch-exported", shown = &shown)),
                Ok(Err(e)) => (
                    false,
                    crate::text!("batch-cannot-write", shown = &shown, e = &e),
                ),
                Err(task::Stopped) => (
                    false,
                    crate::text!("batch-writing-stopped-unexpectedly", shown = &shown),
                ),
            });
            self.exporting = None;
        }
    }

    fn start(&mut self, ctx: &mut PanelCtx<'_>, egui_ctx: &egui::Context) {
        let Some(l) = &self.profile else { return };
        let mut openers: Vec<Arc<dyn PortOpener>> = Vec::new();
        let mut names = BTreeSet::new();
        for p in self.checked.iter().cloned().chain(self.typed_paths()) {
            if names.insert(p.clone()) {
                openers.push(Arc::new(SerialPath(p)));
            }
        }
        self.sim_handles.clear();
        let n = self.sim_count().unwrap_or(0);
        for i in 0..n {
            let mut cfg = self.sim_config.clone();
            // Each simulated module has its own IMEI, so the report tells them apart.
            let imei = format!("8607200874535{:02}", 90 + i);
            cfg.imei = imei;
            let h = SimHandle::spawn(cfg);
            let name = crate::tr!(ctx.lang, "batch-simulated-ct11", n = i + 1);
            openers.push(Arc::new(Named(name, crate::sim::handle_opener(h.clone()))));
            self.sim_handles.push(h);
        }
        let repaint = egui_ctx.clone();
        let mut b = Batch::new(
            l.profile.clone(),
            l.certs.clone(),
            ApplyOptions::default(),
            openers,
            move || {
                let r = repaint.clone();
                Some(Box::new(move || r.request_repaint()))
            },
        );
        if self.prove {
            let wake = egui_ctx.clone();
            b.prove_delivery(super::mqtt::proof::STEP_TIMEOUT, move || {
                let r = wake.clone();
                Some(Box::new(move || r.request_repaint()))
            });
        }
        b.start(Instant::now());
        self.batch = Some(b);
        self.notice = None;
    }

    /// Ask where to save, then write the report on a background thread (atomically: a
    /// temporary file in the same folder, then a rename).
    fn export(&mut self, ctx: &mut PanelCtx<'_>, egui: &egui::Context, format: Format) {
        if self.batch.is_none() {
            return;
        }
        let name = match format {
            Format::Json => "batch-report.json",
            Format::Csv => "batch-report.csv",
        };
        let title = ctx.tr("batch-export-the-batch-report");
        let dialog = ctx.files.save_file_task(egui, title, name);
        self.dialog.start(Dialog::Export(format), dialog);
        self.poll_dialog(egui);
    }

    /// Write the report as it is when the user chose where.
    fn export_to(&mut self, path: PathBuf, egui: &egui::Context, format: Format) {
        let Some(b) = &self.batch else { return };
        let rows = b.results();
        let body = match format {
            Format::Json => to_json(&rows),
            Format::Csv => to_csv(&rows),
        };
        let target = path.clone();
        let task = Task::spawn("batch-export", egui, move || {
            write_atomic(&target, body.as_bytes())
        });
        self.exporting = Some((path, task));
        self.notice = None;
    }

    fn ports_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let running = self.running();
        ui.horizontal(|ui| {
            ui.strong(ctx.tr("batch-system-ports"));
            let scanning = matches!(self.ports, Ports::Scanning(_));
            if ui
                .add_enabled(!scanning, egui::Button::new(ctx.tr("batch-rescan-ports")))
                .clicked()
            {
                self.scan(ui.ctx());
            }
            if scanning {
                ui.spinner();
                ui.label(RichText::new(ctx.tr("batch-scanning")).weak());
            }
        });
        if let Ports::Listed(ports) = &self.ports {
            if ports.is_empty() {
                ui.label(
                    RichText::new(ctx.tr("batch-no-serial-port-found-plug-the-modules")).weak(),
                );
            }
            ui.horizontal_wrapped(|ui| {
                for p in ports {
                    let mut on = self.checked.contains(&p.id);
                    if ui
                        .add_enabled(!running, egui::Checkbox::new(&mut on, &p.label))
                        .changed()
                    {
                        if on {
                            self.checked.insert(p.id.clone());
                        } else {
                            self.checked.remove(&p.id);
                        }
                    }
                }
            });
        }
        ui.add_space(4.0);
        egui::Grid::new("batch.more-ports")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label(ctx.tr("batch-other-ports-paths-comma-separated"));
                ui.add_enabled(
                    !running,
                    egui::TextEdit::singleline(&mut self.typed)
                        .hint_text("/dev/ttyUSB3, COM7")
                        .desired_width(280.0),
                )
                .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(ctx.tr("batch-simulated-modules-demo"));
                ui.add_enabled(
                    !running,
                    egui::TextEdit::singleline(&mut self.sims)
                        .hint_text("0")
                        .desired_width(60.0),
                )
                .labelled_by(l.id);
                ui.end_row();
            });
        if self.sim_count().is_err() {
            widgets::error_text(ui, ctx.tr("batch-give-a-whole-number-from-0-to-16"));
        }
    }

    fn profile_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let egui_ctx = ui.ctx().clone();
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(
                    !self.running() && self.loading.is_none() && !self.dialog.is_open(),
                    egui::Button::new(ctx.tr("batch-choose-profile")),
                )
                .clicked()
            {
                self.pick_profile(ctx, &egui_ctx);
            }
            match (&self.loading, &self.profile) {
                (Some((path, _)), _) => {
                    ui.spinner();
                    ui.label(
                        RichText::new(crate::tr!(
                            ctx.lang,
                            "batch-reading",
                            path = &path.display()
                        ))
                        .weak(),
                    );
                }
                (None, Some(l)) => {
                    ui.label(RichText::new(format!("✓ {}", l.path.display())).color(GREEN));
                }
                (None, None) if self.profile_error.is_none() => {
                    ui.label(RichText::new(ctx.tr("batch-no-profile-chosen")).weak());
                }
                (None, None) => {}
            }
        });
        if let Some(e) = &self.profile_error {
            for x in &e.0 {
                widgets::error_text(ui, &x.message(ctx.lang));
            }
        }
    }

    fn controls_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let n = self.checked.len() + self.typed_paths().len() + self.sim_count().unwrap_or(0);
        let blocked = if self.loading.is_some() {
            Some(ctx.tr("batch-reading-the-profile").to_string())
        } else if self.profile.is_none() {
            Some(ctx.tr("batch-choose-a-valid-profile-first").to_string())
        } else if self.sim_count().is_err() {
            Some(
                ctx.tr("batch-fix-the-fields-marked-in-red-first")
                    .to_string(),
            )
        } else if n == 0 {
            Some(ctx.tr("batch-pick-at-least-one-port").to_string())
        } else if self.running() {
            Some(ctx.tr("batch-working").to_string())
        } else {
            None
        };
        let egui_ctx = ui.ctx().clone();
        let has_mqtt = self
            .profile
            .as_ref()
            .is_some_and(|l| l.profile.mqtt.is_some());
        ui.add_enabled(
            has_mqtt && !self.running(),
            egui::Checkbox::new(
                &mut self.prove,
                ctx.tr("batch-prove-delivery-from-this-computer"),
            ),
        )
        .on_hover_text(ctx.tr("batch-after-each-module-s-profile-is"))
        .on_disabled_hover_text(ctx.tr("batch-needs-a-profile-with-an-mqtt-section"));
        ui.horizontal_wrapped(|ui| {
            let label = crate::tr!(lang, "batch-start", n = n);
            if widgets::apply_button(ui, lang, &label, blocked) {
                self.start(ctx, &egui_ctx);
            }
            let Some(b) = &mut self.batch else { return };
            let running = !b.is_finished();
            let any_failed = b
                .rows()
                .iter()
                .any(|r| matches!(r.phase, EntryPhase::Failed | EntryPhase::Cancelled));
            if ui
                .add_enabled(
                    !running && any_failed,
                    egui::Button::new(ctx.tr("batch-retry-failed")),
                )
                .clicked()
            {
                b.retry_failed(Instant::now());
            }
            if ui
                .add_enabled(running, egui::Button::new(ctx.tr("batch-cancel")))
                .clicked()
            {
                b.cancel();
            }
        });
    }

    fn export_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        if self.batch.is_none() {
            return;
        }
        let egui_ctx = ui.ctx().clone();
        ui.horizontal_wrapped(|ui| {
            let free = !self.running() && self.exporting.is_none() && !self.dialog.is_open();
            let columns = ctx.tr("batch-one-line-per-module-port-imei-iccid");
            if ui
                .add_enabled(free, egui::Button::new(ctx.tr("batch-export-csv")))
                .on_hover_text(columns)
                .clicked()
            {
                self.export(ctx, &egui_ctx, Format::Csv);
            }
            if ui
                .add_enabled(free, egui::Button::new(ctx.tr("batch-export-json")))
                .on_hover_text(columns)
                .clicked()
            {
                self.export(ctx, &egui_ctx, Format::Json);
            }
            if let Some((path, _)) = &self.exporting {
                ui.spinner();
                ui.label(
                    RichText::new(crate::tr!(
                        ctx.lang,
                        "batch-writing",
                        path = &path.display()
                    ))
                    .weak(),
                );
            }
        });
        if let Some((ok, text)) = &self.notice {
            let color = if *ok {
                GREEN
            } else {
                ui.visuals().error_fg_color
            };
            ui.label(RichText::new(text.get(ctx.lang)).color(color));
        }
    }
}

/// The profile read ended without an answer (its thread stopped).
fn stopped_reading(path: &std::path::Path) -> ProfileErrors {
    ProfileErrors(vec![crate::profile::ProfileError {
        file: Some(path.into()),
        line: None,
        key: String::new(),
        kind: crate::profile::ErrorKind::Io("reading stopped unexpectedly".into()),
    }])
}

impl Panel for BatchPanel {
    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        if matches!(self.ports, Ports::Unknown) {
            self.scan(ui.ctx());
        }
        widgets::help(ui, ctx.tr("batch-apply-one-profile-to-several-modules"));
        ui.add_space(4.0);
        widgets::section(ui, ctx.tr("batch-ports"), |ui| self.ports_ui(ui, ctx));
        ui.add_space(6.0);
        widgets::section(ui, ctx.tr("batch-profile"), |ui| self.profile_ui(ui, ctx));
        ui.add_space(6.0);
        self.controls_ui(ui, ctx);
        ui.add_space(6.0);
        if let Some(b) = &self.batch {
            rows::ui(ui, ctx.lang, &b.rows());
        }
        ui.add_space(6.0);
        self.export_ui(ui, ctx);
    }

    fn refresh(&mut self, _ctx: &mut PanelCtx<'_>) {}

    fn tick(&mut self, now: Instant, egui: &egui::Context) -> (Vec<Request>, Option<Instant>) {
        self.poll_dialog(egui);
        self.poll_background();
        match &mut self.batch {
            Some(b) => {
                b.poll(now);
                (Vec::new(), b.next_deadline())
            }
            None => (Vec::new(), None),
        }
    }
}
