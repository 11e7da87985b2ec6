//! The bundled CJK font (a Noto Sans SC subset, SIL OFL 1.1: see assets/fonts), so Chinese
//! renders on every system, including in the GUI tests.

use egui::{FontData, FontFamily, FontInsert, FontPriority, InsertFontFamily};

/// Add the CJK font behind egui's default fonts.
pub fn install(ctx: &egui::Context) {
    ctx.add_font(FontInsert::new(
        "noto-sans-sc-ct11",
        FontData::from_static(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/fonts/NotoSansSC-CT11.otf"
        ))),
        vec![
            InsertFontFamily {
                family: FontFamily::Proportional,
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
}
