//! The TCP/UDP panel (manual §4.1 and §6.4): open a connection in AT mode or transparent mode,
//! see and close the open connections, send data on an AT-mode link, and switch a transparent
//! link between data and command mode.
//!
//! One file per job: [`open`] (the open form), [`links`] (the table of open connections),
//! [`send`] (QISEND), [`transparent`] (ATO / `+++` and raw data), and [`payload`] (text or
//! hex data entry, shared with the simple-pairing panel).

pub mod links;
pub mod open;
pub mod payload;
pub mod send;
pub mod transparent;

use super::Panel;
use crate::at::Command;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::apply::blocked_reason;

/// Owner of the panel's reads (the table's refresh).
pub const READ_OWNER: &str = "socket.read";

/// The TCP/UDP panel's state.
#[derive(Default)]
pub struct SocketPanel {
    pub open: open::OpenForm,
    pub links: links::LinkTable,
    pub send: send::SendForm,
    pub transparent: transparent::ModeSwitch,
}

impl Panel for SocketPanel {
    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        // In the order of the work: open, see what is open, send; then transparent mode.
        stable(ui, "socket.open", |ui| self.open.ui(ui, ctx));
        ui.add_space(8.0);
        stable(ui, "socket.links", |ui| self.links.ui(ui, ctx));
        ui.add_space(8.0);
        stable(ui, "socket.send", |ui| self.send.ui(ui, ctx));
        ui.add_space(8.0);
        stable(ui, "socket.transparent", |ui| self.transparent.ui(ui, ctx));
    }

    fn refresh(&mut self, ctx: &mut PanelCtx<'_>) {
        ctx.jobs.run(READ_OWNER, vec![Command::SocketState]);
    }
}

/// Draw `add` in a `Ui` whose widget ids depend only on `key` and what `add` draws. egui gives
/// a widget without an explicit id one counted from the widgets before it, so a message
/// appearing in an earlier section (a spinner, an error) would otherwise change the ids of the
/// inputs below it, and the one being typed in would lose its focus.
pub(crate) fn stable<R>(
    ui: &mut egui::Ui,
    key: &'static str,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    ui.scope_builder(egui::UiBuilder::new().scope_id(egui::Id::unique(key)), add)
        .inner
}

/// Width of the label column of the forms (the shared widgets' 150 px label plus spacing).
pub(crate) const LABEL_COLUMN: f32 = 154.0;

/// Content under a form's fields, lined up with the inputs; text in it wraps at the panel's
/// edge (a plain horizontal row would let it run off the side).
pub(crate) fn indented<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.horizontal(|ui| {
        ui.add_space(LABEL_COLUMN);
        ui.vertical(add).inner
    })
    .inner
}

/// While `owner`'s job runs, a button (labelled `label`) that cancels it and what is queued.
pub(crate) fn cancel_button(ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>, owner: &str, label: &str) {
    if ctx.jobs.busy(owner) && ui.button(label).clicked() {
        ctx.jobs.cancel(owner);
    }
}

/// A caution in the theme's warning colour: something the user should know before acting, not
/// an error to fix.
pub(crate) fn warning(ui: &mut egui::Ui, text: &str) {
    let color = ui.visuals().warn_fg_color;
    ui.label(egui::RichText::new(format!("⚠ {text}")).color(color));
}

/// Why a form that sends AT commands cannot be used now: the usual reasons (invalid form, not
/// connected, busy), and transparent mode, where the module does not read commands at all.
pub(crate) fn form_blocked(ctx: &PanelCtx<'_>, owner: &str, form_ok: bool) -> Option<String> {
    if form_ok && ctx.connected() && ctx.module.data_mode {
        return Some(
            ctx.t(
                "The link is in transparent mode: leave it (+++) first.",
                "链路处于透传模式：请先发送 +++ 退出透传。",
            )
            .into(),
        );
    }
    blocked_reason(ctx.lang, ctx.connected(), ctx.jobs.busy(owner), form_ok)
}
