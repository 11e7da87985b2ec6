//! The HTTP panel, driven by its labels against the simulated module (an httpbin-like server):
//! a POST with a JSON body and a header, sent in the manual's order, with the response shown
//! as a coloured status, headers and pretty-printed JSON; a refused GET with its reason; HTTPS
//! port advice and the certificate upload; invalid input keeps Send disabled and sends nothing.

mod gui_common;

use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::{SimConfig, SimHandle};
use ct11_configurator::ui::files::PresetPicker;
use ct11_configurator::ui::tab::Tab;
use egui_kittest::kittest::Queryable as _;
use gui_common::*;
use std::time::Duration;

/// The real app on the simulated module, connected, showing the HTTP panel, its first read done.
fn start(lang: Lang) -> (Gui, SimHandle, PresetPicker) {
    start_with(SimConfig::fast(), lang)
}

fn start_with(cfg: SimConfig, lang: Lang) -> (Gui, SimHandle, PresetPicker) {
    let (mut h, sim, files) = launch(cfg, lang, Tab::Http, [1400.0, 4000.0], |app, _| {
        app.settings.log_visible = false;
    });
    settle(&mut h, "the panel reads the module when shown", |a| {
        a.jobs.latest("http.read").is_some_and(|j| j.done)
    });
    (h, sim, files)
}

/// POST a JSON body with a Content-Type header: HTTPPARA, HTTPRQH, HTTPDATA, HTTPACTION, in
/// that order; the response shows as "200 OK", its headers, and the JSON pretty-printed.
fn post_json(lang: Lang) {
    let (mut h, sim, _files) = start(lang);
    h.check_accessibility();
    set_text(&mut h, "URL", "http://httpbin.org/post");
    click(&mut h, "POST");
    let body = r#"{"temp": 21.5, "id": "温度"}"#;
    set_text(&mut h, t(lang, "Request body", "请求体数据"), body);
    assert!(shows(&h, &format!("{} / 1024", body.len())), "UTF-8 bytes");
    // The body is JSON and no Content-Type is set: the panel offers it.
    click(
        &mut h,
        t(
            lang,
            "Add Content-Type: application/json",
            "添加 Content-Type: application/json",
        ),
    );
    assert_eq!(
        value(&h, t(lang, "Header 1 name", "请求头 1 的键")),
        "Content-Type"
    );
    // A second, blank row is ignored; a filled one is sent; removing the row drops it.
    click(&mut h, t(lang, "Add header", "添加请求头"));
    set_text(&mut h, t(lang, "Header 2 name", "请求头 2 的键"), "X-Drop");
    set_text(&mut h, t(lang, "Header 2 value", "请求头 2 的值"), "me");
    click(&mut h, t(lang, "Remove header 2", "删除请求头 2"));
    assert!(
        h.query_by_label(t(lang, "Header 2 name", "请求头 2 的键"))
            .is_none()
    );

    let send = t(lang, "Send POST", "发送 POST");
    assert!(enabled(&h, send));
    click(&mut h, send);
    settle_sim(&mut h, &sim, "the module gets the request", |s| {
        s.http.requests.len() == 1
    });
    let job = finished(&mut h, "http.send");
    assert!(job.ok, "{job:?}");

    let s = sim.state();
    let r = &s.http.requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.url, "http://httpbin.org/post");
    assert_eq!(r.body, body.as_bytes(), "the body byte for byte");
    assert_eq!(
        r.headers,
        vec![("Content-Type".to_string(), "application/json".to_string())]
    );
    let lines = sim.received_lines();
    let at = |p: &str| lines.iter().position(|l| l.starts_with(p)).unwrap();
    let order = [
        at("AT+HTTPPARA="),
        at("AT+HTTPRQH="),
        at("AT+HTTPDATA="),
        at("AT+HTTPACTION="),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert_eq!(
        sent(&sim, "AT+HTTPDATA="),
        vec![format!("AT+HTTPDATA={}", body.len())]
    );
    assert_eq!(sent(&sim, "AT+HTTPACTION="), vec!["AT+HTTPACTION=1"]);
    assert!(sent(&sim, "AT+HTTPRQH=\"X-Drop\"").is_empty());

    // The response.
    assert!(h.query_by_label("200 OK").is_some());
    assert!(
        h.query_by_label("gunicorn/19.9.0").is_some(),
        "headers listed"
    );
    let shown_body = value(&h, t(lang, "Response body", "响应体内容"));
    assert!(shown_body.contains("\"method\": \"POST\""), "{shown_body}");
    assert!(shows(
        &h,
        t3(lang, "bytes (JSON)", "字节（JSON）", "位元組（JSON）")
    ));
    // With a header row and a response on screen, every input still has a name.
    h.check_accessibility();
}

#[test]
fn post_json_en() {
    post_json(Lang::En);
}

#[test]
fn post_json_zh() {
    post_json(Lang::Zh);
}

#[test]
fn post_json_zh_hant() {
    post_json(Lang::ZhHant);
}

/// GET on a POST-only URL: 405 with the server's reason, the HTML body as text, no HTTPDATA.
fn refused_get(lang: Lang) {
    let (mut h, sim, _files) = start(lang);
    set_text(&mut h, "URL", "http://httpbin.org/post");
    click(&mut h, "GET");
    set_text(&mut h, t(lang, "Request body", "请求体数据"), "ignored");
    assert!(shows(
        &h,
        t(
            lang,
            "sends no body: the body above is not sent.",
            "请求不带请求体：上面的内容不会发送。"
        )
    ));
    click(&mut h, t(lang, "Send GET", "发送 GET"));
    finished(&mut h, "http.send");
    h.step();
    assert!(h.query_by_label("405 METHOD NOT ALLOWED").is_some());
    assert!(shows(
        &h,
        t(lang, "the server refused the request", "服务器拒绝了请求")
    ));
    assert!(value(&h, t(lang, "Response body", "响应体内容")).contains("Method Not Allowed"));
    assert!(sent(&sim, "AT+HTTPDATA").is_empty(), "GET sends no body");
    assert_eq!(sent(&sim, "AT+HTTPACTION="), vec!["AT+HTTPACTION=0"]);
}

#[test]
fn refused_get_en() {
    refused_get(Lang::En);
}

#[test]
fn refused_get_zh() {
    refused_get(Lang::Zh);
}

#[test]
fn refused_get_zh_hant() {
    refused_get(Lang::ZhHant);
}

/// HTTPS: the port follows to 443, a non-443 port is warned about (the manual's own 433), the
/// CA certificate uploads byte for byte, and the request goes out with verification on.
fn https_with_certificate(lang: Lang) {
    let (mut h, sim, files) = start(lang);
    set_text(&mut h, "URL", "https://www.example.com/get");
    let port = t(lang, "URL port", "URL 端口号");
    // The URL says https:// while HTTPS is off: one click fixes it, and the port follows.
    click(&mut h, t(lang, "Turn on HTTPS", "开启 HTTPS"));
    assert_eq!(value(&h, port), "443");
    set_text(&mut h, port, "433");
    assert!(shows(
        &h,
        t(
            lang,
            "HTTPS normally uses port 443; this is 433",
            "HTTPS 通常使用 443 端口，当前为 433"
        )
    ));
    click(&mut h, t(lang, "Use port 443", "改用 443 端口"));
    assert_eq!(value(&h, port), "443");
    assert!(!shows(&h, t(lang, "this is 433", "当前为 433")));

    click(
        &mut h,
        t(
            lang,
            "Verify the server's certificate (one-way authentication)",
            "验证服务器证书（单向认证）",
        ),
    );
    let upload = t(lang, "Upload certificate", "上传证书");
    assert!(!enabled(&h, upload), "no file yet");
    files.will_open(fixture("ca-crlf.pem"));
    click(&mut h, t(lang, "Choose certificate file…", "选择证书文件…"));
    assert!(shows(&h, "ca-crlf.pem"));
    assert!(shows(&h, t(lang, "Valid PEM text", "有效的 PEM 文本")));
    assert!(shows(&h, "CN=CT11 Test CA"));
    click(&mut h, upload);
    settle_sim(&mut h, &sim, "the module gets the certificate", |s| {
        s.http.certificate.is_some()
    });
    // The module has it before the app has the job's answers: when the upload job ends, its
    // read-back and result move the Send button below, and a click in that frame is lost.
    let job = finished(&mut h, "http.cert");
    assert!(job.ok, "{job:?}");
    let cert = sim.state().http.certificate.unwrap();
    assert_eq!(cert.verify, 1);
    assert_eq!(
        cert.data,
        std::fs::read(fixture("ca-crlf.pem")).unwrap(),
        "CR LF kept: byte for byte"
    );

    click(&mut h, t(lang, "Send GET", "发送 GET"));
    settle_sim(&mut h, &sim, "the module gets the request", |s| {
        s.http.requests.len() == 1
    });
    let target = sim.state().http.target.unwrap();
    assert_eq!(
        (target.url.as_str(), target.port, target.https, target.cert),
        ("https://www.example.com/get", 443, 1, 1)
    );
}

#[test]
fn https_with_certificate_en() {
    https_with_certificate(Lang::En);
}

#[test]
fn https_with_certificate_zh() {
    https_with_certificate(Lang::Zh);
}

#[test]
fn https_with_certificate_zh_hant() {
    https_with_certificate(Lang::ZhHant);
}

/// Each invalid part keeps Send disabled with the reason shown; nothing reaches the module.
fn invalid_input_sends_nothing(lang: Lang) {
    let (mut h, sim, files) = start(lang);
    let send_post = t(lang, "Send POST", "发送 POST");
    click(&mut h, "POST");
    assert!(enabled(&h, send_post));

    set_text(&mut h, "URL", "http://x/\"quoted\"");
    assert!(shows(&h, t(lang, "a double quote", "双引号")));
    assert!(!enabled(&h, send_post));
    set_text(&mut h, "URL", "http://httpbin.org/post");
    assert!(enabled(&h, send_post));

    click(&mut h, t(lang, "Add header", "添加请求头"));
    set_text(
        &mut h,
        t(lang, "Header 1 name", "请求头 1 的键"),
        &"k".repeat(51),
    );
    assert!(shows(
        &h,
        t3(lang, "at most 50", "最多接受 50", "最多接受 50")
    ));
    assert!(!enabled(&h, send_post));
    click(&mut h, t(lang, "Remove header 1", "删除请求头 1"));
    assert!(enabled(&h, send_post));

    // 342 CJK characters are 1026 bytes: over 1024 although far fewer characters.
    set_text(
        &mut h,
        t(lang, "Request body", "请求体数据"),
        &"温".repeat(342),
    );
    assert!(shows(&h, "1026 / 1024"));
    assert!(!enabled(&h, send_post));

    set_text(&mut h, t(lang, "URL port", "URL 端口号"), "70000");
    assert!(!enabled(&h, send_post));

    // A DER certificate cannot be uploaded.
    files.will_open(fixture("ca.der"));
    click(&mut h, t(lang, "Choose certificate file…", "选择证书文件…"));
    assert!(!enabled(&h, t(lang, "Upload certificate", "上传证书")));

    h.step();
    for prefix in [
        "AT+HTTPPARA=",
        "AT+HTTPRQH=",
        "AT+HTTPDATA",
        "AT+HTTPACTION",
        "AT+HTTPCERTIFI=",
    ] {
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

/// A slow server: the request shows its progress and can be cancelled; the panel is usable again
/// at once and shows no stale response.
fn cancel_a_slow_request(lang: Lang) {
    let mut cfg = SimConfig::fast();
    cfg.timing.http = Duration::from_secs(30);
    let (mut h, sim, _files) = start_with(cfg, lang);
    let send = t(lang, "Send GET", "发送 GET");
    click(&mut h, send);
    settle(&mut h, "the request is on its way", |_| {
        sim.received_lines().iter().any(|l| l == "AT+HTTPACTION=0")
    });
    h.step();
    assert!(
        shows(&h, t(lang, "commands answered", "条指令已应答")),
        "progress"
    );
    assert!(!enabled(&h, send), "busy");
    click(&mut h, t(lang, "Cancel request", "取消请求"));
    let job = finished(&mut h, "http.send");
    assert!(job.cancelled, "reported as cancelled");
    let action = job.outcomes[1].as_ref().expect("the action has an outcome");
    assert!(
        matches!(
            action.result,
            Err(ct11_configurator::worker::CommandError::Cancelled)
        ),
        "{:?}",
        action.result
    );
    h.step();
    assert!(enabled(&h, send), "usable again");
    assert!(shows(&h, t(lang, "No request sent yet.", "尚未发送请求。")));
}

#[test]
fn cancel_a_slow_request_en() {
    cancel_a_slow_request(Lang::En);
}

#[test]
fn cancel_a_slow_request_zh() {
    cancel_a_slow_request(Lang::Zh);
}

#[test]
fn cancel_a_slow_request_zh_hant() {
    cancel_a_slow_request(Lang::ZhHant);
}
