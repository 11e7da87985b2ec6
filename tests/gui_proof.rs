//! The whole MQTTS flow as an installer does it, from app start to proof: the online simulated
//! module (real connections from this computer), a real mosquitto with a TLS listener whose
//! server certificate a CA made here signed, the CA picked from a file, applied in order,
//! connected, and then proven in both directions by this computer's own client. The proof's
//! verdict, not "Connected", says it worked. English and Chinese.

mod gui_common;
mod net_common;

use ct11_configurator::at::mqtt::MqttState;
use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::tab::Tab;
use gui_common::*;
use net_common::{Mosquitto, Pki};

fn mqtts_proven(lang: Lang) {
    let pki = Pki::new();
    let broker = Mosquitto::start(&pki);
    let (mut h, sim, files) = launch(
        SimConfig::fast().online(),
        lang,
        Tab::Mqtt,
        [1400.0, 7000.0],
        |app, _| app.settings.log_visible = false,
    );
    settle(&mut h, "the panel reads the module", |a| {
        a.module.mqtt_state.is_some() && a.module.mqtt_cert.is_some() && !a.jobs.any_busy()
    });

    set_text(&mut h, t(lang, "Client ID", "客户端 ID"), "ct11-site-7");
    files.will_open(pki.path("ca.pem"));
    click(&mut h, t(lang, "Choose certificate file…", "选择证书文件…"));
    assert!(shows(&h, "ca.pem"));
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
    // The uploaded certificate is exactly the file's bytes.
    let uploaded = sim.state().mqtt.certificate.expect("uploaded").data;
    assert_eq!(uploaded, pki.ca_pem.as_bytes());

    // The panel shows what the proof still needs until it has it; let that settle.
    h.run();
    let prove = t(lang, "Prove delivery both ways", "双向验证数据送达");
    assert!(enabled(&h, prove), "everything the proof needs is known");
    click(&mut h, prove);
    settle(&mut h, "the proof ends", |a| {
        !a.panels.mqtt.proof.busy() && a.panels.mqtt.proof.last.is_some()
    });
    h.run();
    let (report, _) = h.state().panels.mqtt.proof.last.clone().expect("report");
    assert!(report.ok(), "{report:?}");
    assert!(shows(
        &h,
        t(
            lang,
            "✓ Proven: data arrives in both directions.",
            "✓ 已验证：数据双向送达。"
        )
    ));
    assert!(shows(
        &h,
        t(
            lang,
            "Module → broker → this computer: delivered in",
            "模块 → 服务器 → 本机："
        )
    ));
    h.check_accessibility();
}

#[test]
fn mqtts_with_a_certificate_file_connected_and_proven_en() {
    mqtts_proven(Lang::En);
}

#[test]
fn mqtts_with_a_certificate_file_connected_and_proven_zh() {
    mqtts_proven(Lang::Zh);
}

#[test]
fn mqtts_with_a_certificate_file_connected_and_proven_zh_hant() {
    mqtts_proven(Lang::ZhHant);
}
