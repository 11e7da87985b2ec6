//! Turns the bytes a serial port delivers into classified [`Frame`]s, whatever the read
//! boundaries (in the manner of atat's `digest.rs`).
//!
//! # Line endings
//! A line ends at CR, at LF, at CRLF, or at LFCR. A line ending in CR is emitted as soon as the CR
//! arrives: the framer never waits to see whether an LF follows. If the LF is already in the
//! buffer, it goes into that frame's `raw`. If it has not arrived yet, the framer remembers that
//! one LF may follow; when it comes, it is kept as the first byte of the *next* frame's `raw`
//! (and is not part of that frame's content), so no spurious [`FrameKind::Blank`] appears and
//! no byte is lost. Until a byte after it arrives, such an LF stays in [`Framer::pending`]. The
//! same holds for the CR of an LFCR ending, and for the `>`/space tail of a prompt.
//!
//! # What the caller must do
//! - Call [`Framer::expect_echo`] with the command line just sent, when echo may be on: only then
//!   is the echo line told apart (as [`FrameKind::Echo`]) from answer data.
//! - Call [`Framer::expect_prompt`]`(true)` when sending a command answered by `>`/`>>`
//!   (QISEND, QMTPUBEX, HTTPDATA, certificates), and `false` once the prompt arrived or the
//!   command ended: while it is on, any line starting with `>` is taken for a prompt.
//! - Call [`Framer::set_raw`] when entering/leaving transparent mode.
//! - Call [`Framer::reset`] after a restart (`RDY` expected) or a reopen.
//! - Call [`Framer::next_frame`] until it returns `None` after each [`Framer::push`]; the buffer
//!   is bounded only by that.

use super::frame::{Frame, FrameKind, Prompt, line_text};
use super::urc::Urc;

/// A line longer than this without a line ending is emitted as [`FrameKind::Data`] in pieces
/// of exactly this size, so a lost line ending cannot grow memory without bound.
pub const MAX_LINE: usize = 64 * 1024;

/// Bytes that may still be folded into the start of the next frame because they complete what
/// the previous frame ended with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Absorb {
    #[default]
    Nothing,
    /// The previous line ended in CR: one LF completes the CRLF.
    Lf,
    /// The previous line ended in LF: one CR completes an LFCR.
    Cr,
    /// A `>` prompt was emitted: a second `>` (it was `>>`) or a space may follow.
    PromptGtOrSpace,
    /// A `>>` prompt (or `>` then `>`) was emitted: a space may follow.
    PromptSpace,
}

/// The reader: push received bytes in, take classified frames out. Pure; no I/O.
#[derive(Debug, Default)]
pub struct Framer {
    /// Received bytes; those before `start` are already in frames.
    buf: Vec<u8>,
    start: usize,
    /// Bytes after `start` already folded into the next frame (see [`Absorb`]).
    lead: usize,
    /// Content bytes after `start + lead` known to hold no CR/LF, so a long line arriving byte
    /// by byte is not rescanned from its beginning on every call.
    scanned: usize,
    absorb: Absorb,
    echo: Option<String>,
    prompt: bool,
    raw: bool,
    /// Bytes of an HTTP body still to come.
    body_left: usize,
}

impl Framer {
    /// An empty framer: line mode, no echo or prompt expected.
    pub fn new() -> Self {
        Self::default()
    }

    /// Append received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 {
            // Compact here rather than per frame: one move per read, not one per line.
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete frame, or `None` when more bytes are needed.
    pub fn next_frame(&mut self) -> Option<Frame> {
        self.fold_lead();
        let avail = self.buf.len() - self.start - self.lead;
        if self.body_left > 0 {
            if avail == 0 {
                return None;
            }
            let n = avail.min(self.body_left);
            self.body_left -= n;
            let content = self.content(n);
            return Some(self.emit(self.lead + n, FrameKind::Body(content)));
        }
        if self.raw {
            if avail == 0 {
                return None;
            }
            let content = self.content(avail);
            return Some(self.emit(self.lead + avail, FrameKind::Data(content)));
        }
        if self.prompt
            && let Some(frame) = self.take_prompt()
        {
            return Some(frame);
        }
        self.take_line()
    }

    /// Bytes held, not yet in a frame.
    pub fn pending(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    /// Announce the command line just sent (no CR/LF). The next line equal to it, ignoring
    /// surrounding whitespace, is [`FrameKind::Echo`], once. A final `OK`/`ERROR` also ends the
    /// expectation (the echo can no longer come). `None` or an empty line cancels it.
    pub fn expect_echo(&mut self, line: Option<&str>) {
        self.echo = line
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string);
    }

    /// While on, a `>` at the start of a line is a prompt, emitted at once without a line
    /// ending; a `>` right after it in the buffer makes it [`Prompt::Double`], and one space
    /// after it is absorbed. Stray control bytes and bytes that can never start UTF-8 before
    /// the `>` are tolerated. While off, `>` starts an ordinary line.
    ///
    /// If `>>` arrives split between two reads, the first `>` is reported as
    /// [`Prompt::Single`] and the second folded into the next frame: one prompt, never two.
    pub fn expect_prompt(&mut self, on: bool) {
        self.prompt = on;
    }

    /// Transparent data mode: every byte goes out at once as [`FrameKind::Data`] chunks, with no
    /// line splitting. (An LF completing the CRLF of the last line before the switch is still
    /// folded away, not reported as data.) A pending HTTP body is finished first.
    pub fn set_raw(&mut self, on: bool) {
        self.raw = on;
    }

    /// Forget partial state (after a restart or reopen): echo and prompt expectations, raw
    /// mode, a pending HTTP body, a CRLF/prompt tail not yet seen. Held bytes stay; drop them
    /// with [`Framer::take_pending`].
    pub fn reset(&mut self) {
        self.echo = None;
        self.prompt = false;
        self.raw = false;
        self.body_left = 0;
        self.absorb = Absorb::Nothing;
    }

    /// Remove and return the bytes held, not yet in a frame.
    pub fn take_pending(&mut self) -> Vec<u8> {
        let held = self.buf.split_off(self.start);
        self.buf.clear();
        self.start = 0;
        self.lead = 0;
        self.scanned = 0;
        held
    }

    /// Fold into `lead` the bytes that complete the previous frame's ending.
    fn fold_lead(&mut self) {
        while self.absorb != Absorb::Nothing {
            let Some(&b) = self.buf.get(self.start + self.lead) else {
                // Undecided until the next byte arrives.
                return;
            };
            self.absorb = match (self.absorb, b) {
                (Absorb::Lf, b'\n') | (Absorb::Cr, b'\r') => Absorb::Nothing,
                (Absorb::PromptGtOrSpace, b'>') => Absorb::PromptSpace,
                (Absorb::PromptGtOrSpace | Absorb::PromptSpace, b' ') => Absorb::Nothing,
                _ => {
                    self.absorb = Absorb::Nothing;
                    return;
                }
            };
            self.lead += 1;
            self.scanned = 0;
        }
    }

    /// The `n` content bytes after the folded lead.
    fn content(&self, n: usize) -> Vec<u8> {
        let from = self.start + self.lead;
        self.buf[from..from + n].to_vec()
    }

    /// Make a frame of the next `len` held bytes.
    fn emit(&mut self, len: usize, kind: FrameKind) -> Frame {
        let raw = self.buf[self.start..self.start + len].to_vec();
        self.start += len;
        self.lead = 0;
        self.scanned = 0;
        if self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        }
        Frame { kind, raw }
    }

    /// A prompt at the start of the held line, if there is one.
    fn take_prompt(&mut self) -> Option<Frame> {
        let from = self.start + self.lead;
        let held = &self.buf[from..];
        let at = held.iter().position(|&b| !is_prompt_noise(b))?;
        if held[at] != b'>' {
            return None;
        }
        let mut end = at + 1;
        let mut kind = Prompt::Single;
        if held.get(end) == Some(&b'>') {
            end += 1;
            kind = Prompt::Double;
        }
        let absorb = match held.get(end) {
            Some(b' ') => {
                end += 1;
                Absorb::Nothing
            }
            Some(_) => Absorb::Nothing,
            None if kind == Prompt::Single => Absorb::PromptGtOrSpace,
            None => Absorb::PromptSpace,
        };
        let frame = self.emit(self.lead + end, FrameKind::Prompt(kind));
        self.absorb = absorb;
        Some(frame)
    }

    /// The next complete line, or a [`MAX_LINE`] piece of an endless one.
    fn take_line(&mut self) -> Option<Frame> {
        let from = self.start + self.lead;
        let held = self.buf.len() - from;
        let limit = held.min(MAX_LINE);
        let found = self.buf[from + self.scanned..from + limit]
            .iter()
            .position(|&b| b == b'\r' || b == b'\n');
        let Some(offset) = found else {
            self.scanned = limit;
            if held >= MAX_LINE {
                let content = self.content(MAX_LINE);
                return Some(self.emit(self.lead + MAX_LINE, FrameKind::Data(content)));
            }
            return None;
        };
        let eol = self.scanned + offset;
        let (partner, tail) = match self.buf[from + eol] {
            b'\r' => (b'\n', Absorb::Lf),
            _ => (b'\r', Absorb::Cr),
        };
        let mut end = eol + 1;
        let absorb = match self.buf.get(from + end) {
            Some(&b) if b == partner => {
                end += 1;
                Absorb::Nothing
            }
            Some(_) => Absorb::Nothing,
            None => tail,
        };
        let kind = classify(
            &mut self.echo,
            &mut self.body_left,
            &self.buf[from..from + eol],
        );
        let frame = self.emit(self.lead + end, kind);
        self.absorb = absorb;
        Some(frame)
    }
}

/// Echo, then the fixed order of [`FrameKind::from_line`]; updates echo and body state.
/// (A free function so it can borrow the line out of the buffer while updating the state.)
fn classify(echo: &mut Option<String>, body_left: &mut usize, content: &[u8]) -> FrameKind {
    if echo
        .as_deref()
        .is_some_and(|expected| line_text(content) == expected)
        && let Some(expected) = echo.take()
    {
        return FrameKind::Echo(expected);
    }
    let kind = FrameKind::from_line(content);
    match &kind {
        FrameKind::Urc(Urc::HttpBody { len }) => *body_left = *len,
        k if k.is_final() => *echo = None,
        _ => {}
    }
    kind
}

/// Bytes tolerated before a `>` prompt: ASCII control bytes (not CR/LF, which end lines), DEL,
/// and bytes that can never start a UTF-8 character (0x80..=0xC1, 0xF5..=0xFF), as line noise
/// around a reset produces. A real UTF-8 lead byte is text, so `中>` is not a prompt.
fn is_prompt_noise(b: u8) -> bool {
    (b < 0x20 && b != b'\r' && b != b'\n') || b == 0x7F || (0x80..=0xC1).contains(&b) || b >= 0xF5
}
