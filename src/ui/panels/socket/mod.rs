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
        return lang.tr("socket-transparent-mode").to_string();
    }
    crate::tr!(lang, "socket-link", link = &link)
}

const RECEIVED_WORDS: inbox::Words = inbox::Words {
    channel: "socket-link-2",
    show_channel: link_words,
    filter: "socket-filter-received-data",
    filter_hint: "socket-words-or-hex-bytes",
    empty: "socket-nothing-received-yet-data-the-servers",
    copy: "socket-copy-shown-data",
    clear: "socket-clear-received-data",
    hex: "socket-show-as-hex",
    pick: "socket-show-link",
};

impl SocketPanel {
    fn received_ui(&mut self, ui: &mut egui::Ui, ctx: &PanelCtx<'_>) {
        section(ui, ctx.tr("socket-received-data"), |ui| {
            help(ui, ctx.tr("socket-what-the-servers-sent-on-each-link"));
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
            ctx.tr("socket-the-link-is-in-transparent-mode-leave")
                .into(),
        );
    }
    blocked_reason(ctx.lang, ctx.connected(), ctx.jobs.busy(owner), form_ok)
}
