//! Manual 6.1.

use super::{BOOT, Bench, echoed};
use crate::sim::state::Power;
use crate::sim::{LineSettings, SimConfig};

#[test]
fn at_gmr_gsn_byte_for_byte() {
    let mut b = Bench::new();
    assert_eq!(b.cmd("AT"), "AT\r\nOK\r\n");
    assert_eq!(
        b.cmd("AT+GMR"),
        echoed("AT+GMR", "+VERSION=CT11_V1.0.1\r\nOK\r\n")
    );
    assert_eq!(
        b.cmd("AT+GSN"),
        echoed("AT+GSN", "860720087453595\r\nOK\r\n")
    );
}

#[test]
fn line_endings_cr_lf_crlf() {
    let mut b = Bench::new();
    b.feed(b"AT\r");
    assert_eq!(b.settle(), "AT\r\nOK\r\n");
    b.feed(b"\nAT\n");
    assert_eq!(b.settle(), "AT\r\nOK\r\n");
    b.feed(b"AT\r\nAT\r\n");
    assert_eq!(b.settle(), "AT\r\nOK\r\nAT\r\nOK\r\n");
    // One byte at a time.
    for c in b"AT+GSN\r\n" {
        b.feed(&[*c]);
    }
    assert_eq!(b.settle(), echoed("AT+GSN", "860720087453595\r\nOK\r\n"));
}

#[test]
fn echo_off_and_on() {
    let mut b = Bench::new();
    assert_eq!(b.cmd("ATE0"), "OK\r\n");
    assert_eq!(b.cmd("AT"), "OK\r\n");
    assert_eq!(b.cmd("ATE1"), "ATE1\r\nOK\r\n");
    assert_eq!(b.cmd("ATE2"), "ATE2\r\nERROR=103\r\n");
}

#[test]
fn unknown_and_malformed_commands() {
    let mut b = Bench::new();
    assert_eq!(b.cmd("AT+FOO"), "AT+FOO\r\nERROR=104\r\n");
    assert_eq!(b.cmd("at+gmr"), "at+gmr\r\nERROR=104\r\n");
    assert_eq!(b.cmd("hello"), "hello\r\nERROR=104\r\n");
    assert_eq!(b.cmd("AT+GMR?"), "AT+GMR?\r\nERROR=104\r\n");
    assert_eq!(
        b.cmd("AT+QMTSUB=\"open,0"),
        "AT+QMTSUB=\"open,0\r\nERROR=104\r\n"
    );
    assert_eq!(
        b.m.state().received_lines,
        ["AT+FOO", "at+gmr", "hello", "AT+GMR?", "AT+QMTSUB=\"open,0"]
    );
}

#[test]
fn qccid_both_dialects_and_no_sim() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+QCCID"),
        echoed("AT+QCCID", "+QCCID:898604E6192391620488\r\nOK\r\n")
    );
    let mut t = Bench::table();
    assert_eq!(
        t.cmd("AT+QCCID"),
        echoed("AT+QCCID", "+QICCID：898604E6192391620488\r\nOK\r\n")
    );
    let mut none = Bench::with(SimConfig {
        iccid: None,
        ..SimConfig::fast()
    });
    assert_eq!(
        none.cmd("AT+QCCID"),
        echoed("AT+QCCID", "+QCCID:OK\r\nOK\r\n")
    );
    t.m.state_mut().iccid = None;
    assert_eq!(
        t.cmd("AT+QCCID"),
        echoed("AT+QCCID", "+QICCID：OK\r\nOK\r\n")
    );
}

#[test]
fn restart_sequence_timing_and_silence() {
    let mut b = Bench::new();
    b.cmd("ATE0");
    b.feed(b"AT+RST\r\n");
    assert_eq!(b.take(), "OK\r\n");
    assert_eq!(b.m.state().power, Power::Booting);
    // Ignored while rebooting.
    b.feed(b"AT\r\n");
    assert_eq!(b.wait(19), "");
    assert_eq!(b.wait(1), "RDY\r\n");
    assert_eq!(b.wait(10), "SIM_SUCCESS\r\nNETWORK_ACTIVATE_SUCCESS\r\n");
    assert!(b.m.state().echo, "echo is back on after a restart");
    assert_eq!(b.m.state().restarts, 1);
    assert_eq!(b.cmd("AT"), "AT\r\nOK\r\n");
    assert_eq!(b.m.state().received_lines, ["ATE0", "AT+RST", "AT"]);
}

#[test]
fn restart_without_sim_stops_after_rdy() {
    let mut b = Bench::with(SimConfig {
        iccid: None,
        ..SimConfig::fast()
    });
    assert_eq!(b.cmd("AT+RST"), "AT+RST\r\nOK\r\nRDY\r\n");
    assert!(!b.m.state().network_up);
}

#[test]
fn ipr_query_and_set_comes_back_at_new_rate() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+IPR?"),
        echoed("AT+IPR?", "+IPR:115200,8,0,0\r\nOK\r\n")
    );
    b.feed(b"AT+IPR=9600,8,0,0\r\n");
    assert_eq!(b.take(), "AT+IPR=9600,8,0,0\r\nOK\r\n");
    // The boot lines go out at 9600: a host still at 115200 gets noise.
    let noise = b.run(std::time::Duration::from_millis(200));
    assert!(!noise.is_empty());
    assert!(!String::from_utf8_lossy(&noise).contains("RDY"));
    assert_eq!(b.m.state().line.baud, 9600);
    b.cmd("AT");
    assert_eq!(
        b.m.state().received_lines.len(),
        2,
        "AT at 115200 was noise"
    );
    b.m.set_host_line(LineSettings::with_baud(9600));
    assert_eq!(
        b.cmd("AT+IPR?"),
        echoed("AT+IPR?", "+IPR:9600,8,0,0\r\nOK\r\n")
    );
}

#[test]
fn ipr_invalid_values() {
    let mut b = Bench::new();
    for bad in [
        "AT+IPR=12345,8,0,0",
        "AT+IPR=9600,6,0,0",
        "AT+IPR=9600,8,3,0",
        "AT+IPR=9600,8,0,3",
    ] {
        assert_eq!(b.cmd(bad), echoed(bad, "ERROR=103\r\n"), "{bad}");
    }
    assert_eq!(b.cmd("AT+IPR=9600"), echoed("AT+IPR=9600", "ERROR=104\r\n"));
}

#[test]
fn ipr_manual_example_stop_code_1_still_talks_to_8n1() {
    let mut b = Bench::new();
    let out = b.cmd("AT+IPR=115200,8,1,0");
    assert_eq!(out, format!("AT+IPR=115200,8,1,0\r\nOK\r\n{BOOT}"));
}

#[test]
fn restore_erases_saved_settings_but_not_singlesim() {
    let mut b = Bench::new();
    b.cmd("AT+SINGLESIM=1");
    b.booted();
    b.cmd("AT+SIMPLEMODE=2,1");
    b.booted();
    b.cmd("AT+QMTCFG=\"id\"");
    b.cmd("AT+SYSSLEEP=1");
    assert_eq!(b.m.state().simple_mode, 2);
    assert!(b.m.state().mqtt.client.is_some());
    b.wait(100);
    b.feed(b"AT\r\n");
    assert_eq!(b.take(), "", "asleep: the first line only wakes it");
    assert_eq!(b.cmd("AT+RESTORE"), format!("AT+RESTORE\r\nOK\r\n{BOOT}"));
    let s = b.m.state();
    assert!(!s.sys_sleep);
    assert_eq!((s.simple_mode, s.simple_sub), (0, 0));
    assert_eq!(s.mqtt.client, None);
    assert_eq!(s.single_sim, 1);
}

#[test]
fn singlesim_query_set_and_network_rule() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+SINGLESIM?"),
        echoed("AT+SINGLESIM?", "+SINGLESIM: 0\r\nOK\r\n")
    );
    assert_eq!(
        b.cmd("AT+SINGLESIM=1"),
        format!("AT+SINGLESIM=1\r\nOK\r\n{BOOT}")
    );
    assert_eq!(
        b.cmd("AT+SINGLESIM=2"),
        echoed("AT+SINGLESIM=2", "ERROR=103\r\n")
    );
    b.m.state_mut().network_up = false;
    assert_eq!(
        b.cmd("AT+SINGLESIM=0"),
        echoed("AT+SINGLESIM=0", "ERROR=102\r\n")
    );
}

#[test]
fn ota_answers_nothing_then_restarts() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+OTA=1,\"http://fw.example/ct11.bin\""),
        format!("AT+OTA=1,\"http://fw.example/ct11.bin\"\r\n{BOOT}")
    );
    assert_eq!(
        b.m.state().ota,
        Some((1, "http://fw.example/ct11.bin".into()))
    );
}

#[test]
fn gpio_read_set_and_limits() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+GPIO=0"),
        echoed("AT+GPIO=0", "+GPIO:0,0\r\nOK\r\n")
    );
    // The manual's own example: a pull-down input reads 1.
    assert_eq!(
        b.cmd("AT+GPIO=0,2,1"),
        echoed("AT+GPIO=0,2,1", "+GPIO:0,1\r\nOK\r\n")
    );
    assert_eq!(b.cmd("AT+GPIO=0,1"), echoed("AT+GPIO=0,1", "OK\r\n"));
    assert_eq!(
        b.cmd("AT+GPIO=0"),
        echoed("AT+GPIO=0", "+GPIO:0,1\r\nOK\r\n")
    );
    assert_eq!(
        b.cmd("AT+GPIO=1,2,2"),
        echoed("AT+GPIO=1,2,2", "+GPIO:1,1\r\nOK\r\n")
    );
    b.m.state_mut().gpio[2].external = Some(1);
    assert_eq!(
        b.cmd("AT+GPIO=2,2,0"),
        echoed("AT+GPIO=2,2,0", "+GPIO:2,1\r\nOK\r\n")
    );
    assert_eq!(b.cmd("AT+GPIO=3"), echoed("AT+GPIO=3", "ERROR=103\r\n"));
    assert_eq!(b.cmd("AT+GPIO=0,4"), echoed("AT+GPIO=0,4", "ERROR=103\r\n"));
    assert_eq!(
        b.cmd("AT+GPIO=0,2,3"),
        echoed("AT+GPIO=0,2,3", "ERROR=103\r\n")
    );
    let mut t = Bench::table();
    assert_eq!(
        t.cmd("AT+GPIO=0,2,1"),
        echoed("AT+GPIO=0,2,1", "+GPIO:0,0\r\nOK\r\n")
    );
}

#[test]
fn power_off_and_on() {
    let mut b = Bench::new();
    b.m.power_off(b.now);
    assert_eq!(b.cmd("AT"), "");
    assert_eq!(b.m.state().power, Power::Off);
    b.m.power_on(b.now);
    assert_eq!(b.booted(), BOOT);
    assert_eq!(b.cmd("AT"), "AT\r\nOK\r\n");
}
