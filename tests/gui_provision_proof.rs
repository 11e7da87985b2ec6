//! Proof of delivery where an installer provisions: the Profiles tab ("Prove delivery from this
//! computer" after apply and verify, into the HTML and JSON installation report) and the
//! Production line (each module proven, each direction's result and time in the CSV and JSON
//! export). The online simulated module (real connections from this computer) and a real
//! mosquitto with a TLS listener whose CA file the profile names; nothing leaves 127.0.0.1.

mod gui_common;
mod net_common;

use std::time::Duration;

use ct11_configurator::i18n::Lang;
use ct11_configurator::profile::batch::EntryPhase;
use ct11_configurator::profile::runner::JobState;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::tab::Tab;
use gui_common::*;
use net_common::{Mosquitto, Pki};

const SLOW: Duration = Duration::from_secs(40);

/// A profile for the broker's TLS listener, with the CA beside it.
fn profile(pki: &Pki, broker: &Mosquitto) -> (tempfile::TempDir, std::path::PathBuf) {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("ca.pem"), &pki.ca_pem).unwrap();
    let p = d.path().join("site.toml");
    std::fs::write(
        &p,
        format!(
            "[mqtt]\nclient_id = \"ct11-{{imei_last6}}\"\nhost = \"127.0.0.1\"\nport = {}\nca_cert = \"ca.pem\"\n[[mqtt.subscriptions]]\ntopic = \"cmd/{{imei_last6}}\"\nqos = 1\n",
            broker.tls
        ),
    )
    .unwrap();
    (d, p)
}

fn files_done(h: &mut Gui) {
    h.run_steps(2);
    settle(h, "file read or written", |a| {
        !a.panels.profiles.file_busy()
    });
    h.step();
}

fn profile_apply_proven_and_reported(lang: Lang) {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let (d, path) = profile(&pki, &broker);
    let (mut h, _sim, files) = launch(
        SimConfig::fast().online(),
        lang,
        Tab::Profiles,
        [1400.0, 4000.0],
        |app, _| app.settings.log_visible = false,
    );
    settle(&mut h, "reads the identity", |a| a.module.imei.is_some());
    files.will_open(path);
    click(&mut h, t(lang, "Open profile…", "打开配置文件…"));
    files_done(&mut h);
    click(
        &mut h,
        t(
            lang,
            "Prove delivery from this computer",
            "从本机验证数据送达",
        ),
    );
    assert!(h.state().panels.profiles.prove);
    click(&mut h, t(lang, "Apply profile", "应用配置文件"));
    settle_within(&mut h, SLOW, "apply, verify and the proof end", |a| {
        let p = &a.panels.profiles;
        p.apply_status().is_some_and(|s| s.is_finished()) && !p.proving() && !a.jobs.any_busy()
    });
    h.run();
    let p = &h.state().panels.profiles;
    let st = p.apply_status().unwrap();
    assert_eq!(st.state, JobState::Done, "{:?}", st.message);
    let report = p.proof_report().expect("the proof ran after apply").clone();
    assert!(report.ok(), "{report:?}");
    assert_eq!(
        report.pc_to_module.topic, "cmd/453595",
        "the profile's subscription"
    );
    assert!(shows(
        &h,
        t(
            lang,
            "✓ Proven: data arrives in both directions.",
            "✓ 已验证：数据双向送达。"
        )
    ));

    let html_path = d.path().join("report.html");
    files.will_save(&html_path);
    click(
        &mut h,
        t(lang, "Save installation report…", "保存安装报告…"),
    );
    files_done(&mut h);
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(
        html.contains(t(lang, "Delivery proof from the PC", "从电脑验证数据送达")),
        "{html}"
    );
    let ms = format!("{} ms", report.module_to_pc.delivered_ms.unwrap());
    assert!(html.contains(&ms), "each direction's time: {html}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(
        json["proof"]["module_to_pc"]["delivered_ms"],
        report.module_to_pc.delivered_ms.unwrap()
    );
    assert!(
        json["proof"]["pc_to_module"]["delivered_ms"].is_u64(),
        "{json}"
    );
    let proof_step = json["health"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "Proof")
        .cloned()
        .expect("the proof is the health's proof step");
    assert_eq!(proof_step["verdict"], "Pass");
    h.check_accessibility();
}

#[test]
fn a_profile_applied_then_proven_goes_into_the_report_en() {
    profile_apply_proven_and_reported(Lang::En);
}

#[test]
fn a_profile_applied_then_proven_goes_into_the_report_zh() {
    profile_apply_proven_and_reported(Lang::Zh);
}

#[test]
fn a_profile_applied_then_proven_goes_into_the_report_zh_hant() {
    profile_apply_proven_and_reported(Lang::ZhHant);
}

#[test]
fn without_the_box_ticked_no_proof_runs() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let (_d, path) = profile(&pki, &broker);
    let (mut h, _sim, files) = launch(
        SimConfig::fast().online(),
        Lang::En,
        Tab::Profiles,
        [1400.0, 4000.0],
        |app, _| app.settings.log_visible = false,
    );
    settle(&mut h, "reads the identity", |a| a.module.imei.is_some());
    files.will_open(path);
    click(&mut h, "Open profile…");
    files_done(&mut h);
    click(&mut h, "Apply profile");
    settle_within(&mut h, SLOW, "apply ends", |a| {
        a.panels
            .profiles
            .apply_status()
            .is_some_and(|s| s.is_finished())
            && !a.jobs.any_busy()
    });
    h.run();
    assert!(!h.state().panels.profiles.proving());
    assert!(h.state().panels.profiles.proof_report().is_none());
}

#[test]
fn a_batch_proves_each_module_and_exports_each_direction() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let (d, path) = profile(&pki, &broker);
    let (mut h, _sim, files) = launch(
        SimConfig::fast(),
        Lang::En,
        Tab::Batch,
        [1400.0, 3000.0],
        |app, _| {
            app.settings.log_visible = false;
            app.panels.batch.sim_config = SimConfig::fast().online();
        },
    );
    files.will_open(path);
    click(&mut h, "Choose profile…");
    settle(&mut h, "the profile is read", |a| {
        a.panels.batch.profile().is_some()
    });
    set_text(&mut h, "Simulated modules (demo)", "2");
    click(&mut h, "Prove delivery from this computer");
    assert!(h.state().panels.batch.prove);
    click(&mut h, "Start (2)");
    settle_within(&mut h, SLOW, "the batch and its proofs end", |a| {
        a.panels.batch.batch().is_some_and(|b| b.is_finished())
    });
    h.run();
    let b = h.state().panels.batch.batch().unwrap();
    let rows = b.rows();
    assert_eq!(
        rows.iter().map(|r| r.phase).collect::<Vec<_>>(),
        [EntryPhase::Done, EntryPhase::Done],
        "{:?}",
        rows.iter().map(|r| &r.message).collect::<Vec<_>>()
    );
    let res = b.results();
    for r in &res {
        let p = r.proof.as_ref().expect("each module proven");
        assert!(p.ok(), "{p:?}");
        assert_eq!(
            p.pc_to_module.topic,
            format!("cmd/{}", &r.imei[r.imei.len() - 6..])
        );
    }
    assert!(shows(&h, "Module → broker → this computer: delivered in"));

    let csv = d.path().join("b.csv");
    files.will_save(&csv);
    click(&mut h, "Export CSV…");
    settle(&mut h, "the export is written", |a| {
        !a.panels.batch.background_busy()
    });
    let text = std::fs::read_to_string(&csv).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        assert_eq!(cols[col("proof_module_to_pc")], "delivered", "{text}");
        assert_eq!(cols[col("proof_pc_to_module")], "delivered", "{text}");
        assert!(
            cols[col("proof_module_to_pc_ms")].parse::<u64>().is_ok(),
            "{text}"
        );
        assert!(
            cols[col("proof_pc_to_module_ms")].parse::<u64>().is_ok(),
            "{text}"
        );
    }
    let json_path = d.path().join("b.json");
    files.will_save(&json_path);
    click(&mut h, "Export JSON…");
    settle(&mut h, "the export is written", |a| {
        !a.panels.batch.background_busy()
    });
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    for m in json.as_array().unwrap() {
        assert!(
            m["proof"]["module_to_pc"]["delivered_ms"].is_u64(),
            "{json}"
        );
        assert!(
            m["proof"]["pc_to_module"]["delivered_ms"].is_u64(),
            "{json}"
        );
    }
}
