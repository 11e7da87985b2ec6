//! The signal meter (`AT+CSQ`): bars, dBm, a quality word, a live plot of every reading, and an
//! antenna-aiming mode that re-reads the signal every 1–2 s while this panel is shown.

use crate::at::Command;
use crate::at::network::{Signal, SignalQuality};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::palette;
use crate::ui::widgets::form::{LiveTimer, can_query};
use crate::ui::widgets::{help, section, signal};
use egui::{Color32, RichText, Ui};
use egui_plot::{HLine, HoverPosition, Line, LineStyle, Plot, Points};
use std::time::Duration;

const READ: &str = "network.signal";
const AIM: &str = "network.aim";

/// Where the quality words change, in dBm (see `Signal::quality`).
const THRESHOLDS: [(f64, &str); 3] = [
    (-83.0, "network-signal-good-excellent"),
    (-93.0, "network-signal-fair-good"),
    (-103.0, "network-signal-poor-fair"),
];

/// The signal section's state.
pub struct SignalView {
    aim: LiveTimer,
    /// Seconds between readings while aiming (1 or 2).
    every_s: u64,
    /// Time (on the history's clock) of the last sample before aiming started.
    aim_since: Option<f64>,
}

impl Default for SignalView {
    fn default() -> Self {
        Self {
            aim: LiveTimer::default(),
            every_s: 1,
            aim_since: None,
        }
    }
}

/// Large signal bars (the status strip's are small).
fn meter(ui: &mut Ui, q: SignalQuality) -> egui::Response {
    signal::draw(ui, q, &signal::LARGE)
}

impl SignalView {
    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let history = &ctx.module.signal_history;
        // Aiming runs only while this panel is drawn, connected and in command mode.
        let was_on = self.aim.on;
        if self
            .aim
            .tick(ui, Duration::from_secs(self.every_s), can_query(ctx))
            && !ctx.jobs.busy(AIM)
        {
            ctx.jobs.run(AIM, vec![Command::Signal]);
        }
        if was_on && !self.aim.on {
            self.aim_since = None;
        }

        section(ui, ctx.tr("network-signal-signal"), |ui| {
            ui.horizontal(|ui| match ctx.module.signal {
                Some(s) => {
                    let q = s.quality();
                    meter(ui, q);
                    ui.vertical(|ui| {
                        let dbm = s
                            .dbm()
                            .map(|d| format!("{d} dBm"))
                            .unwrap_or_else(|| ctx.tr("network-signal-unknown").into());
                        ui.label(RichText::new(dbm).strong().size(22.0));
                        ui.label(
                            RichText::new(q.words(lang))
                                .color(signal::colour(q))
                                .strong(),
                        );
                    });
                    ui.add_space(12.0);
                    ui.label(RichText::new(raw_words(ctx, s)).weak().small());
                }
                None => {
                    meter(ui, SignalQuality::None);
                    ui.label(ctx.tr("network-signal-not-read-yet"));
                }
            });
            ui.horizontal(|ui| {
                let busy = ctx.jobs.busy(READ);
                if ui
                    .add_enabled(
                        can_query(ctx) && !busy,
                        egui::Button::new(ctx.tr("network-signal-read-signal")),
                    )
                    .clicked()
                {
                    ctx.jobs.run(READ, vec![Command::Signal]);
                }
                ui.separator();
                let before = self.aim.on;
                ui.add_enabled(
                    can_query(ctx),
                    egui::Checkbox::new(&mut self.aim.on, ctx.tr("network-signal-antenna-aiming")),
                );
                if self.aim.on && !before {
                    self.aim_since = Some(history.back().map_or(f64::MIN, |(t, _)| *t));
                    ui.ctx().request_repaint();
                }
                ui.radio_value(&mut self.every_s, 1, ctx.tr("network-signal-every-1-s"));
                ui.radio_value(&mut self.every_s, 2, ctx.tr("network-signal-every-2-s"));
            });
            if let Some(job) = ctx.jobs.latest(READ)
                && job.done
                && let Some(e) = job.error(lang)
            {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color).small());
            }
            if self.aim.on {
                help(
                    ui,
                    ctx.tr("network-signal-turn-or-move-the-antenna-slowly-wait"),
                );
                if let Some(since) = self.aim_since {
                    let best = history
                        .iter()
                        .filter(|(t, _)| *t > since)
                        .map(|(_, d)| *d)
                        .fold(None, |m: Option<f64>, d| Some(m.map_or(d, |m| m.max(d))));
                    if let Some(best) = best {
                        ui.label(
                            RichText::new(crate::tr!(
                                ctx.lang,
                                "network-signal-best-since-aiming-started",
                                dbm = &format!("{best:.0}")
                            ))
                            .strong(),
                        );
                    }
                }
            }
            plot(ui, ctx);
            help(
                ui,
                ctx.tr("network-signal-below-103-dbm-is-poor-103-to-93-fair"),
            );
        });
    }
}

/// `CSQ 15,99` with the bit error rate in words.
fn raw_words(ctx: &PanelCtx<'_>, s: Signal) -> String {
    let ber = if s.ber == 99 {
        ctx.tr("network-signal-bit-error-rate-unknown").to_string()
    } else {
        crate::tr!(
            ctx.lang,
            "network-signal-bit-error-rate-rxqual",
            ber = &s.ber
        )
    };
    format!("CSQ {},{} · {ber}", s.rssi, s.ber)
}

fn plot(ui: &mut Ui, ctx: &PanelCtx<'_>) {
    let lang = ctx.lang;
    let history = &ctx.module.signal_history;
    let last_t = history.back().map_or(0.0, |(t, _)| *t);
    // x: seconds before the latest reading, so the newest point is always at 0.
    let points: Vec<[f64; 2]> = history.iter().map(|(t, d)| [t - last_t, *d]).collect();
    let seconds_ago = ctx.tr("network-signal-s-ago");
    let x_name = ctx.tr("network-signal-seconds-before-the-latest-reading");
    Plot::new("network.signal.plot")
        .height(190.0)
        .include_y(-115.0)
        .include_y(-50.0)
        .include_x(0.0)
        .include_x(-60.0)
        .allow_scroll(false)
        .x_axis_label(x_name)
        .y_axis_label("dBm")
        .label_formatter(move |pos| {
            let p = match pos {
                HoverPosition::NearDataPoint { position, .. } => position,
                HoverPosition::Elsewhere { position } => position,
            };
            Some(format!("{:.0} {seconds_ago}: {:.0} dBm", -p.x, p.y))
        })
        .show(ui, |p| {
            for (y, key) in THRESHOLDS {
                p.hline(
                    HLine::new(lang.tr(key), y)
                        .color(Color32::from_gray(140))
                        .style(LineStyle::dashed_dense())
                        .width(1.0),
                );
            }
            if !points.is_empty() {
                let blue = palette::BLUE;
                p.line(
                    Line::new(ctx.tr("network-signal-signal-2"), points.clone())
                        .color(blue)
                        .width(2.0),
                );
                // Markers, so a single reading (or a sparse one) is visible too.
                p.points(
                    Points::new(ctx.tr("network-signal-readings"), points)
                        .color(blue)
                        .radius(2.5)
                        .filled(true),
                );
            }
        });
}
