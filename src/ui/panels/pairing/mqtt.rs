//! MQTT passthrough (`AT+SIMPLEMODE=2,1` / `2,2`): a short guide, and for continuous mode the
//! long publish (`AT+QMTPUBEX`) after which everything sent is published until `+++`.

use crate::at::mqtt::{MAX_PAYLOAD, MqttState, PublishEx};
use crate::at::socket::PairingMode;
use crate::at::value::Field;
use crate::at::{Checked, Command, Validate};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::panels::socket::indented;
use crate::ui::panels::socket::payload::PayloadInput;
use crate::ui::panels::socket::transparent::{mode_toggle, raw_box};
use crate::ui::panels::socket::{form_blocked, warning};
use crate::ui::tab::Tab;
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
        section(ui, ctx.t("MQTT passthrough", "MQTT 透传"), |ui| {
            step(
                ui,
                1,
                ctx.t(
                    "Set the MQTT client, broker and subscriptions in the MQTT panel. In this mode they are saved across power loss, and the module reconnects to the broker by itself after every power-up.",
                    "在 MQTT 页面配置客户端、服务器和订阅主题。该模式下这些设置断电保存，模块每次上电后会自动重连服务器。",
                ),
            );
            if ui
                .button(ctx.t("Open the MQTT panel", "打开 MQTT 页面"))
                .clicked()
            {
                ctx.settings.tab = Tab::Mqtt;
            }
            if continuous {
                step(
                    ui,
                    2,
                    ctx.t(
                        "Start a long publish below. After the first data, everything the device on the serial port sends is published to that topic, until +++.",
                        "在下方开始发布长消息。发送首段数据后，串口设备发送的所有数据都会发布到该主题，直到发送 +++。",
                    ),
                );
            } else {
                step(
                    ui,
                    2,
                    ctx.t(
                        "Publish each message with one command (AT+QMTPUB), e.g. from the MQTT panel's publish form.",
                        "每条消息用一条指令发布（AT+QMTPUB），例如使用 MQTT 页面的发布功能。",
                    ),
                );
            }
            step(
                ui,
                3,
                ctx.t(
                    "Disconnecting with AT+QMTDISC stops the automatic reconnection until the module restarts.",
                    "使用 AT+QMTDISC 断开后，模块在重启前不会自动重连。",
                ),
            );
        });
        if continuous {
            ui.add_space(8.0);
            self.long_publish(ui, ctx);
        }
    }

    fn long_publish(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        section(
            ui,
            ctx.t("Continuous publish", "连发通讯（长消息）"),
            |ui| {
                if ctx.module.data_mode {
                    help(
                        ui,
                        &match lang {
                            Lang::En => format!(
                                "Publishing: everything sent now is published to “{}”. Leave with +++ to use commands again; ATO resumes.",
                                self.topic
                            ),
                            Lang::Zh => format!(
                                "发布中：现在发送的所有数据都会发布到“{}”。发送 +++ 退出后可再使用指令；发送 ATO 继续发布。",
                                self.topic
                            ),
                        },
                    );
                    mode_toggle(ui, ctx, None);
                    let label = ctx.t("Data to publish", "要发布的数据");
                    raw_box(ui, ctx, &mut self.more, "pairing.more", label);
                    return;
                }
                help(
                    ui,
                    ctx.t(
                        "AT+QMTPUBEX with the first data; the module then stays in transparent mode and the banner at the top shows it.",
                        "发送 AT+QMTPUBEX 和首段数据后，模块保持在透传模式，页面顶部的横幅会提示。",
                    ),
                );
                if ctx.module.mqtt_state != Some(MqttState::Connected) {
                    warning(
                        ui,
                        ctx.t(
                            "The module is not connected to an MQTT broker (as far as last read): it refuses to publish until it is. Set the broker in the MQTT panel.",
                            "模块尚未连接 MQTT 服务器（以最近一次读取为准）：连接前无法发布。请在 MQTT 页面配置服务器。",
                        ),
                    );
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
                    help(
                        ui,
                        ctx.t(
                            "0: at most once · 1: at least once · 2: exactly once",
                            "0：最多一次 · 1：至少一次 · 2：仅一次",
                        ),
                    );
                });
                indented(ui, |ui| {
                    ui.checkbox(
                        &mut self.retain,
                        ctx.t(
                            "Retain (the broker keeps the last message for new subscribers)",
                            "保留消息（服务器为新订阅者保留最后一条消息）",
                        ),
                    );
                });
                let data = self.first.ui(
                    ui,
                    lang,
                    "pairing.first",
                    ctx.t("First data", "首段数据"),
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
                    Some(
                        ctx.t("Type the first data.", "请输入首段数据。")
                            .to_string(),
                    )
                } else {
                    form_blocked(ctx, OWNER, cmd.is_some())
                };
                if apply_button(ui, lang, ctx.t("Start publishing", "开始发布"), blocked)
                    && let Some(c) = cmd
                {
                    ctx.jobs.run(OWNER, vec![c]);
                    self.first.clear();
                }
            },
        );
    }
}
