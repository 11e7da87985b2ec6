//! The top bar: port picker, baud, connect/disconnect, connection chip, language, log toggle.

use super::app::App;
use super::ports;
use crate::at::basic::BAUD_RATES;
use crate::i18n::Lang;
use crate::ui::widgets::form::palette;
use crate::worker::LinkState;
use egui::{Color32, RichText};

pub fn ui(ui: &mut egui::Ui, app: &mut App) {
    let lang = app.lang;
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("CT11 Configurator").strong().size(16.0));
        ui.separator();
        let port_label = ui.label(lang.tr("topbar-port"));
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
            .add_enabled(!scanning, egui::Button::new(lang.tr("topbar-rescan")))
            .on_hover_text(lang.tr("topbar-refresh-the-port-list"))
            .on_disabled_hover_text(lang.tr("topbar-listing-the-serial-ports"))
            .clicked()
        {
            app.refresh_ports(ui.ctx());
        }
        if scanning {
            ui.spinner();
        }
        let path_label = ui.label(lang.tr("topbar-or-path"));
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
        let baud_label = ui.label(lang.tr("topbar-baud"));
        let auto_text = lang.tr("topbar-auto-detect");
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
                        egui::Button::new(lang.tr("topbar-connect")),
                    )
                    .clicked()
                {
                    app.connect();
                }
            }
            _ => {
                if ui.button(lang.tr("topbar-disconnect")).clicked() {
                    app.disconnect();
                }
            }
        }
        chip(ui, lang, &app.module.link);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            // The menu is named by the current language; each entry by itself, so an installer
            // finds their own language whatever the window shows.
            let mut chosen = None;
            ui.menu_button(lang.native_name(), |ui| {
                for l in Lang::ALL {
                    if ui.selectable_label(l == lang, l.native_name()).clicked() {
                        chosen = Some(l);
                        ui.close();
                    }
                }
            })
            .response
            .on_hover_text(lang.tr("topbar-switch-language"));
            if let Some(l) = chosen.filter(|l| *l != lang) {
                app.set_lang(l);
            }
            ui.toggle_value(&mut app.settings.log_visible, lang.tr("topbar-log"));
        });
    });
    if let LinkState::Failed { reason } = &app.module.link {
        ui.label(
            RichText::new(crate::tr!(
                lang,
                "topbar-could-not-connect",
                reason = &reason.words(lang)
            ))
            .color(ui.visuals().error_fg_color),
        );
    }
    if let LinkState::NoAnswer { baud, .. } = &app.module.link {
        ui.label(
            RichText::new(crate::tr!(
                lang,
                "topbar-the-port-is-open-but-the-module-does",
                baud = baud
            ))
            .color(palette::AMBER),
        );
    }
    let _ = ports::SIMULATED;
    ui.add_space(2.0);
}

/// The connection chip.
pub fn chip(ui: &mut egui::Ui, lang: Lang, link: &LinkState) {
    let (color, text) = match link {
        LinkState::Connected { .. } => (palette::GREEN, link.words(lang)),
        LinkState::Connecting { .. } | LinkState::Restarting => (palette::AMBER, link.words(lang)),
        LinkState::NoAnswer { .. } => (palette::AMBER, link.words(lang)),
        LinkState::Unplugged { .. } | LinkState::Failed { .. } => (palette::RED, link.words(lang)),
        LinkState::Disconnected => (Color32::GRAY, link.words(lang)),
    };
    egui::Frame::new()
        .fill(color)
        .corner_radius(10.0)
        .inner_margin(egui::Margin::symmetric(8, 2))
        .show(ui, |ui| {
            // The dot is drawn, not a '●' glyph: egui's own fonts have none, and in English
            // the font that has one is installed after the first frame.
            ui.spacing_mut().item_spacing.x = 4.0;
            let size = ui.text_style_height(&egui::TextStyle::Body);
            let (dot, _) =
                ui.allocate_exact_size(egui::vec2(size * 0.6, size), egui::Sense::hover());
            ui.painter()
                .circle_filled(dot.center(), size * 0.3, Color32::WHITE);
            ui.label(RichText::new(text).color(Color32::WHITE));
        });
}
