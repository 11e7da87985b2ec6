//! The open form (`AT+QIOPEN`): protocol, server, ports, and AT mode vs transparent mode
//! explained in plain words.

use crate::at::answer::Answer;
use crate::at::socket::{Protocol, SocketTarget};
use crate::at::value::{Field, ValidationError, parse_number};
use crate::at::{Checked, Command, Validate};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{self, indented, palette, warning};
use crate::ui::widgets::{
    apply_button, error_text, help, number_field, preview, section, text_field,
};
use egui::{RichText, Ui};

/// Owner of the open job.
pub const OWNER: &str = "socket.open";

/// What the user typed in the open form. Starts with the manual's own example server (the
/// vendor's echo server), so a first test needs no typing.
pub struct OpenForm {
    pub protocol: Protocol,
    pub host: String,
    pub port: String,
    pub local_port: String,
    pub transparent: bool,
}

impl Default for OpenForm {
    fn default() -> Self {
        let t = SocketTarget::default();
        Self {
            protocol: t.protocol,
            host: t.host,
            port: t.port.to_string(),
            local_port: t.local_port.to_string(),
            transparent: t.transparent,
        }
    }
}

/// The two transfer modes in plain words (shared with the pairing panel's client form).
pub fn mode_choice(ui: &mut Ui, lang: Lang, transparent: &mut bool) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        ui.add_sized(
            [150.0, 20.0],
            egui::Label::new(lang.tr("socket-open-transfer-mode")),
        );
        ui.vertical(|ui| {
            changed |= ui
                .radio_value(
                    transparent,
                    false,
                    lang.tr("socket-open-at-mode-several-links"),
                )
                .changed();
            help(
                ui,
                lang.tr("socket-open-several-connections-can-be-open-at"),
            );
            changed |= ui
                .radio_value(
                    transparent,
                    true,
                    lang.tr("socket-open-transparent-mode-one-link"),
                )
                .changed();
            help(ui, lang.tr("socket-open-a-single-connection-once-it-opens"));
        });
    });
    changed
}

/// Protocol radio buttons (TCP / UDP).
pub fn protocol_choice(ui: &mut Ui, lang: Lang, protocol: &mut Protocol) -> bool {
    ui.horizontal(|ui| {
        ui.add_sized(
            [150.0, 20.0],
            egui::Label::new(lang.tr("socket-open-protocol")),
        );
        let a = ui.radio_value(protocol, Protocol::Tcp, "TCP").changed();
        let b = ui.radio_value(protocol, Protocol::Udp, "UDP").changed();
        a || b
    })
    .inner
}

/// Draw the server and port fields of a target; returns the target (if every field parses)
/// and the problems found. Shared with the pairing panel's client form.
pub fn target_fields(
    ui: &mut Ui,
    lang: Lang,
    host: &mut String,
    port: &mut String,
    local_port: &mut String,
) -> (String, Option<u16>, Option<u16>, Vec<ValidationError>) {
    // Validate after the edit, so the message matches what is in the box this very frame.
    text_field(ui, lang, Field::Host.label(lang), host, &[], Field::Host);
    let mut errors = SocketTarget {
        host: host.clone(),
        ..SocketTarget::default()
    }
    .problems();
    if let Some(e) = errors.first() {
        error_text(ui, &crate::ui::widgets::field_error(e, lang));
    }
    // Port 0 means "any" only for the local side; a server always listens on a real port.
    let mut port_field = |ui: &mut Ui, field: Field, text: &mut String, min| {
        let mut n = 0;
        match number_field(ui, lang, field.label(lang), text, field, min, 65535, &mut n) {
            Some(e) => {
                errors.push(e);
                None
            }
            None => u16::try_from(n).ok(),
        }
    };
    let port_ok = port_field(ui, Field::RemotePort, port, 1);
    let local_ok = port_field(ui, Field::LocalPort, local_port, 0);
    indented(ui, |ui| {
        help(
            ui,
            lang.tr("socket-open-local-port-0-lets-the-module-choose"),
        );
    });
    (host.clone(), port_ok, local_ok, errors)
}

impl OpenForm {
    /// The target as typed, checked, or `None` while a field is wrong (the fields say what).
    pub fn target(&self) -> Option<Checked<SocketTarget>> {
        let port = |field, text: &str, min| {
            parse_number(field, text, min, 65535)
                .ok()
                .and_then(|n| u16::try_from(n).ok())
        };
        Checked::new(SocketTarget {
            protocol: self.protocol,
            host: self.host.clone(),
            // Port 0 means "any" only for the local side; a server always listens on a real port.
            port: port(Field::RemotePort, &self.port, 1)?,
            local_port: port(Field::LocalPort, &self.local_port, 0)?,
            transparent: self.transparent,
        })
        .ok()
    }

    /// The open command, if the form is valid.
    pub fn command(&self) -> Option<Command> {
        self.target().map(Command::SocketOpen)
    }

    /// What "Open connection" sends: the open command, then (in AT mode) a read of the table of
    /// open connections. A transparent link is in data mode once open: the table is read later.
    pub fn commands(&self) -> Vec<Command> {
        let Some(open) = self.command() else {
            return Vec::new();
        };
        if self.transparent {
            vec![open]
        } else {
            vec![open, Command::SocketState]
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        section(ui, ctx.tr("socket-open-open-a-connection"), |ui| {
            help(ui, ctx.tr("socket-open-connect-the-module-to-a-tcp-or-udp"));
            protocol_choice(ui, lang, &mut self.protocol);
            target_fields(
                ui,
                lang,
                &mut self.host,
                &mut self.port,
                &mut self.local_port,
            );
            mode_choice(ui, lang, &mut self.transparent);

            let open_links = ctx.module.sockets.as_ref().map_or(0, Vec::len);
            if self.transparent && open_links > 0 {
                warning(
                    ui,
                    ctx.tr("socket-open-transparent-mode-works-with-a-single"),
                );
            }

            let commands = self.commands();
            let lines: Vec<String> = commands.iter().map(Command::display_line).collect();
            preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
            if let Some(job) = ctx.jobs.latest(OWNER)
                && let Some(Some(o)) = job.outcomes.first()
                && let Ok(Answer::LinkOpened(link)) = &o.result
            {
                let text = crate::tr!(lang, "socket-open-connection-is-open", link = &link);
                ui.label(RichText::new(text).color(palette::GREEN));
            }
            let blocked = form::blocked(ctx, OWNER, !commands.is_empty());
            if apply_button(ui, lang, ctx.tr("socket-open-open-connection"), blocked)
                && !commands.is_empty()
            {
                ctx.jobs.run(OWNER, commands);
            }
            // Opening can take up to 30 s when the server does not answer.
            let label = ctx.tr("socket-open-cancel-opening");
            form::cancel_button(ui, ctx, OWNER, label);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(host: &str, port: &str, local: &str, transparent: bool) -> OpenForm {
        OpenForm {
            protocol: Protocol::Tcp,
            host: host.into(),
            port: port.into(),
            local_port: local.into(),
            transparent,
        }
    }

    /// The manual's example opens in AT mode, then reads the table of links.
    #[test]
    fn the_default_form_opens_and_reads_the_table() {
        let lines: Vec<String> = OpenForm::default()
            .commands()
            .iter()
            .map(Command::display_line)
            .collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("AT+QIOPEN="), "{lines:?}");
        assert_eq!(lines[1], Command::SocketState.display_line());
    }

    /// In transparent mode the link is in data mode once open: nothing is read after it.
    #[test]
    fn transparent_mode_sends_only_the_open() {
        let f = form("example.com", "8080", "0", true);
        assert_eq!(f.commands().len(), 1);
        assert!(matches!(f.command(), Some(Command::SocketOpen(t)) if t.transparent));
    }

    /// A wrong field gives no command at all.
    #[test]
    fn a_wrong_field_gives_no_command() {
        for (host, port, local) in [
            ("", "8080", "0"),
            ("example.com", "0", "0"),
            ("example.com", "65536", "0"),
            ("example.com", "80", "-1"),
            ("example.com", "http", "0"),
        ] {
            let f = form(host, port, local, false);
            assert!(f.command().is_none(), "{host} {port} {local}");
            assert!(f.commands().is_empty());
        }
    }

    /// The typed values reach the command unchanged.
    #[test]
    fn the_typed_values_reach_the_command() {
        let f = form("10.0.0.2", "5000", "4000", false);
        let Some(Command::SocketOpen(t)) = f.command() else {
            panic!("no command");
        };
        assert_eq!(
            (t.host.as_str(), t.port, t.local_port),
            ("10.0.0.2", 5000, 4000)
        );
    }
}
