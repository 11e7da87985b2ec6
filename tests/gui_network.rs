//! The Network panel, driven by its labels against the simulated module: registration in
//! words, the signal meter and antenna aiming (which stops when the panel is left), the serving
//! cell, NTP sync and module time, and ping with its table and statistics.

mod gui_common;

use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::tab::Tab;
use egui_kittest::kittest::Queryable;
use gui_common::*;

#[test]
fn registration_is_said_in_words_with_what_to_do() {
    for lang in LANGS {
        let (h, _sim) = connected(SimConfig::fast(), lang, Tab::Network);
        assert!(shows(
            &h,
            t(lang, "Registered (home network)", "已注册（本地网络）")
        ));
        assert!(shows(
            &h,
            t(lang, "Online: nothing to do.", "已联网，无需操作。")
        ));

        let denied = SimConfig {
            creg_stat: 3,
            ..SimConfig::fast()
        };
        let (h, _sim) = connected(denied, lang, Tab::Network);
        assert!(shows(&h, t(lang, "Registration denied", "注册被拒绝")));
        assert!(shows(&h, t(lang, "has a data plan", "开通数据业务")));
    }
}

#[test]
fn signal_meter_shows_dbm_and_a_quality_word() {
    for lang in LANGS {
        let cfg = SimConfig {
            csq: (10, 99),
            ..SimConfig::fast()
        };
        let (h, _sim) = connected(cfg, lang, Tab::Network);
        // rssi 10: -113 + 20 = -93 dBm, "good" (-93..-83).
        assert!(shows(&h, "-93 dBm"));
        assert!(shows(&h, t(lang, "Good", "良好")));
        assert!(!h.state().module.signal_history.is_empty(), "plotted");
        h.check_accessibility();
    }
}

#[test]
fn antenna_aiming_rereads_the_signal_and_stops_when_the_panel_is_left() {
    for lang in LANGS {
        let (mut h, sim) = connected(SimConfig::fast(), lang, Tab::Network);
        let before = sent(&sim, "AT+CSQ").len();
        click(&mut h, t(lang, "Antenna aiming", "天线对准模式"));
        // Turn the antenna: the module's signal changes and the meter follows.
        sim.with_module(|m| m.state_mut().csq_rssi = 25);
        settle(&mut h, "three aiming reads", |_| {
            sent(&sim, "AT+CSQ").len() >= before + 3
        });
        settle(&mut h, "new signal shown", |a| {
            a.module.signal.map(|s| s.rssi) == Some(25)
        });
        assert!(shows(&h, "-63 dBm"));
        assert!(shows(
            &h,
            t(lang, "Best since aiming started:", "对准开始以来最佳：")
        ));

        // Leave the panel: aiming switches itself off (its timer runs only while the panel is
        // drawn). Checked by the switch's state and by events, not by waiting out seconds
        // (which flakes under load).
        let aiming = t(lang, "Antenna aiming", "天线对准模式");
        assert!(ticked(&h, aiming));
        open_tab(&mut h, t(lang, "Device", "设备"));
        settle(&mut h, "idle", |a| !a.jobs.any_busy());
        let after = sent(&sim, "AT+CSQ").len();

        // Back on the panel it stays off until switched on again: only the panel's own read
        // (one AT+CSQ among its queries) goes out.
        open_tab(&mut h, t(lang, "Network", "网络"));
        settle(&mut h, "the panel's own read", |_| {
            sent(&sim, "AT+CSQ").len() > after
        });
        settle(&mut h, "idle", |a| !a.jobs.any_busy());
        assert!(!ticked(&h, aiming), "aiming must stop off the panel");
        assert_eq!(sent(&sim, "AT+CSQ").len(), after + 1);
    }
}

/// Whether the checkbox with this label is ticked (its accessibility state).
fn ticked(h: &Gui, label: &str) -> bool {
    use egui_kittest::kittest::NodeT as _;
    h.get_by_label(label).accesskit_node().toggled() == Some(egui::accesskit::Toggled::True)
}

#[test]
fn serving_cell_table_shows_fields_and_the_raw_line() {
    for lang in LANGS {
        let (h, _sim) = connected(SimConfig::fast(), lang, Tab::Network);
        assert!(shows(&h, "0x25ef"));
        assert!(shows(&h, "47198990"));
        assert!(shows(&h, t(lang, "China Mobile", "中国移动")));
        assert!(shows(
            &h,
            "+CPSI:460-0,0x25ef,47198990,411,5,5,-19,-82,-69,0"
        ));
    }
}

#[test]
fn ntp_sync_sets_the_server_and_the_clock() {
    for lang in LANGS {
        let (mut h, sim) = connected(SimConfig::fast(), lang, Tab::Network);
        let server = t(lang, "NTP server", "NTP 服务器");
        let port = t(lang, "NTP port", "NTP 端口");
        let sync = t(lang, "Sync time now", "立即同步时间");
        // Invalid port: apply stays disabled and nothing is sent.
        replace_text(&mut h, port, "70000");
        assert!(!enabled(&h, sync));
        assert!(shows(&h, t(lang, "from 0 to 65535", "0 到 65535")));
        // The warning names its field: a screen reader reads it on its own.
        assert!(shows(&h, t(lang, "⚠ NTP port", "⚠ NTP 端口")));
        click_disabled(&mut h, sync);
        assert_eq!(sent(&sim, "AT+QNTP=").len(), 0);

        replace_text(&mut h, server, "ntp.aliyun.com");
        replace_text(&mut h, port, "123");
        assert!(enabled(&h, sync));
        click(&mut h, sync);
        finished(&mut h, "network.ntp");
        assert_eq!(
            sim.state().ntp_server,
            Some(("ntp.aliyun.com".to_string(), 123))
        );
        assert!(shows(&h, "2025-10-27 21:53:20"), "the synced time is shown");
        assert!(
            shows(&h, "ntp.aliyun.com:123"),
            "the module's server is shown"
        );

        click(&mut h, t(lang, "Read module time", "读取模块时间"));
        finished(&mut h, "network.time");
        assert!(shows(&h, "2025-10-27 21:53"));
        assert!(shows(
            &h,
            t(lang, "This computer at that moment", "读取时的本机时间")
        ));
    }
}

#[test]
fn ping_fills_the_table_and_the_statistics() {
    for lang in LANGS {
        let (mut h, sim) = connected(SimConfig::fast(), lang, Tab::Network);
        let count = t(lang, "Number of pings (1–10)", "Ping 次数（1–10）");
        let start = t(lang, "Start ping", "开始 Ping");
        replace_text(&mut h, count, "11");
        assert!(!enabled(&h, start));
        click_disabled(&mut h, start);
        assert_eq!(sent(&sim, "AT+QPING").len(), 0, "nothing invalid is sent");

        replace_text(&mut h, t(lang, "Ping target", "Ping 目标"), "8.8.8.8");
        replace_text(&mut h, count, "3");
        click(&mut h, start);
        finished(&mut h, "network.ping");
        assert_eq!(
            sim.received_lines()
                .iter()
                .filter(|l| l.starts_with("AT+QPING"))
                .collect::<Vec<_>>(),
            ["AT+QPING=\"8.8.8.8\",3"]
        );
        assert_eq!(
            h.query_all_by_label("8.8.8.8").count(),
            3,
            "one row per reply"
        );
        assert!(shows(&h, t(lang, "lost 0%", "丢包 0%")));
        // The simulated replies take 30, 45 and 35 ms.
        assert!(shows(&h, "30 / 36.7 / 45 ms"));
    }
}

#[test]
fn failed_ping_says_why() {
    for lang in LANGS {
        let (mut h, _sim) = connected(SimConfig::fast(), lang, Tab::Network);
        replace_text(
            &mut h,
            t(lang, "Ping target", "Ping 目标"),
            "nowhere.invalid",
        );
        click(&mut h, t(lang, "Start ping", "开始 Ping"));
        let job = finished(&mut h, "network.ping");
        assert!(!job.ok);
        // The error code in words is shown under the form.
        assert!(shows(
            &h,
            t(
                lang,
                "no matching server on the network",
                "当前网络没有符合的服务器"
            )
        ));
    }
}

#[test]
fn registration_report_mode_is_set() {
    for lang in LANGS {
        let (mut h, sim) = connected(SimConfig::fast(), lang, Tab::Network);
        click(
            &mut h,
            t(
                lang,
                "Registration reports (experts)",
                "注册状态主动通知（专家）",
            ),
        );
        choose(
            &mut h,
            t(lang, "Report mode", "通知类型"),
            t(
                lang,
                "2: no reports, location in queries",
                "2：禁用主动通知，查询含位置信息",
            ),
        );
        click(&mut h, t(lang, "Set report mode", "设置通知类型"));
        finished(&mut h, "network.creg");
        assert_eq!(sim.state().creg_n, 2);
        assert_eq!(
            h.state()
                .module
                .registration
                .as_ref()
                .map(|r| r.report_mode),
            Some(2)
        );
    }
}
