//! The module's UART settings (`AT+IPR`). The module restarts at the new settings; the worker
//! reopens the port at them and reports the new baud rate, which the top bar follows.

use crate::at::Command;
use crate::at::basic::{BAUD_RATES, Parity, StopBits, UartConfig};
use crate::at::{Checked, Validate};
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::{
    Confirm, ConfirmText, FormSync, blocked, combo, then_read, warning,
};
use crate::ui::widgets::{apply_button, current_value, error_text, help, preview, section};
use egui::Ui;

const OWNER: &str = "device.uart";

/// The UART settings form.
#[derive(Default)]
pub struct UartForm {
    values: UartConfig,
    sync: FormSync,
    confirm: Confirm,
}

/// "115200 baud, 8 data bits, no parity, 1 stop bit".
pub fn describe(c: &UartConfig, lang: Lang) -> String {
    let settings = crate::tr!(
        lang,
        "device-uart-settings-in-words",
        baud = &c.baud,
        data_bits = &c.data_bits,
        parity = &parity_words(c.parity, lang),
        stop_bits = &c.stop_bits.as_str()
    );
    match c.stop_bits.ambiguity(lang) {
        Some(note) => crate::tr!(
            lang,
            "device-uart-settings-with-note",
            settings = &settings,
            note = &note
        ),
        None => settings,
    }
}

fn parity_words(p: Parity, lang: Lang) -> &'static str {
    match p {
        Parity::None => lang.tr("device-uart-no-parity"),
        Parity::Odd => lang.tr("device-uart-odd-parity"),
        Parity::Even => lang.tr("device-uart-even-parity"),
    }
}

impl UartForm {
    /// The settings in the form.
    pub fn value(&self) -> UartConfig {
        self.values
    }

    /// The UART command, if the settings are ones the module takes.
    pub fn command(&self) -> Option<Command> {
        Checked::new(self.values).ok().map(Command::UartSet)
    }

    /// What "Apply UART settings" sends: the settings, then their read-back (at the new
    /// settings). Empty while the form is wrong.
    pub fn commands(&self) -> Vec<Command> {
        then_read(self.command(), Command::UartQuery)
    }

    /// Load a profile's UART settings (marked as edited).
    pub fn load_profile(&mut self, s: &crate::profile::schema::SerialSection) {
        self.values = s.uart();
        self.sync.edited = true;
    }

    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        self.sync.follow(
            ctx.module.generation,
            ctx.jobs.latest(OWNER),
            ctx.module.uart,
            &mut self.values,
        );
        let lang = ctx.lang;
        section(ui, ctx.tr("device-uart-serial-port-uart-settings"), |ui| {
            help(ui, ctx.tr("device-uart-how-the-module-s-serial-port-talks"));
            let now = ctx.module.uart.map(|c| describe(&c, lang));
            current_value(ui, lang, now.as_deref());

            let bauds: Vec<(u32, String)> =
                BAUD_RATES.iter().map(|b| (*b, b.to_string())).collect();
            let baud_opts: Vec<(u32, &str)> = bauds.iter().map(|(b, s)| (*b, s.as_str())).collect();
            let f = &mut self.values;
            let r = combo(
                ui,
                ctx.tr("device-uart-module-baud-rate"),
                "uart.baud",
                &mut f.baud,
                &baud_opts,
            );
            self.sync.touched(&r);
            let r = combo(
                ui,
                ctx.tr("device-uart-data-bits-2"),
                "uart.data",
                &mut f.data_bits,
                &[
                    (8, ctx.tr("device-uart-8-bits")),
                    (7, ctx.tr("device-uart-7-bits")),
                ],
            );
            self.sync.touched(&r);
            let r = combo(
                ui,
                ctx.tr("device-uart-parity"),
                "uart.parity",
                &mut f.parity,
                &[
                    (Parity::None, ctx.tr("device-uart-none")),
                    (Parity::Odd, ctx.tr("device-uart-odd")),
                    (Parity::Even, ctx.tr("device-uart-even")),
                ],
            );
            self.sync.touched(&r);
            let r = combo(
                ui,
                ctx.tr("device-uart-stop-bits-2"),
                "uart.stop",
                &mut f.stop_bits,
                &[
                    (StopBits::One, "1"),
                    (StopBits::OnePointFive, "1.5"),
                    (StopBits::Two, "2"),
                ],
            );
            self.sync.touched(&r);
            let problems = f.problems();
            for p in &problems {
                error_text(ui, &p.message(lang));
            }
            if f.stop_bits == StopBits::OnePointFive {
                warning(ui, ctx.tr("device-uart-serial-adapters-cannot-do-1-5-stop"));
            }
            if f.data_bits == 7 {
                warning(ui, ctx.tr("device-uart-with-7-data-bits-only-plain-ascii"));
            }
            warning(
                ui,
                ctx.tr("device-uart-applying-restarts-the-module-at-the"),
            );
            self.sync.undo_note(
                ui,
                lang,
                ctx.tr("device-uart-undo-changes-to-the-uart-settings"),
            );

            let f = self.values;
            let cmds = self.commands();
            let lines: Vec<String> = cmds.iter().map(Command::display_line).collect();
            let why = blocked(ctx, OWNER, !cmds.is_empty());
            if apply_button(ui, lang, ctx.tr("device-uart-apply-uart-settings"), why) {
                self.confirm.ask();
            }
            preview(ui, lang, OWNER, &lines, ctx.jobs.latest(OWNER));

            let new = describe(&f, lang);
            let line2 = crate::tr!(lang, "device-uart-new-settings", settings = &new);
            let text = ConfirmText {
                title: ctx.tr("device-uart-change-the-serial-port-settings"),
                body: &[
                    &line2,
                    ctx.tr("device-uart-the-module-restarts-this-app-reopens"),
                    ctx.tr("device-uart-any-other-device-on-this-serial-port"),
                ],
                confirm: ctx.tr("device-uart-apply-and-restart"),
            };
            if self.confirm.show(ui, lang, OWNER, &text) && !cmds.is_empty() {
                ctx.jobs.run(OWNER, cmds);
                self.sync.applied();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(values: UartConfig) -> UartForm {
        UartForm {
            values,
            ..UartForm::default()
        }
    }

    /// The settings are sent as the manual writes them, then read back.
    #[test]
    fn the_settings_are_sent_then_read_back() {
        let f = form(UartConfig {
            baud: 9600,
            data_bits: 8,
            parity: Parity::Even,
            stop_bits: StopBits::Two,
        });
        let lines: Vec<String> = f.commands().iter().map(Command::line).collect();
        assert_eq!(lines, ["AT+IPR=9600,8,2,2", "AT+IPR?"]);
    }

    /// A baud rate or data-bit count the module does not take sends nothing.
    #[test]
    fn settings_the_module_refuses_send_nothing() {
        let good = UartConfig::default();
        for bad in [
            UartConfig { baud: 1234, ..good },
            UartConfig { baud: 0, ..good },
            UartConfig {
                data_bits: 6,
                ..good
            },
        ] {
            let f = form(bad);
            assert_eq!(f.command(), None, "{bad:?}");
            assert!(f.commands().is_empty());
        }
    }
}
