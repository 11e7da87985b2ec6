//! The Profiles, Health check and Production line tabs, driven by their labels in the real app
//! against the simulated module: open a profile and apply it (then the report), a module that
//! forgets a setting, a bad profile that keeps Apply disabled, the health check, and a batch of
//! two simulated modules.

use ct11_configurator::i18n::Lang;
use ct11_configurator::profile::batch::EntryPhase;
use ct11_configurator::profile::health::Verdict;
use ct11_configurator::profile::runner::JobState;
use ct11_configurator::sim::{Faults, SimConfig, SimHandle};
use ct11_configurator::ui::App;
use ct11_configurator::ui::files::PresetPicker;
use ct11_configurator::ui::tab::Tab;
use ct11_configurator::ui::testing::app_with_sim;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(30);

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

fn t(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    lang.pick(en, zh)
}

fn start(lang: Lang, tab: Tab) -> (Harness<'static, App>, SimHandle, PresetPicker) {
    let (mut app, sim, files) = app_with_sim(SimConfig::fast(), lang);
    app.settings.tab = tab;
    app.panels.batch.sim_config = SimConfig::fast();
    let mut h = Harness::builder()
        .with_size([1400.0, 3600.0])
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.state_mut().connect();
    assert!(settle(&mut h, |a| a.module.link.is_connected()), "connects");
    assert!(
        settle(&mut h, |a| a.module.imei.is_some()),
        "reads the identity"
    );
    (h, sim, files)
}

fn settle(h: &mut Harness<'static, App>, mut done: impl FnMut(&App) -> bool) -> bool {
    let end = Instant::now() + LIMIT;
    loop {
        h.step();
        if done(h.state()) {
            h.step();
            return true;
        }
        if Instant::now() > end {
            return false;
        }
        h.state_mut().wait_for_worker(Duration::from_millis(20));
    }
}

fn has(h: &Harness<'static, App>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

fn is_disabled(h: &Harness<'static, App>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().is_disabled()
}

fn write_profile(body: &str) -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("site.toml");
    std::fs::write(&p, body).unwrap();
    (d, p)
}

fn open_and_apply(h: &mut Harness<'static, App>, files: &PresetPicker, lang: Lang, path: PathBuf) {
    files.will_open(path);
    h.get_by_label(t(lang, "Open profile…", "打开配置文件…"))
        .click();
    h.run_steps(2);
    assert!(has(h, t(lang, "Valid profile", "配置文件有效")));
    // The preview shows the filled placeholder.
    assert!(has(h, "AT+QMTCFG=\"ct11-453595\""), "preview is filled");
    h.get_by_label(t(lang, "Apply profile", "应用配置文件"))
        .click();
    assert!(
        settle(h, |a| a
            .panels
            .profiles
            .apply_status()
            .is_some_and(|s| s.is_finished())),
        "apply finishes"
    );
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
    assert!(has(&h, t(lang, "Every field matches.", "所有字段一致。")));
    // The password never shows: it sits in the masked field, not in the text.
    assert!(!has(&h, "s3cret-pw"));

    // The health check, then the report (secrets redacted).
    h.get_by_label(t(lang, "Run health check", "运行健康检查"))
        .click();
    assert!(settle(&mut h, |a| a
        .panels
        .profiles
        .health()
        .is_some_and(|c| c.is_done())));
    let report = d.path().join("report.html");
    files.will_save(&report);
    h.get_by_label(t(lang, "Save installation report…", "保存安装报告…"))
        .click();
    h.run_steps(2);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("860720087453595"));
    assert!(html.contains("broker.example.com"));
    assert!(!html.contains("s3cret-pw"));

    // Save asks about secrets; without them the file has no password.
    let saved = d.path().join("saved.toml");
    files.will_save(&saved);
    h.get_by_label(t(lang, "Save profile…", "保存配置文件…"))
        .click();
    h.run_steps(2);
    h.get_by_label(t(lang, "Save without the password", "保存（不含密码）"))
        .click();
    h.run_steps(2);
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
    assert!(has(&h, "Mismatch: mqtt.keepalive_s"));
    assert!(has(&h, "× differs"));
}

#[test]
fn a_bad_profile_keeps_apply_disabled_and_sends_nothing() {
    for lang in [Lang::En, Lang::Zh] {
        let (mut h, sim, files) = start(lang, Tab::Profiles);
        let (_d, path) = write_profile(&PROFILE.replace("keepalive_s = 120", "keepalive_s = 9999"));
        files.will_open(path);
        h.get_by_label(t(lang, "Open profile…", "打开配置文件…"))
            .click();
        h.run_steps(2);
        let apply = t(lang, "Apply profile", "应用配置文件");
        assert!(is_disabled(&h, apply));
        assert!(
            has(&h, "site.toml:7: mqtt.keepalive_s"),
            "file, line and key"
        );
        assert!(has(
            &h,
            t(
                lang,
                "Fix the profile's problems first.",
                "请先修正配置文件中的问题。"
            )
        ));
        let before = sim.received_lines();
        h.get_by_label(apply).click();
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
        h.get_by_label(t(lang, "Run health check", "运行健康检查"))
            .click();
        assert!(settle(&mut h, |a| a
            .panels
            .health
            .check()
            .is_some_and(|c| c.is_done())));
        let c = h.state().panels.health.check().unwrap();
        assert_eq!(c.overall(), Verdict::Pass, "{:?}", c.results());
        assert!(has(
            &h,
            t(
                lang,
                "All good: the module is ready.",
                "一切正常：模块已就绪。"
            )
        ));
        assert!(has(&h, t(lang, "SIM detected", "检测到 SIM")) || has(&h, "ICCID"));
        assert!(has(&h, "-83 dBm"));
    }
}

#[test]
fn a_batch_of_two_simulated_modules() {
    let lang = Lang::En;
    let (mut h, _sim, files) = start(lang, Tab::Batch);
    let (d, path) = write_profile(PROFILE);
    files.will_open(path);
    h.get_by_label("Choose profile…").click();
    h.run_steps(2);
    h.get_by_label("Simulated modules (demo)").focus();
    h.get_by_label("Simulated modules (demo)").type_text("2");
    h.run_steps(2);
    h.get_by_label("Start (2)").click();
    assert!(settle(&mut h, |a| a
        .panels
        .batch
        .batch()
        .is_some_and(|b| b.is_finished())));
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
    assert!(has(&h, "Done: 2"));

    let csv = d.path().join("b.csv");
    files.will_save(&csv);
    h.get_by_label("Export CSV…").click();
    h.run_steps(2);
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
        h.get_by_label(t(lang, "Open profile…", "打开配置文件…"))
            .click();
        h.run_steps(2);
        h.get_by_label(t(lang, "Load into the forms", "载入到各页表单"))
            .click();
        h.run_steps(2);
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
        h.get_by_label(t(
            lang,
            "Use the settings in the forms",
            "使用各页表单中的设置",
        ))
        .click();
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
        assert!(has(&h, t(lang, "Valid profile", "配置文件有效")));
    }
}
