//! MQTT passthrough (`AT+SIMPLEMODE=2,1` / `2,2`): a short guide, and for continuous mode the
//! long publish (`AT+QMTPUBEX`) after which everything sent is published until `+++`.

use crate::at::mqtt::{MAX_PAYLOAD, MqttState, PublishEx};
use crate::at::socket::PairingMode;
use crate::at::value::Field;
use crate::at::{Checked, Command, Validate};
use crate::ui::ctx::PanelCtx;
use crate::ui::panels::socket::payload::PayloadInput;
use crate::ui::panels::socket::transparent::{mode_toggle, raw_box};
use crate::ui::tab::Tab;
use crate::ui::widgets::form::indented;
use crate::ui::widgets::form::{blocked, warning};
use crate::ui::widgets::{apply_button, error_text, help, preview, section, text_field};
use egui::{RichText, Ui};

/// Owner of the long publish.
pub const OWNER: &str = "pairing.pubex";

/// The MQTT passthrough section's state.
#[derive(Default)]
pub struct MqttPassthrough {
    pub topic: String,
    pub qos: u8,
    pub retain: bool,
    /// The first data, sent at the `>` prompt.
    pub first: PayloadInput,
    /// What is typed while publishing continuously.
    pub more: PayloadInput,
}

fn step(ui: &mut Ui, n: u8, text: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{n}.")).strong());
        ui.label(text);
    });
}

impl MqttPassthrough {
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let continuous = ctx.module.pairing == Some(PairingMode::MqttContinuous);
        section(ui, ctx.tr("pairing-mqtt-mqtt-passthrough"), |ui| {
            step(ui, 1, ctx.tr("pairing-mqtt-set-the-mqtt-client-broker-and"));
            if ui
                .button(ctx.tr("pairing-mqtt-open-the-mqtt-panel"))
                .clicked()
            {
                ctx.settings.tab = Tab::Mqtt;
            }
            if continuous {
                step(
                    ui,
                    2,
                    ctx.tr("pairing-mqtt-start-a-long-publish-below-after-the"),
                );
            } else {
                step(
                    ui,
                    2,
                    ctx.tr("pairing-mqtt-publish-each-message-with-one-command"),
                );
            }
            step(
                ui,
                3,
                ctx.tr("pairing-mqtt-disconnecting-with-at-qmtdisc-stops"),
            );
        });
        if continuous {
            ui.add_space(8.0);
            self.long_publish(ui, ctx);
        }
    }

    fn long_publish(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        section(ui, ctx.tr("pairing-mqtt-continuous-publish"), |ui| {
            if ctx.module.data_mode {
                help(
                    ui,
                    &crate::tr!(
                        lang,
                        "pairing-mqtt-publishing-everything-sent-now-is",
                        topic = &self.topic
                    ),
                );
                mode_toggle(ui, ctx, None);
                let label = ctx.tr("pairing-mqtt-data-to-publish");
                raw_box(ui, ctx, &mut self.more, "pairing.more", label);
                return;
            }
            help(
                ui,
                ctx.tr("pairing-mqtt-at-qmtpubex-with-the-first-data-the"),
            );
            if ctx.module.mqtt_state != Some(MqttState::Connected) {
                warning(ui, ctx.tr("pairing-mqtt-the-module-is-not-connected-to-an"));
            }
            text_field(
                ui,
                lang,
                Field::Topic.label(lang),
                &mut self.topic,
                &[],
                Field::Topic,
            );
            // Checked after the edit, so the message matches the box this very frame.
            let draft = PublishEx {
                topic: self.topic.clone(),
                qos: self.qos,
                retain: self.retain,
                data: Vec::new(),
            };
            let topic_errors: Vec<_> = draft
                .problems()
                .into_iter()
                .filter(|e| e.field == Field::Topic)
                .collect();
            if let Some(e) = topic_errors.first() {
                error_text(ui, &crate::ui::widgets::field_error(e, lang));
            }
            ui.horizontal(|ui| {
                ui.add_sized([150.0, 20.0], egui::Label::new("QoS"));
                for q in 0..=2u8 {
                    ui.radio_value(&mut self.qos, q, q.to_string());
                }
                help(ui, ctx.tr("pairing-mqtt-0-at-most-once-1-at-least-once-2"));
            });
            indented(ui, |ui| {
                ui.checkbox(
                    &mut self.retain,
                    ctx.tr("pairing-mqtt-retain-the-broker-keeps-the-last"),
                );
            });
            let data = self.first.ui(
                ui,
                lang,
                "pairing.first",
                ctx.tr("pairing-mqtt-first-data"),
                Some(MAX_PAYLOAD),
            );
            let publish = data.map(|d| PublishEx {
                topic: self.topic.clone(),
                qos: self.qos,
                retain: self.retain,
                data: d,
            });
            if let Some(p) = &publish
                && !self.first.text.is_empty()
                && let Some(e) = p.problems().into_iter().find(|e| e.field == Field::Payload)
            {
                indented(ui, |ui| {
                    error_text(ui, &crate::ui::widgets::field_error(&e, lang));
                });
            }
            let cmd = publish
                .and_then(|p| Checked::new(p).ok())
                .map(Command::MqttPublishEx);
            let lines: Vec<String> = cmd.iter().map(Command::display_line).collect();
            preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
            let blocked = if self.first.text.is_empty() && topic_errors.is_empty() {
                Some(ctx.tr("pairing-mqtt-type-the-first-data").to_string())
            } else {
                blocked(ctx, OWNER, cmd.is_some())
            };
            if apply_button(ui, lang, ctx.tr("pairing-mqtt-start-publishing"), blocked)
                && let Some(c) = cmd
            {
                ctx.jobs.run(OWNER, vec![c]);
                self.first.clear();
            }
        });
    }
}
