//! The MQTT panel, driven by its labels against the simulated module: client, session,
//! certificate and broker applied in the module's order; the certificate picker with real
//! OpenSSL files (exactly 2048 bytes uploads byte for byte, 2049 and DER are refused with the
//! fix); subscriptions, short and long publishing, disconnecting behind a confirmation; invalid
//! input keeps the buttons disabled and sends nothing.

mod gui_common;

use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::{SimConfig, SimHandle};
use ct11_configurator::ui::files::PresetPicker;
use ct11_configurator::ui::tab::Tab;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use gui_common::*;

/// The real app on the simulated module, connected, showing the MQTT panel, its first read done.
fn start(lang: Lang) -> (Gui, SimHandle, PresetPicker) {
    let (mut h, sim, files) = launch(
        SimConfig::fast(),
        lang,
        Tab::Mqtt,
        [1400.0, 6000.0],
        |app, _| app.settings.log_visible = false,
    );
    settle(&mut h, "the panel reads the module when shown", |a| {
        a.module.mqtt_state.is_some()
            && a.module.mqtt_broker.is_some()
            && a.module.subscriptions.is_some()
            && !a.jobs.busy("mqtt.read")
    });
    (h, sim, files)
}

fn position(sim: &SimHandle, prefix: &str) -> usize {
    sim.received_lines()
        .iter()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("{prefix} was not sent"))
}

/// Fill every form, pick the 2048-byte certificate, apply all: the module gets the client,
/// session, certificate (byte for byte) and broker, in that order, and connects.
fn apply_all_in_order(lang: Lang) {
    let (mut h, sim, files) = start(lang);
    h.check_accessibility();

    set_text(&mut h, t(lang, "Client ID", "客户端 ID"), "CT11-9999");
    set_text(&mut h, t(lang, "User name", "用户名"), "MQTT1");
    set_text(&mut h, t(lang, "Password", "密码"), "s3cret-pw");
    click(
        &mut h,
        t(
            lang,
            "Set a last will (published by the broker if the module drops off)",
            "设置遗嘱（模块意外断线时由服务器发布）",
        ),
    );
    set_text(&mut h, t(lang, "Last-will topic", "遗嘱主题"), "dev/status");
    set_text(&mut h, t(lang, "Last-will message", "遗嘱内容"), "offline");
    click(
        &mut h,
        t(lang, "Retain the last will", "遗嘱保留标志（保留）"),
    );
    set_text(
        &mut h,
        t(lang, "Keepalive (seconds)", "心跳间隔（秒）"),
        "120",
    );

    files.will_open(fixture("cert-2048.pem"));
    click(&mut h, t(lang, "Choose certificate file…", "选择证书文件…"));
    assert!(shows(&h, "cert-2048.pem"));
    assert!(shows(
        &h,
        t(
            lang,
            "2048 bytes (within the 2048-byte limit)",
            "2048 字节（未超出 2048 字节上限）"
        )
    ));
    assert!(shows(&h, t(lang, "Valid PEM text", "有效的 PEM 文本")));
    assert!(shows(&h, "CN=Exactly at the limit"));
    // The last-will fields and the certificate card are on screen: all inputs named.
    h.check_accessibility();
    assert!(shows(&h, t(lang, "valid until 20", "有效期至 20")));
    click(
        &mut h,
        t(lang, "Use TLS (MQTTS)", "使用 TLS 加密（MQTTS 模式）"),
    );
    click(
        &mut h,
        t(
            lang,
            "Verify the server's certificate (one-way authentication)",
            "验证服务器证书（单向认证）",
        ),
    );
    set_text(
        &mut h,
        t(lang, "Broker host", "服务器地址"),
        "broker.example.com",
    );
    // TLS on and port 1883: the panel offers 8883.
    click(&mut h, t(lang, "Use 8883", "改用 8883"));
    click(
        &mut h,
        t(
            lang,
            "Reconnect automatically when the connection drops",
            "MQTT 自动重连",
        ),
    );

    let apply = t(
        lang,
        "Apply all in order and connect",
        "按顺序全部应用并连接",
    );
    assert!(enabled(&h, apply));
    click(&mut h, apply);
    settle_sim(&mut h, &sim, "the module connects", |s| s.mqtt.status == 1);
    let job = finished(&mut h, "mqtt.all");
    assert!(job.ok, "{job:?}");

    let s = sim.state();
    let c = s.mqtt.client.as_ref().unwrap();
    assert_eq!(
        (c.client_id.as_str(), c.user.as_str(), c.password.as_str()),
        ("CT11-9999", "MQTT1", "s3cret-pw")
    );
    assert_eq!(
        (
            c.will_qos,
            c.will_retain,
            c.will_topic.as_str(),
            c.will_message.as_str()
        ),
        (0, 1, "dev/status", "offline")
    );
    assert_eq!((s.mqtt.clean_session, s.mqtt.keepalive), (1, 120));
    let cert = s.mqtt.certificate.as_ref().unwrap();
    assert_eq!((cert.mode, cert.verify), (1, 1));
    assert_eq!(
        cert.data,
        std::fs::read(fixture("cert-2048.pem")).unwrap(),
        "uploaded byte for byte"
    );
    let b = s.mqtt.broker.as_ref().unwrap();
    assert_eq!(
        (b.host.as_str(), b.port, b.reconnect),
        ("broker.example.com", 8883, true)
    );
    // The certificate goes before the broker: setting the broker connects at once.
    let order = [
        position(&sim, "AT+QMTCFG="),
        position(&sim, "AT+QMTSTART="),
        position(&sim, "AT+MQTTCERTIFI="),
        position(&sim, "AT+QMTCONNCFG="),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert_eq!(
        sent(&sim, "AT+MQTTCERTIFI="),
        vec!["AT+MQTTCERTIFI=1,1,2048"]
    );

    // The read-back shows up in the panel and the certificate is recognised on the module.
    settle(&mut h, "the state is read back", |a| {
        a.module.mqtt_state.is_some()
    });
    let state = format!("● {}", MqttWords::connected(lang));
    assert!(h.query_by_label(&state).is_some(), "{state}");
    assert!(shows(
        &h,
        t(
            lang,
            "This certificate is already on the module.",
            "模块上已是该证书。"
        )
    ));
    // The password is never saved with the settings.
    let saved = serde_json::to_string(&h.state().settings).unwrap();
    assert!(!saved.contains("s3cret-pw"));
    assert!(saved.contains("cert-2048.pem"), "the file is remembered");
}

struct MqttWords;
impl MqttWords {
    fn connected(lang: Lang) -> &'static str {
        ct11_configurator::at::mqtt::MqttState::Connected.words(lang)
    }
}

#[test]
fn apply_all_in_order_en() {
    apply_all_in_order(Lang::En);
}

#[test]
fn apply_all_in_order_zh() {
    apply_all_in_order(Lang::Zh);
}

#[test]
fn apply_all_in_order_zh_hant() {
    apply_all_in_order(Lang::ZhHant);
}

/// 2049 bytes and DER are refused with what to do; nothing is uploaded.
fn refused_certificates(lang: Lang) {
    let (mut h, sim, files) = start(lang);
    click(
        &mut h,
        t(lang, "Use TLS (MQTTS)", "使用 TLS 加密（MQTTS 模式）"),
    );
    click(
        &mut h,
        t(
            lang,
            "Verify the server's certificate (one-way authentication)",
            "验证服务器证书（单向认证）",
        ),
    );
    let choose = t(lang, "Choose certificate file…", "选择证书文件…");
    let upload = t(lang, "Upload certificate", "上传证书");

    files.will_open(fixture("cert-2049.pem"));
    click(&mut h, choose);
    assert!(shows(
        &h,
        t(
            lang,
            "2049 bytes (1 byte over the 2048-byte limit)",
            "2049 字节（超出 2048 字节上限 1 字节）"
        )
    ));
    assert!(shows(
        &h,
        t(
            lang,
            "1 byte over the module's 2048-byte limit",
            "超出模块 2048 字节上限 1 字节"
        )
    ));
    assert!(!enabled(&h, upload));

    files.will_open(fixture("ca.der"));
    click(&mut h, choose);
    assert!(shows(&h, t(lang, "Not PEM text", "不是 PEM 文本")));
    assert!(shows(
        &h,
        "openssl x509 -inform der -in \"ca.der\" -out \"ca.pem\""
    ));
    assert!(
        shows(&h, "CN=CT11 Test CA"),
        "the DER subject is still shown"
    );
    assert!(!enabled(&h, upload));

    files.will_open(fixture("key.pem"));
    click(&mut h, choose);
    assert!(shows(&h, t(lang, "private key", "私钥")));
    assert!(!enabled(&h, upload));

    // Clearing the file: verification needs a certificate, still nothing to send.
    click(
        &mut h,
        t(
            lang,
            "Clear the MQTT certificate file",
            "清除 MQTT 证书文件",
        ),
    );
    assert!(!enabled(&h, t(lang, "Apply TLS settings", "应用 TLS 设置")));

    // The expired certificate uploads (a warning, not a block) and says so.
    files.will_open(fixture("expired.pem"));
    click(&mut h, choose);
    assert!(shows(
        &h,
        t(lang, "expired on 2021-01-01", "已于 2021-01-01 过期")
    ));
    assert!(enabled(&h, upload));

    h.step();
    assert!(sent(&sim, "AT+MQTTCERTIFI=").is_empty(), "nothing uploaded");
    assert!(sim.state().mqtt.certificate.is_none());
}

#[test]
fn refused_certificates_en() {
    refused_certificates(Lang::En);
}

#[test]
fn refused_certificates_zh() {
    refused_certificates(Lang::Zh);
}

#[test]
fn refused_certificates_zh_hant() {
    refused_certificates(Lang::ZhHant);
}

/// Invalid values keep each apply button disabled, with the reason under the field, and
/// nothing reaches the module.
fn invalid_input_sends_nothing(lang: Lang) {
    let (mut h, sim, _files) = start(lang);
    set_text(&mut h, t(lang, "Client ID", "客户端 ID"), "say \"hi\"");
    assert!(shows(&h, t(lang, "a double quote", "双引号")));
    assert!(!enabled(
        &h,
        t(lang, "Apply client settings", "应用客户端参数")
    ));

    set_text(
        &mut h,
        t(lang, "Keepalive (seconds)", "心跳间隔（秒）"),
        "7201",
    );
    assert!(shows(&h, t(lang, "from 0 to 7200", "0 到 7200")));
    assert!(!enabled(
        &h,
        t(lang, "Apply session settings", "应用会话参数")
    ));

    set_text(&mut h, t(lang, "Broker host", "服务器地址"), "");
    assert!(!enabled(
        &h,
        t(lang, "Save broker and connect", "保存服务器并连接")
    ));
    assert!(!enabled(
        &h,
        t(
            lang,
            "Apply all in order and connect",
            "按顺序全部应用并连接"
        )
    ));

    // A long message that is too long even for QMTPUBEX.
    set_text(&mut h, t(lang, "Publish to topic", "发布主题"), "t");
    set_text(
        &mut h,
        t(lang, "Message to publish", "发布的消息内容"),
        &"x".repeat(2049),
    );
    assert!(shows(&h, "2049 / 2048"));
    assert!(!enabled(&h, t(lang, "Publish now", "立即发布")));

    h.step();
    for prefix in ["AT+QMTCFG=", "AT+QMTSTART=", "AT+QMTCONNCFG=", "AT+QMTPUB"] {
        assert!(sent(&sim, prefix).is_empty(), "{prefix} was sent");
    }
}

#[test]
fn invalid_input_sends_nothing_en() {
    invalid_input_sends_nothing(Lang::En);
}

#[test]
fn invalid_input_sends_nothing_zh() {
    invalid_input_sends_nothing(Lang::Zh);
}

#[test]
fn invalid_input_sends_nothing_zh_hant() {
    invalid_input_sends_nothing(Lang::ZhHant);
}

/// Connect through the broker form, then subscribe, publish short and long, unsubscribe, and
/// disconnect behind its confirmation.
fn subscriptions_publish_disconnect(lang: Lang) {
    let (mut h, sim, _files) = start(lang);
    // The module has no client ID: saving the broker sends it first (see gui_mqtt_flow.rs).
    set_text(&mut h, t(lang, "Client ID", "客户端 ID"), "CT11-0001");
    set_text(
        &mut h,
        t(lang, "Broker host", "服务器地址"),
        "mqtt.example.com",
    );
    click(
        &mut h,
        t(lang, "Save broker and connect", "保存服务器并连接"),
    );
    settle_sim(&mut h, &sim, "the module connects", |s| s.mqtt.status == 1);
    // The module is connected before the app has the job's last answer: let the job finish
    // before the next click (a finishing job can move the widgets below it).
    finished(&mut h, "mqtt.broker");
    assert!(shows(&h, "0/50"));

    set_text(&mut h, t(lang, "Subscribe to topic", "订阅主题"), "TTT");
    choose(
        &mut h,
        t(lang, "Subscription QoS", "订阅服务质量等级"),
        t(lang, "1 – at least once", "1 – 至少一次"),
    );
    click(&mut h, t(lang, "Subscribe", "订阅"));
    settle(&mut h, "the subscription is listed", |a| {
        a.module
            .subscriptions
            .as_ref()
            .is_some_and(|s| s.len() == 1)
    });
    finished(&mut h, "mqtt.subs");
    assert_eq!(sim.state().mqtt.subscriptions, vec![("TTT".to_string(), 1)]);
    assert!(shows(&h, "1/50"));

    // Short publish.
    set_text(&mut h, t(lang, "Publish to topic", "发布主题"), "TTT");
    set_text(
        &mut h,
        t(lang, "Message to publish", "发布的消息内容"),
        "12345678",
    );
    assert!(shows(&h, "8 / 512"));
    click(&mut h, t(lang, "Publish now", "立即发布"));
    settle_sim(&mut h, &sim, "the broker gets the message", |s| {
        s.mqtt.published.len() == 1
    });
    finished(&mut h, "mqtt.publish");
    assert_eq!(
        sent(&sim, "AT+QMTPUB="),
        vec!["AT+QMTPUB=\"TTT\",0,0,\"12345678\""]
    );

    // A line break and a quote cannot go on the command line: a long publish, byte for byte.
    let long = "line 1\nsaid \"hi\"";
    set_text(
        &mut h,
        t(lang, "Message to publish", "发布的消息内容"),
        long,
    );
    assert!(shows(&h, &format!("{} / 2048", long.len())));
    click(&mut h, t(lang, "Publish now", "立即发布"));
    settle_sim(&mut h, &sim, "the broker gets the long message", |s| {
        s.mqtt.published.len() == 2
    });
    finished(&mut h, "mqtt.publish");
    assert_eq!(sim.state().mqtt.published[1].payload, long.as_bytes());
    assert_eq!(
        sent(&sim, "AT+QMTPUBEX="),
        vec![format!("AT+QMTPUBEX=\"TTT\",0,0,{}", long.len())]
    );

    // Unsubscribe from the list.
    click(
        &mut h,
        &format!("{} TTT", t(lang, "Unsubscribe", "取消订阅")),
    );
    settle_sim(&mut h, &sim, "the module unsubscribes", |s| {
        s.mqtt.subscriptions.is_empty()
    });
    settle(&mut h, "the list is empty", |a| {
        a.module.subscriptions.as_ref().is_some_and(Vec::is_empty)
    });
    finished(&mut h, "mqtt.unsub");

    // Disconnect asks first; keeping the connection sends nothing.
    let disconnect = t(lang, "Disconnect from broker…", "断开 MQTT 连接…");
    click(&mut h, disconnect);
    assert!(shows(
        &h,
        t(
            lang,
            "will not reconnect by itself",
            "断开后模块不会自动回连"
        )
    ));
    click(&mut h, t(lang, "Keep connected", "保持连接"));
    h.step();
    assert!(sent(&sim, "AT+QMTDISC").is_empty());
    assert_eq!(sim.state().mqtt.status, 1);
    click(&mut h, disconnect);
    click(&mut h, t(lang, "Yes, disconnect", "确认断开"));
    settle_sim(&mut h, &sim, "the module disconnects", |s| {
        s.mqtt.status == 0
    });
    settle(&mut h, "the state shows it", |a| {
        a.module.mqtt_state == Some(ct11_configurator::at::mqtt::MqttState::Disconnected)
    });
    assert_eq!(sent(&sim, "AT+QMTDISC").len(), 1);
}

#[test]
fn subscriptions_publish_disconnect_en() {
    subscriptions_publish_disconnect(Lang::En);
}

#[test]
fn subscriptions_publish_disconnect_zh() {
    subscriptions_publish_disconnect(Lang::Zh);
}

#[test]
fn subscriptions_publish_disconnect_zh_hant() {
    subscriptions_publish_disconnect(Lang::ZhHant);
}

/// Switching the language redraws the panel with the user's values kept.
#[test]
fn language_switch_keeps_the_form() {
    let (mut h, _sim, _files) = start(Lang::En);
    set_text(&mut h, "Client ID", "keep-me");
    h.state_mut().set_lang(Lang::Zh);
    h.step();
    h.step();
    assert!(h.query_by_label("Client ID").is_none());
    assert_eq!(
        h.get_by_label("客户端 ID")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("keep-me")
    );
    assert!(shows(&h, "应用客户端参数"));
}
