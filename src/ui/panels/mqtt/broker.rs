//! The broker: host, port, auto-reconnect (`AT+QMTCONNCFG`). Saving it makes the module connect.

use super::{Pending, Section};
use crate::at::mqtt::MqttBroker;
use crate::at::{Checked, Command, Field, Validate};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{self, FormSync};
use crate::ui::widgets::{self, current_value, text_field_hint};
use egui::Ui;

pub const OWNER: &str = "mqtt.broker";

/// The usual MQTT port without and with TLS.
pub const PLAIN_PORT: u16 = 1883;
pub const TLS_PORT: u16 = 8883;

/// The broker form.
pub struct BrokerForm {
    pub host: String,
    pub port: String,
    pub auto_reconnect: bool,
    pub(crate) sync: FormSync,
}

impl Default for BrokerForm {
    fn default() -> Self {
        let d = MqttBroker::default();
        Self {
            host: d.host,
            port: d.port.to_string(),
            auto_reconnect: d.auto_reconnect,
            sync: FormSync::default(),
        }
    }
}

impl BrokerForm {
    /// The settings as typed, if the port is a number.
    pub fn value(&self) -> Option<MqttBroker> {
        Some(MqttBroker {
            host: self.host.trim().to_string(),
            port: self.port()?,
            auto_reconnect: self.auto_reconnect,
        })
    }

    /// The port as typed, if it is one.
    fn port(&self) -> Option<u16> {
        crate::at::value::parse_number(Field::BrokerPort, &self.port, 0, 65535)
            .ok()
            .and_then(|n| u16::try_from(n).ok())
    }

    /// The command to send, if the form is valid.
    pub fn command(&self) -> Option<Command> {
        Checked::new(self.value()?).ok().map(Command::MqttBrokerSet)
    }

    /// Load a profile's broker (marked as edited).
    pub fn load_profile(&mut self, m: &crate::profile::schema::MqttSection) {
        self.host = m.host.clone();
        self.port = m.port.to_string();
        self.auto_reconnect = m.auto_reconnect;
        self.sync.edited = true;
    }

    /// The job "Save broker and connect" runs: the sections above with changes the module does
    /// not have yet (`pending`, in the manual's order), then the broker, then what they set read
    /// back. `Err` names what keeps it from being sent.
    pub fn connect_commands(
        &self,
        pending: &[Pending],
        lang: Lang,
    ) -> Result<Vec<Command>, Option<String>> {
        let mut v = Vec::new();
        for p in pending {
            match &p.command {
                Some(c) => v.push(c.clone()),
                None => return Err(Some(p.blocker(lang))),
            }
        }
        v.push(self.command().ok_or(None)?);
        v.extend(pending.iter().map(|p| p.section.query()));
        v.extend([Command::MqttBrokerQuery, Command::MqttState]);
        Ok(v)
    }

    /// `tls`: whether the TLS form has MQTTS on (for the port advice). `pending`: the sections
    /// above whose changes the module does not have yet; they are sent first. Returns the
    /// sections sent when the button started a job.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        ctx: &mut PanelCtx<'_>,
        tls: bool,
        pending: &[Pending],
    ) -> Option<Vec<Section>> {
        let lang = ctx.lang;
        let module = ctx.module.mqtt_broker.clone();
        if self
            .sync
            .should_load(ctx.module.generation, ctx.jobs.latest(OWNER))
            && let Some(Some(b)) = &module
        {
            self.host = b.host.clone();
            self.port = b.port.to_string();
            self.auto_reconnect = b.auto_reconnect;
        }
        widgets::help(ui, ctx.tr("mqtt-broker-saving-the-broker-makes-the-module"));
        let errors = self.value().map(|b| b.problems()).unwrap_or_default();
        let r = text_field_hint(
            ui,
            lang,
            Field::BrokerHost.label(lang),
            ctx.tr("mqtt-broker-your-broker-s-address-e-g-mqtt"),
            &mut self.host,
            &errors,
            Field::BrokerHost,
        );
        self.sync.touched(&r);
        let host_now = module.as_ref().map(|m| match m {
            Some(b) => b.host.clone(),
            None => lang.tr("mqtt-broker-not-set").to_string(),
        });
        current_value(ui, lang, host_now.as_deref());
        let port = self.sync.number_field(
            ui,
            lang,
            Field::BrokerPort.label(lang),
            &mut self.port,
            Field::BrokerPort,
            0..=65535,
        );
        match port.and_then(|n| u16::try_from(n).ok()) {
            Some(p) if tls && p != TLS_PORT => {
                ui.horizontal(|ui| {
                    form::warning(
                        ui,
                        &crate::tr!(lang, "mqtt-broker-tls-port", port = &TLS_PORT),
                    );
                    if ui.button(lang.tr("mqtt-broker-use-8883")).clicked() {
                        self.port = TLS_PORT.to_string();
                        self.sync.edited = true;
                    }
                });
            }
            Some(TLS_PORT) if !tls => {
                ui.horizontal(|ui| {
                    form::warning(
                        ui,
                        lang.tr("mqtt-broker-port-8883-is-normally-mqtt-over-tls"),
                    );
                    if ui.button(lang.tr("mqtt-broker-use-1883")).clicked() {
                        self.port = PLAIN_PORT.to_string();
                        self.sync.edited = true;
                    }
                });
            }
            _ => {}
        }
        let not_set = matches!(module, Some(None)).then(|| lang.tr("mqtt-broker-not-set"));
        let port_now = module
            .as_ref()
            .and_then(|m| m.as_ref().map(|b| b.port.to_string()));
        current_value(ui, lang, port_now.as_deref().or(not_set));
        let r = ui.checkbox(
            &mut self.auto_reconnect,
            ctx.tr("mqtt-broker-reconnect-automatically-when-the"),
        );
        self.sync.touched(&r);
        let rc_now = module.as_ref().and_then(|m| {
            m.as_ref().map(|b| {
                if b.auto_reconnect {
                    lang.tr("mqtt-broker-reconnects-automatically")
                } else {
                    lang.tr("mqtt-broker-does-not-reconnect")
                }
            })
        });
        current_value(ui, lang, rc_now.or(not_set));
        self.sync.undo_note(
            ui,
            lang,
            lang.tr("mqtt-broker-undo-changes-to-the-broker-settings"),
        );
        let commands = self.connect_commands(pending, lang);
        let blocked = match &commands {
            Err(Some(why)) => Some(why.clone()),
            _ => form::blocked(ctx, OWNER, commands.is_ok()),
        };
        if commands.is_ok() {
            let words = if pending.is_empty() {
                ctx.tr("mqtt-broker-nothing-above-is-waiting-to-be")
                    .to_string()
            } else {
                let titles: Vec<&str> = pending.iter().map(|p| p.section.title(lang)).collect();
                crate::tr!(
                    lang,
                    "mqtt-broker-sent-first",
                    sections = &crate::profile::text::list(lang, &titles)
                )
            };
            ui.label(words);
        }
        // While blocked, the broker's own lines (what would be sent once it is unblocked).
        let shown = match &commands {
            Ok(c) => c.clone(),
            Err(_) => self
                .command()
                .into_iter()
                .chain([Command::MqttBrokerQuery, Command::MqttState])
                .collect(),
        };
        let lines: Vec<String> = shown.iter().map(Command::display_line).collect();
        if form::apply_row(
            ui,
            ctx,
            OWNER,
            &lines,
            lang.tr("mqtt-broker-cancel"),
            lang.tr("mqtt-broker-save-broker-and-connect"),
            blocked,
        ) && let Ok(c) = commands
        {
            ctx.jobs.run(OWNER, c);
            self.sync.applied();
            return Some(pending.iter().map(|p| p.section).collect());
        }
        None
    }
}
