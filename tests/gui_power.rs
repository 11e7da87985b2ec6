//! The Power & GPIO panel, driven by its labels against the simulated module: the sleep mode
//! goes out in the order the manual requires (the simulated module refuses any other), DTR
//! control needs a confirmation, and the GPIO pins are set, read back and read live.

use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::{SimConfig, SimHandle};
use ct11_configurator::ui::App;
use ct11_configurator::ui::tab::Tab;
use ct11_configurator::ui::testing::app_with_sim;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::time::{Duration, Instant};

const LANGS: [Lang; 2] = [Lang::En, Lang::Zh];

/// A fast simulated module that falls asleep only after a realistic idle time, so the worker's
/// wake-up habit (an `AT` after a second of silence) matches it.
fn cfg() -> SimConfig {
    let mut c = SimConfig::fast();
    c.timing.sleep_idle = Duration::from_secs(5);
    c
}

/// The real app on `tab`, connected to the simulated module, with its panel read.
fn connected(cfg: SimConfig, lang: Lang, tab: Tab) -> (Harness<'static, App>, SimHandle) {
    let (mut app, sim, _files) = app_with_sim(cfg, lang);
    app.settings.tab = tab;
    app.settings.log_visible = false;
    app.settings.refresh_s = 0;
    app.connect();
    let mut h = Harness::builder()
        .with_size([1400.0, 3200.0])
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    settle(&mut h, "connected and read", |h| {
        h.state().module.link.is_connected() && !h.state().jobs.any_busy()
    });
    (h, sim)
}

/// Step frames until `done`, waiting on the worker between frames (no sleeping), at most 15 s.
fn settle(h: &mut Harness<'static, App>, what: &str, mut done: impl FnMut(&Harness<App>) -> bool) {
    let end = Instant::now() + Duration::from_secs(15);
    loop {
        h.step();
        if done(h) {
            return;
        }
        if Instant::now() >= end {
            let app = h.state();
            panic!(
                "timed out waiting for: {what}\nlink: {:?}, language: {:?}, busy: {}",
                app.module.link,
                app.lang,
                app.jobs.any_busy(),
            );
        }
        h.state_mut().wait_for_worker(Duration::from_millis(50));
    }
}

/// Keep the app running (frames and worker events, no sleeping) for `d`.
fn run_for(h: &mut Harness<'static, App>, d: Duration) {
    let end = Instant::now() + d;
    while Instant::now() < end {
        h.step();
        h.state_mut().wait_for_worker(Duration::from_millis(50));
    }
}

fn t(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    lang.pick(en, zh)
}

fn click(h: &mut Harness<'static, App>, label: &str) {
    h.get_by_label(label).click();
    h.step();
    h.step();
}

/// Pick `option` in the drop-down labelled `label`.
fn choose(h: &mut Harness<'static, App>, label: &str, option: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, label)
        .click();
    h.step();
    h.step();
    h.get_by_label(option).click();
    h.step();
    h.step();
}

fn open_tab(h: &mut Harness<'static, App>, title: &str) {
    h.query_all_by_label(title)
        .find(|n| n.accesskit_node().role() != egui::accesskit::Role::Label)
        .expect("navigation button")
        .click();
    h.step();
    h.step();
}

/// Whether some text on screen contains `text`.
fn shows(h: &Harness<'static, App>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// The setter lines for sleep the module received, in order.
fn sleep_setters(sim: &SimHandle) -> Vec<String> {
    sim.received_lines()
        .into_iter()
        .filter(|l| l.starts_with("AT+SYSSLEEP=") || l.starts_with("AT+CSCLK="))
        .collect()
}

fn done(h: &Harness<App>, owner: &str) -> bool {
    h.state().jobs.latest(owner).is_some_and(|j| j.done)
}

#[test]
fn sleep_modes_go_out_in_the_order_the_manual_requires() {
    for lang in LANGS {
        let (mut h, sim) = connected(cfg(), lang, Tab::Power);
        let apply = t(lang, "Apply sleep mode", "应用休眠模式");
        assert!(shows(&h, "SYSSLEEP=0, CSCLK=0"), "current values shown");
        h.check_accessibility();

        // By command: CSCLK=0 first, then SYSSLEEP=1.
        click(
            &mut h,
            t(
                lang,
                "Sleep when idle (command-controlled, SYSSLEEP)",
                "空闲时休眠（指令控制休眠，SYSSLEEP）",
            ),
        );
        click(&mut h, apply);
        settle(&mut h, "by command", |h| done(h, "power.sleep"));
        assert!(h.state().jobs.latest("power.sleep").is_some_and(|j| j.ok));
        assert!(sim.state().sys_sleep);
        assert_eq!(sleep_setters(&sim), ["AT+CSCLK=0", "AT+SYSSLEEP=1"]);
        assert!(shows(&h, "SYSSLEEP=1, CSCLK=0"), "read back and shown");

        // By DTR, from command sleep: SYSSLEEP=0 first, then CSCLK=1, after a confirmation.
        click(
            &mut h,
            t(
                lang,
                "Sleep by DTR pin (hardware-controlled, CSCLK)",
                "由 DTR 引脚控制（硬件控制休眠，CSCLK）",
            ),
        );
        click(&mut h, apply);
        assert!(shows(
            &h,
            t(
                lang,
                "Let the DTR pin control sleep?",
                "由 DTR 引脚控制休眠？"
            )
        ));
        click(&mut h, t(lang, "Use DTR control", "启用 DTR 控制"));
        settle(&mut h, "by DTR", |h| done(h, "power.sleep"));
        assert!(h.state().jobs.latest("power.sleep").is_some_and(|j| j.ok));
        let s = sim.state();
        assert!(s.csclk && !s.sys_sleep);
        assert_eq!(sleep_setters(&sim)[2..], ["AT+SYSSLEEP=0", "AT+CSCLK=1"]);

        // Never, from DTR sleep: CSCLK=0 goes first.
        click(&mut h, t(lang, "Never sleep", "不休眠"));
        click(&mut h, apply);
        settle(&mut h, "never", |h| done(h, "power.sleep"));
        assert!(h.state().jobs.latest("power.sleep").is_some_and(|j| j.ok));
        let s = sim.state();
        assert!(!s.csclk && !s.sys_sleep);
        assert_eq!(sleep_setters(&sim)[4..], ["AT+CSCLK=0", "AT+SYSSLEEP=0"]);
    }
}

#[test]
fn dtr_sleep_is_not_sent_without_confirmation() {
    for lang in LANGS {
        let (mut h, sim) = connected(cfg(), lang, Tab::Power);
        click(
            &mut h,
            t(
                lang,
                "Sleep by DTR pin (hardware-controlled, CSCLK)",
                "由 DTR 引脚控制（硬件控制休眠，CSCLK）",
            ),
        );
        assert!(shows(&h, t(lang, "USB-to-TTL", "USB 转 TTL")), "warned");
        click(&mut h, t(lang, "Apply sleep mode", "应用休眠模式"));
        click(&mut h, t(lang, "Cancel", "取消"));
        run_for(&mut h, Duration::from_millis(200));
        assert!(sleep_setters(&sim).is_empty());
        assert!(!sim.state().csclk);

        // The adapter's DTR line can be switched from here to try it out.
        click(
            &mut h,
            t(
                lang,
                "Test with this adapter's DTR line",
                "用本适配器的 DTR 线测试",
            ),
        );
        click(&mut h, t(lang, "DTR off", "DTR 关"));
        settle(&mut h, "DTR off", |_| !sim.state().dtr);
        click(&mut h, t(lang, "DTR on", "DTR 开"));
        settle(&mut h, "DTR on", |_| sim.state().dtr);
    }
}

#[test]
fn gpio_pins_are_set_and_read_back() {
    for lang in LANGS {
        let (mut h, sim) = connected(cfg(), lang, Tab::Power);
        // IO1 as an output driving high.
        choose(
            &mut h,
            t(lang, "IO1 direction", "IO1 方向"),
            t(lang, "Output high", "输出高电平"),
        );
        let pull1 = h.get_by_role_and_label(
            egui::accesskit::Role::ComboBox,
            t(lang, "IO1 pull", "IO1 上下拉"),
        );
        assert!(pull1.accesskit_node().is_disabled(), "no pull on an output");
        click(&mut h, t(lang, "Apply IO1", "应用 IO1"));
        settle(&mut h, "IO1 set", |h| done(h, "power.gpio0"));
        assert_eq!(sim.state().gpio[0].dir, 1);
        assert!(sim.received_lines().contains(&"AT+GPIO=0,1".to_string()));
        assert_eq!(h.state().module.gpio[0].map(|l| l.high), Some(true));

        // IO2 as an input with pull-up reads high.
        choose(
            &mut h,
            t(lang, "IO2 pull", "IO2 上下拉"),
            t(lang, "Pull-up", "上拉"),
        );
        click(&mut h, t(lang, "Apply IO2", "应用 IO2"));
        settle(&mut h, "IO2 set", |h| done(h, "power.gpio1"));
        let g = sim.state().gpio[1];
        assert_eq!((g.dir, g.pull), (2, 2));
        assert!(sim.received_lines().contains(&"AT+GPIO=1,2,2".to_string()));
        assert_eq!(h.state().module.gpio[1].map(|l| l.high), Some(true));
        assert!(
            h.query_all_by_label(t(lang, "High (1)", "高电平（1）"))
                .count()
                >= 2
        );

        // Pull-down on an input: allowed, with the manual's warning.
        choose(
            &mut h,
            t(lang, "IO3 pull", "IO3 上下拉"),
            t(lang, "Pull-down", "下拉"),
        );
        assert!(shows(
            &h,
            t(lang, "when used as a module", "当作为模组使用时")
        ));
    }
}

#[test]
fn live_read_follows_the_pins_and_stops_off_the_panel() {
    for lang in LANGS {
        let (mut h, sim) = connected(cfg(), lang, Tab::Power);
        assert_eq!(h.state().module.gpio[2].map(|l| l.high), Some(false));
        click(
            &mut h,
            t(
                lang,
                "Live read: read all three levels every second",
                "实时读取：每秒读取三个引脚的电平",
            ),
        );
        // Something outside drives IO3 high: the live read shows it.
        sim.with_module(|m| m.state_mut().gpio[2].external = Some(1));
        settle(&mut h, "IO3 high", |h| {
            h.state().module.gpio[2].map(|l| l.high) == Some(true)
        });

        open_tab(&mut h, t(lang, "Device", "设备"));
        settle(&mut h, "idle", |h| !h.state().jobs.any_busy());
        let reads = |sim: &SimHandle| {
            sim.received_lines()
                .iter()
                .filter(|l| l.starts_with("AT+GPIO=2") && l.len() == "AT+GPIO=2".len())
                .count()
        };
        let after = reads(&sim);
        run_for(&mut h, Duration::from_millis(2500));
        assert_eq!(reads(&sim), after, "live read must stop off the panel");
    }
}
