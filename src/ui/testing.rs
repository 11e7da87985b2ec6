//! Helpers for GUI tests and headless drivers: the real [`App`] connected to an in-process
//! simulated module, and a bounded, event-driven wait.

use super::app::{App, AppOptions};
use super::files::PresetPicker;
use super::settings::Settings;
use crate::i18n::Lang;
use crate::sim::{SimConfig, SimHandle};
use std::time::{Duration, Instant};

/// An app whose "Simulated CT11" port is `sim`, in `lang`, with a preset file picker.
pub fn app_with_sim(cfg: SimConfig, lang: Lang) -> (App, SimHandle, PresetPicker) {
    let sim = SimHandle::spawn(cfg);
    let files = PresetPicker::default();
    let settings = Settings {
        lang: Some(lang),
        ..Settings::default()
    };
    let app = App::new(AppOptions {
        files: Box::new(files.clone()),
        simulated: crate::sim::handle_opener(sim.clone()),
        settings,
    });
    (app, sim, files)
}

/// Step a GUI (`step` runs one frame, e.g. `|| harness.step()`) until `done` holds, waiting on
/// the worker's events between frames (no sleeping). Returns whether `done` held before `limit`.
pub fn step_until(
    mut step: impl FnMut(),
    mut wait: impl FnMut(Duration) -> bool,
    mut done: impl FnMut() -> bool,
    limit: Duration,
) -> bool {
    let end = Instant::now() + limit;
    loop {
        step();
        if done() {
            return true;
        }
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        // Frames are cheap; wait for the next worker event (bounded so timers still fire).
        wait(left.min(Duration::from_millis(50)));
    }
}
