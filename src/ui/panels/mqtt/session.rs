//! The session: clean or persistent, and the keepalive (`AT+QMTSTART`).

use super::kit::{self, FormSync};
use crate::at::mqtt::MqttSession;
use crate::at::{Checked, Command, Field};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::{self, current_value, number_field};
use egui::Ui;

pub const OWNER: &str = "mqtt.session";

/// The session form.
pub struct SessionForm {
    pub clean: bool,
    pub keepalive: String,
    keepalive_ok: Option<u16>,
    pub sync: FormSync,
}

impl Default for SessionForm {
    fn default() -> Self {
        let d = MqttSession::default();
        Self {
            clean: d.clean,
            keepalive: d.keepalive_s.to_string(),
            keepalive_ok: Some(d.keepalive_s),
            sync: FormSync::default(),
        }
    }
}

impl SessionForm {
    /// The command to send, if the form is valid.
    pub fn command(&self) -> Option<Command> {
        let keepalive_s = self.keepalive_ok?;
        Checked::new(MqttSession {
            clean: self.clean,
            keepalive_s,
        })
        .ok()
        .map(Command::MqttSessionSet)
    }

    /// The keep-alive as typed, if valid.
    pub fn keepalive_s(&self) -> Option<u16> {
        self.keepalive_ok
    }

    /// Load a profile's session (marked as edited).
    pub fn load_profile(&mut self, m: &crate::profile::schema::MqttSection) {
        self.clean = m.clean_session;
        self.keepalive = m.keepalive_s.to_string();
        self.parse();
        self.sync.edited = true;
    }

    fn parse(&mut self) {
        self.keepalive_ok =
            crate::at::value::parse_number(Field::Keepalive, &self.keepalive, 0, 7200)
                .ok()
                .and_then(|n| u16::try_from(n).ok());
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
            ctx.t(
                "Clean session: start afresh on every connection (unticked: persistent session)",
                "临时会话模式：每次连接都重新开始（不勾选：持久会话模式）",
            ),
        );
        self.sync.touched(&r);
        current_value(
            ui,
            lang,
            module.map(|s| {
                if s.clean {
                    lang.pick("clean session", "临时会话模式")
                } else {
                    lang.pick("persistent session", "持久会话模式")
                }
            }),
        );
        let before = self.keepalive.clone();
        let mut n = 0;
        number_field(
            ui,
            lang,
            ctx.t("Keepalive (seconds)", "心跳间隔（秒）"),
            &mut self.keepalive,
            Field::Keepalive,
            0,
            7200,
            &mut n,
        );
        if before != self.keepalive {
            self.sync.edited = true;
        }
        self.parse();
        widgets::help(
            ui,
            ctx.t(
                "0 to 7200 s; 60 is usual. 0 turns the keepalive off.",
                "范围 0–7200 秒，常用 60 秒；0 表示关闭心跳。",
            ),
        );
        let ka = module.map(|s| format!("{} {}", s.keepalive_s, lang.pick("s", "秒")));
        current_value(ui, lang, ka.as_deref());
        if kit::edited_note(
            ui,
            lang,
            &self.sync,
            lang.pick("Undo changes to the session settings", "撤销会话参数的修改"),
        ) {
            self.sync.revert();
        }
        let command = self.command();
        let blocked = kit::blocked(ctx, OWNER, command.is_some());
        let lines: Vec<String> = command
            .iter()
            .chain([&Command::MqttSessionQuery])
            .map(Command::display_line)
            .collect();
        widgets::preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
        if widgets::apply_button(
            ui,
            lang,
            ctx.t("Apply session settings", "应用会话参数"),
            blocked,
        ) && let Some(c) = command
        {
            ctx.jobs.run(OWNER, vec![c, Command::MqttSessionQuery]);
            self.sync.applied();
        }
    }
}
