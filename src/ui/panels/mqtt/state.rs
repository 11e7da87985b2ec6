//! The connection state (`AT+QMTSTATU`), with a refresh, and disconnecting (`AT+QMTDISC`) behind
//! a confirmation: after it the module does not reconnect on its own (manual §4.2.2).

use crate::at::Command;
use crate::at::mqtt::MqttState;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets;
use crate::ui::widgets::form;
use egui::{RichText, Ui};

pub const OWNER: &str = "mqtt.state";
pub const DISCONNECT_OWNER: &str = "mqtt.disconnect";

/// The state line's own state: whether the disconnect confirmation is open.
#[derive(Default)]
pub struct StateView {
    pub confirm_disconnect: bool,
}

impl StateView {
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let state = ctx.module.mqtt_state;
        ui.horizontal(|ui| {
            let l = ui.label(RichText::new(ctx.tr("mqtt-state-mqtt-connection")).strong());
            let (text, color) = match state {
                Some(MqttState::Connected) => {
                    (MqttState::Connected.words(lang), form::palette::GREEN)
                }
                Some(MqttState::Connecting) => {
                    (MqttState::Connecting.words(lang), form::palette::AMBER)
                }
                Some(MqttState::Disconnected) => (
                    MqttState::Disconnected.words(lang),
                    ui.visuals().weak_text_color(),
                ),
                None => (
                    lang.tr("mqtt-state-not-read-yet"),
                    ui.visuals().weak_text_color(),
                ),
            };
            ui.label(RichText::new(format!("● {text}")).color(color).strong())
                .labelled_by(l.id);
            let idle = ctx.connected() && !ctx.module.data_mode;
            if ui
                .add_enabled(
                    idle && !ctx.jobs.busy(OWNER),
                    egui::Button::new(lang.tr("mqtt-state-refresh-state")),
                )
                .clicked()
            {
                ctx.jobs.run(OWNER, vec![Command::MqttState]);
            }
            if ui
                .add_enabled(
                    idle && !ctx.jobs.busy(DISCONNECT_OWNER),
                    egui::Button::new(lang.tr("mqtt-state-disconnect-from-broker")),
                )
                .clicked()
            {
                self.confirm_disconnect = true;
            }
        });
        if state == Some(MqttState::Connected) {
            widgets::help(ui, ctx.tr("mqtt-state-this-is-the-module-s-own-report"));
        }
        if state == Some(MqttState::Disconnected) {
            widgets::help(
                ui,
                ctx.tr("mqtt-state-not-connected-saving-the-broker-below"),
            );
        }
        if let Some(job) = ctx.jobs.latest(DISCONNECT_OWNER) {
            widgets::preview::job_result(ui, lang, job);
        }
        if self.confirm_disconnect {
            self.modal(ui, ctx);
        }
    }

    fn modal(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let mut confirmed = false;
        let mut cancelled = false;
        let m =
            egui::Modal::new(egui::Id::unique("mqtt-disconnect-confirm")).show(ui.ctx(), |ui| {
                ui.set_max_width(420.0);
                ui.heading(lang.tr("mqtt-state-disconnect-from-the-broker"));
                ui.add_space(6.0);
                ui.label(lang.tr("mqtt-state-the-module-closes-its-mqtt-connection"));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button(lang.tr("mqtt-state-yes-disconnect")).clicked() {
                        confirmed = true;
                    }
                    if ui.button(lang.tr("mqtt-state-keep-connected")).clicked() {
                        cancelled = true;
                    }
                });
            });
        if confirmed {
            ctx.jobs.run(
                DISCONNECT_OWNER,
                vec![Command::MqttDisconnect, Command::MqttState],
            );
        }
        if confirmed || cancelled || m.should_close() {
            self.confirm_disconnect = false;
        }
    }
}
