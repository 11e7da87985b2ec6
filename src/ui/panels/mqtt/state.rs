//! The connection state (`AT+QMTSTATU`), with a refresh, and disconnecting (`AT+QMTDISC`) behind
//! a confirmation: after it the module does not reconnect on its own (manual §4.2.2).

use super::kit;
use crate::at::Command;
use crate::at::mqtt::MqttState;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets;
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
            let l = ui.label(RichText::new(ctx.t("MQTT connection:", "MQTT 连接状态：")).strong());
            let (text, color) = match state {
                Some(MqttState::Connected) => (MqttState::Connected.words(lang), kit::ok_color()),
                Some(MqttState::Connecting) => {
                    (MqttState::Connecting.words(lang), kit::warn_color())
                }
                Some(MqttState::Disconnected) => (
                    MqttState::Disconnected.words(lang),
                    ui.visuals().weak_text_color(),
                ),
                None => (
                    lang.pick("not read yet", "尚未读取"),
                    ui.visuals().weak_text_color(),
                ),
            };
            ui.label(RichText::new(format!("● {text}")).color(color).strong())
                .labelled_by(l.id);
            let idle = ctx.connected() && !ctx.module.data_mode;
            if ui
                .add_enabled(
                    idle && !ctx.jobs.busy(OWNER),
                    egui::Button::new(lang.pick("Refresh state", "刷新状态")),
                )
                .clicked()
            {
                ctx.jobs.run(OWNER, vec![Command::MqttState]);
            }
            if ui
                .add_enabled(
                    idle && !ctx.jobs.busy(DISCONNECT_OWNER),
                    egui::Button::new(lang.pick("Disconnect from broker…", "断开 MQTT 连接…")),
                )
                .clicked()
            {
                self.confirm_disconnect = true;
            }
        });
        if state == Some(MqttState::Connected) {
            widgets::help(
                ui,
                ctx.t(
                    "This is the module's own report. Whether messages really reach the broker and come back is what the delivery proof below shows.",
                    "这是模块自己报告的状态。消息是否真正到达服务器并返回，请看下方的送达证明。",
                ),
            );
        }
        if state == Some(MqttState::Disconnected) {
            widgets::help(
                ui,
                ctx.t(
                    "Not connected: saving the broker below connects. If it fails, check the host, port, user name and password, and the certificate for TLS.",
                    "未连接：在下方保存服务器即会连接。若连接失败，请检查服务器地址、端口、用户名、密码以及 TLS 证书。",
                ),
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
        let m = egui::Modal::new(egui::Id::unique("mqtt-disconnect-confirm")).show(ui.ctx(), |ui| {
            ui.set_max_width(420.0);
            ui.heading(lang.pick("Disconnect from the broker?", "断开 MQTT 连接？"));
            ui.add_space(6.0);
            ui.label(lang.pick(
                "The module closes its MQTT connection (AT+QMTDISC). It will not reconnect by itself afterwards, even with auto-reconnect on: to connect again, save the broker settings again or restart the module.",
                "模块将断开 MQTT 连接（AT+QMTDISC）。断开后模块不会自动回连（即使开启了自动重连）：如需重新连接，请重新保存服务器设置或重启模块。",
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button(lang.pick("Yes, disconnect", "确认断开")).clicked() {
                    confirmed = true;
                }
                if ui.button(lang.pick("Keep connected", "保持连接")).clicked() {
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
