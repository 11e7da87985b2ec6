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
            Tab::Device => lang.pick("Device", "设备"),
            Tab::Network => lang.pick("Network", "网络"),
            Tab::Power => lang.pick("Power & GPIO", "功耗与 GPIO"),
            Tab::Socket => lang.pick("TCP/UDP", "TCP/UDP"),
            Tab::Pairing => lang.pick("Simple pairing", "简易配对"),
            Tab::Mqtt => lang.pick("MQTT", "MQTT"),
            Tab::Http => lang.pick("HTTP", "HTTP"),
            Tab::Terminal => lang.pick("Terminal", "终端"),
            Tab::Profiles => lang.pick("Profiles & provisioning", "配置文件与一键配置"),
            Tab::Health => lang.pick("Health check", "健康检查"),
            Tab::Batch => lang.pick("Production line", "批量配置"),
        }
    }
}
