//! The TCP/UDP panel, driven by its labels against the simulated module: open a link in AT mode,
//! send text and hex, close it; open a transparent link, send raw data, leave and re-enter
//! transparent mode; invalid input keeps the buttons disabled and sends nothing.

use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::{SimConfig, SimHandle};
use ct11_configurator::ui::App;
use ct11_configurator::ui::tab::Tab;
use ct11_configurator::ui::testing::app_with_sim;
use ct11_configurator::worker::Request;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(10);

fn t(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    lang.pick(en, zh)
}

/// The real app on the simulated module, connected, showing `tab`.
fn start(lang: Lang, tab: Tab) -> (Harness<'static, App>, SimHandle) {
    let (mut app, sim, _files) = app_with_sim(SimConfig::fast(), lang);
    // The fast module wants 20 ms of silence around `+++`; keep a margin above it.
    app.settings.escape_guard_ms = 60;
    app.send(Request::SetEscapeGuard(Duration::from_millis(60)));
    app.settings.tab = tab;
    let mut h = Harness::builder()
        .with_size([1400.0, 3200.0])
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.state_mut().connect();
    assert!(settle(&mut h, |a| a.module.link.is_connected()), "connects");
    (h, sim)
}

/// Step frames until `done`, waiting on the worker between them (bounded, no sleeping).
fn settle(h: &mut Harness<'static, App>, mut done: impl FnMut(&App) -> bool) -> bool {
    let end = Instant::now() + LIMIT;
    loop {
        h.step();
        if done(h.state()) {
            return true;
        }
        if Instant::now() > end {
            return false;
        }
        h.state_mut().wait_for_worker(Duration::from_millis(20));
    }
}

/// Wait for the simulated module to reach a state (the app keeps running frames).
fn settle_sim(
    h: &mut Harness<'static, App>,
    sim: &SimHandle,
    mut done: impl FnMut(&ct11_configurator::sim::SimState) -> bool,
) -> bool {
    settle(h, |_| done(&sim.state()))
}

/// Replace the text of the input labelled `label`.
fn set_text(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.step();
    h.key_press(Key::Delete);
    h.step();
    h.get_by_label(label).type_text(text);
    h.step();
}

fn enabled(h: &Harness<'static, App>, label: &str) -> bool {
    !h.get_by_label(label).accesskit_node().is_disabled()
}

fn click(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).click();
    h.step();
}

fn at_mode_round_trip(lang: Lang) {
    let (mut h, sim) = start(lang, Tab::Socket);
    // The panel reads the open links when shown.
    assert!(
        settle(&mut h, |a| a.module.sockets.is_some()),
        "reads QISTATE"
    );
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
    assert!(
        settle(&mut h, |a| a
            .module
            .sockets
            .as_ref()
            .is_some_and(|s| s.len() == 1)),
        "the table lists the new link"
    );
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
    assert!(settle_sim(&mut h, &sim, |s| s
        .socket(link)
        .is_some_and(|k| k.sent == b"Hello")));

    // Hex, in the compact spelling.
    click(&mut h, t(lang, "Hex", "十六进制"));
    set_text(&mut h, data, "20576f726c64");
    click(&mut h, t(lang, "Send", "发送"));
    assert!(settle_sim(&mut h, &sim, |s| s
        .socket(link)
        .is_some_and(|k| k.sent == b"Hello World")));
    assert!(
        sim.received_lines()
            .iter()
            .any(|l| l == &format!("AT+QISEND={link},6"))
    );

    // Close from the table.
    let close = match lang {
        Lang::En => format!("Close link {link}"),
        Lang::Zh => format!("关闭连接 {link}"),
    };
    click(&mut h, &close);
    assert!(settle(&mut h, |a| a
        .module
        .sockets
        .as_ref()
        .is_some_and(Vec::is_empty)));
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
fn invalid_input_keeps_apply_disabled_and_sends_nothing() {
    let lang = Lang::En;
    let (mut h, sim) = start(lang, Tab::Socket);
    assert!(settle(&mut h, |a| a.module.sockets.is_some()));
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
    click(&mut h, open);

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
    let (mut h, sim) = start(lang, Tab::Socket);
    click(&mut h, "建立连接");
    assert!(settle(&mut h, |a| a
        .module
        .sockets
        .as_ref()
        .is_some_and(|s| s.len() == 1)));
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
    let (mut h, sim) = start(lang, Tab::Socket);
    assert!(settle(&mut h, |a| a.module.sockets.is_some()));
    click(
        &mut h,
        t(
            lang,
            "Transparent mode (one link)",
            "直接透传模式（单连接）",
        ),
    );
    click(&mut h, t(lang, "Open connection", "建立连接"));
    assert!(settle(&mut h, |a| a.module.data_mode), "in data mode");
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
    assert!(settle_sim(&mut h, &sim, |s| s
        .socket(link)
        .is_some_and(|k| k.sent == b"ping")));

    click(
        &mut h,
        t(lang, "Leave transparent mode (+++)", "退出透传模式（+++）"),
    );
    assert!(
        settle(&mut h, |a| !a.module.data_mode),
        "back in command mode"
    );
    assert!(settle_sim(&mut h, &sim, |s| !s.data_mode));
    // The switch waits out the module's answer to `+++` before it takes the next click.
    assert!(settle(&mut h, |a| !a.jobs.busy("socket.mode")));
    // The link stays open: the raw bytes did not include the escape.
    assert_eq!(
        sim.state().socket(link).map(|k| k.sent.clone()),
        Some(b"ping".to_vec())
    );

    click(
        &mut h,
        t(lang, "Enter transparent mode (ATO)", "进入透传模式（ATO）"),
    );
    assert!(settle(&mut h, |a| a.module.data_mode));
    assert!(settle_sim(&mut h, &sim, |s| s.data_mode));
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
