//! Data the module received from the network and printed: MQTT messages on its subscriptions
//! (`+QMTRECV:<topic>,<len>,<payload>`) and data on a TCP/UDP link in AT mode
//! (`+RECEIVE,<link>,<len>:` then the bytes). The manual does not give these formats (the spec
//! digest says so); these are the ones the simulated module prints, with the topic quoted or
//! not, as the two dialects of the manual quote other fields.
//!
//! A payload may hold CR, LF or anything else, so it cannot be read line by line: the
//! [`RecvScanner`] reads the raw byte stream (every received frame's `raw`, in order, which is
//! exactly what arrived) and takes each payload by its announced length. Only a line that
//! starts with one of the headers is looked at; any other line is skipped up to its end. An HTTP
//! body (`$HTTPRECV:DATA,<len>`) is skipped by its length, so a body line that happens to start
//! with `+RECEIVE,` is not taken for socket data. Pure: no I/O, no clock.

/// One piece of data the module received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Received {
    /// A message on one of the module's MQTT subscriptions.
    Mqtt {
        /// The topic it was published to.
        topic: String,
        payload: Vec<u8>,
    },
    /// Data from the server of a TCP/UDP link in AT mode.
    Socket {
        /// The module's link number.
        link: u8,
        data: Vec<u8>,
    },
}

/// The longest header line looked at; a longer line is not a header (an MQTT topic the module
/// takes is at most 256 bytes).
const MAX_HEADER: usize = 600;

/// The largest payload a header may announce. A larger number is taken for garbage, not a
/// header: the module takes at most 2048 bytes a message, and a socket read is far smaller.
pub const MAX_PAYLOAD: usize = 64 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum State {
    /// At the start of a line, or inside one that may still be a header (its bytes so far).
    #[default]
    Line,
    /// Inside a line that is not a header: skip to its end.
    Skip,
    /// After `+RECEIVE,<link>,<len>:`: one line ending may come before the data (`cr`: its CR
    /// came).
    SocketGap { link: u8, len: usize, cr: bool },
    /// Taking a payload's bytes.
    Payload { what: Target, left: usize },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    Mqtt(String),
    Socket(u8),
    /// An HTTP body: skipped.
    Body,
}

/// What a header line holds so far.
#[derive(Debug, PartialEq, Eq)]
enum Header {
    /// Could still become a header.
    Incomplete,
    /// Cannot be one.
    No,
    /// A complete header: the payload starts with the next byte.
    Mqtt(String, usize),
    Socket(u8, usize),
    /// `$HTTPRECV:DATA,<len>`, complete at its line ending.
    Body(usize),
}

/// Finds received MQTT messages and socket data in the byte stream. Feed it every received
/// byte, in order, in pieces of any size.
#[derive(Debug, Default)]
pub struct RecvScanner {
    state: State,
    line: Vec<u8>,
    payload: Vec<u8>,
}

impl RecvScanner {
    pub fn new() -> Self {
        Self::default()
    }

    /// Take `bytes` in; every message completed by them is appended to `out`.
    pub fn push(&mut self, bytes: &[u8], out: &mut Vec<Received>) {
        let mut i = 0;
        while i < bytes.len() {
            match &mut self.state {
                State::Skip => match bytes[i..].iter().position(|b| *b == b'\r' || *b == b'\n') {
                    Some(p) => {
                        i += p + 1;
                        self.state = State::Line;
                    }
                    None => i = bytes.len(),
                },
                State::Line => {
                    // Only a line ending, `,` or `:` can end or complete a header, so the bytes
                    // between them are taken as one run and the header looked at once per run,
                    // not once per byte (a flood of `+QMTRECV:` lines made that quadratic scan
                    // the window's heaviest work). A line that cannot start a header is
                    // skipped at its first byte.
                    if self.line.is_empty() && !matches!(bytes[i], b'+' | b'$' | b'\r' | b'\n') {
                        self.state = State::Skip;
                        continue;
                    }
                    let run = bytes[i..]
                        .iter()
                        .position(|b| matches!(b, b'\r' | b'\n' | b',' | b':'))
                        .unwrap_or(bytes.len() - i);
                    if run > 0 {
                        let room = (MAX_HEADER + 1).saturating_sub(self.line.len());
                        self.line.extend_from_slice(&bytes[i..i + run.min(room)]);
                        i += run;
                        if self.line.len() > MAX_HEADER {
                            self.line.clear();
                            self.state = State::Skip;
                        }
                        continue;
                    }
                    let b = bytes[i];
                    i += 1;
                    if b == b'\r' || b == b'\n' {
                        let header = parse_header(&self.line, true);
                        self.line.clear();
                        if let Header::Body(len) = header {
                            self.start_payload(Target::Body, len, out);
                        }
                        continue;
                    }
                    self.line.push(b);
                    match parse_header(&self.line, false) {
                        Header::Incomplete | Header::Body(_) => {}
                        Header::No => {
                            self.line.clear();
                            self.state = State::Skip;
                        }
                        Header::Mqtt(topic, len) => {
                            self.line.clear();
                            self.start_payload(Target::Mqtt(topic), len, out);
                        }
                        Header::Socket(link, len) => {
                            self.line.clear();
                            self.state = State::SocketGap {
                                link,
                                len,
                                cr: false,
                            };
                        }
                    }
                }
                State::SocketGap { link, len, cr } => {
                    // `+RECEIVE,3,5:\r\n` then the data: one CR, LF or CRLF is the separator.
                    let (link, len, cr) = (*link, *len, *cr);
                    match bytes[i] {
                        b'\r' if !cr => {
                            i += 1;
                            self.state = State::SocketGap {
                                link,
                                len,
                                cr: true,
                            };
                            continue;
                        }
                        b'\n' => i += 1,
                        _ => {}
                    }
                    self.start_payload(Target::Socket(link), len, out);
                }
                State::Payload { left, .. } => {
                    let take = (*left).min(bytes.len() - i);
                    self.payload.extend_from_slice(&bytes[i..i + take]);
                    *left -= take;
                    i += take;
                    if *left == 0 {
                        self.finish(out);
                    }
                }
            }
        }
    }

    fn start_payload(&mut self, what: Target, len: usize, out: &mut Vec<Received>) {
        self.payload.clear();
        self.state = State::Payload { what, left: len };
        if len == 0 {
            self.finish(out);
        }
    }

    fn finish(&mut self, out: &mut Vec<Received>) {
        let state = std::mem::take(&mut self.state);
        let data = std::mem::take(&mut self.payload);
        match state {
            State::Payload {
                what: Target::Mqtt(topic),
                ..
            } => out.push(Received::Mqtt {
                topic,
                payload: data,
            }),
            State::Payload {
                what: Target::Socket(link),
                ..
            } => out.push(Received::Socket { link, data }),
            _ => {}
        }
        // A payload is followed by its line ending, which then ends an empty line.
        self.state = State::Line;
    }

    /// Start afresh (the module restarted, or the port was reopened): a message cut off by it
    /// is dropped.
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

const MQTT: &[u8] = b"+QMTRECV";
const SOCKET: &[u8] = b"+RECEIVE";
const BODY: &[u8] = b"$HTTPRECV";

/// Whether `line` is (a prefix of) a header. `ended`: the line ending came (only a body header
/// completes there; the others complete at their last separator).
fn parse_header(line: &[u8], ended: bool) -> Header {
    for prefix in [MQTT, SOCKET, BODY] {
        let n = line.len().min(prefix.len());
        if line[..n] != prefix[..n] {
            continue;
        }
        if line.len() <= prefix.len() {
            return Header::Incomplete;
        }
        let rest = &line[prefix.len()..];
        let h = match prefix {
            MQTT => mqtt_header(rest),
            SOCKET => socket_header(rest),
            _ => body_header(rest, ended),
        };
        return match h {
            Header::Incomplete if line.len() > MAX_HEADER => Header::No,
            h => h,
        };
    }
    Header::No
}

/// After `+QMTRECV`: `:` (or `：`, spaces allowed), the topic (quoted or not), `,<len>,`.
fn mqtt_header(rest: &[u8]) -> Header {
    let Some(rest) = after_separator(rest, b':') else {
        return incomplete_or_no(rest, b':');
    };
    let rest = trim_start(rest);
    if rest.is_empty() {
        return Header::Incomplete;
    }
    let (topic, rest) = if rest[0] == b'"' {
        match rest[1..].iter().position(|b| *b == b'"') {
            Some(end) => {
                let topic = &rest[1..=end];
                let after = trim_start(&rest[end + 2..]);
                match after.first() {
                    None => return Header::Incomplete,
                    Some(b',') => (topic, &after[1..]),
                    Some(_) => return Header::No,
                }
            }
            None => return Header::Incomplete,
        }
    } else {
        // Unquoted: the topic ends at the first `,<digits>,`.
        let mut from = 0;
        loop {
            let Some(c) = rest[from..].iter().position(|b| *b == b',') else {
                return Header::Incomplete;
            };
            let comma = from + c;
            match length_then(&rest[comma + 1..], b',') {
                Length::Done(len, _) => return mqtt_done(&rest[..comma], len),
                Length::Incomplete => return Header::Incomplete,
                Length::No => from = comma + 1,
            }
        }
    };
    match length_then(rest, b',') {
        Length::Done(len, _) => mqtt_done(topic, len),
        Length::Incomplete => Header::Incomplete,
        Length::No => Header::No,
    }
}

fn mqtt_done(topic: &[u8], len: usize) -> Header {
    if topic.is_empty() || len > MAX_PAYLOAD {
        return Header::No;
    }
    match std::str::from_utf8(topic) {
        Ok(t) => Header::Mqtt(t.to_string(), len),
        Err(_) => Header::No,
    }
}

/// After `+RECEIVE`: `,<link>,<len>:`.
fn socket_header(rest: &[u8]) -> Header {
    let rest = trim_start(rest);
    let Some((&first, rest)) = rest.split_first() else {
        return Header::Incomplete;
    };
    if first != b',' {
        return Header::No;
    }
    let (link, rest) = match length_then(rest, b',') {
        Length::Done(link, used) => (link, &rest[used..]),
        Length::Incomplete => return Header::Incomplete,
        Length::No => return Header::No,
    };
    let Ok(link) = u8::try_from(link) else {
        return Header::No;
    };
    match length_then(rest, b':') {
        Length::Done(len, _) if len <= MAX_PAYLOAD => Header::Socket(link, len),
        Length::Incomplete => Header::Incomplete,
        _ => Header::No,
    }
}

/// After `$HTTPRECV`: `:DATA,<len>` and the line ending.
fn body_header(rest: &[u8], ended: bool) -> Header {
    let Some(rest) = after_separator(rest, b':') else {
        return incomplete_or_no(rest, b':');
    };
    let rest = trim_start(rest);
    let word = b"DATA,";
    let n = rest.len().min(word.len());
    if rest[..n] != word[..n] {
        return Header::No;
    }
    if rest.len() <= word.len() {
        return Header::Incomplete;
    }
    let digits = trim_end(&rest[word.len()..]);
    if !digits.iter().all(u8::is_ascii_digit) {
        return Header::No;
    }
    if !ended {
        return Header::Incomplete;
    }
    match std::str::from_utf8(digits)
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(len) if len <= MAX_PAYLOAD => Header::Body(len),
        _ => Header::No,
    }
}

enum Length {
    /// The number and how many bytes it took with its terminator.
    Done(usize, usize),
    Incomplete,
    No,
}

/// Digits (spaces around allowed) then `end`.
fn length_then(s: &[u8], end: u8) -> Length {
    let lead = s.len() - trim_start(s).len();
    let digits = s[lead..].iter().take_while(|b| b.is_ascii_digit()).count();
    let after = lead + digits;
    let rest = trim_start(&s[after..]);
    let spaces = s.len() - after - rest.len();
    match rest.first() {
        None => {
            if digits > 6 {
                Length::No
            } else {
                Length::Incomplete
            }
        }
        Some(b) if *b == end && digits > 0 && digits <= 6 => {
            let n = std::str::from_utf8(&s[lead..after])
                .ok()
                .and_then(|t| t.parse().ok());
            match n {
                Some(n) => Length::Done(n, after + spaces + 1),
                None => Length::No,
            }
        }
        Some(_) => Length::No,
    }
}

/// The bytes after `sep` (ASCII, or its full-width form for `:`), spaces before it allowed.
fn after_separator(s: &[u8], sep: u8) -> Option<&[u8]> {
    let s = trim_start(s);
    if s.first() == Some(&sep) {
        return Some(&s[1..]);
    }
    if sep == b':' {
        return s.strip_prefix("：".as_bytes());
    }
    None
}

/// Whether `s` may still become `sep` (or `：`) after more bytes.
fn incomplete_or_no(s: &[u8], sep: u8) -> Header {
    let s = trim_start(s);
    let wide = "：".as_bytes();
    if s.is_empty() || (sep == b':' && s.len() < wide.len() && wide.starts_with(s)) {
        Header::Incomplete
    } else {
        Header::No
    }
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| **b == b' ').count();
    &s[n..]
}

fn trim_end(s: &[u8]) -> &[u8] {
    let n = s.iter().rev().take_while(|b| **b == b' ').count();
    &s[..s.len() - n]
}

/// Whether an MQTT topic filter (with `+` and `#` wildcards) matches a topic.
pub fn topic_matches(filter: &str, topic: &str) -> bool {
    let mut f = filter.split('/');
    let mut t = topic.split('/');
    loop {
        match (f.next(), t.next()) {
            (Some("#"), _) => return true,
            (Some("+"), Some(_)) => {}
            (Some(a), Some(b)) if a == b => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mqtt(topic: &str, payload: &[u8]) -> Received {
        Received::Mqtt {
            topic: topic.into(),
            payload: payload.to_vec(),
        }
    }

    fn socket(link: u8, data: &[u8]) -> Received {
        Received::Socket {
            link,
            data: data.to_vec(),
        }
    }

    /// Feed `input` whole, byte by byte, and split at every position: the same messages.
    fn every_way(input: &[u8]) -> Vec<Received> {
        let mut s = RecvScanner::new();
        let mut whole = Vec::new();
        s.push(input, &mut whole);
        let mut s = RecvScanner::new();
        let mut bytewise = Vec::new();
        for b in input {
            s.push(&[*b], &mut bytewise);
        }
        assert_eq!(
            whole,
            bytewise,
            "byte by byte: {:?}",
            String::from_utf8_lossy(input)
        );
        for cut in 0..=input.len() {
            let mut s = RecvScanner::new();
            let mut out = Vec::new();
            s.push(&input[..cut], &mut out);
            s.push(&input[cut..], &mut out);
            assert_eq!(
                whole,
                out,
                "cut at {cut}: {:?}",
                String::from_utf8_lossy(input)
            );
        }
        whole
    }

    #[test]
    fn mqtt_messages_both_dialects() {
        let table: [(&[u8], Vec<Received>); 7] = [
            (
                b"+QMTRECV:TTT,8,12345678\r\n",
                vec![mqtt("TTT", b"12345678")],
            ),
            (
                b"+QMTRECV:\"TTT\",8,12345678\r\n",
                vec![mqtt("TTT", b"12345678")],
            ),
            (b"+QMTRECV: \"a/b\" , 3 ,xyz\r\n", vec![mqtt("a/b", b"xyz")]),
            ("+QMTRECV：t,2,ok\r\n".as_bytes(), vec![mqtt("t", b"ok")]),
            (b"+QMTRECV:t,0,\r\n", vec![mqtt("t", b"")]),
            // A payload with line breaks, quotes and commas is taken by its length.
            (
                b"+QMTRECV:t,14,a\r\nb,\"c\"\r\nOK\r\n\r\n",
                vec![mqtt("t", b"a\r\nb,\"c\"\r\nOK\r\n")],
            ),
            // An unquoted topic with a comma: the first `,<digits>,` ends it.
            (b"+QMTRECV:a,b,2,hi\r\n", vec![mqtt("a,b", b"hi")]),
        ];
        for (input, expected) in table {
            assert_eq!(
                every_way(input),
                expected,
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn socket_data_as_the_simulated_module_prints_it() {
        let table: [(&[u8], Vec<Received>); 5] = [
            (
                b"+RECEIVE,3,10:\r\n1234567890\r\n",
                vec![socket(3, b"1234567890")],
            ),
            (b"+RECEIVE,3,4:\nab\r\n\r\n", vec![socket(3, b"ab\r\n")]),
            (b"+RECEIVE,4,3:abc\r\n", vec![socket(4, b"abc")]),
            (
                b"+RECEIVE, 5 , 2 :\r\n\x00\xff\r\n",
                vec![socket(5, b"\x00\xff")],
            ),
            (
                "+RECEIVE,3,8:\r\n中文\r\n\r\n".as_bytes(),
                vec![socket(3, "中文\r\n".as_bytes())],
            ),
        ];
        for (input, expected) in table {
            assert_eq!(
                every_way(input),
                expected,
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn among_answers_and_other_lines() {
        let input = b"AT+QMTPUB=\"TTT\",0,0,\"x\"\r\nOK\r\n+QMTRECV:TTT,1,x\r\n+CSQ: 15,99\r\n\
            OK\r\nRDY\r\n+RECEIVE,3,2:\r\nhi\r\nSEND OK\r\n+QMTRECV:TTT,2,yz\r\n";
        assert_eq!(
            every_way(input),
            vec![mqtt("TTT", b"x"), socket(3, b"hi"), mqtt("TTT", b"yz")]
        );
    }

    #[test]
    fn lookalikes_are_not_messages() {
        for input in [
            &b"+QMTRECVX:t,1,a\r\n"[..],
            b"x+QMTRECV:t,1,a\r\n",
            b"+QMTRECV:t,a,b\r\n",
            b"+QMTRECV:,1,a\r\n",
            b"+RECEIVE:3,1:a\r\n",
            b"+RECEIVE,300,1:a\r\n",
            b"+RECEIVE,3,9999999:a\r\n",
            b"+QMTRECV:t,70000,a\r\n",
            b"+QMTSUB:TTT,0\r\n",
            b"AT+QMTRECV:t,1,a\r\n",
        ] {
            assert_eq!(
                every_way(input),
                vec![],
                "{:?}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn an_http_body_is_skipped_by_its_length() {
        let input =
            b"HTTP/1.1 200 OK\r\n\r\n$HTTPRECV:DATA,20\r\n+RECEIVE,3,2:\r\nab\r\n\r\nOK\r\n\
            +RECEIVE,3,2:\r\ncd\r\n";
        assert_eq!(every_way(input), vec![socket(3, b"cd")]);
    }

    #[test]
    fn a_long_line_is_not_kept() {
        let mut s = RecvScanner::new();
        let mut out = Vec::new();
        let mut line = b"+QMTRECV:".to_vec();
        line.extend(std::iter::repeat_n(b'a', 10_000));
        s.push(&line, &mut out);
        assert!(s.line.len() <= MAX_HEADER + 1, "{}", s.line.len());
        s.push(b"\r\n+QMTRECV:t,1,z\r\n", &mut out);
        assert_eq!(out, vec![mqtt("t", b"z")]);
    }

    /// Seeded random sessions: messages (both dialects, payloads holding line breaks, commas
    /// and header lookalikes) among lines that only look like them, HTTP bodies and answers.
    /// Every message is found, nothing else is, however the stream is cut.
    #[test]
    fn random_sessions_find_exactly_the_messages() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        const NOISE: [&str; 9] = [
            "+CSQ: 21,99\r\n",
            "OK\r\n",
            "+QMTRECVX,1,2,\r\n",
            "+RECEIVE;1,2:\r\n",
            "+QMTRECV: t,abc,\r\n",
            "$HTTPRECV:DATA,12\r\n+RECEIVE,1,\r\n\r\nOK\r\n",
            "hello, world: 1,2,\r\n",
            "+QMTSTAT: 0,1\r\n",
            "\r\n",
        ];
        const PAYLOADS: [&[u8]; 5] = [b"x", b"a,b:c", b"+QMTRECV:t,1,z", b"l1\r\nl2", b""];
        for _ in 0..300 {
            let mut input = Vec::new();
            let mut want = Vec::new();
            for _ in 0..1 + next(6) {
                let payload = PAYLOADS[next(PAYLOADS.len())];
                match next(4) {
                    0 | 1 => input.extend_from_slice(NOISE[next(NOISE.len())].as_bytes()),
                    2 => {
                        // Unquoted, a topic holding `,<digits>,` would be ambiguous.
                        let (topic, quoted) =
                            [("t", false), ("a/b", false), ("x,1,y", true)][next(3)];
                        let head = match (next(3), quoted) {
                            (0, _) | (1, true) => {
                                format!("+QMTRECV:\"{topic}\",{},", payload.len())
                            }
                            (1, false) => format!("+QMTRECV: {topic},{},", payload.len()),
                            _ => format!("+QMTRECV：\"{topic}\", {} ,", payload.len()),
                        };
                        input.extend_from_slice(head.as_bytes());
                        input.extend_from_slice(payload);
                        input.extend_from_slice(b"\r\n");
                        want.push(mqtt(topic, payload));
                    }
                    _ => {
                        let link = next(6) as u8;
                        let gap = ["", "\r\n", "\n"][next(3)];
                        let head = format!("+RECEIVE,{link},{}:{gap}", payload.len());
                        input.extend_from_slice(head.as_bytes());
                        input.extend_from_slice(payload);
                        input.extend_from_slice(b"\r\n");
                        want.push(socket(link, payload));
                    }
                }
            }
            assert_eq!(
                every_way(&input),
                want,
                "{:?}",
                String::from_utf8_lossy(&input)
            );
        }
    }

    #[test]
    fn reset_drops_a_cut_message() {
        let mut s = RecvScanner::new();
        let mut out = Vec::new();
        s.push(b"+QMTRECV:t,5,ab", &mut out);
        s.reset();
        s.push(b"RDY\r\n+QMTRECV:t,1,c\r\n", &mut out);
        assert_eq!(out, vec![mqtt("t", b"c")]);
    }

    #[test]
    fn topic_filters() {
        for (f, t, m) in [
            ("a/b", "a/b", true),
            ("a/+", "a/b", true),
            ("a/+", "a/b/c", false),
            ("a/#", "a/b/c", true),
            ("#", "x", true),
            ("a/b", "a/c", false),
            ("+/+", "a", false),
        ] {
            assert_eq!(topic_matches(f, t), m, "{f} {t}");
        }
    }
}
