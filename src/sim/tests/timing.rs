//! The module's own answer time, the time it holds answers back ([`SimModule::hold_time`]),
//! and the simulated wire.
//!
//! [`SimModule::hold_time`]: crate::sim::SimModule::hold_time

use std::time::Duration;

use super::Bench;
use crate::sim::{SimConfig, Timing};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn timed(answer: u64, save: u64, wire: bool) -> Bench {
    Bench::with(SimConfig {
        timing: Timing {
            answer: ms(answer),
            save: ms(save),
            ..Timing::fast()
        },
        wire,
        ..SimConfig::fast()
    })
}

/// Output after exactly `d`, and nothing before.
fn due_after(b: &mut Bench, d: Duration) -> String {
    assert_eq!(b.m.next_wakeup(), Some(b.now + d), "due after {d:?}");
    b.now += d;
    b.take()
}

#[test]
fn answers_wait_the_answer_time_setters_also_the_save_time() {
    let mut b = timed(10, 20, false);
    b.feed(b"AT+GMR\r\n");
    assert_eq!(b.take(), "AT+GMR\r\n", "the echo is not delayed");
    assert_eq!(due_after(&mut b, ms(10)), "+VERSION=CT11_V1.0.1\r\nOK\r\n");
    b.feed(b"AT+SYSSLEEP=0\r\n");
    assert_eq!(b.take(), "AT+SYSSLEEP=0\r\n");
    assert_eq!(due_after(&mut b, ms(30)), "OK\r\n");
    // A refused setter writes nothing: no save time.
    b.feed(b"AT+SYSSLEEP=7\r\n");
    b.take();
    assert_eq!(due_after(&mut b, ms(10)), "ERROR=103\r\n");
    assert_eq!(b.m.hold_time(), ms(10 + 30 + 10));
}

#[test]
fn overlapping_holds_count_once() {
    let mut b = timed(10, 0, false);
    // The broker's OK (10 ms) is due while its connect (10 ms in `fast`) runs: one hold.
    b.cmd("AT+QMTCONNCFG=\"broker.example.com\",1883,0");
    assert_eq!(b.m.hold_time(), ms(10));
    b.wait(1000);
    let before = b.m.hold_time();
    b.cmd("AT");
    assert_eq!(b.m.hold_time() - before, ms(10));
}

#[test]
fn wire_takes_ten_bits_a_byte_before_the_module_sees_it() {
    let mut b = timed(0, 0, true);
    b.feed(b"AT\r\n");
    // 86.805 µs a byte at 115200 8N1. The line ends with its CR, the third byte: nothing is
    // seen before that byte is in.
    let cr = Duration::from_nanos(3 * 86_805);
    assert_eq!(b.take(), "");
    assert_eq!(b.run(cr - Duration::from_nanos(1)), b"");
    assert_eq!(b.run(Duration::from_nanos(1)), b"AT\r\nOK\r\n");
    assert_eq!(b.m.hold_time(), Duration::ZERO, "the wire is not a hold");

    // A payload: the OK comes one wire time after the prompt's bytes were written.
    b.feed(b"AT+HTTPDATA=100\r\n");
    b.run(ms(5));
    b.feed(&[b'x'; 100]);
    let wire = Duration::from_nanos(100 * 86_805);
    assert_eq!(b.run(wire - Duration::from_micros(1)), b"");
    assert_eq!(b.run(Duration::from_micros(1)), b"OK\r\n");
    assert_eq!(b.m.state().http.body, vec![b'x'; 100]);
}
