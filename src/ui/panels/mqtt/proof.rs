//! "Prove delivery": the installer's independent evidence that the module's data reaches the
//! broker and the broker's reaches the module, checked by this computer's own MQTT client
//! ([`crate::proof`]). It runs on its own thread; the verdict, not "Connected", says whether the
//! set-up works.

use super::proof_link::{ProofRun, stage_words};
use crate::at::mqtt::MqttState;
use crate::i18n::Lang;
use crate::profile::text::Text;
use crate::proof::{Broker, DirectionResult, ProofReport, ProofSettings};
use crate::sim::online::tls::TlsCheck;
use crate::ui::ctx::PanelCtx;
use crate::ui::module_view::ModuleView;
use crate::ui::widgets::form::palette;
use crate::ui::widgets::{self, field};
use crate::worker::{Event, Request};
use egui::RichText;
use std::time::{Duration, Instant, SystemTime};

/// The longest any one step of the proof may take.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// What the broker, TLS and credentials are for the proof, taken from what the module holds
/// (read back) and the forms (the password, the CA file).
pub struct Inputs<'a> {
    pub module: &'a ModuleView,
    pub username: &'a str,
    pub password: &'a str,
    /// The CA file picked in section 3, if any.
    pub ca: Option<&'a [u8]>,
}

impl super::MqttPanel {
    /// The proof's settings as this panel's proof section would use them (the module's broker
    /// and TLS setting, the forms' user, password and CA file), or what is missing: what the
    /// health check proves with.
    /// Unlike the section's own button, it does not need the module connected: then the proof
    /// says whether the broker is reachable from this computer.
    pub fn proof_settings(&self, module: &ModuleView) -> Result<ProofSettings, Text> {
        self.proof.settings_for(
            &Inputs {
                module,
                username: &self.client.username,
                password: &self.client.password,
                ca: self.tls.picker.upload_bytes(),
            },
            false,
        )
    }
}

/// The proof section's state.
#[derive(Default)]
pub struct ProofSection {
    /// Module → PC topic; empty: the proof's own.
    pub up_topic: String,
    /// PC → module topic; empty: the proof's own (subscribed for the test, unsubscribed after).
    pub down_topic: String,
    running: Option<ProofRun>,
    /// The last finished proof and when it ended.
    pub last: Option<(ProofReport, SystemTime)>,
}

impl ProofSection {
    /// Whether a proof is running.
    pub fn busy(&self) -> bool {
        self.running.is_some()
    }

    /// The proof's settings, or what is missing, in plain words.
    pub fn settings(&self, i: &Inputs<'_>) -> Result<ProofSettings, Text> {
        self.settings_for(i, true)
    }

    /// The proof's settings; `need_connected`: the module must be connected to the broker.
    fn settings_for(&self, i: &Inputs<'_>, need_connected: bool) -> Result<ProofSettings, Text> {
        let m = i.module;
        let imei = m
            .imei
            .clone()
            .ok_or_else(|| Text::key("mqtt-proof-the-module-s-imei-is-not-read-yet"))?;
        let broker = match &m.mqtt_broker {
            Some(Some(b)) if !b.host.is_empty() => b.clone(),
            _ => {
                return Err(Text::key("mqtt-proof-the-module-has-no-broker-yet-apply"));
            }
        };
        if need_connected && m.mqtt_state != Some(MqttState::Connected) {
            return Err(Text::key("mqtt-proof-the-module-is-not-connected-to-the"));
        }
        let tls = match &m.mqtt_cert {
            Some(c) if c.tls == Some(true) && c.verify => match i.ca {
                Some(ca) => Some(TlsCheck::Ca(ca.to_vec())),
                None => {
                    return Err(Text::key("mqtt-proof-the-module-checks-the-server-against"));
                }
            },
            Some(c) if c.tls == Some(true) => Some(TlsCheck::NoVerify),
            Some(_) => None,
            None => {
                return Err(Text::key("mqtt-proof-the-module-s-tls-setting-is-not-read"));
            }
        };
        let username = if i.username.is_empty() {
            m.mqtt_client
                .as_ref()
                .map(|c| c.username.clone())
                .unwrap_or_default()
        } else {
            i.username.to_string()
        };
        let password = if i.password.is_empty() {
            m.mqtt_client
                .as_ref()
                .map(|c| c.password.clone())
                .unwrap_or_default()
        } else {
            i.password.to_string()
        };
        let topic = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
        for t in [&self.up_topic, &self.down_topic] {
            if t.chars()
                .any(|c| c == '"' || c.is_control() || c == '+' || c == '#')
            {
                return Err(Text::key("mqtt-proof-a-proof-topic-may-not-contain-quotes"));
            }
        }
        Ok(ProofSettings {
            broker: Broker {
                host: broker.host,
                port: broker.port,
                tls,
                username,
                password,
            },
            imei,
            up_topic: topic(&self.up_topic),
            down_topic: topic(&self.down_topic),
            step_timeout: STEP_TIMEOUT,
        })
    }

    /// Start the proof on its own thread.
    pub fn start(&mut self, settings: ProofSettings, egui: &egui::Context) {
        self.running = super::proof_link::start(settings, egui);
    }

    /// Hand a worker event to the running proof.
    pub fn on_event(&mut self, e: &Event) {
        if let Some(r) = &self.running {
            r.on_event(e);
        }
    }

    /// The proof's queued commands for the shell, its progress and its end.
    pub fn tick(&mut self) -> (Vec<Request>, Option<Instant>) {
        let Some(r) = &mut self.running else {
            return (Vec::new(), None);
        };
        let (reqs, done) = r.poll();
        if let Some(report) = done {
            self.last = Some((report, SystemTime::now()));
            self.running = None;
        }
        // The proof thread asks for a frame whenever it has something; no timer needed.
        (reqs, None)
    }

    /// Draw the section.
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>, inputs: &Inputs<'_>) {
        let lang = ctx.lang;
        widgets::help(ui, ctx.tr("mqtt-proof-this-computer-connects-its-own-mqtt"));
        let busy = self.running.is_some();
        ui.add_enabled_ui(!busy, |ui| {
            egui::Grid::new("mqtt-proof-topics")
                .num_columns(2)
                .show(ui, |ui| {
                    topic_row(
                        ui,
                        ctx.tr("mqtt-proof-module-pc-topic-optional"),
                        &mut self.up_topic,
                        ctx.tr("mqtt-proof-ct11-proof-imei-code"),
                    );
                    topic_row(
                        ui,
                        ctx.tr("mqtt-proof-pc-module-topic-optional"),
                        &mut self.down_topic,
                        ctx.tr("mqtt-proof-ct11-proof-imei-code-down"),
                    );
                });
        });
        let settings = self.settings(inputs);
        if let Err(why) = &settings
            && !busy
        {
            field::error_text(ui, &why.get(lang));
        }
        ui.horizontal(|ui| {
            let can = settings.is_ok() && !busy && ctx.connected() && !ctx.module.data_mode;
            if ui
                .add_enabled(
                    can,
                    egui::Button::new(ctx.tr("mqtt-proof-prove-delivery-both-ways")),
                )
                .clicked()
                && let Ok(s) = settings
            {
                self.last = None;
                self.start(s, ui.ctx());
            }
            if let Some(r) = &self.running {
                ui.spinner();
                ui.label(stage_words(lang, r.stage()));
                if ui.button(ctx.tr("mqtt-proof-cancel-proof")).clicked() {
                    r.cancel();
                }
            }
        });
        if let Some((report, _)) = &self.last {
            verdict(ui, lang, report);
        }
    }
}

fn topic_row(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str) {
    let l = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(320.0),
    )
    .labelled_by(l.id);
    ui.end_row();
}

/// The verdict: one sentence in large type, then each direction.
pub fn verdict(ui: &mut egui::Ui, lang: Lang, r: &ProofReport) {
    ui.add_space(4.0);
    let (text, colour) = if r.ok() {
        (
            lang.tr("mqtt-proof-proven-data-arrives-in-both"),
            palette::GREEN,
        )
    } else {
        (
            lang.tr("mqtt-proof-not-proven-see-below-what-failed-and"),
            ui.visuals().error_fg_color,
        )
    };
    ui.label(RichText::new(text).strong().size(16.0).color(colour));
    direction_line(
        ui,
        lang,
        lang.tr("mqtt-proof-module-broker-this-computer"),
        &r.module_to_pc,
    );
    direction_line(
        ui,
        lang,
        lang.tr("mqtt-proof-this-computer-broker-module"),
        &r.pc_to_module,
    );
}

fn direction_line(ui: &mut egui::Ui, lang: Lang, name: &str, d: &DirectionResult) {
    ui.horizontal_wrapped(|ui| {
        match d.delivered_ms {
            Some(ms) => {
                let t = crate::tr!(lang, "mqtt-proof-delivered-in-ms", name = &name, ms = &ms);
                ui.label(RichText::new(t).color(palette::GREEN));
            }
            None => {
                let why = d
                    .cause
                    .as_ref()
                    .map(|c| c.text().get(lang).to_string())
                    .unwrap_or_default();
                let t = crate::tr!(lang, "mqtt-proof-not-delivered", name = &name, why = &why);
                ui.label(RichText::new(t).color(ui.visuals().error_fg_color));
            }
        }
        ui.label(RichText::new(format!("({})", d.topic)).weak());
    });
}
