//! Publishing: a short message on the command line (`AT+QMTPUB`, ≤ 512 bytes, no line breaks or
//! double quotes), or a long one sent as raw bytes at the `>` prompt (`AT+QMTPUBEX`, ≤ 2048
//! bytes, anything goes). Chosen by the message, or by the user.
//!
//! Or continuous publishing, the "long message" of manual §4.1.3 (`AT+QMTPUB=<topic>,<qos>,
//! <retain>,1`): the module stays in a data mode where every send is one message, until Stop
//! (`+++`); Resume sends `ATO`. See [`Live`].

use crate::at::mqtt::{MAX_MESSAGE, MAX_PAYLOAD, MqttState, Publish, PublishEx, PublishLong};
use crate::at::value;
use crate::at::{Checked, Command, Field, Problem, Validate, ValidationError};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form;
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
            ctx.tr("mqtt-publish-publish-to-topic"),
            &mut self.topic,
            &shown,
            Field::Topic,
        );
        super::qos::qos_choice(
            ui,
            lang,
            ctx.tr("mqtt-publish-publish-qos"),
            "pub",
            &mut self.qos,
        );
        ui.checkbox(
            &mut self.retain,
            ctx.tr("mqtt-publish-retain-this-message-on-the-broker"),
        );
        ui.checkbox(
            &mut self.continuous,
            ctx.tr("mqtt-publish-continuous-publishing-every-send-is"),
        );
        if self.continuous {
            self.continuous_ui(ui, ctx, &shown);
            return;
        }
        form::multiline(
            ui,
            ctx.tr("mqtt-publish-message-to-publish"),
            &mut self.message,
            4,
            true,
        );
        let bytes = self.message.len();
        let kind = self.kind();
        let (limit, name) = match kind {
            PublishKind::Short => (MAX_MESSAGE, lang.tr("mqtt-publish-short-publish-at-qmtpub")),
            PublishKind::Long => (
                MAX_PAYLOAD,
                lang.tr("mqtt-publish-long-publish-at-qmtpubex"),
            ),
        };
        let counter = crate::tr!(
            lang,
            "mqtt-publish-counter",
            bytes = &bytes,
            limit = &limit,
            kind = &name
        );
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
            ui.label(lang.tr("mqtt-publish-publish-as"));
            ui.radio_value(
                &mut self.mode,
                PublishMode::Auto,
                lang.tr("mqtt-publish-automatic-by-the-message"),
            );
            ui.radio_value(
                &mut self.mode,
                PublishMode::Short,
                lang.tr("mqtt-publish-short-512-bytes"),
            );
            ui.radio_value(
                &mut self.mode,
                PublishMode::Long,
                lang.tr("mqtt-publish-long-2048-bytes"),
            );
        });
        if ctx.module.mqtt_state == Some(MqttState::Disconnected) {
            form::warning(
                ui,
                ctx.tr("mqtt-publish-mqtt-is-not-connected-the-module-will"),
            );
        }
        let command = self.command();
        let blocked = if topic_empty {
            Some(ctx.tr("mqtt-publish-enter-a-topic-first").to_string())
        } else {
            form::blocked(ctx, OWNER, command.is_some())
        };
        let lines = widgets::preview::command_lines(lang, command.iter());
        widgets::preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
        if let Some(job) = ctx.jobs.latest(OWNER)
            && form::progress(ui, lang, job, ctx.tr("mqtt-publish-cancel-publish"))
        {
            ctx.jobs.cancel(OWNER);
        }
        if widgets::apply_button(ui, lang, ctx.tr("mqtt-publish-publish-now"), blocked)
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
            ctx.tr("mqtt-publish-manual-4-1-3-long-message-the-module"),
        );
        for e in shown.iter().filter(|e| e.field != Field::Topic) {
            error_text(ui, &crate::ui::widgets::field_error(e, lang));
        }
        if ctx.module.mqtt_state == Some(MqttState::Disconnected) {
            form::warning(
                ui,
                ctx.tr("mqtt-publish-mqtt-is-not-connected-the-module-will"),
            );
        }
        let command = self.long_command();
        let blocked = if self.topic.trim().is_empty() {
            Some(ctx.tr("mqtt-publish-enter-a-topic-first").to_string())
        } else {
            form::blocked(ctx, LIVE_OWNER, command.is_some())
        };
        let lines: Vec<String> = command.iter().map(Command::display_line).collect();
        widgets::preview(ui, lang, LIVE_OWNER, &lines, ctx.jobs.latest(LIVE_OWNER));
        if self.session.state == Live::Stopped {
            let text = crate::tr!(
                lang,
                "mqtt-publish-continuous-publishing-to-is-stopped",
                topic = &self.session.topic
            );
            ui.label(text);
            let resume_blocked = form::blocked(ctx, LIVE_OWNER, true);
            if widgets::apply_button(
                ui,
                lang,
                ctx.tr("mqtt-publish-resume-continuous-publishing-ato"),
                resume_blocked,
            ) {
                let id = ctx.jobs.run(LIVE_OWNER, vec![Command::EnterData]);
                self.session.state = Live::Resuming(id);
            }
        }
        if widgets::apply_button(
            ui,
            lang,
            ctx.tr("mqtt-publish-start-continuous-publishing"),
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
        let text = crate::tr!(
            lang,
            "mqtt-publish-continuous-publishing-to-qos-every",
            topic = &self.session.topic,
            qos = &self.qos
        );
        form::warning(ui, &text);
        form::multiline(
            ui,
            ctx.tr("mqtt-publish-message-to-send"),
            &mut self.live_message,
            3,
            true,
        );
        widgets::help(ui, ctx.tr("mqtt-publish-sent-exactly-as-typed-line-breaks"));
        let bytes = self.live_message.as_bytes();
        let blocked = if !ctx.connected() {
            Some(ctx.tr("mqtt-publish-connect-to-a-module-first").to_string())
        } else if stopping || ctx.jobs.switching_mode() {
            // Bytes now would break the silence +++ needs.
            Some(
                ctx.tr("mqtt-publish-wait-until-the-mode-switch-is-done")
                    .to_string(),
            )
        } else if bytes.is_empty() {
            Some(ctx.tr("mqtt-publish-type-the-message-first").to_string())
        } else if bytes.len() > MAX_PAYLOAD {
            Some(crate::tr!(
                lang,
                "mqtt-publish-the-message-is-bytes-send-at-most-at",
                bytes = &bytes.len(),
                max_payload = &MAX_PAYLOAD
            ))
        } else if self.live_message == "+++" {
            Some(
                ctx.tr("mqtt-publish-alone-would-end-continuous-publishing")
                    .to_string(),
            )
        } else {
            None
        };
        if widgets::apply_button(ui, lang, ctx.tr("mqtt-publish-send-as-message"), blocked) {
            ctx.jobs.raw(self.live_message.clone().into_bytes());
            self.live_message.clear();
            self.session.sent += 1;
        }
        if self.session.sent > 0 {
            ui.label(crate::tr!(
                lang,
                "mqtt-publish-sent-since-the-start",
                sent = &self.session.sent
            ));
        }
        let stop_blocked = if stopping {
            Some(ctx.tr("mqtt-publish-working").to_string())
        } else {
            None
        };
        if widgets::apply_button(ui, lang, ctx.tr("mqtt-publish-stop"), stop_blocked) {
            let id = ctx.jobs.run(LIVE_OWNER, vec![Command::LeaveData]);
            self.session.state = Live::Stopping(id);
        }
        if stopping {
            let ms = ctx.settings.escape_guard_ms;
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(crate::tr!(
                    lang,
                    "mqtt-publish-keeping-the-line-silent-for-ms-before",
                    ms = &ms
                ));
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
                .tr("mqtt-publish-sent-as-a-long-publish-the-message-is")
                .into(),
            _ => lang
                .tr("mqtt-publish-sent-as-a-long-publish-the-message")
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
