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
use crate::ui::widgets::form::stable;
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
