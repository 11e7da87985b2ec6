//! A timer for "live" re-reads while a panel is shown.

use egui::Ui;
use std::time::{Duration, Instant};

/// A timer for "live" re-reads (antenna aiming, GPIO levels) that runs only while its panel is
/// drawn: it never sleeps, it asks egui to repaint when the next read is due, and it switches
/// itself off when the panel was not drawn in the previous frame (the user left it).
#[derive(Default)]
pub struct LiveTimer {
    /// Whether the user switched it on.
    pub on: bool,
    next: Option<Instant>,
    last_frame: Option<u64>,
}

impl LiveTimer {
    /// Call every frame the panel is drawn, before showing the toggle. Returns true when a
    /// read is due now (the caller queues it, if the previous one is done).
    pub fn tick(&mut self, ui: &Ui, every: Duration, can_run: bool) -> bool {
        let frame = ui.ctx().cumulative_frame_nr();
        if let Some(last) = self.last_frame
            && frame > last + 1
        {
            // The panel was not drawn for at least a frame: the user went elsewhere.
            self.on = false;
        }
        self.last_frame = Some(frame);
        if !self.on || !can_run {
            self.next = None;
            return false;
        }
        let now = Instant::now();
        let due = self.next.is_none_or(|t| now >= t);
        if due {
            self.next = Some(now + every);
        }
        if let Some(t) = self.next {
            ui.ctx()
                .request_repaint_after(t.saturating_duration_since(now));
        }
        due
    }
}
