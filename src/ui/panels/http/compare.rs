//! "Compare with this computer": this computer makes the request the module made (the form's
//! URL, port, HTTPS with the same certificate file, method, headers and body) on a thread of its
//! own, and the panel says whether the status and the body agree with the module's answer — the
//! installer's independent evidence that the module reached the same server.

use crate::at::http::HttpResponse;
use crate::i18n::Lang;
use crate::proof::HttpComparison;
use crate::sim::online::HttpParams;
use crate::ui::task::Task;
use crate::ui::widgets::form::palette;
use egui::{RichText, Ui};
use std::time::Duration;

/// How long this computer waits for the server.
const TIMEOUT: Duration = Duration::from_secs(15);

/// This computer's answer: status and body, or why there is none.
type PcAnswer = Result<(u16, Vec<u8>), String>;

/// The comparison: running, or its last result.
#[derive(Default)]
pub struct Compare {
    task: Option<Task<PcAnswer>>,
    /// The module's answer the running request will be compared with.
    module: Option<HttpResponse>,
    pub result: Option<HttpComparison>,
}

impl Compare {
    /// Whether this computer's request is under way.
    pub fn running(&self) -> bool {
        self.task.is_some()
    }

    /// Make `params`' request from this computer, to compare with `module`'s answer.
    pub fn start(&mut self, egui: &egui::Context, params: HttpParams, module: HttpResponse) {
        self.result = None;
        self.module = Some(module);
        self.task = Some(Task::spawn("http-compare", egui, move || {
            crate::sim::online::http::request(&params, TIMEOUT)
                .map(|r| (r.status, r.body))
                .map_err(|e| e.to_string())
        }));
    }

    /// Take the answer once it came (never waits).
    pub fn poll(&mut self) {
        let Some(answer) = self.task.as_ref().and_then(Task::poll) else {
            return;
        };
        self.task = None;
        let pc = answer.unwrap_or_else(|_| Err("stopped unexpectedly".into()));
        if let Some(m) = self.module.take() {
            self.result = Some(HttpComparison::of(
                Ok((m.status, m.body.as_slice())),
                pc.as_ref()
                    .map(|(s, b)| (*s, b.as_slice()))
                    .map_err(Clone::clone),
            ));
        }
    }

    /// The running request or the verdict.
    pub fn show(&self, ui: &mut Ui, lang: Lang) {
        if self.running() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(lang.tr("http-compare-this-computer-is-asking-the-server"));
            });
        } else if let Some(r) = &self.result {
            let (mark, color) = if r.ok() {
                ("✓", palette::GREEN)
            } else {
                ("×", ui.visuals().error_fg_color)
            };
            ui.label(RichText::new(format!("{mark} {}", r.text().get(lang))).color(color));
        }
    }
}
