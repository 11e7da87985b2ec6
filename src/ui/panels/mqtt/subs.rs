//! Subscriptions: the form's list of topics, the module's list (`AT+QMTSUB?`), subscribing
//! (`AT+QMTSUB`) and unsubscribing (`AT+QMTUNSUB`). The module holds at most 50.
//!
//! The form's list is what a profile saves and loads. It follows the module's list until the
//! user changes it (adds a topic to it, removes one, or loads a profile); then each row says
//! whether the module has it yet, and "Subscribe to the listed topics" sends what is missing.

use crate::at::mqtt::{MAX_SUBSCRIPTIONS, MqttState, Subscription, TopicRef};
use crate::at::{Checked, Command, Field, Validate, ValidationError};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{self, FormSync, then_read};
use crate::ui::widgets::{self, error_text, text_field};
use egui::{RichText, Ui};

pub const OWNER: &str = "mqtt.subs";
pub const UNSUB_OWNER: &str = "mqtt.unsub";
/// Owner of "subscribe to the listed topics".
pub const LIST_OWNER: &str = "mqtt.subs.list";

/// The subscriptions form: the list, and the add-a-topic fields.
#[derive(Default)]
pub struct SubsForm {
    /// The topic being typed.
    pub topic: String,
    pub qos: u8,
    /// The list of subscriptions, in order: what a profile carries.
    pub list: Vec<Subscription>,
    pub sync: FormSync,
}

/// A row of the table, against what the module reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowState {
    /// The module's list was not read.
    Unknown,
    /// In the list, the module has it with this QoS.
    Subscribed,
    /// In the list, the module has it with another QoS.
    OtherQos(u8),
    /// In the list, not on the module.
    Missing,
    /// On the module, not in the (edited) list.
    NotListed,
}

impl RowState {
    fn on_module(self) -> bool {
        matches!(
            self,
            RowState::Subscribed | RowState::OtherQos(_) | RowState::NotListed
        )
    }

    fn words(self, lang: Lang) -> String {
        match self {
            RowState::Unknown => lang.tr("mqtt-subs-not-read-yet").into(),
            RowState::Subscribed => lang.tr("mqtt-subs-subscribed").into(),
            RowState::OtherQos(q) => crate::tr!(lang, "mqtt-subs-subscribed-with-qos", qos = &q),
            RowState::Missing => lang.tr("mqtt-subs-not-subscribed-yet").into(),
            RowState::NotListed => lang.tr("mqtt-subs-subscribed-not-in-the-list").into(),
        }
    }
}

/// Why "Subscribe to the listed topics" cannot send.
#[derive(Clone, Debug, PartialEq)]
pub enum ListProblem {
    /// The module has every listed topic already.
    NothingMissing,
    /// These listed topics cannot be sent as they are.
    Invalid(Vec<(String, ValidationError)>),
    /// The module would hold more than it can.
    TooMany,
}

/// What "Unsubscribe" sends for `topic`: the unsubscribe, then the list read back. Empty for a
/// topic that cannot be sent.
fn unsubscribe_commands(topic: &str) -> Vec<Command> {
    let unsubscribe = Checked::new(TopicRef(topic.to_string()))
        .ok()
        .map(Command::MqttUnsubscribe);
    then_read(unsubscribe, Command::MqttSubQuery)
}

fn state_of(s: &Subscription, module: Option<&[Subscription]>) -> RowState {
    let Some(m) = module else {
        return RowState::Unknown;
    };
    match m.iter().find(|x| x.topic == s.topic) {
        Some(x) if x.qos == s.qos => RowState::Subscribed,
        Some(x) => RowState::OtherQos(x.qos),
        None => RowState::Missing,
    }
}

impl SubsForm {
    fn value(&self) -> Subscription {
        Subscription {
            topic: self.topic.trim().to_string(),
            qos: self.qos,
        }
    }

    /// The subscribe command for the typed topic and QoS, if they can be sent.
    pub fn command(&self) -> Option<Command> {
        Checked::new(self.value()).ok().map(Command::MqttSubscribe)
    }

    /// What "Subscribe" sends: the typed topic, then the module's list read back. Empty while
    /// the form is wrong.
    pub fn commands(&self) -> Vec<Command> {
        then_read(self.command(), Command::MqttSubQuery)
    }

    /// What "Subscribe to the listed topics" sends: each listed topic the module lacks
    /// (`module`: its list, if read; unread, every listed topic), then its list read back.
    pub fn list_commands(
        &self,
        module: Option<&[Subscription]>,
    ) -> Result<Vec<Command>, ListProblem> {
        let missing = self.to_send(module);
        if missing.is_empty() {
            return Err(ListProblem::NothingMissing);
        }
        let mut bad = Vec::new();
        let mut commands = Vec::new();
        for s in &missing {
            match Checked::new(s.clone()) {
                Ok(c) => commands.push(Command::MqttSubscribe(c)),
                Err(e) => bad.push((s.topic.clone(), e)),
            }
        }
        if !bad.is_empty() {
            return Err(ListProblem::Invalid(bad));
        }
        let on_module = module.unwrap_or_default();
        let new_topics = missing
            .iter()
            .filter(|s| !on_module.iter().any(|x| x.topic == s.topic))
            .count();
        if on_module.len() + new_topics > MAX_SUBSCRIPTIONS {
            return Err(ListProblem::TooMany);
        }
        commands.push(Command::MqttSubQuery);
        Ok(commands)
    }

    /// Load a profile's subscriptions into the list (marked as edited).
    pub fn load_profile(&mut self, m: &crate::profile::schema::MqttSection) {
        self.list = m.subscriptions();
        self.sync.edited = true;
    }

    /// Put `s` in the list, replacing an entry with the same topic.
    fn put(&mut self, s: Subscription) {
        match self.list.iter_mut().find(|x| x.topic == s.topic) {
            Some(x) => x.qos = s.qos,
            None => self.list.push(s),
        }
    }

    /// The rows of the table: the list, then what the module has beyond it.
    fn rows(&self, module: Option<&[Subscription]>) -> Vec<(Subscription, RowState)> {
        let mut rows: Vec<_> = self
            .list
            .iter()
            .map(|s| (s.clone(), state_of(s, module)))
            .collect();
        for s in module.unwrap_or_default() {
            if !self.list.iter().any(|x| x.topic == s.topic) {
                rows.push((s.clone(), RowState::NotListed));
            }
        }
        rows
    }

    /// The listed subscriptions the module lacks (all of them when its list is unknown).
    fn to_send(&self, module: Option<&[Subscription]>) -> Vec<Subscription> {
        self.list
            .iter()
            .filter(|s| state_of(s, module) != RowState::Subscribed)
            .cloned()
            .collect()
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let module = ctx.module.subscriptions.clone();
        if self
            .sync
            .should_load(ctx.module.generation, ctx.jobs.latest(LIST_OWNER))
            && let Some(m) = &module
        {
            self.list = m.clone();
        }
        let count = module.as_ref().map(Vec::len);
        ui.horizontal_wrapped(|ui| {
            let text = match count {
                Some(n) => crate::tr!(
                    lang,
                    "mqtt-subs-subscribed-topics",
                    n = &n,
                    max = &MAX_SUBSCRIPTIONS
                ),
                None => lang
                    .tr("mqtt-subs-subscribed-topics-not-read-yet")
                    .to_string(),
            };
            ui.label(RichText::new(text).strong());
            if self.sync.edited {
                let n = self.list.len();
                ui.label(crate::tr!(lang, "mqtt-subs-in-the-list", n = &n));
            }
            let idle = ctx.connected() && !ctx.module.data_mode && !ctx.jobs.busy(OWNER);
            if ui
                .add_enabled(
                    idle,
                    egui::Button::new(lang.tr("mqtt-subs-read-subscriptions")),
                )
                .clicked()
            {
                ctx.jobs.run(OWNER, vec![Command::MqttSubQuery]);
            }
        });
        self.table_ui(ui, ctx, module.as_deref());
        let undone = self.sync.undo_note(
            ui,
            lang,
            lang.tr("mqtt-subs-undo-changes-to-the-subscription-list"),
        );
        if undone && module.is_none() {
            // Nothing to follow: the list the user made goes.
            self.list.clear();
        }
        let to_subscribe = self.sync.edited && !self.list.is_empty();
        if ctx.module.mqtt_state == Some(MqttState::Disconnected)
            && (to_subscribe || !self.topic.trim().is_empty())
        {
            form::warning(
                ui,
                ctx.tr("mqtt-subs-mqtt-is-not-connected-the-module-will"),
            );
        }
        if to_subscribe {
            self.list_apply_ui(ui, ctx, module.as_deref());
        }
        ui.add_space(6.0);
        self.add_ui(ui, ctx, module.as_deref());
    }

    fn table_ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>, module: Option<&[Subscription]>) {
        let lang = ctx.lang;
        let rows = self.rows(module);
        if rows.is_empty() {
            if module.is_some() || self.sync.edited {
                widgets::help(ui, lang.tr("mqtt-subs-no-subscriptions"));
            }
            return;
        }
        let can_remove = ctx.connected() && !ctx.module.data_mode && !ctx.jobs.busy(UNSUB_OWNER);
        let mut unsubscribe: Option<String> = None;
        let mut drop: Option<String> = None;
        egui::Grid::new("mqtt-subs")
            .striped(true)
            .num_columns(4)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                ui.label(RichText::new(lang.tr("mqtt-subs-topic")).strong());
                ui.label(RichText::new("QoS").strong());
                ui.label(RichText::new(lang.tr("mqtt-subs-on-the-module")).strong());
                ui.label("");
                ui.end_row();
                for (s, state) in &rows {
                    ui.label(RichText::new(&s.topic).monospace());
                    ui.label(super::qos::qos_words(lang, s.qos));
                    let words = state.words(lang);
                    match state {
                        RowState::Subscribed => {
                            ui.label(RichText::new(words).color(form::palette::GREEN));
                        }
                        RowState::Missing | RowState::OtherQos(_) => {
                            ui.label(RichText::new(words).color(form::palette::AMBER));
                        }
                        RowState::Unknown | RowState::NotListed => {
                            ui.label(RichText::new(words).weak());
                        }
                    }
                    if state.on_module() {
                        let r = ui
                            .add_enabled(
                                can_remove,
                                egui::Button::new(lang.tr("mqtt-subs-unsubscribe")),
                            )
                            .accessible_name(crate::tr!(
                                lang,
                                "mqtt-subs-unsubscribe-topic",
                                topic = &s.topic
                            ));
                        if r.clicked() {
                            unsubscribe = Some(s.topic.clone());
                        }
                    } else {
                        let r = ui
                            .button(lang.tr("mqtt-subs-remove"))
                            .on_hover_text(
                                lang.tr("mqtt-subs-take-it-off-the-list-nothing-is-sent"),
                            )
                            .accessible_name(crate::tr!(
                                lang,
                                "mqtt-subs-remove-from-the-list",
                                topic = &s.topic
                            ));
                        if r.clicked() {
                            drop = Some(s.topic.clone());
                        }
                    }
                    ui.end_row();
                }
            });
        if let Some(topic) = drop {
            self.list.retain(|x| x.topic != topic);
            self.sync.edited = true;
        }
        if let Some(topic) = unsubscribe {
            let commands = unsubscribe_commands(&topic);
            if !commands.is_empty() {
                ctx.jobs.run(UNSUB_OWNER, commands);
                self.list.retain(|x| x.topic != topic);
            }
        }
        if let Some(job) = ctx.jobs.latest(UNSUB_OWNER) {
            widgets::preview::job_result(ui, lang, job);
        }
    }

    /// "Subscribe to the listed topics": what the module lacks, then the list read back.
    fn list_apply_ui(
        &mut self,
        ui: &mut Ui,
        ctx: &mut PanelCtx<'_>,
        module: Option<&[Subscription]>,
    ) {
        let lang = ctx.lang;
        let commands = self.list_commands(module);
        let blocked = match &commands {
            Ok(_) => form::blocked(ctx, LIST_OWNER, true),
            Err(ListProblem::NothingMissing) => Some(
                ctx.tr("mqtt-subs-the-module-has-every-listed-topic")
                    .to_string(),
            ),
            Err(ListProblem::TooMany) => {
                Some(ctx.tr("mqtt-subs-the-module-holds-at-most-50").to_string())
            }
            Err(ListProblem::Invalid(bad)) => {
                for (topic, e) in bad {
                    let reason = e.reason(lang);
                    let words = crate::tr!(
                        lang,
                        "mqtt-subs-topic-problem",
                        topic = topic,
                        reason = &reason
                    );
                    error_text(ui, &words);
                }
                form::blocked(ctx, LIST_OWNER, false)
            }
        };
        let lines: Vec<String> = commands
            .iter()
            .flatten()
            .map(Command::display_line)
            .collect();
        widgets::preview(ui, lang, LIST_OWNER, &lines, ctx.jobs.latest(LIST_OWNER));
        let label = crate::tr!(
            lang,
            "mqtt-subs-subscribe-to-the-listed-topics",
            n = &self.to_send(module).len()
        );
        if widgets::apply_button(ui, lang, &label, blocked)
            && let Ok(c) = commands
        {
            ctx.jobs.run(LIST_OWNER, c);
            self.sync.applied();
        }
    }

    /// The topic and QoS fields: subscribe now, or add to the list.
    fn add_ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>, module: Option<&[Subscription]>) {
        let lang = ctx.lang;
        let value = self.value();
        let empty = value.topic.is_empty();
        // An empty topic is not an error to shout about before anything was typed: the button
        // says what is missing instead.
        let errors: Vec<_> = value
            .problems()
            .into_iter()
            .filter(|e| !(empty && e.problem == crate::at::Problem::Empty))
            .collect();
        text_field(
            ui,
            lang,
            ctx.tr("mqtt-subs-subscribe-to-topic"),
            &mut self.topic,
            &errors,
            Field::Topic,
        );
        super::qos::qos_choice(
            ui,
            lang,
            ctx.tr("mqtt-subs-subscription-qos"),
            "sub",
            &mut self.qos,
        );
        // From here on, the fields as they are after this frame's typing.
        let value = self.value();
        let empty = value.topic.is_empty();
        let command = self.command();
        let already = module.and_then(|l| l.iter().find(|s| s.topic == value.topic));
        if let Some(s) = already {
            form::warning(
                ui,
                &crate::tr!(lang, "mqtt-subs-already-subscribed-with-qos", qos = &s.qos),
            );
        }
        let count = module.map(<[_]>::len);
        let full = count.is_some_and(|n| n >= MAX_SUBSCRIPTIONS) && already.is_none();
        let listed = self.list.iter().any(|x| x.topic == value.topic);
        ui.horizontal_wrapped(|ui| {
            let can_add = command.is_some() && (listed || self.list.len() < MAX_SUBSCRIPTIONS);
            if ui
                .add_enabled(
                    can_add,
                    egui::Button::new(lang.tr("mqtt-subs-add-to-the-list")),
                )
                .on_hover_text(lang.tr("mqtt-subs-keep-it-in-the-list-saved-in-profiles"))
                .clicked()
            {
                self.put(value.clone());
                self.sync.edited = true;
                self.topic.clear();
            }
            if !listed && self.list.len() >= MAX_SUBSCRIPTIONS {
                ui.label(
                    RichText::new(lang.tr("mqtt-subs-the-list-holds-at-most-50-topics")).weak(),
                );
            }
        });
        let blocked = if empty {
            Some(ctx.tr("mqtt-subs-enter-a-topic-first").to_string())
        } else if full && command.is_some() {
            Some(
                ctx.tr("mqtt-subs-the-module-holds-at-most-50-2")
                    .to_string(),
            )
        } else {
            form::blocked(ctx, OWNER, command.is_some())
        };
        let lines: Vec<String> = command
            .iter()
            .chain([&Command::MqttSubQuery])
            .map(Command::display_line)
            .collect();
        widgets::preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
        if widgets::apply_button(ui, lang, ctx.tr("mqtt-subs-subscribe"), blocked)
            && command.is_some()
        {
            ctx.jobs.run(OWNER, self.commands());
            if self.sync.edited {
                self.put(value);
            }
            self.topic.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(topic: &str, qos: u8) -> Subscription {
        Subscription {
            topic: topic.into(),
            qos,
        }
    }

    fn form(topic: &str, qos: u8) -> SubsForm {
        SubsForm {
            topic: topic.into(),
            qos,
            ..SubsForm::default()
        }
    }

    fn lines(commands: &[Command]) -> Vec<String> {
        commands.iter().map(Command::line).collect()
    }

    /// The typed topic (trimmed) and QoS are subscribed, then the list is read back.
    #[test]
    fn the_typed_topic_is_subscribed() {
        assert_eq!(
            lines(&form(" dev/+/up ", 1).commands()),
            ["AT+QMTSUB=\"dev/+/up\",1", "AT+QMTSUB?"]
        );
        // Chinese is fine in a topic: it is quoted and sent as UTF-8.
        assert_eq!(
            lines(&form("设备/上报", 0).commands()),
            ["AT+QMTSUB=\"设备/上报\",0", "AT+QMTSUB?"]
        );
    }

    /// A wrong topic or QoS sends nothing: empty, a line break or a double quote, QoS 3.
    #[test]
    fn a_wrong_field_sends_nothing() {
        for (topic, qos) in [
            ("", 0),
            ("   ", 0),
            ("dev/1\r\nAT+RST", 0),
            ("dev/\"1\"", 0),
            ("dev/1", 3),
        ] {
            let f = form(topic, qos);
            assert_eq!(f.command(), None, "{topic:?} {qos}");
            assert!(f.commands().is_empty());
        }
    }

    /// "Subscribe to the listed topics" sends what the module lacks (another QoS counts as
    /// lacking), then reads the list back.
    #[test]
    fn the_list_sends_what_the_module_lacks() {
        let f = SubsForm {
            list: vec![sub("a/1", 0), sub("b/2", 1), sub("c/3", 2)],
            ..SubsForm::default()
        };
        let module = [sub("a/1", 0), sub("b/2", 0)];
        assert_eq!(
            lines(&f.list_commands(Some(&module)).unwrap()),
            ["AT+QMTSUB=\"b/2\",1", "AT+QMTSUB=\"c/3\",2", "AT+QMTSUB?"]
        );
        // The module's list unread: every listed topic.
        assert_eq!(f.list_commands(None).unwrap().len(), 4);
    }

    /// Nothing missing, a topic that cannot be sent, or more than the module holds: nothing
    /// is sent, and the reason says which.
    #[test]
    fn the_list_says_why_it_cannot_be_sent() {
        let f = SubsForm {
            list: vec![sub("a/1", 0)],
            ..SubsForm::default()
        };
        assert_eq!(
            f.list_commands(Some(&[sub("a/1", 0)])),
            Err(ListProblem::NothingMissing)
        );
        let bad = SubsForm {
            list: vec![sub("a/1", 0), sub("b\"2", 0)],
            ..SubsForm::default()
        };
        assert!(matches!(
            bad.list_commands(None),
            Err(ListProblem::Invalid(v)) if v.len() == 1 && v[0].0 == "b\"2"
        ));
        let full: Vec<Subscription> = (0..MAX_SUBSCRIPTIONS)
            .map(|i| sub(&format!("m/{i}"), 0))
            .collect();
        let more = SubsForm {
            list: vec![sub("new/1", 0)],
            ..SubsForm::default()
        };
        assert_eq!(more.list_commands(Some(&full)), Err(ListProblem::TooMany));
    }

    /// Unsubscribing sends the topic, then reads the list back.
    #[test]
    fn unsubscribing_reads_the_list_back() {
        assert_eq!(
            lines(&unsubscribe_commands("a/1")),
            ["AT+QMTUNSUB=\"a/1\"", "AT+QMTSUB?"]
        );
        assert!(unsubscribe_commands("").is_empty());
    }
}
