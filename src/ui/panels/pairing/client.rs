//! The saved TCP client (`AT+SIMPLECLIENT`), used at every power-up in TCP passthrough mode,
//! with a live counter against the 60-byte limit (the module counts bytes).

use crate::at::error_code::ModuleError;
use crate::at::socket::{PairingMode, Protocol, SIMPLE_CLIENT_MAX, SimpleClient, SocketTarget};
use crate::at::value::{Field, parse_number};
use crate::at::{Checked, Command};
use crate::ui::ctx::PanelCtx;
use crate::ui::jobs::JobView;
use crate::ui::panels::socket::open::{mode_choice, protocol_choice, target_fields};
use crate::ui::widgets::form::indented;
use crate::ui::widgets::form::{FormSync, blocked, cancel_button, then_read, warning};
use crate::ui::widgets::{apply_button, current_value, error_text, help, preview, section};
use crate::worker::{CommandError, Step};
use egui::{RichText, Ui};

/// Owner of the save job.
pub const OWNER: &str = "pairing.client";

/// The client form's state.
pub struct ClientForm {
    pub protocol: Protocol,
    pub host: String,
    pub port: String,
    pub local_port: String,
    pub transparent: bool,
    /// What the form showed last frame, to notice the user's edits.
    last: Option<(Protocol, String, String, String, bool)>,
    /// Follows the module's saved client until the user edits the form.
    pub sync: FormSync,
}

impl Default for ClientForm {
    fn default() -> Self {
        Self {
            protocol: Protocol::Tcp,
            host: String::new(),
            port: String::new(),
            local_port: "0".into(),
            transparent: true,
            last: None,
            sync: FormSync::default(),
        }
    }
}

/// Whether the save failed with `ERROR=104`: in TCP passthrough mode with no client saved, the
/// module prints that line on its own, over and over, so it may have been taken for the answer.
fn stray_error_104(job: &JobView) -> bool {
    job.done
        && job.outcomes.first().is_some_and(|o| {
            matches!(
                o.as_ref().map(|o| &o.result),
                Some(Err(CommandError::Module(ModuleError::Code(104))))
            )
        })
}

/// Characters the typed values take as the module counts them (the parameter list as sent),
/// also while a port is still invalid, so the counter moves with every key.
fn typed_len(f: &ClientForm) -> usize {
    format!(
        "\"{}\",\"{}\",{},{},{}",
        f.protocol.as_str(),
        f.host,
        f.port.trim(),
        f.local_port.trim(),
        u8::from(f.transparent)
    )
    .len()
}

impl ClientForm {
    /// The target as typed, if both ports are numbers (the server port from 1, the local port
    /// from 0, which lets the module choose). The server is checked with the rest.
    fn target(&self) -> Option<SocketTarget> {
        let port = |field, text: &str, min| {
            parse_number(field, text, min, 65535)
                .ok()
                .and_then(|n| u16::try_from(n).ok())
        };
        Some(SocketTarget {
            protocol: self.protocol,
            host: self.host.clone(),
            port: port(Field::RemotePort, &self.port, 1)?,
            local_port: port(Field::LocalPort, &self.local_port, 0)?,
            transparent: self.transparent,
        })
    }

    /// The save command, if the form is valid: the server, both ports, and the whole setting
    /// within the module's 60 bytes.
    pub fn command(&self) -> Option<Command> {
        Checked::new(SimpleClient(self.target()?))
            .ok()
            .map(Command::SimpleClientSet)
    }

    /// What "Save client" sends: the client, then in AT mode its read-back (a transparent
    /// client goes into data mode once connected: it is read back later). Empty while the form
    /// is wrong.
    pub fn commands(&self) -> Vec<Command> {
        match self.command() {
            Some(c) if self.transparent => vec![c],
            c => then_read(c, Command::SimpleClientQuery),
        }
    }

    fn snapshot(&self) -> (Protocol, String, String, String, bool) {
        (
            self.protocol,
            self.host.clone(),
            self.port.clone(),
            self.local_port.clone(),
            self.transparent,
        )
    }

    fn load(&mut self, ctx: &PanelCtx<'_>) {
        if self
            .sync
            .should_load(ctx.module.generation, ctx.jobs.latest(OWNER))
            && let Some(Some(t)) = &ctx.module.simple_client
        {
            self.protocol = t.protocol;
            self.host = t.host.clone();
            self.port = t.port.to_string();
            self.local_port = t.local_port.to_string();
            self.transparent = t.transparent;
        }
        self.last = Some(self.snapshot());
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        self.load(ctx);
        let lang = ctx.lang;
        section(ui, ctx.tr("pairing-client-saved-tcp-client"), |ui| {
            let saved = match &ctx.module.simple_client {
                None => None,
                Some(None) => Some(ctx.tr("pairing-client-none-saved").to_string()),
                Some(Some(t)) => Some(t.params()),
            };
            current_value(ui, lang, saved.as_deref());
            if ctx.module.pairing != Some(PairingMode::Tcp) {
                help(
                    ui,
                    ctx.tr("pairing-client-the-module-uses-a-saved-client-only"),
                );
                return;
            }
            help(
                ui,
                ctx.tr("pairing-client-the-server-the-module-connects-to-at"),
            );
            if ctx.module.simple_client == Some(None) {
                warning(
                    ui,
                    ctx.tr("pairing-client-no-client-is-saved-the-module-prints"),
                );
            }
            protocol_choice(ui, lang, &mut self.protocol);
            // The fields show their own errors.
            target_fields(
                ui,
                lang,
                &mut self.host,
                &mut self.port,
                &mut self.local_port,
            );
            mode_choice(ui, lang, &mut self.transparent);
            self.sync.undo_note(
                ui,
                lang,
                lang.tr("pairing-client-undo-changes-to-the-saved-client"),
            );

            let len = self
                .target()
                .map_or_else(|| typed_len(self), |t| t.simple_client_len());
            indented(ui, |ui| {
                let text = crate::tr!(
                    lang,
                    "pairing-client-bytes",
                    len = &len,
                    simple_client_max = &SIMPLE_CLIENT_MAX
                );
                let t = RichText::new(text).monospace();
                ui.label(if len > SIMPLE_CLIENT_MAX {
                    t.color(ui.visuals().error_fg_color)
                } else {
                    t
                });
                help(
                    ui,
                    ctx.tr("pairing-client-the-whole-setting-as-sent-quotes-and"),
                );
            });
            if len > SIMPLE_CLIENT_MAX {
                indented(ui, |ui| {
                    error_text(
                        ui,
                        &crate::tr!(
                            lang,
                            "pairing-client-bytes-is-over-the-module-s-limit-of",
                            len = &len,
                            simple_client_max = &SIMPLE_CLIENT_MAX
                        ),
                    );
                });
            }
            let cmds = self.commands();
            let lines: Vec<String> = cmds.iter().map(Command::display_line).collect();
            preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
            if ctx.jobs.latest(OWNER).is_some_and(stray_error_104) {
                help(
                    ui,
                    ctx.tr("pairing-client-error-104-here-may-be-the-module-s"),
                );
            }
            let blocked = blocked(ctx, OWNER, !cmds.is_empty());
            if apply_button(ui, lang, ctx.tr("pairing-client-save-client"), blocked) {
                // The read-back runs even if the save looked failed (see `stray_error_104`).
                ctx.jobs
                    .run_steps(OWNER, cmds.into_iter().map(Step::from).collect(), false);
                self.sync.applied();
            }
            // Saving connects at once, which can take up to 30 s.
            let label = ctx.tr("pairing-client-cancel-saving");
            cancel_button(ui, ctx, OWNER, label);
        });
        if self.last.as_ref() != Some(&self.snapshot()) {
            self.sync.edited = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(host: &str, port: &str, local: &str, transparent: bool) -> ClientForm {
        ClientForm {
            host: host.into(),
            port: port.into(),
            local_port: local.into(),
            transparent,
            ..ClientForm::default()
        }
    }

    fn lines(f: &ClientForm) -> Vec<String> {
        f.commands().iter().map(Command::line).collect()
    }

    /// In AT mode the client is saved, then read back; a transparent one only saved.
    #[test]
    fn the_typed_client_is_saved() {
        assert_eq!(
            lines(&form("8.137.154.246", "2057", "0", false)),
            [
                "AT+SIMPLECLIENT=\"TCP\",\"8.137.154.246\",2057,0,0",
                "AT+SIMPLECLIENT?"
            ]
        );
        assert_eq!(
            lines(&form("example.com", " 80 ", "4000", true)),
            ["AT+SIMPLECLIENT=\"TCP\",\"example.com\",80,4000,1"]
        );
    }

    /// A wrong field sends nothing: empty, out of range, not a number (full-width digits too),
    /// a line break or a double quote in the server, a setting over the module's 60 bytes
    /// (Chinese characters count three bytes each).
    #[test]
    fn a_wrong_field_sends_nothing() {
        let long = "a".repeat(44);
        for (host, port, local) in [
            ("", "2057", "0"),
            ("example.com", "", "0"),
            ("example.com", "0", "0"),
            ("example.com", "65536", "0"),
            ("example.com", "80", "-1"),
            ("example.com", "８０", "0"),
            ("example.com\r\n", "80", "0"),
            ("exa\"mple.com", "80", "0"),
            (long.as_str(), "2057", "0"),
            ("服务器服务器服务器服务器.example.cn", "2057", "0"),
        ] {
            let f = form(host, port, local, false);
            assert_eq!(f.command(), None, "{host:?} {port:?} {local:?}");
            assert!(f.commands().is_empty());
        }
    }
}
