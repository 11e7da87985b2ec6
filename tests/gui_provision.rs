//! The Profiles, Health check and Production line tabs, driven by their labels in the real app
//! against the simulated module: open a profile and apply it (then the report), a module that
//! forgets a setting, a bad profile that keeps Apply disabled, the health check, and a batch of
//! two simulated modules.

mod gui_common;

use ct11_configurator::i18n::Lang;
use ct11_configurator::profile::batch::EntryPhase;
use ct11_configurator::profile::health::Verdict;
use ct11_configurator::profile::runner::JobState;
use ct11_configurator::sim::{Faults, SimConfig, SimHandle};
use ct11_configurator::ui::App;
use ct11_configurator::ui::files::PresetPicker;
use ct11_configurator::ui::tab::Tab;
use egui_kittest::kittest::Queryable as _;
use gui_common::*;
use std::path::PathBuf;
use std::time::Duration;

/// A profile applied and verified, a health check, a batch of modules: longer than one job.
const SLOW: Duration = Duration::from_secs(30);

const PROFILE: &str = r#"[mqtt]
client_id = "ct11-{imei_last6}"
username = "MQTT1"
password = "s3cret-pw"
host = "broker.example.com"
port = 1883
keepalive_s = 120
[[mqtt.subscriptions]]
topic = "cmd/{imei_last6}"
qos = 1
[http]
url = "http://example.com/post"
port = 80
[power]
sleep = "none"
"#;

fn start(lang: Lang, tab: Tab) -> (Gui, SimHandle, PresetPicker) {
    let (mut h, sim, files) = launch(SimConfig::fast(), lang, tab, [1400.0, 3600.0], |app, _| {
        app.panels.batch.sim_config = SimConfig::fast();
    });
    settle(&mut h, "reads the identity", |a| a.module.imei.is_some());
    (h, sim, files)
}

/// Wait up to [`SLOW`] for `done`, then run one more frame to show the result.
fn settle_slow(h: &mut Gui, what: &str, done: impl FnMut(&App) -> bool) {
    settle_within(h, SLOW, what, done);
    h.step();
}

/// Step until the Profiles tab's file reads and writes (off the UI thread) are done.
fn files_done(h: &mut Gui) {
    h.run_steps(2);
    settle(h, "file read or written", |a| {
        !a.panels.profiles.file_busy()
    });
    h.step();
}

fn write_profile(body: &str) -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("site.toml");
    std::fs::write(&p, body).unwrap();
    (d, p)
}

fn open_and_apply(h: &mut Gui, files: &PresetPicker, lang: Lang, path: PathBuf) {
    files.will_open(path);
    click(h, t(lang, "Open profile…", "打开配置文件…"));
    files_done(h);
    assert!(shows(h, t(lang, "Valid profile", "配置文件有效")));
    // The preview shows the filled placeholder.
    assert!(shows(h, "AT+QMTCFG=\"ct11-453595\""), "preview is filled");
    click(h, t(lang, "Apply profile", "应用配置文件"));
    settle_slow(h, "apply finishes", |a| {
        a.panels
            .profiles
            .apply_status()
            .is_some_and(|s| s.is_finished())
    });
}

fn apply_and_report(lang: Lang) {
    let (mut h, sim, files) = start(lang, Tab::Profiles);
    let (d, path) = write_profile(PROFILE);
    open_and_apply(&mut h, &files, lang, path);
    let st = h.state().panels.profiles.apply_status().unwrap().clone();
    assert_eq!(st.state, JobState::Done, "{:?}", st.message);
    let s = sim.state();
    assert_eq!(s.mqtt.keepalive, 120);
    assert_eq!(s.mqtt.client.as_ref().unwrap().client_id, "ct11-453595");
    assert_eq!(s.mqtt.client.as_ref().unwrap().password, "s3cret-pw");
    assert_eq!(s.mqtt.broker.as_ref().unwrap().host, "broker.example.com");
    assert_eq!(s.mqtt.subscriptions, [("cmd/453595".to_string(), 1)]);
    assert!(shows(&h, t(lang, "Every field matches.", "所有字段一致。")));
    // The password never shows: it sits in the masked field, not in the text.
    assert!(!shows(&h, "s3cret-pw"));

    // The health check, then the report (secrets redacted).
    click(&mut h, t(lang, "Run health check", "运行健康检查"));
    settle_slow(&mut h, "the health check finishes", |a| {
        a.panels.profiles.health().is_some_and(|c| c.is_done())
    });
    let report = d.path().join("report.html");
    files.will_save(&report);
    click(
        &mut h,
        t(lang, "Save installation report…", "保存安装报告…"),
    );
    files_done(&mut h);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("860720087453595"));
    assert!(html.contains("broker.example.com"));
    assert!(!html.contains("s3cret-pw"));

    // Save asks about secrets; without them the file has no password.
    let saved = d.path().join("saved.toml");
    files.will_save(&saved);
    click(&mut h, t(lang, "Save profile…", "保存配置文件…"));
    files_done(&mut h);
    click(
        &mut h,
        t(lang, "Save without the password", "保存（不含密码）"),
    );
    files_done(&mut h);
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("keepalive_s = 120"), "{text}");
    assert!(!text.contains("s3cret-pw"), "{text}");
}

#[test]
fn open_a_profile_apply_it_and_save_the_report_en() {
    apply_and_report(Lang::En);
}

#[test]
fn open_a_profile_apply_it_and_save_the_report_zh() {
    apply_and_report(Lang::Zh);
}

#[test]
fn open_a_profile_apply_it_and_save_the_report_zh_hant() {
    apply_and_report(Lang::ZhHant);
}

#[test]
fn verify_shows_the_setting_the_module_forgot() {
    let lang = Lang::En;
    let (mut h, sim, files) = start(lang, Tab::Profiles);
    sim.set_faults(Faults {
        forget: vec!["QMTSTART".into()],
        ..Faults::default()
    });
    let (_d, path) = write_profile(PROFILE);
    open_and_apply(&mut h, &files, lang, path);
    let st = h.state().panels.profiles.apply_status().unwrap().clone();
    assert_eq!(st.state, JobState::Failed);
    assert_eq!(st.mismatched_fields(), ["mqtt.keepalive_s"]);
    assert!(shows(&h, "Mismatch: mqtt.keepalive_s"));
    assert!(shows(&h, "× differs"));
}

#[test]
fn a_bad_profile_keeps_apply_disabled_and_sends_nothing() {
    for lang in Lang::ALL {
        let (mut h, sim, files) = start(lang, Tab::Profiles);
        let (_d, path) = write_profile(&PROFILE.replace("keepalive_s = 120", "keepalive_s = 9999"));
        files.will_open(path);
        click(&mut h, t(lang, "Open profile…", "打开配置文件…"));
        files_done(&mut h);
        let apply = t(lang, "Apply profile", "应用配置文件");
        assert!(!enabled(&h, apply));
        assert!(
            shows(&h, "site.toml:7: mqtt.keepalive_s"),
            "file, line and key"
        );
        assert!(shows(
            &h,
            t(
                lang,
                "Fix the profile's problems first.",
                "请先修正配置文件中的问题。"
            )
        ));
        let before = sim.received_lines();
        click_disabled(&mut h, apply);
        h.run_steps(3);
        h.state_mut().wait_for_worker(Duration::from_millis(100));
        h.run_steps(2);
        assert!(h.state().panels.profiles.apply_status().is_none());
        assert_eq!(sim.received_lines(), before, "nothing was sent");
    }
}

#[test]
fn the_health_check_shows_verdicts() {
    for lang in Lang::ALL {
        let (mut h, _sim, _files) = start(lang, Tab::Health);
        click(&mut h, t(lang, "Run health check", "运行健康检查"));
        settle_slow(&mut h, "the health check finishes", |a| {
            a.panels.health.check().is_some_and(|c| c.is_done())
        });
        let c = h.state().panels.health.check().unwrap();
        assert_eq!(c.overall(), Verdict::Pass, "{:?}", c.results());
        assert!(shows(
            &h,
            t(
                lang,
                "All good: the module is ready.",
                "一切正常：模块已就绪。"
            )
        ));
        assert!(shows(&h, t(lang, "SIM detected", "检测到 SIM")) || shows(&h, "ICCID"));
        assert!(shows(&h, "-83 dBm"));
    }
}

#[test]
fn a_batch_of_two_simulated_modules() {
    let lang = Lang::En;
    let (mut h, _sim, files) = start(lang, Tab::Batch);
    let (d, path) = write_profile(PROFILE);
    files.will_open(path);
    click(&mut h, "Choose profile…");
    // The profile is read on a background thread.
    settle(&mut h, "the profile is read", |a| {
        a.panels.batch.profile().is_some()
    });
    h.get_by_label("Simulated modules (demo)").focus();
    h.get_by_label("Simulated modules (demo)").type_text("2");
    h.run_steps(2);
    click(&mut h, "Start (2)");
    settle_slow(&mut h, "the batch finishes", |a| {
        a.panels.batch.batch().is_some_and(|b| b.is_finished())
    });
    let b = h.state().panels.batch.batch().unwrap();
    let rows = b.rows();
    assert_eq!(
        rows.iter().map(|r| r.phase).collect::<Vec<_>>(),
        [EntryPhase::Done, EntryPhase::Done],
        "{:?}",
        rows.iter().map(|r| &r.message).collect::<Vec<_>>()
    );
    let res = b.results();
    assert_ne!(res[0].imei, res[1].imei);
    assert!(shows(&h, "Done: 2"));

    let csv = d.path().join("b.csv");
    files.will_save(&csv);
    click(&mut h, "Export CSV…");
    settle(&mut h, "the export is written", |a| {
        !a.panels.batch.background_busy()
    });
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.contains(",ok,"), "{text}");
}

#[test]
fn load_a_profile_into_the_forms_and_collect_them_back() {
    for lang in Lang::ALL {
        let (mut h, _sim, files) = start(lang, Tab::Profiles);
        let (_d, path) = write_profile(PROFILE);
        files.will_open(path);
        click(&mut h, t(lang, "Open profile…", "打开配置文件…"));
        files_done(&mut h);
        click(&mut h, t(lang, "Load into the forms", "载入到各页表单"));
        h.run_steps(2);
        {
            let a = h.state();
            assert_eq!(a.panels.mqtt.client.client_id, "ct11-{imei_last6}");
            assert_eq!(a.panels.mqtt.client.password, "s3cret-pw");
            assert_eq!(a.panels.mqtt.broker.host, "broker.example.com");
            assert_eq!(a.panels.mqtt.session.keepalive, "120");
            assert_eq!(
                a.panels.mqtt.subs.list,
                [ct11_configurator::at::mqtt::Subscription {
                    topic: "cmd/{imei_last6}".into(),
                    qos: 1
                }]
            );
            assert_eq!(a.panels.http.target.url, "http://example.com/post");
        }
        h.state_mut().panels.mqtt.broker.host = "other.example.com".into();
        click(
            &mut h,
            t(
                lang,
                "Use the settings in the forms",
                "使用各页表单中的设置",
            ),
        );
        h.run_steps(3);
        let ed = &h.state().panels.profiles.editor;
        assert!(
            ed.text.contains("host = \"other.example.com\""),
            "{}",
            ed.text
        );
        assert!(ed.text.contains("keepalive_s = 120"), "{}", ed.text);
        assert!(!ed.text.contains("s3cret-pw"), "the password stays masked");
        assert_eq!(ed.password, "s3cret-pw");
        assert!(ed.loaded().is_some(), "{:?}", ed.errors());
        assert!(shows(&h, t(lang, "Valid profile", "配置文件有效")));
    }
}

// ---------------------------------------------------------------------------------------------
// Forms → profile → forms.

/// Click, then wait for the file read or write it started.
fn click_then_files(h: &mut Gui, label: &str) {
    click(h, label);
    files_done(h);
}

/// Show `tab` and wait until the reads it started are answered (so the module's values do not
/// land in the forms after they were typed).
fn show_tab(h: &mut Gui, tab: Tab) {
    h.state_mut().settings.tab = tab;
    h.run_steps(2);
    settle(h, "the tab's reads finish", |a| !a.jobs.any_busy());
}

/// Everything the settings forms hold, as one comparable value: the MQTT and HTTP forms field
/// by field (the certificate pickers by file and by what they show), the other panels' through
/// their own `fill_profile` (their fields are private).
fn forms(a: &App) -> String {
    use ct11_configurator::ui::panels::Panel as _;
    let m = &a.panels.mqtt;
    let c = &m.client;
    let picker = |p: &ct11_configurator::ui::panels::mqtt::cert_picker::CertPicker| {
        (
            p.path.clone(),
            p.file
                .as_ref()
                .map(|f| (f.name.clone(), f.size(), f.is_ok())),
            p.has_problem(),
        )
    };
    let h = &a.panels.http;
    let mut others = ct11_configurator::profile::Profile::default();
    a.panels.power.fill_profile(&mut others);
    a.panels.pairing.fill_profile(&mut others);
    a.panels.device.fill_profile(&mut others);
    let pc = &a.panels.pairing.client;
    format!(
        "client {:?}\nsession {:?}\nbroker {:?}\ntls {:?}\nsubs {:?}\nhttp {:?}\nhttp cert {:?}\nheaders {:?}\npairing {:?}\nothers {:?}",
        (
            &c.client_id,
            &c.username,
            &c.password,
            (
                c.will_on,
                c.will_qos,
                c.will_retain,
                &c.will_topic,
                &c.will_message
            )
        ),
        (m.session.clean, &m.session.keepalive),
        (&m.broker.host, &m.broker.port, m.broker.auto_reconnect),
        (m.tls.tls, m.tls.verify, picker(&m.tls.picker)),
        m.subs.list,
        (
            &h.target.url,
            &h.target.port,
            h.target.https,
            h.target.verify
        ),
        picker(&h.cert.picker),
        h.request.headers,
        (
            a.panels.pairing.mode.chosen,
            (
                pc.protocol,
                &pc.host,
                &pc.port,
                &pc.local_port,
                pc.transparent
            )
        ),
        others,
    )
}

/// Fill every settings form by its labels, save them as a profile next to the MQTT certificate,
/// then load that file into a fresh app (in Chinese): the forms are the same, field for field,
/// the certificate pickers show the files, and all three subscriptions are back.
#[test]
fn forms_to_a_profile_and_back_give_the_same_forms() {
    let lang = Lang::En;
    let d = tempfile::tempdir().unwrap();
    let site = d.path().join("site");
    std::fs::create_dir_all(site.join("certs")).unwrap();
    std::fs::create_dir_all(d.path().join("elsewhere")).unwrap();
    let mqtt_ca = site.join("certs/ca.pem");
    let http_ca = d.path().join("elsewhere/server-ca.pem");
    std::fs::copy(fixture("ca.pem"), &mqtt_ca).unwrap();
    std::fs::copy(fixture("chain.pem"), &http_ca).unwrap();

    let (mut h, _sim, files) = start(lang, Tab::Profiles);

    // MQTT: client with a last will, session, broker, TLS with a certificate, three topics.
    show_tab(&mut h, Tab::Mqtt);
    set_text(&mut h, "Client ID", "ct11-{imei_last6}");
    set_text(&mut h, "User name", "MQTT1");
    set_text(&mut h, "Password", "s3cret-pw");
    click_then_files(
        &mut h,
        "Set a last will (published by the broker if the module drops off)",
    );
    set_text(&mut h, "Last-will topic", "status/{imei}");
    set_text(&mut h, "Last-will message", "offline");
    choose(&mut h, "Last-will QoS", "1 – at least once");
    click_then_files(&mut h, "Retain the last will");
    set_text(&mut h, "Keepalive (seconds)", "120");
    click_then_files(
        &mut h,
        "Clean session: start afresh on every connection (unticked: persistent session)",
    );
    click_then_files(&mut h, "Use TLS (MQTTS)");
    if !h.state().panels.mqtt.tls.verify {
        click_then_files(
            &mut h,
            "Verify the server's certificate (one-way authentication)",
        );
    }
    files.will_open(&mqtt_ca);
    click_then_files(&mut h, "Choose certificate file…");
    set_text(&mut h, "Broker host", "broker.example.com");
    set_text(&mut h, "Broker port", "8883");
    // QoS 0, 2, then 1: a QoS shown in the table is not also an option to click.
    set_text(&mut h, "Subscribe to topic", "cmd/{imei_last6}");
    click_then_files(&mut h, "Add to the list");
    set_text(&mut h, "Subscribe to topic", "fleet/all");
    choose(&mut h, "Subscription QoS", "2 – exactly once");
    click_then_files(&mut h, "Add to the list");
    set_text(&mut h, "Subscribe to topic", "ota/+");
    choose(&mut h, "Subscription QoS", "1 – at least once");
    click_then_files(&mut h, "Add to the list");
    assert_eq!(h.state().panels.mqtt.subs.list.len(), 3);
    assert!(shows(&h, "not subscribed yet"));

    // HTTP: HTTPS with certificate checking, a certificate outside the profile's folder, two
    // headers.
    show_tab(&mut h, Tab::Http);
    set_text(&mut h, "URL", "https://example.com/post");
    click_then_files(&mut h, "HTTPS (encrypted)");
    if !h.state().panels.http.target.verify {
        click_then_files(
            &mut h,
            "Verify the server's certificate (one-way authentication)",
        );
    }
    files.will_open(&http_ca);
    click_then_files(&mut h, "Choose certificate file…");
    for (n, (name, value)) in [("Content-Type", "application/json"), ("X-Site", "north")]
        .into_iter()
        .enumerate()
    {
        click_then_files(&mut h, "Add header");
        set_text(&mut h, &format!("Header {} name", n + 1), name);
        set_text(&mut h, &format!("Header {} value", n + 1), value);
    }

    // Power & GPIO, simple pairing, the module's baud rate.
    show_tab(&mut h, Tab::Power);
    click_then_files(&mut h, "Sleep by DTR pin (hardware-controlled, CSCLK)");
    choose(&mut h, "IO1 direction", "Output high");
    choose(&mut h, "IO2 pull", "Pull-up");
    choose(&mut h, "IO3 direction", "High-Z (off)");
    show_tab(&mut h, Tab::Pairing);
    click_then_files(
        &mut h,
        ct11_configurator::at::socket::PairingMode::Tcp.title(lang),
    );
    h.run_steps(2);
    // The saved client's fields show only once the module is in TCP mode (choosing it restarts
    // the module): set them as the user's typing would.
    {
        let c = &mut h.state_mut().panels.pairing.client;
        c.host = "8.137.154.246".into();
        c.port = "2057".into();
        c.transparent = false;
        c.sync.edited = true;
    }
    show_tab(&mut h, Tab::Device);
    choose(&mut h, "Module baud rate", "9600");

    let before = forms(h.state());
    assert!(before.contains("ca.pem"), "{before}");

    // Forms → profile → file, with the password.
    show_tab(&mut h, Tab::Profiles);
    click_then_files(&mut h, "Use the settings in the forms");
    assert!(
        shows(&h, "Valid profile"),
        "{:?}",
        h.state().panels.profiles.editor.errors()
    );
    let saved = site.join("site.toml");
    files.will_save(&saved);
    click_then_files(&mut h, "Save profile…");
    click_then_files(&mut h, "Save with the password");
    let text = std::fs::read_to_string(&saved).unwrap();
    let p: ct11_configurator::profile::Profile = toml::from_str(&text).unwrap();
    let m = p.mqtt.as_ref().expect("[mqtt]");
    assert_eq!(
        m.ca_cert.as_deref(),
        Some("certs/ca.pem"),
        "relative: {text}"
    );
    let http_ca_abs = std::path::absolute(&http_ca).unwrap();
    assert_eq!(
        p.http.as_ref().and_then(|x| x.ca_cert.as_deref()),
        Some(http_ca_abs.to_str().unwrap()),
        "absolute (outside the profile's folder): {text}"
    );
    let subs: Vec<_> = m
        .subscriptions
        .iter()
        .map(|s| (s.topic.as_str(), s.qos))
        .collect();
    assert_eq!(
        subs,
        [("cmd/{imei_last6}", 0), ("fleet/all", 2), ("ota/+", 1)]
    );
    let will = m.will.as_ref().expect("[mqtt.will]");
    assert_eq!(
        (
            will.topic.as_str(),
            will.message.as_str(),
            will.qos,
            will.retain
        ),
        ("status/{imei}", "offline", 1, true)
    );
    assert!(p.http.as_ref().is_some_and(|x| x.https && x.port == 443));
    assert_eq!(p.http.as_ref().map(|x| x.headers.len()), Some(2));
    assert_eq!(p.gpio.len(), 3, "{text}");
    assert!(text.contains("sleep = \"dtr\""), "{text}");
    assert!(text.contains("mode = \"tcp\""), "{text}");
    assert!(text.contains("baud = 9600"), "{text}");
    assert!(text.contains("password = \"s3cret-pw\""), "{text}");
    // The editor now shows the saved file: its paths are relative to it and still valid.
    assert_eq!(
        h.state().panels.profiles.editor.path.as_deref(),
        Some(saved.as_path())
    );
    assert!(shows(&h, "Valid profile"));

    // File → forms in a fresh app, in Chinese.
    let lang = Lang::Zh;
    let (mut h, _sim, files) = start(lang, Tab::Profiles);
    files.will_open(&saved);
    click_then_files(&mut h, "打开配置文件…");
    assert!(shows(&h, "配置文件有效"));
    click_then_files(&mut h, "载入到各页表单");
    let after = forms(h.state());
    assert_eq!(after, before);

    // The pickers show the files as if picked by hand: name, size, PEM, subject.
    show_tab(&mut h, Tab::Mqtt);
    assert!(shows(&h, "ca.pem"));
    assert!(shows(&h, "有效的 PEM 文本"));
    assert!(shows(&h, "未超出 2048 字节上限"));
    assert!(shows(&h, "证书主题："));
    assert!(shows(&h, "cmd/{imei_last6}") && shows(&h, "fleet/all") && shows(&h, "ota/+"));
    assert!(shows(&h, "尚未订阅"));
    show_tab(&mut h, Tab::Http);
    assert!(shows(&h, "server-ca.pem"));
    assert_eq!(forms(h.state()), before, "showing the tabs keeps the forms");
}

/// A certificate that went missing between opening the profile and loading it into the forms
/// shows as the picker's error, in the user's words; nothing crashes.
#[test]
fn a_missing_certificate_shows_in_the_picker() {
    let lang = Lang::En;
    let d = tempfile::tempdir().unwrap();
    let ca = d.path().join("ca.pem");
    std::fs::copy(fixture("ca.pem"), &ca).unwrap();
    let path = d.path().join("site.toml");
    std::fs::write(
        &path,
        "[mqtt]\nclient_id = \"a\"\nhost = \"broker.example.com\"\nca_cert = \"ca.pem\"\n",
    )
    .unwrap();
    let (mut h, _sim, files) = start(lang, Tab::Profiles);
    files.will_open(&path);
    click_then_files(&mut h, "Open profile…");
    assert!(shows(&h, "Valid profile"));
    std::fs::remove_file(&ca).unwrap();
    click_then_files(&mut h, "Load into the forms");
    let tls = &h.state().panels.mqtt.tls;
    assert!(tls.tls && tls.verify);
    assert!(tls.picker.has_problem());
    assert_eq!(tls.picker.path.as_deref(), Some(ca.as_path()));
    show_tab(&mut h, Tab::Mqtt);
    assert!(shows(&h, "Could not read"));
    assert!(shows(&h, "Check that the file exists"));
}

/// A profile's subscriptions land in the MQTT panel's list; one button subscribes to all of
/// them once the broker is connected, and the list then follows the module again.
#[test]
fn loaded_subscriptions_are_subscribed_from_the_list() {
    let lang = Lang::En;
    let (mut h, sim, files) = start(lang, Tab::Profiles);
    let (_d, path) = write_profile(
        "[mqtt]\nclient_id = \"a\"\nhost = \"broker.example.com\"\n\
         [[mqtt.subscriptions]]\ntopic = \"a/1\"\n\
         [[mqtt.subscriptions]]\ntopic = \"b/2\"\nqos = 2\n\
         [[mqtt.subscriptions]]\ntopic = \"c/3\"\nqos = 1\n",
    );
    files.will_open(path);
    click_then_files(&mut h, "Open profile…");
    click_then_files(&mut h, "Load into the forms");
    show_tab(&mut h, Tab::Mqtt);
    click_then_files(&mut h, "Save broker and connect");
    settle(&mut h, "the broker connects", |_| {
        sim.state().mqtt.status == 1
    });
    // The list keeps the profile's topics while the module has none of them.
    settle(&mut h, "the module's empty list is read", |a| {
        a.module.subscriptions.as_ref().is_some_and(Vec::is_empty)
    });
    assert_eq!(h.state().panels.mqtt.subs.list.len(), 3);
    click_then_files(&mut h, "Remove from the list: b/2");
    click_then_files(&mut h, "Subscribe to the listed topics (2)");
    settle(&mut h, "both topics are subscribed", |_| {
        sim.state().mqtt.subscriptions.len() == 2
    });
    assert_eq!(
        sim.state().mqtt.subscriptions,
        [("a/1".to_string(), 0), ("c/3".to_string(), 1)]
    );
    settle(&mut h, "the list follows the module again", |a| {
        !a.panels.mqtt.subs.sync.edited && a.panels.mqtt.subs.list.len() == 2
    });
    assert!(shows(&h, "Subscribed topics: 2/50"));
    assert!(shows(&h, "✓ subscribed"));
}
