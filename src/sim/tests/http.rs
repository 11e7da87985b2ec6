//! Manual 6.7: the HTTP client.

use super::{Bench, echoed};

#[test]
fn httppara_and_httprqh_both_dialects() {
    let mut b = Bench::new();
    assert_eq!(
        b.cmd("AT+HTTPPARA?"),
        echoed("AT+HTTPPARA?", "+HTTPPARA:NOT SET\r\nOK\r\n")
    );
    let cmd = "AT+HTTPPARA=\"http://httpbin.org/post\",80,0,0";
    assert_eq!(b.cmd(cmd), echoed(cmd, "OK\r\n"));
    assert_eq!(
        b.cmd("AT+HTTPPARA?"),
        echoed(
            "AT+HTTPPARA?",
            "+HTTPPARA:http://httpbin.org/post,80,0,0\r\nOK\r\n"
        )
    );
    let cmd = "AT+HTTPRQH=\"Content-Type\",\"application/json\"";
    assert_eq!(b.cmd(cmd), echoed(cmd, "OK\r\n"));
    assert_eq!(
        b.cmd("AT+HTTPRQH?"),
        echoed(
            "AT+HTTPRQH?",
            "+HTTPRQH:Content-Type:application/json\r\nOK\r\n"
        )
    );
    let mut t = Bench::table();
    t.cmd("AT+HTTPPARA=\"http://httpbin.org/post\",80,0,0");
    t.cmd("AT+HTTPRQH=\"Content-Type\",\"application/json\"");
    assert!(
        t.cmd("AT+HTTPPARA?")
            .contains("+HTTPPARA:\"http://httpbin.org/post\",80,0,0\r\n")
    );
    assert!(
        t.cmd("AT+HTTPRQH?")
            .contains("+HTTPRQH:\"Content-Type\":\"application/json\"\r\n")
    );
}

#[test]
fn http_limits() {
    let mut b = Bench::new();
    let cmd = format!("AT+HTTPPARA=\"http://a/{}\",80,0,0", "u".repeat(505));
    assert_eq!(b.cmd(&cmd), echoed(&cmd, "ERROR=101\r\n"));
    let cmd = "AT+HTTPPARA=\"http://a/\",80,2,0";
    assert_eq!(b.cmd(cmd), echoed(cmd, "ERROR=103\r\n"));
    let cmd = format!("AT+HTTPRQH=\"{}\",v", "k".repeat(51));
    assert_eq!(b.cmd(&cmd), echoed(&cmd, "ERROR=101\r\n"));
    let cmd = format!("AT+HTTPRQH=k,\"{}\"", "v".repeat(256));
    assert_eq!(b.cmd(&cmd), echoed(&cmd, "ERROR=101\r\n"));
    assert_eq!(
        b.cmd("AT+HTTPDATA=1025"),
        echoed("AT+HTTPDATA=1025", "ERROR=101\r\n")
    );
    assert_eq!(
        b.cmd("AT+HTTPACTION=5"),
        echoed("AT+HTTPACTION=5", "ERROR=103\r\n")
    );
    assert_eq!(
        b.cmd("AT+HTTPACTION=0"),
        echoed("AT+HTTPACTION=0", "ERROR=102\r\n")
    );
    assert_eq!(
        b.cmd("AT+HTTPCERTIFI=1,2049"),
        echoed("AT+HTTPCERTIFI=1,2049", "ERROR=101\r\n")
    );
}

#[test]
fn httpdata_prompt_per_dialect() {
    let mut b = Bench::new();
    b.feed(b"AT+HTTPDATA=10\r\n");
    assert_eq!(b.take(), "AT+HTTPDATA=10\r\n>");
    b.feed(b"0123456789");
    assert_eq!(b.take(), "OK\r\n");
    assert_eq!(b.m.state().http.body, b"0123456789");
    let mut t = Bench::table();
    t.feed(b"AT+HTTPDATA=10\r\n");
    assert_eq!(t.take(), "AT+HTTPDATA=10\r\n>>");
    t.feed(b"0123456789");
    assert_eq!(t.take(), "OK\r\n");
    assert_eq!(t.cmd("AT+HTTPDATA=0"), "AT+HTTPDATA=0\r\n>>OK\r\n");
    assert!(t.m.state().http.body.is_empty());
}

/// Splits an HTTPACTION answer at `$HTTPRECV:DATA,<len>` and checks the body length.
fn body_of(answer: &str) -> String {
    let (_, rest) = answer.split_once("$HTTPRECV:DATA,").expect("body marker");
    let (len, rest) = rest.split_once("\r\n").unwrap();
    let len: usize = len.parse().unwrap();
    let body = &rest.as_bytes()[..len];
    assert_eq!(&rest.as_bytes()[len..], b"\r\nOK\r\n");
    String::from_utf8(body.to_vec()).unwrap()
}

#[test]
fn post_echoes_the_body_as_json() {
    let mut b = Bench::new();
    b.cmd("AT+HTTPPARA=\"http://httpbin.org/post\",80,0,0");
    b.cmd("AT+HTTPRQH=\"Content-Type\",\"application/json\"");
    b.feed(b"AT+HTTPDATA=10\r\n0123456789");
    b.settle();
    b.feed(b"AT+HTTPACTION=1\r\n");
    assert_eq!(b.take(), "AT+HTTPACTION=1\r\n");
    assert_eq!(b.wait(9), "");
    let answer = b.wait(1);
    assert!(
        answer.starts_with("HTTP/1.1 200 OK\r\nDate: Mon, 27 Oct 2025 13:53:"),
        "{answer}"
    );
    assert!(answer.contains("\r\nContent-Type: application/json\r\n"));
    let body = body_of(&answer);
    assert!(body.contains("\"data\": \"0123456789\""), "{body}");
    assert!(body.contains("\"method\": \"POST\""));
    assert!(body.contains("\"Content-Type\": \"application/json\""));
    assert!(body.contains("\r\n"), "the body has CRLF lines");
    assert!(answer.contains(&format!("Content-Length: {}\r\n", body.len())));
    assert_eq!(b.m.state().http.requests[0].status, 200);
}

#[test]
fn get_on_post_url_is_the_manual_405() {
    let mut b = Bench::new();
    b.cmd("AT+HTTPPARA=\"http://httpbin.org/post\",80,0,0");
    let answer = b.cmd("AT+HTTPACTION=0");
    assert!(answer.starts_with("AT+HTTPACTION=0\r\nHTTP/1.1 405 METHOD NOT ALLOWED\r\n"));
    assert!(answer.contains("Allow: POST, OPTIONS\r\n\r\n$HTTPRECV:DATA,"));
    assert!(body_of(&answer).contains("<title>405 Method Not Allowed</title>"));
    // HEAD: headers only.
    b.cmd("AT+HTTPPARA=\"http://httpbin.org/get\",80,0,0");
    let answer = b.cmd("AT+HTTPACTION=4");
    assert_eq!(body_of(&answer), "");
}

#[test]
fn https_certificate_rules_and_unreachable_host() {
    let mut b = Bench::new();
    b.cmd("AT+HTTPPARA=\"https://www.baidu.com/\",443,1,1");
    assert_eq!(
        b.cmd("AT+HTTPACTION=0"),
        echoed("AT+HTTPACTION=0", "ERROR=102\r\n")
    );
    assert_eq!(
        b.cmd("AT+HTTPCERTIFI?"),
        echoed("AT+HTTPCERTIFI?", "+HTTPCERTIFI:0,0,\r\nOK\r\n")
    );
    b.feed(b"AT+HTTPCERTIFI=1,5\r\n");
    assert_eq!(b.take(), "AT+HTTPCERTIFI=1,5\r\n>");
    b.feed(b"ab\r\ncd");
    assert_eq!(
        b.take(),
        "OK\r\n",
        "5 bytes: the CRLF counts, the last byte is left over"
    );
    assert_eq!(
        b.m.state().http.certificate.as_ref().unwrap().data,
        b"ab\r\nc"
    );
    b.feed(b"\r\n");
    b.settle();
    assert_eq!(
        b.cmd("AT+HTTPCERTIFI?"),
        echoed("AT+HTTPCERTIFI?", "+HTTPCERTIFI:1,5,ab\r\nc\r\nOK\r\n")
    );
    assert!(b.cmd("AT+HTTPACTION=0").contains("HTTP/1.1 200 OK"));
    b.cmd("AT+HTTPPARA=\"http://site.invalid/\",80,0,0");
    assert_eq!(
        b.cmd("AT+HTTPACTION=0"),
        echoed("AT+HTTPACTION=0", "ERROR=201\r\n")
    );
}
