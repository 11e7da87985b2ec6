//! The TCP/UDP panel (manual §4.1 and §6.4): open a connection in AT mode or transparent mode,
//! see and close the open connections, send data on an AT-mode link, and switch a transparent
//! link between data and command mode.
//!
//! One file per job: [`open`] (the open form), [`links`] (the table of open connections),
//! [`send`] (QISEND), [`transparent`] (ATO / `+++` and raw data), and [`payload`] (text or
//! hex data entry, shared with the simple-pairing panel). What the servers send back is shown
//! under "Received data", per link ([`SocketPanel::received`]).

pub mod links;
pub mod open;
pub mod payload;
pub mod send;
pub mod transparent;

use super::Panel;
use crate::at::Command;
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::log::clock::Clock;
use crate::ui::widgets::apply::blocked_reason;
use crate::ui::widgets::received::{self as inbox, Inbox};
use crate::ui::widgets::{help, section};

/// Owner of the panel's reads (the table's refresh).
pub const READ_OWNER: &str = "socket.read";

/// The TCP/UDP panel's state.
#[derive(Default)]
pub struct SocketPanel {
    pub open: open::OpenForm,
    pub links: links::LinkTable,
    pub send: send::SendForm,
    pub transparent: transparent::ModeSwitch,
    /// What the servers sent, per link (the last 500 pieces); transparent-mode bytes have the
    /// empty link.
    pub received: Inbox,
    clock: Clock,
}

/// "link 3", or "transparent mode" for the bytes of a transparent link.
fn link_words(lang: Lang, link: &str) -> String {
    if link.is_empty() {
        return lang.pick("transparent mode", "透传模式").to_string();
    }
    match lang {
        Lang::En => format!("link {link}"),
        Lang::Zh => format!("连接 {link}"),
    }
}

const RECEIVED_WORDS: inbox::Words = inbox::Words {
    channel: ("Link", "连接"),
    show_channel: link_words,
    filter: ("Filter received data", "筛选收到的数据"),
    filter_hint: ("words or hex bytes", "文字或十六进制字节"),
    empty: (
        "Nothing received yet. Data the servers send on open links appears here.",
        "尚未收到数据。服务器在已打开的连接上发送的数据会显示在这里。",
    ),
    copy: ("Copy shown data", "复制显示的数据"),
    clear: ("Clear received data", "清空收到的数据"),
    hex: ("Show as hex", "以十六进制显示"),
    pick: ("Show link", "显示连接"),
};

impl SocketPanel {
    fn received_ui(&mut self, ui: &mut egui::Ui, ctx: &PanelCtx<'_>) {
        section(ui, ctx.t("Received data", "收到的数据"), |ui| {
            help(
                ui,
                ctx.t(
                    "What the servers sent on each link (+RECEIVE in AT mode; the raw bytes in transparent mode), newest at the bottom.",
                    "服务器在各连接上发送的数据（指令模式下为 +RECEIVE；透传模式下为原始字节），最新的在最下方。",
                ),
            );
            inbox::ui(
                ui,
                ctx.lang,
                "socket",
                &mut self.received,
                &RECEIVED_WORDS,
                None,
                &self.clock,
            );
        });
    }
}

impl SocketPanel {
    /// Data from a link's server: in AT mode with its link number, in transparent mode as it
    /// came (found once for all panels by the app's
    /// [`Feed`](crate::ui::widgets::received::Feed)).
    pub fn on_data(&mut self, at: std::time::SystemTime, link: Option<u8>, data: Vec<u8>) {
        let channel = link.map(|l| l.to_string()).unwrap_or_default();
        self.received.push(at, channel, data);
    }
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
        stable(ui, "socket.received", |ui| self.received_ui(ui, ctx));
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
