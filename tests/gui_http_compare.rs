//! The HTTP panel's "Compare with this computer": the online simulated module makes a real
//! request to a server this test starts on 127.0.0.1, then this computer makes the same one
//! (method, headers, body) and the panel says whether status and body agree. The server answers
//! with the method, path and body it received, so the same body proves the same request.

mod gui_common;
mod net_common;

use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::tab::Tab;
use gui_common::*;

fn compared(lang: Lang) {
    let server = net_common::http_server();
    let (mut h, _sim, _files) = launch(
        SimConfig::fast().online(),
        lang,
        Tab::Http,
        [1400.0, 4000.0],
        |app, _| app.settings.log_visible = false,
    );
    settle(&mut h, "the panel reads the module", |a| {
        a.jobs.latest("http.read").is_some_and(|j| j.done)
    });
    set_text(&mut h, "URL", "http://127.0.0.1/site-7/reading");
    replace_text(
        &mut h,
        t(lang, "URL port", "URL 端口号"),
        &server.port.to_string(),
    );
    click(&mut h, "POST");
    set_text(&mut h, t(lang, "Request body", "请求体数据"), "t=21.5");
    click(&mut h, t(lang, "Send POST", "发送 POST"));
    finished(&mut h, "http.send");
    h.step();
    let body = value(&h, t(lang, "Response body", "响应体内容"));
    assert!(
        body.contains("method=POST path=/site-7/reading body=t=21.5"),
        "{body}"
    );
    click(
        &mut h,
        t(lang, "Compare with this computer", "与本机结果对比"),
    );
    settle(&mut h, "this computer's answer", |a| {
        a.panels.http.compare.result.is_some()
    });
    h.run();
    let r = h
        .state()
        .panels
        .http
        .compare
        .result
        .clone()
        .expect("result");
    assert!(r.ok(), "{r:?}");
    assert_eq!((r.module_status, r.pc_status), (Some(200), Some(200)));
    assert!(shows(
        &h,
        t(
            lang,
            "The module and this computer got the same answer (200).",
            "模块与本机得到相同的应答（200）。"
        )
    ));
}

#[test]
fn compare_with_this_computer_en() {
    compared(Lang::En);
}

#[test]
fn compare_with_this_computer_zh() {
    compared(Lang::Zh);
}

#[test]
fn compare_with_this_computer_zh_hant() {
    compared(Lang::ZhHant);
}
