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
use crate::ui::widgets::{self, field};
use crate::worker::{Event, Request};
use egui::{Color32, RichText};
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
        let imei = m.imei.clone().ok_or_else(|| {
            Text::new(
                "The module's IMEI is not read yet: refresh the status strip.",
                "尚未读取模块 IMEI：请刷新状态栏。",
            )
        })?;
        let broker = match &m.mqtt_broker {
            Some(Some(b)) if !b.host.is_empty() => b.clone(),
            _ => {
                return Err(Text::new(
                    "The module has no broker yet: apply section 4 (Broker) first.",
                    "模块尚未设置服务器：请先应用第 4 节（服务器）。",
                ));
            }
        };
        if need_connected && m.mqtt_state != Some(MqttState::Connected) {
            return Err(Text::new(
                "The module is not connected to the broker: connect it first (the proof needs its connection).",
                "模块未连接到服务器：请先连接（验证需要模块已连上服务器）。",
            ));
        }
        let tls = match &m.mqtt_cert {
            Some(c) if c.tls == Some(true) && c.verify => match i.ca {
                Some(ca) => Some(TlsCheck::Ca(ca.to_vec())),
                None => {
                    return Err(Text::new(
                        "The module checks the server against an uploaded CA: choose that same CA file in section 3, so this computer checks the server the same way.",
                        "模块用已上传的 CA 证书校验服务器：请在第 3 节选择同一个 CA 证书文件，以便本机用同样方式校验。",
                    ));
                }
            },
            Some(c) if c.tls == Some(true) => Some(TlsCheck::NoVerify),
            Some(_) => None,
            None => {
                return Err(Text::new(
                    "The module's TLS setting is not read yet: press Read from module.",
                    "尚未读取模块的 TLS 设置：请点击“从模块读取”。",
                ));
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
                return Err(Text::new(
                    "A proof topic may not contain quotes, line breaks or the wildcards + and #.",
                    "验证主题不能包含引号、换行或通配符 + 和 #。",
                ));
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
        widgets::help(
            ui,
            ctx.t(
                "This computer connects its own MQTT client to the same broker (same TLS check, the CA from the same file) and checks both ways: the module publishes a fresh code that this computer must receive, and this computer publishes one the module must print. Nothing is saved.",
                "本机用自己的 MQTT 客户端连接同一服务器（相同的 TLS 校验，使用同一个 CA 文件），双向检查：模块发布一个新的验证码，本机必须收到；本机发布一个验证码，模块必须收到。不会保存任何内容。",
            ),
        );
        let busy = self.running.is_some();
        ui.add_enabled_ui(!busy, |ui| {
            egui::Grid::new("mqtt-proof-topics")
                .num_columns(2)
                .show(ui, |ui| {
                    topic_row(
                        ui,
                        ctx.t("Module → PC topic (optional)", "模块 → 本机主题（可选）"),
                        &mut self.up_topic,
                        ctx.t("ct11/proof/<IMEI>/<code>", "ct11/proof/<IMEI>/<验证码>"),
                    );
                    topic_row(
                        ui,
                        ctx.t("PC → module topic (optional)", "本机 → 模块主题（可选）"),
                        &mut self.down_topic,
                        ctx.t(
                            "ct11/proof/<IMEI>/<code>/down",
                            "ct11/proof/<IMEI>/<验证码>/down",
                        ),
                    );
                });
        });
        let settings = self.settings(inputs);
        if let Err(why) = &settings
            && !busy
        {
            field::error_text(ui, why.get(lang));
        }
        ui.horizontal(|ui| {
            let can = settings.is_ok() && !busy && ctx.connected() && !ctx.module.data_mode;
            if ui
                .add_enabled(
                    can,
                    egui::Button::new(ctx.t("Prove delivery both ways", "双向验证数据送达")),
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
                if ui.button(ctx.t("Cancel proof", "取消验证")).clicked() {
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

const GREEN: Color32 = Color32::from_rgb(46, 160, 67);

/// The verdict: one sentence in large type, then each direction.
pub fn verdict(ui: &mut egui::Ui, lang: Lang, r: &ProofReport) {
    ui.add_space(4.0);
    let (text, colour) = if r.ok() {
        (
            lang.pick(
                "✓ Proven: data arrives in both directions.",
                "✓ 已验证：数据双向送达。",
            ),
            GREEN,
        )
    } else {
        (
            lang.pick(
                "× Not proven: see below what failed and what to check.",
                "× 未通过验证：失败项及检查建议见下方。",
            ),
            ui.visuals().error_fg_color,
        )
    };
    ui.label(RichText::new(text).strong().size(16.0).color(colour));
    direction_line(
        ui,
        lang,
        lang.pick("Module → broker → this computer", "模块 → 服务器 → 本机"),
        &r.module_to_pc,
    );
    direction_line(
        ui,
        lang,
        lang.pick("This computer → broker → module", "本机 → 服务器 → 模块"),
        &r.pc_to_module,
    );
}

fn direction_line(ui: &mut egui::Ui, lang: Lang, name: &str, d: &DirectionResult) {
    ui.horizontal_wrapped(|ui| {
        match d.delivered_ms {
            Some(ms) => {
                let t = match lang {
                    Lang::En => format!("✓ {name}: delivered in {ms} ms"),
                    Lang::Zh => format!("✓ {name}：{ms} 毫秒送达"),
                };
                ui.label(RichText::new(t).color(GREEN));
            }
            None => {
                let why = d
                    .cause
                    .as_ref()
                    .map(|c| c.text().get(lang).to_string())
                    .unwrap_or_default();
                let t = match lang {
                    Lang::En => format!("× {name}: not delivered. {why}"),
                    Lang::Zh => format!("× {name}：未送达。{why}"),
                };
                ui.label(RichText::new(t).color(ui.visuals().error_fg_color));
            }
        }
        ui.label(RichText::new(format!("({})", d.topic)).weak());
    });
}
