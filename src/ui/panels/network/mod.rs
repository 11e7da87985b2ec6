//! The Network panel: registration in words with what to do, the signal meter with a live plot
//! and an antenna-aiming mode, the serving cell, NTP and module time, and ping.
//!
//! One file per job: [`registration`], [`signal`], [`cell`], [`time`], [`ping`].

mod cell;
mod ping;
mod registration;
mod signal;
mod time;

use super::Panel;
use crate::at::Command;
use crate::ui::ctx::PanelCtx;
use crate::worker::Step;

/// Owner of the panel's read job.
const READ: &str = "network.read";

/// The Network panel's state.
#[derive(Default)]
pub struct NetworkPanel {
    registration: registration::RegistrationForm,
    signal: signal::SignalView,
    cell: cell::CellView,
    time: time::TimeForms,
    ping: ping::PingForm,
}

impl Panel for NetworkPanel {
    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        if self.registration.ui(ui, ctx) {
            self.refresh(ctx);
        }
        ui.add_space(8.0);
        self.signal.ui(ui, ctx);
        ui.add_space(8.0);
        self.cell.ui(ui, ctx);
        ui.add_space(8.0);
        self.time.ui(ui, ctx);
        ui.add_space(8.0);
        self.ping.ui(ui, ctx);
    }

    fn refresh(&mut self, ctx: &mut PanelCtx<'_>) {
        let queries = [
            Command::RegQuery,
            Command::Signal,
            Command::Cell,
            Command::NtpQuery,
            Command::Time,
        ];
        // Each query on its own: no serving cell (not registered) must not hide the rest.
        ctx.jobs
            .run_steps(READ, queries.into_iter().map(Step::from).collect(), false);
    }
}
