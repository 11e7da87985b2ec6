//! Production line: one profile applied to several ports in parallel, each row with its own
//! progress and result; retry the failed ones; export CSV and JSON. Each port gets its own worker
//! (owned by [`Batch`]), so this panel does not use the shell's connection.

use super::Panel;
use super::profiles::run::{self, GREEN};
use crate::profile::batch::{Batch, EntryPhase, to_csv, to_json};
use crate::profile::fsutil::write_atomic;
use crate::profile::load::LoadedProfile;
use crate::profile::runner::ApplyOptions;
use crate::profile::{ProfileErrors, load};
use crate::sim::{SimConfig, SimHandle};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets;
use crate::worker::{PortOpener, Request, SerialPath};
use egui::RichText;
use std::collections::BTreeSet;
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
    ) -> std::io::Result<Box<dyn serialport::SerialPort>> {
        self.1.open(settings)
    }
}

/// The Production line tab.
#[derive(Default)]
pub struct BatchPanel {
    /// System ports, listed when the tab is first shown and on "Rescan".
    ports: Option<Vec<String>>,
    checked: BTreeSet<String>,
    /// Paths typed by the user, one per line or comma-separated (pseudo-terminals, COM ports).
    typed: String,
    /// How many simulated modules to add (demos).
    sims: String,
    /// How new simulated modules behave (default: realistic delays; tests use the fast timing).
    pub sim_config: SimConfig,
    profile: Option<LoadedProfile>,
    profile_error: Option<ProfileErrors>,
    batch: Option<Batch>,
    /// Keeps the simulated modules alive while the batch runs.
    sim_handles: Vec<SimHandle>,
    notice: Option<(bool, String)>,
}

impl BatchPanel {
    /// The running or finished batch, if one started.
    pub fn batch(&self) -> Option<&Batch> {
        self.batch.as_ref()
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

    fn pick_profile(&mut self, ctx: &mut PanelCtx<'_>) {
        let title = ctx.t("Choose the profile", "选择配置文件");
        let Some(path) = ctx.files.pick_file(title, &[("TOML", &["toml"])]) else {
            return;
        };
        match load(&path) {
            Ok(l) => {
                self.profile = Some(l);
                self.profile_error = None;
            }
            Err(e) => {
                self.profile = None;
                self.profile_error = Some(e);
            }
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
            let name = format!("{} #{}", ctx.t("Simulated CT11", "模拟 CT11"), i + 1);
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
        b.start(Instant::now());
        self.batch = Some(b);
        self.notice = None;
    }

    fn export(&mut self, ctx: &mut PanelCtx<'_>, json: bool) {
        let Some(b) = &self.batch else { return };
        let rows = b.results();
        let (name, body) = if json {
            ("batch-report.json", to_json(&rows))
        } else {
            ("batch-report.csv", to_csv(&rows))
        };
        let title = ctx.t("Export the batch report", "导出批量报告");
        let Some(path) = ctx.files.save_file(title, name) else {
            return;
        };
        self.notice = Some(match write_atomic(&path, body.as_bytes()) {
            Ok(()) => (
                true,
                format!("{} {}", ctx.t("Exported:", "已导出："), path.display()),
            ),
            Err(e) => (
                false,
                format!(
                    "{} {}: {e}",
                    ctx.t("Cannot write", "无法写入"),
                    path.display()
                ),
            ),
        });
    }

    fn ports_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let running = self.running();
        ui.horizontal(|ui| {
            ui.strong(ctx.t("System ports", "系统串口"));
            if ui.button(ctx.t("Rescan", "重新扫描")).clicked() {
                self.ports = None;
            }
        });
        let ports = self.ports.get_or_insert_with(|| {
            serialport::available_ports()
                .map(|v| v.into_iter().map(|p| p.port_name).collect())
                .unwrap_or_default()
        });
        if ports.is_empty() {
            ui.label(RichText::new(ctx.t("No serial port found.", "未找到串口。")).weak());
        }
        for p in ports.iter() {
            let mut on = self.checked.contains(p);
            if ui
                .add_enabled(!running, egui::Checkbox::new(&mut on, p))
                .changed()
            {
                if on {
                    self.checked.insert(p.clone());
                } else {
                    self.checked.remove(p);
                }
            }
        }
        ui.horizontal(|ui| {
            let l = ui.label(ctx.t(
                "Other ports (paths, comma-separated)",
                "其他串口（路径，逗号分隔）",
            ));
            ui.add_enabled(
                !running,
                egui::TextEdit::singleline(&mut self.typed)
                    .hint_text("/dev/ttyUSB3, COM7")
                    .desired_width(260.0),
            )
            .labelled_by(l.id);
        });
        ui.horizontal(|ui| {
            let l = ui.label(ctx.t("Simulated modules (demo)", "模拟模块数量（演示）"));
            ui.add_enabled(
                !running,
                egui::TextEdit::singleline(&mut self.sims)
                    .hint_text("0")
                    .desired_width(50.0),
            )
            .labelled_by(l.id);
        });
        if self.sim_count().is_err() {
            widgets::error_text(
                ui,
                ctx.t(
                    "Give a whole number from 0 to 16.",
                    "请输入 0 到 16 之间的整数。",
                ),
            );
        }
    }

    fn profile_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    !self.running(),
                    egui::Button::new(ctx.t("Choose profile…", "选择配置文件…")),
                )
                .clicked()
            {
                self.pick_profile(ctx);
            }
            match &self.profile {
                Some(l) => {
                    ui.label(RichText::new(format!("✓ {}", l.path.display())).color(GREEN));
                }
                None if self.profile_error.is_none() => {
                    ui.label(
                        RichText::new(ctx.t("No profile chosen.", "尚未选择配置文件。")).weak(),
                    );
                }
                None => {}
            }
        });
        if let Some(e) = &self.profile_error {
            for x in &e.0 {
                widgets::error_text(ui, &x.message(ctx.lang));
            }
        }
    }

    fn rows_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let Some(b) = &self.batch else { return };
        let rows = b.rows();
        let done = rows.iter().filter(|r| r.phase == EntryPhase::Done).count();
        let failed = rows
            .iter()
            .filter(|r| matches!(r.phase, EntryPhase::Failed | EntryPhase::Cancelled))
            .count();
        ui.label(
            RichText::new(format!(
                "{} {done} · {} {failed} · {} {}",
                lang.pick("Done:", "成功："),
                lang.pick("Failed:", "失败："),
                lang.pick("Modules:", "模块数："),
                rows.len()
            ))
            .strong(),
        );
        egui::Grid::new("batch.rows")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                ui.strong(lang.pick("Port", "串口"));
                ui.strong(lang.pick("Progress", "进度"));
                ui.strong(lang.pick("Result", "结果"));
                ui.strong("IMEI");
                ui.strong(lang.pick("Details", "详情"));
                ui.end_row();
                for r in &rows {
                    ui.label(&r.port);
                    ui.add(
                        egui::ProgressBar::new(r.progress)
                            .desired_width(160.0)
                            .show_percentage(),
                    );
                    let (words, color) = match r.phase {
                        EntryPhase::Idle => {
                            (lang.pick("Waiting", "等待"), ui.visuals().weak_text_color())
                        }
                        EntryPhase::Opening => (
                            lang.pick("Opening port…", "正在打开串口…"),
                            ui.visuals().text_color(),
                        ),
                        EntryPhase::Applying => (
                            lang.pick("Applying…", "正在应用…"),
                            ui.visuals().text_color(),
                        ),
                        EntryPhase::Done => (lang.pick("✓ OK", "✓ 成功"), GREEN),
                        EntryPhase::Failed => {
                            (lang.pick("× Failed", "× 失败"), ui.visuals().error_fg_color)
                        }
                        EntryPhase::Cancelled => (lang.pick("Cancelled", "已取消"), run::AMBER),
                    };
                    ui.label(RichText::new(words).color(color).strong());
                    let imei = r
                        .status
                        .as_ref()
                        .and_then(|s| s.identity.as_ref())
                        .map(|i| i.imei.clone())
                        .unwrap_or_default();
                    ui.label(RichText::new(imei).monospace());
                    let detail = match (&r.current, &r.message) {
                        (Some(c), _) if matches!(r.phase, EntryPhase::Applying) => {
                            c.get(lang).to_string()
                        }
                        (_, Some(m)) => m.get(lang).to_string(),
                        _ => String::new(),
                    };
                    ui.label(detail);
                    ui.end_row();
                }
            });
    }
}

impl Panel for BatchPanel {
    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        widgets::help(
            ui,
            ctx.t(
                "Apply one profile to several modules at once. Each port gets its own connection; the main connection is not used.",
                "将同一配置文件同时应用到多个模块。每个串口单独连接，不使用主连接。",
            ),
        );
        widgets::section(ui, ctx.t("Ports", "串口"), |ui| self.ports_ui(ui, ctx));
        ui.add_space(6.0);
        widgets::section(ui, ctx.t("Profile", "配置文件"), |ui| {
            self.profile_ui(ui, ctx)
        });
        ui.add_space(6.0);
        let n = self.checked.len() + self.typed_paths().len() + self.sim_count().unwrap_or(0);
        let blocked = if self.profile.is_none() {
            Some(
                ctx.t("Choose a valid profile first.", "请先选择有效的配置文件。")
                    .to_string(),
            )
        } else if self.sim_count().is_err() {
            Some(
                ctx.t(
                    "Fix the fields marked in red first.",
                    "请先修正标红的字段。",
                )
                .to_string(),
            )
        } else if n == 0 {
            Some(
                ctx.t("Pick at least one port.", "请至少选择一个串口。")
                    .to_string(),
            )
        } else if self.running() {
            Some(ctx.t("Working…", "执行中…").to_string())
        } else {
            None
        };
        let egui_ctx = ui.ctx().clone();
        ui.horizontal(|ui| {
            let label = format!("{} ({n})", lang.pick("Start", "开始"));
            if widgets::apply_button(ui, lang, &label, blocked) {
                self.start(ctx, &egui_ctx);
            }
            let running = self.running();
            let any_failed = self.batch.as_ref().is_some_and(|b| {
                b.rows()
                    .iter()
                    .any(|r| matches!(r.phase, EntryPhase::Failed | EntryPhase::Cancelled))
            });
            if ui
                .add_enabled(
                    !running && any_failed,
                    egui::Button::new(ctx.t("Retry failed", "重试失败项")),
                )
                .clicked()
                && let Some(b) = &mut self.batch
            {
                b.retry_failed(Instant::now());
            }
            if ui
                .add_enabled(running, egui::Button::new(ctx.t("Cancel", "取消")))
                .clicked()
                && let Some(b) = &mut self.batch
            {
                b.cancel();
            }
        });
        ui.add_space(6.0);
        self.rows_ui(ui, ctx);
        if self.batch.is_some() {
            ui.horizontal(|ui| {
                let done = !self.running();
                if ui
                    .add_enabled(done, egui::Button::new(ctx.t("Export CSV…", "导出 CSV…")))
                    .clicked()
                {
                    self.export(ctx, false);
                }
                if ui
                    .add_enabled(done, egui::Button::new(ctx.t("Export JSON…", "导出 JSON…")))
                    .clicked()
                {
                    self.export(ctx, true);
                }
            });
        }
        if let Some((ok, text)) = &self.notice {
            let color = if *ok {
                GREEN
            } else {
                ui.visuals().error_fg_color
            };
            ui.label(RichText::new(text).color(color));
        }
    }

    fn refresh(&mut self, _ctx: &mut PanelCtx<'_>) {}

    fn tick(&mut self, now: Instant, _egui: &egui::Context) -> (Vec<Request>, Option<Instant>) {
        match &mut self.batch {
            Some(b) => {
                b.poll(now);
                (Vec::new(), b.next_deadline())
            }
            None => (Vec::new(), None),
        }
    }
}
