//! Manual 6.4: sockets, prompts with exact byte counts, transparent mode and `+++`.

use super::{Bench, echoed};

fn opened(b: &mut Bench, cmd: &str) -> String {
    b.cmd(cmd)
}

#[test]
fn qiopen_both_dialects_and_qistate() {
    let mut b = Bench::new();
    let cmd = "AT+QIOPEN=\"TCP\",\"112.125.89.8\",33124,0,0";
    assert_eq!(opened(&mut b, cmd), echoed(cmd, "CONNECT,ID:3\r\n"));
    let cmd2 = "AT+QIOPEN=\"UDP\",\"112.125.89.8\",34287,61563,0";
    assert_eq!(opened(&mut b, cmd2), echoed(cmd2, "CONNECT,ID:4\r\n"));
    let state = b.cmd("AT+QISTATE");
    assert!(
        state.contains("+QISTATE:4,\"UDP\",\"112.125.89.8\",34287,61563\r\n"),
        "{state}"
    );
    assert!(state.starts_with("AT+QISTATE\r\n+QISTATE:3,\"TCP\",\"112.125.89.8\",33124,"));
    assert!(state.ends_with("OK\r\n"));
    let mut t = Bench::table();
    assert_eq!(opened(&mut t, cmd), echoed(cmd, "+QIOPEN,ID:3\r\n"));
    assert!(
        t.cmd("AT+QISTATE")
            .contains("+CIPOPEN:3,\"TCP\",\"112.125.89.8\",33124,")
    );
    assert_eq!(t.cmd("AT+QISTATE"), t.cmd("AT+QISTATE"));
}

#[test]
fn qiopen_errors() {
    let mut b = Bench::new();
    for (cmd, code) in [
        ("AT+QIOPEN=\"SCTP\",\"1.2.3.4\",1,0,0", 103),
        ("AT+QIOPEN=\"TCP\",\"1.2.3.4\",65536,0,0", 103),
        ("AT+QIOPEN=\"TCP\",\"1.2.3.4\",1,0,2", 103),
        ("AT+QIOPEN=\"TCP\",\"1.2.3.4\",1,0", 104),
        ("AT+QIOPEN=\"TCP\",\"srv.invalid\",1,0,0", 201),
    ] {
        assert_eq!(
            b.cmd(cmd),
            echoed(cmd, &format!("ERROR={code}\r\n")),
            "{cmd}"
        );
    }
    b.cmd("AT+QIOPEN=\"TCP\",\"1.2.3.4\",1,0,0");
    // Transparent mode is single-link.
    let cmd = "AT+QIOPEN=\"TCP\",\"1.2.3.4\",2,0,1";
    assert_eq!(b.cmd(cmd), echoed(cmd, "ERROR=102\r\n"));
    for _ in 4..=20 {
        b.cmd("AT+QIOPEN=\"TCP\",\"1.2.3.4\",1,0,0");
    }
    assert_eq!(b.m.state().sockets.len(), 18);
    let cmd = "AT+QIOPEN=\"TCP\",\"1.2.3.4\",1,0,0";
    assert_eq!(b.cmd(cmd), echoed(cmd, "ERROR=102\r\n"));
}

#[test]
fn qisend_manual_transcript_and_echo_server() {
    let mut b = Bench::new();
    b.cmd("AT+QIOPEN=\"TCP\",\"112.125.89.8\",33124,0,0");
    b.feed(b"AT+QISEND=3,10\r\n");
    assert_eq!(b.take(), "AT+QISEND=3,10\r\nOK\r\n>");
    b.feed(b"12345");
    assert_eq!(b.take(), "");
    b.feed(b"67890");
    assert_eq!(b.take(), "SEND OK\r\n");
    assert_eq!(b.wait(2), "+RECEIVE,3,10:\r\n1234567890\r\n");
    assert_eq!(b.m.state().sockets[0].sent, b"1234567890");
}

#[test]
fn qisend_counts_utf8_bytes_and_line_endings() {
    let mut b = Bench::new();
    b.cmd("AT+QIOPEN=\"TCP\",\"1.2.3.4\",1,0,0");
    // "中文\r\n" is 8 bytes; the CRLF inside is data, then a command follows.
    b.feed("AT+QISEND=3,8\r\n中文\r\nAT\r\n".as_bytes());
    let out = b.settle();
    assert_eq!(
        out,
        "AT+QISEND=3,8\r\nOK\r\n>SEND OK\r\nAT\r\nOK\r\n+RECEIVE,3,8:\r\n中文\r\n\r\n"
    );
    assert_eq!(b.m.state().sockets[0].sent, "中文\r\n".as_bytes());
}

#[test]
fn qisend_errors_and_udp_without_length() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+QISEND=3,10"),
        echoed("AT+QISEND=3,10", "ERROR=102\r\n")
    );
    assert_eq!(
        b.cmd("AT+QISEND=2,10"),
        echoed("AT+QISEND=2,10", "ERROR=103\r\n")
    );
    b.cmd("AT+QIOPEN=\"TCP\",\"1.2.3.4\",1,0,0");
    assert_eq!(
        b.cmd("AT+QISEND=3,0"),
        echoed("AT+QISEND=3,0", "ERROR=101\r\n")
    );
    assert_eq!(
        b.cmd("AT+QISEND=3,1025"),
        echoed("AT+QISEND=3,1025", "ERROR=101\r\n")
    );
    assert_eq!(b.cmd("AT+QISEND=3"), echoed("AT+QISEND=3", "ERROR=101\r\n"));
    b.cmd("AT+QIOPEN=\"UDP\",\"1.2.3.4\",1,0,0");
    b.feed(b"AT+QISEND=4\r\n");
    assert_eq!(b.take(), "AT+QISEND=4\r\nOK\r\n>");
    b.feed(b"ping");
    // A pause does not end it: Ctrl+Z does, and is not sent (the Quectel convention).
    assert_eq!(b.wait(50), "");
    b.feed(b"\r\n!\x1a");
    assert_eq!(b.take(), "SEND OK\r\n");
    assert_eq!(b.m.state().sockets[1].sent, b"ping\r\n!");
    assert_eq!(b.settle(), "+RECEIVE,4,7:\r\nping\r\n!\r\n");
    // ESC cancels: nothing sent, back at the command line.
    b.feed(b"AT+QISEND=4\r\nnever\x1bAT\r\n");
    assert_eq!(b.settle(), "AT+QISEND=4\r\nOK\r\n>OK\r\nAT\r\nOK\r\n");
    assert_eq!(b.m.state().sockets[1].sent, b"ping\r\n!");
}

#[test]
fn qiclose_tcp_and_udp() {
    let mut b = Bench::new();
    b.cmd("AT+QIOPEN=\"TCP\",\"1.2.3.4\",1,0,0");
    b.cmd("AT+QIOPEN=\"UDP\",\"1.2.3.4\",1,0,0");
    assert_eq!(
        b.cmd("AT+QICLOSE=3"),
        echoed("AT+QICLOSE=3", "OK\r\nDISCONNECT\r\n")
    );
    assert_eq!(
        b.cmd("AT+QICLOSE=4"),
        echoed("AT+QICLOSE=4", "OK\r\nUDP_CLOSE\r\n")
    );
    assert_eq!(
        b.cmd("AT+QICLOSE=4"),
        echoed("AT+QICLOSE=4", "ERROR=102\r\n")
    );
    assert_eq!(
        b.cmd("AT+QICLOSE=21"),
        echoed("AT+QICLOSE=21", "ERROR=103\r\n")
    );
    assert_eq!(b.cmd("AT+QISTATE"), echoed("AT+QISTATE", "OK\r\n"));
}

#[test]
fn transparent_mode_guard_times_and_ato() {
    let mut b = Bench::new();
    let cmd = "AT+QIOPEN=\"TCP\",\"1.2.3.4\",1,0,1";
    assert_eq!(b.cmd(cmd), echoed(cmd, "CONNECT,ID:3\r\n"));
    assert!(b.m.state().data_mode);
    b.feed(b"hello AT\r\n");
    assert_eq!(
        b.wait(2),
        "hello AT\r\n",
        "data is echoed raw by the server"
    );
    // +++ right after data is data.
    b.feed(b"x+++");
    assert_eq!(b.wait(30), "x+++");
    assert!(b.m.state().data_mode);
    // Guarded +++: silence, +++, silence.
    b.feed(b"+++");
    assert_eq!(b.wait(19), "");
    assert_eq!(b.wait(1), "OK\r\n");
    assert!(!b.m.state().data_mode);
    assert_eq!(b.cmd("AT"), "AT\r\nOK\r\n");
    assert_eq!(
        b.cmd("AT+QISEND=3,1"),
        echoed("AT+QISEND=3,1", "ERROR=102\r\n")
    );
    // ATO without line ending goes back.
    b.feed(b"ATO");
    assert!(b.m.state().data_mode);
    b.wait(30);
    b.feed(b"more");
    assert_eq!(b.wait(2), "more");
    assert_eq!(b.m.state().sockets[0].sent, b"hello AT\r\nx+++more");
    // +++ followed too soon by data is data.
    b.wait(30);
    b.feed(b"+++");
    b.wait(5);
    b.feed(b"!");
    assert_eq!(b.wait(30), "+++!");
    assert!(b.m.state().data_mode);
    b.feed(b"+++");
    assert_eq!(b.wait(30), "OK\r\n");
    assert!(
        b.m.state()
            .received_lines
            .ends_with(&["ATO".into(), "+++".into()])
    );
}

#[test]
fn ato_without_link_and_plus_in_command_mode() {
    let mut b = Bench::new();
    b.feed(b"ATO");
    assert_eq!(b.take(), "ERROR=102\r\n");
    b.feed(b"+++");
    assert_eq!(b.wait(30), "");
    assert_eq!(
        b.cmd("AT"),
        "AT\r\nOK\r\n",
        "+++ in command mode is dropped"
    );
}

#[test]
fn qiclose_ends_transparent_session() {
    let mut b = Bench::new();
    b.cmd("AT+QIOPEN=\"TCP\",\"1.2.3.4\",1,0,1");
    b.wait(30);
    b.feed(b"+++");
    b.wait(30);
    assert_eq!(
        b.cmd("AT+QICLOSE=3"),
        echoed("AT+QICLOSE=3", "OK\r\nDISCONNECT\r\n")
    );
    b.feed(b"ATO");
    assert_eq!(b.take(), "ERROR=102\r\n");
}
