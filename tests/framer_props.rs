//! Properties of the framer over arbitrary bytes, read boundaries and mode switches.
//!
//! 1. It never panics, and it is lossless: the `raw` of every frame, then what `take_pending`
//!    returned, then `pending()`, is the input byte for byte, at every step.
//! 2. Without a prompt expectation and without mode switches between reads, the sequence of
//!    frame kinds does not depend on how the input is cut into reads, with one exception:
//!    - `Body` chunks follow the read boundaries (a body is emitted as it arrives), so
//!      consecutive `Body` frames are compared joined.
//!
//!    Not covered, by design: with a prompt expectation, a `>>` split between reads is one
//!    `Prompt(Single)` (the `>` is emitted at once) instead of `Prompt(Double)`; in raw mode the
//!    `Data` chunks follow the read boundaries (property 3 covers their content).
//! 3. In raw mode from the start, the `Data` frames carry exactly the input.

use ct11_configurator::at::frame::{Frame, FrameKind};
use ct11_configurator::at::framer::Framer;
use proptest::prelude::*;

/// Pieces that reach every path of the framer more often than uniform random bytes would.
fn token() -> impl Strategy<Value = Vec<u8>> {
    let fixed: Vec<&'static [u8]> = vec![
        b"\r",
        b"\n",
        b"\r\n",
        b"\n\r",
        b">",
        b">>",
        b" ",
        b"OK",
        b"AT",
        b"AT+CSQ",
        b"ERROR=103",
        b"+CME ERROR: 10",
        b"+CSQ: 15,99",
        b"RDY",
        b"CONNECT,ID:3",
        b"MQTTCONNECT",
        b"$HTTPRECV:DATA,3",
        b"$HTTPRECV:DATA,0",
        b"HTTP/1.1 200 OK",
        b"\x00",
        b"\xFF",
        b"\x7F",
        "+QICCID：OK".as_bytes(),
        "中".as_bytes(),
        b"\xE4",
    ];
    prop_oneof![
        3 => proptest::sample::select(fixed).prop_map(<[u8]>::to_vec),
        1 => proptest::collection::vec(any::<u8>(), 1..8),
    ]
}

fn input() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(token(), 0..40).prop_map(|t| t.concat())
}

/// Cut `input` into reads of the given sizes (the last read takes the rest).
fn cut<'a>(input: &'a [u8], sizes: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = input;
    for &size in sizes {
        if rest.is_empty() {
            break;
        }
        let (a, b) = rest.split_at(size.min(rest.len()));
        out.push(a);
        rest = b;
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

#[derive(Clone, Debug)]
enum Op {
    Echo(Option<&'static str>),
    Prompt(bool),
    Raw(bool),
    Reset,
    TakePending,
    /// Take at most this many frames (the caller may be slow to drain).
    Drain(usize),
    DrainAll,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        proptest::option::of(proptest::sample::select(vec!["AT", "AT+CSQ", "OK"]))
            .prop_map(Op::Echo),
        any::<bool>().prop_map(Op::Prompt),
        any::<bool>().prop_map(Op::Raw),
        Just(Op::Reset),
        Just(Op::TakePending),
        (0usize..3).prop_map(Op::Drain),
        Just(Op::DrainAll),
        Just(Op::DrainAll),
    ]
}

/// Feed the reads, draining fully after each; return the frames.
fn frames_of(reads: &[&[u8]], setup: impl FnOnce(&mut Framer)) -> Vec<Frame> {
    let mut framer = Framer::new();
    setup(&mut framer);
    let mut frames = Vec::new();
    for read in reads {
        framer.push(read);
        frames.extend(std::iter::from_fn(|| framer.next_frame()));
    }
    frames
}

/// Kinds with consecutive `Body` chunks joined.
fn joined_kinds(frames: &[Frame]) -> Vec<FrameKind> {
    let mut out: Vec<FrameKind> = Vec::new();
    for frame in frames {
        match (out.last_mut(), &frame.kind) {
            (Some(FrameKind::Body(prev)), FrameKind::Body(more)) => prev.extend_from_slice(more),
            (_, kind) => out.push(kind.clone()),
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn lossless_and_panic_free_under_any_reads_and_switches(
        input in input(),
        sizes in proptest::collection::vec(0usize..12, 0..40),
        ops in proptest::collection::vec(proptest::collection::vec(op(), 0..3), 0..40),
    ) {
        let reads = cut(&input, &sizes);
        let mut framer = Framer::new();
        let mut out: Vec<u8> = Vec::new();
        let mut fed: Vec<u8> = Vec::new();
        for (i, read) in reads.iter().enumerate() {
            framer.push(read);
            fed.extend_from_slice(read);
            for op in ops.get(i).into_iter().flatten() {
                match op {
                    Op::Echo(line) => framer.expect_echo(*line),
                    Op::Prompt(on) => framer.expect_prompt(*on),
                    Op::Raw(on) => framer.set_raw(*on),
                    Op::Reset => framer.reset(),
                    Op::TakePending => out.extend(framer.take_pending()),
                    Op::Drain(n) => {
                        for _ in 0..*n {
                            if let Some(frame) = framer.next_frame() {
                                out.extend_from_slice(&frame.raw);
                            }
                        }
                    }
                    Op::DrainAll => {
                        while let Some(frame) = framer.next_frame() {
                            out.extend_from_slice(&frame.raw);
                        }
                    }
                }
                let mut rebuilt = out.clone();
                rebuilt.extend_from_slice(framer.pending());
                prop_assert_eq!(&rebuilt, &fed);
            }
        }
        while let Some(frame) = framer.next_frame() {
            prop_assert!(!frame.raw.is_empty(), "a frame always consumes bytes");
            out.extend_from_slice(&frame.raw);
        }
        out.extend_from_slice(framer.pending());
        prop_assert_eq!(out, input);
    }

    #[test]
    fn kinds_do_not_depend_on_read_boundaries(
        input in input(),
        sizes in proptest::collection::vec(1usize..12, 0..60),
        echo in proptest::option::of(proptest::sample::select(vec!["AT", "AT+CSQ", "RDY"])),
    ) {
        let setup = |f: &mut Framer| f.expect_echo(echo);
        let once = frames_of(&[&input], setup);
        let chunked = frames_of(&cut(&input, &sizes), setup);
        let bytewise = frames_of(&input.chunks(1).collect::<Vec<_>>(), setup);
        prop_assert_eq!(joined_kinds(&once), joined_kinds(&chunked));
        prop_assert_eq!(joined_kinds(&once), joined_kinds(&bytewise));
    }

    #[test]
    fn raw_mode_data_is_the_input(
        input in input(),
        sizes in proptest::collection::vec(1usize..12, 0..60),
    ) {
        let frames = frames_of(&cut(&input, &sizes), |f| f.set_raw(true));
        let mut data = Vec::new();
        for frame in &frames {
            match &frame.kind {
                FrameKind::Data(bytes) => {
                    prop_assert!(!bytes.is_empty());
                    prop_assert_eq!(bytes, &frame.raw);
                    data.extend_from_slice(bytes);
                }
                other => prop_assert!(false, "not data: {:?}", other),
            }
        }
        prop_assert_eq!(data, input);
    }
}
