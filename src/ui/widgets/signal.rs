//! Signal bars.

use crate::at::network::SignalQuality;
use crate::ui::widgets::form::palette;
use egui::{Ui, Vec2};

/// The size and spacing of a set of four bars.
pub struct Look {
    /// The space the bars take.
    pub size: Vec2,
    /// The first bar's height; each next one is `step` taller.
    pub first: f32,
    pub step: f32,
    /// From one bar's left edge to the next one's.
    pub pitch: f32,
    pub width: f32,
    pub rounding: f32,
}

/// The status strip's small bars.
pub const SMALL: Look = Look {
    size: Vec2::new(22.0, 16.0),
    first: 4.0,
    step: 3.0,
    pitch: 5.5,
    width: 4.0,
    rounding: 1.0,
};

/// The Network panel's large bars.
pub const LARGE: Look = Look {
    size: Vec2::new(54.0, 40.0),
    first: 10.0,
    step: 10.0,
    pitch: 14.0,
    width: 10.0,
    rounding: 2.0,
};

/// The colour of a signal: red for none or poor, amber for fair, green for good.
pub fn colour(quality: SignalQuality) -> egui::Color32 {
    match quality.bars() {
        0 | 1 => palette::RED,
        2 => palette::AMBER,
        _ => palette::GREEN,
    }
}

/// Four small bars, `quality.bars()` of them lit.
pub fn bars(ui: &mut Ui, quality: SignalQuality) -> egui::Response {
    draw(ui, quality, &SMALL)
}

/// Four bars drawn as `look` says, `quality.bars()` of them lit in the quality's colour.
pub fn draw(ui: &mut Ui, quality: SignalQuality, look: &Look) -> egui::Response {
    let (rect, resp) = ui.allocate_exact_size(look.size, egui::Sense::hover());
    let lit = quality.bars();
    for i in 0..4u8 {
        let h = look.first + look.step * f32::from(i);
        let x = rect.left() + f32::from(i) * look.pitch;
        let r = egui::Rect::from_min_max(
            egui::pos2(x, rect.bottom() - h),
            egui::pos2(x + look.width, rect.bottom()),
        );
        let c = if i < lit {
            colour(quality)
        } else {
            ui.visuals().widgets.inactive.bg_fill
        };
        ui.painter().rect_filled(r, look.rounding, c);
    }
    resp
}
