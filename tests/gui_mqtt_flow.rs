//! The whole MQTTS set-up as an installer does it, by labels only, in English and in Chinese:
//! start the app, connect the simulated CT11, fill the client, pick a CA certificate from a file
//! made here, turn TLS on, enter the broker, and "Save broker and connect". Asserts what issue 9
//! item 5 found misleading:
//! - the broker host starts empty (no public broker pre-filled);
//! - "Save broker and connect" refuses while the client is missing or a pending section cannot
//!   be sent (naming it), and otherwise sends the pending sections first, in the manual's order,
//!   and shows them applied in order;
//! - no password and no certificate text anywhere in the accessibility tree; the certificate is
//!   its name, size and SHA-256 fingerprint;
//! - the file dialog runs off the UI thread (frames keep coming while it is open);
//! - every warning names its field, buttons have human names, the window has its title;
//! - "Connected" is labelled the module's own report, with a place for the delivery proof and
//!   no verdict in it.

mod gui_common;

use crossbeam_channel::{Receiver, Sender};
use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::{SimConfig, SimHandle};
use ct11_configurator::ui::files::FilePicker;
use ct11_configurator::ui::settings::Settings;
use ct11_configurator::ui::task::Task;
use ct11_configurator::ui::{App, AppOptions};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use gui_common::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A file dialog that stays open until the test answers it, as a person takes their time. Its
/// blocking `pick_file` (the one that froze the window) only counts calls.
struct SlowDialog {
    answers: Receiver<Option<PathBuf>>,
    blocking_calls: Arc<AtomicUsize>,
}

impl FilePicker for SlowDialog {
    fn pick_file(&self, _title: &str, _filters: &[(&str, &[&str])]) -> Option<PathBuf> {
        self.blocking_calls.fetch_add(1, Ordering::SeqCst);
        None
    }
    fn pick_file_task(
        &self,
        egui: &egui::Context,
        _title: &str,
        _filters: &[(&str, &[&str])],
    ) -> Task<Option<PathBuf>> {
        let answers = self.answers.clone();
        Task::spawn("test-dialog", egui, move || answers.recv().ok().flatten())
    }
    fn save_file(&self, _title: &str, _default_name: &str) -> Option<PathBuf> {
        None
    }
}

struct Flow {
    h: Gui,
    sim: SimHandle,
    dialog: Sender<Option<PathBuf>>,
    blocking_calls: Arc<AtomicUsize>,
}

fn start(lang: Lang) -> Flow {
    let sim = SimHandle::spawn(SimConfig::fast());
    let (dialog, answers) = crossbeam_channel::unbounded();
    let blocking_calls = Arc::new(AtomicUsize::new(0));
    let mut app = App::new(AppOptions {
        files: Box::new(SlowDialog {
            answers,
            blocking_calls: blocking_calls.clone(),
        }),
        simulated: ct11_configurator::sim::handle_opener(sim.clone()),
        settings: Settings {
            lang: Some(lang),
            ..Settings::default()
        },
    });
    app.settings.log_visible = false;
    app.settings.refresh_s = 0;
    let h = Harness::builder()
        .with_size([1400.0, 6000.0])
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    Flow {
        h,
        sim,
        dialog,
        blocking_calls,
    }
}

/// A CA certificate file as an installer has one: a name of their own, in a folder of theirs.
fn certificate_file(dir: &Path) -> (PathBuf, Vec<u8>) {
    let bytes = std::fs::read(fixture("ca.pem")).unwrap();
    let path = dir.join("site-ca.pem");
    std::fs::write(&path, &bytes).unwrap();
    (path, bytes)
}

const PASSWORD: &str = "s3cret-pw";

fn mqtts_flow(lang: Lang) {
    let Flow {
        mut h,
        sim,
        dialog,
        blocking_calls,
    } = start(lang);
    let dir = tempfile::tempdir().unwrap();
    let (cert_path, cert_bytes) = certificate_file(dir.path());

    // The window has its name, for screen readers and test tools.
    h.step();
    assert_eq!(
        h.root().accesskit_node().label().as_deref(),
        Some("CT11 Configurator")
    );

    // Connect the simulated CT11 (the port list starts on it), then open the MQTT panel.
    click(&mut h, t(lang, "Connect", "连接"));
    settle(&mut h, "connects", |a| a.module.link.is_connected());
    open_tab(&mut h, t(lang, "MQTT", "MQTT"));
    settle(&mut h, "the panel reads the module", |a| {
        a.module.mqtt_broker.is_some() && !a.jobs.any_busy()
    });

    // No broker is pre-filled: an installer who leaves it does not send credentials anywhere.
    let host = t(lang, "Broker host", "服务器地址");
    assert_eq!(value(&h, host), "");
    // Every warning names its field.
    let empty_id = t(lang, "Client ID must not be empty.", "客户端 ID 不能为空。");
    assert!(shows(&h, empty_id), "the empty client ID is named");
    for text in tree_texts(&h) {
        assert!(
            !(text.starts_with("⚠ must") || text.starts_with("⚠ 不能")),
            "a warning that does not name its field: {text:?}"
        );
    }

    // The broker alone cannot connect a module that has no client ID: refused, saying why.
    set_text(&mut h, host, "mqtt.example.com");
    let save = t(lang, "Save broker and connect", "保存服务器并连接");
    assert!(!enabled(&h, save));
    assert!(shows(
        &h,
        t(
            lang,
            "The module has no client ID yet: fill in 1. Client first.",
            "模块尚未设置客户端 ID：请先填写“1. 客户端参数”。"
        )
    ));

    // 1. Client.
    set_text(&mut h, t(lang, "Client ID", "客户端 ID"), "CT11-0042");
    set_text(&mut h, t(lang, "User name", "用户名"), "site-user");
    set_text(&mut h, t(lang, "Password", "密码"), PASSWORD);

    // 2. Session, changed to something the module refuses: the broker is refused, naming it.
    let keepalive = t(lang, "Keepalive (seconds)", "心跳间隔（秒）");
    set_text(&mut h, keepalive, "9999");
    assert!(!enabled(&h, save));
    assert!(shows(
        &h,
        t3(
            lang,
            "2. Session has changes that cannot be sent",
            "“2. 会话与心跳”中的修改无法发送",
            "「2. 工作階段與心跳」中的修改無法傳送"
        )
    ));
    // Undo names what it undoes.
    click(
        &mut h,
        t(
            lang,
            "Undo changes to the session settings",
            "撤销会话参数的修改",
        ),
    );
    assert_eq!(value(&h, keepalive), "60", "the module's value is back");

    // 3. TLS with a certificate from a file. The dialog stays open while frames go on.
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
    let choose = t(lang, "Choose certificate file…", "选择证书文件…");
    click(&mut h, choose);
    let open_note = t(
        lang,
        "The file dialog is open: choose the certificate there.",
        "文件对话框已打开：请在其中选择证书。",
    );
    for _ in 0..5 {
        h.step();
    }
    assert!(shows(&h, open_note), "the window keeps drawing meanwhile");
    assert!(!enabled(&h, choose), "one dialog at a time");
    assert_eq!(
        blocking_calls.load(Ordering::SeqCst),
        0,
        "the blocking dialog was not called on the UI thread"
    );
    dialog.send(Some(cert_path.clone())).unwrap();
    settle(&mut h, "the dialog's answer is taken", |a| {
        a.panels.mqtt.tls.picker.file.is_some()
    });
    h.step();
    let fingerprint = "60:1F:35:32:94:47:1E:99:D6:A6:93:17:C3:85:BA:9F:81:89:CF:3A:4B:75:B4:95:44:F2:35:38:67:B9:DB:5A";
    assert!(shows(&h, "site-ca.pem"));
    assert!(shows(&h, fingerprint), "the card shows the fingerprint");

    // 4. Broker: TLS port, then connect. The pending sections are named and go first.
    click(&mut h, t(lang, "Use 8883", "改用 8883"));
    assert!(shows(
        &h,
        t(
            lang,
            "Sent first, in this order: 1. Client, 3. TLS certificate.",
            "将先按以下顺序发送：1. 客户端参数、3. TLS 证书。"
        )
    ));
    h.check_accessibility();
    click(&mut h, save);
    settle_sim(&mut h, &sim, "the module connects", |s| s.mqtt.status == 1);
    let job = finished(&mut h, "mqtt.broker");
    assert!(job.ok, "{job:?}");
    h.step();
    h.step();

    // On the module: client, TLS with the file byte for byte, then the broker, in that order.
    let s = sim.state();
    let c = s.mqtt.client.as_ref().expect("client sent");
    assert_eq!(
        (c.client_id.as_str(), c.user.as_str(), c.password.as_str()),
        ("CT11-0042", "site-user", PASSWORD)
    );
    let cert = s.mqtt.certificate.as_ref().expect("certificate sent");
    assert_eq!((cert.mode, cert.verify), (1, 1));
    assert_eq!(cert.data, cert_bytes, "uploaded byte for byte");
    let b = s.mqtt.broker.as_ref().expect("broker sent");
    assert_eq!((b.host.as_str(), b.port), ("mqtt.example.com", 8883));
    let lines = sim.received_lines();
    let at = |prefix: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix} was not sent"))
    };
    assert!(at("AT+QMTCFG=") < at("AT+MQTTCERTIFI="));
    assert!(at("AT+MQTTCERTIFI=") < at("AT+QMTCONNCFG="));
    assert!(
        sent(&sim, "AT+QMTSTART=").is_empty(),
        "the unchanged session is not sent"
    );

    // The panel shows the sections applied in order, and the state as the module reports it.
    assert!(shows(&h, t(lang, "Applied in order:", "已按顺序应用：")));
    let cert_line = said(
        lang,
        format!(
            "3. TLS certificate (site-ca.pem, {} bytes, SHA-256 60:1F:35:32…67:B9:DB:5A)",
            cert_bytes.len()
        ),
        format!(
            "3. TLS 证书（site-ca.pem，{} 字节，SHA-256 60:1F:35:32…67:B9:DB:5A）",
            cert_bytes.len()
        ),
    );
    let mut summary: Vec<String> = tree_texts(&h)
        .into_iter()
        .filter(|l| {
            *l == t(lang, "1. Client", "1. 客户端参数")
                || *l == cert_line
                || *l == t(lang, "4. Broker", "4. 服务器")
        })
        .collect();
    let expected = [
        t(lang, "1. Client", "1. 客户端参数").to_string(),
        cert_line.clone(),
        t(lang, "4. Broker", "4. 服务器").to_string(),
    ];
    // A label is its name and its value: one each. The section headings carry the same words
    // as two of the lines: the summary is the last three, in order.
    summary.dedup();
    assert!(summary.len() >= 3, "{summary:?}");
    assert_eq!(summary[summary.len() - 3..], expected, "{summary:?}");
    let connected = format!(
        "● {}",
        ct11_configurator::at::mqtt::MqttState::Connected.words(lang)
    );
    settle(&mut h, "the state is read back", |a| {
        a.module.mqtt_state == Some(ct11_configurator::at::mqtt::MqttState::Connected)
    });
    assert!(h.query_by_label(&connected).is_some(), "{connected}");
    assert!(shows(
        &h,
        t(
            lang,
            "This is the module's own report.",
            "这是模块自己报告的状态。"
        )
    ));
    // The delivery proof is offered, with no verdict before it runs.
    assert!(shows(
        &h,
        t(
            lang,
            "Delivery proof (from this computer)",
            "送达证明（由本机检查）"
        )
    ));
    assert!(!shows(&h, t(lang, "Proven", "已验证")));

    // Nothing secret on screen: no password, no certificate text (the read-back included).
    let pem = String::from_utf8(cert_bytes.clone()).unwrap();
    let body_line = pem.lines().nth(1).unwrap().to_string();
    let texts = tree_texts(&h);
    for text in &texts {
        assert!(!text.contains(PASSWORD), "the password is shown: {text:?}");
        assert!(
            !text.contains("BEGIN CERTIFICATE") && !text.contains(&body_line),
            "certificate text is shown: {text:?}"
        );
        assert!(
            !text.contains("(mqtt.") && !text.contains("(http."),
            "an internal id in a name: {text:?}"
        );
    }
    assert!(
        texts
            .iter()
            .any(|t| t.contains("SHA-256 60:1F:35:32…67:B9:DB:5A")),
        "the certificate read back is shown by its fingerprint"
    );
    h.check_accessibility();
}

#[test]
fn mqtts_flow_en() {
    mqtts_flow(Lang::En);
}

#[test]
fn mqtts_flow_zh() {
    mqtts_flow(Lang::Zh);
}

#[test]
fn mqtts_flow_zh_hant() {
    mqtts_flow(Lang::ZhHant);
}

/// A profile with no host (or an app with no profile) never fills in a broker.
#[test]
fn nothing_prefills_the_broker() {
    let panel = ct11_configurator::ui::panels::mqtt::MqttPanel::default();
    assert_eq!(panel.broker.host, "");
    assert_eq!(ct11_configurator::at::mqtt::MqttBroker::default().host, "");
}
