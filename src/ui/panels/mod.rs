//! One panel per feature area. Each is a plain state struct with `ui`, and `refresh`, which
//! queues the queries that read the panel's current values from the module.

pub mod batch;
pub mod device;
pub mod health;
pub mod http;
pub mod mqtt;
pub mod network;
pub mod pairing;
pub mod power;
pub mod profiles;
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
    /// Every worker event, for every panel, visible or not (panels that drive their own jobs
    /// feed them here). Returns requests for the worker; the shell sends them.
    fn on_event(&mut self, _e: &crate::worker::Event) -> Vec<crate::worker::Request> {
        Vec::new()
    }
    /// Put this panel's form values into a profile (panels without settings add nothing).
    fn fill_profile(&self, _p: &mut crate::profile::Profile) {}
    /// Load a profile's values into this panel's forms (marked as edited, so the module's
    /// values do not overwrite them before they are applied).
    fn load_profile(&mut self, _p: &crate::profile::Profile) {}
    /// Called every frame for every panel, visible or not: timers and background work.
    /// Returns requests for the worker and when to be called again at the latest.
    fn tick(
        &mut self,
        _now: std::time::Instant,
        _egui: &egui::Context,
    ) -> (Vec<crate::worker::Request>, Option<std::time::Instant>) {
        (Vec::new(), None)
    }
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
    pub profiles: profiles::ProfilesPanel,
    pub health: health::HealthPanel,
    pub batch: batch::BatchPanel,
}

impl Panels {
    /// The tabs whose forms hold settings a profile carries.
    const FORMS: [Tab; 5] = [Tab::Device, Tab::Power, Tab::Pairing, Tab::Mqtt, Tab::Http];

    /// Carry out what the Profiles tab asked of the forms: collect them into its editor, or
    /// load its profile into them.
    pub fn exchange_forms(&mut self) {
        match self.profiles.take_forms_intent() {
            Some(profiles::FormsIntent::Collect) => {
                let mut p = crate::profile::Profile::default();
                for tab in Self::FORMS {
                    self.get(tab).fill_profile(&mut p);
                }
                self.profiles.forms_collected(&p);
            }
            Some(profiles::FormsIntent::Load(p)) => {
                for tab in Self::FORMS {
                    self.get(tab).load_profile(&p);
                }
            }
            None => {}
        }
    }

    /// Give the health check the MQTT panel's delivery-proof settings when it asks for them
    /// (the broker, TLS, credentials and CA file the MQTT panel holds; nothing is saved).
    pub fn share_proof_settings(&mut self, module: &crate::ui::module_view::ModuleView) {
        if self.health.needs_proof_settings() {
            self.health
                .give_proof_settings(self.mqtt.proof_settings(module));
        }
    }

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
            Tab::Profiles => &mut self.profiles,
            Tab::Health => &mut self.health,
            Tab::Batch => &mut self.batch,
        }
    }
}
