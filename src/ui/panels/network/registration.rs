//! Network registration (`AT+CREG?`) in words, with what to do about it, and the registration
//! report mode (`AT+CREG=<n>`) for experts.

use super::READ;
use crate::at::command::CregMode;
use crate::at::network::RegStat;
use crate::at::{Checked, Command};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::palette;
use crate::ui::widgets::form::{
    FormSync, blocked, can_query, combo, read_button, read_error, then_read,
};
use crate::ui::widgets::{apply_button, current_value, help, preview, section};
use egui::{Color32, RichText, Ui};

const MODE: &str = "network.creg";

/// The registration section and its report-mode form.
#[derive(Default)]
pub struct RegistrationForm {
    mode: u8,
    sync: FormSync,
}

/// Green when online, amber while searching, red otherwise.
fn stat_colour(stat: RegStat) -> Color32 {
    if stat.is_registered() {
        palette::GREEN
    } else if stat == RegStat::Searching {
        palette::AMBER
    } else {
        palette::RED
    }
}

impl RegistrationForm {
    /// The report-mode command, if the mode is one the module has (0, 1, 2).
    pub fn command(&self) -> Option<Command> {
        Checked::new(CregMode(self.mode)).ok().map(Command::RegMode)
    }

    /// What "Set report mode" sends: the mode, then the registration read back.
    pub fn commands(&self) -> Vec<Command> {
        then_read(self.command(), Command::RegQuery)
    }

    /// Draw the section. Returns true when the user asked to read the whole panel again.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) -> bool {
        let lang = ctx.lang;
        let reg = ctx.module.registration.clone();
        self.sync.follow(
            ctx.module.generation,
            ctx.jobs.latest(MODE),
            reg.as_ref().map(|r| r.report_mode),
            &mut self.mode,
        );
        let mut read = false;
        section(
            ui,
            ctx.tr("network-registration-network-registration"),
            |ui| {
                match &reg {
                    Some(r) => {
                        ui.horizontal(|ui| {
                            ui.label(RichText::new("●").color(stat_colour(r.stat)).size(18.0));
                            ui.label(RichText::new(r.stat.words(lang)).strong().size(16.0));
                            ui.label(
                                RichText::new(format!("(CREG stat {})", r.stat.code()))
                                    .small()
                                    .weak(),
                            );
                        });
                        ui.label(r.stat.advice(lang));
                        if let Some(other) = &r.other {
                            ui.label(
                                RichText::new(crate::tr!(
                                    lang,
                                    "network-registration-location-area-cell",
                                    location = other
                                ))
                                .weak(),
                            );
                        }
                    }
                    None => {
                        ui.label(ctx.tr("network-registration-not-read-yet"));
                    }
                }
                let label = ctx.tr("network-registration-read-network-status");
                read |= read_button(ui, ctx, READ, label, can_query(ctx));
                read_error(ui, ctx, READ);

                egui::CollapsingHeader::new(
                    ctx.tr("network-registration-registration-reports-experts"),
                )
                .id_salt("network.creg.more")
                .show(ui, |ui| self.mode_form(ui, ctx));
            },
        );
        read
    }

    fn mode_form(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        help(
            ui,
            ctx.tr("network-registration-whether-the-module-prints-its"),
        );
        let now = ctx
            .module
            .registration
            .as_ref()
            .map(|r| mode_words(ctx, r.report_mode).to_string());
        current_value(ui, lang, now.as_deref());
        let options = [
            (0u8, mode_words(ctx, 0)),
            (1, mode_words(ctx, 1)),
            (2, mode_words(ctx, 2)),
        ];
        let r = combo(
            ui,
            ctx.tr("network-registration-report-mode"),
            "network.creg.mode",
            &mut self.mode,
            &options,
        );
        self.sync.touched(&r);
        self.sync.undo_note(
            ui,
            lang,
            ctx.tr("network-registration-undo-changes-to-the-report-mode"),
        );
        let cmds = self.commands();
        let lines: Vec<String> = cmds.iter().map(Command::display_line).collect();
        let why = blocked(ctx, MODE, !cmds.is_empty());
        if apply_button(
            ui,
            lang,
            ctx.tr("network-registration-set-report-mode"),
            why,
        ) && !cmds.is_empty()
        {
            ctx.jobs.run(MODE, cmds);
            self.sync.applied();
        }
        preview(ui, lang, MODE, &lines, ctx.jobs.latest(MODE));
    }
}

fn mode_words(ctx: &PanelCtx<'_>, n: u8) -> &'static str {
    match n {
        0 => ctx.tr("network-registration-0-no-reports"),
        1 => ctx.tr("network-registration-1-report-changes-with-location"),
        2 => ctx.tr("network-registration-2-no-reports-location-in-queries"),
        _ => ctx.tr("network-registration-unknown"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each mode is set, then the registration is read back; a mode the module lacks sends
    /// nothing.
    #[test]
    fn each_mode_is_set_then_read_back() {
        for mode in 0..=2u8 {
            let f = RegistrationForm {
                mode,
                ..RegistrationForm::default()
            };
            let lines: Vec<String> = f.commands().iter().map(Command::line).collect();
            assert_eq!(lines, [format!("AT+CREG={mode}"), "AT+CREG?".into()]);
        }
        let f = RegistrationForm {
            mode: 3,
            ..RegistrationForm::default()
        };
        assert_eq!(f.command(), None);
        assert!(f.commands().is_empty());
    }
}
