//! After bytes arrive the app draws one more frame, one pacer interval later: a log that follows
//! the end reaches the lines a frame added only in the frame after it, and when a burst stops
//! there is no other frame to show them. Then it stops asking: an idle app draws nothing.

mod gui_common;

use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::tab::Tab;
use ct11_configurator::worker::Request;
use gui_common::{connected, settle};
use std::time::Duration;

fn repaint_delay(h: &gui_common::Gui) -> Duration {
    h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
}

#[test]
fn one_more_frame_after_received_bytes_then_none() {
    let (mut h, _sim) = connected(SimConfig::fast(), Lang::En, Tab::Terminal);
    // Quiet: nothing arrives, nothing asks for a frame.
    for _ in 0..3 {
        h.step();
    }
    assert!(
        repaint_delay(&h) > Duration::from_secs(60),
        "{:?}",
        repaint_delay(&h)
    );

    // The line sent, its echo and the OK: three log lines (received bytes come in batches, so
    // count lines, not events).
    let lines = h.state().log.len();
    h.state_mut().send(Request::Raw {
        bytes: b"AT\r\n".to_vec(),
    });
    settle(&mut h, "the answer arrives", |a| a.log.len() >= lines + 3);
    let d = repaint_delay(&h);
    assert!(
        d > Duration::ZERO && d <= Duration::from_secs(1),
        "a trailing frame within the pacer's interval: {d:?}"
    );
    h.step();
    assert!(repaint_delay(&h) > Duration::from_secs(60), "and no more");
}
