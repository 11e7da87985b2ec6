//! Publishing: a short message on the command line (`AT+QMTPUB`, ≤ 512 bytes, no line breaks or
//! double quotes), or a long one sent as raw bytes at the `>` prompt (`AT+QMTPUBEX`, ≤ 2048
//! bytes, anything goes). Chosen by the message, or by the user.
//!
//! Or continuous publishing, the "long message" of manual §4.1.3 (`AT+QMTPUB=<topic>,<qos>,
//! <retain>,1`): the module stays in a data mode where every send is one message, until Stop
//! (`+++`); Resume sends `ATO`. See [`Live`].

use super::kit;
use crate::at::mqtt::{MAX_MESSAGE, MAX_PAYLOAD, MqttState, Publish, PublishEx, PublishLong};
use crate::at::value;
use crate::at::{Checked, Command, Field, Problem, Validate, ValidationError};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::{self, error_text, text_field};
use crate::worker::JobId;
use egui::{RichText, Ui};

pub const OWNER: &str = "mqtt.publish";
/// Owner of continuous publishing's start, Stop (`+++`) and Resume (`ATO`).
pub const LIVE_OWNER: &str = "mqtt.publish.live";

/// Continuous publishing as the form follows it, from the jobs it started and the link's data
/// mode (which `+++` from elsewhere, or a restart, also ends).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Live {
    #[default]
    Off,
    /// The long-publish command was sent.
    Starting(JobId),
    /// In the module's data mode: every send is one message.
    On,
    /// `+++` sent.
    Stopping(JobId),
    /// Left with `+++`: `ATO` goes back in.
    Stopped,
    /// `ATO` sent.
    Resuming(JobId),
}

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
    /// "Continuous publishing" chosen.
    pub continuous: bool,
    /// The message box shown while publishing continuously.
    pub live_message: String,
    /// Continuous publishing under way, if any.
    pub session: LiveSession,
}

/// Continuous publishing under way: where it stands, its topic, messages sent.
#[derive(Default)]
pub struct LiveSession {
    state: Live,
    topic: String,
    sent: usize,
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
        if self.continuous {
            return PublishLong {
                topic,
                qos: self.qos,
                retain: self.retain,
            }
            .problems();
        }
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

    /// The command that starts continuous publishing, if the topic and QoS are valid.
    pub fn long_command(&self) -> Option<Command> {
        Checked::new(PublishLong {
            topic: self.topic.trim().to_string(),
            qos: self.qos,
            retain: self.retain,
        })
        .ok()
        .map(Command::MqttPublishLong)
    }

    /// Where continuous publishing stands.
    pub fn live(&self) -> Live {
        self.session.state
    }

    /// The command to send, if the form is valid.
    pub fn command(&self) -> Option<Command> {
        if self.continuous {
            return self.long_command();
        }
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

    /// Follow the jobs continuous publishing started and the link's data mode.
    fn follow(&mut self, ctx: &PanelCtx<'_>) {
        let data = ctx.module.data_mode;
        let done = |id: JobId| ctx.jobs.get(id).filter(|j| j.done).map(|j| j.ok);
        self.session.state = match self.session.state {
            Live::Starting(id) => match done(id) {
                None => Live::Starting(id),
                Some(true) if data => Live::On,
                Some(_) => Live::Off,
            },
            Live::On if !data => Live::Stopped,
            Live::Stopping(id) | Live::Resuming(id) => match done(id) {
                None => self.session.state,
                Some(_) if data => Live::On,
                Some(_) => Live::Stopped,
            },
            other => other,
        };
        if !ctx.connected() && self.session.state != Live::Off {
            self.session.state = Live::Off;
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        self.follow(ctx);
        if matches!(self.session.state, Live::On | Live::Stopping(_)) {
            self.live_ui(ui, ctx);
            return;
        }
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
        ui.checkbox(
            &mut self.continuous,
            ctx.t(
                "Continuous publishing (every send is one message, until Stop)",
                "连续发布（每次发送即一条消息，直到停止）",
            ),
        );
        if self.continuous {
            self.continuous_ui(ui, ctx, &shown);
            return;
        }
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

impl PublishForm {
    /// The form with "Continuous publishing" chosen, before it starts (or after Stop).
    fn continuous_ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>, shown: &[ValidationError]) {
        let lang = ctx.lang;
        widgets::help(
            ui,
            ctx.t(
                "Manual §4.1.3 \"long message\": the module answers > and stays in a data mode in which everything sent is published to this topic, one message per send, until Stop (+++). Other MQTT actions wait until then.",
                "手册 4.1.3“发布长消息”：模块返回 > 后进入数据模式，此后每次发送的数据都作为一条消息发布到该主题，直到停止（+++）。在此期间不能进行其他 MQTT 操作。",
            ),
        );
        for e in shown.iter().filter(|e| e.field != Field::Topic) {
            error_text(ui, &crate::ui::widgets::field_error(e, lang));
        }
        if ctx.module.mqtt_state == Some(MqttState::Disconnected) {
            kit::warning_text(
                ui,
                ctx.t(
                    "MQTT is not connected: the module will refuse to publish. Save the broker above first.",
                    "MQTT 未连接：模块将拒绝发布。请先在上方保存服务器。",
                ),
            );
        }
        let command = self.long_command();
        let blocked = if self.topic.trim().is_empty() {
            Some(ctx.t("Enter a topic first.", "请先输入主题。").to_string())
        } else {
            kit::blocked(ctx, LIVE_OWNER, command.is_some())
        };
        let lines: Vec<String> = command.iter().map(Command::display_line).collect();
        widgets::preview(ui, lang, LIVE_OWNER, &lines, ctx.jobs.latest(LIVE_OWNER));
        if self.session.state == Live::Stopped {
            let text = match lang {
                Lang::En => format!(
                    "Continuous publishing to “{}” is stopped: the module is in command mode.",
                    self.session.topic
                ),
                Lang::Zh => format!(
                    "向“{}”的连续发布已停止：模块处于指令模式。",
                    self.session.topic
                ),
            };
            ui.label(text);
            let resume_blocked = kit::blocked(ctx, LIVE_OWNER, true);
            if widgets::apply_button(
                ui,
                lang,
                ctx.t("Resume continuous publishing (ATO)", "继续连续发布（ATO）"),
                resume_blocked,
            ) {
                let id = ctx.jobs.run(LIVE_OWNER, vec![Command::EnterData]);
                self.session.state = Live::Resuming(id);
            }
        }
        if widgets::apply_button(
            ui,
            lang,
            ctx.t("Start continuous publishing", "开始连续发布"),
            blocked,
        ) && let Some(c) = command
        {
            let id = ctx.jobs.run(LIVE_OWNER, vec![c]);
            self.session.state = Live::Starting(id);
            self.session.topic = self.topic.trim().to_string();
            self.session.sent = 0;
        }
    }

    /// While publishing continuously: a message box, "Send as message" and "Stop (+++)".
    fn live_ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let stopping = matches!(self.session.state, Live::Stopping(_));
        let text = match lang {
            Lang::En => format!(
                "Continuous publishing to “{}” (QoS {}): every send below is published as one message, until Stop.",
                self.session.topic, self.qos
            ),
            Lang::Zh => format!(
                "正在向“{}”连续发布（QoS {}）：下面每次发送都作为一条消息发布，直到停止。",
                self.session.topic, self.qos
            ),
        };
        kit::warning_text(ui, &text);
        kit::multiline(
            ui,
            ctx.t("Message to send", "要发送的消息"),
            &mut self.live_message,
            3,
            true,
        );
        widgets::help(
            ui,
            ctx.t(
                "Sent exactly as typed, line breaks included. The module ends a message when the line goes quiet, so wait a moment between messages.",
                "按输入原样发送（包括换行）。线路静默时模块即结束一条消息，因此两条消息之间请稍候片刻。",
            ),
        );
        let bytes = self.live_message.as_bytes();
        let blocked = if !ctx.connected() {
            Some(
                ctx.t("Connect to a module first.", "请先连接模块。")
                    .to_string(),
            )
        } else if stopping || ctx.jobs.switching_mode() {
            // Bytes now would break the silence +++ needs.
            Some(
                ctx.t(
                    "Wait until the mode switch is done.",
                    "请等待模式切换完成。",
                )
                .to_string(),
            )
        } else if bytes.is_empty() {
            Some(
                ctx.t("Type the message first.", "请先输入消息。")
                    .to_string(),
            )
        } else if bytes.len() > MAX_PAYLOAD {
            Some(match lang {
                Lang::En => format!(
                    "The message is {} bytes; send at most {MAX_PAYLOAD} at a time.",
                    bytes.len()
                ),
                Lang::Zh => format!(
                    "消息为 {} 字节，每次最多发送 {MAX_PAYLOAD} 字节。",
                    bytes.len()
                ),
            })
        } else if self.live_message == "+++" {
            Some(
                ctx.t(
                    "“+++” alone would end continuous publishing: use Stop instead.",
                    "单独的“+++”会结束连续发布：请使用“停止”按钮。",
                )
                .to_string(),
            )
        } else {
            None
        };
        if widgets::apply_button(ui, lang, ctx.t("Send as message", "作为消息发送"), blocked)
        {
            ctx.jobs.raw(self.live_message.clone().into_bytes());
            self.live_message.clear();
            self.session.sent += 1;
        }
        if self.session.sent > 0 {
            ui.label(match lang {
                Lang::En => format!("{} sent since the start.", self.session.sent),
                Lang::Zh => format!("开始以来已发送 {} 条。", self.session.sent),
            });
        }
        let stop_blocked = if stopping {
            Some(ctx.t("Working…", "执行中…").to_string())
        } else {
            None
        };
        if widgets::apply_button(ui, lang, ctx.t("Stop (+++)", "停止（+++）"), stop_blocked) {
            let id = ctx.jobs.run(LIVE_OWNER, vec![Command::LeaveData]);
            self.session.state = Live::Stopping(id);
        }
        if stopping {
            let ms = ctx.settings.escape_guard_ms;
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(match lang {
                    Lang::En => format!(
                        "Keeping the line silent for {ms} ms before and after +++, as the module requires…"
                    ),
                    Lang::Zh => format!("按模块要求，在 +++ 前后各保持 {ms} 毫秒静默…"),
                });
            });
        } else if let Some(job) = ctx.jobs.latest(LIVE_OWNER)
            && job.done
            && !job.ok
        {
            // A +++ the module did not confirm: still publishing.
            widgets::preview::job_result(ui, lang, job);
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
