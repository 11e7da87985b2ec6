//! The TCP/UDP panel's send box for a UDP link without a length (manual §6.4.2, data ended by
//! Ctrl+Z), driven by its labels in English and Chinese against the simulated module: data
//! holding 0x1A is refused with the reason and nothing is sent; ordinary data goes as
//! `AT+QISEND=<link>` and reaches the server exactly.

mod gui_common;

use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::tab::Tab;
use gui_common::*;

fn udp_without_a_length(lang: Lang) {
    let (mut h, sim, _files) = launch(
        SimConfig::fast(),
        lang,
        Tab::Socket,
        [1400.0, 3200.0],
        |app, _| {
            app.settings.log_visible = false;
            app.settings.refresh_s = 0;
        },
    );
    settle(&mut h, "the panel reads QISTATE when shown", |a| {
        a.module.sockets.is_some() && !a.jobs.any_busy()
    });
    let unsized_label = t(
        lang,
        "Send without a length (ends with Ctrl+Z)",
        "不带长度发送（以 Ctrl+Z 结束）",
    );
    assert!(!shows(&h, unsized_label), "no link, no option");

    set_text(&mut h, t(lang, "Server address", "服务器地址"), "1.2.3.4");
    set_text(&mut h, t(lang, "Server port", "服务器端口"), "5000");
    click(&mut h, "UDP");
    click(
        &mut h,
        t(lang, "AT mode (several links)", "AT 透传模式（可多连接）"),
    );
    click(&mut h, t(lang, "Open connection", "建立连接"));
    settle(&mut h, "the table lists the new link", |a| {
        a.module.sockets.as_ref().is_some_and(|s| s.len() == 1)
    });
    finished(&mut h, "socket.open");
    let link = sim.state().sockets[0].link;

    click(&mut h, unsized_label);
    h.check_accessibility();
    assert!(shows(
        &h,
        t(lang, "Quectel convention", "移远（Quectel）的惯例")
    ));
    let data = t(lang, "Data to send", "发送的数据");
    let send = t(lang, "Send", "发送");

    // Ctrl+Z inside the data would end it early: refused, nothing sent.
    click(&mut h, t(lang, "Hex", "十六进制"));
    set_text(&mut h, data, "48 1A 49");
    assert!(!enabled(&h, send));
    assert!(shows(
        &h,
        t(
            lang,
            "the data contains Ctrl+Z (0x1A) or ESC (0x1B)",
            "数据中含有 Ctrl+Z（0x1A）或 ESC（0x1B）"
        )
    ));
    click_disabled(&mut h, send);
    assert!(sent(&sim, "AT+QISEND").is_empty());

    click(&mut h, t(lang, "Text", "文本"));
    set_text(&mut h, data, "Hello UDP 你好");
    click(&mut h, send);
    let job = finished(&mut h, "socket.send");
    assert!(job.ok, "{:?}", job.outcomes);
    assert_eq!(sent(&sim, "AT+QISEND"), vec![format!("AT+QISEND={link}")]);
    assert_eq!(sim.state().sockets[0].sent, "Hello UDP 你好".as_bytes());
}

#[test]
fn udp_without_a_length_en() {
    udp_without_a_length(Lang::En);
}

#[test]
fn udp_without_a_length_zh() {
    udp_without_a_length(Lang::Zh);
}

#[test]
fn udp_without_a_length_zh_hant() {
    udp_without_a_length(Lang::ZhHant);
}
