//! The top bar's port list: the system's ports are listed off the UI thread (the first frame
//! starts it, Rescan repeats it), the simulated module always comes first, and the list the user
//! sees is the one the system gives.

mod gui_common;

use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::ports;
use ct11_configurator::ui::tab::Tab;
use gui_common::{LANGS, click, launch, settle, t};

#[test]
fn the_port_list_comes_from_a_background_scan() {
    for lang in LANGS {
        let (mut h, _sim, _files) = launch(
            SimConfig::fast(),
            lang,
            Tab::Device,
            [1400.0, 900.0],
            |_, _| {},
        );
        assert_eq!(
            h.state().conn.scans,
            1,
            "the first frame asked the system for its ports"
        );
        settle(&mut h, "the first scan ends", |a| !a.scanning_ports());
        let expected: Vec<String> = [ports::SIMULATED, ports::SIMULATED_ONLINE]
            .into_iter()
            .map(str::to_string)
            .chain(ports::system().into_iter().map(|p| p.id))
            .collect();
        let listed = |h: &gui_common::Gui| -> Vec<String> {
            h.state().conn.ports.iter().map(|p| p.id.clone()).collect()
        };
        assert_eq!(
            listed(&h),
            expected,
            "the simulated modules (offline, online), then the system's ports"
        );
        assert_eq!(
            h.state().conn.ports[0].label,
            t(lang, "Simulated CT11 (offline)", "模拟 CT11（离线）")
        );
        assert_eq!(
            h.state().conn.ports[1].label,
            t(
                lang,
                "Simulated CT11 (online: real connections from this computer)",
                "模拟 CT11（在线：由本机发起真实连接）"
            )
        );

        click(&mut h, t(lang, "Rescan", "重新扫描"));
        settle(&mut h, "the rescan ends", |a| !a.scanning_ports());
        assert_eq!(h.state().conn.scans, 2, "Rescan asked again");
        assert_eq!(listed(&h), expected, "a rescan gives the same list");
        assert!(
            h.state().module.link.is_connected(),
            "scanning does not touch the connection"
        );
    }
}
