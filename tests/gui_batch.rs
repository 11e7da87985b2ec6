//! The Production line tab, driven by its labels: the port scan, the profile read and the
//! exports run off the UI thread (a "scanning" state first, the result a few frames later), and
//! the exports hold the documented columns — IMEI, ICCID, firmware, signal, result and time for
//! every module — in CSV and in JSON, written atomically.

#[path = "gui_common/hant.rs"]
mod hant;

use ct11_configurator::i18n::Lang;
use ct11_configurator::profile::batch::EntryPhase;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::App;
use ct11_configurator::ui::files::PresetPicker;
use ct11_configurator::ui::tab::Tab;
use ct11_configurator::ui::testing::app_with_sim;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(30);

const PROFILE: &str = r#"[mqtt]
client_id = "ct11-{imei_last6}"
host = "broker.example.com"
[power]
sleep = "none"
"#;

/// The CSV header the export promises (the README and the export buttons' hover text name these).
const CSV_HEADER: &str = "port,imei,iccid,firmware,signal_dbm,result,failed_fields,message,finished_at,seconds,proof_module_to_pc,proof_module_to_pc_ms,proof_pc_to_module,proof_pc_to_module_ms";

/// The app on the Production line tab (no main connection: the batch opens its own ports).
fn start(lang: Lang) -> (Harness<'static, App>, PresetPicker) {
    let (mut app, _sim, files) = app_with_sim(SimConfig::fast(), lang);
    app.settings.tab = Tab::Batch;
    app.settings.log_visible = false;
    app.panels.batch.sim_config = SimConfig::fast();
    let h = Harness::builder()
        .with_size([1400.0, 2400.0])
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    (h, files)
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
        // The batch's workers and the background threads wake the UI; a short bounded wait.
        h.state_mut().wait_for_worker(Duration::from_millis(10));
    }
}

fn has(h: &Harness<'static, App>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

fn t(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
        Lang::ZhHant => hant::traditional(zh),
    }
}

fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

/// Choose `profile`, add `sims` simulated modules and the typed `paths`, start, and wait for the
/// batch to finish.
fn run_batch(
    h: &mut Harness<'static, App>,
    files: &PresetPicker,
    lang: Lang,
    profile: &Path,
    sims: usize,
    paths: &str,
) {
    files.will_open(profile);
    h.get_by_label(t(lang, "Choose profile…", "选择配置文件…"))
        .click();
    assert!(
        settle(h, |a| a.panels.batch.profile().is_some()),
        "profile read"
    );
    let sims_label = t(lang, "Simulated modules (demo)", "模拟模块数量（演示）");
    h.get_by_label(sims_label).focus();
    h.get_by_label(sims_label).type_text(&sims.to_string());
    if !paths.is_empty() {
        let other = t(
            lang,
            "Other ports (paths, comma-separated)",
            "其他串口（路径，逗号分隔）",
        );
        h.get_by_label(other).focus();
        h.get_by_label(other).type_text(paths);
    }
    h.run_steps(2);
    let n = sims + paths.split(',').filter(|p| !p.trim().is_empty()).count();
    let start = match lang {
        Lang::En => format!("Start ({n})"),
        Lang::Zh => format!("开始 ({n})"),
        Lang::ZhHant => hant::traditional(&format!("开始 ({n})")).to_string(),
    };
    h.get_by_label(&start).click();
    assert!(
        settle(h, |a| a
            .panels
            .batch
            .batch()
            .is_some_and(|b| b.is_finished())),
        "the batch finishes"
    );
}

/// Export with the button labelled `label` to `path`, waiting for the background write.
fn export(h: &mut Harness<'static, App>, files: &PresetPicker, label: &str, path: &Path) {
    files.will_save(path);
    h.get_by_label(label).click();
    assert!(
        settle(h, |a| !a.panels.batch.background_busy()),
        "export written"
    );
}

fn csv_fields(line: &str) -> Vec<String> {
    // The exports quote fields with commas; good enough for these rows (no quotes inside).
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn is_utc_time(s: &str) -> bool {
    // "2025-10-27 21:53:20 UTC"
    s.len() == 23 && s.ends_with(" UTC") && s.as_bytes()[4] == b'-' && s.as_bytes()[13] == b':'
}

fn exports_have_the_documented_columns(lang: Lang) {
    let d = tempfile::tempdir().unwrap();
    let profile = write(d.path(), "site.toml", PROFILE);
    let (mut h, files) = start(lang);
    // Two simulated modules that take the profile, and a port that is not there.
    let missing = d.path().join("no-such-tty");
    run_batch(&mut h, &files, lang, &profile, 2, missing.to_str().unwrap());
    let phases: Vec<_> = h
        .state()
        .panels
        .batch
        .batch()
        .unwrap()
        .rows()
        .iter()
        .map(|r| r.phase)
        .collect();
    assert_eq!(
        phases,
        [EntryPhase::Failed, EntryPhase::Done, EntryPhase::Done]
    );

    let csv = d.path().join("report.csv");
    export(&mut h, &files, t(lang, "Export CSV…", "导出 CSV…"), &csv);
    assert!(has(&h, t(lang, "Exported:", "已导出：")));
    let json = d.path().join("report.json");
    export(&mut h, &files, t(lang, "Export JSON…", "导出 JSON…"), &json);

    // CSV: the header, then one line per module.
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(CSV_HEADER));
    let cols: Vec<&str> = CSV_HEADER.split(',').collect();
    let col =
        |row: &[String], name: &str| row[cols.iter().position(|c| *c == name).unwrap()].clone();
    let rows: Vec<Vec<String>> = lines.map(csv_fields).collect();
    assert_eq!(rows.len(), 3, "{text}");
    for r in &rows {
        assert_eq!(r.len(), cols.len(), "{r:?}");
        assert!(is_utc_time(&col(r, "finished_at")), "{r:?}");
        assert!(col(r, "seconds").parse::<f64>().is_ok(), "{r:?}");
    }
    let failed = &rows[0];
    assert_eq!(col(failed, "port"), missing.display().to_string());
    assert_eq!(col(failed, "result"), "failed");
    assert!(col(failed, "imei").is_empty());
    assert!(!col(failed, "message").is_empty(), "says why: {failed:?}");
    let mut imeis = Vec::new();
    for r in &rows[1..] {
        assert_eq!(col(r, "result"), "ok", "{r:?}");
        assert_eq!(col(r, "imei").len(), 15, "{r:?}");
        assert!(col(r, "iccid").starts_with("8986"), "{r:?}");
        assert!(col(r, "firmware").starts_with("CT11_"), "{r:?}");
        let dbm: i32 = col(r, "signal_dbm").parse().expect("signal in dBm");
        assert!((-113..=-51).contains(&dbm), "{r:?}");
        imeis.push(col(r, "imei"));
    }
    assert_ne!(imeis[0], imeis[1], "each module its own line");

    // JSON: the same modules, the same facts.
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let arr = v.as_array().expect("an array");
    assert_eq!(arr.len(), 3);
    for (o, r) in arr.iter().zip(&rows) {
        for key in [
            "port",
            "imei",
            "iccid",
            "firmware",
            "signal_dbm",
            "result",
            "failed_fields",
            "message",
            "finished_at",
            "seconds",
        ] {
            assert!(o.get(key).is_some(), "{key} in {o}");
        }
        assert_eq!(o["imei"].as_str().unwrap(), col(r, "imei"));
        assert_eq!(o["result"].as_str().unwrap(), col(r, "result"));
        assert_eq!(o["finished_at"].as_str().unwrap(), col(r, "finished_at"));
    }
    assert_eq!(
        arr[1]["signal_dbm"].as_i64().map(|x| x.to_string()),
        Some(col(&rows[1], "signal_dbm"))
    );

    // Atomic writes leave no temporary file behind.
    let mut names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["report.csv", "report.json", "site.toml"]);
}

#[test]
fn exports_have_the_documented_columns_en() {
    exports_have_the_documented_columns(Lang::En);
}

#[test]
fn exports_have_the_documented_columns_zh() {
    exports_have_the_documented_columns(Lang::Zh);
}

#[test]
fn exports_have_the_documented_columns_zh_hant() {
    exports_have_the_documented_columns(Lang::ZhHant);
}

/// The first frame of the tab shows the scan under way; the list arrives on a later frame.
#[test]
fn ports_are_listed_in_the_background() {
    for lang in Lang::ALL {
        let (mut h, _files) = start(lang);
        h.step();
        assert!(
            h.state().panels.batch.background_busy()
                || h.state().panels.batch.listed_ports().is_some()
        );
        if h.state().panels.batch.listed_ports().is_none() {
            assert!(has(&h, t(lang, "Scanning…", "正在扫描…")));
        }
        assert!(settle(&mut h, |a| a.panels.batch.listed_ports().is_some()));
        assert!(!has(&h, t(lang, "Scanning…", "正在扫描…")));
        // Rescan starts another scan, which ends the same way.
        h.get_by_label(t(lang, "Rescan ports", "重新扫描串口"))
            .click();
        h.step();
        assert!(settle(&mut h, |a| a.panels.batch.listed_ports().is_some()));
    }
}

/// A bad profile's problems are shown with file and line; an export that cannot be written says
/// so (and leaves nothing behind).
#[test]
fn a_bad_profile_and_an_unwritable_export_are_reported() {
    let lang = Lang::En;
    let d = tempfile::tempdir().unwrap();
    let bad = write(
        d.path(),
        "bad.toml",
        &PROFILE.replace("sleep = \"none\"", "sleep = \"often\""),
    );
    let (mut h, files) = start(lang);
    files.will_open(&bad);
    h.get_by_label("Choose profile…").click();
    assert!(settle(&mut h, |a| !a.panels.batch.background_busy()));
    assert!(h.state().panels.batch.profile().is_none());
    assert!(has(&h, "bad.toml:5"), "file and line");
    assert!(h.get_by_label("Start (0)").accesskit_node().is_disabled());

    let good = write(d.path(), "site.toml", PROFILE);
    run_batch(&mut h, &files, lang, &good, 1, "");
    let nowhere = d.path().join("missing-folder/report.csv");
    export(&mut h, &files, "Export CSV…", &nowhere);
    assert!(has(&h, "Cannot write"));
    assert!(!nowhere.parent().unwrap().exists());
}
