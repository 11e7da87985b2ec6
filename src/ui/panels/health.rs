//! Health check: one button that walks SIM → registration → signal → data → broker and gives each
//! step a verdict in plain words with what to do. What an installer runs on site.

use super::Panel;
use super::profiles::run::{self, verdict_label};
use crate::profile::health::{HealthCheck, HealthOptions, Verdict};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets;
use crate::worker::{Event, Request};
use egui::RichText;

/// The Health check tab.
#[derive(Default)]
pub struct HealthPanel {
    check: Option<HealthCheck>,
    /// Ping this host instead of syncing the clock by NTP (empty: NTP).
    ping_host: String,
}

impl HealthPanel {
    /// The latest check, if one ran.
    pub fn check(&self) -> Option<&HealthCheck> {
        self.check.as_ref()
    }

    fn running(&self) -> bool {
        self.check.as_ref().is_some_and(|c| !c.is_done())
    }

    fn start(&mut self, ctx: &mut PanelCtx<'_>) {
        let host = self.ping_host.trim();
        let opts = HealthOptions {
            ping_host: (!host.is_empty()).then(|| host.to_string()),
            ..HealthOptions::default()
        };
        let mut c = HealthCheck::new(opts);
        ctx.jobs.outbox.extend(c.start());
        self.check = Some(c);
    }
}

/// The overall verdict in one sentence.
fn overall_words(lang: crate::i18n::Lang, v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => lang.pick("All good: the module is ready.", "一切正常：模块已就绪。"),
        Verdict::Warn => lang.pick(
            "Works, with warnings: see what to do below.",
            "可以工作，但有警告：请看下方建议。",
        ),
        Verdict::Fail => lang.pick(
            "Not working: fix the failed step below, then check again.",
            "无法正常工作：请按下方提示处理失败的步骤，然后重新检查。",
        ),
        _ => lang.pick("Checking…", "检查中…"),
    }
}

impl Panel for HealthPanel {
    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        widgets::help(
            ui,
            ctx.t(
                "Checks SIM card → network registration → signal → data → MQTT broker, and says what to do about each problem.",
                "依次检查 SIM 卡 → 网络注册 → 信号 → 数据连接 → MQTT 服务器，并给出每个问题的处理方法。",
            ),
        );
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
                    RichText::new(ctx.t("Run health check", "运行健康检查"))
                        .size(18.0)
                        .strong(),
                )
                .min_size(egui::vec2(220.0, 40.0)),
            );
            if b.clicked() {
                self.start(ctx);
            }
            if self.running()
                && ui.button(ctx.t("Cancel", "取消")).clicked()
                && let Some(c) = &mut self.check
            {
                ctx.jobs.outbox.extend(c.cancel());
            }
            if let Some(why) = &blocked
                && !self.running()
            {
                ui.label(RichText::new(why).weak());
            }
        });
        egui::CollapsingHeader::new(ctx.t("Data test", "数据测试"))
            .id_salt("health.options")
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    let l = ui.label(ctx.t(
                        "Ping host (empty: NTP time sync)",
                        "Ping 目标（留空：NTP 对时）",
                    ));
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
            Verdict::Pass => run::GREEN,
            Verdict::Warn => run::AMBER,
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
                        if !r.summary.get(lang).is_empty() {
                            ui.label(r.summary.get(lang));
                        }
                        if !r.advice.get(lang).is_empty() {
                            ui.label(
                                RichText::new(format!(
                                    "{} {}",
                                    lang.pick("What to do:", "处理方法："),
                                    r.advice.get(lang)
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
        match &mut self.check {
            Some(c) => c.on_event(e),
            None => Vec::new(),
        }
    }
}
