//! The Power & GPIO panel, driven by its labels against the simulated module: the sleep mode
//! goes out in the order the manual requires (the simulated module refuses any other), DTR
//! control needs a confirmation, and the GPIO pins are set, read back and read live.

mod gui_common;

use ct11_configurator::sim::{SimConfig, SimHandle};
use ct11_configurator::ui::tab::Tab;
use egui_kittest::kittest::{NodeT, Queryable};
use gui_common::*;
use std::time::Duration;

/// A fast simulated module that falls asleep only after a realistic idle time, so the worker's
/// wake-up habit (an `AT` after a second of silence) matches it.
fn cfg() -> SimConfig {
    let mut c = SimConfig::fast();
    c.timing.sleep_idle = Duration::from_secs(5);
    c
}

/// The setter lines for sleep the module received, in order.
/// Whether the checkbox with this label is ticked (its accessibility state).
fn ticked(h: &Gui, label: &str) -> bool {
    use egui_kittest::kittest::NodeT as _;
    h.get_by_label(label).accesskit_node().toggled() == Some(egui::accesskit::Toggled::True)
}

fn sleep_setters(sim: &SimHandle) -> Vec<String> {
    sim.received_lines()
        .into_iter()
        .filter(|l| l.starts_with("AT+SYSSLEEP=") || l.starts_with("AT+CSCLK="))
        .collect()
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
        let job = finished(&mut h, "power.sleep");
        assert!(job.ok, "{job:?}");
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
        let job = finished(&mut h, "power.sleep");
        assert!(job.ok, "{job:?}");
        let s = sim.state();
        assert!(s.csclk && !s.sys_sleep);
        assert_eq!(sleep_setters(&sim)[2..], ["AT+SYSSLEEP=0", "AT+CSCLK=1"]);

        // Never, from DTR sleep: CSCLK=0 goes first.
        click(&mut h, t(lang, "Never sleep", "不休眠"));
        click(&mut h, apply);
        let job = finished(&mut h, "power.sleep");
        assert!(job.ok, "{job:?}");
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
        // Anything the click queued would have gone out by the time the app is idle.
        settle(&mut h, "idle", |a| !a.jobs.any_busy());
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
        settle_sim(&mut h, &sim, "DTR off", |s| !s.dtr);
        click(&mut h, t(lang, "DTR on", "DTR 开"));
        settle_sim(&mut h, &sim, "DTR on", |s| s.dtr);
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
        finished(&mut h, "power.gpio0");
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
        finished(&mut h, "power.gpio1");
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
        settle(&mut h, "IO3 high", |a| {
            a.module.gpio[2].map(|l| l.high) == Some(true)
        });

        open_tab(&mut h, t(lang, "Device", "设备"));
        settle(&mut h, "idle", |a| !a.jobs.any_busy());
        // The live read switched itself off when the panel was left (its timer runs only
        // while the panel is drawn): back on the panel, the switch is off and, once the
        // panel's own reads are done, no live read follows. No waiting out seconds.
        let live = t(
            lang,
            "Live read: read all three levels every second",
            "实时读取：每秒读取三个引脚的电平",
        );
        open_tab(&mut h, t(lang, "Power & GPIO", "功耗与 GPIO"));
        settle(&mut h, "idle", |a| !a.jobs.any_busy());
        assert!(!ticked(&h, live), "live read must stop off the panel");
    }
}
