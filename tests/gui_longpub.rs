//! Continuous publishing (the long publish of manual §4.1.3) from the MQTT panel, driven by its
//! labels in English and Chinese against the simulated module: start sends
//! `AT+QMTPUB="TTT",0,0,1` (a bare 1), every "Send as message" reaches the broker as one
//! message, other MQTT actions are blocked with the reason, Stop leaves with `+++` and Resume goes
//! back with `ATO`; afterwards an ordinary publish of the message "1" is the text "1".

mod gui_common;

use ct11_configurator::at::error_code::ModuleError;
use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::sim::SimHandle;
use ct11_configurator::sim::state::MqttBroker;
use ct11_configurator::ui::panels::mqtt::publish::LIVE_OWNER;
use ct11_configurator::ui::tab::Tab;
use ct11_configurator::worker::CommandError;
use gui_common::*;

/// The app on the MQTT panel, the module already connected to its broker, first read done.
fn start(lang: Lang) -> (Gui, SimHandle) {
    let (mut h, sim, _files) = launch(
        SimConfig::fast(),
        lang,
        Tab::Mqtt,
        [1400.0, 6000.0],
        |app, sim| {
            app.settings.log_visible = false;
            app.settings.refresh_s = 0;
            quick_escape_guard(app);
            sim.with_module(|m| {
                let s = m.state_mut();
                s.mqtt.broker = Some(MqttBroker {
                    host: "broker.emqx.io".into(),
                    port: 1883,
                    reconnect: false,
                });
                s.mqtt.status = 1;
            });
        },
    );
    settle(&mut h, "the panel reads the module when shown", |a| {
        a.module.mqtt_state.is_some() && !a.jobs.any_busy()
    });
    (h, sim)
}

fn payloads(sim: &SimHandle) -> Vec<Vec<u8>> {
    sim.state()
        .mqtt
        .published
        .into_iter()
        .map(|p| p.payload)
        .collect()
}

/// Type a message and send it; wait until the broker has it.
fn send_message(h: &mut Gui, sim: &SimHandle, lang: Lang, text: &str) {
    let before = payloads(sim).len();
    set_text(h, t(lang, "Message to send", "要发送的消息"), text);
    click(h, t(lang, "Send as message", "作为消息发送"));
    settle_sim(h, sim, &format!("the broker gets “{text}”"), |s| {
        s.mqtt.published.len() > before
    });
    assert_eq!(
        payloads(sim).last().map(Vec::as_slice),
        Some(text.as_bytes())
    );
    assert!(
        value(h, t(lang, "Message to send", "要发送的消息")).is_empty(),
        "the box is cleared for the next message"
    );
}

fn continuous_publishing(lang: Lang) {
    let (mut h, sim) = start(lang);
    set_text(&mut h, t(lang, "Publish to topic", "发布主题"), "TTT");
    click(
        &mut h,
        t(
            lang,
            "Continuous publishing (every send is one message, until Stop)",
            "连续发布（每次发送即一条消息，直到停止）",
        ),
    );
    click(
        &mut h,
        t(lang, "Start continuous publishing", "开始连续发布"),
    );
    settle(&mut h, "the app is in data mode", |a| a.module.data_mode);
    assert!(sim.state().data_mode);
    assert_eq!(sent(&sim, "AT+QMTPUB="), vec!["AT+QMTPUB=\"TTT\",0,0,1"]);

    // Other MQTT actions wait, and say why.
    assert!(!enabled(&h, t(lang, "Read from module", "从模块读取")));
    assert!(shows(
        &h,
        t(
            lang,
            "The link is in transparent mode: return to command mode first.",
            "链路处于透传模式：请先返回指令模式。"
        )
    ));

    // Every input of the mode has its label (the message box is tied to "Message to send").
    h.check_accessibility();
    send_message(&mut h, &sim, lang, "hello 1");
    send_message(&mut h, &sim, lang, "第二条 message");
    assert!(shows(
        &h,
        t(lang, "2 sent since the start.", "开始以来已发送 2 条。")
    ));

    click(&mut h, t(lang, "Stop (+++)", "停止（+++）"));
    let job = finished(&mut h, LIVE_OWNER);
    assert!(job.ok, "{:?}", job.outcomes);
    settle(&mut h, "command mode", |a| !a.module.data_mode);
    assert!(!sim.state().data_mode);

    // Resume with ATO, one more, stop again.
    click(
        &mut h,
        t(
            lang,
            "Resume continuous publishing (ATO)",
            "继续连续发布（ATO）",
        ),
    );
    settle(&mut h, "data mode again", |a| a.module.data_mode);
    send_message(&mut h, &sim, lang, "third");
    click(&mut h, t(lang, "Stop (+++)", "停止（+++）"));
    assert!(finished(&mut h, LIVE_OWNER).ok);
    settle(&mut h, "command mode", |a| !a.module.data_mode);

    // An ordinary publish of the message "1" is the text "1", quoted.
    click(
        &mut h,
        t(
            lang,
            "Continuous publishing (every send is one message, until Stop)",
            "连续发布（每次发送即一条消息，直到停止）",
        ),
    );
    set_text(&mut h, t(lang, "Message to publish", "发布的消息内容"), "1");
    click(&mut h, t(lang, "Publish now", "立即发布"));
    assert!(finished(&mut h, "mqtt.publish").ok);
    assert_eq!(
        sent(&sim, "AT+QMTPUB="),
        vec!["AT+QMTPUB=\"TTT\",0,0,1", "AT+QMTPUB=\"TTT\",0,0,\"1\""]
    );
    assert_eq!(
        payloads(&sim),
        vec![
            b"hello 1".to_vec(),
            "第二条 message".as_bytes().to_vec(),
            b"third".to_vec(),
            b"1".to_vec(),
        ]
    );
}

#[test]
fn continuous_publishing_en() {
    continuous_publishing(Lang::En);
}

#[test]
fn continuous_publishing_zh() {
    continuous_publishing(Lang::Zh);
}

#[test]
fn continuous_publishing_zh_hant() {
    continuous_publishing(Lang::ZhHant);
}

/// Not connected to a broker: the module's error is shown and the app stays in command mode.
#[test]
fn continuous_publishing_without_a_broker_is_refused_by_the_module() {
    let lang = Lang::En;
    let (mut h, sim, _files) = launch(
        SimConfig::fast(),
        lang,
        Tab::Mqtt,
        [1400.0, 6000.0],
        |app, _| {
            app.settings.log_visible = false;
            app.settings.refresh_s = 0;
        },
    );
    settle(&mut h, "first read", |a| {
        a.module.mqtt_state.is_some() && !a.jobs.any_busy()
    });
    set_text(&mut h, "Publish to topic", "TTT");
    click(
        &mut h,
        "Continuous publishing (every send is one message, until Stop)",
    );
    click(&mut h, "Start continuous publishing");
    let job = finished(&mut h, LIVE_OWNER);
    assert!(!job.ok);
    assert!(!h.state().module.data_mode);
    assert!(!sim.state().data_mode);
    assert!(
        matches!(
            job.outcomes[0].as_ref().map(|o| &o.result),
            Some(Err(CommandError::Module(ModuleError::Code(102))))
        ),
        "{:?}",
        job.outcomes
    );
    assert!(shows(&h, "102"), "the module's error is shown");
    assert!(!shows(&h, "Send as message"));
}
