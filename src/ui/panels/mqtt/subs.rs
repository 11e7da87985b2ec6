//! Subscriptions: the module's list (`AT+QMTSUB?`), adding one (`AT+QMTSUB`) and removing one
//! (`AT+QMTUNSUB`). The module holds at most 50.

use super::kit;
use crate::at::mqtt::{MAX_SUBSCRIPTIONS, Subscription, TopicRef};
use crate::at::{Checked, Command, Field, Validate};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::{self, text_field};
use egui::{RichText, Ui};

pub const OWNER: &str = "mqtt.subs";
pub const UNSUB_OWNER: &str = "mqtt.unsub";

/// The add-a-subscription form.
#[derive(Default)]
pub struct SubsForm {
    pub topic: String,
    pub qos: u8,
}

impl SubsForm {
    fn value(&self) -> Subscription {
        Subscription {
            topic: self.topic.trim().to_string(),
            qos: self.qos,
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let list = ctx.module.subscriptions.clone();
        let count = list.as_ref().map(Vec::len);
        ui.horizontal(|ui| {
            let text = match count {
                Some(n) => format!(
                    "{} {n}/{MAX_SUBSCRIPTIONS}",
                    lang.pick("Subscribed topics:", "已订阅主题：")
                ),
                None => lang
                    .pick("Subscribed topics: not read yet", "已订阅主题：尚未读取")
                    .to_string(),
            };
            ui.label(RichText::new(text).strong());
            let idle = ctx.connected() && !ctx.module.data_mode && !ctx.jobs.busy(OWNER);
            if ui
                .add_enabled(
                    idle,
                    egui::Button::new(lang.pick("Read subscriptions", "读取订阅列表")),
                )
                .clicked()
            {
                ctx.jobs.run(OWNER, vec![Command::MqttSubQuery]);
            }
        });
        let mut remove: Option<String> = None;
        match &list {
            Some(subs) if subs.is_empty() => {
                widgets::help(ui, lang.pick("No subscriptions.", "尚无订阅。"));
            }
            Some(subs) => {
                let can_remove =
                    ctx.connected() && !ctx.module.data_mode && !ctx.jobs.busy(UNSUB_OWNER);
                egui::Grid::new("mqtt-subs")
                    .striped(true)
                    .num_columns(3)
                    .spacing([16.0, 4.0])
                    .show(ui, |ui| {
                        ui.label(RichText::new(lang.pick("Topic", "主题")).strong());
                        ui.label(RichText::new("QoS").strong());
                        ui.label("");
                        ui.end_row();
                        for s in subs {
                            ui.label(RichText::new(&s.topic).monospace());
                            ui.label(kit::qos_words(lang, s.qos));
                            let r = ui
                                .add_enabled(
                                    can_remove,
                                    egui::Button::new(lang.pick("Unsubscribe", "取消订阅")),
                                )
                                .accessible_name(format!(
                                    "{} {}",
                                    lang.pick("Unsubscribe", "取消订阅"),
                                    s.topic
                                ));
                            if r.clicked() {
                                remove = Some(s.topic.clone());
                            }
                            ui.end_row();
                        }
                    });
            }
            None => {}
        }
        if let Some(topic) = remove
            && let Ok(t) = Checked::new(TopicRef(topic))
        {
            ctx.jobs.run(
                UNSUB_OWNER,
                vec![Command::MqttUnsubscribe(t), Command::MqttSubQuery],
            );
        }
        if let Some(job) = ctx.jobs.latest(UNSUB_OWNER) {
            widgets::preview::job_result(ui, lang, job);
        }

        ui.add_space(6.0);
        let value = self.value();
        let empty = value.topic.is_empty();
        // An empty topic is not an error to shout about before anything was typed: the button
        // says what is missing instead.
        let errors: Vec<_> = value
            .problems()
            .into_iter()
            .filter(|e| !(empty && e.problem == crate::at::Problem::Empty))
            .collect();
        text_field(
            ui,
            lang,
            ctx.t("Subscribe to topic", "订阅主题"),
            &mut self.topic,
            &errors,
            Field::Topic,
        );
        kit::qos_choice(
            ui,
            lang,
            ctx.t("Subscription QoS", "订阅服务质量等级"),
            "sub",
            &mut self.qos,
        );
        let already = list
            .as_ref()
            .and_then(|l| l.iter().find(|s| s.topic == value.topic));
        if let Some(s) = already {
            kit::warning_text(
                ui,
                &format!(
                    "{} {}",
                    lang.pick(
                        "Already subscribed with QoS",
                        "该主题已订阅，服务质量等级为"
                    ),
                    s.qos
                ),
            );
        }
        let full = count.is_some_and(|n| n >= MAX_SUBSCRIPTIONS) && already.is_none();
        let command = Checked::new(value).ok().map(Command::MqttSubscribe);
        let blocked = if empty {
            Some(ctx.t("Enter a topic first.", "请先输入主题。").to_string())
        } else if full && command.is_some() {
            Some(
                ctx.t(
                    "The module holds at most 50 subscriptions: unsubscribe from one first.",
                    "模块最多订阅 50 个主题：请先取消一个订阅。",
                )
                .to_string(),
            )
        } else {
            kit::blocked(ctx, OWNER, command.is_some())
        };
        let lines: Vec<String> = command
            .iter()
            .chain([&Command::MqttSubQuery])
            .map(Command::display_line)
            .collect();
        widgets::preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
        if widgets::apply_button(ui, lang, ctx.t("Subscribe", "订阅"), blocked)
            && let Some(c) = command
        {
            ctx.jobs.run(OWNER, vec![c, Command::MqttSubQuery]);
            self.topic.clear();
        }
    }
}
