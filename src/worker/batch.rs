//! Received frames handed over in batches: one [`Event::Received`](super::Event::Received) per
//! read (or, while the caller is behind, per megabyte of reads merged into one), never one event
//! per line.
//!
//! Why: a pseudo-terminal (or a fast USB adapter) can deliver a million lines faster than the
//! UI draws two frames. One event per line, each with its own byte vector and parsed fields,
//! held between two frames, took 300–400 MiB. A batch keeps the bytes of all its frames in one
//! buffer and 8 bytes of bookkeeping per frame; a frame's meaning ([`FrameKind`]) is rebuilt from
//! its bytes when asked for. Only the kinds that cannot be rebuilt from the bytes alone (the echo
//! of a command, unsolicited lines, which are rare) keep their parsed form.
//!
//! Rebuilding is exact: [`RxBatch::push`] checks it in debug builds, and the tests below cover
//! the line endings, stray bytes and prompt remnants a frame can carry.

use super::event::RxLine;
use crate::at::urc::Urc;
use crate::at::{Frame, FrameKind, Prompt};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

/// What kind of frame a batch line is, without its parsed content (the log needs only this).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RxClass {
    Echo,
    Info,
    Ok,
    Error,
    Prompt,
    Urc,
    Body,
    Data,
    Blank,
}

impl RxClass {
    /// The class of a parsed frame.
    pub fn of(kind: &FrameKind) -> RxClass {
        match kind {
            FrameKind::Echo(_) => RxClass::Echo,
            FrameKind::Info { .. } => RxClass::Info,
            FrameKind::Ok => RxClass::Ok,
            FrameKind::Error(_) => RxClass::Error,
            FrameKind::Prompt(_) => RxClass::Prompt,
            FrameKind::Urc(_) => RxClass::Urc,
            FrameKind::Body(_) => RxClass::Body,
            FrameKind::Data(_) => RxClass::Data,
            FrameKind::Blank => RxClass::Blank,
        }
    }
}

/// How a frame's kind is recovered from its bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rebuild {
    Ok,
    Blank,
    PromptSingle,
    PromptDouble,
    /// `Data` / `Body` of the bytes between `skip` and `tail`.
    Data,
    Body,
    /// `FrameKind::from_line` of the line's text (`Info` and `Error` lines).
    Line,
    /// Kept parsed in `kept` (echo, unsolicited lines, anything that does not rebuild).
    Kept,
}

/// Bookkeeping for one frame: 8 bytes.
#[derive(Clone, Copy, Debug)]
struct Piece {
    /// End of the frame's bytes in `bytes`.
    end: u32,
    /// For `Data`/`Body`: bytes before and after the content (line ending, a folded CR/LF or
    /// prompt remnant).
    skip: u8,
    tail: u8,
    rebuild: Rebuild,
    /// Class and "unsolicited" packed: bit 7 unsolicited, low bits the class.
    class: u8,
}

const CLASSES: [RxClass; 9] = [
    RxClass::Echo,
    RxClass::Info,
    RxClass::Ok,
    RxClass::Error,
    RxClass::Prompt,
    RxClass::Urc,
    RxClass::Body,
    RxClass::Data,
    RxClass::Blank,
];
const UNSOLICITED: u8 = 0x80;

/// Received frames, in order, compactly. Concatenating every line's `raw` gives the received
/// bytes exactly.
#[derive(Clone, Debug, Default)]
pub struct RxBatch {
    bytes: Vec<u8>,
    pieces: Vec<Piece>,
    /// (first line, time of its read), in order: lines from one read share its time.
    times: Vec<(u32, SystemTime)>,
    /// Kinds kept parsed, by line index, in order.
    kept: Vec<(u32, FrameKind)>,
    /// This batch's memory, counted in the worker's [`Held`] total until the batch is dropped.
    held: Ticket,
}

/// The memory of received batches on their way to the caller (in the channel, in the
/// worker's backlog, in the caller's hands until it drops them): one count shared by the
/// worker, which stops reading the port above a limit, and the caller, which drains faster
/// while it is high.
#[derive(Clone, Debug, Default)]
pub struct Held(Arc<AtomicUsize>);

impl Held {
    /// Bytes held now.
    pub fn bytes(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

/// A batch's share of [`Held`]: added when the worker hands the batch on, taken away when the
/// batch is dropped. A clone holds nothing (the count is of the original's memory).
#[derive(Debug, Default)]
struct Ticket(Option<(Arc<AtomicUsize>, usize)>);

impl Clone for Ticket {
    fn clone(&self) -> Self {
        Ticket(None)
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if let Some((count, n)) = self.0.take() {
            count.fetch_sub(n, Ordering::Relaxed);
        }
    }
}

/// One line of a batch, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct RxRef<'a> {
    batch: &'a RxBatch,
    index: usize,
    /// When it was read.
    pub at: SystemTime,
    /// Exactly the bytes received.
    pub raw: &'a [u8],
    /// Not part of any command's answer.
    pub unsolicited: bool,
    /// What kind of frame it is.
    pub class: RxClass,
}

impl RxBatch {
    /// Number of frames.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Number of received bytes it holds.
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }

    /// The memory this batch holds (its buffers' capacity), as counted in [`Held`].
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
            + self.pieces.capacity() * std::mem::size_of::<Piece>()
            + self.times.capacity() * std::mem::size_of::<(u32, SystemTime)>()
            + self.kept.capacity() * std::mem::size_of::<(u32, FrameKind)>()
    }

    /// Count this batch in `held` until it is dropped (again: its growth since last counted).
    pub fn hold(&mut self, held: &Held) {
        let now = self.heap_bytes();
        match &mut self.held.0 {
            Some((count, n)) => {
                count.fetch_add(now.saturating_sub(*n), Ordering::Relaxed);
                *n = (*n).max(now);
            }
            None => {
                held.0.fetch_add(now, Ordering::Relaxed);
                self.held.0 = Some((held.0.clone(), now));
            }
        }
    }

    /// Whether `more` bytes still fit (offsets are 32-bit).
    pub fn has_room(&self, more: usize) -> bool {
        self.bytes.len().saturating_add(more) <= u32::MAX as usize
    }

    /// Add a frame read at `at`. Returns false (and adds nothing) if the batch is full
    /// (4 GiB): start a new one.
    pub fn push(
        &mut self,
        at: SystemTime,
        kind: &FrameKind,
        raw: &[u8],
        unsolicited: bool,
    ) -> bool {
        if !self.has_room(raw.len()) {
            return false;
        }
        let index = self.pieces.len() as u32;
        if self.times.last().is_none_or(|&(_, t)| t != at) {
            self.times.push((index, at));
        }
        let class = RxClass::of(kind);
        let (rebuild, skip, tail) = plan(kind, raw);
        self.bytes.extend_from_slice(raw);
        self.pieces.push(Piece {
            end: self.bytes.len() as u32,
            skip,
            tail,
            rebuild,
            class: class_code(class) | if unsolicited { UNSOLICITED } else { 0 },
        });
        if rebuild == Rebuild::Kept {
            self.kept.push((index, kind.clone()));
        } else {
            debug_assert_eq!(
                self.kind(self.pieces.len() - 1).as_ref(),
                Some(kind),
                "a batch line must rebuild to the frame it was made from: {raw:?}"
            );
        }
        true
    }

    /// Add every line of `other` after this batch's (merging two batches). Returns `other`
    /// back if the bytes would not fit.
    pub fn append(&mut self, mut other: RxBatch) -> Result<(), RxBatch> {
        if !self.has_room(other.bytes.len()) {
            return Err(other);
        }
        // The other's share of the held memory becomes this one's.
        match (&mut self.held.0, other.held.0.take()) {
            (Some((_, n)), Some((count, m))) => {
                *n += m;
                drop(count);
            }
            (mine @ None, theirs) => *mine = theirs,
            (Some(_), None) => {}
        }
        let base_line = self.pieces.len() as u32;
        let base_byte = self.bytes.len() as u32;
        self.bytes.extend_from_slice(&other.bytes);
        self.pieces.extend(other.pieces.iter().map(|p| Piece {
            end: p.end + base_byte,
            ..*p
        }));
        for (i, t) in other.times {
            if self.times.last().is_none_or(|&(_, last)| last != t) {
                self.times.push((i + base_line, t));
            }
        }
        self.kept
            .extend(other.kept.into_iter().map(|(i, k)| (i + base_line, k)));
        Ok(())
    }

    /// The lines, in order.
    pub fn lines(&self) -> impl Iterator<Item = RxRef<'_>> + '_ {
        let mut time = 0usize;
        (0..self.pieces.len()).map(move |i| {
            while self
                .times
                .get(time + 1)
                .is_some_and(|&(first, _)| first as usize <= i)
            {
                time += 1;
            }
            let at = self
                .times
                .get(time)
                .map_or(SystemTime::UNIX_EPOCH, |&(_, t)| t);
            let p = self.pieces[i];
            RxRef {
                batch: self,
                index: i,
                at,
                raw: self.raw(i),
                unsolicited: p.class & UNSOLICITED != 0,
                class: CLASSES
                    .get(usize::from(p.class & !UNSOLICITED))
                    .copied()
                    .unwrap_or(RxClass::Data),
            }
        })
    }

    /// The unsolicited lines the module printed (every `Urc` frame, in order).
    pub fn urcs(&self) -> impl Iterator<Item = &Urc> + '_ {
        self.kept.iter().filter_map(|(_, k)| match k {
            FrameKind::Urc(u) => Some(u),
            _ => None,
        })
    }

    /// Every line as a full [`RxLine`] (for callers that want one value per frame).
    pub fn to_lines(&self) -> Vec<RxLine> {
        self.lines().map(|l| l.to_line()).collect()
    }

    fn raw(&self, i: usize) -> &[u8] {
        let start = if i == 0 {
            0
        } else {
            self.pieces[i - 1].end as usize
        };
        &self.bytes[start..self.pieces[i].end as usize]
    }

    fn kind(&self, i: usize) -> Option<FrameKind> {
        let p = self.pieces.get(i)?;
        let raw = self.raw(i);
        let content = || &raw[usize::from(p.skip)..raw.len() - usize::from(p.tail)];
        Some(match p.rebuild {
            Rebuild::Ok => FrameKind::Ok,
            Rebuild::Blank => FrameKind::Blank,
            Rebuild::PromptSingle => FrameKind::Prompt(Prompt::Single),
            Rebuild::PromptDouble => FrameKind::Prompt(Prompt::Double),
            Rebuild::Data => FrameKind::Data(content().to_vec()),
            Rebuild::Body => FrameKind::Body(content().to_vec()),
            Rebuild::Line => FrameKind::from_line(line_core(raw)),
            Rebuild::Kept => {
                let at = self
                    .kept
                    .binary_search_by_key(&(i as u32), |(j, _)| *j)
                    .ok()?;
                self.kept[at].1.clone()
            }
        })
    }
}

impl RxRef<'_> {
    /// What the frame means (rebuilt from its bytes, or the kept parsed form).
    pub fn kind(&self) -> FrameKind {
        self.batch
            .kind(self.index)
            .unwrap_or_else(|| FrameKind::Data(self.raw.to_vec()))
    }

    /// The frame as one value.
    pub fn to_line(&self) -> RxLine {
        RxLine {
            at: self.at,
            frame: Frame {
                kind: self.kind(),
                raw: self.raw.to_vec(),
            },
            unsolicited: self.unsolicited,
        }
    }
}

fn class_code(c: RxClass) -> u8 {
    CLASSES.iter().position(|&k| k == c).unwrap_or(7) as u8
}

/// How to store a frame so that its kind can be rebuilt.
fn plan(kind: &FrameKind, raw: &[u8]) -> (Rebuild, u8, u8) {
    let kept = (Rebuild::Kept, 0, 0);
    match kind {
        FrameKind::Ok => (Rebuild::Ok, 0, 0),
        FrameKind::Blank => (Rebuild::Blank, 0, 0),
        FrameKind::Prompt(Prompt::Single) => (Rebuild::PromptSingle, 0, 0),
        FrameKind::Prompt(Prompt::Double) => (Rebuild::PromptDouble, 0, 0),
        FrameKind::Data(v) | FrameKind::Body(v) => {
            let rebuild = if matches!(kind, FrameKind::Data(_)) {
                Rebuild::Data
            } else {
                Rebuild::Body
            };
            // The content sits after at most a few folded bytes (a CR/LF ending the previous
            // frame, a prompt's `>` or space); any position where the bytes match rebuilds
            // the same content.
            let fits = raw.len().checked_sub(v.len()).and_then(|room| {
                (0..=room.min(usize::from(u8::MAX)))
                    .find(|&s| &raw[s..s + v.len()] == v.as_slice())
                    .and_then(|s| Some((u8::try_from(s).ok()?, u8::try_from(room - s).ok()?)))
            });
            match fits {
                Some((skip, tail)) => (rebuild, skip, tail),
                None => kept,
            }
        }
        // Their parsed form depends only on the line's text, which never starts with `>`: the
        // bytes around it (line ending, folded CR/LF, prompt remnant) do not change it.
        FrameKind::Info { .. } | FrameKind::Error(_) => (Rebuild::Line, 0, 0),
        FrameKind::Echo(_) | FrameKind::Urc(_) => kept,
    }
}

/// A line's bytes without its line ending and without what may be folded in front of it (the
/// end of the previous frame's CR/LF, a prompt's `>` and space). What remains classifies as the
/// line itself did ([`FrameKind::from_line`] looks at the trimmed text, which for information
/// and error lines starts with `+` or a letter).
fn line_core(raw: &[u8]) -> &[u8] {
    let end = raw
        .iter()
        .rposition(|&b| b != b'\r' && b != b'\n')
        .map_or(0, |i| i + 1);
    let start = raw[..end]
        .iter()
        .position(|&b| !matches!(b, b'\r' | b'\n' | b'>' | b' '))
        .unwrap_or(end);
    &raw[start..end]
}

/// Whether `line_core` keeps the text the framer classified: used by the tests.
#[cfg(test)]
fn same_text(raw: &[u8], content: &[u8]) -> bool {
    use crate::at::frame::line_text;
    line_text(line_core(raw)) == line_text(content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::at::error_code::ModuleError;
    use crate::at::framer::Framer;

    fn frames(input: &[u8], setup: impl FnOnce(&mut Framer)) -> Vec<Frame> {
        let mut f = Framer::new();
        setup(&mut f);
        let mut out = Vec::new();
        for b in input {
            f.push(std::slice::from_ref(b));
            while let Some(fr) = f.next_frame() {
                out.push(fr);
            }
        }
        out
    }

    fn roundtrip(frames: &[Frame]) {
        let t = SystemTime::now();
        let mut b = RxBatch::default();
        for (i, f) in frames.iter().enumerate() {
            assert!(b.push(t, &f.kind, &f.raw, i % 2 == 0));
        }
        let lines = b.to_lines();
        assert_eq!(lines.len(), frames.len());
        for (i, (l, f)) in lines.iter().zip(frames).enumerate() {
            assert_eq!(&l.frame, f, "line {i}");
            assert_eq!(l.unsolicited, i % 2 == 0);
            assert_eq!(l.at, t);
        }
    }

    #[test]
    fn every_kind_rebuilds_from_its_bytes_across_endings_noise_and_prompts() {
        let input: &[u8] =
            b"\r\nAT+CSQ\r\r\n+CSQ: 15,99\r\n\r\nOK\r\n>>  +QMTRECV: 0,0,\"t\",\"p\"\n\r\
            ERROR=104\r\n\x00\xff+CME ERROR: 10\r\nRDY\r\nplain text\rmore\n\n> \r\n>\
            >\r\n+CSQ\xef\xbc\x9a21,0\r\nSEND OK\r\n\xc3\x28broken\r\n";
        roundtrip(&frames(input, |f| {
            f.expect_echo(Some("AT+CSQ"));
            f.expect_prompt(true);
        }));
        // Whole, not byte by byte: different folds.
        let mut f = Framer::new();
        f.expect_prompt(true);
        f.push(input);
        let mut all = Vec::new();
        while let Some(fr) = f.next_frame() {
            all.push(fr);
        }
        roundtrip(&all);
    }

    #[test]
    fn http_body_and_transparent_data_keep_their_bytes() {
        let mut f = Framer::new();
        f.push(b"$HTTPRECV:DATA,12\r\nhello\r\nworld\r\nOK\r\n");
        let mut all = Vec::new();
        while let Some(fr) = f.next_frame() {
            all.push(fr);
        }
        assert!(all.iter().any(|f| matches!(f.kind, FrameKind::Body(_))));
        roundtrip(&all);
        let raw = frames(b"\r\nany\x00bytes\r\n>>", |f| f.set_raw(true));
        roundtrip(&raw);
    }

    #[test]
    fn line_core_keeps_the_text_of_information_and_error_lines() {
        for (raw, content) in [
            (&b"\n+CSQ: 1,2\r\n"[..], &b"+CSQ: 1,2"[..]),
            (b">+CSQ: 1,2\r", b"+CSQ: 1,2"),
            (b"> ERROR\n", b"ERROR"),
            (b"\r \x01ERROR=3 \r\n", b" \x01ERROR=3 "),
        ] {
            assert!(same_text(raw, content), "{raw:?}");
        }
        assert_eq!(
            FrameKind::from_line(line_core(b"> ERROR=104\r\n")),
            FrameKind::Error(ModuleError::Code(104))
        );
    }

    #[test]
    fn appended_batches_keep_order_times_and_kept_kinds() {
        let t1 = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1);
        let t2 = t1 + std::time::Duration::from_secs(1);
        let mut a = RxBatch::default();
        a.push(t1, &FrameKind::Urc(Urc::Ready), b"RDY\r\n", true);
        a.push(t1, &FrameKind::Ok, b"OK\r\n", false);
        let mut b = RxBatch::default();
        b.push(t2, &FrameKind::Urc(Urc::SendOk), b"SEND OK\r\n", true);
        b.push(t2, &FrameKind::Data(b"x".to_vec()), b"x\r\n", true);
        a.append(b).unwrap();
        let lines = a.to_lines();
        let kinds: Vec<_> = lines.iter().map(|l| l.frame.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                FrameKind::Urc(Urc::Ready),
                FrameKind::Ok,
                FrameKind::Urc(Urc::SendOk),
                FrameKind::Data(b"x".to_vec())
            ]
        );
        let times: Vec<_> = lines.iter().map(|l| l.at).collect();
        assert_eq!(times, vec![t1, t1, t2, t2]);
        assert_eq!(
            a.urcs().cloned().collect::<Vec<_>>(),
            vec![Urc::Ready, Urc::SendOk]
        );
        assert_eq!(a.byte_len(), 5 + 4 + 9 + 3);
    }

    #[test]
    fn a_line_costs_its_bytes_and_eight_more() {
        assert_eq!(std::mem::size_of::<Piece>(), 8);
    }
}
