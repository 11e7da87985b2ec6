//! The status strip (always visible while connected) and the transparent-mode banner.

use super::app::App;
use super::widgets::signal;
use crate::at::Command;
use crate::i18n::Lang;
use crate::ui::widgets::form::palette;
use egui::RichText;

pub fn ui(ui: &mut egui::Ui, app: &mut App) {
    let lang = app.lang;
    let refresh_s = app.settings.refresh_s;
    // The refresh controls keep their place at the right; the module's facts fill the rest of
    // the line and wrap within it when a long value (or a narrow window) needs a second line.
    let (refresh_now, interval) = ui
        .with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.spacing_mut().item_spacing.x = 5.0;
            let controls = refresh_controls(ui, lang, refresh_s);
            ui.separator();
            ui.with_layout(
                egui::Layout::left_to_right(egui::Align::Center).with_main_wrap(true),
                |ui| facts(ui, app),
            );
            controls
        })
        .inner;
    if let Some(s) = interval {
        app.settings.refresh_s = s;
    }
    if refresh_now || interval.is_some() {
        app.refresh_status();
    }
}

/// What the module reported: firmware, identity, network, signal, MQTT, sockets.
fn facts(ui: &mut egui::Ui, app: &App) {
    let lang = app.lang;
    let m = &app.module;
    let unknown = "—".to_string();
    item(
        ui,
        lang.tr("status-firmware"),
        m.firmware.clone().unwrap_or(unknown.clone()),
    );
    item(ui, "IMEI", m.imei.clone().unwrap_or(unknown.clone()));
    let iccid = match &m.iccid {
        None => unknown.clone(),
        Some(None) => lang.tr("status-no-sim").to_string(),
        Some(Some(i)) => i.clone(),
    };
    item(ui, "ICCID", iccid);
    let reg = m
        .registration
        .as_ref()
        .map(|r| r.stat.words(lang).to_string())
        .unwrap_or(unknown.clone());
    item(ui, lang.tr("status-network"), reg);
    ui.label(RichText::new(lang.tr("status-signal")).weak());
    match m.signal {
        Some(s) => {
            // The bars carry the quality; its word is one hover away (and in the Network panel).
            let quality = s.quality().words(lang);
            signal::bars(ui, s.quality()).on_hover_text(quality);
            let dbm = s
                .dbm()
                .map(|d| format!("{d} dBm"))
                .unwrap_or_else(|| lang.tr("status-unknown").into());
            ui.label(RichText::new(dbm).strong()).on_hover_text(quality);
        }
        None => {
            ui.label(unknown.clone());
        }
    }
    ui.separator();
    let mqtt = m
        .mqtt_state
        .map(|s| s.words(lang).to_string())
        .unwrap_or(unknown.clone());
    item(ui, "MQTT", mqtt);
    let socks = m
        .sockets
        .as_ref()
        .map(|s| s.len().to_string())
        .unwrap_or(unknown);
    ui.label(RichText::new(lang.tr("status-sockets")).weak());
    ui.label(RichText::new(socks).strong());
}

/// The Refresh button and the automatic-refresh interval, laid out right to left. Returns
/// whether Refresh was clicked and the interval picked, if one was.
fn refresh_controls(ui: &mut egui::Ui, lang: Lang, refresh_s: u32) -> (bool, Option<u32>) {
    let mut interval = None;
    let words = |s: u32| match s {
        0 => lang.tr("status-on-connect-only").to_string(),
        60 => lang.tr("status-every-minute").to_string(),
        s if s % 60 == 0 => crate::tr!(lang, "status-every-minutes", value = &s / 60),
        s => crate::tr!(lang, "status-every-s", s = &s),
    };
    // Shown short in the strip ("30 s"), in words in the list.
    let short = |s: u32| match s {
        0 => lang.tr("status-off").to_string(),
        s if s % 60 == 0 => crate::tr!(lang, "status-min", value = &s / 60),
        s => crate::tr!(lang, "status-s", s = &s),
    };
    egui::ComboBox::from_id_salt("status-refresh")
        .width(0.0)
        .selected_text(short(refresh_s))
        .show_ui(ui, |ui| {
            for s in REFRESH_CHOICES {
                if ui.selectable_label(refresh_s == s, words(s)).clicked() {
                    interval = Some(s);
                }
            }
        })
        .response
        .on_hover_text(lang.tr("status-automatic-refresh-how-often-the"));
    let refresh_now = ui
        .small_button(lang.tr("status-refresh"))
        .on_hover_text(lang.tr("status-refresh-the-status-now"))
        .clicked();
    (refresh_now, interval)
}

/// Status refresh intervals offered, in seconds (0: only on connect).
const REFRESH_CHOICES: [u32; 5] = [10, 30, 60, 300, 0];

fn item(ui: &mut egui::Ui, name: &str, value: String) {
    ui.label(RichText::new(name).weak());
    ui.label(RichText::new(value).strong());
    ui.separator();
}

/// The banner shown while the link is in transparent (data) mode.
pub fn data_mode_banner(ui: &mut egui::Ui, app: &mut App) {
    let lang = app.lang;
    egui::Frame::new()
        .fill(palette::BANNER_AMBER)
        .inner_margin(egui::Margin::same(6))
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(lang.tr("status-transparent-mode-everything-you-send"))
                        .color(palette::BANNER_AMBER_TEXT),
                );
                if ui
                    .button(lang.tr("status-return-to-command-mode"))
                    .clicked()
                {
                    app.jobs.run("datamode", vec![Command::LeaveData]);
                }
            });
        });
}
