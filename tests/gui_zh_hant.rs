//! Traditional Chinese (zh-Hant): chosen from the language menu, every panel opened, its texts
//! read from the zh-Hant catalogue (checked by their accessible names), and no raw catalogue key
//! or Simplified-only text on screen. The other GUI tests run in English and Simplified Chinese
//! with the literal texts the app showed before the catalogues.

mod gui_common;

use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::tab::Tab;
use egui_kittest::kittest::Queryable as _;
use gui_common::{click, connected, open_tab, settle, shows, tree_texts};

/// A text that looks like a catalogue key (`mqtt-broker-host`) rather than words.
fn looks_like_a_key(s: &str) -> bool {
    let s = s.trim();
    s.contains('-')
        && s.split('-').count() >= 3
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Characters only Simplified Chinese writes (their Traditional forms differ): one on screen
/// means a text missed the zh-Hant catalogue.
const SIMPLIFIED_ONLY: &str = "连设务据络块认据发这动态时们见还试键错";

#[test]
fn the_language_menu_lists_all_three_and_switches_to_traditional() {
    let (mut h, _sim) = connected(SimConfig::default(), Lang::En, Tab::Device);
    click(&mut h, "English");
    for name in ["English", "简体中文", "繁體中文"] {
        assert!(shows(&h, name), "the language menu lists {name}");
    }
    click(&mut h, "繁體中文");
    settle(&mut h, "switches language", |a| {
        a.settings.lang == Some(Lang::ZhHant)
    });
    h.step();
    assert!(shows(&h, Lang::ZhHant.tr("topbar-disconnect")));
    assert_eq!(Lang::ZhHant.tr("topbar-disconnect"), "中斷連線");
}

#[test]
fn every_panel_reads_in_traditional_chinese() {
    let (mut h, _sim) = connected(SimConfig::default(), Lang::ZhHant, Tab::Device);
    for tab in Tab::ALL {
        open_tab(&mut h, tab.title(Lang::ZhHant));
        settle(&mut h, "reads done", |a| !a.jobs.any_busy());
        h.step();
        let texts = tree_texts(&h);
        assert!(
            texts.iter().any(|t| t == tab.title(Lang::ZhHant)),
            "{tab:?}: the panel is named in zh-Hant"
        );
        for t in &texts {
            assert!(!looks_like_a_key(t), "{tab:?}: a raw key on screen: {t:?}");
            assert!(
                !t.contains(|c| SIMPLIFIED_ONLY.contains(c)),
                "{tab:?}: Simplified text on screen: {t:?}"
            );
        }
    }
}

#[test]
fn domain_terms_read_as_in_taiwan_and_hong_kong() {
    let (mut h, _sim) = connected(SimConfig::default(), Lang::ZhHant, Tab::Mqtt);
    // Labels of the MQTT form, found by their accessible names.
    for label in ["at-value-broker-host", "at-value-broker-port"] {
        let text = Lang::ZhHant.tr(label);
        assert!(text.contains("伺服器"), "{label}: {text}");
        h.get_by_label(text);
    }
    open_tab(&mut h, Tab::Network.title(Lang::ZhHant));
    settle(&mut h, "reads done", |a| !a.jobs.any_busy());
    h.step();
    assert!(shows(&h, "訊號"), "signal is 訊號");
    for (key, word) in [
        ("topbar-port", "序列埠"),
        ("mqtt-broker-port-8883-is-normally-mqtt-over-tls", "連接埠"),
        ("mqtt-tls-upload-certificate", "憑證"),
        ("tab-network", "網路"),
        ("tab-device", "裝置"),
    ] {
        assert!(
            Lang::ZhHant.tr(key).contains(word),
            "{key}: {}",
            Lang::ZhHant.tr(key)
        );
    }
}
