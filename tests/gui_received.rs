//! What the module receives is shown where it belongs (issue 9 item 4), driven by labels against
//! the simulated module: MQTT messages on its subscriptions in the MQTT panel, per topic with the
//! subscription's QoS, filterable, as text or hex; data from a server in the TCP/UDP panel, per
//! link, in AT mode and in transparent mode. Before, both were only raw lines in the log.
//! Also: the inbox keeps the last 500 and counts what it dropped, and finds a nonce (the hook a
//! delivery proof's PC → module half uses).

mod gui_common;

use ct11_configurator::at::recv::Received;
use ct11_configurator::at::{Frame, FrameKind};
use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::{SimConfig, SimHandle};
use ct11_configurator::ui::panels::mqtt::MqttPanel;
use ct11_configurator::ui::tab::Tab;
use ct11_configurator::ui::widgets::received::{Arrival, Feed};
use ct11_configurator::worker::{Event, RxLine};
use egui::accesskit::Role;
use gui_common::*;
use std::time::SystemTime;

fn start(lang: Lang, tab: Tab) -> (Gui, SimHandle) {
    let (mut h, sim, _files) = launch(SimConfig::fast(), lang, tab, [1400.0, 6000.0], |app, _| {
        app.settings.log_visible = false;
        app.settings.refresh_s = 0;
        quick_escape_guard(app);
    });
    settle(&mut h, "the panel's first read", |a| !a.jobs.any_busy());
    (h, sim)
}

fn publish(h: &mut Gui, sim: &SimHandle, lang: Lang, topic: &str, message: &str, n: usize) {
    set_text(h, t(lang, "Publish to topic", "发布主题"), topic);
    set_text(h, t(lang, "Message to publish", "发布的消息内容"), message);
    click(h, t(lang, "Publish now", "立即发布"));
    settle_sim(h, sim, "the broker gets the message", |s| {
        s.mqtt.published.len() == n
    });
    finished(h, "mqtt.publish");
}

fn mqtt_messages(lang: Lang) {
    let (mut h, sim) = start(lang, Tab::Mqtt);
    assert!(shows(
        &h,
        t(lang, "Nothing received yet.", "尚未收到消息。")
    ));
    set_text(&mut h, t(lang, "Client ID", "客户端 ID"), "CT11-RX");
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
    finished(&mut h, "mqtt.broker");

    // Two subscriptions, one with a wildcard at QoS 1.
    for (topic, qos) in [("dev/+/up", 1u8), ("cmd", 0)] {
        set_text(&mut h, t(lang, "Subscribe to topic", "订阅主题"), topic);
        if qos == 1 {
            choose(
                &mut h,
                t(lang, "Subscription QoS", "订阅服务质量等级"),
                t(lang, "1 – at least once", "1 – 至少一次"),
            );
        } else {
            choose(
                &mut h,
                t(lang, "Subscription QoS", "订阅服务质量等级"),
                t(lang, "0 – at most once", "0 – 最多一次"),
            );
        }
        click(&mut h, t(lang, "Subscribe", "订阅"));
        finished(&mut h, "mqtt.subs");
    }
    settle(&mut h, "both subscriptions are read back", |a| {
        a.module
            .subscriptions
            .as_ref()
            .is_some_and(|s| s.len() == 2)
    });

    // The simulated broker delivers back what the module publishes on its subscriptions.
    publish(&mut h, &sim, lang, "dev/a/up", "temp=21", 1);
    // A line break and a quote: a long publish; the payload arrives whole, by its length.
    publish(&mut h, &sim, lang, "cmd", "reboot\n\"now\"", 2);
    publish(&mut h, &sim, lang, "not/subscribed", "lost", 3);
    settle(&mut h, "two messages are shown", |a| {
        a.panels.mqtt.received.len() == 2
    });
    let inbox = &h.state().panels.mqtt.received;
    let on_dev: Vec<_> = inbox.messages_on("dev/a/up").collect();
    assert_eq!(on_dev.len(), 1);
    assert_eq!(on_dev[0].payload, b"temp=21");
    assert_eq!(
        inbox.messages_on("cmd").next().map(|m| m.payload.clone()),
        Some(b"reboot\n\"now\"".to_vec())
    );
    assert!(inbox.find_containing(b"\"now\"", 0).is_some());
    assert!(inbox.find_containing(b"lost", 0).is_none());

    // In the panel: topic, QoS of the subscription, size and payload.
    h.step();
    for text in [
        "dev/a/up",
        "QoS 1",
        "temp=21",
        "cmd",
        "QoS 0",
        "reboot\\n\"now\"",
    ] {
        assert!(shows(&h, text), "{text} is shown");
    }
    assert!(shows(
        &h,
        t(lang, "2 received, 2 shown", "已接收 2 条，显示 2 条")
    ));

    // The filter box, by label.
    let filter = t(lang, "Filter received messages", "筛选收到的消息");
    set_text(&mut h, filter, "temp");
    assert!(shows(
        &h,
        t(lang, "2 received, 1 shown", "已接收 2 条，显示 1 条")
    ));
    assert!(!shows(&h, "reboot"));
    set_text(&mut h, filter, "");

    // Per topic.
    // The topic is also text in the table: pick the drop-down's entry (not a plain label).
    click_on(
        &mut h,
        By::Role(Role::ComboBox, t(lang, "Show topic", "显示主题")),
    );
    click_on(&mut h, By::Nav("cmd"));
    assert!(shows(
        &h,
        t(lang, "2 received, 1 shown", "已接收 2 条，显示 1 条")
    ));
    assert!(!shows(&h, "temp=21"));
    choose(
        &mut h,
        t(lang, "Show topic", "显示主题"),
        t(lang, "All", "全部"),
    );

    // As hex.
    click(&mut h, t(lang, "Show as hex", "以十六进制显示"));
    assert!(shows(&h, "74 65 6D 70 3D 32 31"), "temp=21 in hex");
    h.check_accessibility();

    click(&mut h, t(lang, "Copy shown messages", "复制显示的消息"));
    click(&mut h, t(lang, "Clear received messages", "清空收到的消息"));
    assert!(h.state().panels.mqtt.received.is_empty());
}

#[test]
fn mqtt_messages_en() {
    mqtt_messages(Lang::En);
}

#[test]
fn mqtt_messages_zh() {
    mqtt_messages(Lang::Zh);
}

#[test]
fn mqtt_messages_zh_hant() {
    mqtt_messages(Lang::ZhHant);
}

fn socket_data(lang: Lang) {
    let (mut h, sim) = start(lang, Tab::Socket);
    // AT mode: the simulated server echoes what it gets, as +RECEIVE,<link>,<len>: and the data.
    click(
        &mut h,
        t(lang, "AT mode (several links)", "AT 透传模式（可多连接）"),
    );
    click(&mut h, t(lang, "Open connection", "建立连接"));
    settle(&mut h, "the link is listed", |a| {
        a.module.sockets.as_ref().is_some_and(|s| s.len() == 1)
    });
    finished(&mut h, "socket.open");
    let link = sim.state().sockets[0].link;
    set_text(
        &mut h,
        t(lang, "Data to send", "发送的数据"),
        "Hello, world",
    );
    click(&mut h, t(lang, "Send", "发送"));
    settle(&mut h, "the echo is shown", |a| {
        a.panels.socket.received.len() == 1
    });
    finished(&mut h, "socket.send");
    let inbox = &h.state().panels.socket.received;
    let m = inbox.messages().next().expect("one piece");
    assert_eq!(m.channel, link.to_string());
    assert_eq!(m.payload, b"Hello, world");
    let link_words = said(lang, format!("link {link}"), format!("连接 {link}"));
    h.step();
    assert!(shows(&h, &link_words));
    assert!(shows(&h, "Hello, world"));
    h.check_accessibility();

    // Close it, then a transparent link: the raw bytes from the server are shown too.
    let close = said(
        lang,
        format!("Close link {link}"),
        format!("关闭连接 {link}"),
    );
    click(&mut h, &close);
    settle(&mut h, "the table is empty", |a| {
        a.module.sockets.as_ref().is_some_and(Vec::is_empty)
    });
    finished(&mut h, "socket.close");
    click(
        &mut h,
        t(
            lang,
            "Transparent mode (one link)",
            "直接透传模式（单连接）",
        ),
    );
    click(&mut h, t(lang, "Open connection", "建立连接"));
    settle(&mut h, "in data mode", |a| a.module.data_mode);
    finished(&mut h, "socket.open");
    let raw = t(lang, "Data for the server", "发给服务器的数据");
    set_text(&mut h, raw, "ping");
    click(&mut h, t(lang, "Send to the server", "发送到服务器"));
    settle(&mut h, "the echo is shown", |a| {
        a.panels
            .socket
            .received
            .messages_on("")
            .map(|m| m.payload.clone())
            .collect::<Vec<_>>()
            .concat()
            == b"ping"
    });
    h.step();
    assert!(shows(&h, t(lang, "transparent mode", "透传模式")));
}

#[test]
fn socket_data_en() {
    socket_data(Lang::En);
}

#[test]
fn socket_data_zh() {
    socket_data(Lang::Zh);
}

#[test]
fn socket_data_zh_hant() {
    socket_data(Lang::ZhHant);
}

fn rx(bytes: &[u8]) -> Event {
    Event::Rx(RxLine {
        at: SystemTime::now(),
        frame: Frame {
            kind: FrameKind::from_line(bytes),
            raw: bytes.to_vec(),
        },
        unsolicited: true,
    })
}

/// 600 messages: the last 500 are kept and 100 counted as dropped; a nonce printed after a
/// point is found, one printed before is not.
#[test]
fn bounded_and_searchable() {
    let mut panel = MqttPanel::default();
    let mut feed = Feed::default();
    let mut take = |panel: &mut MqttPanel, e: &Event| {
        for (at, a) in feed.on_event(e) {
            if let Arrival::Received(Received::Mqtt { topic, payload }) = a {
                panel.on_message(at, topic, payload);
            }
        }
    };
    for i in 0..600 {
        let payload = format!("m{i}");
        let line = format!("+QMTRECV:t,{},{payload}\r\n", payload.len());
        take(&mut panel, &rx(line.as_bytes()));
    }
    assert_eq!(panel.received.len(), 500);
    assert_eq!(panel.received.dropped(), 100);
    assert_eq!(
        panel.received.messages().next().map(|m| m.payload.clone()),
        Some(b"m100".to_vec())
    );
    let from = panel.received.next_seq();
    // The message arrives in pieces, its payload holding a line break.
    for piece in [
        &b"+QMTRECV:\"proof/in\",14,"[..],
        b"nonce-",
        b"4711\r\nok\r\n",
    ] {
        take(&mut panel, &rx(piece));
    }
    let m = panel
        .received
        .find_containing(b"nonce-4711", from)
        .expect("the nonce arrived");
    assert_eq!(m.channel, "proof/in");
    assert_eq!(m.payload, b"nonce-4711\r\nok");
    assert!(panel.received.find_containing(b"m599", from).is_none());
}
