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

fn write_profile(body: &str) -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("site.toml");
    std::fs::write(&p, body).unwrap();
    (d, p)
}

fn open_and_apply(h: &mut Gui, files: &PresetPicker, lang: Lang, path: PathBuf) {
    files.will_open(path);
    click(h, t(lang, "Open profile…", "打开配置文件…"));
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
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("860720087453595"));
    assert!(html.contains("broker.example.com"));
    assert!(!html.contains("s3cret-pw"));

    // Save asks about secrets; without them the file has no password.
    let saved = d.path().join("saved.toml");
    files.will_save(&saved);
    click(&mut h, t(lang, "Save profile…", "保存配置文件…"));
    click(
        &mut h,
        t(lang, "Save without the password", "保存（不含密码）"),
    );
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
    for lang in [Lang::En, Lang::Zh] {
        let (mut h, sim, files) = start(lang, Tab::Profiles);
        let (_d, path) = write_profile(&PROFILE.replace("keepalive_s = 120", "keepalive_s = 9999"));
        files.will_open(path);
        click(&mut h, t(lang, "Open profile…", "打开配置文件…"));
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
    for lang in [Lang::En, Lang::Zh] {
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
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.contains(",ok,"), "{text}");
}

#[test]
fn load_a_profile_into_the_forms_and_collect_them_back() {
    for lang in [Lang::En, Lang::Zh] {
        let (mut h, _sim, files) = start(lang, Tab::Profiles);
        let (_d, path) = write_profile(PROFILE);
        files.will_open(path);
        click(&mut h, t(lang, "Open profile…", "打开配置文件…"));
        click(&mut h, t(lang, "Load into the forms", "载入到各页表单"));
        {
            let a = h.state();
            assert_eq!(a.panels.mqtt.client.client_id, "ct11-{imei_last6}");
            assert_eq!(a.panels.mqtt.client.password, "s3cret-pw");
            assert_eq!(a.panels.mqtt.broker.host, "broker.example.com");
            assert_eq!(a.panels.mqtt.session.keepalive, "120");
            assert_eq!(a.panels.mqtt.subs.topic, "cmd/{imei_last6}");
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
