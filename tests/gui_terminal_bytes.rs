//! Issue 10 item 4, last clause: the terminal's "Send bytes" and data mode, driven by labels in
//! English and Chinese against the simulated module. A transparent link opened by a typed
//! `AT+QIOPEN=…,1` puts the app in data mode (it did not: the app believed it was in command
//! mode); bytes sent then reach the remote server; while a `+++` of another panel (the
//! data-mode banner) is under way, "Send bytes" is refused with the reason (it was not), so the
//! escape's guard-time silence holds and nothing lands in the module's command line after it.

mod gui_common;

use std::time::Duration;

use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::{SimConfig, SimHandle};
use ct11_configurator::ui::tab::Tab;
use ct11_configurator::worker::Request;
use egui::Key;
use gui_common::*;

/// The worker's guard time around `+++`: long enough that the escape is surely still under
/// way in the frames right after its click (the fast module's own guard is 20 ms).
const GUARD: Duration = Duration::from_millis(500);

fn start(lang: Lang) -> (Gui, SimHandle) {
    let (mut h, sim, _files) = launch(
        SimConfig::fast(),
        lang,
        Tab::Terminal,
        [1400.0, 3200.0],
        |app, _| {
            app.settings.log_visible = false;
            app.settings.refresh_s = 0;
            app.settings.escape_guard_ms = 500;
            app.send(Request::SetEscapeGuard(GUARD));
        },
    );
    settle(&mut h, "the first reads", |a| !a.jobs.any_busy());
    (h, sim)
}

fn enter_line(h: &mut Gui, lang: Lang, line: &str) {
    set_text(h, t(lang, "AT command", "AT 指令"), line);
    h.key_press(Key::Enter);
    h.step();
    settle(h, &format!("{line} answered"), |a| !a.jobs.busy("terminal"));
}

fn send_bytes_and_data_mode(lang: Lang) {
    let (mut h, sim) = start(lang);
    let bytes = t(lang, "Bytes to send", "要发送的字节");
    let send = t(lang, "Send bytes", "发送字节");

    // A transparent link typed by hand: the app knows it is in data mode now.
    enter_line(&mut h, lang, r#"AT+QIOPEN="TCP","1.2.3.4",1,0,1"#);
    settle_sim(&mut h, &sim, "the module is in data mode", |s| s.data_mode);
    settle(&mut h, "the app is in data mode", |a| a.module.data_mode);

    // Bytes in data mode reach the remote server, exactly.
    set_text(&mut h, bytes, r"hello\r\nremote");
    assert!(shows(
        &h,
        t(
            lang,
            "Transparent mode: these bytes go through the module to the remote server.",
            "透传模式：这些字节经模块发往远端服务器。"
        )
    ));
    click(&mut h, send);
    settle_sim(&mut h, &sim, "the server gets the bytes", |s| {
        s.sockets
            .first()
            .is_some_and(|k| k.sent == b"hello\r\nremote")
    });

    // During the banner's +++ the button is refused, with the reason.
    set_text(&mut h, bytes, "during");
    click(
        &mut h,
        t(lang, "Return to command mode (+++)", "返回指令模式（+++）"),
    );
    assert!(h.state().jobs.busy("datamode"), "the escape is under way");
    assert!(shows(
        &h,
        t(
            lang,
            "Wait until the switch between command and transparent mode is done (+++ needs a silent line).",
            "请等待指令模式与透传模式的切换完成（+++ 需要线路静默）。"
        )
    ));
    click_disabled(&mut h, send);
    h.key_press(Key::Enter);
    h.step();

    // The escape holds: the module answered OK and is in command mode.
    let job = finished(&mut h, "datamode");
    assert!(job.ok, "{:?}", job.outcomes);
    settle(&mut h, "command mode", |a| !a.module.data_mode);
    assert!(!sim.state().data_mode);
    assert_eq!(sim.state().sockets[0].sent, b"hello\r\nremote");
    // Nothing was left in the module's command line: the next line is answered as itself.
    let before = sim.received_lines().len();
    enter_line(&mut h, lang, "AT+GSN");
    assert_eq!(sim.received_lines()[before..], ["AT+GSN".to_string()]);
    assert!(
        h.state()
            .jobs
            .latest("terminal")
            .is_some_and(|j| j.done && j.ok)
    );
    assert!(sim.received_lines().iter().all(|l| !l.contains("during")));
    assert!(enabled(&h, send), "usable again once the switch is over");
}

#[test]
fn send_bytes_and_data_mode_en() {
    send_bytes_and_data_mode(Lang::En);
}

#[test]
fn send_bytes_and_data_mode_zh() {
    send_bytes_and_data_mode(Lang::Zh);
}

#[test]
fn send_bytes_and_data_mode_zh_hant() {
    send_bytes_and_data_mode(Lang::ZhHant);
}
