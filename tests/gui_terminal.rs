//! The terminal, driven by its labels against the simulated module: a line and its answer, the
//! shared module view, history with Up/Down, Tab completion from the manual's commands, bytes
//! with escapes or hex, quick commands; invalid lines are never sent.

mod gui_common;

use ct11_configurator::at::socket::PairingMode;
use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::{SimConfig, SimHandle};
use ct11_configurator::ui::tab::Tab;
use egui::Key;
use egui_kittest::kittest::Queryable as _;
use gui_common::*;

/// The real app on the terminal, connected, with `history` as the saved lines.
fn start(lang: Lang, history: Vec<String>) -> (Gui, SimHandle) {
    let (mut h, sim, _files) = launch(
        SimConfig::fast(),
        lang,
        Tab::Terminal,
        [1400.0, 3200.0],
        |app, _| app.settings.terminal_history = history,
    );
    // Let the status strip's first read finish, so the terminal's line is next.
    settle(&mut h, "the first reads", |a| !a.jobs.any_busy());
    (h, sim)
}

fn line_label(lang: Lang) -> &'static str {
    t(lang, "AT command", "AT 指令")
}

/// Type a line and press Enter, then wait for its answer.
fn enter_line(h: &mut Gui, lang: Lang, line: &str) {
    set_text(h, line_label(lang), line);
    h.key_press(Key::Enter);
    h.step();
    settle(h, &format!("{line} answered"), |a| !a.jobs.busy("terminal"));
}

fn line_and_answer(lang: Lang) {
    let (mut h, sim) = start(lang, Vec::new());
    h.check_accessibility();
    enter_line(&mut h, lang, "AT+CSQ");
    assert!(sim.received_lines().iter().any(|l| l == "AT+CSQ"));
    // The answer shows under the line, and the box is empty for the next one.
    assert!(h.query_by_label_contains("+CSQ:15,99").is_some());
    assert!(h.query_by_label("› AT+CSQ").is_some());
    assert_eq!(value(&h, line_label(lang)), "");
    assert_eq!(h.state().settings.terminal_history, vec!["AT+CSQ"]);

    // A setting read here reaches the form that shows it.
    // Lower case draws a warning: the module reads upper case.
    set_text(&mut h, line_label(lang), "at+simplemode?");
    assert!(
        h.query_by_label_contains(t(lang, "may refuse lower case", "可能不接受小写"))
            .is_some()
    );
    enter_line(&mut h, lang, "AT+SIMPLEMODE?");
    assert_eq!(h.state().module.pairing, Some(PairingMode::Normal));
    h.state_mut().settings.tab = Tab::Pairing;
    h.step();
    h.step();
    let shown = said(
        lang,
        format!("On the module: {}", PairingMode::Normal.title(lang)),
        format!("模块当前值： {}", PairingMode::Normal.title(Lang::Zh)),
    );
    assert!(h.query_by_label(&shown).is_some(), "{shown}");

    // The module's error in words.
    h.state_mut().settings.tab = Tab::Terminal;
    h.step();
    enter_line(&mut h, lang, "AT+QICLOSE=3");
    assert!(
        h.query_by_label_contains(t(lang, "ERROR=102: ", "ERROR=102："))
            .is_some()
    );
}

#[test]
fn line_and_answer_en() {
    line_and_answer(Lang::En);
}

#[test]
fn line_and_answer_zh() {
    line_and_answer(Lang::Zh);
}

#[test]
fn line_and_answer_zh_hant() {
    line_and_answer(Lang::ZhHant);
}

#[test]
fn invalid_line_is_never_sent() {
    let lang = Lang::En;
    let (mut h, sim) = start(lang, Vec::new());
    let before = sim.received_lines().len();
    set_text(&mut h, line_label(lang), "CSQ");
    assert!(h.query_by_label_contains("must start with AT").is_some());
    assert!(!enabled(&h, "Send"));
    h.key_press(Key::Enter);
    h.step();
    set_text(&mut h, line_label(lang), "   ");
    assert!(!enabled(&h, "Send"));
    h.key_press(Key::Enter);
    h.step();
    h.step();
    assert_eq!(
        sim.received_lines().len(),
        before,
        "{:?}",
        sim.received_lines()
    );
    assert!(h.state().settings.terminal_history.is_empty());
}

#[test]
fn history_walks_with_up_and_down_and_is_bounded() {
    let lang = Lang::Zh;
    let old: Vec<String> = (0..100).map(|i| format!("AT+GPIO={}", i % 3)).collect();
    let (mut h, _sim) = start(lang, old);
    enter_line(&mut h, lang, "AT");
    enter_line(&mut h, lang, "AT+GMR");
    let hist = &h.state().settings.terminal_history;
    assert_eq!(hist.len(), 100, "at most 100 lines kept");
    assert_eq!(&hist[98..], ["AT", "AT+GMR"]);

    let label = line_label(lang);
    // From an empty line, Up and Down walk the history.
    set_text(&mut h, label, "");
    h.key_press(Key::ArrowUp);
    h.step();
    assert_eq!(value(&h, label), "AT+GMR");
    h.key_press(Key::ArrowUp);
    h.step();
    assert_eq!(value(&h, label), "AT");
    h.key_press(Key::ArrowDown);
    h.step();
    assert_eq!(value(&h, label), "AT+GMR");
    h.key_press(Key::ArrowDown);
    h.step();
    assert_eq!(value(&h, label), "");

    // While the completion list is open it owns the arrows; Esc closes it, and then the
    // history comes back, and returns to what was being typed.
    set_text(&mut h, label, "AT+Q");
    h.step();
    h.key_press(Key::Escape);
    h.step();
    h.key_press(Key::ArrowUp);
    h.step();
    assert_eq!(value(&h, label), "AT+GMR");
    h.key_press(Key::ArrowDown);
    h.step();
    assert_eq!(value(&h, label), "AT+Q", "back to what was being typed");
}

fn completion(lang: Lang) {
    let (mut h, _sim) = start(lang, Vec::new());
    let label = line_label(lang);
    set_text(&mut h, label, "at+qis");
    h.step();
    h.step();
    // The list shows the manual's matching commands with what they do.
    let state = t(lang, "List open connections", "查询 TCP/UDP 状态");
    assert!(h.query_by_label_contains(state).is_some());
    assert!(h.query_by_label_contains("AT+QISEND=").is_some());
    h.key_press(Key::Tab);
    h.step();
    h.step();
    assert_eq!(value(&h, label), "AT+QISEND=");
    // The syntax of the command being typed.
    assert!(h.query_by_label("AT+QISEND=<link>,<length>").is_some());
}

#[test]
fn tab_completes_from_the_manual_en() {
    completion(Lang::En);
}

#[test]
fn tab_completes_from_the_manual_zh() {
    completion(Lang::Zh);
}

#[test]
fn tab_completes_from_the_manual_zh_hant() {
    completion(Lang::ZhHant);
}

#[test]
fn bytes_with_escapes_and_hex() {
    let lang = Lang::En;
    let (mut h, sim) = start(lang, Vec::new());
    let bytes = "Bytes to send";
    set_text(&mut h, bytes, r"AT+GSN\r\n");
    assert!(h.query_by_label("8 bytes:").is_some());
    assert!(h.query_by_label("41 54 2B 47 53 4E 0D 0A").is_some());
    click(&mut h, "Send bytes");
    settle(&mut h, "the module gets AT+GSN", |_| {
        sim.received_lines().iter().any(|l| l == "AT+GSN")
    });

    set_text(&mut h, bytes, r"AT\q");
    assert!(!enabled(&h, "Send bytes"));
    assert!(
        h.query_by_label_contains(r"“\q” is not an escape")
            .is_some()
    );
    set_text(&mut h, bytes, r"\x1");
    assert!(!enabled(&h, "Send bytes"));

    click(&mut h, "Hex");
    set_text(&mut h, bytes, "41 54 2B 47 4D 52 0D 0A");
    click(&mut h, "Send bytes");
    settle(&mut h, "the module gets AT+GMR", |_| {
        sim.received_lines().iter().any(|l| l == "AT+GMR")
    });
    set_text(&mut h, bytes, "41 5");
    assert!(!enabled(&h, "Send bytes"));
    assert!(h.query_by_label_contains("odd number of digits").is_some());
}

#[test]
fn quick_commands_send_add_and_remove() {
    let lang = Lang::Zh;
    let (mut h, sim) = start(lang, Vec::new());
    let before = sim
        .received_lines()
        .iter()
        .filter(|l| *l == "AT+CSQ")
        .count();
    click(&mut h, "AT+CSQ");
    settle(&mut h, "the module gets AT+CSQ again", |_| {
        sim.received_lines()
            .iter()
            .filter(|l| *l == "AT+CSQ")
            .count()
            > before
    });
    finished(&mut h, "terminal");

    let new = "新快捷指令";
    set_text(&mut h, new, "hello");
    assert!(!enabled(&h, "添加"));
    assert!(h.query_by_label_contains("必须以 AT 开头").is_some());
    set_text(&mut h, new, "AT");
    assert!(!enabled(&h, "添加"));
    assert!(h.query_by_label_contains("已在列表中").is_some());
    set_text(&mut h, new, "AT+QISTATE");
    click(&mut h, "添加");
    assert!(
        h.state()
            .settings
            .quick_commands
            .contains(&"AT+QISTATE".to_string())
    );
    h.step();
    click(&mut h, "删除 AT+QISTATE");
    assert!(
        !h.state()
            .settings
            .quick_commands
            .contains(&"AT+QISTATE".to_string())
    );

    // The line being typed can be saved as one too.
    set_text(&mut h, line_label(lang), "AT+QMTSTATU?");
    click(&mut h, "存为快捷指令");
    assert!(
        h.state()
            .settings
            .quick_commands
            .contains(&"AT+QMTSTATU?".to_string())
    );
}

/// A request sent by hand in the terminal reaches the HTTP panel's response view, as the
/// panel's own Send would.
#[test]
fn http_request_typed_in_the_terminal_shows_in_the_http_panel() {
    let lang = Lang::En;
    let (mut h, _sim) = start(lang, Vec::new());
    enter_line(
        &mut h,
        lang,
        "AT+HTTPPARA=\"http://httpbin.org/post\",80,0,0",
    );
    enter_line(&mut h, lang, "AT+HTTPACTION=0");
    assert!(
        h.query_all_by_label_contains("405 METHOD NOT ALLOWED")
            .next()
            .is_some(),
        "answer in the terminal"
    );
    open_tab(&mut h, "HTTP");
    assert!(
        h.query_by_label("405 METHOD NOT ALLOWED").is_some(),
        "the HTTP panel shows the terminal's response"
    );
}
