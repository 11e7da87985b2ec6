//! After bytes arrive the app draws one more frame, one pacer interval later: a log that follows
//! the end reaches the lines a frame added only in the frame after it, and when a burst stops
//! there is no other frame to show them. Then it stops asking: an idle app draws nothing.

mod gui_common;

use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::tab::Tab;
use ct11_configurator::worker::Request;
use gui_common::connected;
use std::time::{Duration, Instant};

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

    // The line sent, its echo and the OK. Received bytes come in batches, and under load a
    // line can come in two reads ("OK\r", then "\n"): wait until the OK line is in the log as
    // text, then until the worker has nothing more to say, so that the last frame is the one
    // that took the last bytes.
    let before = h.state().log.store().end();
    h.state_mut().send(Request::Raw {
        bytes: b"AT\r\n".to_vec(),
    });
    let deadline = Instant::now() + gui_common::LIMIT;
    loop {
        h.step();
        let end = h.state().log.store().end();
        let seqs: Vec<u64> = (before..end).collect();
        let text = h.state_mut().log.lines_text(&seqs, Lang::En);
        if seqs.len() >= 3 && text.lines().any(|l| l.trim_end().ends_with("OK\\r\\n")) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no OK within {:?}; the log since the send:\n{text}",
            gui_common::LIMIT
        );
        h.state_mut().wait_for_worker(Duration::from_millis(20));
    }
    while h.state_mut().wait_for_worker(Duration::from_millis(200)) {
        h.step();
    }
    let d = repaint_delay(&h);
    assert!(
        d > Duration::ZERO && d <= Duration::from_secs(1),
        "a trailing frame within the pacer's interval: {d:?}"
    );
    h.step();
    assert!(repaint_delay(&h) > Duration::from_secs(60), "and no more");
}
