//! Health check: one button that walks SIM → registration → signal → data → broker → delivery
//! proof and gives each step a verdict in plain words with what to do. What an installer runs on
//! site. The delivery proof runs on its own thread ([`ProofRun`]) with the MQTT panel's broker,
//! TLS, credentials and CA file ([`Panels::share_proof_settings`](super::Panels::share_proof_settings)).

use super::Panel;
use super::mqtt::proof_link::{self, ProofRun, stage_words};
use super::profiles::run::verdict_label;
use crate::profile::health::{HealthCheck, HealthOptions, HealthStep, StepResult, Verdict};
use crate::profile::text::Text;
use crate::proof::ProofSettings;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets;
use crate::ui::widgets::form::palette;
use crate::worker::{Event, Request};
use egui::RichText;
use std::time::Instant;

/// The Health check tab.
#[derive(Default)]
pub struct HealthPanel {
    check: Option<HealthCheck>,
    /// Ping this host instead of syncing the clock by NTP (empty: NTP).
    ping_host: String,
    /// The delivery proof under way.
    proof: Option<ProofRun>,
    /// The proof's settings, handed over by the shell when the check asks for them.
    proof_settings: Option<Result<ProofSettings, Text>>,
}

impl HealthPanel {
    /// The latest check, if one ran.
    pub fn check(&self) -> Option<&HealthCheck> {
        self.check.as_ref()
    }

    fn running(&self) -> bool {
        self.check.as_ref().is_some_and(|c| !c.is_done())
    }

    /// Whether the check waits for the delivery proof's settings.
    pub fn needs_proof_settings(&self) -> bool {
        self.check.as_ref().is_some_and(HealthCheck::wants_proof)
            && self.proof.is_none()
            && self.proof_settings.is_none()
    }

    /// The delivery proof's settings, or what is missing (in plain words).
    pub fn give_proof_settings(&mut self, s: Result<ProofSettings, Text>) {
        self.proof_settings = Some(s);
    }

    /// Whether a delivery proof is running.
    pub fn proving(&self) -> bool {
        self.proof.is_some()
    }

    fn start(&mut self, ctx: &mut PanelCtx<'_>) {
        let host = self.ping_host.trim();
        let opts = HealthOptions {
            ping_host: (!host.is_empty()).then(|| host.to_string()),
            prove: true,
            ..HealthOptions::default()
        };
        self.proof = None;
        self.proof_settings = None;
        let mut c = HealthCheck::new(opts);
        ctx.jobs.outbox.extend(c.start());
        self.check = Some(c);
    }
}

/// The overall verdict in one sentence.
fn overall_words(lang: crate::i18n::Lang, v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => lang.tr("health-all-good-the-module-is-ready"),
        Verdict::Warn => lang.tr("health-works-with-warnings-see-what-to-do"),
        Verdict::Fail => lang.tr("health-not-working-fix-the-failed-step-below"),
        _ => lang.tr("health-checking"),
    }
}

impl Panel for HealthPanel {
    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        widgets::help(ui, ctx.tr("health-checks-sim-card-network-registration"));
        ui.add_space(4.0);
        let blocked = widgets::apply::blocked_reason(
            lang,
            ctx.connected() && !ctx.module.data_mode,
            self.running(),
            true,
        );
        ui.horizontal(|ui| {
            let b = ui.add_enabled(
                blocked.is_none(),
                egui::Button::new(
                    RichText::new(ctx.tr("health-run-health-check"))
                        .size(18.0)
                        .strong(),
                )
                .min_size(egui::vec2(220.0, 40.0)),
            );
            if b.clicked() {
                self.start(ctx);
            }
            if self.running()
                && ui.button(ctx.tr("health-cancel")).clicked()
                && let Some(c) = &mut self.check
            {
                ctx.jobs.outbox.extend(c.cancel());
                if let Some(p) = &self.proof {
                    p.cancel();
                }
            }
            if let Some(why) = &blocked
                && !self.running()
            {
                ui.label(RichText::new(why).weak());
            }
        });
        egui::CollapsingHeader::new(ctx.tr("health-data-test"))
            .id_salt("health.options")
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    let l = ui.label(ctx.tr("health-ping-host-empty-ntp-time-sync"));
                    ui.add(egui::TextEdit::singleline(&mut self.ping_host).desired_width(220.0))
                        .labelled_by(l.id);
                });
            });
        let Some(c) = &self.check else { return };
        ui.add_space(10.0);
        let overall = c.overall();
        ui.horizontal(|ui| {
            verdict_label(ui, lang, overall, true);
        });
        let color = match overall {
            Verdict::Pass => palette::GREEN,
            Verdict::Warn => palette::AMBER,
            Verdict::Fail => ui.visuals().error_fg_color,
            _ => ui.visuals().text_color(),
        };
        ui.label(
            RichText::new(overall_words(lang, overall))
                .size(16.0)
                .color(color),
        );
        ui.add_space(8.0);
        egui::Grid::new("health.steps")
            .striped(true)
            .num_columns(3)
            .spacing([14.0, 8.0])
            .show(ui, |ui| {
                for r in c.results() {
                    ui.label(RichText::new(r.step.title(lang)).strong());
                    ui.horizontal(|ui| verdict_label(ui, lang, r.verdict, false));
                    ui.vertical(|ui| {
                        if r.step == HealthStep::Proof {
                            proof_cell(ui, lang, r, self.proof.as_ref());
                        } else if !r.summary.get(lang).is_empty() {
                            ui.label(r.summary.get(lang));
                        }
                        if !r.advice.get(lang).is_empty() {
                            ui.label(
                                RichText::new(crate::tr!(
                                    lang,
                                    "health-what-to-do",
                                    advice = &r.advice.get(lang)
                                ))
                                .strong(),
                            );
                        }
                    });
                    ui.end_row();
                }
            });
    }

    fn refresh(&mut self, _ctx: &mut PanelCtx<'_>) {}

    fn on_event(&mut self, e: &Event) -> Vec<Request> {
        if let Some(p) = &self.proof {
            p.on_event(e);
        }
        match &mut self.check {
            Some(c) => c.on_event(e),
            None => Vec::new(),
        }
    }

    fn tick(&mut self, _now: Instant, egui: &egui::Context) -> (Vec<Request>, Option<Instant>) {
        let Some(c) = &mut self.check else {
            return (Vec::new(), None);
        };
        if c.wants_proof() && self.proof.is_none() {
            match self.proof_settings.take() {
                Some(Ok(s)) => match proof_link::start(s, egui) {
                    Some(p) => self.proof = Some(p),
                    None => {
                        c.finish_proof(Err(Text::key("health-the-proof-could-not-start-no-thread")))
                    }
                },
                Some(Err(why)) => c.finish_proof(Err(why)),
                // The shell hands the settings over before the next tick.
                None => {}
            }
        }
        let Some(p) = &mut self.proof else {
            return (Vec::new(), None);
        };
        // After a cancel the check has ended already; the proof keeps being served until its
        // thread ends (it unsubscribes what it subscribed).
        let (reqs, done) = p.poll();
        if let Some(report) = done {
            c.finish_proof(Ok(report));
            self.proof = None;
        }
        // The proof thread asks for a frame whenever it has something; no timer needed.
        (reqs, None)
    }
}

/// The delivery proof's cell: each direction with its result and time, or the stage under way.
fn proof_cell(ui: &mut egui::Ui, lang: crate::i18n::Lang, r: &StepResult, run: Option<&ProofRun>) {
    if let Some(p) = run {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(stage_words(lang, p.stage()));
        });
        return;
    }
    match &r.proof {
        Some(p) => {
            for d in p.directions() {
                let (mark, colour) = if d.ok() {
                    ("✓", palette::GREEN)
                } else {
                    ("×", ui.visuals().error_fg_color)
                };
                let words = match d.delivered_ms {
                    Some(ms) => crate::tr!(lang, "health-delivered-in-ms", ms = &ms),
                    None => lang.tr("health-not-delivered").to_string(),
                };
                let line = crate::tr!(
                    lang,
                    "health-direction-result",
                    direction = &d.direction.title().get(lang),
                    result = &words
                );
                ui.label(RichText::new(format!("{mark} {line}")).color(colour));
            }
        }
        None if !r.summary.get(lang).is_empty() => {
            ui.label(r.summary.get(lang));
        }
        None => {}
    }
}
