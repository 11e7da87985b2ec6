//! Signal bars.

use crate::at::network::SignalQuality;
use crate::ui::widgets::form::palette;
use egui::{Ui, Vec2};

/// Four bars, `quality.bars()` of them lit.
pub fn bars(ui: &mut Ui, quality: SignalQuality) -> egui::Response {
    let (rect, resp) = ui.allocate_exact_size(Vec2::new(22.0, 16.0), egui::Sense::hover());
    let lit = quality.bars();
    let color = match lit {
        0 | 1 => palette::RED,
        2 => palette::AMBER,
        _ => palette::GREEN,
    };
    for i in 0..4u8 {
        let h = 4.0 + 3.0 * f32::from(i);
        let x = rect.left() + f32::from(i) * 5.5;
        let r = egui::Rect::from_min_max(
            egui::pos2(x, rect.bottom() - h),
            egui::pos2(x + 4.0, rect.bottom()),
        );
        let c = if i < lit {
            color
        } else {
            ui.visuals().widgets.inactive.bg_fill
        };
        ui.painter().rect_filled(r, 1.0, c);
    }
    resp
}
