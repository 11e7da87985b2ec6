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
    h.run();
    let head = t(
        lang,
        "The module reported ERROR=104 on its own",
        "模块主动报告了 ERROR=104",
    );
    assert!(h.query_by_label_contains(head).is_some(), "banner shown");
    let cause = t(lang, "TCP passthrough pairing mode", "TCP 透传模式");
    assert!(h.query_by_label_contains(cause).is_some(), "cause named");
    // It offers the panel that fixes it.
    click(&mut h, t(lang, "Open Simple pairing", "打开简易配对"));
    assert_eq!(h.state().settings.tab, Tab::Pairing);
    // That panel explains the repeated 104 itself, beside the form that ends it.
    h.run();
    assert!(h.query_by_label_contains(head).is_none(), "no banner there");
    open_tab(&mut h, Tab::Device.title(lang));
    h.run();
    click(&mut h, t(lang, "Dismiss", "知道了"));
    assert!(h.query_by_label_contains(head).is_none(), "dismissed");
}

#[test]
fn repeated_error_104_is_explained_en() {
    repeated_error_104(Lang::En);
}

#[test]
fn repeated_error_104_is_explained_zh() {
    repeated_error_104(Lang::Zh);
}
