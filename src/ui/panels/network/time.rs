//! Network time: NTP sync (`AT+QNTP=<server>,<port>`) and the module's clock (`AT+QLTS?`),
//! shown beside this computer's clock so a wrong module time stands out.

use crate::at::network::NtpServer;
use crate::at::value::{self, Field};
use crate::at::{Checked, Command, Validate};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{FormSync, blocked, can_query, then_read, warning};
use crate::ui::widgets::{
    apply_button, current_value, error_text, help, preview, section, text_field,
};
use egui::{RichText, Ui};

const NTP: &str = "network.ntp";
const TIME: &str = "network.time";

/// The NTP form as typed.
#[derive(Clone, PartialEq)]
struct NtpText {
    server: String,
    port: String,
}

impl NtpText {
    /// The port as parsed, and the request the fields make.
    fn request(&self) -> (value::Check<i64>, NtpServer) {
        let port = value::parse_number(Field::NtpPort, &self.port, 0, 65535);
        let req = NtpServer {
            server: self.server.trim().to_string(),
            port: port
                .as_ref()
                .ok()
                .and_then(|p| u16::try_from(*p).ok())
                .unwrap_or(0),
        };
        (port, req)
    }

    /// The sync command, if the server can be sent and the port is a number from 0 to 65535.
    fn command(&self) -> Option<Command> {
        let (port, req) = self.request();
        port.ok()?;
        Checked::new(req).ok().map(Command::NtpSync)
    }
}

impl From<NtpServer> for NtpText {
    fn from(s: NtpServer) -> Self {
        Self {
            server: s.server,
            port: s.port.to_string(),
        }
    }
}

/// The time section's state.
pub struct TimeForms {
    ntp: NtpText,
    sync: FormSync,
    /// The module's last time reading and this computer's clock (UTC, Beijing) when it arrived.
    clock_at_read: Option<(String, String, String)>,
}

impl Default for TimeForms {
    fn default() -> Self {
        Self {
            ntp: NtpServer::default().into(),
            sync: FormSync::default(),
            clock_at_read: None,
        }
    }
}

impl TimeForms {
    /// The NTP sync command, if the form is valid.
    pub fn command(&self) -> Option<Command> {
        self.ntp.command()
    }

    /// What "Sync time now" sends: the sync, then the NTP setting read back.
    pub fn commands(&self) -> Vec<Command> {
        then_read(self.command(), Command::NtpQuery)
    }

    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let module_ntp = ctx.module.ntp.clone().flatten().map(NtpText::from);
        self.sync.follow(
            ctx.module.generation,
            ctx.jobs.latest(NTP),
            module_ntp,
            &mut self.ntp,
        );
        if let Some(t) = &ctx.module.time
            && self
                .clock_at_read
                .as_ref()
                .is_none_or(|(raw, ..)| *raw != t.raw)
        {
            let (utc, beijing) = computer_clock();
            self.clock_at_read = Some((t.raw.clone(), utc, beijing));
        }
        section(ui, ctx.tr("network-time-network-time"), |ui| {
            help(
                ui,
                ctx.tr("network-time-set-the-module-s-clock-from-a-time"),
            );
            let now = match &ctx.module.ntp {
                None => None,
                Some(None) => Some(ctx.tr("network-time-no-server-set").to_string()),
                Some(Some(s)) => Some(format!("{}:{}", s.server, s.port)),
            };
            current_value(ui, lang, now.as_deref());

            let f = &mut self.ntp;
            let (port, req) = f.request();
            let problems = req.problems();
            let r = text_field(
                ui,
                lang,
                ctx.tr("network-time-ntp-server"),
                &mut f.server,
                &problems,
                Field::NtpServer,
            );
            self.sync.touched(&r);
            let r = text_field(
                ui,
                lang,
                ctx.tr("network-time-ntp-port"),
                &mut f.port,
                &[],
                Field::NtpPort,
            );
            self.sync.touched(&r);
            if let Err(e) = &port {
                error_text(ui, &crate::ui::widgets::field_error(e, lang));
            }
            // Built from the fields as they are after this frame's typing.
            let cmds = self.commands();
            self.sync.undo_note(
                ui,
                lang,
                ctx.tr("network-time-undo-changes-to-the-ntp-server"),
            );
            let online = ctx
                .module
                .registration
                .as_ref()
                .is_some_and(|r| r.stat.is_registered());
            if ctx.connected() && !online {
                warning(
                    ui,
                    ctx.tr("network-time-the-module-is-not-registered-on-the"),
                );
            }
            let lines: Vec<String> = cmds.iter().map(Command::display_line).collect();
            let why = blocked(ctx, NTP, !cmds.is_empty());
            if apply_button(ui, lang, ctx.tr("network-time-sync-time-now"), why) && !cmds.is_empty()
            {
                ctx.jobs.run(NTP, cmds);
                self.sync.applied();
            }
            preview(ui, lang, NTP, &lines, ctx.jobs.latest(NTP));

            ui.separator();
            let module_time = ctx
                .module
                .time
                .as_ref()
                .map(|t| t.display())
                .unwrap_or_else(|| ctx.tr("network-time-not-read-yet").into());
            ui.horizontal(|ui| {
                let l = ui.label(RichText::new(ctx.tr("network-time-module-time")).weak());
                ui.label(RichText::new(module_time).strong().monospace())
                    .labelled_by(l.id);
            });
            if let Some((_, utc, beijing)) = &self.clock_at_read {
                ui.horizontal(|ui| {
                    let l = ui.label(
                        RichText::new(ctx.tr("network-time-this-computer-at-that-moment")).weak(),
                    );
                    ui.label(
                        RichText::new(crate::tr!(
                            lang,
                            "network-time-utc-and-beijing",
                            utc = utc,
                            beijing = beijing
                        ))
                        .monospace(),
                    )
                    .labelled_by(l.id);
                });
            }
            ui.horizontal(|ui| {
                let busy = ctx.jobs.busy(TIME);
                if ui
                    .add_enabled(
                        can_query(ctx) && !busy,
                        egui::Button::new(ctx.tr("network-time-read-module-time")),
                    )
                    .clicked()
                {
                    ctx.jobs.run(TIME, vec![Command::Time]);
                }
                if busy {
                    ui.spinner();
                }
            });
            if let Some(job) = ctx.jobs.latest(TIME)
                && job.done
                && let Some(e) = job.error(lang)
            {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color).small());
            }
            help(
                ui,
                ctx.tr("network-time-the-manual-says-the-module-reports"),
            );
        });
    }
}

/// This computer's clock as `YYYY-MM-DD hh:mm:ss`, in UTC and in Beijing time (UTC+8).
fn computer_clock() -> (String, String) {
    let secs = jiff::Timestamp::now().as_second();
    (format_utc(secs), format_utc(secs + 8 * 3600))
}

/// Seconds since 1970 as a calendar date and time (UTC).
fn format_utc(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(|t| t.strftime("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(server: &str, port: &str) -> TimeForms {
        TimeForms {
            ntp: NtpText {
                server: server.into(),
                port: port.into(),
            },
            ..TimeForms::default()
        }
    }

    /// The typed server (trimmed) and port reach the sync, then the setting is read back.
    #[test]
    fn the_typed_server_is_synced_then_read_back() {
        let lines: Vec<String> = form(" ntp.aliyun.com ", " 123 ")
            .commands()
            .iter()
            .map(Command::line)
            .collect();
        assert_eq!(lines, ["AT+QNTP=\"ntp.aliyun.com\",123", "AT+QNTP?"]);
    }

    /// A wrong field sends nothing: empty, out of range, not a number (full-width digits
    /// too), a line break or a double quote in the server.
    #[test]
    fn a_wrong_field_sends_nothing() {
        for (server, port) in [
            ("", "123"),
            ("  ", "123"),
            ("ntp.aliyun.com", ""),
            ("ntp.aliyun.com", "65536"),
            ("ntp.aliyun.com", "-1"),
            ("ntp.aliyun.com", "１２３"),
            ("ntp.aliyun.com\r\nAT+RST", "123"),
            ("ntp\"aliyun.com", "123"),
        ] {
            let f = form(server, port);
            assert_eq!(f.command(), None, "{server:?} {port:?}");
            assert!(f.commands().is_empty());
        }
    }

    #[test]
    fn dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00:00");
        assert_eq!(format_utc(1_761_602_000), "2025-10-27 21:53:20");
    }
}
