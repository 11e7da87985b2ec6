//! The Device panel, driven by its labels against the simulated module: identity, echo,
//! restart and factory reset behind confirmations, UART settings (the port follows the new
//! baud rate), SIM slot (refused until the network is up), and the vendor-only firmware update.

mod gui_common;

use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::tab::Tab;
use ct11_configurator::worker::LinkState;
use egui_kittest::kittest::Queryable;
use gui_common::*;
use std::time::Duration;

#[test]
fn identity_is_read_and_shown() {
    for lang in LANGS {
        let (h, _sim) = connected(SimConfig::fast(), lang, Tab::Device);
        assert!(shows(&h, "CT11_V1.0.1"));
        assert!(shows(&h, "860720087453595"));
        assert!(shows(&h, "898604E6192391620488"));
        // Every input on the panel has a name a screen reader (and a test) can find.
        h.check_accessibility();
    }
}

#[test]
fn no_sim_is_said_in_words_with_advice() {
    for lang in LANGS {
        let cfg = SimConfig {
            iccid: None,
            creg_stat: 0,
            ..SimConfig::fast()
        };
        let (h, _sim) = connected(cfg, lang, Tab::Device);
        assert!(
            h.query_by_label(t(lang, "No SIM card detected", "未识别到 SIM 卡"))
                .is_some()
        );
        assert!(shows(&h, t(lang, "Power the module off", "请断电后")));
    }
}

#[test]
fn echo_off_is_applied() {
    for lang in LANGS {
        let (mut h, sim) = connected(SimConfig::fast(), lang, Tab::Device);
        assert!(sim.state().echo);
        click(&mut h, t(lang, "Echo off", "关闭回显"));
        click(&mut h, t(lang, "Set echo", "设置回显"));
        settle_sim(&mut h, &sim, "echo off", |s| !s.echo);
        settle(&mut h, "echo shown", |a| a.module.echo == Some(false));
    }
}

#[test]
fn restart_waits_for_confirmation_and_the_module() {
    for lang in LANGS {
        let (mut h, sim) = connected(SimConfig::fast(), lang, Tab::Device);
        let ask = t(lang, "Restart module…", "重启模块…");
        // Cancelling the dialog sends nothing.
        click(&mut h, ask);
        assert!(
            h.query_by_label(t(lang, "Restart the module?", "重启模块？"))
                .is_some()
        );
        click(&mut h, t(lang, "Cancel", "取消"));
        assert!(
            h.query_by_label(t(lang, "Restart now", "立即重启"))
                .is_none()
        );
        assert_eq!(sent(&sim, "AT+RST").len(), 0);
        // Confirming restarts the module; the app waits for RDY and is connected again.
        click(&mut h, ask);
        click(&mut h, t(lang, "Restart now", "立即重启"));
        let job = finished(&mut h, "device.restart");
        assert!(job.ok, "{job:?}");
        assert_eq!(sim.state().restarts, 1);
        assert!(h.state().module.link.is_connected());
    }
}

#[test]
fn factory_reset_names_what_is_lost_and_erases_it() {
    for lang in LANGS {
        let (mut h, sim) = connected(SimConfig::fast(), lang, Tab::Device);
        sim.with_module(|m| {
            // A saved setting (not sleep: a sleeping module would swallow the first command).
            m.state_mut().ntp_server = Some(("ntp.example".into(), 123));
            m.state_mut().single_sim = 1;
        });
        click(&mut h, t(lang, "Factory reset…", "恢复出厂设置…"));
        for words in [
            t(lang, "MQTT: client ID", "MQTT：客户端 ID"),
            t(lang, "Sleep settings", "休眠设置"),
            t3(lang, "UART settings", "串口参数", "序列埠參數"),
            t(lang, "Kept: the SIM slot", "保留：SIM 卡槽"),
        ] {
            assert!(shows(&h, words), "the dialog should name {words:?}");
        }
        assert_eq!(sent(&sim, "AT+RESTORE").len(), 0);
        click(&mut h, t(lang, "Erase and restart", "擦除并重启"));
        finished(&mut h, "device.restore");
        let s = sim.state();
        assert_eq!(s.ntp_server, None, "saved setting erased");
        assert_eq!(s.single_sim, 1, "SIM slot kept");
        assert_eq!(s.restarts, 1);
    }
}

#[test]
fn uart_change_reopens_the_port_and_the_top_bar_follows() {
    // A real module takes seconds to restart; the fast sim's 20 ms can beat a busy test
    // machine's worker to reopening the port at the new rate.
    let mut cfg = SimConfig::fast();
    cfg.timing.restart = Duration::from_millis(500);
    for lang in LANGS {
        let (mut h, sim) = connected(cfg.clone(), lang, Tab::Device);
        choose(&mut h, t(lang, "Module baud rate", "模块波特率"), "9600");
        choose(
            &mut h,
            t(lang, "Parity", "校验位"),
            t(lang, "Even", "偶校验"),
        );
        click(&mut h, t(lang, "Apply UART settings…", "应用串口参数…"));
        assert_eq!(
            sent(&sim, "AT+IPR=").len(),
            0,
            "nothing before the confirmation"
        );
        click(&mut h, t(lang, "Apply and restart", "应用并重启"));
        let job = finished(&mut h, "device.uart");
        assert!(job.ok, "the module answers at the new settings: {job:?}");
        let s = sim.state();
        assert_eq!(s.line.baud, 9600);
        assert!(matches!(
            h.state().module.link,
            LinkState::Connected { baud: 9600, .. }
        ));
        assert_eq!(h.state().settings.baud, 9600, "top bar follows");
        assert_eq!(h.state().module.uart.map(|u| u.baud), Some(9600));
    }
}

#[test]
fn sim_slot_is_refused_until_the_network_is_up() {
    for lang in LANGS {
        let cfg = SimConfig {
            creg_stat: 2,
            ..SimConfig::fast()
        };
        let (mut h, sim) = connected(cfg, lang, Tab::Device);
        click(&mut h, t(lang, "Slot 1 (USIM1)", "卡槽 1（USIM1）"));
        let apply = t(lang, "Switch SIM slot…", "切换 SIM 卡槽…");
        assert!(!enabled(&h, apply));
        assert!(shows(
            &h,
            t(lang, "only once it is registered", "注册上网络后")
        ));
        click_disabled(&mut h, apply);
        assert_eq!(sent(&sim, "AT+SINGLESIM=").len(), 0);
    }
}

#[test]
fn sim_slot_switches_after_confirmation() {
    for lang in LANGS {
        let (mut h, sim) = connected(SimConfig::fast(), lang, Tab::Device);
        click(&mut h, t(lang, "Slot 1 (USIM1)", "卡槽 1（USIM1）"));
        click(&mut h, t(lang, "Switch SIM slot…", "切换 SIM 卡槽…"));
        assert!(shows(&h, t(lang, "does not undo", "不会撤销")));
        click(&mut h, t(lang, "Switch and restart", "切换并重启"));
        finished(&mut h, "device.sim");
        assert_eq!(sim.state().single_sim, 1);
        assert_eq!(h.state().module.sim_slot, Some(1));
    }
}

#[test]
fn firmware_update_needs_the_vendor_confirmation() {
    for lang in LANGS {
        let (mut h, sim) = connected(SimConfig::fast(), lang, Tab::Device);
        click(
            &mut h,
            t(
                lang,
                "Advanced: firmware update (vendor links only)",
                "高级：空中升级（仅限厂家提供的链接）",
            ),
        );
        let start = t(lang, "Start firmware update…", "开始空中升级…");
        assert!(!enabled(&h, start), "empty form");
        h.check_accessibility();
        replace_text(&mut h, t(lang, "Update mode", "升级模式"), "1");
        // A quote would break the command line: refused, with the reason under the field.
        replace_text(
            &mut h,
            t(lang, "Update URL", "升级链接"),
            "http://vendor.example/fw\".bin",
        );
        assert!(!enabled(&h, start));
        assert!(shows(&h, t(lang, "double quote", "双引号")));
        replace_text(
            &mut h,
            t(lang, "Update URL", "升级链接"),
            "http://vendor.example/fw.bin",
        );
        assert!(!enabled(&h, start), "vendor box not ticked");
        click(
            &mut h,
            t(
                lang,
                "The vendor gave me this link for this module",
                "此链接由厂家工程师针对本模块提供",
            ),
        );
        assert!(enabled(&h, start));
        click(&mut h, start);
        assert_eq!(sent(&sim, "AT+OTA").len(), 0);
        click(&mut h, t(lang, "Update firmware", "升级固件"));
        finished(&mut h, "device.ota");
        assert_eq!(
            sim.state().ota,
            Some((1, "http://vendor.example/fw.bin".to_string()))
        );
    }
}
