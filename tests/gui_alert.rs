//! An error the module prints on its own (no command waiting) is shown under the status strip
//! with its meaning in context and what to do, not only in the log: `ERROR=104` repeated by a
//! module in TCP pairing mode with no saved client.

mod gui_common;

use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::tab::Tab;
use egui_kittest::kittest::Queryable as _;
use gui_common::*;
use std::time::{Duration, Instant};

fn repeated_error_104(lang: Lang) {
    let mut cfg = SimConfig::fast();
    cfg.timing.simple_error_interval = Duration::from_millis(200);
    let (mut h, sim) = connected(cfg, lang, Tab::Device);
    assert!(h.state().module.alert.is_none());
    // The module restarts into TCP pairing mode without a client, as after a mode change.
    sim.with_module(|m| {
        m.state_mut().simple_mode = 1;
        m.state_mut().simple_client = None;
        let now = Instant::now();
        m.power_off(now);
        m.power_on(now);
    });
    settle(&mut h, "the repeated error is counted", |a| {
        a.module.alert.as_ref().is_some_and(|al| al.count >= 2)
    });
    h.run_steps(4);
    let head = t(
        lang,
        "The module reported ERROR=104 on its own",
        "模块主动报告了 ERROR=104",
    );
    assert!(h.query_by_label_contains(head).is_some(), "banner shown");
    // The banner keeps its height frame after frame (it once grew by its margin each frame
    // and pushed the panel below it down).
    let y = |h: &Gui| h.get_by_label(t(lang, "Dismiss", "知道了")).rect().bottom();
    let first = y(&h);
    for _ in 0..5 {
        h.step();
    }
    assert_eq!(y(&h), first, "the banner does not grow");
    let cause = t(lang, "TCP passthrough pairing mode", "TCP 透传模式");
    assert!(h.query_by_label_contains(cause).is_some(), "cause named");
    // It offers the panel that fixes it.
    click(&mut h, t(lang, "Open Simple pairing", "打开简易配对"));
    assert_eq!(h.state().settings.tab, Tab::Pairing);
    // That panel explains the repeated 104 itself, beside the form that ends it.
    h.run_steps(4);
    assert!(h.query_by_label_contains(head).is_none(), "no banner there");
    open_tab(&mut h, Tab::Device.title(lang));
    h.run_steps(4);
    let before = h.state().module.alert.as_ref().map(|a| a.first);
    click(&mut h, t(lang, "Dismiss", "知道了"));
    // The module goes on printing ERROR=104 every 200 ms: on a loaded machine a new one may
    // come before this line runs. The dismissed alert itself must be gone.
    let after = h.state().module.alert.as_ref().map(|a| (a.first, a.count));
    assert!(
        after.is_none_or(|(first, _)| Some(first) != before),
        "dismissed: {after:?}"
    );
}

#[test]
fn repeated_error_104_is_explained_en() {
    repeated_error_104(Lang::En);
}

#[test]
fn repeated_error_104_is_explained_zh() {
    repeated_error_104(Lang::Zh);
}

#[test]
fn repeated_error_104_is_explained_zh_hant() {
    repeated_error_104(Lang::ZhHant);
}

#[test]
fn the_banner_keeps_its_height_in_a_tall_window() {
    use ct11_configurator::at::error_code::ModuleError;
    use ct11_configurator::ui::alert::ModuleAlert;
    for tab in [Tab::Health, Tab::Device, Tab::Mqtt] {
        let (mut h, _sim, _files) = launch(
            SimConfig::fast(),
            Lang::En,
            tab,
            [1400.0, 7000.0],
            |app, _| {
                app.settings.log_visible = false;
                app.settings.refresh_s = 0;
            },
        );
        settle(&mut h, "read", |a| !a.jobs.any_busy());
        ModuleAlert::note(
            &mut h.state_mut().module.alert,
            ModuleError::Code(203),
            std::time::SystemTime::now(),
        );
        h.run_steps(4);
        let y = |h: &Gui| h.get_by_label("Dismiss").rect().bottom();
        let first = y(&h);
        for _ in 0..5 {
            h.step();
        }
        assert_eq!(y(&h), first, "the banner does not grow on {tab:?}");
    }
}
