//! The log panel, driven by its labels: filters, search, hex, pause, clear, copy, save with
//! redaction (read back from disk), a spilled log read back in the view; and the real app
//! logging a session with the simulated module, saved with its password redacted.

mod gui_common;

use ct11_configurator::at::checked::Checked;
use ct11_configurator::at::command::Command;
use ct11_configurator::at::error_code::ModuleError;
use ct11_configurator::at::mqtt::MqttClient;
use ct11_configurator::at::urc::Urc;
use ct11_configurator::at::{Frame, FrameKind};
use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::App;
use ct11_configurator::ui::files::PresetPicker;
use ct11_configurator::ui::log::save::SaveResult;
use ct11_configurator::ui::log::{Filter, Limits, LogPanel, Status};
use ct11_configurator::ui::testing;
use ct11_configurator::worker::{Event, RxLine};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use gui_common::{Pick, click, settle, t3};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

struct State {
    panel: LogPanel,
    picker: PresetPicker,
    lang: Lang,
    fonts: bool,
}

fn t(ms: u64) -> SystemTime {
    // 2023-11-14 22:13:20 UTC
    UNIX_EPOCH + Duration::from_secs(1_700_000_000) + Duration::from_millis(ms)
}

fn tx(ms: u64, s: &str, secrets: &[&str]) -> Event {
    Event::Tx {
        at: t(ms),
        bytes: s.as_bytes().to_vec(),
        secrets: secrets.iter().map(|s| s.to_string()).collect(),
    }
}

fn rx(ms: u64, raw: &[u8], kind: FrameKind, unsolicited: bool) -> Event {
    Event::Rx(RxLine {
        at: t(ms),
        frame: Frame {
            kind,
            raw: raw.to_vec(),
        },
        unsolicited,
    })
}

/// A short session: a query, an MQTT login with a password (echoed back), a URC, an error.
fn session() -> Vec<Event> {
    vec![
        tx(0, "AT+CSQ\r\n", &[]),
        rx(5, b"AT+CSQ\r", FrameKind::Echo("AT+CSQ".into()), false),
        rx(
            6,
            b"\n+CSQ: 23,99\r\n",
            FrameKind::Info {
                name: "CSQ".into(),
                body: "23,99".into(),
            },
            false,
        ),
        rx(7, b"OK\r\n", FrameKind::Ok, false),
        tx(100, "AT+QMTCFG=\"user\",\"hunter2pw\"\r\n", &["hunter2pw"]),
        rx(
            105,
            b"AT+QMTCFG=\"user\",\"hunter2pw\"\r",
            FrameKind::Echo(String::new()),
            false,
        ),
        rx(106, b"\nOK\r\n", FrameKind::Ok, false),
        rx(
            2000,
            b"MQTTCONNECT\r\n",
            FrameKind::Urc(Urc::MqttConnected),
            true,
        ),
        tx(3000, "AT+QISTATE?\r\n", &[]),
        rx(
            3010,
            b"\r\nERROR=104\r\n",
            FrameKind::Error(ModuleError::Code(104)),
            false,
        ),
    ]
}

fn harness(panel: LogPanel, lang: Lang) -> Harness<'static, State> {
    Harness::builder()
        .with_size((1280.0, 600.0))
        .build_ui_state(
            |ui, s: &mut State| {
                if !s.fonts {
                    ct11_configurator::ui::fonts::install(ui.ctx());
                    s.fonts = true;
                }
                s.panel.ui(ui, s.lang, &s.picker);
            },
            State {
                panel,
                picker: PresetPicker::default(),
                lang,
                fonts: false,
            },
        )
}

fn logged(lang: Lang) -> Harness<'static, State> {
    let mut p = LogPanel::default();
    p.use_utc();
    for e in session() {
        p.on_event(&e);
    }
    let mut h = harness(p, lang);
    h.step();
    h.step();
    h
}

fn has(h: &Harness<'_, State>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// Step until `done` holds (bounded): for the background save, which wakes the UI itself.
fn step_until(h: &mut Harness<'_, State>, done: impl Fn(&State) -> bool) -> bool {
    let end = Instant::now() + Duration::from_secs(20);
    while Instant::now() < end {
        h.step();
        if done(h.state()) {
            return true;
        }
        std::thread::yield_now();
    }
    false
}

#[test]
fn rows_show_time_direction_tag_and_escapes() {
    let h = logged(Lang::En);
    // Every byte visible: line ends as escapes; times in UTC here.
    assert!(has(&h, "22:13:20.000 TX"));
    assert!(has(&h, "AT+CSQ\\r\\n"));
    assert!(has(&h, "URC MQTTCONNECT\\r\\n"));
    assert!(has(&h, "ERROR \\r\\nERROR=104\\r\\n"));
    assert!(has(&h, "echo AT+CSQ\\r"));
    assert!(has(&h, "10 lines"));
}

#[test]
fn filter_buttons_in_both_languages() {
    for lang in Lang::ALL {
        let mut h = logged(lang);
        h.get_by_label(lang.pick("Errors", "错误")).click();
        h.run();
        assert_eq!(h.state().panel.filter(), Filter::Errors);
        assert!(has(&h, "ERROR=104"));
        assert!(!has(&h, "AT+CSQ"));

        h.get_by_label(lang.pick("Sent (TX)", "发送 (TX)")).click();
        h.run();
        assert_eq!(h.state().panel.shown().len(), 3);
        assert!(has(&h, "AT+QISTATE?"));
        assert!(!has(&h, "+CSQ: 23,99"));

        h.get_by_label(lang.pick("Received (RX)", "接收 (RX)"))
            .click();
        h.run();
        assert_eq!(h.state().panel.shown().len(), 7);
        assert!(!has(&h, "AT+QISTATE?"));

        h.get_by_label(lang.pick("Unsolicited (URC)", "主动通知 (URC)"))
            .click();
        h.run();
        assert_eq!(h.state().panel.shown().len(), 1);
        assert!(has(&h, "MQTTCONNECT"));

        h.get_by_label(lang.pick("All lines", "全部")).click();
        h.run();
        assert_eq!(h.state().panel.shown().len(), 10);
    }
}

#[test]
fn search_by_label_with_count_and_next_previous() {
    for lang in Lang::ALL {
        let mut h = logged(lang);
        let search = lang.pick("Search", "搜索");
        h.get_by_label(search).click();
        h.run();
        h.get_by_label(search).type_text("csq");
        h.run();
        // "AT+CSQ" sent, its echo, and the answer: case-insensitive.
        assert_eq!(h.state().panel.search_count(), (3, true));
        assert!(has(&h, lang.pick("3 matches", "3 个匹配")));
        h.get_by_label(lang.pick("Next", "下一个")).click();
        h.run();
        assert!(has(&h, "1 / 3"));
        h.get_by_label(lang.pick("Next", "下一个")).click();
        h.run();
        assert!(has(&h, "2 / 3"));
        h.get_by_label(lang.pick("Previous", "上一个")).click();
        h.run();
        assert!(has(&h, "1 / 3"));
        // Escapes search the bytes the view shows as escapes.
        h.get_by_label(search).click();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.get_by_label(search).type_text("ok\\r\\n");
        h.run();
        assert_eq!(h.state().panel.search_count().0, 2);
        h.state_mut().panel.set_query("no such text");
        h.run();
        assert!(has(&h, lang.pick("No matches", "无匹配")));
    }
}

#[test]
fn search_respects_the_filter() {
    let mut h = logged(Lang::En);
    h.state_mut().panel.set_query("csq");
    h.get_by_label("Sent (TX)").click();
    h.run();
    assert_eq!(h.state().panel.search_count().0, 1);
}

#[test]
fn hex_toggle_shows_every_byte() {
    let mut h = logged(Lang::En);
    h.get_by_label("Hex view").click();
    h.run();
    assert!(h.state().panel.hex());
    assert!(has(&h, "41 54 2B 43 53 51 0D 0A"));
    assert!(has(&h, "0D 0A 45 52 52 4F 52 3D 31 30 34 0D 0A"));
    // In hex view the search box reads hex bytes.
    h.state_mut().panel.set_query("0d 0a");
    h.run();
    assert_eq!(h.state().panel.search_count().0, 8);
}

#[test]
fn save_redacts_secrets_then_not_when_unticked() {
    for lang in Lang::ALL {
        let dir = tempfile::tempdir().expect("tempdir");
        let redacted = dir.path().join("redacted.txt");
        let plain = dir.path().join("plain.txt");
        let mut h = logged(lang);
        assert!(h.state().panel.redact(), "redaction is on by default");
        h.state().picker.will_save(&redacted);
        h.get_by_label(lang.pick("Save…", "保存…")).click();
        assert!(step_until(&mut h, |s| matches!(
            s.panel.status(),
            Some(Status::Save(_))
        )));
        match h.state().panel.status() {
            Some(Status::Save(SaveResult::Saved { lines, .. })) => assert_eq!(*lines, 10),
            other => panic!("not saved: {other:?}"),
        }
        let text = std::fs::read_to_string(&redacted).expect("saved file");
        assert!(!text.contains("hunter2pw"), "{text}");
        // Both the command and the module's echo of it are masked.
        assert_eq!(text.matches("\"***\"").count(), 2, "{text}");
        assert!(
            text.contains("2023-11-14 22:13:20.000 TX sent   AT+CSQ\\r\\n"),
            "{text}"
        );
        assert!(text.contains("RX URC    MQTTCONNECT\\r\\n"), "{text}");
        assert!(text.contains("UTC"));
        assert!(has(
            &h,
            t3(
                lang,
                "Saved 10 lines to",
                "已保存 10 行到",
                "已將 10 行儲存到"
            )
        ));
        // No temporary file left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);

        h.get_by_label(lang.pick("Redact secrets", "隐藏敏感信息"))
            .click();
        h.run();
        assert!(!h.state().panel.redact());
        h.state().picker.will_save(&plain);
        h.get_by_label(lang.pick("Save…", "保存…")).click();
        assert!(step_until(&mut h, |_| plain.exists()));
        assert!(step_until(&mut h, |s| !s.panel.saving()));
        let text = std::fs::read_to_string(&plain).expect("saved file");
        assert_eq!(text.matches("hunter2pw").count(), 2);
    }
}

/// Issue 10, item 9: the on-screen log masks secrets (with a "Show secrets" switch that is off
/// at every start), and a password read back from the module or a typed `Authorization` header
/// is as secret as a password the app sent — on screen and in the saved file.
#[test]
fn secrets_are_masked_on_screen_and_read_back_ones_in_the_saved_file() {
    for lang in Lang::ALL {
        let dir = tempfile::tempdir().expect("tempdir");
        let saved = dir.path().join("log.txt");
        let mut p = LogPanel::default();
        p.use_utc();
        for e in session() {
            p.on_event(&e);
        }
        let body = "\"c1\",\"u\",\"readback9\"";
        p.on_event(&rx(
            4000,
            format!("+QMTCFG: {body}\r\n").as_bytes(),
            FrameKind::Info {
                name: "QMTCFG".into(),
                body: body.into(),
            },
            false,
        ));
        p.on_event(&tx(
            5000,
            "AT+HTTPRQH=\"Authorization\",\"Bearer tok123\"\r\n",
            &[],
        ));
        let mut h = harness(p, lang);
        h.step();
        h.step();
        for secret in ["hunter2pw", "readback9", "tok123"] {
            assert!(!has(&h, secret), "{secret} shown");
        }
        assert!(has(&h, "\"u\",\"***\""));
        assert!(has(&h, "\"Authorization\",\"***\""));
        h.get_by_label(lang.pick("Show secrets", "显示敏感信息"))
            .click();
        h.run();
        assert!(has(&h, "hunter2pw"));
        assert!(has(&h, "readback9"));

        h.state().picker.will_save(&saved);
        h.get_by_label(lang.pick("Save…", "保存…")).click();
        assert!(step_until(&mut h, |_| saved.exists()));
        assert!(step_until(&mut h, |s| !s.panel.saving()));
        let text = std::fs::read_to_string(&saved).expect("saved file");
        for secret in ["hunter2pw", "readback9", "tok123"] {
            assert!(!text.contains(secret), "{secret} saved: {text}");
        }
    }
}

#[test]
fn save_failure_is_reported_in_the_panel() {
    let mut h = logged(Lang::En);
    h.state()
        .picker
        .will_save(Path::new("/nonexistent-dir-for-ct11-test/log.txt"));
    h.get_by_label("Save…").click();
    assert!(step_until(&mut h, |s| s.panel.status().is_some()));
    assert!(matches!(
        h.state().panel.status(),
        Some(Status::Save(SaveResult::Failed { .. }))
    ));
    assert!(has(&h, "Could not save"));
}

#[test]
fn copy_selected_or_visible_lines() {
    let mut h = logged(Lang::En);
    h.get_by_label("Copy").click();
    // The copy command is in the output of the frame that saw the click.
    h.step();
    let copied = copied_text(&h).expect("copied");
    assert_eq!(copied.lines().count(), 10);
    assert!(
        copied.contains("\"***\""),
        "copies are redacted too: {copied}"
    );

    h.get_by_label_contains("AT+QISTATE?").click();
    h.run();
    h.get_by_label_contains("ERROR=104")
        .click_modifiers(egui::Modifiers::SHIFT);
    h.run();
    h.get_by_label("Copy").click();
    h.step();
    let copied = copied_text(&h).expect("copied");
    assert_eq!(copied.lines().count(), 2, "{copied}");
    assert!(copied.contains("AT+QISTATE?") && copied.contains("ERROR=104"));
    assert!(has(&h, "Copied 2 lines"));
}

fn copied_text(h: &Harness<'_, State>) -> Option<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
}

#[test]
fn scrolling_up_pauses_and_follow_resumes() {
    let mut p = LogPanel::default();
    p.use_utc();
    for i in 0..500 {
        p.on_event(&tx(i, &format!("AT+LINE={i}\r\n"), &[]));
    }
    let mut h = harness(p, Lang::En);
    h.step();
    h.step();
    assert!(h.state().panel.following());
    assert!(has(&h, "AT+LINE=499"));
    let row = h.get_by_label_contains("AT+LINE=499").rect().center();
    h.hover_at(row);
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, 2000.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::NONE,
    });
    for _ in 0..30 {
        h.step();
    }
    assert!(!h.state().panel.following(), "scrolling up pauses");
    assert!(!has(&h, "AT+LINE=499"));
    for i in 500..520 {
        h.state_mut()
            .panel
            .on_event(&tx(i, &format!("AT+LINE={i}\r\n"), &[]));
    }
    h.step();
    assert!(has(&h, "20 new lines below"));
    assert!(!has(&h, "AT+LINE=519"), "paused: the view stays put");
    h.get_by_label("Follow new lines").click();
    h.step();
    h.step();
    assert!(h.state().panel.following());
    assert!(has(&h, "AT+LINE=519"));
    h.get_by_label("Pause scrolling").click();
    h.step();
    assert!(!h.state().panel.following());
}

#[test]
fn clear_asks_first() {
    for lang in Lang::ALL {
        let mut h = logged(lang);
        h.get_by_label(lang.pick("Clear…", "清空…")).click();
        h.run();
        h.get_by_label(lang.pick("Cancel", "取消")).click();
        h.run();
        assert_eq!(h.state().panel.len(), 10);
        h.get_by_label(lang.pick("Clear…", "清空…")).click();
        h.run();
        h.get_by_label(lang.pick("Clear log", "清空日志")).click();
        h.run();
        assert!(h.state().panel.is_empty());
        assert!(!has(&h, "AT+CSQ"));
    }
}

#[test]
fn a_spilled_log_reads_back_in_the_view_and_the_file() {
    // A tiny memory budget: most of the log lives in the temporary file.
    let mut p = LogPanel::with_limits(Limits {
        block_bytes: 4096,
        block_lines: 64,
        hot_bytes: 16 * 1024,
        ..Limits::default()
    });
    p.use_utc();
    for i in 0..5000u64 {
        p.on_event(&tx(i, &format!("AT+N={i}\r\n"), &[]));
    }
    assert!(p.store().usage().disk > 0);
    let mut h = harness(p, Lang::En);
    h.step();
    h.state_mut().panel.scroll_to(10);
    h.step();
    h.step();
    assert!(has(&h, "AT+N=10\\r\\n"), "an early, spilled line is shown");
    assert!(has(&h, "in a temporary file"));

    h.state_mut().panel.set_query("n=4321\\r");
    h.run();
    assert_eq!(h.state().panel.search_count(), (1, true));

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("all.txt");
    h.state().picker.will_save(&path);
    h.get_by_label("Save…").click();
    assert!(step_until(&mut h, |s| matches!(
        s.panel.status(),
        Some(Status::Save(_))
    )));
    let text = std::fs::read_to_string(&path).expect("file");
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(lines.len(), 5000);
    for (i, l) in lines.iter().enumerate() {
        assert!(l.ends_with(&format!("AT+N={i}\\r\\n")), "{l}");
    }
}

#[test]
fn transparent_data_is_cut_into_short_lines() {
    let mut p = LogPanel::default();
    let chunk: Vec<u8> = (0..4096u32).map(|i| (i % 251) as u8).collect();
    p.on_event(&rx(0, &chunk, FrameKind::Data(Vec::new()), true));
    assert!(p.len() >= 4096 / 256);
    let mut back = Vec::new();
    let store = p.store_mut();
    for seq in store.base()..store.end() {
        let l = store.line(seq).expect("line");
        assert!(l.bytes.len() <= 259);
        back.extend_from_slice(&l.bytes);
    }
    assert_eq!(back, chunk);
    let mut h = harness(p, Lang::En);
    h.step();
    assert!(has(&h, "\\x00\\x01\\x02"));
}

// ----- the real app --------------------------------------------------------------------------

fn tx_text(app: &mut App) -> String {
    let store = app.log.store_mut();
    let mut out = Vec::new();
    for seq in store.base()..store.end() {
        if let Some(l) = store.line(seq)
            && l.flags.dir() == ct11_configurator::ui::log::Dir::Tx
        {
            out.extend_from_slice(&l.bytes);
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn the_app_logs_a_session_and_saves_it_redacted() {
    for lang in Lang::ALL {
        let (app, sim, files) = testing::app_with_sim(SimConfig::default(), lang);
        let mut h = Harness::builder()
            .with_size((1280.0, 800.0))
            .build_ui_state(|ui, app: &mut App| app.show(ui), app);
        h.step();
        click(&mut h, lang.pick("Connect", "连接"));
        settle(&mut h, "connects", |a| a.module.link.is_connected());

        let client = Checked::new(MqttClient {
            client_id: "ct11-test".into(),
            username: "user".into(),
            password: "s3cr3t-pw".into(),
            will: None,
        })
        .expect("valid");
        h.state_mut()
            .jobs
            .run("test.mqtt", vec![Command::MqttClientSet(client)]);
        settle(&mut h, "the job is sent and its secret known", |a| {
            a.jobs.outbox.is_empty() && a.log.store().secrets().iter().any(|s| s == "s3cr3t-pw")
        });
        settle(&mut h, "more than 10 lines logged", |a| a.log.len() > 10);

        // Every line the module received is in the log's TX bytes.
        let sent = tx_text(h.state_mut());
        for line in sim.received_lines() {
            assert!(sent.contains(&line), "{line:?} missing from the log");
        }
        assert!(
            sent.contains("s3cr3t-pw"),
            "the log itself keeps every byte"
        );

        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("session.txt");
        files.will_save(&path);
        click(&mut h, lang.pick("Save…", "保存…"));
        // The save runs on its own thread; the bounded wait between frames sees its result.
        settle(&mut h, "the log is saved", |a| {
            matches!(a.log.status(), Some(Status::Save(_)))
        });
        let text = std::fs::read_to_string(&path).expect("saved");
        assert!(text.contains("AT+QMTCFG"), "{text}");
        assert!(text.contains("***"));
        assert!(!text.contains("s3cr3t-pw"), "{text}");
        assert!(text.contains(lang.pick("Connected to", "已连接")));
    }
}

/// A save dialog that stays open until the test answers it, the way a real one runs off the UI
/// thread while the user browses.
struct SlowPicker {
    answer: crossbeam_channel::Receiver<Option<std::path::PathBuf>>,
}

impl ct11_configurator::ui::files::FilePicker for SlowPicker {
    fn pick_file(&self, _: &str, _: &[(&str, &[&str])]) -> Option<std::path::PathBuf> {
        None
    }
    fn save_file(&self, _: &str, _: &str) -> Option<std::path::PathBuf> {
        panic!("the UI thread must not wait for a save dialog")
    }
    fn save_file_task(
        &self,
        egui: &egui::Context,
        _: &str,
        _: &str,
    ) -> ct11_configurator::ui::task::Task<Option<std::path::PathBuf>> {
        let answer = self.answer.clone();
        ct11_configurator::ui::task::Task::spawn("test-dialog", egui, move || {
            answer.recv().ok().flatten()
        })
    }
}

#[test]
fn the_save_dialog_does_not_hold_the_window_and_lines_that_arrive_meanwhile_are_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("later.txt");
    let (answer_tx, answer_rx) = crossbeam_channel::bounded(1);
    let mut p = LogPanel::default();
    p.use_utc();
    for e in session() {
        p.on_event(&e);
    }
    struct Slow {
        panel: LogPanel,
        picker: SlowPicker,
    }
    let mut h = Harness::builder()
        .with_size((1280.0, 600.0))
        .build_ui_state(
            |ui, s: &mut Slow| s.panel.ui(ui, Lang::En, &s.picker),
            Slow {
                panel: p,
                picker: SlowPicker { answer: answer_rx },
            },
        );
    h.step();
    h.get_by_label("Save…").click();
    // The dialog is open: the window keeps drawing and taking lines.
    for _ in 0..3 {
        h.step();
    }
    assert!(h.state().panel.status().is_none());
    h.state_mut().panel.on_event(&tx(9000, "AT+CGSN\r\n", &[]));
    h.step();
    answer_tx.send(Some(path.clone())).expect("dialog answers");
    let end = Instant::now() + Duration::from_secs(20);
    while !matches!(h.state().panel.status(), Some(Status::Save(_))) {
        assert!(Instant::now() < end, "the save finishes");
        h.step();
        std::thread::yield_now();
    }
    match h.state().panel.status() {
        Some(Status::Save(SaveResult::Saved { lines, .. })) => assert_eq!(*lines, 11),
        other => panic!("not saved: {other:?}"),
    }
    let text = std::fs::read_to_string(&path).expect("saved file");
    assert!(text.contains("AT+CGSN"), "{text}");
}
