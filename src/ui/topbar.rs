//! The top bar: port picker, baud, connect/disconnect, connection chip, language, log toggle.

use super::app::App;
use super::ports;
use crate::at::basic::BAUD_RATES;
use crate::i18n::Lang;
use crate::worker::LinkState;
use egui::{Color32, RichText};

pub fn ui(ui: &mut egui::Ui, app: &mut App) {
    let lang = app.lang;
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("CT11 Configurator").strong().size(16.0));
        ui.separator();
        let port_label = ui.label(lang.pick("Port", "串口"));
        let current = app
            .conn
            .ports
            .iter()
            .find(|p| p.id == app.conn.selected)
            .map(|p| p.label.clone())
            .unwrap_or_else(|| app.conn.selected.clone());
        egui::ComboBox::from_id_salt("port")
            .width(210.0)
            .selected_text(current)
            .show_ui(ui, |ui| {
                for p in app.conn.ports.clone() {
                    ui.selectable_value(&mut app.conn.selected, p.id.clone(), p.label);
                }
            })
            .response
            .labelled_by(port_label.id);
        let scanning = app.scanning_ports();
        if ui
            .add_enabled(
                !scanning,
                egui::Button::new(lang.pick("Rescan", "重新扫描")),
            )
            .on_hover_text(lang.pick("Refresh the port list", "刷新串口列表"))
            .on_disabled_hover_text(lang.pick("Listing the serial ports…", "正在列出串口…"))
            .clicked()
        {
            app.refresh_ports(ui.ctx());
        }
        if scanning {
            ui.spinner();
        }
        let path_label = ui.label(lang.pick("or path", "或路径"));
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut app.conn.typed_path)
                    .desired_width(110.0)
                    .hint_text("/dev/ttyUSB0, COM3"),
            )
            .labelled_by(path_label.id);
        if r.changed() && !app.conn.typed_path.trim().is_empty() {
            app.conn.selected = app.conn.typed_path.trim().to_string();
        }
        let baud_label = ui.label(lang.pick("Baud", "波特率"));
        let auto_text = lang.pick("Auto-detect", "自动检测");
        let baud_text = if app.settings.auto_baud {
            auto_text.to_string()
        } else {
            app.settings.baud.to_string()
        };
        egui::ComboBox::from_id_salt("baud")
            .width(90.0)
            .selected_text(baud_text)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut app.settings.auto_baud, true, auto_text);
                for b in BAUD_RATES {
                    if ui
                        .selectable_label(
                            !app.settings.auto_baud && app.settings.baud == b,
                            b.to_string(),
                        )
                        .clicked()
                    {
                        app.settings.auto_baud = false;
                        app.settings.baud = b;
                    }
                }
            })
            .response
            .labelled_by(baud_label.id);
        let link = app.module.link.clone();
        match link {
            LinkState::Disconnected | LinkState::Failed { .. } => {
                if ui
                    .add_enabled(
                        !app.conn.selected.is_empty(),
                        egui::Button::new(lang.pick("Connect", "连接")),
                    )
                    .clicked()
                {
                    app.connect();
                }
            }
            _ => {
                if ui.button(lang.pick("Disconnect", "断开")).clicked() {
                    app.disconnect();
                }
            }
        }
        chip(ui, lang, &app.module.link);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let other = match lang {
                Lang::En => Lang::Zh,
                Lang::Zh => Lang::En,
            };
            if ui
                .button(other.native_name())
                .on_hover_text(lang.pick("Switch language", "切换语言"))
                .clicked()
            {
                app.set_lang(other);
            }
            ui.toggle_value(&mut app.settings.log_visible, lang.pick("Log", "日志"));
        });
    });
    if let LinkState::Failed { reason } = &app.module.link {
        ui.label(
            RichText::new(format!(
                "{} {reason}. {}",
                lang.pick("Could not connect:", "无法连接："),
                lang.pick(
                    "Check the cable and the port, or choose Auto-detect for the baud rate.",
                    "请检查串口线和端口，或将波特率设为自动检测。"
                )
            ))
            .color(ui.visuals().error_fg_color),
        );
    }
    if let LinkState::NoAnswer { baud, .. } = &app.module.link {
        ui.label(
            RichText::new(format!(
                "{} {baud}. {}",
                lang.pick(
                    "The port is open but the module does not answer at",
                    "串口已打开，但模块在此波特率下无应答："
                ),
                lang.pick(
                    "Check power, try Auto-detect, or leave transparent mode.",
                    "请检查供电、尝试自动检测波特率，或退出透传模式。"
                )
            ))
            .color(Color32::from_rgb(200, 130, 20)),
        );
    }
    let _ = ports::SIMULATED;
    ui.add_space(2.0);
}

/// The connection chip.
pub fn chip(ui: &mut egui::Ui, lang: Lang, link: &LinkState) {
    let (color, text) = match link {
        LinkState::Connected { .. } => (Color32::from_rgb(40, 150, 70), link.words(lang)),
        LinkState::Connecting { .. } | LinkState::Restarting => {
            (Color32::from_rgb(210, 150, 30), link.words(lang))
        }
        LinkState::NoAnswer { .. } => (Color32::from_rgb(210, 150, 30), link.words(lang)),
        LinkState::Unplugged { .. } | LinkState::Failed { .. } => {
            (Color32::from_rgb(200, 60, 50), link.words(lang))
        }
        LinkState::Disconnected => (Color32::GRAY, link.words(lang)),
    };
    egui::Frame::new()
        .fill(color)
        .corner_radius(10.0)
        .inner_margin(egui::Margin::symmetric(8, 2))
        .show(ui, |ui| {
            ui.label(RichText::new(format!("● {text}")).color(Color32::WHITE));
        });
}
