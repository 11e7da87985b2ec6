//! The session: clean or persistent, and the keepalive (`AT+QMTSTART`).

use crate::at::mqtt::MqttSession;
use crate::at::{Checked, Command, Field};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{self, FormSync};
use crate::ui::widgets::{self, current_value};
use egui::Ui;

pub const OWNER: &str = "mqtt.session";

/// The session form.
pub struct SessionForm {
    pub clean: bool,
    pub keepalive: String,
    pub(crate) sync: FormSync,
}

impl Default for SessionForm {
    fn default() -> Self {
        let d = MqttSession::default();
        Self {
            clean: d.clean,
            keepalive: d.keepalive_s.to_string(),
            sync: FormSync::default(),
        }
    }
}

impl SessionForm {
    /// The command to send, if the form is valid.
    pub fn command(&self) -> Option<Command> {
        let keepalive_s = self.keepalive_s()?;
        Checked::new(MqttSession {
            clean: self.clean,
            keepalive_s,
        })
        .ok()
        .map(Command::MqttSessionSet)
    }

    /// The keep-alive as typed, if valid.
    pub fn keepalive_s(&self) -> Option<u16> {
        crate::at::value::parse_number(Field::Keepalive, &self.keepalive, 0, 7200)
            .ok()
            .and_then(|n| u16::try_from(n).ok())
    }

    /// Load a profile's session (marked as edited).
    pub fn load_profile(&mut self, m: &crate::profile::schema::MqttSection) {
        self.clean = m.clean_session;
        self.keepalive = m.keepalive_s.to_string();
        self.sync.edited = true;
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let module = ctx.module.mqtt_session;
        if self
            .sync
            .should_load(ctx.module.generation, ctx.jobs.latest(OWNER))
            && let Some(s) = module
        {
            self.clean = s.clean;
            self.keepalive = s.keepalive_s.to_string();
        }
        let r = ui.checkbox(
            &mut self.clean,
            ctx.tr("mqtt-session-clean-session-start-afresh-on-every"),
        );
        self.sync.touched(&r);
        current_value(
            ui,
            lang,
            module.map(|s| {
                if s.clean {
                    lang.tr("mqtt-session-clean-session")
                } else {
                    lang.tr("mqtt-session-persistent-session")
                }
            }),
        );
        self.sync.number_field(
            ui,
            lang,
            ctx.tr("mqtt-session-keepalive-seconds"),
            &mut self.keepalive,
            Field::Keepalive,
            0..=7200,
        );
        widgets::help(
            ui,
            ctx.tr("mqtt-session-0-to-7200-s-60-is-usual-0-turns-the"),
        );
        let ka = module.map(|s| crate::tr!(lang, "mqtt-session-keepalive-s", s = &s.keepalive_s));
        current_value(ui, lang, ka.as_deref());
        self.sync.undo_note(
            ui,
            lang,
            lang.tr("mqtt-session-undo-changes-to-the-session-settings"),
        );
        let command = self.command();
        let blocked = form::blocked(ctx, OWNER, command.is_some());
        let lines: Vec<String> = command
            .iter()
            .chain([&Command::MqttSessionQuery])
            .map(Command::display_line)
            .collect();
        widgets::preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
        if widgets::apply_button(
            ui,
            lang,
            ctx.tr("mqtt-session-apply-session-settings"),
            blocked,
        ) && let Some(c) = command
        {
            ctx.jobs.run(OWNER, vec![c, Command::MqttSessionQuery]);
            self.sync.applied();
        }
    }
}
