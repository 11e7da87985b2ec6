//! The ports the user can pick: serial ports the system lists (with USB product names) and the
//! built-in simulated module, which is always there.

/// The id of the built-in simulated module in the port picker (offline: it invents the
/// network, deterministically).
pub const SIMULATED: &str = "sim://ct11";

/// The id of the online simulated module: the same module, but its sockets, MQTT and HTTP are
/// real connections from this computer (see [`crate::sim::online`]).
pub const SIMULATED_ONLINE: &str = "sim://ct11-online";

/// One entry of the port picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortEntry {
    /// What the worker opens: a path, or [`SIMULATED`].
    pub id: String,
    /// What the user reads.
    pub label: String,
}

/// The simulated module's entry, always first in the picker.
pub fn simulated(label: &str) -> PortEntry {
    PortEntry {
        id: SIMULATED.into(),
        label: label.into(),
    }
}

/// The online simulated module's entry, second in the picker.
pub fn simulated_online(label: &str) -> PortEntry {
    PortEntry {
        id: SIMULATED_ONLINE.into(),
        label: label.into(),
    }
}

/// The picker's label of a simulated entry, in the user's language.
pub fn simulated_label(id: &str, lang: crate::i18n::Lang) -> Option<&'static str> {
    match id {
        SIMULATED => Some(lang.tr("ports-simulated-ct11-offline")),
        SIMULATED_ONLINE => Some(lang.tr("ports-simulated-ct11-online-real")),
        _ => None,
    }
}

/// The two simulated entries, offline first.
pub fn simulated_entries(lang: crate::i18n::Lang) -> Vec<PortEntry> {
    [SIMULATED, SIMULATED_ONLINE]
        .into_iter()
        .map(|id| PortEntry {
            id: id.into(),
            label: simulated_label(id, lang).unwrap_or(id).into(),
        })
        .collect()
}

/// The system's serial ports, with USB product names where known. This asks the system (sysfs,
/// IOKit or the registry) and can take a while: call it off the UI thread ([`crate::ui::task`]).
pub fn system() -> Vec<PortEntry> {
    crate::link::serial::system_ports()
        .unwrap_or_default()
        .into_iter()
        .map(|p| PortEntry {
            label: p.label(),
            id: p.name,
        })
        .collect()
}
