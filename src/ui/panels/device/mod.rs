//! The Device panel: what the module is (firmware, IMEI, SIM), echo, restart and factory reset,
//! UART settings, SIM slot, and the vendor-only firmware update behind "advanced".
//!
//! One file per job: [`identity`], [`echo`], [`restart`] (restart and factory reset), [`uart`],
//! [`sim`], [`ota`]. Its helpers are in [`crate::ui::widgets::form`].

mod echo;
mod identity;
mod ota;
mod restart;
mod sim;
mod uart;

use super::Panel;
use crate::at::Command;
use crate::ui::ctx::PanelCtx;
use crate::worker::Step;

/// Owner of the panel's read job.
const READ: &str = "device.read";

/// The Device panel's state.
#[derive(Default)]
pub struct DevicePanel {
    echo: echo::EchoForm,
    restart: restart::RestartForms,
    uart: uart::UartForm,
    sim: sim::SimForm,
    ota: ota::OtaForm,
}

impl DevicePanel {
    /// The queries that read everything this panel shows.
    fn queries() -> Vec<Command> {
        vec![
            Command::Version,
            Command::Imei,
            Command::Iccid,
            Command::UartQuery,
            Command::SimSlotQuery,
        ]
    }
}

impl Panel for DevicePanel {
    fn fill_profile(&self, p: &mut crate::profile::Profile) {
        p.serial = Some(crate::profile::schema::SerialSection::from_uart(
            &self.uart.value(),
        ));
    }

    fn load_profile(&mut self, p: &crate::profile::Profile) {
        if let Some(s) = &p.serial {
            self.uart.load_profile(s);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        if identity::ui(ui, ctx) {
            self.refresh(ctx);
        }
        ui.add_space(8.0);
        self.restart.ui(ui, ctx);
        ui.add_space(8.0);
        self.echo.ui(ui, ctx);
        ui.add_space(8.0);
        self.uart.ui(ui, ctx);
        ui.add_space(8.0);
        self.sim.ui(ui, ctx);
        ui.add_space(8.0);
        self.ota.ui(ui, ctx);
    }

    fn refresh(&mut self, ctx: &mut PanelCtx<'_>) {
        // Each query on its own: a missing SIM must not hide the UART settings.
        ctx.jobs.run_steps(
            READ,
            Self::queries().into_iter().map(Step::from).collect(),
            false,
        );
    }
}
