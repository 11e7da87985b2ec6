//! Publishing: a short message on the command line (`AT+QMTPUB`, ≤ 512 bytes, no line breaks or
//! double quotes), or a long one sent as raw bytes at the `>` prompt (`AT+QMTPUBEX`, ≤ 2048
//! bytes, anything goes). Chosen by the message, or by the user.

use super::kit;
use crate::at::mqtt::{MAX_MESSAGE, MAX_PAYLOAD, MqttState, Publish, PublishEx};
use crate::at::value;
use crate::at::{Checked, Command, Field, Problem, Validate, ValidationError};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::{self, error_text, text_field};
use egui::{RichText, Ui};

pub const OWNER: &str = "mqtt.publish";

/// How to publish.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PublishMode {
    /// Short when the message allows it, long otherwise.
    #[default]
    Auto,
    Short,
    Long,
}

/// The two publish commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublishKind {
    Short,
    Long,
}

/// The publish form.
#[derive(Default)]
pub struct PublishForm {
    pub topic: String,
    pub qos: u8,
    pub retain: bool,
    pub message: String,
    pub mode: PublishMode,
}

/// Whether `message` can go as a short publish (fits, and nothing in it breaks the line).
pub fn fits_short(message: &str) -> bool {
    value::text(Field::Message, message, MAX_MESSAGE, true).is_ok()
}

impl PublishForm {
    /// Which command the message goes with.
    pub fn kind(&self) -> PublishKind {
        match self.mode {
            PublishMode::Short => PublishKind::Short,
            PublishMode::Long => PublishKind::Long,
            PublishMode::Auto if fits_short(&self.message) => PublishKind::Short,
            PublishMode::Auto => PublishKind::Long,
        }
    }

    fn problems(&self) -> Vec<ValidationError> {
        let topic = self.topic.trim().to_string();
        match self.kind() {
            PublishKind::Short => Publish {
                topic,
                qos: self.qos,
                retain: self.retain,
                message: self.message.clone(),
            }
            .problems(),
            PublishKind::Long => PublishEx {
                topic,
                qos: self.qos,
                retain: self.retain,
                data: self.message.clone().into_bytes(),
            }
            .problems(),
        }
    }

    /// The command to send, if the form is valid.
    pub fn command(&self) -> Option<Command> {
        let topic = self.topic.trim().to_string();
        match self.kind() {
            PublishKind::Short => Checked::new(Publish {
                topic,
                qos: self.qos,
                retain: self.retain,
                message: self.message.clone(),
            })
            .ok()
            .map(Command::MqttPublish),
            PublishKind::Long => Checked::new(PublishEx {
                topic,
                qos: self.qos,
                retain: self.retain,
                data: self.message.clone().into_bytes(),
            })
            .ok()
            .map(Command::MqttPublishEx),
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let topic_empty = self.topic.trim().is_empty();
        let problems = self.problems();
        let shown: Vec<ValidationError> = problems
            .iter()
            .filter(|e| !(topic_empty && e.field == Field::Topic && e.problem == Problem::Empty))
            .cloned()
            .collect();
        text_field(
            ui,
            lang,
            ctx.t("Publish to topic", "发布主题"),
            &mut self.topic,
            &shown,
            Field::Topic,
        );
        kit::qos_choice(
            ui,
            lang,
            ctx.t("Publish QoS", "发布服务质量等级"),
            "pub",
            &mut self.qos,
        );
        ui.checkbox(
            &mut self.retain,
            ctx.t(
                "Retain this message on the broker",
                "保留该消息（保留标志）",
            ),
        );
        kit::multiline(
            ui,
            ctx.t("Message to publish", "发布的消息内容"),
            &mut self.message,
            4,
            true,
        );
        let bytes = self.message.len();
        let kind = self.kind();
        let (limit, name) = match kind {
            PublishKind::Short => (
                MAX_MESSAGE,
                lang.pick("short publish, AT+QMTPUB", "普通发布，AT+QMTPUB"),
            ),
            PublishKind::Long => (
                MAX_PAYLOAD,
                lang.pick("long publish, AT+QMTPUBEX", "发布长消息，AT+QMTPUBEX"),
            ),
        };
        let counter = format!("{bytes} / {limit} {} · {name}", lang.pick("bytes", "字节"));
        let color = if bytes > limit {
            ui.visuals().error_fg_color
        } else {
            ui.visuals().weak_text_color()
        };
        ui.label(RichText::new(counter).color(color));
        if self.mode == PublishMode::Auto
            && kind == PublishKind::Long
            && let Some(why) = long_reason(lang, &self.message)
        {
            widgets::help(ui, &why);
        }
        for e in shown.iter().filter(|e| e.field != Field::Topic) {
            error_text(ui, &crate::ui::widgets::field_error(e, lang));
        }
        ui.horizontal(|ui| {
            // Each choice names itself; the heading groups them.
            ui.label(lang.pick("Publish as", "发布方式"));
            ui.radio_value(
                &mut self.mode,
                PublishMode::Auto,
                lang.pick("Automatic (by the message)", "自动（按消息内容选择）"),
            );
            ui.radio_value(
                &mut self.mode,
                PublishMode::Short,
                lang.pick("Short (≤ 512 bytes)", "普通（≤ 512 字节）"),
            );
            ui.radio_value(
                &mut self.mode,
                PublishMode::Long,
                lang.pick("Long (≤ 2048 bytes)", "长消息（≤ 2048 字节）"),
            );
        });
        if ctx.module.mqtt_state == Some(MqttState::Disconnected) {
            kit::warning_text(
                ui,
                ctx.t(
                    "MQTT is not connected: the module will refuse to publish. Save the broker above first.",
                    "MQTT 未连接：模块将拒绝发布。请先在上方保存服务器。",
                ),
            );
        }
        let command = self.command();
        let blocked = if topic_empty {
            Some(ctx.t("Enter a topic first.", "请先输入主题。").to_string())
        } else {
            kit::blocked(ctx, OWNER, command.is_some())
        };
        let lines: Vec<String> = command
            .iter()
            .map(|c| match c.payload() {
                Some(p) => format!(
                    "{}   → {} {}",
                    c.display_line(),
                    p.len(),
                    lang.pick("bytes at the > prompt", "字节（在 > 提示符后发送）")
                ),
                None => c.display_line(),
            })
            .collect();
        widgets::preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
        if let Some(job) = ctx.jobs.latest(OWNER)
            && kit::progress(ui, lang, job, ctx.t("Cancel publish", "取消发布"))
        {
            ctx.jobs.cancel(OWNER);
        }
        if widgets::apply_button(ui, lang, ctx.t("Publish now", "立即发布"), blocked)
            && let Some(c) = command
        {
            ctx.jobs.run(OWNER, vec![c]);
        }
    }
}

/// Why automatic mode picked the long publish.
fn long_reason(lang: Lang, message: &str) -> Option<String> {
    match value::text(Field::Message, message, MAX_MESSAGE, true) {
        Ok(()) => None,
        Err(e) => Some(match e.problem {
            Problem::TooLong { .. } => lang
                .pick(
                    "Sent as a long publish: the message is over 512 bytes.",
                    "消息超过 512 字节，将以长消息方式发布。",
                )
                .into(),
            _ => lang
                .pick(
                    "Sent as a long publish: the message has a line break, a double quote or a control character, which only a long publish carries.",
                    "消息含有换行、双引号或控制字符，只能以长消息方式发布。",
                )
                .into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_choice() {
        let mut f = PublishForm {
            topic: "t".into(),
            message: "hello".into(),
            ..Default::default()
        };
        assert_eq!(f.kind(), PublishKind::Short);
        f.message = "a\nb".into();
        assert_eq!(f.kind(), PublishKind::Long);
        f.message = "x".repeat(513);
        assert_eq!(f.kind(), PublishKind::Long);
        assert!(matches!(f.command(), Some(Command::MqttPublishEx(_))));
        f.message = "x".repeat(2049);
        assert!(f.command().is_none());
        f.mode = PublishMode::Short;
        f.message = "say \"hi\"".into();
        assert!(
            f.command().is_none(),
            "a quote cannot go on the command line"
        );
    }
}
