//! Sleep mode as one choice: never, by command (`AT+SYSSLEEP`), or by the DTR pin
//! (`AT+CSCLK`). The two settings exclude each other and the module refuses to switch one on
//! while the other is on (manual §6.3), so the commands go in the order that always works.

use crate::at::Command;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{Confirm, ConfirmText, FormSync, blocked, warning};
use crate::ui::widgets::{apply_button, current_value, help, preview, section};
use crate::worker::Request;
use egui::{RichText, Ui};

const OWNER: &str = "power.sleep";

/// How the module goes to sleep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SleepMode {
    /// `SYSSLEEP=0`, `CSCLK=0`.
    Never,
    /// `SYSSLEEP=1`: sleeps when the serial port is idle.
    ByCommand,
    /// `CSCLK=1`: sleeps while DTR is low.
    ByDtr,
}

impl SleepMode {
    /// The mode the module's two values mean, if both are known and consistent.
    pub fn from_values(sys_sleep: Option<bool>, csclk: Option<bool>) -> Option<Self> {
        match (sys_sleep?, csclk?) {
            (false, false) => Some(SleepMode::Never),
            (true, false) => Some(SleepMode::ByCommand),
            (false, true) => Some(SleepMode::ByDtr),
            (true, true) => None,
        }
    }

    /// The commands that set this mode, in the order the manual requires, then the queries that
    /// read the result back. `csclk_on`: whether DTR control is on now (then it goes off first).
    pub fn commands(self, csclk_on: bool) -> Vec<Command> {
        use Command::{CsclkSet, SysSleepSet};
        let mut c = match self {
            // Switch off whichever is on first, so neither command meets the other still on.
            SleepMode::Never if csclk_on => vec![CsclkSet(false), SysSleepSet(false)],
            SleepMode::Never => vec![SysSleepSet(false), CsclkSet(false)],
            // "Set AT+CSCLK=0 first, otherwise setting fails" (§6.3.1).
            SleepMode::ByCommand => vec![CsclkSet(false), SysSleepSet(true)],
            // "Set AT+SYSSLEEP=0 first, otherwise setting fails" (§6.3.2).
            SleepMode::ByDtr => vec![SysSleepSet(false), CsclkSet(true)],
        };
        c.extend([Command::SysSleepQuery, Command::CsclkQuery]);
        c
    }
}

/// The sleep-mode form.
pub struct SleepForm {
    mode: SleepMode,
    sync: FormSync,
    confirm_dtr: Confirm,
    /// The DTR level this app last set (`None`: left as the port opened it).
    dtr: Option<bool>,
}

impl Default for SleepForm {
    fn default() -> Self {
        Self {
            mode: SleepMode::Never,
            sync: FormSync::default(),
            confirm_dtr: Confirm::default(),
            dtr: None,
        }
    }
}

fn flag(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "1",
        Some(false) => "0",
        None => "?",
    }
}

impl SleepForm {
    /// The sleep mode as a profile names it.
    pub fn profile_mode(&self) -> crate::profile::schema::SleepMode {
        use crate::profile::schema::SleepMode as P;
        match self.mode {
            SleepMode::Never => P::None,
            SleepMode::ByCommand => P::Command,
            SleepMode::ByDtr => P::Dtr,
        }
    }

    /// Load a profile's sleep mode (marked as edited).
    pub fn load_profile(&mut self, m: crate::profile::schema::SleepMode) {
        use crate::profile::schema::SleepMode as P;
        self.mode = match m {
            P::None => SleepMode::Never,
            P::Command => SleepMode::ByCommand,
            P::Dtr => SleepMode::ByDtr,
        };
        self.sync.edited = true;
    }

    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        let (sys, csclk) = (ctx.module.sys_sleep, ctx.module.csclk);
        let current = SleepMode::from_values(sys, csclk);
        self.sync.follow(
            ctx.module.generation,
            ctx.jobs.latest(OWNER),
            current,
            &mut self.mode,
        );
        section(ui, ctx.tr("power-sleep-sleep-mode"), |ui| {
            help(
                ui,
                ctx.tr("power-sleep-sleep-lowers-the-module-s-power-use"),
            );
            let now = match (sys, csclk) {
                (None, None) => None,
                _ => {
                    let words = match current {
                        Some(m) => mode_words(ctx, m),
                        None if sys.is_some() && csclk.is_some() => {
                            ctx.tr("power-sleep-both-on-unexpected")
                        }
                        None => ctx.tr("power-sleep-partly-read"),
                    };
                    Some(crate::tr!(
                        lang,
                        "power-sleep-mode-and-values",
                        mode = &words,
                        sys = &flag(sys),
                        csclk = &flag(csclk)
                    ))
                }
            };
            current_value(ui, lang, now.as_deref());
            ui.add_space(4.0);

            let choices = [
                (
                    SleepMode::Never,
                    ctx.tr("power-sleep-the-module-stays-awake-all-the-time"),
                ),
                (
                    SleepMode::ByCommand,
                    ctx.tr("power-sleep-the-module-sleeps-whenever-its-serial"),
                ),
                (
                    SleepMode::ByDtr,
                    ctx.tr("power-sleep-your-controller-decides-through-the"),
                ),
            ];
            for (mode, explain) in choices {
                let r = ui.radio_value(&mut self.mode, mode, mode_words(ctx, mode));
                self.sync.touched(&r);
                ui.indent(("sleep.explain", mode_words(ctx, mode)), |ui| {
                    help(ui, explain)
                });
            }
            self.sync.undo_note(
                ui,
                lang,
                ctx.tr("power-sleep-undo-changes-to-the-sleep-mode"),
            );
            if self.mode == SleepMode::ByDtr {
                warning(
                    ui,
                    ctx.tr("power-sleep-many-usb-serial-adapters-switch-dtr"),
                );
            }

            let cmds = self.mode.commands(csclk == Some(true));
            let lines: Vec<String> = cmds.iter().map(Command::display_line).collect();
            let why = blocked(ctx, OWNER, true);
            if apply_button(ui, lang, ctx.tr("power-sleep-apply-sleep-mode"), why) {
                if self.mode == SleepMode::ByDtr {
                    self.confirm_dtr.ask();
                } else {
                    ctx.jobs.run(OWNER, cmds.clone());
                    self.sync.applied();
                }
            }
            preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));

            let text = ConfirmText {
                title: ctx.tr("power-sleep-let-the-dtr-pin-control-sleep"),
                body: &[
                    ctx.tr("power-sleep-the-module-will-sleep-whenever-its"),
                    ctx.tr("power-sleep-if-it-stops-answering-bring-dtr-high"),
                ],
                confirm: ctx.tr("power-sleep-use-dtr-control"),
            };
            if self.confirm_dtr.show(ui, lang, OWNER, &text) {
                ctx.jobs.run(OWNER, cmds);
                self.sync.applied();
            }

            if self.mode == SleepMode::ByDtr || csclk == Some(true) {
                self.dtr_test(ui, ctx);
            }
        });
    }

    /// Drive this adapter's DTR line, to try DTR-controlled sleep from the desk.
    fn dtr_test(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        egui::CollapsingHeader::new(ctx.tr("power-sleep-test-with-this-adapter-s-dtr-line"))
            .id_salt("power.dtr")
            .show(ui, |ui| {
                help(ui, ctx.tr("power-sleep-switch-this-port-s-dtr-signal-and"));
                ui.horizontal(|ui| {
                    let enabled = ctx.connected();
                    if ui
                        .add_enabled(enabled, egui::Button::new(ctx.tr("power-sleep-dtr-on")))
                        .clicked()
                    {
                        ctx.jobs.outbox.push(Request::SetDtr(true));
                        self.dtr = Some(true);
                    }
                    if ui
                        .add_enabled(enabled, egui::Button::new(ctx.tr("power-sleep-dtr-off")))
                        .clicked()
                    {
                        ctx.jobs.outbox.push(Request::SetDtr(false));
                        self.dtr = Some(false);
                    }
                    let state = match self.dtr {
                        None => ctx.tr("power-sleep-not-changed-by-this-app"),
                        Some(true) => ctx.tr("power-sleep-switched-on-by-this-app"),
                        Some(false) => ctx.tr("power-sleep-switched-off-by-this-app"),
                    };
                    ui.label(RichText::new(state).weak());
                });
            });
    }
}

fn mode_words(ctx: &PanelCtx<'_>, m: SleepMode) -> &'static str {
    match m {
        SleepMode::Never => ctx.tr("power-sleep-never-sleep"),
        SleepMode::ByCommand => ctx.tr("power-sleep-sleep-when-idle-command-controlled"),
        SleepMode::ByDtr => ctx.tr("power-sleep-sleep-by-dtr-pin-hardware-controlled"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(m: SleepMode, csclk_on: bool) -> Vec<String> {
        m.commands(csclk_on).iter().map(Command::line).collect()
    }

    #[test]
    fn order_follows_the_manual() {
        assert_eq!(
            lines(SleepMode::ByCommand, false)[..2],
            ["AT+CSCLK=0", "AT+SYSSLEEP=1"]
        );
        assert_eq!(
            lines(SleepMode::ByDtr, false)[..2],
            ["AT+SYSSLEEP=0", "AT+CSCLK=1"]
        );
        assert_eq!(
            lines(SleepMode::Never, false)[..2],
            ["AT+SYSSLEEP=0", "AT+CSCLK=0"]
        );
        assert_eq!(
            lines(SleepMode::Never, true)[..2],
            ["AT+CSCLK=0", "AT+SYSSLEEP=0"]
        );
        assert_eq!(
            lines(SleepMode::Never, false)[2..],
            ["AT+SYSSLEEP?", "AT+CSCLK?"]
        );
    }

    #[test]
    fn values_map_to_modes() {
        assert_eq!(
            SleepMode::from_values(Some(false), Some(false)),
            Some(SleepMode::Never)
        );
        assert_eq!(
            SleepMode::from_values(Some(true), Some(false)),
            Some(SleepMode::ByCommand)
        );
        assert_eq!(
            SleepMode::from_values(Some(false), Some(true)),
            Some(SleepMode::ByDtr)
        );
        assert_eq!(SleepMode::from_values(None, Some(true)), None);
    }
}
