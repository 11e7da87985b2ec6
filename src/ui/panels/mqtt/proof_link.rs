//! The delivery proof from the GUI: [`ProofRun`] (the proof on its own thread, see
//! [`crate::proof::background`]) woken through egui, and its stages in words.

use crate::proof::ProofSettings;
pub use crate::proof::background::{ProofRun, stage_words};

/// Start the proof on its own thread; it asks egui for a frame whenever it has something.
pub fn start(settings: ProofSettings, egui: &egui::Context) -> Option<ProofRun> {
    let ctx = egui.clone();
    ProofRun::start(settings, Box::new(move || ctx.request_repaint()))
}
