//! The status strip on a 1280-pixel-wide window (a common laptop): every fact and the refresh
//! controls on one line, in both languages, once the module's answers are in.

mod gui_common;

use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::tab::Tab;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use gui_common::{LANGS, launch, settle, t};

#[test]
fn the_strip_fits_one_line_at_1280_pixels() {
    for lang in LANGS {
        let (mut h, _sim, _files) = launch(
            SimConfig::fast(),
            lang,
            Tab::Device,
            [1280.0, 860.0],
            |_, _| {},
        );
        settle(&mut h, "the status strip is filled", |a| {
            a.module.firmware.is_some()
                && a.module.signal.is_some()
                && a.module.sockets.is_some()
                && a.module.mqtt_state.is_some()
                && !a.jobs.any_busy()
        });
        h.step();
        let centre_y = |label: &str| {
            let n = h
                .query_all_by_label(label)
                .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
                .unwrap_or_else(|| panic!("'{label}' is shown"));
            n.rect().center().y
        };
        let first = centre_y(t(lang, "Firmware", "固件"));
        for label in [
            t(lang, "Network", "网络"),
            t(lang, "Signal", "信号"),
            "MQTT",
            t(lang, "Sockets", "连接数"),
            t(lang, "Refresh", "刷新"),
        ] {
            let y = centre_y(label);
            assert!(
                (y - first).abs() < 4.0,
                "{lang:?}: '{label}' is on another line ({y} against {first})"
            );
        }
        // The refresh interval: the right-most drop-down near the top (the top bar's port and
        // baud pickers are further left).
        let interval = h
            .query_all_by_role(Role::ComboBox)
            .filter(|n| n.rect().top() < 120.0)
            .max_by(|a, b| a.rect().right().total_cmp(&b.rect().right()))
            .expect("the refresh interval is shown");
        let y = interval.rect().center().y;
        assert!(
            (y - first).abs() < 4.0,
            "{lang:?}: the refresh interval is on another line ({y} against {first})"
        );
    }
}
