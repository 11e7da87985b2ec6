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
        self.transparent.ui(ui, ctx);
        ui.add_space(8.0);
        self.open.ui(ui, ctx);
        ui.add_space(8.0);
        self.links.ui(ui, ctx);
        ui.add_space(8.0);
        self.send.ui(ui, ctx);
    }

    fn refresh(&mut self, ctx: &mut PanelCtx<'_>) {
        ctx.jobs.run(READ_OWNER, vec![Command::SocketState]);
    }
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
