//! (being written)

use super::Panel;
use crate::ui::ctx::PanelCtx;

#[derive(Default)]
pub struct NetworkPanel {}

impl Panel for NetworkPanel {
    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        ui.label(ctx.t("Coming soon", "即将推出"));
    }
    fn refresh(&mut self, _ctx: &mut PanelCtx<'_>) {}
}
