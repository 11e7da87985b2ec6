//! The app shell: top bar, status strip, navigation, the current panel, the live log.
//!
//! Each frame has two halves, as eframe 0.37 splits them: [`App::logic`] drains the worker's
//! events (never blocking), runs the timers and sends the queued requests; [`App::draw`] lays
//! out the window. eframe calls `logic` also while the window is hidden or minimised (when the
//! worker asks for a repaint), so jobs, a production-line batch and the log keep going there;
//! what can pile up meanwhile is bounded by the worker's channel (see [`crate::worker::Event`]).

use super::ctx::PanelCtx;
use super::files::FilePicker;
use super::jobs::Jobs;
use super::log::LogPanel;
use super::memory::BurstTrim;
use super::module_view::ModuleView;
use super::pacer::{FrameMeter, Pacer, Repaint};
use super::panels::Panels;
use super::ports::{self, PortEntry};
use super::settings::Settings;
use super::tab::Tab;
use super::task::Task;
use super::widgets::received::{Arrival, Feed};
use super::{fonts, status, topbar};
use crate::at::Command;
use crate::at::basic::UartConfig;
use crate::at::recv::Received;
use crate::i18n::Lang;
use crate::worker::{self, Event, LinkState, PortOpener, Request, SerialPath, WorkerHandle};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// Received bytes in one drain that mean the worker is behind: a stream the window keeps up
/// with brings at most a second of a 921600-baud line (92 KB) between two frames.
const CATCH_UP_BYTES: usize = 1 << 20;

/// While the worker is behind, one frame keeps taking its events for up to this long before
/// the window is drawn: a burst is taken at about 15 frames a second instead of spending the
/// processor on drawing frames nobody can read (the window still answers the mouse).
const CATCH_UP_SLICE: Duration = Duration::from_millis(60);

/// How the app is built (the real window and the GUI tests differ only here).
pub struct AppOptions {
    pub files: Box<dyn FilePicker>,
    /// Opens the built-in simulated module.
    pub simulated: Arc<dyn PortOpener>,
    /// Saved settings, if any.
    pub settings: Settings,
}

/// Runtime state of the connection controls.
pub struct Connection {
    pub ports: Vec<PortEntry>,
    /// Selected port id (a path, or the simulated module).
    pub selected: String,
    /// A path typed by the user (pseudo-terminals are never listed by the system).
    pub typed_path: String,
    /// The system's ports being listed, off the UI thread; the first frame starts it.
    pub scan: Option<Task<Vec<PortEntry>>>,
    /// How many times the system's ports were asked for.
    pub scans: u32,
}

/// The whole application.
pub struct App {
    pub settings: Settings,
    pub lang: Lang,
    pub module: ModuleView,
    pub jobs: Jobs,
    pub panels: Panels,
    pub log: LogPanel,
    /// Finds received MQTT messages and socket data in what arrives, once for every panel.
    feed: Feed,
    pub conn: Connection,
    files: Box<dyn FilePicker>,
    simulated: Arc<dyn PortOpener>,
    /// The online simulated module, made when first chosen.
    simulated_online: Option<Arc<dyn PortOpener>>,
    worker: WorkerHandle,
    repaint: Arc<OnceLock<egui::Context>>,
    fonts_installed: bool,
    /// The real window's start: in English the bundled CJK font (a 1 MB OpenType file to parse)
    /// is installed with the second frame, after the first is on screen (eframe maps the window
    /// while it presents the first frame, so whatever that frame draws is the first paint).
    /// Measured (`scripts/firstpaint.py`, which listens for the X server's damage events): an
    /// empty first frame mapped the window sooner but painted 13 ms later, since Mesa's first
    /// present is its slowest and eframe sleeps 10 ms after a frame while the window is not yet
    /// reported visible. The GUI tests draw everything from the first frame (egui_kittest fails
    /// on a missing glyph).
    pub fast_start: bool,
    frames_drawn: u64,
    /// The tab whose panel was last asked to refresh, and on which connection.
    refreshed: Option<(Tab, u64)>,
    connection_serial: u64,
    next_status: Option<Instant>,
    status_job: Option<worker::JobId>,
    /// Worker events received so far, each received frame counted as one (for tests and the
    /// status line).
    pub events_seen: u64,
    /// The last drain took a worker's backlog: drain again in the next frame, at once.
    catching_up: bool,
    /// Events taken by [`App::wait_for_worker`], handled at the next frame.
    early: Vec<Event>,
    pacer: Arc<Pacer>,
    meter: FrameMeter,
    trim: BurstTrim,
}

impl App {
    /// Use `files` for the file dialogs from now on (tests: dialogs that answer late).
    pub fn set_files(&mut self, files: Box<dyn FilePicker>) {
        self.files = files;
    }

    pub fn new(opts: AppOptions) -> Self {
        let repaint: Arc<OnceLock<egui::Context>> = Arc::new(OnceLock::new());
        let pacer = Pacer::new();
        let worker = worker::spawn(Some(wake_ui(&repaint, &pacer)));
        let settings = opts.settings;
        let lang = settings.lang.unwrap_or_else(Lang::from_system);
        // The system's ports are listed by the first frame, off this thread.
        let ports = ports::simulated_entries(lang);
        let selected = settings
            .last_port
            .clone()
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| ports::SIMULATED.to_string());
        let typed_path = settings
            .last_port
            .clone()
            .filter(|p| p != ports::SIMULATED && p != ports::SIMULATED_ONLINE)
            .unwrap_or_default();
        let _ = worker.send(Request::SetEscapeGuard(Duration::from_millis(
            settings.escape_guard_ms.into(),
        )));
        Self {
            lang,
            module: ModuleView::default(),
            jobs: Jobs::default(),
            panels: Panels::default(),
            log: LogPanel::default(),
            feed: Feed::default(),
            conn: Connection {
                ports,
                selected,
                typed_path,
                scan: None,
                scans: 0,
            },
            files: opts.files,
            simulated: opts.simulated,
            simulated_online: None,
            worker,
            repaint,
            fonts_installed: false,
            fast_start: false,
            frames_drawn: 0,
            refreshed: None,
            connection_serial: 0,
            next_status: None,
            status_job: None,
            events_seen: 0,
            catching_up: false,
            early: Vec::new(),
            pacer,
            meter: FrameMeter::default(),
            trim: BurstTrim::default(),
            settings,
        }
    }

    /// Switch the language (and remember it).
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
        self.settings.lang = Some(lang);
        for e in &mut self.conn.ports {
            if let Some(label) = ports::simulated_label(&e.id, lang) {
                e.label = label.into();
            }
        }
    }

    /// Re-list the system's serial ports, on a background thread; the list is replaced when
    /// the answer comes (see [`App::poll_ports`]). A scan already running is not repeated.
    pub fn refresh_ports(&mut self, ctx: &egui::Context) {
        if self.conn.scan.is_none() {
            self.conn.scans += 1;
            self.conn.scan = Some(Task::spawn("port-scan", ctx, ports::system));
        }
    }

    /// Whether the system's ports are being listed.
    pub fn scanning_ports(&self) -> bool {
        self.conn.scan.is_some()
    }

    /// Take the port list when its scan is done (never waits).
    fn poll_ports(&mut self) {
        let Some(result) = self.conn.scan.as_ref().and_then(Task::poll) else {
            return;
        };
        self.conn.scan = None;
        let mut list = ports::simulated_entries(self.lang);
        // A scan thread that died (it cannot panic in practice) leaves only the simulated entry
        // and the path box: the user can still type the port.
        list.extend(result.unwrap_or_default());
        self.conn.ports = list;
    }

    /// Open the selected port (or the typed path, if one was typed and chosen).
    pub fn connect(&mut self) {
        let id = self.conn.selected.clone();
        let opener: Arc<dyn PortOpener> = if id == ports::SIMULATED {
            self.simulated.clone()
        } else if id == ports::SIMULATED_ONLINE {
            // One online module for the app's life, made when first chosen.
            self.simulated_online
                .get_or_insert_with(|| {
                    crate::sim::opener(crate::sim::SimConfig::realistic().online())
                })
                .clone()
        } else {
            Arc::new(SerialPath(id.clone()))
        };
        self.settings.last_port = Some(id);
        self.module.forget();
        let settings = UartConfig {
            baud: self.settings.baud,
            ..UartConfig::default()
        };
        let _ = self.worker.send(Request::Open {
            port: opener,
            settings,
            auto_baud: self.settings.auto_baud,
        });
    }

    pub fn disconnect(&mut self) {
        let _ = self.worker.send(Request::Close);
    }

    /// For tests and headless drivers (never the UI thread): block until the worker sends an
    /// event or `timeout` passes; the event is kept for the next frame. Returns whether one came.
    pub fn wait_for_worker(&mut self, timeout: Duration) -> bool {
        match self.worker.events.recv_timeout(timeout) {
            Ok(e) => {
                self.early.push(e);
                true
            }
            Err(_) => false,
        }
    }

    /// Drain the worker's events (never waits). Returns whether bytes were received.
    fn drain_events(&mut self, until: Instant) -> bool {
        let mut batch = std::mem::take(&mut self.early);
        // What is waiting now, not what arrives while this runs (a flood must not hold the
        // frame): the channel is bounded, so this is at most its capacity.
        let waiting = self.worker.events.len();
        batch.extend(self.worker.events.try_iter().take(waiting));
        let mut lines = 0usize;
        let mut bytes = 0usize;
        let received = batch
            .iter()
            .any(|e| matches!(e, Event::Rx(_) | Event::Received(_)));
        let worker_gone = batch.is_empty()
            && matches!(
                self.worker.events.try_recv(),
                Err(crossbeam_channel::TryRecvError::Disconnected)
            );
        let mut events = batch.into_iter();
        let mut taken = 0usize;
        while let Some(e) = events.next() {
            // Past the frame's slice, the rest waits for the next frame (in order): a backlog
            // of megabytes is taken a slice at a time, each batch freed as it is done.
            taken += 1;
            if taken > 1 && Instant::now() >= until {
                self.early.push(e);
                self.early.extend(events.by_ref());
                break;
            }
            // A batch counts as its frames, as when each frame was its own event.
            self.events_seen += match &e {
                Event::Received(b) => b.len() as u64,
                _ => 1,
            };
            self.log.on_event(&e);
            self.route_arrivals(&e);
            for tab in Tab::ALL {
                let reqs = self.panels.get(tab).on_event(&e);
                self.jobs.outbox.extend(reqs);
            }
            if let Event::Received(b) = &e {
                lines += b.len();
                bytes += b.byte_len();
                // Unsolicited lines travel inside the batch; panels that follow them get each.
                for u in b.urcs() {
                    self.module.on_urc(u);
                    let ev = Event::Urc(u.clone());
                    for tab in Tab::ALL {
                        let reqs = self.panels.get(tab).on_event(&ev);
                        self.jobs.outbox.extend(reqs);
                    }
                }
            }
            lines += 1;
            match e {
                Event::Link(s) => self.on_link(s),
                Event::Step {
                    job,
                    index,
                    outcome,
                } => {
                    let answer = outcome.result.as_ref().ok();
                    self.module.absorb(&outcome.line, answer, &outcome.reply);
                    self.jobs.on_step(job, index, *outcome);
                }
                Event::JobDone { job, ok, cancelled } => {
                    self.jobs.on_done(job, ok, cancelled);
                    if Some(job) == self.status_job {
                        self.status_job = None;
                    }
                }
                Event::Progress {
                    job, done, total, ..
                } => self.jobs.on_progress(job, done, total),
                Event::Urc(u) => self.module.on_urc(&u),
                Event::DataMode(on) => {
                    self.module.data_mode = on;
                    self.module.generation += 1;
                }
                Event::UnsolicitedError(e) => self.module.on_unsolicited_error(e),
                Event::Tx { .. } | Event::Rx(_) | Event::Received(_) | Event::PortError(_) => {}
            }
        }
        self.trim.after_drain(lines, self.worker.events.is_empty());
        // Megabytes in one frame: the worker has a backlog and leaves the port unread until
        // it is taken. Take it at once, frame after frame, instead of at the pacer's interval
        // (a stream the window keeps up with never brings this much between two frames).
        // Or the worker holds a megabyte or more for the window (in its backlog, in the
        // channel, or left for the next frame): it is behind until that is taken.
        self.catching_up = bytes >= CATCH_UP_BYTES
            || !self.early.is_empty()
            || self.worker.held.bytes() >= CATCH_UP_BYTES;
        if worker_gone {
            self.restart_worker();
        }
        received
    }

    /// What the module received from the network, to the panel that shows it.
    fn route_arrivals(&mut self, e: &Event) {
        if !matches!(
            e,
            Event::Received(_) | Event::Rx(_) | Event::DataMode(_) | Event::Link(_)
        ) {
            return;
        }
        let panels = &mut self.panels;
        self.feed.each_arrival(e, |at, arrival| match arrival {
            Arrival::Received(Received::Mqtt { topic, payload }) => {
                panels.mqtt.on_message(at, topic, payload);
            }
            Arrival::Received(Received::Socket { link, data }) => {
                panels.socket.on_data(at, Some(link), data);
            }
            Arrival::Transparent(data) => panels.socket.on_data(at, None, data),
        });
    }

    /// The worker stopped (its last event, if it panicked, named why and is in the log): start
    /// a new one, end the jobs that were running, and say so in the user's language.
    fn restart_worker(&mut self) {
        self.worker = worker::spawn(Some(wake_ui(&self.repaint, &self.pacer)));
        let _ = self
            .worker
            .send(Request::SetEscapeGuard(Duration::from_millis(
                self.settings.escape_guard_ms.into(),
            )));
        self.jobs.abandon_all();
        self.status_job = None;
        self.module.data_mode = false;
        let failed = LinkState::Failed {
            reason: worker::FailReason::Restarted,
        };
        self.log.on_event(&Event::Link(failed.clone()));
        self.on_link(failed);
    }

    fn on_link(&mut self, s: LinkState) {
        let was_connected = self.module.link.is_connected();
        if let LinkState::Connected { baud, .. } = &s {
            self.settings.baud = *baud;
            if !was_connected {
                self.connection_serial += 1;
                self.refreshed = None;
                self.next_status = Some(Instant::now());
            }
        }
        if matches!(s, LinkState::Restarting) {
            self.module.restarted();
        }
        self.module.link = s;
        self.module.generation += 1;
    }

    /// The status strip's queries.
    fn status_commands() -> Vec<Command> {
        vec![
            Command::Version,
            Command::Imei,
            Command::Iccid,
            Command::RegQuery,
            Command::Signal,
            Command::MqttState,
            Command::SocketState,
        ]
    }

    /// Refresh the status strip now.
    pub fn refresh_status(&mut self) {
        if self.status_job.is_none() && self.module.link.is_connected() && !self.module.data_mode {
            self.status_job = Some(
                self.jobs.run_steps(
                    "status",
                    Self::status_commands()
                        .into_iter()
                        .map(Into::into)
                        .collect(),
                    false,
                ),
            );
        }
        self.schedule_status();
    }

    fn schedule_status(&mut self) {
        self.next_status = (self.settings.refresh_s > 0)
            .then(|| Instant::now() + Duration::from_secs(self.settings.refresh_s.into()));
    }

    /// Timers: the status refresh. Returns how long until the next one, for `request_repaint_after`.
    fn tick(&mut self) -> Option<Duration> {
        let now = Instant::now();
        if let Some(t) = self.next_status
            && now >= t
        {
            if self.module.link.is_connected() {
                self.refresh_status();
            } else {
                self.next_status = None;
            }
        }
        self.next_status.map(|t| t.saturating_duration_since(now))
    }

    fn flush_outbox(&mut self) {
        for r in self.jobs.outbox.drain(..) {
            let _ = self.worker.send(r);
        }
    }

    /// One whole frame: [`App::logic`], then [`App::draw`] (what the GUI tests run).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.logic(&ctx);
        self.draw(ui);
    }

    /// The frame's work that draws nothing: events, timers, background tasks, the queued
    /// requests. Runs while the window is hidden too.
    pub fn logic(&mut self, ctx: &egui::Context) {
        let ctx = ctx.clone();
        self.meter.frame(&self.pacer);
        let _ = self.repaint.get_or_init(|| ctx.clone());
        if self.conn.scans == 0 {
            self.refresh_ports(&ctx);
        }
        self.poll_ports();
        let until = Instant::now() + CATCH_UP_SLICE;
        let mut received = self.drain_events(until);
        while self.catching_up && Instant::now() < until {
            received |= self.drain_events(until);
        }
        if received {
            if self.catching_up {
                ctx.request_repaint();
            }
            // A log that follows the end scrolls to the lines this frame added only in the
            // next frame (the scroll area learns the new height while drawing this one). The
            // pacer spaces repaints while bytes keep coming; this one more, one interval later,
            // shows the true end when they stop.
            ctx.request_repaint_after(self.pacer.interval());
        }
        if let Some(wait) = self.tick() {
            ctx.request_repaint_after(wait);
        }
        self.panels.share_proof_settings(&self.module);
        let now = Instant::now();
        for tab in Tab::ALL {
            let (reqs, next) = self.panels.get(tab).tick(now, &ctx);
            self.jobs.outbox.extend(reqs);
            if let Some(t) = next {
                ctx.request_repaint_after(t.saturating_duration_since(now));
            }
        }
        self.flush_outbox();
    }

    /// Lay out the window, then send what its controls queued.
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        if self.frames_drawn < 3 {
            super::startup::mark(&format!("frame {} layout begins", self.frames_drawn));
        }
        super::name_window(ui.ctx());
        if !self.fonts_installed {
            if self.fast_start && self.frames_drawn == 0 && self.lang == Lang::En {
                ui.ctx().request_repaint();
            } else {
                fonts::install(ui.ctx());
                self.fonts_installed = true;
                // If this pass has already laid out text, the font takes effect with the next
                // pass, and nothing else may ask for one (connected and quiet, an English
                // window kept a '●' it could not draw yet until the mouse moved).
                ui.ctx().request_repaint();
            }
        }
        self.frames_drawn += 1;

        // Panels leave their background to the window's clear colour (the same panel fill, see
        // `EframeApp::clear_color`): under software rendering, filling every panel doubles the
        // pixels each frame shades.
        let bar = egui::Frame::side_top_panel(ui.style()).fill(egui::Color32::TRANSPARENT);
        egui::Panel::top("topbar")
            .frame(bar)
            .show(ui, |ui| topbar::ui(ui, self));
        if self.module.link.is_connected() || matches!(self.module.link, LinkState::Restarting) {
            egui::Panel::top("status")
                .frame(bar)
                .show(ui, |ui| status::ui(ui, self));
        }
        if self.module.data_mode {
            egui::Panel::top("datamode").show(ui, |ui| status::data_mode_banner(ui, self));
        }
        if self
            .module
            .alert
            .as_ref()
            .is_some_and(|a| a.shown_on(self.settings.tab))
        {
            let lang = self.lang;
            let open = egui::Panel::top("module-alert")
                .show(ui, |ui| super::alert::banner(ui, &mut self.module, lang))
                .inner;
            if let Some(tab) = open {
                self.settings.tab = tab;
            }
        }
        egui::Panel::left("nav")
            .frame(bar)
            .resizable(false)
            .exact_size(170.0)
            .show(ui, |ui| self.nav(ui));
        if self.settings.log_visible {
            egui::Panel::bottom("log")
                .frame(bar)
                .resizable(true)
                .default_size(220.0)
                .size_range(80.0..=900.0)
                .show(ui, |ui| self.log.ui(ui, self.lang, &*self.files));
        }
        egui::CentralPanel::default()
            .frame(egui::Frame::central_panel(ui.style()).fill(egui::Color32::TRANSPARENT))
            .show(ui, |ui| self.central(ui));
        self.panels.exchange_forms();
        self.flush_outbox();
    }

    fn nav(&mut self, ui: &mut egui::Ui) {
        ui.add_space(6.0);
        for tab in Tab::ALL {
            let selected = self.settings.tab == tab;
            let b = ui.add_sized(
                [ui.available_width(), 30.0],
                egui::Button::selectable(selected, tab.title(self.lang)),
            );
            if b.clicked() {
                self.settings.tab = tab;
            }
        }
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let tab = self.settings.tab;
        let mut pctx = PanelCtx {
            lang: self.lang,
            module: &self.module,
            jobs: &mut self.jobs,
            files: &*self.files,
            settings: &mut self.settings,
        };
        let connected = pctx.connected() && self.module.link.is_connected();
        let panel = self.panels.get(tab);
        if connected
            && self.refreshed != Some((tab, self.connection_serial))
            && !self.module.data_mode
        {
            panel.refresh(&mut pctx);
            self.refreshed = Some((tab, self.connection_serial));
        }
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.heading(tab.title(pctx.lang));
                ui.add_space(4.0);
                panel.ui(ui, &mut pctx);
            });
    }

    /// Send a request straight to the worker (the shell's own controls).
    pub fn send(&mut self, r: Request) {
        let _ = self.worker.send(r);
    }
}

/// The worker's wake-up call: repaint the UI, at once or paced (see `pacer`).
fn wake_ui(repaint: &Arc<OnceLock<egui::Context>>, pacer: &Arc<Pacer>) -> worker::Notify {
    let (repaint, pacer) = (repaint.clone(), pacer.clone());
    Box::new(move || {
        let Some(ctx) = repaint.get() else { return };
        match pacer.wake(Instant::now()) {
            Repaint::Now => ctx.request_repaint(),
            Repaint::After(d) => ctx.request_repaint_after(d),
        }
    })
}

/// The eframe wrapper: persistence and the window.
pub struct EframeApp {
    pub app: App,
    saver: super::settings::SettingsSaver,
}

impl EframeApp {
    /// The app in the window, its settings saved by `saver`.
    pub fn new(app: App, saver: super::settings::SettingsSaver) -> Self {
        Self { app, saver }
    }
}

impl eframe::App for EframeApp {
    /// Every frame, and while the window is hidden or minimised whenever the worker asks for a
    /// repaint: the worker's events are drained here, never only in `ui`.
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.app.logic(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.app.draw(ui);
        if self.app.frames_drawn <= 3 {
            super::startup::mark("layout ends");
        }
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    /// Called by eframe every 30 s and at exit. The settings go to their own file, written
    /// atomically off the UI thread (eframe's storage is written in place: a full disk would
    /// empty it). eframe's storage keeps only the window's size and place.
    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        if let Some(e) = self.saver.save(&self.app.settings) {
            eprintln!("ct11-configurator: settings not saved: {e}");
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Some(e) = self.saver.wait() {
            eprintln!("ct11-configurator: settings not saved: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::SimConfig;
    use crate::ui::testing::app_with_sim;

    /// Run only what eframe runs while the window is minimised (`logic`, never `ui`) until
    /// `done` holds, waiting on the worker in between.
    fn hidden_until(app: &mut EframeApp, mut done: impl FnMut(&App) -> bool) -> bool {
        let ctx = egui::Context::default();
        let mut frame = eframe::Frame::_new_kittest();
        let end = Instant::now() + Duration::from_secs(20);
        while Instant::now() < end {
            eframe::App::logic(app, &ctx, &mut frame);
            if done(&app.app) {
                return true;
            }
            app.app.wait_for_worker(Duration::from_millis(50));
        }
        false
    }

    #[test]
    fn a_minimised_window_keeps_draining_events_and_jobs_progress() {
        let (app, _sim, _files) = app_with_sim(SimConfig::fast(), Lang::En);
        let mut app = EframeApp::new(app, crate::ui::settings::SettingsSaver::new(None));
        app.app.settings.refresh_s = 0;
        app.app.connect();
        assert!(
            hidden_until(&mut app, |a| a.module.link.is_connected()),
            "the connection is noticed without a drawn frame: {:?}",
            app.app.module.link
        );
        let id = app
            .app
            .jobs
            .run("test", vec![Command::Version, Command::Imei]);
        assert!(
            hidden_until(&mut app, |a| a.jobs.get(id).is_some_and(|j| j.done)),
            "a job queued while minimised runs to its end"
        );
        assert!(app.app.jobs.get(id).is_some_and(|j| j.ok));
        assert!(app.app.log.len() > 4, "the log took the received lines");
    }
}
