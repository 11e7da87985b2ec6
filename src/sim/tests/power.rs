//! Manual 6.3: the sleep commands and their ordering rule.

use super::{Bench, echoed};

#[test]
fn queries_and_ordering_rule() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+SYSSLEEP?"),
        echoed("AT+SYSSLEEP?", "+SYSSLEEP:0\r\nOK\r\n")
    );
    assert_eq!(
        b.cmd("AT+CSCLK?"),
        echoed("AT+CSCLK?", "+CSCLK:0\r\nOK\r\n")
    );
    assert_eq!(b.cmd("AT+CSCLK=1"), echoed("AT+CSCLK=1", "OK\r\n"));
    assert_eq!(
        b.cmd("AT+SYSSLEEP=1"),
        echoed("AT+SYSSLEEP=1", "ERROR=102\r\n")
    );
    assert_eq!(b.cmd("AT+SYSSLEEP=0"), echoed("AT+SYSSLEEP=0", "OK\r\n"));
    assert_eq!(b.cmd("AT+CSCLK=0"), echoed("AT+CSCLK=0", "OK\r\n"));
    b.feed(b"AT+SYSSLEEP=1\r\n");
    assert_eq!(b.take(), echoed("AT+SYSSLEEP=1", "OK\r\n"));
    b.feed(b"AT+CSCLK=1\r\n");
    assert_eq!(b.take(), echoed("AT+CSCLK=1", "ERROR=102\r\n"));
    b.feed(b"AT+SYSSLEEP=2\r\n");
    assert_eq!(b.take(), echoed("AT+SYSSLEEP=2", "ERROR=103\r\n"));
}

#[test]
fn syssleep_swallows_the_first_line() {
    let mut b = Bench::new();
    b.feed(b"AT+SYSSLEEP=1\r\n");
    assert_eq!(b.take(), echoed("AT+SYSSLEEP=1", "OK\r\n"));
    // Within the idle time it is awake.
    b.feed(b"AT\r\n");
    assert_eq!(b.take(), "AT\r\nOK\r\n");
    assert_eq!(b.wait(19), "");
    assert!(!b.m.state().asleep);
    b.wait(1);
    assert!(b.m.state().asleep);
    b.feed(b"AT\r\n");
    assert_eq!(b.take(), "", "the first AT only wakes it");
    b.feed(b"AT\r\n");
    assert_eq!(b.take(), "AT\r\nOK\r\n");
    assert_eq!(
        b.m.state().received_lines,
        ["AT+SYSSLEEP=1", "AT", "AT"],
        "the swallowed line was never a command"
    );
}

#[test]
fn csclk_sleeps_while_dtr_is_low() {
    let mut b = Bench::new();
    b.cmd("AT+CSCLK=1");
    b.m.set_dtr(false);
    assert_eq!(b.cmd("AT"), "");
    b.m.set_dtr(true);
    assert_eq!(b.cmd("AT"), "AT\r\nOK\r\n");
    b.cmd("AT+CSCLK=0");
    b.m.set_dtr(false);
    assert_eq!(
        b.cmd("AT"),
        "AT\r\nOK\r\n",
        "DTR means nothing with CSCLK=0"
    );
}
