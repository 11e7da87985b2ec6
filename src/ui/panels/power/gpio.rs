//! The three GPIO pins (IO1..IO3 = pin 0..2): direction, pull (inputs only), apply, and the
//! level read back with `AT+GPIO=<pin>`, once or live every second while this panel is shown.

use super::gpio_reads;
use crate::at::basic::{GpioConfig, GpioLevel, GpioMode, Pull};
use crate::at::command::Pin;
use crate::at::{Checked, Command, Validate};
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::palette;
use crate::ui::widgets::form::{LiveTimer, blocked, can_query, combo, then_read, warning};
use crate::ui::widgets::{apply_button, error_text, help, preview, section};
use egui::{Color32, RichText, Ui};
use std::time::Duration;

const LIVE: &str = "power.gpio.live";

/// One pin's form. The module reports a pin's level but not its direction, so the form keeps
/// what the user chose.
#[derive(Clone, Copy)]
struct PinForm {
    mode: GpioMode,
    pull: Pull,
}

impl Default for PinForm {
    fn default() -> Self {
        Self {
            mode: GpioMode::Input,
            pull: Pull::None,
        }
    }
}

/// The GPIO section's state.
#[derive(Default)]
pub struct GpioForms {
    pins: [PinForm; 3],
    live: LiveTimer,
}

impl PinForm {
    /// The pin's settings as chosen (a pull for an input only).
    fn config(&self, pin: u8) -> GpioConfig {
        GpioConfig {
            pin,
            mode: self.mode,
            pull: (self.mode == GpioMode::Input).then_some(self.pull),
        }
    }

    /// What "Apply IOn" sends for `pin`: the settings, then the level read back. Empty while
    /// the settings are wrong.
    fn commands(&self, pin: u8) -> Vec<Command> {
        let set = Checked::new(self.config(pin)).ok().map(Command::GpioSet);
        match read_command(pin) {
            Some(read) => then_read(set, read),
            None => Vec::new(),
        }
    }
}

/// `AT+GPIO=<pin>`: the pin's level, if there is such a pin.
fn read_command(pin: u8) -> Option<Command> {
    Checked::new(Pin(pin)).ok().map(Command::GpioRead)
}

fn owner(pin: u8) -> String {
    format!("power.gpio{pin}")
}

fn read_owner(pin: u8) -> String {
    format!("power.gpio{pin}.read")
}

impl GpioForms {
    /// The pins the user set away from the default (input, no pull), as profile entries.
    pub fn profile_pins(&self) -> Vec<crate::profile::schema::GpioSection> {
        (0u8..)
            .zip(self.pins.iter())
            .filter(|(_, f)| f.mode != GpioMode::Input || f.pull != Pull::None)
            .map(|(pin, f)| crate::profile::schema::GpioSection {
                pin,
                mode: f.mode,
                pull: (f.mode == GpioMode::Input).then_some(f.pull),
            })
            .collect()
    }

    /// Load a profile's pins.
    pub fn load_profile(&mut self, pins: &[crate::profile::schema::GpioSection]) {
        for g in pins {
            if let Some(f) = self.pins.get_mut(usize::from(g.pin)) {
                f.mode = g.mode;
                f.pull = g.pull.unwrap_or(Pull::None);
            }
        }
    }

    /// Draw the section and queue what the user asked for.
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        if self.live.tick(ui, Duration::from_secs(1), can_query(ctx)) && !ctx.jobs.busy(LIVE) {
            ctx.jobs.run(LIVE, gpio_reads());
        }
        section(ui, ctx.tr("power-gpio-gpio-pins"), |ui| {
            help(
                ui,
                ctx.tr("power-gpio-the-module-s-three-spare-pins-io1-io2"),
            );
            let toggled = ui.add_enabled(
                can_query(ctx),
                egui::Checkbox::new(
                    &mut self.live.on,
                    ctx.tr("power-gpio-live-read-read-all-three-levels-every"),
                ),
            );
            if toggled.changed() {
                // The timer ticked before the box was ticked: one more frame starts it.
                ui.ctx().request_repaint();
            }
            for pin in 0..3u8 {
                ui.add_space(4.0);
                pin_ui(ui, ctx, pin, &mut self.pins[usize::from(pin)]);
            }
        });
    }
}

fn level_words(ctx: &PanelCtx<'_>, level: Option<GpioLevel>) -> (String, Color32) {
    match level {
        Some(l) if l.high => (ctx.tr("power-gpio-high-1").into(), palette::GREEN),
        Some(_) => (ctx.tr("power-gpio-low-0").into(), palette::GREY),
        None => (
            ctx.tr("power-gpio-not-read-yet").into(),
            Color32::from_gray(160),
        ),
    }
}

fn pin_ui(ui: &mut Ui, ctx: &mut PanelCtx<'_>, pin: u8, f: &mut PinForm) {
    let lang = ctx.lang;
    let name = format!("IO{}", pin + 1);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(RichText::new(&name).strong().size(15.0));
            ui.label(
                RichText::new(crate::tr!(lang, "power-gpio-pin", pin = &pin))
                    .weak()
                    .small(),
            );
            ui.add_space(16.0);
            let (words, colour) = level_words(
                ctx,
                ctx.module.gpio.get(usize::from(pin)).copied().flatten(),
            );
            let l = ui.label(RichText::new(ctx.tr("power-gpio-level")).weak());
            ui.label(RichText::new("●").color(colour).size(16.0));
            ui.label(RichText::new(words).strong()).labelled_by(l.id);
        });
        let modes = [
            (GpioMode::OutputLow, ctx.tr("power-gpio-output-low")),
            (GpioMode::OutputHigh, ctx.tr("power-gpio-output-high")),
            (GpioMode::Input, ctx.tr("power-gpio-input")),
            (GpioMode::HighZ, ctx.tr("power-gpio-high-z-off")),
        ];
        combo(
            ui,
            &crate::tr!(lang, "power-gpio-direction", name = &name),
            &format!("gpio{pin}.mode"),
            &mut f.mode,
            &modes,
        );
        let pulls = [
            (Pull::None, ctx.tr("power-gpio-none-floating")),
            (Pull::Down, ctx.tr("power-gpio-pull-down")),
            (Pull::Up, ctx.tr("power-gpio-pull-up")),
        ];
        let input = f.mode == GpioMode::Input;
        ui.add_enabled_ui(input, |ui| {
            combo(
                ui,
                &crate::tr!(lang, "power-gpio-pull", name = &name),
                &format!("gpio{pin}.pull"),
                &mut f.pull,
                &pulls,
            );
        });
        if !input {
            ui.label(
                RichText::new(ctx.tr("power-gpio-a-pull-applies-to-inputs-only"))
                    .small()
                    .weak(),
            );
        } else if f.pull == Pull::Down {
            warning(ui, ctx.tr("power-gpio-the-manual-says-pull-down-input"));
        }
        for p in f.config(pin).problems() {
            error_text(ui, &crate::ui::widgets::field_error(&p, lang));
        }
        let cmds = f.commands(pin);
        let lines: Vec<String> = cmds.iter().map(Command::display_line).collect();
        let own = owner(pin);
        let read = read_owner(pin);
        ui.horizontal(|ui| {
            let why = blocked(ctx, &own, !cmds.is_empty());
            if apply_button(
                ui,
                lang,
                &crate::tr!(lang, "power-gpio-apply", name = &name),
                why,
            ) && !cmds.is_empty()
            {
                ctx.jobs.run(&own, cmds);
            }
            let busy = ctx.jobs.busy(&read);
            if ui
                .add_enabled(
                    can_query(ctx) && !busy,
                    egui::Button::new(crate::tr!(lang, "power-gpio-read", name = &name)),
                )
                .clicked()
                && let Some(c) = read_command(pin)
            {
                ctx.jobs.run(&read, vec![c]);
            }
        });
        preview(ui, lang, &own, &lines, ctx.jobs.latest(&own));
        if let Some(job) = ctx.jobs.latest(&read)
            && job.done
            && let Some(e) = job.error(lang)
        {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color).small());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(f: PinForm, pin: u8) -> Vec<String> {
        f.commands(pin).iter().map(Command::line).collect()
    }

    /// An input carries its pull; an output none (a pull chosen earlier is not sent). The level
    /// is read back.
    #[test]
    fn each_direction_is_sent_then_read_back() {
        let input = PinForm {
            mode: GpioMode::Input,
            pull: Pull::Up,
        };
        let out = PinForm {
            mode: GpioMode::OutputHigh,
            pull: Pull::Up,
        };
        assert_eq!(lines(input, 2), ["AT+GPIO=2,2,2", "AT+GPIO=2"]);
        assert_eq!(lines(out, 0), ["AT+GPIO=0,1", "AT+GPIO=0"]);
        assert_eq!(lines(PinForm::default(), 1), ["AT+GPIO=1,2,0", "AT+GPIO=1"]);
    }

    /// A pin the module does not have sends nothing.
    #[test]
    fn a_pin_out_of_range_sends_nothing() {
        assert!(PinForm::default().commands(3).is_empty());
        assert_eq!(read_command(3), None);
    }
}
