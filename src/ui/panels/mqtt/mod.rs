//! The MQTT panel (manual §6.6): connection state, client, session, TLS certificate, broker,
//! subscriptions and publishing, one form per job.
//!
//! The order on screen is the order of applying: client, session and certificate before the
//! broker, because saving the broker makes the module connect at once. So "Save broker and
//! connect" first sends the sections above whose changes the module does not have yet (and
//! refuses, naming the section, when one of them cannot be sent); "Apply all in order" sends
//! every form in that order in one job. "Connected" is only the module's own report: the
//! delivery proof (a later version) is what shows that messages arrive.
//!
//! Messages the module receives on its subscriptions are shown under "Received messages"
//! ([`MqttPanel::received`], also the hook for the PC → module half of a delivery proof).

pub mod broker;
pub mod cert_picker;
pub mod client;
pub mod proof;
pub mod proof_link;
pub mod publish;
pub mod qos;
pub mod session;
pub mod state;
pub mod subs;
pub mod tls;

use super::Panel;
use crate::at::Command;
use crate::at::recv::topic_matches;
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::log::clock::Clock;
use crate::ui::module_view::ModuleView;
use crate::ui::widgets::form;
use crate::ui::widgets::received::{self as inbox, Inbox};
use crate::ui::widgets::{self, section};
use crate::worker::{Event, Request, Step};

/// Owner of the panel's read job.
pub const READ_OWNER: &str = "mqtt.read";
/// Owner of "apply all in order".
pub const ALL_OWNER: &str = "mqtt.all";

/// The numbered sections, in the order the module needs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Client,
    Session,
    Tls,
    Broker,
}

impl Section {
    /// The section's title as the panel shows it.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Section::Client => lang.tr("mqtt-1-client"),
            Section::Session => lang.tr("mqtt-2-session"),
            Section::Tls => lang.tr("mqtt-3-tls-certificate"),
            Section::Broker => lang.tr("mqtt-4-broker"),
        }
    }

    /// The query that reads the section back.
    pub fn query(self) -> Command {
        match self {
            Section::Client => Command::MqttClientQuery,
            Section::Session => Command::MqttSessionQuery,
            Section::Tls => Command::MqttCertQuery,
            Section::Broker => Command::MqttBrokerQuery,
        }
    }
}

/// A section above the broker whose settings the module does not have yet.
#[derive(Clone, Debug)]
pub struct Pending {
    pub section: Section,
    /// What would send it; `None` when the form cannot be sent as it is.
    pub command: Option<Command>,
    /// No client ID to send: the form has none and the module has none (or was not read).
    no_client_id: bool,
}

impl Pending {
    /// Why the broker cannot be saved while this section is pending, naming the section.
    pub fn blocker(&self, lang: Lang) -> String {
        if self.no_client_id {
            return lang
                .tr("mqtt-the-module-has-no-client-id-yet-fill")
                .to_string();
        }
        crate::tr!(
            lang,
            "mqtt-has-changes-that-cannot-be-sent-fix",
            lang = &self.section.title(lang)
        )
    }
}

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
    /// What the module received on its subscriptions (the last 500).
    pub received: Inbox,
    clock: Clock,
    all_pending: bool,
    /// The sections "Save broker and connect" sent first, until its job ends.
    connect_with: Option<Vec<Section>>,
    /// That job has not ended yet.
    connect_running: bool,
}

/// Whether the module reports a client ID (`+QMTCFG:NOT SET` decodes as a client named so; a
/// module with nothing set may also answer an empty one).
fn module_has_client(module: &ModuleView) -> Option<bool> {
    module.mqtt_client.as_ref().map(|c| {
        let id = c.client_id.trim();
        let not_set = id.eq_ignore_ascii_case("NOT SET") && c.username.is_empty();
        !id.is_empty() && !not_set
    })
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

    /// The sections above the broker whose settings the module does not have yet, in the
    /// manual's order: changed here and not applied; and the client when the module has none
    /// (or it was not read), since a connection without a client ID is not what anyone wants.
    pub fn pending(&self, module: &ModuleView) -> Vec<Pending> {
        let mut v = Vec::new();
        let has_client = module_has_client(module);
        if self.client.sync.edited || has_client != Some(true) {
            let command = self.client.command();
            v.push(Pending {
                section: Section::Client,
                // Also when the module was not read: the form has no ID to send either way.
                no_client_id: command.is_none()
                    && has_client != Some(true)
                    && self.client.client_id.trim().is_empty(),
                command,
            });
        }
        if self.session.sync.edited {
            v.push(Pending {
                section: Section::Session,
                command: self.session.command(),
                no_client_id: false,
            });
        }
        if self.tls.sync.edited {
            v.push(Pending {
                section: Section::Tls,
                command: self.tls.command(),
                no_client_id: false,
            });
        }
        v
    }

    /// After "Save broker and connect": each section it sent, in order, with ✓ or × and the
    /// error; the certificate as its file name, size and fingerprint.
    fn connect_summary(&self, ui: &mut egui::Ui, ctx: &PanelCtx<'_>, sent: &[Section]) {
        let lang = ctx.lang;
        let Some(job) = ctx.jobs.latest(broker::OWNER) else {
            return;
        };
        ui.label(egui::RichText::new(ctx.tr("mqtt-applied-in-order")).strong());
        let steps = sent.iter().copied().chain([Section::Broker]);
        for (i, section) in steps.enumerate() {
            let outcome = job.outcomes.get(i).and_then(Option::as_ref);
            let title = section.title(lang);
            let file = self
                .tls
                .picker
                .file
                .as_ref()
                .filter(|_| section == Section::Tls);
            let text = match file {
                None => title.to_string(),
                Some(f) => match crate::cert::fingerprint::sha256_fingerprint(f.bytes()) {
                    Some(fp) => crate::tr!(
                        lang,
                        "mqtt-section-with-file-fp",
                        section = &title,
                        name = &f.name,
                        size = &f.size(),
                        fp = &crate::cert::fingerprint::short(&fp)
                    ),
                    None => crate::tr!(
                        lang,
                        "mqtt-section-with-file",
                        section = &title,
                        name = &f.name,
                        size = &f.size()
                    ),
                },
            };
            match outcome.map(|o| &o.result) {
                Some(Ok(_)) => form::check_line(ui, Some(true), &text),
                Some(Err(e)) => {
                    let error = e.message(lang);
                    let words = crate::tr!(lang, "mqtt-step-failed", step = &text, error = &error);
                    form::check_line(ui, Some(false), &words)
                }
                None if job.done => {
                    let words = crate::tr!(lang, "mqtt-step-not-sent", step = &text);
                    form::check_line(ui, None, &words)
                }
                None => form::check_line(ui, None, &text),
            }
        }
    }

    fn received_ui(&mut self, ui: &mut egui::Ui, ctx: &PanelCtx<'_>) {
        let subs = ctx.module.subscriptions.clone().unwrap_or_default();
        let qos = move |m: &inbox::Message| {
            subs.iter()
                .find(|s| topic_matches(&s.topic, &m.channel))
                .map(|s| format!("QoS {}", s.qos))
        };
        widgets::help(ui, ctx.tr("mqtt-what-the-module-printed-for-messages"));
        inbox::ui(
            ui,
            ctx.lang,
            "mqtt",
            &mut self.received,
            &RECEIVED_WORDS,
            Some(("QoS", &qos)),
            &self.clock,
        );
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
        widgets::help(ui, ctx.tr("mqtt-sends-the-client-session-certificate"));
        let commands = self.all_commands();
        let lines: Vec<String> = commands
            .iter()
            .flatten()
            .map(Command::display_line)
            .collect();
        let blocked = form::blocked(ctx, ALL_OWNER, commands.is_some());
        if form::apply_row(
            ui,
            ctx,
            ALL_OWNER,
            &lines,
            lang.tr("mqtt-cancel"),
            lang.tr("mqtt-apply-all-in-order-and-connect"),
            blocked,
        ) && let Some(c) = commands
        {
            ctx.jobs.run(ALL_OWNER, c);
            self.all_pending = true;
        }
    }
}

/// How the MQTT panel words its received messages.
const RECEIVED_WORDS: inbox::Words = inbox::Words {
    channel: "mqtt-topic",
    show_channel: |_, topic| topic.to_string(),
    filter: "mqtt-filter-received-messages",
    filter_hint: "mqtt-words-in-topic-or-message",
    empty: "mqtt-nothing-received-yet-messages-on-the",
    copy: "mqtt-copy-shown-messages",
    clear: "mqtt-clear-received-messages",
    hex: "mqtt-show-as-hex",
    pick: "mqtt-show-topic",
};

impl MqttPanel {
    /// A message the module printed on one of its subscriptions (found once for all panels by
    /// the app's [`Feed`](crate::ui::widgets::received::Feed)).
    pub fn on_message(&mut self, at: std::time::SystemTime, topic: String, payload: Vec<u8>) {
        self.received.push(at, topic, payload);
    }
}

impl Panel for MqttPanel {
    fn on_event(&mut self, e: &Event) -> Vec<Request> {
        self.proof.on_event(e);
        Vec::new()
    }

    fn tick(
        &mut self,
        _now: std::time::Instant,
        _egui: &egui::Context,
    ) -> (Vec<Request>, Option<std::time::Instant>) {
        self.proof.tick()
    }

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
        if crate::ui::widgets::form::read_row(ui, ctx, READ_OWNER) {
            self.refresh(ctx);
        }
        section(ui, ctx.tr("mqtt-connection"), |ui| {
            self.state.ui(ui, ctx);
        });
        ui.add_space(6.0);
        section(ui, ctx.tr("mqtt-delivery-proof-from-this-computer"), |ui| {
            let inputs = proof::Inputs {
                module: ctx.module,
                username: &self.client.username,
                password: &self.client.password,
                ca: self.tls.picker.upload_bytes(),
            };
            self.proof.ui(ui, ctx, &inputs);
        });
        ui.add_space(6.0);
        let lang = ctx.lang;
        section(ui, Section::Client.title(lang), |ui| {
            self.client.ui(ui, ctx);
        });
        ui.add_space(6.0);
        section(ui, Section::Session.title(lang), |ui| {
            self.session.ui(ui, ctx);
        });
        ui.add_space(6.0);
        section(ui, Section::Tls.title(lang), |ui| {
            self.tls.ui(ui, ctx);
        });
        ui.add_space(6.0);
        let tls_on = self.tls.tls;
        let pending = self.pending(ctx.module);
        section(ui, Section::Broker.title(lang), |ui| {
            if let Some(sent) = self.broker.ui(ui, ctx, tls_on, &pending) {
                self.connect_with = Some(sent);
                self.connect_running = true;
            }
            if let Some(sent) = self.connect_with.clone() {
                self.connect_summary(ui, ctx, &sent);
                if self.connect_running
                    && let Some(j) = ctx.jobs.latest(broker::OWNER)
                    && j.done
                {
                    self.connect_running = false;
                    if j.ok {
                        // The module has them now: those forms follow it again.
                        for s in sent {
                            match s {
                                Section::Client => self.client.sync.revert(),
                                Section::Session => self.session.sync.revert(),
                                Section::Tls => self.tls.sync.revert(),
                                Section::Broker => {}
                            }
                        }
                    }
                }
            }
            ui.separator();
            self.apply_all_ui(ui, ctx);
        });
        ui.add_space(6.0);
        section(ui, ctx.tr("mqtt-subscriptions"), |ui| {
            self.subs.ui(ui, ctx);
        });
        ui.add_space(6.0);
        section(ui, ctx.tr("mqtt-publish"), |ui| {
            self.publish.ui(ui, ctx);
        });
        ui.add_space(6.0);
        section(ui, ctx.tr("mqtt-received-messages"), |ui| {
            self.received_ui(ui, ctx);
        });
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
