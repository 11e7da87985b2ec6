//! The framer under hostile bytes, cut into reads anywhere, with mode switches between reads.
//!
//! The input is a program: each control byte picks an operation; a push takes the next
//! `(c >> 3) + 1` bytes. Checked besides "no panic": every push is drained in bounded steps and
//! the framer is lossless (the frames' raw bytes, then what is pending, are the input).

use ct11_configurator::at::framer::Framer;

fn run(data: &[u8]) {
    let mut framer = Framer::new();
    let mut fed: Vec<u8> = Vec::new();
    let mut out: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        i += 1;
        match c & 7 {
            0..=2 => {
                let n = usize::from(c >> 3) + 1;
                let end = (i + n).min(data.len());
                framer.push(&data[i..end]);
                fed.extend_from_slice(&data[i..end]);
                i = end;
            }
            3 => framer.expect_prompt(c & 8 != 0),
            4 => framer.set_raw(c & 8 != 0),
            5 => framer.expect_echo(match c >> 3 {
                0 => None,
                1 => Some("AT"),
                2 => Some("AT+CSQ"),
                3 => Some("AT+HTTPACTION=0"),
                _ => Some("AT+QMTCFG?"),
            }),
            6 => {
                // What a mode switch hands over: it counts as consumed.
                out.extend(framer.take_pending());
            }
            _ => {}
        }
        // Each frame consumes at least one byte, so this bound is never reached by a framer
        // that makes progress.
        let mut steps = 0usize;
        while let Some(f) = framer.next_frame() {
            out.extend_from_slice(&f.raw);
            steps += 1;
            assert!(steps <= fed.len() + 2, "the framer does not make progress");
        }
    }
    out.extend_from_slice(framer.pending());
    assert_eq!(out, fed, "the framer lost or invented bytes");
}

fn main() {
    afl::fuzz!(|data: &[u8]| run(data));
}
