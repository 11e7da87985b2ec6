//! Ping (`AT+QPING=<host>,<count>`) with a table of replies and min/avg/max/loss.

use crate::at::network::{PingRequest, PingResult};
use crate::at::value::{self, Field};
use crate::at::{Answer, Checked, Command, Validate};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::jobs::JobView;
use crate::ui::widgets::form::blocked;
use crate::ui::widgets::{apply_button, help, number_field, preview, section, text_field};
use egui::{RichText, Ui};

const OWNER: &str = "network.ping";

/// The ping form.
pub struct PingForm {
    host: String,
    count: String,
    /// How many pings the latest run asked for (to count losses when it timed out).
    sent: u8,
}

impl Default for PingForm {
    fn default() -> Self {
        let d = PingRequest::default();
        Self {
            host: d.host,
            count: d.count.to_string(),
            sent: d.count,
        }
    }
}

/// The replies of the form's latest ping: the decoded answer, or what arrived before an error.
fn result_of(job: &JobView, sent: u8) -> Option<PingResult> {
    let outcome = job.outcomes.first()?.as_ref()?;
    match &outcome.result {
        Ok(Answer::Ping(p)) => Some(p.clone()),
        _ => PingResult::decode(&outcome.reply, sent).ok(),
    }
}

impl PingForm {
    /// The request as typed, checked: the host (trimmed) and a count from 1 to 10.
    fn request(&self) -> Option<Checked<PingRequest>> {
        let count = value::parse_number(Field::PingCount, &self.count, 1, 10).ok()?;
        Checked::new(PingRequest {
            host: self.host.trim().to_string(),
            count: u8::try_from(count).ok()?,
        })
        .ok()
    }

    /// The ping command, if the form is valid.
    pub fn command(&self) -> Option<Command> {
        self.request().map(Command::Ping)
    }

    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        section(ui, "Ping", |ui| {
            help(ui, ctx.tr("network-ping-check-that-the-module-reaches-the"));
            // The count's own error shows under its field; the host is checked with a valid count.
            let parsed = value::parse_number(Field::PingCount, &self.count, 1, 10);
            let req = PingRequest {
                host: self.host.trim().to_string(),
                count: parsed
                    .as_ref()
                    .ok()
                    .and_then(|n| u8::try_from(*n).ok())
                    .unwrap_or(1),
            };
            let problems = req.problems();
            text_field(
                ui,
                lang,
                ctx.tr("network-ping-ping-target"),
                &mut self.host,
                &problems,
                Field::PingHost,
            );
            let mut count = 0i64;
            number_field(
                ui,
                lang,
                ctx.tr("network-ping-number-of-pings-1-10"),
                &mut self.count,
                Field::PingCount,
                1,
                10,
                &mut count,
            );
            // Built from the fields as they are after this frame's typing.
            let req = self.request();
            let cmd = self.command();
            let lines: Vec<String> = cmd.iter().map(Command::display_line).collect();
            let busy = ctx.jobs.busy(OWNER);
            let why = blocked(ctx, OWNER, cmd.is_some());
            ui.horizontal(|ui| {
                if apply_button(ui, lang, ctx.tr("network-ping-start-ping"), why)
                    && let (Some(cmd), Some(req)) = (cmd, &req)
                {
                    self.sent = req.count;
                    ctx.jobs.run(OWNER, vec![cmd]);
                }
                if busy {
                    ui.spinner();
                    ui.label(ctx.tr("network-ping-waiting-for-replies"));
                    if ui.button(ctx.tr("network-ping-cancel-ping")).clicked() {
                        ctx.jobs.cancel(OWNER);
                    }
                }
            });
            preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));
            if let Some(job) = ctx.jobs.latest(OWNER)
                && job.done
                && let Some(r) = result_of(job, self.sent)
            {
                results(ui, lang, &r);
            }
        });
    }
}

fn results(ui: &mut Ui, lang: Lang, r: &PingResult) {
    ui.add_space(4.0);
    egui::Grid::new("network.ping.table")
        .striped(true)
        .num_columns(4)
        .spacing([28.0, 4.0])
        .show(ui, |ui| {
            for h in [
                "#",
                lang.tr("network-ping-ip-address"),
                lang.tr("network-ping-time-ms"),
                "TTL",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (i, reply) in r.replies.iter().enumerate() {
                ui.label((i + 1).to_string());
                ui.label(RichText::new(&reply.ip).monospace());
                ui.label(reply.ms.to_string());
                ui.label(reply.ttl.to_string());
                ui.end_row();
            }
        });
    let received = r.replies.len();
    let loss = format!("{:.0}", r.loss_percent());
    let stats = match (r.min_ms(), r.avg_ms(), r.max_ms()) {
        (Some(min), Some(avg), Some(max)) => crate::tr!(
            lang,
            "network-ping-stats-with-times",
            sent = &r.sent,
            received = &received,
            loss = &loss,
            min = &min,
            avg = &format!("{avg:.1}"),
            max = &max
        ),
        _ => crate::tr!(
            lang,
            "network-ping-stats",
            sent = &r.sent,
            received = &received,
            loss = &loss
        ),
    };
    ui.label(RichText::new(stats).strong());
    if received == 0 {
        ui.label(
            RichText::new(lang.tr("network-ping-no-replies-check-that-the-module-is"))
                .color(ui.visuals().warn_fg_color),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(host: &str, count: &str) -> PingForm {
        PingForm {
            host: host.into(),
            count: count.into(),
            ..PingForm::default()
        }
    }

    /// The typed host (trimmed) and count reach the command.
    #[test]
    fn the_typed_values_reach_the_command() {
        assert_eq!(
            form(" www.baidu.com ", " 4 ")
                .command()
                .map(|c| c.line())
                .as_deref(),
            Some("AT+QPING=\"www.baidu.com\",4")
        );
        assert_eq!(
            form("8.8.8.8", "10").command().map(|c| c.line()).as_deref(),
            Some("AT+QPING=\"8.8.8.8\",10")
        );
    }

    /// A wrong field sends nothing: empty, out of range, not a number (full-width digits
    /// too), a line break or a double quote in the host.
    #[test]
    fn a_wrong_field_sends_nothing() {
        for (host, count) in [
            ("", "4"),
            ("   ", "4"),
            ("www.baidu.com", ""),
            ("www.baidu.com", "0"),
            ("www.baidu.com", "11"),
            ("www.baidu.com", "four"),
            ("www.baidu.com", "４"),
            ("www.baidu.com\nAT+RST", "4"),
            ("www.\"baidu\".com", "4"),
        ] {
            assert_eq!(form(host, count).command(), None, "{host:?} {count:?}");
        }
    }
}
