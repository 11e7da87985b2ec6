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
    /// The long publish as typed, if the first data's hex (when written as hex) is valid.
    fn publish(&self) -> Option<PublishEx> {
        Some(PublishEx {
            topic: self.topic.clone(),
            qos: self.qos,
            retain: self.retain,
            data: self.first.bytes().ok()?,
        })
    }

    /// The long publish (`AT+QMTPUBEX`) with the first data, if the form is valid.
    pub fn command(&self) -> Option<Command> {
        Checked::new(self.publish()?)
            .ok()
            .map(Command::MqttPublishEx)
    }

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
            // The box shows its own hex error.
            self.first.ui(
                ui,
                lang,
                "pairing.first",
                ctx.tr("pairing-mqtt-first-data"),
                Some(MAX_PAYLOAD),
            );
            if let Some(p) = self.publish()
                && !self.first.text.is_empty()
                && let Some(e) = p.problems().into_iter().find(|e| e.field == Field::Payload)
            {
                indented(ui, |ui| {
                    error_text(ui, &crate::ui::widgets::field_error(&e, lang));
                });
            }
            let cmd = self.command();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::panels::socket::payload::DataFormat;

    fn form(topic: &str, data: &str) -> MqttPassthrough {
        let mut f = MqttPassthrough {
            topic: topic.into(),
            qos: 1,
            ..MqttPassthrough::default()
        };
        f.first.text = data.into();
        f
    }

    /// The topic and the first data reach the command; the data goes at the prompt byte for
    /// byte, so line breaks, quotes and Chinese text are fine there.
    #[test]
    fn the_typed_values_reach_the_command() {
        let f = form("dev/1/up", "你好 \"x\"\r\n");
        let Some(c) = f.command() else {
            panic!("no command");
        };
        assert_eq!(c.line(), "AT+QMTPUBEX=\"dev/1/up\",1,0,12");
        assert_eq!(c.payload(), Some("你好 \"x\"\r\n".as_bytes()));
        let mut hex = form("dev/1/up", "48 69");
        hex.first.format = DataFormat::Hex;
        assert_eq!(
            hex.command().and_then(|c| c.payload().map(<[u8]>::to_vec)),
            Some(b"Hi".to_vec())
        );
    }

    /// A wrong field sends nothing: no topic, a line break or a double quote in the topic, no
    /// data, bad hex, more data than the module takes.
    #[test]
    fn a_wrong_field_sends_nothing() {
        let big = "x".repeat(MAX_PAYLOAD + 1);
        for (topic, data) in [
            ("", "hi"),
            ("dev/1\r\n", "hi"),
            ("dev/\"1\"", "hi"),
            ("dev/1/up", ""),
            ("dev/1/up", big.as_str()),
        ] {
            assert_eq!(form(topic, data).command(), None, "{topic:?} {data:?}");
        }
        let mut hex = form("dev/1/up", "4G");
        hex.first.format = DataFormat::Hex;
        assert_eq!(hex.command(), None);
    }
}
