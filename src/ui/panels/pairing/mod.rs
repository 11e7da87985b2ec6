//! The simple-pairing panel (manual §4.2 and §6.5): the saved modes that survive power loss.
//!
//! One file per job: [`mode`] (the mode choice, with its restart confirmation), [`client`] (the
//! saved TCP client, TCP passthrough only) and [`mqtt`] (the MQTT passthrough guide and the
//! continuous long publish).

pub mod client;
pub mod mode;
pub mod mqtt;

use super::Panel;
use crate::at::Command;
use crate::at::socket::PairingMode;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::stable;
use crate::worker::Step;

/// Owner of the panel's reads.
pub const READ_OWNER: &str = "pairing.read";

/// The simple-pairing panel's state.
#[derive(Default)]
pub struct PairingPanel {
    pub mode: mode::ModeForm,
    pub client: client::ClientForm,
    pub mqtt: mqtt::MqttPassthrough,
}

impl Panel for PairingPanel {
    fn fill_profile(&self, p: &mut crate::profile::Profile) {
        use crate::at::socket::PairingMode;
        use crate::profile::schema::{PairingSection, TcpSection};
        let c = &self.client;
        let tcp = (self.mode.chosen == PairingMode::Tcp && !c.host.trim().is_empty()).then(|| {
            TcpSection {
                protocol: c.protocol,
                host: c.host.trim().to_string(),
                port: c.port.trim().parse().unwrap_or(0),
                local_port: c.local_port.trim().parse().unwrap_or(0),
                transparent: c.transparent,
            }
        });
        p.pairing = Some(PairingSection {
            mode: self.mode.chosen,
            tcp,
        });
    }

    fn load_profile(&mut self, p: &crate::profile::Profile) {
        let Some(s) = &p.pairing else { return };
        self.mode.chosen = s.mode;
        self.mode.sync.edited = true;
        if let Some(t) = &s.tcp {
            let c = &mut self.client;
            c.protocol = t.protocol;
            c.host = t.host.clone();
            c.port = t.port.to_string();
            c.local_port = t.local_port.to_string();
            c.transparent = t.transparent;
            c.sync.edited = true;
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        if crate::ui::widgets::form::read_row(ui, ctx, READ_OWNER) {
            self.refresh(ctx);
        }
        ui.add_space(4.0);
        stable(ui, "pairing.mode", |ui| self.mode.ui(ui, ctx));
        ui.add_space(8.0);
        match ctx.module.pairing {
            Some(PairingMode::MqttSingle | PairingMode::MqttContinuous) => {
                stable(ui, "pairing.mqtt", |ui| self.mqtt.ui(ui, ctx));
            }
            _ => stable(ui, "pairing.client", |ui| self.client.ui(ui, ctx)),
        }
    }

    fn refresh(&mut self, ctx: &mut PanelCtx<'_>) {
        // The saved client is only answered in TCP passthrough mode; its failure elsewhere
        // must not hide the mode, so the job goes on after an error.
        ctx.jobs.run_steps(
            READ_OWNER,
            vec![
                Step::from(Command::PairingQuery),
                Step::from(Command::SimpleClientQuery),
                Step::from(Command::MqttState),
            ],
            false,
        );
    }
}
