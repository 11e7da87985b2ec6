//! The navigation: one tab per feature area.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// A feature area in the left navigation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Device,
    Network,
    Power,
    Socket,
    Pairing,
    Mqtt,
    Http,
    Terminal,
    Profiles,
    Health,
    Batch,
}

impl Tab {
    pub const ALL: [Tab; 11] = [
        Tab::Device,
        Tab::Network,
        Tab::Power,
        Tab::Socket,
        Tab::Pairing,
        Tab::Mqtt,
        Tab::Http,
        Tab::Terminal,
        Tab::Profiles,
        Tab::Health,
        Tab::Batch,
    ];

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Tab::Device => lang.tr("tab-device"),
            Tab::Network => lang.tr("tab-network"),
            Tab::Power => lang.tr("tab-power-gpio"),
            Tab::Socket => lang.tr("tab-tcp-udp"),
            Tab::Pairing => lang.tr("tab-simple-pairing"),
            Tab::Mqtt => lang.tr("tab-mqtt"),
            Tab::Http => lang.tr("tab-http"),
            Tab::Terminal => lang.tr("tab-terminal"),
            Tab::Profiles => lang.tr("tab-profiles-provisioning"),
            Tab::Health => lang.tr("tab-health-check"),
            Tab::Batch => lang.tr("tab-production-line"),
        }
    }
}
