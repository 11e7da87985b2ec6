//! Manual 6.2.

use super::{Bench, echoed};
use crate::sim::SimConfig;

#[test]
fn creg_both_dialects() {
    let mut b = Bench::new();
    assert_eq!(b.cmd("AT+CREG?"), echoed("AT+CREG?", "+CREG=0,1\r\nOK\r\n"));
    let mut t = Bench::table();
    assert_eq!(
        t.cmd("AT+CREG?"),
        echoed("AT+CREG?", "+CREG: 0,1\r\nOK\r\n")
    );
    t.cmd("AT+CREG=2");
    assert_eq!(
        t.cmd("AT+CREG?"),
        echoed("AT+CREG?", "+CREG: 2,1,\"25EF\",\"2D03A0E\"\r\nOK\r\n")
    );
    assert_eq!(t.cmd("AT+CREG=3"), echoed("AT+CREG=3", "ERROR=103\r\n"));
    b.m.state_mut().creg_stat = 0;
    assert_eq!(b.cmd("AT+CREG?"), echoed("AT+CREG?", "+CREG=0,0\r\nOK\r\n"));
}

#[test]
fn csq_fixed_in_fast_and_wandering_in_realistic() {
    let mut b = Bench::new();
    assert_eq!(b.cmd("AT+CSQ"), echoed("AT+CSQ", "+CSQ: 15,99\r\nOK\r\n"));
    b.wait(10_000);
    assert_eq!(b.cmd("AT+CSQ"), echoed("AT+CSQ", "+CSQ: 15,99\r\nOK\r\n"));
    let mut r = Bench::with(SimConfig::realistic());
    r.cmd("AT+CSQ");
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..20 {
        r.wait(10_000);
        r.cmd("AT+CSQ");
        seen.insert(r.m.state().csq_rssi);
    }
    assert!(seen.len() > 1, "the signal moves: {seen:?}");
    assert!(seen.iter().all(|r| (8..=28).contains(r)));
}

#[test]
fn qntp_sets_the_clock_both_dialects() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+QNTP?"),
        echoed("AT+QNTP?", "+QNTP:NOT SET\r\nOK\r\n")
    );
    b.feed(b"AT+QNTP=\"cn.pool.ntp.org\",123\r\n");
    assert_eq!(b.take(), "AT+QNTP=\"cn.pool.ntp.org\",123\r\n");
    assert_eq!(b.wait(5), "+QNTP:2025-10-27 21:53:20\r\nOK\r\n");
    assert_eq!(
        b.cmd("AT+QNTP?"),
        echoed("AT+QNTP?", "+QNTP:cn.pool.ntp.org,123\r\nOK\r\n")
    );
    b.wait(156_000 - 500);
    assert_eq!(
        b.cmd("AT+QLTS?"),
        echoed("AT+QLTS?", "+QLTS:2025-10-27 21:55:56\r\nOK\r\n")
    );
    let mut t = Bench::table();
    assert_eq!(
        t.cmd("AT+QNTP=\"cn.pool.ntp.org\",123"),
        echoed(
            "AT+QNTP=\"cn.pool.ntp.org\",123",
            "+QNTP:25/10/27,21:53:20\r\nOK\r\n"
        )
    );
    assert_eq!(
        t.cmd("AT+QNTP?"),
        echoed("AT+QNTP?", "+QNTP:\"cn.pool.ntp.org\",123\r\nOK\r\n")
    );
    assert!(t.cmd("AT+QLTS?").contains("+QLTS: 25/10/27,21:53:2"));
}

#[test]
fn qntp_errors() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+QNTP=\"ntp.invalid\",123"),
        echoed("AT+QNTP=\"ntp.invalid\",123", "ERROR=201\r\n")
    );
    assert_eq!(
        b.cmd("AT+QNTP=x,70000"),
        echoed("AT+QNTP=x,70000", "ERROR=103\r\n")
    );
    let long = format!("AT+QNTP={},123", "a".repeat(257));
    assert_eq!(b.cmd(&long), echoed(&long, "ERROR=101\r\n"));
}

#[test]
fn qping_is_the_manual_transcript() {
    let mut b = Bench::new();
    let cmd = "AT+QPING=\"www.baidu.com\",10";
    b.feed(format!("{cmd}\r\n").as_bytes());
    assert_eq!(b.take(), format!("{cmd}\r\n"));
    let ms = [30, 45, 35, 35, 45, 40, 40, 40, 85, 35];
    // One reply per ping interval (2 ms in fast()).
    for (i, m) in ms.iter().enumerate() {
        let want = format!("+CIPPING:\"2409:8C54:870:310:0:FF:B0ED:40AC\",{m},52\r\n");
        let want = if i == 9 { want + "OK\r\n" } else { want };
        assert_eq!(b.wait(2), want, "reply {i}");
    }
    let mut t = Bench::table();
    assert_eq!(
        t.cmd("AT+QPING=\"1.2.3.4\",2"),
        echoed(
            "AT+QPING=\"1.2.3.4\",2",
            "+QPING:1.2.3.4,30,52\r\n+QPING:1.2.3.4,45,52\r\nOK\r\n"
        )
    );
    assert_eq!(t.cmd("AT+QPING=\"1.2.3.4\"").matches("+QPING:").count(), 4);
    assert_eq!(
        t.cmd("AT+QPING=\"1.2.3.4\",11"),
        echoed("AT+QPING=\"1.2.3.4\",11", "ERROR=103\r\n")
    );
    assert_eq!(
        t.cmd("AT+QPING=\"x.invalid\",1"),
        echoed("AT+QPING=\"x.invalid\",1", "ERROR=201\r\n")
    );
}

#[test]
fn cpsi_both_dialects() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+CPSI"),
        echoed(
            "AT+CPSI",
            "+CPSI:460-0,0x25ef,47198990,411,5,5,-19,-82,-69,0\r\nOK\r\n"
        )
    );
    let mut t = Bench::table();
    assert_eq!(
        t.cmd("AT+CPSI"),
        echoed(
            "AT+CPSI",
            "+CPSI:460-0,0x25ef,47198990,411,,5,5,-19,-82,-69,0\r\nOK\r\n"
        )
    );
}
