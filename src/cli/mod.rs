//! The command line (placeholder until the CLI lands): no arguments opens the GUI.

use std::sync::Arc;

/// Run the program; returns the process exit code.
pub fn main() -> i32 {
    let simulated: Arc<dyn crate::worker::PortOpener> =
        Arc::new(crate::worker::SerialPath("sim".into()));
    match crate::ui::run(simulated) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("ct11-configurator: could not open the window: {e}");
            1
        }
    }
}
