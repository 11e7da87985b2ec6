//! Every fault, and the line-settings mismatch.

use std::time::Duration;

use super::{Bench, echoed};
use crate::sim::{Faults, LineSettings, SimConfig};

fn with(faults: Faults) -> Bench {
    Bench::with(SimConfig {
        faults,
        ..SimConfig::fast()
    })
}

/// Noise bytes as the framer sees them.
fn is_noise(b: u8) -> bool {
    (b < 0x20 && b != b'\r' && b != b'\n') || b == 0x7F || (0x80..=0xC1).contains(&b) || b >= 0xF5
}

#[test]
fn garbage_is_noise_at_line_starts_only() {
    let mut b = with(Faults {
        garbage: true,
        ..Faults::default()
    });
    let mut noisy = 0;
    for _ in 0..20 {
        let out = b.run(Duration::ZERO);
        assert!(out.is_empty());
        b.feed(b"AT+CSQ\r\n");
        let out = b.run(Duration::from_millis(50));
        let clean: Vec<u8> = out.iter().copied().filter(|c| !is_noise(*c)).collect();
        assert_eq!(clean, b"AT+CSQ\r\n+CSQ: 15,99\r\nOK\r\n");
        if clean.len() != out.len() {
            noisy += 1;
        }
        assert!(!out.windows(2).any(|w| w == b"\r\r" || w == b"\n\n"));
    }
    assert!(noisy > 0, "some answers got noise");
}

#[test]
fn slow_delays_answers_not_the_echo() {
    let mut b = with(Faults {
        slow: Some(Duration::from_millis(100)),
        ..Faults::default()
    });
    b.feed(b"AT\r\n");
    assert_eq!(b.take(), "AT\r\n");
    assert_eq!(b.wait(99), "");
    assert_eq!(b.wait(1), "OK\r\n");
}

#[test]
fn silent_answers_nothing_but_records() {
    let mut b = with(Faults {
        silent: true,
        ..Faults::default()
    });
    assert_eq!(b.cmd("AT+RST"), "");
    assert_eq!(b.m.state().restarts, 0, "and executes nothing");
    assert_eq!(b.m.state().received_lines, ["AT+RST"]);
}

#[test]
fn forget_answers_ok_but_keeps_nothing() {
    let mut b = with(Faults {
        forget: vec!["QMTSTART".into(), "SYSSLEEP".into(), "HTTPPARA".into()],
        ..Faults::default()
    });
    assert_eq!(
        b.cmd("AT+QMTSTART=0,30"),
        echoed("AT+QMTSTART=0,30", "OK\r\n")
    );
    assert_eq!(
        b.cmd("AT+QMTSTART?"),
        echoed("AT+QMTSTART?", "+QMTSTART:1,60\r\nOK\r\n")
    );
    assert_eq!(b.cmd("AT+SYSSLEEP=1"), echoed("AT+SYSSLEEP=1", "OK\r\n"));
    assert!(!b.m.state().sys_sleep);
    b.cmd("AT+HTTPPARA=\"http://a/\",80,0,0");
    assert_eq!(b.m.state().http.target, None);
    assert_eq!(
        b.m.state().received_lines.len(),
        4,
        "lines are still recorded"
    );
    // Errors stay errors, other settings stay.
    assert_eq!(
        b.cmd("AT+QMTSTART=3,30"),
        echoed("AT+QMTSTART=3,30", "ERROR=103\r\n")
    );
    b.cmd("AT+CSCLK=1");
    assert!(b.m.state().csclk);
}

#[test]
fn urc_between_information_and_ok() {
    let mut b = with(Faults {
        urc_mid_answer: true,
        ..Faults::default()
    });
    assert_eq!(
        b.cmd("AT+CSQ"),
        echoed("AT+CSQ", "+CSQ: 15,99\r\nSIM_SUCCESS\r\nOK\r\n")
    );
    assert_eq!(b.cmd("AT"), "AT\r\nOK\r\n", "no information line, no URC");
    b.cmd("AT+QMTCONNCFG=\"broker.emqx.io\",1883,0");
    assert_eq!(
        b.cmd("AT+QMTSTATU"),
        echoed("AT+QMTSTATU", "+QMTSTATU:1\r\nMQTTCONNECT\r\nOK\r\n")
    );
}

#[test]
fn split_output_dribbles_but_adds_up() {
    let mut b = with(Faults {
        split_output: true,
        ..Faults::default()
    });
    b.feed(b"AT+GMR\r\n");
    let first = b.take();
    assert!(!first.is_empty() && first.len() <= 4, "{first:?}");
    let rest = b.settle();
    assert_eq!(
        format!("{first}{rest}"),
        echoed("AT+GMR", "+VERSION=CT11_V1.0.1\r\nOK\r\n")
    );
}

#[test]
fn faults_can_change_at_run_time() {
    let mut b = Bench::new();
    b.m.set_faults(Faults {
        silent: true,
        ..Faults::default()
    });
    assert_eq!(b.cmd("AT"), "");
    b.m.set_faults(Faults::default());
    assert_eq!(b.cmd("AT"), "AT\r\nOK\r\n");
}

#[test]
fn mismatched_line_is_garbage_both_ways() {
    let mut b = Bench::new();
    b.m.set_host_line(LineSettings::with_baud(9600));
    assert_eq!(b.cmd("AT"), "");
    assert!(b.m.state().received_lines.is_empty());
    b.m.set_host_line(LineSettings {
        data_bits: 7,
        ..LineSettings::DEFAULT
    });
    assert_eq!(b.cmd("AT"), "");
    b.m.set_host_line(LineSettings::DEFAULT);
    b.feed(b"AT+GMR\r\n");
    b.m.set_host_line(LineSettings::with_baud(921_600));
    let noise = b.run(Duration::from_millis(10));
    assert!(noise.len() > 30, "a faster host sees more bytes");
    assert!(noise.iter().all(|c| is_noise(*c)));
    b.m.set_host_line(LineSettings::DEFAULT);
    assert_eq!(b.cmd("AT"), "AT\r\nOK\r\n");
}

#[test]
fn stream_lines_at_the_rate() {
    let mut b = Bench::new();
    b.m.start_stream(64_000, b.now);
    let out = b.run(Duration::from_millis(100));
    let lines = out.len() / crate::sim::STREAM_LINE_LEN;
    assert!((95..=110).contains(&lines), "{lines} lines in 100 ms");
    assert!(out.starts_with(
        b"+STREAM:000000,abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstu\r\n+STREAM:000001,bcd"
    ));
    b.m.stop_stream();
    b.run(Duration::from_millis(10));
    assert!(b.run(Duration::from_millis(100)).is_empty());
    assert_eq!(b.m.next_wakeup(), None, "idle: nothing scheduled");
}
