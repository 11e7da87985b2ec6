//! The Power & GPIO panel: the sleep mode as one choice that sends the commands in the order
//! the manual requires, and the three GPIO pins with direction, pull and a live read.
//!
//! One file per job: [`sleep`], [`gpio`].

mod gpio;
mod sleep;

use super::Panel;
use crate::at::command::Pin;
use crate::at::{Checked, Command};
use crate::ui::ctx::PanelCtx;
use crate::worker::Step;

/// Owner of the panel's read job.
const READ: &str = "power.read";

/// The Power & GPIO panel's state.
#[derive(Default)]
pub struct PowerPanel {
    sleep: sleep::SleepForm,
    gpio: gpio::GpioForms,
}

/// `AT+GPIO=<pin>` for each of the three pins.
fn gpio_reads() -> Vec<Command> {
    (0..3u8)
        .filter_map(|p| Checked::new(Pin(p)).ok().map(Command::GpioRead))
        .collect()
}

impl Panel for PowerPanel {
    fn fill_profile(&self, p: &mut crate::profile::Profile) {
        p.power = Some(crate::profile::schema::PowerSection {
            sleep: self.sleep.profile_mode(),
        });
        p.gpio = self.gpio.profile_pins();
    }

    fn load_profile(&mut self, p: &crate::profile::Profile) {
        if let Some(s) = &p.power {
            self.sleep.load_profile(s.sleep);
        }
        self.gpio.load_profile(&p.gpio);
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        self.sleep.ui(ui, ctx);
        ui.add_space(8.0);
        self.gpio.ui(ui, ctx);
    }

    fn refresh(&mut self, ctx: &mut PanelCtx<'_>) {
        let mut queries = vec![Command::SysSleepQuery, Command::CsclkQuery];
        queries.extend(gpio_reads());
        ctx.jobs
            .run_steps(READ, queries.into_iter().map(Step::from).collect(), false);
    }
}
