//! The simulated CT11 module (placeholder until the simulator lands).

use crate::worker::{PortOpener, SerialPath};
use std::sync::Arc;

/// Placeholder configuration.
#[derive(Default, Clone, Debug)]
pub struct SimConfig {
    pub fast: bool,
}

/// Placeholder opener.
pub fn opener(_cfg: SimConfig) -> Arc<dyn PortOpener> {
    Arc::new(SerialPath("simulated-module-not-built".into()))
}
