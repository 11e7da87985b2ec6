//! The client identity: client ID, user name, password, last will (`AT+QMTCFG`).

use crate::at::mqtt::{MqttClient, Will};
use crate::at::{Checked, Command, Field, Validate, ValidationError};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{self, FormSync};
use crate::ui::widgets::{self, current_value, text_field, text_field_masked};
use egui::Ui;

pub const OWNER: &str = "mqtt.client";

/// The client form. The password lives only here while the app runs: it is never saved in the
/// settings.
#[derive(Default)]
pub struct ClientForm {
    pub client_id: String,
    pub username: String,
    pub password: String,
    show_password: bool,
    pub will_on: bool,
    pub will_qos: u8,
    pub will_retain: bool,
    pub will_topic: String,
    pub will_message: String,
    pub(crate) sync: FormSync,
}

impl ClientForm {
    /// The settings as typed.
    pub fn value(&self) -> MqttClient {
        MqttClient {
            client_id: self.client_id.trim().to_string(),
            username: self.username.clone(),
            password: self.password.clone(),
            will: self.will_on.then(|| Will {
                qos: self.will_qos,
                retain: self.will_retain,
                topic: self.will_topic.clone(),
                message: self.will_message.clone(),
            }),
        }
    }

    /// Everything wrong with the form, by field.
    pub fn problems(&self) -> Vec<ValidationError> {
        self.value().problems()
    }

    /// The command to send, if the form is valid.
    pub fn command(&self) -> Option<Command> {
        Checked::new(self.value()).ok().map(Command::MqttClientSet)
    }

    fn load(&mut self, c: &MqttClient) {
        self.client_id = c.client_id.clone();
        self.username = c.username.clone();
        self.password = c.password.clone();
        self.will_on = c.will.is_some();
        if let Some(w) = &c.will {
            self.will_qos = w.qos;
            self.will_retain = w.retain;
            self.will_topic = w.topic.clone();
            self.will_message = w.message.clone();
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        // `+QMTCFG:NOT SET` (nothing configured yet) decodes as a client called "NOT SET".
        // A module with nothing set may also answer an empty client ID.
        let module = ctx.module.mqtt_client.clone().filter(|c| {
            let id = c.client_id.trim();
            let not_set = id.eq_ignore_ascii_case("NOT SET") && c.username.is_empty();
            !id.is_empty() && !not_set
        });
        if self
            .sync
            .should_load(ctx.module.generation, ctx.jobs.latest(OWNER))
            && let Some(c) = &module
        {
            self.load(c);
        }
        widgets::help(
            ui,
            ctx.tr("mqtt-client-how-the-module-introduces-itself-to"),
        );
        let errors = self.problems();
        let r = text_field(
            ui,
            lang,
            Field::ClientId.label(lang),
            &mut self.client_id,
            &errors,
            Field::ClientId,
        );
        self.sync.touched(&r);
        let not_set = ctx.module.mqtt_client.is_some() && module.is_none();
        let not_set_text = not_set.then(|| lang.tr("mqtt-client-not-set"));
        current_value(
            ui,
            lang,
            if not_set {
                Some(lang.tr("mqtt-client-not-set"))
            } else {
                module.as_ref().map(|c| c.client_id.as_str())
            },
        );
        let r = text_field(
            ui,
            lang,
            Field::Username.label(lang),
            &mut self.username,
            &errors,
            Field::Username,
        );
        self.sync.touched(&r);
        let user_now = module.as_ref().map(|c| {
            if c.username.is_empty() {
                lang.tr("mqtt-client-none")
            } else {
                c.username.as_str()
            }
        });
        current_value(ui, lang, user_now.or(not_set_text));
        let r = text_field_masked(
            ui,
            lang,
            Field::Password.label(lang),
            &mut self.password,
            &mut self.show_password,
            &errors,
            Field::Password,
        );
        self.sync.touched(&r);
        let pw = module.as_ref().map(|c| password_words(lang, &c.password));
        current_value(ui, lang, pw.as_deref().or(not_set_text));

        let r = ui.checkbox(
            &mut self.will_on,
            ctx.tr("mqtt-client-set-a-last-will-published-by-the"),
        );
        self.sync.touched(&r);
        if self.will_on {
            ui.indent("will", |ui| {
                let r = text_field(
                    ui,
                    lang,
                    Field::WillTopic.label(lang),
                    &mut self.will_topic,
                    &errors,
                    Field::WillTopic,
                );
                self.sync.touched(&r);
                let r = text_field(
                    ui,
                    lang,
                    Field::WillMessage.label(lang),
                    &mut self.will_message,
                    &errors,
                    Field::WillMessage,
                );
                self.sync.touched(&r);
                let r = super::qos::qos_choice(
                    ui,
                    lang,
                    Field::WillQos.label(lang),
                    "will",
                    &mut self.will_qos,
                );
                self.sync.touched(&r);
                let r = ui.checkbox(
                    &mut self.will_retain,
                    lang.tr("mqtt-client-retain-the-last-will"),
                );
                self.sync.touched(&r);
            });
        }
        let will_words = module.as_ref().map(|c| match &c.will {
            None => lang.tr("mqtt-client-no-last-will").to_string(),
            Some(w) => crate::tr!(
                lang,
                "mqtt-client-will",
                topic = &w.topic,
                message = &w.message,
                qos = &w.qos,
                retain = &if w.retain { "yes" } else { "no" }
            ),
        });
        current_value(ui, lang, will_words.as_deref().or(not_set_text));

        self.sync.undo_note(
            ui,
            lang,
            lang.tr("mqtt-client-undo-changes-to-the-client-settings"),
        );
        let command = self.command();
        let blocked = form::blocked(ctx, OWNER, command.is_some());
        let lines = self.lines();
        widgets::preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
        if widgets::apply_button(
            ui,
            lang,
            ctx.tr("mqtt-client-apply-client-settings"),
            blocked,
        ) && let Some(c) = command
        {
            ctx.jobs.run(OWNER, vec![c, Command::MqttClientQuery]);
            self.sync.applied();
        }
    }

    /// The lines the apply button sends (secrets redacted).
    pub fn lines(&self) -> Vec<String> {
        self.command()
            .into_iter()
            .chain([Command::MqttClientQuery])
            .map(|c| c.display_line())
            .collect()
    }
}

/// "set (6 characters)" / "none": the password itself is never shown as a current value.
fn password_words(lang: crate::i18n::Lang, p: &str) -> String {
    if p.is_empty() {
        lang.tr("mqtt-client-none").into()
    } else {
        crate::tr!(lang, "mqtt-client-set-characters", p = &p.chars().count())
    }
}
