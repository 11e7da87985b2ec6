//! The health check's delivery-proof step in the real app: the online simulated module (real
//! connections from this computer) connected to a real mosquitto over TLS with the CA picked from
//! a file in the MQTT tab; the health check then proves delivery both ways with the MQTT tab's
//! settings and shows each direction's result and time. English and Chinese. Without a broker,
//! the step is skipped and says why (not a failure).

mod gui_common;
mod net_common;

use ct11_configurator::at::mqtt::MqttState;
use ct11_configurator::i18n::Lang;
use ct11_configurator::profile::health::{HealthStep, Verdict};
use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::App;
use ct11_configurator::ui::tab::Tab;
use gui_common::*;
use net_common::{Mosquitto, Pki};

fn proof_step(a: &App) -> Option<ct11_configurator::profile::health::StepResult> {
    let c = a.panels.health.check()?;
    c.results()
        .iter()
        .find(|r| r.step == HealthStep::Proof)
        .cloned()
}

fn check_done(a: &App) -> bool {
    a.panels.health.check().is_some_and(|c| c.is_done()) && !a.jobs.any_busy()
}

fn health_proves_delivery(lang: Lang) {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let (mut h, _sim, files) = launch(
        SimConfig::fast().online(),
        lang,
        Tab::Mqtt,
        [1400.0, 7000.0],
        |app, _| app.settings.log_visible = false,
    );
    settle(&mut h, "the panel reads the module", |a| {
        a.module.mqtt_state.is_some() && a.module.mqtt_cert.is_some() && !a.jobs.any_busy()
    });
    // The MQTT tab: MQTTS with the CA from a file, as an installer sets it up.
    set_text(&mut h, t(lang, "Client ID", "客户端 ID"), "ct11-health-1");
    files.will_open(pki.path("ca.pem"));
    click(&mut h, t(lang, "Choose certificate file…", "选择证书文件…"));
    click(
        &mut h,
        t(lang, "Use TLS (MQTTS)", "使用 TLS 加密（MQTTS 模式）"),
    );
    click(
        &mut h,
        t(
            lang,
            "Verify the server's certificate (one-way authentication)",
            "验证服务器证书（单向认证）",
        ),
    );
    replace_text(&mut h, t(lang, "Broker host", "服务器地址"), "127.0.0.1");
    replace_text(
        &mut h,
        t(lang, "Broker port", "服务器端口"),
        &broker.tls.to_string(),
    );
    click(
        &mut h,
        t(
            lang,
            "Apply all in order and connect",
            "按顺序全部应用并连接",
        ),
    );
    settle(&mut h, "the module connects over TLS", |a| {
        a.module.mqtt_state == Some(MqttState::Connected) && !a.jobs.any_busy()
    });

    open_tab(&mut h, t(lang, "Health check", "健康检查"));
    click(&mut h, t(lang, "Run health check", "运行健康检查"));
    settle(&mut h, "the health check with its proof ends", check_done);
    h.run();
    let step = proof_step(h.state()).expect("a proof step");
    assert_eq!(step.verdict, Verdict::Pass, "{step:?}");
    let report = step.proof.expect("each direction's result");
    assert!(report.ok(), "{report:?}");
    assert!(shows(&h, t(lang, "Delivery proof", "数据送达验证")));
    assert!(shows(
        &h,
        t(
            lang,
            "✓ Module → broker → this computer: delivered in",
            "✓ 模块 → 服务器 → 本机："
        )
    ));
    assert!(shows(
        &h,
        t(
            lang,
            "✓ This computer → broker → module: delivered in",
            "✓ 本机 → 服务器 → 模块："
        )
    ));
    h.check_accessibility();
}

#[test]
fn the_health_check_proves_delivery_with_the_mqtt_tab_settings_en() {
    health_proves_delivery(Lang::En);
}

#[test]
fn the_health_check_proves_delivery_with_the_mqtt_tab_settings_zh() {
    health_proves_delivery(Lang::Zh);
}

#[test]
fn the_health_check_proves_delivery_with_the_mqtt_tab_settings_zh_hant() {
    health_proves_delivery(Lang::ZhHant);
}

#[test]
fn without_a_broker_the_proof_step_is_skipped_and_says_why() {
    for lang in Lang::ALL {
        let (mut h, _sim) = connected(SimConfig::fast(), lang, Tab::Health);
        click(&mut h, t(lang, "Run health check", "运行健康检查"));
        settle(&mut h, "the health check ends", check_done);
        h.run();
        let step = proof_step(h.state()).expect("a proof step");
        assert_eq!(step.verdict, Verdict::Skipped, "{step:?}");
        assert_eq!(step.summary.en(), "No broker configured");
        assert!(step.proof.is_none());
        assert!(!h.state().panels.health.proving());
        assert_eq!(
            h.state().panels.health.check().map(|c| c.overall()),
            Some(Verdict::Pass),
            "a skipped proof is not a failure"
        );
        assert!(shows(
            &h,
            t(lang, "No broker configured", "未配置 MQTT 服务器")
        ));
    }
}

#[test]
fn a_module_checking_a_ca_the_mqtt_tab_has_no_file_for_gets_told_what_to_do() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let lang = Lang::En;
    let (mut h, sim, _files) = launch(
        SimConfig::fast().online(),
        lang,
        Tab::Health,
        [1400.0, 3200.0],
        |app, _| app.settings.log_visible = false,
    );
    settle(&mut h, "connected and read", |a| !a.jobs.any_busy());
    // Configured outside this app (by the command line, say): the module checks the server
    // against an uploaded CA, and this app's MQTT tab has no CA file.
    configure_module(&mut h, broker.tls, Some(pki.ca_pem.as_bytes()));
    settle_sim(&mut h, &sim, "the module connects", |s| s.mqtt.status == 1);
    settle(&mut h, "the app is idle", |a| !a.jobs.any_busy());
    click(&mut h, "Run health check");
    settle(&mut h, "the health check ends", check_done);
    h.run();
    let step = proof_step(h.state()).expect("a proof step");
    assert_eq!(step.verdict, Verdict::Warn, "{step:?}");
    assert!(
        step.advice
            .en()
            .contains("choose that same CA file in section 3"),
        "{step:?}"
    );
    assert!(shows(&h, "Could not run the proof"));
}

/// Configure the module's MQTT directly (as another tool would): client, optional CA checked,
/// broker on 127.0.0.1:`port`.
fn configure_module(h: &mut Gui, port: u16, ca: Option<&[u8]>) {
    use ct11_configurator::at::mqtt::{MqttBroker, MqttCert, MqttClient};
    use ct11_configurator::at::{Checked, Command};
    use ct11_configurator::worker::{JobId, Request, Step};
    let step = |c| Step {
        command: c,
        timeout: None,
    };
    let mut cmds = vec![step(Command::MqttClientSet(
        Checked::new(MqttClient {
            client_id: "ct11-health-2".into(),
            username: String::new(),
            password: String::new(),
            will: None,
        })
        .unwrap(),
    ))];
    if let Some(ca) = ca {
        cmds.push(step(Command::MqttCertSet(
            Checked::new(MqttCert {
                tls: true,
                verify: true,
                data: ca.to_vec(),
            })
            .unwrap(),
        )));
    }
    cmds.push(step(Command::MqttBrokerSet(
        Checked::new(MqttBroker {
            host: "127.0.0.1".into(),
            port,
            auto_reconnect: false,
        })
        .unwrap(),
    )));
    h.state_mut().send(Request::Run {
        id: JobId::fresh(),
        steps: cmds,
        stop_on_error: true,
    });
    settle(h, "the settings are sent", |a| !a.jobs.any_busy());
}

#[test]
fn a_module_that_cannot_connect_gets_the_proof_s_cause_tls() {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let lang = Lang::En;
    let (mut h, sim, files) = launch(
        SimConfig::fast().online(),
        lang,
        Tab::Mqtt,
        [1400.0, 7000.0],
        |app, _| app.settings.log_visible = false,
    );
    settle(&mut h, "connected and read", |a| !a.jobs.any_busy());
    // The module holds a CA that did not sign the broker's certificate; the MQTT tab has the
    // same (wrong) file, as an installer who picked the wrong one would.
    configure_module(&mut h, broker.tls, Some(pki.wrong_ca_pem.as_bytes()));
    settle_sim(&mut h, &sim, "the module's attempt ends", |s| {
        s.mqtt.status == 0
    });
    settle(&mut h, "the module's error shows", |a| {
        a.module.alert.is_some() && !a.jobs.any_busy()
    });
    // Dismissed as the installer would (the banner also grows frame by frame in this tall
    // window, moving everything under it: a separate layout bug of the banner).
    h.state_mut().module.alert = None;
    h.run();
    files.will_open(pki.path("wrong-ca.pem"));
    click(&mut h, "Choose certificate file…");
    settle(&mut h, "the CA file is read", |a| {
        a.panels.mqtt.tls.picker.upload_bytes().is_some()
    });
    h.state_mut().settings.tab = Tab::Health;
    h.run();
    click(&mut h, "Run health check");
    settle(&mut h, "the health check with its proof ends", check_done);
    h.run();
    let c = h.state().panels.health.check().unwrap();
    let broker_step = &c.results()[HealthStep::Broker as usize];
    assert_ne!(broker_step.verdict, Verdict::Pass, "{broker_step:?}");
    let step = proof_step(h.state()).expect("a proof step");
    assert_eq!(
        step.verdict,
        Verdict::Fail,
        "the proof ran and failed: {step:?}"
    );
    assert!(
        step.advice
            .en()
            .contains("not signed by the CA you uploaded"),
        "{step:?}"
    );
    assert!(shows(
        &h,
        "× Module → broker → this computer: not delivered"
    ));
    h.check_accessibility();
}

#[test]
fn a_proof_under_way_is_cancelled_from_the_health_check() {
    // A broker that accepts TCP but never answers: the proof waits (its step timeout is 10 s)
    // until Cancel.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let (mut h, _sim, _files) = launch(
        SimConfig::fast().online(),
        Lang::Zh,
        Tab::Health,
        [1400.0, 3200.0],
        |app, _| app.settings.log_visible = false,
    );
    settle(&mut h, "connected and read", |a| !a.jobs.any_busy());
    configure_module(&mut h, port, None);
    click(&mut h, "运行健康检查");
    settle(&mut h, "the proof runs", |a| a.panels.health.proving());
    h.run_steps(2);
    assert!(shows(&h, "本机正在连接服务器…"), "the stage is shown");
    click(&mut h, "取消");
    // The check ends at once; the proof's thread stops within its 100 ms cancel check.
    assert!(h.state().panels.health.check().is_some_and(|c| c.is_done()));
    settle(&mut h, "the proof's thread ends", |a| {
        check_done(a) && !a.panels.health.proving()
    });
    h.run();
    let step = proof_step(h.state()).expect("a proof step");
    assert_eq!(step.verdict, Verdict::Skipped, "{step:?}");
    assert_eq!(
        step.summary.get(ct11_configurator::i18n::Lang::Zh),
        "已取消"
    );
    assert!(!h.state().panels.health.proving());
    drop(silent);
}
