//! The TCP/UDP panel, driven by its labels against the simulated module: open a link in AT mode,
//! send text and hex, close it; open a transparent link, send raw data, leave and re-enter
//! transparent mode; invalid input keeps the buttons disabled and sends nothing.

mod gui_common;

use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::{SimConfig, SimHandle};
use ct11_configurator::ui::tab::Tab;
use egui_kittest::kittest::Queryable as _;
use gui_common::*;

/// The real app on the simulated module, connected, showing the TCP/UDP panel, its first read
/// (the open links) done.
fn start(lang: Lang) -> (Gui, SimHandle) {
    let (mut h, sim, _files) = launch(
        SimConfig::fast(),
        lang,
        Tab::Socket,
        [1400.0, 3200.0],
        |app, _| quick_escape_guard(app),
    );
    settle(&mut h, "the panel reads QISTATE when shown", |a| {
        a.module.sockets.is_some() && !a.jobs.busy("socket.read")
    });
    (h, sim)
}

fn at_mode_round_trip(lang: Lang) {
    let (mut h, sim) = start(lang);
    h.check_accessibility();

    set_text(
        &mut h,
        t(lang, "Server address", "服务器地址"),
        "112.125.89.8",
    );
    set_text(&mut h, t(lang, "Server port", "服务器端口"), "33124");
    click(&mut h, "TCP");
    click(
        &mut h,
        t(lang, "AT mode (several links)", "AT 透传模式（可多连接）"),
    );
    click(&mut h, t(lang, "Open connection", "建立连接"));
    settle(&mut h, "the table lists the new link", |a| {
        a.module.sockets.as_ref().is_some_and(|s| s.len() == 1)
    });
    finished(&mut h, "socket.open");
    let s = sim.state();
    assert_eq!(s.sockets.len(), 1);
    assert_eq!(s.sockets[0].host, "112.125.89.8");
    assert_eq!(s.sockets[0].port, 33124);
    assert!(!s.sockets[0].transparent);
    let link = s.sockets[0].link;

    // Text.
    let data = t(lang, "Data to send", "发送的数据");
    set_text(&mut h, data, "Hello");
    assert!(
        h.query_by_label(t(lang, "5 / 1024 bytes", "5 / 1024 字节"))
            .is_some()
    );
    click(&mut h, t(lang, "Send", "发送"));
    settle_sim(&mut h, &sim, "the server gets the text", |s| {
        s.socket(link).is_some_and(|k| k.sent == b"Hello")
    });
    finished(&mut h, "socket.send");

    // Hex, in the compact spelling.
    click(&mut h, t(lang, "Hex", "十六进制"));
    set_text(&mut h, data, "20576f726c64");
    click(&mut h, t(lang, "Send", "发送"));
    settle_sim(&mut h, &sim, "the server gets the bytes", |s| {
        s.socket(link).is_some_and(|k| k.sent == b"Hello World")
    });
    finished(&mut h, "socket.send");
    assert!(
        sim.received_lines()
            .iter()
            .any(|l| l == &format!("AT+QISEND={link},6"))
    );

    // Close from the table.
    let close = said(
        lang,
        format!("Close link {link}"),
        format!("关闭连接 {link}"),
    );
    click(&mut h, &close);
    settle(&mut h, "the table is empty", |a| {
        a.module.sockets.as_ref().is_some_and(Vec::is_empty)
    });
    assert!(sim.state().sockets.is_empty());
}

#[test]
fn at_mode_open_send_close_en() {
    at_mode_round_trip(Lang::En);
}

#[test]
fn at_mode_open_send_close_zh() {
    at_mode_round_trip(Lang::Zh);
}

#[test]
fn at_mode_open_send_close_zh_hant() {
    at_mode_round_trip(Lang::ZhHant);
}

#[test]
fn invalid_input_keeps_apply_disabled_and_sends_nothing() {
    let lang = Lang::En;
    let (mut h, sim) = start(lang);
    let open = "Open connection";
    assert!(enabled(&h, open));

    // A quote would end the command's string early.
    set_text(&mut h, "Server address", "1.2.3.4\"");
    assert!(!enabled(&h, open));
    assert!(h.query_by_label_contains("double quote").is_some());
    set_text(&mut h, "Server address", "1.2.3.4");
    assert!(enabled(&h, open));
    set_text(&mut h, "Server port", "70000");
    assert!(!enabled(&h, open));
    assert!(h.query_by_label_contains("from 1 to 65535").is_some());
    set_text(&mut h, "Server port", "0");
    assert!(!enabled(&h, open));
    set_text(&mut h, "Server port", "80");
    set_text(&mut h, "Local port", "x");
    assert!(!enabled(&h, open));
    click_disabled(&mut h, open);

    // No link yet: the send box says so and stays disabled.
    set_text(&mut h, "Data to send", "Hi");
    assert!(!enabled(&h, "Send"));

    h.step();
    assert!(
        !sim.received_lines()
            .iter()
            .any(|l| l.starts_with("AT+QIOPEN") || l.starts_with("AT+QISEND")),
        "nothing invalid was sent: {:?}",
        sim.received_lines()
    );
}

#[test]
fn bad_hex_and_oversized_data_are_refused() {
    let lang = Lang::Zh;
    let (mut h, sim) = start(lang);
    click(&mut h, "建立连接");
    settle(&mut h, "the table lists the new link", |a| {
        a.module.sockets.as_ref().is_some_and(|s| s.len() == 1)
    });
    finished(&mut h, "socket.open");
    let data = "发送的数据";
    click(&mut h, "十六进制");
    set_text(&mut h, data, "48 6G");
    assert!(!enabled(&h, "发送"));
    assert!(h.query_by_label_contains("不是十六进制数字").is_some());
    set_text(&mut h, data, "48 6");
    assert!(!enabled(&h, "发送"));
    assert!(h.query_by_label_contains("奇数").is_some());

    // 1025 bytes: one over the limit.
    click(&mut h, "文本");
    set_text(&mut h, data, &"x".repeat(1025));
    assert!(!enabled(&h, "发送"));
    assert!(h.query_by_label("1025 / 1024 字节").is_some());
    // 342 Chinese characters are 1026 UTF-8 bytes, although fewer than 1024 characters.
    set_text(&mut h, data, &"温".repeat(342));
    assert!(h.query_by_label("1026 / 1024 字节").is_some());
    assert!(!enabled(&h, "发送"));
    set_text(&mut h, data, &"x".repeat(1024));
    assert!(enabled(&h, "发送"));
    assert!(
        !sim.received_lines()
            .iter()
            .any(|l| l.starts_with("AT+QISEND")),
        "{:?}",
        sim.received_lines()
    );
}

fn transparent_round_trip(lang: Lang) {
    let (mut h, sim) = start(lang);
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
    assert!(sim.state().data_mode);
    let link = sim.state().sockets[0].link;

    // While in data mode the QISEND box gives way to the raw box.
    assert!(
        h.query_by_label(t(lang, "Data to send", "发送的数据"))
            .is_none()
    );
    let raw = t(lang, "Data for the server", "发给服务器的数据");
    set_text(&mut h, raw, "ping");
    click(&mut h, t(lang, "Send to the server", "发送到服务器"));
    settle_sim(&mut h, &sim, "the server gets the raw bytes", |s| {
        s.socket(link).is_some_and(|k| k.sent == b"ping")
    });

    click(
        &mut h,
        t(lang, "Leave transparent mode (+++)", "退出透传模式（+++）"),
    );
    settle(&mut h, "back in command mode", |a| !a.module.data_mode);
    settle_sim(&mut h, &sim, "the module is in command mode", |s| {
        !s.data_mode
    });
    // The switch waits out the module's answer to `+++` before it takes the next click.
    finished(&mut h, "socket.mode");
    // The link stays open: the raw bytes did not include the escape.
    assert_eq!(
        sim.state().socket(link).map(|k| k.sent.clone()),
        Some(b"ping".to_vec())
    );

    click(
        &mut h,
        t(lang, "Enter transparent mode (ATO)", "进入透传模式（ATO）"),
    );
    settle(&mut h, "in data mode again", |a| a.module.data_mode);
    settle_sim(&mut h, &sim, "the module is in data mode", |s| s.data_mode);
    assert!(sim.received_lines().iter().any(|l| l == "ATO"));
}

#[test]
fn transparent_mode_enter_leave_en() {
    transparent_round_trip(Lang::En);
}

#[test]
fn transparent_mode_enter_leave_zh() {
    transparent_round_trip(Lang::Zh);
}

#[test]
fn transparent_mode_enter_leave_zh_hant() {
    transparent_round_trip(Lang::ZhHant);
}
