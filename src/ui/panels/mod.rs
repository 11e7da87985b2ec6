//! One panel per feature area. Each is a plain state struct with `ui`, and `refresh`, which
//! queues the queries that read the panel's current values from the module.

pub mod device;
pub mod http;
pub mod mqtt;
pub mod network;
pub mod pairing;
pub mod power;
pub mod socket;
pub mod terminal;

use super::ctx::PanelCtx;
use super::tab::Tab;

/// A feature panel.
pub trait Panel {
    /// Draw the panel.
    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>);
    /// Queue the queries that read this panel's current values (called when the panel is shown
    /// while connected, and by its "Read from module" button).
    fn refresh(&mut self, ctx: &mut PanelCtx<'_>);
}

/// Every panel, routed by [`Tab`].
#[derive(Default)]
pub struct Panels {
    pub device: device::DevicePanel,
    pub network: network::NetworkPanel,
    pub power: power::PowerPanel,
    pub socket: socket::SocketPanel,
    pub pairing: pairing::PairingPanel,
    pub mqtt: mqtt::MqttPanel,
    pub http: http::HttpPanel,
    pub terminal: terminal::TerminalPanel,
}

impl Panels {
    pub fn get(&mut self, tab: Tab) -> &mut dyn Panel {
        match tab {
            Tab::Device => &mut self.device,
            Tab::Network => &mut self.network,
            Tab::Power => &mut self.power,
            Tab::Socket => &mut self.socket,
            Tab::Pairing => &mut self.pairing,
            Tab::Mqtt => &mut self.mqtt,
            Tab::Http => &mut self.http,
            Tab::Terminal => &mut self.terminal,
        }
    }
}
