//! The status strip (always visible while connected) and the transparent-mode banner.

use super::app::App;
use super::widgets::signal;
use crate::at::Command;
use crate::i18n::Lang;
use egui::RichText;

pub fn ui(ui: &mut egui::Ui, app: &mut App) {
    let lang = app.lang;
    let m = &app.module;
    let unknown = "—".to_string();
    let refresh_s = app.settings.refresh_s;
    let (refresh_now, interval) = ui
        .horizontal_wrapped(|ui| {
            // Tighter than the default, so the whole strip fits one line on a 1280-wide screen.
            ui.spacing_mut().item_spacing.x = 5.0;
            item(
                ui,
                lang.pick("Firmware", "固件"),
                m.firmware.clone().unwrap_or(unknown.clone()),
            );
            item(ui, "IMEI", m.imei.clone().unwrap_or(unknown.clone()));
            let iccid = match &m.iccid {
                None => unknown.clone(),
                Some(None) => lang.pick("No SIM", "未检测到 SIM 卡").to_string(),
                Some(Some(i)) => i.clone(),
            };
            item(ui, "ICCID", iccid);
            let reg = m
                .registration
                .as_ref()
                .map(|r| r.stat.words(lang).to_string())
                .unwrap_or(unknown.clone());
            item(ui, lang.pick("Network", "网络"), reg);
            ui.label(RichText::new(lang.pick("Signal", "信号")).weak());
            match m.signal {
                Some(s) => {
                    signal::bars(ui, s.quality());
                    let dbm = s
                        .dbm()
                        .map(|d| format!("{d} dBm"))
                        .unwrap_or_else(|| lang.pick("unknown", "未知").into());
                    ui.label(format!("{dbm} ({})", s.quality().words(lang)));
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
                .unwrap_or(unknown.clone());
            item(ui, lang.pick("Sockets", "连接数"), socks);
            let mut refresh_now = false;
            let mut interval = None;
            if ui
                .small_button(lang.pick("Refresh", "刷新"))
                .on_hover_text(lang.pick("Refresh the status now", "立即刷新状态"))
                .clicked()
            {
                refresh_now = true;
            }
            let words = |s: u32| match s {
                0 => lang.pick("on connect only", "仅在连接时").to_string(),
                60 => lang.pick("every minute", "每分钟").to_string(),
                s if s % 60 == 0 => match lang {
                    Lang::En => format!("every {} minutes", s / 60),
                    Lang::Zh => format!("每 {} 分钟", s / 60),
                },
                s => match lang {
                    Lang::En => format!("every {s} s"),
                    Lang::Zh => format!("每 {s} 秒"),
                },
            };
            // Shown short in the strip ("30 s"), in words in the list.
            let short = |s: u32| match s {
                0 => lang.pick("off", "关闭").to_string(),
                s if s % 60 == 0 => match lang {
                    Lang::En => format!("{} min", s / 60),
                    Lang::Zh => format!("{} 分钟", s / 60),
                },
                s => match lang {
                    Lang::En => format!("{s} s"),
                    Lang::Zh => format!("{s} 秒"),
                },
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
                .on_hover_text(lang.pick(
                    "Automatic refresh: how often the status strip reads the module again",
                    "自动刷新：状态栏多久重新读取一次模块",
                ));
            (refresh_now, interval)
        })
        .inner;
    if let Some(s) = interval {
        app.settings.refresh_s = s;
    }
    if refresh_now || interval.is_some() {
        app.refresh_status();
    }
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
        .fill(egui::Color32::from_rgb(255, 236, 179))
        .inner_margin(egui::Margin::same(6))
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(lang.pick(
                        "Transparent mode: everything you send goes straight to the server; AT commands are not answered.",
                        "透传模式：发送的所有数据直接发往服务器，AT 指令不会被响应。",
                    ))
                    .color(egui::Color32::from_rgb(90, 60, 0)),
                );
                if ui.button(lang.pick("Return to command mode (+++)", "返回指令模式（+++）")).clicked() {
                    app.jobs.run("datamode", vec![Command::LeaveData]);
                }
            });
        });
}
