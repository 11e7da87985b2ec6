//! The MQTT panel (manual §6.6): connection state, client, session, TLS certificate, broker,
//! subscriptions and publishing, one form per job.
//!
//! The order on screen is the order of applying: client, session and certificate before the
//! broker, because saving the broker makes the module connect at once. "Apply all in order"
//! sends every form in that order in one job.

pub mod broker;
pub mod cert_picker;
pub mod client;
pub mod kit;
pub mod proof;
pub mod proof_link;
pub mod publish;
pub mod session;
pub mod state;
pub mod subs;
pub mod tls;

use super::Panel;
use crate::at::Command;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::{self, section};
use crate::worker::Step;

/// Owner of the panel's read job.
pub const READ_OWNER: &str = "mqtt.read";
/// Owner of "apply all in order".
pub const ALL_OWNER: &str = "mqtt.all";

/// The MQTT panel's state.
#[derive(Default)]
pub struct MqttPanel {
    pub state: state::StateView,
    pub client: client::ClientForm,
    pub session: session::SessionForm,
    pub tls: tls::TlsForm,
    pub broker: broker::BrokerForm,
    pub subs: subs::SubsForm,
    pub publish: publish::PublishForm,
    pub proof: proof::ProofSection,
    all_pending: bool,
}

impl MqttPanel {
    /// The panel's queries, in the order the forms show them.
    pub fn read_commands() -> Vec<Command> {
        vec![
            Command::MqttState,
            Command::MqttClientQuery,
            Command::MqttSessionQuery,
            Command::MqttCertQuery,
            Command::MqttBrokerQuery,
            Command::MqttSubQuery,
        ]
    }

    /// Every form's command in the order the module needs them (certificate before broker),
    /// then the queries that read the result back. `None` if a form is invalid.
    pub fn all_commands(&self) -> Option<Vec<Command>> {
        let mut v = vec![self.client.command()?, self.session.command()?];
        if self.tls.wants_apply() {
            v.push(self.tls.command()?);
        }
        v.push(self.broker.command()?);
        v.extend([
            Command::MqttClientQuery,
            Command::MqttSessionQuery,
            Command::MqttCertQuery,
            Command::MqttBrokerQuery,
            Command::MqttState,
        ]);
        Some(v)
    }

    fn apply_all_ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        if self.all_pending
            && let Some(j) = ctx.jobs.latest(ALL_OWNER)
            && j.done
        {
            self.all_pending = false;
            if j.ok {
                self.client.sync.revert();
                self.session.sync.revert();
                self.tls.sync.revert();
                self.broker.sync.revert();
            }
        }
        widgets::help(
            ui,
            ctx.t(
                "Sends the client, session, certificate (if one is chosen) and broker settings above, in that order, then reads them back.",
                "按顺序发送上方的客户端参数、会话参数、证书（如已选择）和服务器设置，然后读回。",
            ),
        );
        let commands = self.all_commands();
        let lines: Vec<String> = commands
            .iter()
            .flatten()
            .map(Command::display_line)
            .collect();
        let blocked = kit::blocked(ctx, ALL_OWNER, commands.is_some());
        widgets::preview(ui, lang, ALL_OWNER, &lines, ctx.jobs.latest(ALL_OWNER));
        if let Some(job) = ctx.jobs.latest(ALL_OWNER)
            && kit::progress(ui, lang, job, ctx.t("Cancel", "取消"))
        {
            ctx.jobs.cancel(ALL_OWNER);
        }
        if widgets::apply_button(
            ui,
            lang,
            ctx.t("Apply all in order and connect", "按顺序全部应用并连接"),
            blocked,
        ) && let Some(c) = commands
        {
            ctx.jobs.run(ALL_OWNER, c);
            self.all_pending = true;
        }
    }
}

impl Panel for MqttPanel {
    fn fill_profile(&self, p: &mut crate::profile::Profile) {
        use crate::profile::schema::{MqttSection, SubscriptionSection, WillSection};
        let c = &self.client;
        if c.client_id.trim().is_empty() && self.broker.host.trim().is_empty() {
            return;
        }
        let b = self.broker.value();
        p.mqtt = Some(MqttSection {
            client_id: c.client_id.trim().to_string(),
            username: c.username.clone(),
            password: Some(c.password.clone()).filter(|s| !s.is_empty()),
            host: self.broker.host.trim().to_string(),
            port: b.as_ref().map_or(1883, |b| b.port),
            auto_reconnect: self.broker.auto_reconnect,
            clean_session: self.session.clean,
            keepalive_s: self.session.keepalive_s().unwrap_or(60),
            tls: self.tls.profile_tls(),
            ca_cert: self.tls.profile_cert(),
            will: c.will_on.then(|| WillSection {
                qos: c.will_qos,
                retain: c.will_retain,
                topic: c.will_topic.clone(),
                message: c.will_message.clone(),
            }),
            subscriptions: self
                .subs
                .list
                .iter()
                .map(|s| SubscriptionSection {
                    topic: s.topic.clone(),
                    qos: s.qos,
                })
                .collect(),
        });
    }

    fn load_profile(&mut self, p: &crate::profile::Profile) {
        let Some(m) = &p.mqtt else { return };
        let c = &mut self.client;
        c.client_id = m.client_id.clone();
        c.username = m.username.clone();
        c.password = m.password.clone().unwrap_or_default();
        c.will_on = m.will.is_some();
        if let Some(w) = &m.will {
            c.will_qos = w.qos;
            c.will_retain = w.retain;
            c.will_topic = w.topic.clone();
            c.will_message = w.message.clone();
        }
        c.sync.edited = true;
        self.session.load_profile(m);
        self.broker.load_profile(m);
        if let Some(path) = &m.ca_cert {
            self.tls.load_profile(std::path::Path::new(path));
        } else if let Some(tls) = m.tls {
            self.tls.load_profile_mode(tls);
        }
        self.subs.load_profile(m);
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        ui.horizontal(|ui| {
            let can = ctx.connected() && !ctx.module.data_mode && !ctx.jobs.busy(READ_OWNER);
            if ui
                .add_enabled(
                    can,
                    egui::Button::new(ctx.t("Read from module", "从模块读取")),
                )
                .clicked()
            {
                self.refresh(ctx);
            }
            if ctx.jobs.busy(READ_OWNER) {
                ui.spinner();
            }
        });
        section(ui, ctx.t("Connection", "连接状态"), |ui| {
            self.state.ui(ui, ctx);
        });
        ui.add_space(6.0);
        section(ui, ctx.t("1. Client", "1. 客户端参数"), |ui| {
            self.client.ui(ui, ctx);
        });
        ui.add_space(6.0);
        section(ui, ctx.t("2. Session", "2. 会话与心跳"), |ui| {
            self.session.ui(ui, ctx);
        });
        ui.add_space(6.0);
        section(ui, ctx.t("3. TLS certificate", "3. TLS 证书"), |ui| {
            self.tls.ui(ui, ctx);
        });
        ui.add_space(6.0);
        let tls_on = self.tls.tls;
        section(ui, ctx.t("4. Broker", "4. 服务器"), |ui| {
            self.broker.ui(ui, ctx, tls_on);
            ui.separator();
            self.apply_all_ui(ui, ctx);
        });
        ui.add_space(6.0);
        section(ui, ctx.t("Subscriptions", "订阅列表"), |ui| {
            self.subs.ui(ui, ctx);
        });
        ui.add_space(6.0);
        section(ui, ctx.t("Publish", "发布消息"), |ui| {
            self.publish.ui(ui, ctx);
        });
        ui.add_space(6.0);
        section(
            ui,
            ctx.t(
                "Prove delivery (from this computer)",
                "验证数据送达（由本机检查）",
            ),
            |ui| {
                let inputs = proof::Inputs {
                    module: ctx.module,
                    username: &self.client.username,
                    password: &self.client.password,
                    ca: self.tls.picker.upload_bytes(),
                };
                self.proof.ui(ui, ctx, &inputs);
            },
        );
    }

    fn on_event(&mut self, e: &crate::worker::Event) -> Vec<crate::worker::Request> {
        self.proof.on_event(e);
        Vec::new()
    }

    fn tick(
        &mut self,
        _now: std::time::Instant,
        _egui: &egui::Context,
    ) -> (Vec<crate::worker::Request>, Option<std::time::Instant>) {
        self.proof.tick()
    }

    fn refresh(&mut self, ctx: &mut PanelCtx<'_>) {
        // Each query stands alone: a module with no broker set still answers the others.
        ctx.jobs.run_steps(
            READ_OWNER,
            Self::read_commands().into_iter().map(Step::from).collect(),
            false,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    fn profile(extra: &str) -> Profile {
        toml::from_str(&format!(
            "[mqtt]\nclient_id = \"a\"\nhost = \"broker.example.com\"\n{extra}"
        ))
        .unwrap()
    }

    /// The `tls` key in and out of the forms: TLS without a server check survives a round
    /// trip; plain MQTT loads as plain and, being the form's default, writes no key.
    #[test]
    fn the_tls_key_round_trips_through_the_forms() {
        let mut panel = MqttPanel::default();
        panel.load_profile(&profile("tls = true"));
        assert!(panel.tls.tls && !panel.tls.verify);
        let mut out = Profile::default();
        panel.fill_profile(&mut out);
        let m = out.mqtt.unwrap();
        assert_eq!((m.tls, m.ca_cert), (Some(true), None));

        panel.load_profile(&profile("tls = false"));
        assert!(!panel.tls.tls);
        let mut out = Profile::default();
        panel.fill_profile(&mut out);
        assert_eq!(out.mqtt.unwrap().tls, None);
    }
}
