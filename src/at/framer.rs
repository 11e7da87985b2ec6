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

use super::frame::{Frame, FrameKind, Prompt, echo_text};
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
    /// Content bytes after `start + lead` known to be noise before a possible prompt, for the
    /// same reason.
    noise: usize,
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
    /// surrounding whitespace, is [`FrameKind::Echo`], once. The expectation lasts until then or
    /// until the caller cancels it with `None` (or an empty line) when the command is done; a
    /// final line before the echo is a late answer to an earlier command and does not end it.
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
        self.noise = 0;
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
            self.noise = 0;
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
        self.noise = 0;
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
        let Some(offset) = held[self.noise..].iter().position(|&b| !is_prompt_noise(b)) else {
            self.noise = held.len();
            return None;
        };
        let at = self.noise + offset;
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
        .is_some_and(|expected| echo_text(content) == echo_text(expected.as_bytes()))
        && let Some(expected) = echo.take()
    {
        return FrameKind::Echo(expected);
    }
    let kind = FrameKind::from_line(content);
    // A final line does not end the echo expectation: it may be the late answer of an earlier
    // command (after a timeout), arriving before this command's echo. The caller clears the
    // expectation when the command is done.
    if let FrameKind::Urc(Urc::HttpBody { len }) = &kind {
        *body_left = *len;
    }
    kind
}

/// Bytes tolerated before a `>` prompt: ASCII control bytes (not CR/LF, which end lines), DEL,
/// and bytes that can never start a UTF-8 character (0x80..=0xC1, 0xF5..=0xFF), as line noise
/// around a reset produces. A real UTF-8 lead byte is text, so `中>` is not a prompt.
fn is_prompt_noise(b: u8) -> bool {
    (b < 0x20 && b != b'\r' && b != b'\n') || b == 0x7F || (0x80..=0xC1).contains(&b) || b >= 0xF5
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::at::error_code::ModuleError;

    // ---- helpers ----

    /// Feed `chunks` in order, draining frames after each push, and check the lossless
    /// invariant at every step.
    fn feed<'a>(
        chunks: impl IntoIterator<Item = &'a [u8]>,
        setup: impl FnOnce(&mut Framer),
    ) -> (Vec<Frame>, Vec<u8>) {
        let mut framer = Framer::new();
        setup(&mut framer);
        let mut input = Vec::new();
        let mut frames = Vec::new();
        for chunk in chunks {
            input.extend_from_slice(chunk);
            framer.push(chunk);
            while let Some(frame) = framer.next_frame() {
                frames.push(frame);
            }
            let mut rebuilt: Vec<u8> = frames.iter().flat_map(|f| f.raw.clone()).collect();
            rebuilt.extend_from_slice(framer.pending());
            assert_eq!(rebuilt, input, "lossless");
        }
        (frames, framer.pending().to_vec())
    }

    fn whole(input: &[u8], setup: impl FnOnce(&mut Framer)) -> Vec<FrameKind> {
        kinds(&feed([input], setup).0)
    }

    fn bytewise(input: &[u8], setup: impl FnOnce(&mut Framer)) -> Vec<FrameKind> {
        kinds(&feed(input.chunks(1), setup).0)
    }

    fn kinds(frames: &[Frame]) -> Vec<FrameKind> {
        frames.iter().map(|f| f.kind.clone()).collect()
    }

    /// Body chunks follow the read boundaries, and a `>>` split across reads is one `>`:
    /// the two differences chunking may make (see the module docs).
    fn normalized(kinds: Vec<FrameKind>) -> Vec<FrameKind> {
        let mut out: Vec<FrameKind> = Vec::new();
        for kind in kinds {
            match (out.last_mut(), kind) {
                (Some(FrameKind::Body(prev)), FrameKind::Body(more)) => prev.extend(more),
                (_, FrameKind::Prompt(_)) => out.push(FrameKind::Prompt(Prompt::Single)),
                (_, k) => out.push(k),
            }
        }
        out
    }

    fn info(name: &str, body: &str) -> FrameKind {
        FrameKind::Info {
            name: name.into(),
            body: body.into(),
        }
    }
    fn data(text: &str) -> FrameKind {
        FrameKind::Data(text.as_bytes().to_vec())
    }
    fn urc(u: Urc) -> FrameKind {
        FrameKind::Urc(u)
    }
    fn echo(text: &str) -> FrameKind {
        FrameKind::Echo(text.into())
    }
    use FrameKind::{Blank, Ok};

    /// One manual transcript: the command line sent, and what the module answers after its echo.
    struct Case {
        cmd: &'static str,
        answer: Vec<u8>,
        kinds: Vec<FrameKind>,
        prompt: bool,
    }

    fn case(cmd: &'static str, answer: &str, kinds: Vec<FrameKind>) -> Case {
        Case {
            cmd,
            answer: answer.as_bytes().to_vec(),
            kinds,
            prompt: false,
        }
    }

    fn prompt_case(cmd: &'static str, answer: &str, kinds: Vec<FrameKind>) -> Case {
        Case {
            prompt: true,
            ..case(cmd, answer, kinds)
        }
    }

    const CIPPING_MS: [u32; 10] = [30, 45, 35, 35, 45, 40, 40, 40, 85, 35];

    /// The HTTP body of the 6.7.3 example: CRLF inside, and an `OK` line that must stay body.
    const HTTP_BODY: &str = "<!doctype html>\r\n<html lang=en>\r\n<title>405 Method Not Allowed</title>\r\nOK\r\n<h1>Method Not Allowed</h1>\r\n<p>The method is not allowed for the requested URL.</p>\r\n";

    /// Every answer transcript of manual section 6 (and the forms the digest says also occur).
    fn manual_cases() -> Vec<Case> {
        let cipping_answer: String = CIPPING_MS
            .iter()
            .map(|ms| format!("+CIPPING:\"2409:8C54:870:310:0:FF:B0ED:40AC\",{ms},52\r\n"))
            .chain(["OK\r\n".to_string()])
            .collect();
        let cipping_kinds: Vec<FrameKind> = CIPPING_MS
            .iter()
            .map(|ms| {
                info(
                    "CIPPING",
                    &format!("\"2409:8C54:870:310:0:FF:B0ED:40AC\",{ms},52"),
                )
            })
            .chain([Ok])
            .collect();
        let headers = [
            "Date: Mon, 27 Oct 2025 13:58:01 GMT",
            "Content-Type: text/html; charset=utf-8",
            "Content-Length: 178",
            "Connection: keep-alive",
            "Server: gunicorn/19.9.0",
            "Allow: POST, OPTIONS",
        ];
        let mut http_answer = String::from("HTTP/1.1 405 METHOD NOT ALLOWED\r\n");
        for h in headers {
            http_answer += h;
            http_answer += "\r\n";
        }
        http_answer += &format!(
            "\r\n$HTTPRECV:DATA,{}\r\n{HTTP_BODY}\r\nOK\r\n",
            HTTP_BODY.len()
        );
        let mut http_kinds = vec![urc(Urc::HttpStatus {
            code: 405,
            line: "HTTP/1.1 405 METHOD NOT ALLOWED".into(),
        })];
        http_kinds.extend(headers.iter().map(|h| data(h)));
        http_kinds.extend([
            Blank,
            urc(Urc::HttpBody {
                len: HTTP_BODY.len(),
            }),
            FrameKind::Body(HTTP_BODY.as_bytes().to_vec()),
            Blank,
            Ok,
        ]);
        let restart = vec![
            Ok,
            urc(Urc::Ready),
            urc(Urc::SimReady),
            urc(Urc::NetworkActivated),
        ];
        let restart_answer = "OK\r\nRDY\r\nSIM_SUCCESS\r\nNETWORK_ACTIVATE_SUCCESS\r\n";

        vec![
            // 6.1 basics
            case("AT", "OK\r\n", vec![Ok]),
            case(
                "AT+GMR",
                "+VERSION=CT11_V1.0.1\r\nOK\r\n",
                vec![info("VERSION", "CT11_V1.0.1"), Ok],
            ),
            case(
                "AT+GSN",
                "860720087453595\r\nOK\r\n",
                vec![data("860720087453595"), Ok],
            ),
            case("ATE0", "OK\r\n", vec![Ok]),
            case("ATE1", "OK\r\n", vec![Ok]),
            case("AT+RST", "OK\r\nRDY\r\n", vec![Ok, urc(Urc::Ready)]),
            case("AT+RESTORE", "OK\r\nRDY\r\n", vec![Ok, urc(Urc::Ready)]),
            case(
                "AT+QCCID",
                "+QCCID:898604E6192391620488\r\nOK\r\n",
                vec![info("QCCID", "898604E6192391620488"), Ok],
            ),
            case(
                "AT+QCCID",
                "+QICCID：898604E6192391620488\r\nOK\r\n",
                vec![info("QICCID", "898604E6192391620488"), Ok],
            ),
            case(
                "AT+QCCID",
                "+QICCID：OK\r\nOK\r\n",
                vec![info("QICCID", "OK"), Ok],
            ),
            case(
                "AT+IPR?",
                "+IPR:115200,8,1,0\r\nOK\r\n",
                vec![info("IPR", "115200,8,1,0"), Ok],
            ),
            case("AT+IPR=115200,8,1,0", restart_answer, restart.clone()),
            case(
                "AT+SINGLESIM?",
                "+SINGLESIM: 0\r\nOK\r\n",
                vec![info("SINGLESIM", "0"), Ok],
            ),
            case("AT+SINGLESIM=0", restart_answer, restart.clone()),
            case(
                "AT+OTA=0,\"http://x/fw.bin\"",
                "RDY\r\n",
                vec![urc(Urc::Ready)],
            ),
            case(
                "AT+GPIO=0,2,1",
                "+GPIO:0,1\r\nOK\r\n",
                vec![info("GPIO", "0,1"), Ok],
            ),
            case("AT+GPIO=0,1", "OK\r\n", vec![Ok]),
            case(
                "AT+GPIO=2",
                "+GPIO:2,0\r\nOK\r\n",
                vec![info("GPIO", "2,0"), Ok],
            ),
            // 6.2 network
            case(
                "AT+CREG?",
                "+CREG=0,1\r\nOK\r\n",
                vec![info("CREG", "0,1"), Ok],
            ),
            case(
                "AT+CREG?",
                "+CREG=0,0\r\nOK\r\n",
                vec![info("CREG", "0,0"), Ok],
            ),
            case(
                "AT+CREG?",
                "+CREG: 0,1\r\nOK\r\n",
                vec![info("CREG", "0,1"), Ok],
            ),
            case("AT+CREG=1", "OK\r\n", vec![Ok]),
            case(
                "AT+CSQ",
                "+CSQ: 15,99\r\nOK\r\n",
                vec![info("CSQ", "15,99"), Ok],
            ),
            // The 3GPP habit of a blank line around each answer line.
            case(
                "AT+CSQ",
                "\r\n+CSQ: 15,99\r\n\r\nOK\r\n",
                vec![Blank, info("CSQ", "15,99"), Blank, Ok],
            ),
            case(
                "AT+QNTP=\"cn.pool.ntp.org\",123",
                "+QNTP:2025-10-27 21:53:20\r\nOK\r\n",
                vec![info("QNTP", "2025-10-27 21:53:20"), Ok],
            ),
            case(
                "AT+QNTP?",
                "+QNTP:\"cn.pool.ntp.org\",123\r\nOK\r\n",
                vec![info("QNTP", "\"cn.pool.ntp.org\",123"), Ok],
            ),
            case(
                "AT+QLTS?",
                "+QLTS:2025-10-27 21:55:56\r\nOK\r\n",
                vec![info("QLTS", "2025-10-27 21:55:56"), Ok],
            ),
            case(
                "AT+QPING=\"www.baidu.com\",10",
                &cipping_answer,
                cipping_kinds,
            ),
            case(
                "AT+CPSI",
                "+CPSI:460-0,0x25ef,47198990,411,5,5,-19,-82,-69,0\r\nOK\r\n",
                vec![
                    info("CPSI", "460-0,0x25ef,47198990,411,5,5,-19,-82,-69,0"),
                    Ok,
                ],
            ),
            // 6.3 power
            case("AT+SYSSLEEP=0", "OK\r\n", vec![Ok]),
            case(
                "AT+SYSSLEEP?",
                "+SYSSLEEP:0\r\nOK\r\n",
                vec![info("SYSSLEEP", "0"), Ok],
            ),
            case("AT+CSCLK=0", "OK\r\n", vec![Ok]),
            case(
                "AT+CSCLK?",
                "+CSCLK:0\r\nOK\r\n",
                vec![info("CSCLK", "0"), Ok],
            ),
            // 6.4 TCP/UDP
            case(
                "AT+QIOPEN=\"TCP\",\"112.125.89.8\",33124,0,0",
                "CONNECT,ID:3\r\n",
                vec![urc(Urc::Connected { link: 3 })],
            ),
            case(
                "AT+QIOPEN=\"TCP\",\"112.125.89.8\",33124,0,0",
                "+QIOPEN,ID:3\r\n",
                vec![urc(Urc::Connected { link: 3 })],
            ),
            case(
                "AT+QIOPEN=\"UDP\",\"112.125.89.8\",33124,0,1",
                "CONNECT，ID:4\r\n",
                vec![urc(Urc::Connected { link: 4 })],
            ),
            prompt_case(
                "AT+QISEND=3,10",
                "OK\r\n> \r\nSEND OK\r\n",
                vec![
                    Ok,
                    FrameKind::Prompt(Prompt::Single),
                    Blank,
                    urc(Urc::SendOk),
                ],
            ),
            prompt_case(
                "AT+QISEND=3,10",
                "OK\r\n>SEND OK\r\n",
                vec![Ok, FrameKind::Prompt(Prompt::Single), urc(Urc::SendOk)],
            ),
            case(
                "AT+QICLOSE=3",
                "OK\r\nDISCONNECT\r\n",
                vec![Ok, urc(Urc::Disconnected)],
            ),
            case(
                "AT+QICLOSE=3",
                "OK\r\nUDP_CLOSE\r\n",
                vec![Ok, urc(Urc::UdpClosed)],
            ),
            case(
                "AT+QISTATE",
                "+QISTATE:3,\"TCP\",\"112.125.89.8\",34287,61563\r\nOK\r\n",
                vec![
                    info("QISTATE", "3,\"TCP\",\"112.125.89.8\",34287,61563"),
                    Ok,
                ],
            ),
            // 6.5 simple pairing
            case(
                "AT+SIMPLEMODE?",
                "+SIMPLEMODE:0,0\r\nOK\r\n",
                vec![info("SIMPLEMODE", "0,0"), Ok],
            ),
            case(
                "AT+SIMPLEMODE=1,0",
                "OK\r\nRDY\r\nERROR=104\r\nERROR=104\r\n",
                vec![
                    Ok,
                    urc(Urc::Ready),
                    FrameKind::Error(ModuleError::Code(104)),
                    FrameKind::Error(ModuleError::Code(104)),
                ],
            ),
            case(
                "AT+SIMPLECLIENT=\"TCP\",\"8.137.154.246\",2057,0,0",
                "OK\r\n",
                vec![Ok],
            ),
            case(
                "AT+SIMPLECLIENT=\"TCP\",\"8.111.222.111\",1234,0,0",
                "OK\r\nCONNECT，ID3\r\n",
                vec![Ok, urc(Urc::Connected { link: 3 })],
            ),
            case(
                "AT+SIMPLECLIENT?",
                "+SIMPLECLIENT:\"TCP\",\"8.137.154.246\",2057,0,0\r\nOK\r\n",
                vec![
                    info("SIMPLECLIENT", "\"TCP\",\"8.137.154.246\",2057,0,0"),
                    Ok,
                ],
            ),
            // 6.6 MQTT
            case(
                "AT+QMTCFG=\"CT11\",\"MQTT1\",\"123456\",0,1,QQQ,123456",
                "OK\r\n",
                vec![Ok],
            ),
            case(
                "AT+QMTCFG?",
                "+QMTCFG:CT11-9999,MQTT1,123456,1,1,QQQ,123456\r\nOK\r\n",
                vec![info("QMTCFG", "CT11-9999,MQTT1,123456,1,1,QQQ,123456"), Ok],
            ),
            case(
                "AT+QMTCONNCFG?",
                "+QMTCONNCFG:NOT SET\r\nOK\r\n",
                vec![info("QMTCONNCFG", "NOT SET"), Ok],
            ),
            case(
                "AT+QMTCONNCFG=\"broker.emqx.io\",1883,0",
                "OK\r\nMQTTCONNECT\r\n",
                vec![Ok, urc(Urc::MqttConnected)],
            ),
            case(
                "AT+QMTCONNCFG=\"broker.emqx.io\",1883,0",
                "OK\r\nERROR=203\r\n",
                vec![Ok, FrameKind::Error(ModuleError::Code(203))],
            ),
            case(
                "AT+QMTSTART?",
                "+QMTSTART:1,60\r\nOK\r\n",
                vec![info("QMTSTART", "1,60"), Ok],
            ),
            case("AT+QMTSTART=1,30", "OK\r\n", vec![Ok]),
            case("AT+QMTSUB=\"TTT\",0", "OK\r\n", vec![Ok]),
            case("AT+QMTPUB=\"TTT\",0,0,\"12345678\"", "OK\r\n", vec![Ok]),
            case("AT+QMTUNSUB=\"TTT\"", "OK\r\n", vec![Ok]),
            case(
                "AT+QMTSTATU",
                "+QMTSTATU:0\r\nOK\r\n",
                vec![info("QMTSTATU", "0"), Ok],
            ),
            case(
                "AT+QMTSTATU",
                "+QMTSTATU:1\r\nOK\r\n",
                vec![info("QMTSTATU", "1"), Ok],
            ),
            case(
                "AT+QMTSTATU",
                "+QMTSTATU:2\r\nOK\r\n",
                vec![info("QMTSTATU", "2"), Ok],
            ),
            case(
                "AT+QMTDISC",
                "OK\r\nMQTTDISCONNECT\r\n",
                vec![Ok, urc(Urc::MqttDisconnected)],
            ),
            prompt_case(
                "AT+QMTPUBEX=\"TTT\",0,0,5",
                "> \r\nOK\r\n",
                vec![FrameKind::Prompt(Prompt::Single), Blank, Ok],
            ),
            prompt_case(
                "AT+MQTTCERTIFI=1,1,5",
                "OK\r\n>\r\nOK\r\n",
                vec![Ok, FrameKind::Prompt(Prompt::Single), Blank, Ok],
            ),
            // 6.7 HTTP
            case(
                "AT+HTTPPARA=\"http://httpbin.org/post\",80,0,0",
                "OK\r\n",
                vec![Ok],
            ),
            case(
                "AT+HTTPRQH=\"Content-Type\",\"application/json\"",
                "OK\r\n",
                vec![Ok],
            ),
            case(
                "AT+HTTPRQH?",
                "+HTTPRQH:Content-Type:application/json\r\nOK\r\n",
                vec![info("HTTPRQH", "Content-Type:application/json"), Ok],
            ),
            prompt_case(
                "AT+HTTPDATA=10",
                ">>\r\nOK\r\n",
                vec![FrameKind::Prompt(Prompt::Double), Blank, Ok],
            ),
            prompt_case(
                "AT+HTTPDATA=10",
                ">\r\nOK\r\n",
                vec![FrameKind::Prompt(Prompt::Single), Blank, Ok],
            ),
            Case {
                cmd: "AT+HTTPACTION=0",
                answer: http_answer.into_bytes(),
                kinds: http_kinds,
                prompt: false,
            },
            // Failures
            case(
                "AT+QMTCFG=\"x\"",
                "ERROR=101\r\n",
                vec![FrameKind::Error(ModuleError::Code(101))],
            ),
            case(
                "AT+CSQ",
                "+CME ERROR: 10\r\n",
                vec![FrameKind::Error(ModuleError::Cme(10))],
            ),
            case(
                "AT+XYZ",
                "ERROR\r\n",
                vec![FrameKind::Error(ModuleError::Plain)],
            ),
        ]
    }

    // ---- the manual's transcripts ----

    #[test]
    fn manual_transcripts_echo_on_and_off_whole_and_bytewise() {
        for c in manual_cases() {
            let setup = |f: &mut Framer| {
                f.expect_echo(Some(c.cmd));
                f.expect_prompt(c.prompt);
            };
            let mut echoed = format!("{}\r\n", c.cmd).into_bytes();
            echoed.extend_from_slice(&c.answer);
            let mut with_echo = vec![echo(c.cmd)];
            with_echo.extend(c.kinds.iter().cloned());

            for (input, expected) in [(&echoed, &with_echo), (&c.answer, &c.kinds)] {
                let name = String::from_utf8_lossy(input);
                assert_eq!(&whole(input, setup), expected, "whole: {name:?}");
                assert_eq!(
                    normalized(bytewise(input, setup)),
                    normalized(expected.clone()),
                    "bytewise: {name:?}"
                );
            }
        }
    }

    #[test]
    fn http_body_is_one_chunk_per_read_and_never_lines() {
        let c = manual_cases()
            .into_iter()
            .find(|c| c.cmd == "AT+HTTPACTION=0");
        let c = c.expect("the HTTPACTION transcript");
        let kinds = bytewise(&c.answer, |_| {});
        let bodies: Vec<&FrameKind> = kinds
            .iter()
            .filter(|k| matches!(k, FrameKind::Body(_)))
            .collect();
        assert_eq!(bodies.len(), HTTP_BODY.len(), "one chunk per received byte");
        assert!(
            bodies
                .iter()
                .all(|b| matches!(b, FrameKind::Body(v) if v.len() == 1))
        );
        // The `OK` inside the body did not end the answer early: only one Ok, at the end.
        assert_eq!(kinds.iter().filter(|k| **k == Ok).count(), 1);
        assert_eq!(kinds.last(), Some(&Ok));
    }

    // ---- interleaving and garbage ----

    #[test]
    fn unsolicited_line_in_the_middle_of_an_answer() {
        let input = b"AT+CSQ\r\n+CSQ: 15,99\r\nMQTTDISCONNECT\r\nOK\r\n";
        let expected = vec![
            echo("AT+CSQ"),
            info("CSQ", "15,99"),
            urc(Urc::MqttDisconnected),
            Ok,
        ];
        let setup = |f: &mut Framer| f.expect_echo(Some("AT+CSQ"));
        assert_eq!(whole(input, setup), expected);
        assert_eq!(bytewise(input, setup), expected);
    }

    #[test]
    fn unsolicited_line_before_the_echo() {
        let input = b"RDY\r\nAT\r\nOK\r\n";
        let setup = |f: &mut Framer| f.expect_echo(Some("AT"));
        assert_eq!(whole(input, setup), vec![urc(Urc::Ready), echo("AT"), Ok]);
    }

    #[test]
    fn garbage_around_and_between_lines() {
        let input = b"\xFF\x00OK\r\n\x00\x00\r\nRDY\xFF\r\n\xFE\xFF\x7F\r\n+CSQ: 15,99\x00\r\n";
        let expected = vec![Ok, Blank, urc(Urc::Ready), Blank, info("CSQ", "15,99")];
        assert_eq!(whole(input, |_| {}), expected);
        assert_eq!(bytewise(input, |_| {}), expected);
        let (frames, pending) = feed([&input[..]], |_| {});
        assert_eq!(frames[0].raw, b"\xFF\x00OK\r\n", "stray bytes stay in raw");
        assert!(pending.is_empty());
    }

    #[test]
    fn garbage_inside_a_line_makes_it_data_but_keeps_every_byte() {
        let (frames, _) = feed([&b"O\x00K\r\n"[..]], |_| {});
        assert_eq!(kinds(&frames), vec![FrameKind::Data(b"O\x00K".to_vec())]);
    }

    #[test]
    fn chinese_and_full_width_text_survive() {
        let input = "+QICCID：OK\r\n数据：中文\r\nCONNECT，ID:5\r\n".as_bytes();
        let expected = vec![
            info("QICCID", "OK"),
            data("数据：中文"),
            urc(Urc::Connected { link: 5 }),
        ];
        assert_eq!(whole(input, |_| {}), expected);
        assert_eq!(bytewise(input, |_| {}), expected);
    }

    // ---- line endings ----

    #[test]
    fn cr_only_lf_only_and_lfcr_endings() {
        let setup = |f: &mut Framer| f.expect_echo(Some("AT+RST"));
        let expected = vec![echo("AT+RST"), Ok, urc(Urc::Ready)];
        for input in [
            &b"AT+RST\rOK\rRDY\r"[..],
            b"AT+RST\nOK\nRDY\n",
            b"AT+RST\r\nOK\r\nRDY\r\n",
            b"AT+RST\n\rOK\n\rRDY\n\r",
        ] {
            assert_eq!(whole(input, setup), expected, "{input:?}");
            assert_eq!(bytewise(input, setup), expected, "{input:?}");
        }
    }

    #[test]
    fn real_blank_lines_are_kept_in_every_ending_style() {
        for input in [&b"\r\n\r\nOK\r\n"[..], b"\n\nOK\n", b"\r\rOK\r"] {
            assert_eq!(whole(input, |_| {}), vec![Blank, Blank, Ok], "{input:?}");
            assert_eq!(bytewise(input, |_| {}), vec![Blank, Blank, Ok], "{input:?}");
        }
    }

    #[test]
    fn line_ending_in_cr_is_emitted_at_once_and_its_lf_joins_the_next_frame() {
        let mut f = Framer::new();
        f.push(b"OK\r");
        let first = f.next_frame().expect("no waiting for LF");
        assert_eq!(
            first,
            Frame {
                kind: Ok,
                raw: b"OK\r".to_vec()
            }
        );
        assert_eq!(f.next_frame(), None);
        f.push(b"\n");
        assert_eq!(f.next_frame(), None, "no spurious Blank");
        assert_eq!(f.pending(), b"\n", "the LF is held, not lost");
        f.push(b"RDY\r\n");
        let second = f.next_frame().expect("RDY");
        assert_eq!(
            second,
            Frame {
                kind: urc(Urc::Ready),
                raw: b"\nRDY\r\n".to_vec()
            }
        );
        assert_eq!(f.pending(), b"");
        assert_eq!(f.next_frame(), None);
    }

    #[test]
    fn crlf_split_across_pushes_at_every_point() {
        let input = b"AT+GSN\r\n860720087453595\r\n\r\nOK\r\n";
        let expected = vec![echo("AT+GSN"), data("860720087453595"), Blank, Ok];
        for cut in 0..=input.len() {
            let (a, b) = input.split_at(cut);
            let (frames, pending) = feed([a, b], |f| f.expect_echo(Some("AT+GSN")));
            assert_eq!(kinds(&frames), expected, "cut at {cut}");
            // Cut between the final CR and LF, the LF waits for a next frame to join.
            let held: &[u8] = if cut == input.len() - 1 { b"\n" } else { b"" };
            assert_eq!(pending, held, "cut at {cut}");
        }
    }

    // ---- prompts ----

    #[test]
    fn prompt_needs_no_line_ending() {
        let mut f = Framer::new();
        f.expect_echo(Some("AT+QISEND=3,10"));
        f.expect_prompt(true);
        f.push(b"AT+QISEND=3,10\r\nOK\r\n> ");
        assert_eq!(
            f.next_frame().map(|fr| fr.kind),
            Some(echo("AT+QISEND=3,10"))
        );
        assert_eq!(f.next_frame().map(|fr| fr.kind), Some(Ok));
        assert_eq!(
            f.next_frame(),
            Some(Frame {
                kind: FrameKind::Prompt(Prompt::Single),
                raw: b"> ".to_vec()
            })
        );
        assert_eq!(f.next_frame(), None);
        assert!(f.pending().is_empty());
    }

    #[test]
    fn double_prompt_and_its_split_form() {
        let mut f = Framer::new();
        f.expect_prompt(true);
        f.push(b">>");
        assert_eq!(
            f.next_frame().map(|fr| fr.kind),
            Some(FrameKind::Prompt(Prompt::Double))
        );

        // Split: the first `>` is reported at once; the second is folded away, not a 2nd prompt.
        let mut f = Framer::new();
        f.expect_prompt(true);
        f.push(b">");
        assert_eq!(
            f.next_frame().map(|fr| fr.kind),
            Some(FrameKind::Prompt(Prompt::Single))
        );
        f.push(b">");
        assert_eq!(f.next_frame(), None);
        f.push(b" ");
        assert_eq!(f.next_frame(), None);
        f.push(b"\r\nOK\r\n");
        let frames: Vec<Frame> = std::iter::from_fn(|| f.next_frame()).collect();
        assert_eq!(kinds(&frames), vec![Blank, Ok]);
        assert_eq!(frames[0].raw, b"> \r\n");
    }

    #[test]
    fn prompt_after_a_split_crlf_and_after_noise() {
        let mut f = Framer::new();
        f.expect_prompt(true);
        f.push(b"OK\r");
        assert_eq!(f.next_frame().map(|fr| fr.kind), Some(Ok));
        f.push(b"\n\x00\xFF>");
        let p = f.next_frame().expect("prompt");
        assert_eq!(
            p,
            Frame {
                kind: FrameKind::Prompt(Prompt::Single),
                raw: b"\n\x00\xFF>".to_vec()
            }
        );
    }

    #[test]
    fn without_prompt_expectation_gt_starts_an_ordinary_line() {
        assert_eq!(
            whole(b"> hello\r\n>\r\n", |_| {}),
            vec![data("> hello"), data(">")]
        );
        let mut f = Framer::new();
        f.push(b">");
        assert_eq!(f.next_frame(), None, "waits for the line ending");
    }

    #[test]
    fn utf8_text_before_gt_is_not_a_prompt() {
        assert_eq!(
            whole("中>\r\n".as_bytes(), |f| f.expect_prompt(true)),
            vec![data("中>")]
        );
    }

    // ---- HTTP body ----

    #[test]
    fn body_length_is_counted_in_bytes_whatever_they_hold() {
        let input = b"$HTTPRECV:DATA,6\r\nOK\r\n\r\nOK\r\n";
        assert_eq!(
            whole(input, |_| {}),
            vec![
                urc(Urc::HttpBody { len: 6 }),
                FrameKind::Body(b"OK\r\n\r\n".to_vec()),
                Ok
            ]
        );
    }

    #[test]
    fn body_after_a_split_crlf_does_not_count_the_lf() {
        let mut f = Framer::new();
        f.push(b"$HTTPRECV:DATA,3\r");
        assert_eq!(
            f.next_frame().map(|fr| fr.kind),
            Some(urc(Urc::HttpBody { len: 3 }))
        );
        f.push(b"\n");
        assert_eq!(f.next_frame(), None);
        f.push(b"ab");
        assert_eq!(
            f.next_frame(),
            Some(Frame {
                kind: FrameKind::Body(b"ab".to_vec()),
                raw: b"\nab".to_vec()
            })
        );
        f.push(b"c\r\nOK\r\n");
        assert_eq!(
            f.next_frame().map(|fr| fr.kind),
            Some(FrameKind::Body(b"c".to_vec()))
        );
        assert_eq!(f.next_frame().map(|fr| fr.kind), Some(Blank));
        assert_eq!(f.next_frame().map(|fr| fr.kind), Some(Ok));
    }

    #[test]
    fn empty_body_and_reset_body() {
        assert_eq!(
            whole(b"$HTTPRECV:DATA,0\r\nOK\r\n", |_| {}),
            vec![urc(Urc::HttpBody { len: 0 }), Ok]
        );
        let mut f = Framer::new();
        f.push(b"$HTTPRECV:DATA,1000\r\nabc");
        let _ = f.next_frame();
        assert_eq!(
            f.next_frame().map(|fr| fr.kind),
            Some(FrameKind::Body(b"abc".to_vec()))
        );
        // The module restarted mid-body: after reset, lines are lines again.
        f.reset();
        f.push(b"RDY\r\n");
        assert_eq!(f.next_frame().map(|fr| fr.kind), Some(urc(Urc::Ready)));
    }

    // ---- raw mode ----

    #[test]
    fn raw_mode_passes_every_byte_at_once() {
        let mut f = Framer::new();
        f.push(b"CONNECT,ID:3\r");
        assert_eq!(
            f.next_frame().map(|fr| fr.kind),
            Some(urc(Urc::Connected { link: 3 }))
        );
        f.set_raw(true);
        f.push(b"\nhello\r\nOK\r\n>");
        let frame = f.next_frame().expect("data");
        // The LF completing CONNECT's CRLF is not data.
        assert_eq!(frame.kind, FrameKind::Data(b"hello\r\nOK\r\n>".to_vec()));
        assert_eq!(frame.raw, b"\nhello\r\nOK\r\n>");
        assert_eq!(f.next_frame(), None);
        f.push(b"x");
        assert_eq!(f.next_frame().map(|fr| fr.kind), Some(data("x")));
        f.set_raw(false);
        f.push(b"OK\r\n");
        assert_eq!(f.next_frame().map(|fr| fr.kind), Some(Ok));
    }

    #[test]
    fn raw_mode_takes_a_partial_line_held_before_the_switch() {
        let mut f = Framer::new();
        f.push(b"par");
        assert_eq!(f.next_frame(), None);
        f.set_raw(true);
        assert_eq!(f.next_frame().map(|fr| fr.kind), Some(data("par")));
    }

    // ---- echo ----

    #[test]
    fn echo_matches_once_ignoring_surrounding_whitespace() {
        let setup = |f: &mut Framer| f.expect_echo(Some(" AT+GMR "));
        assert_eq!(
            whole(b" AT+GMR \r\nAT+GMR\r\nOK\r\n", setup),
            vec![echo("AT+GMR"), data("AT+GMR"), Ok]
        );
    }

    #[test]
    fn noise_inside_the_echo_still_makes_it_the_echo() {
        // Issue 10 item 5: one noise byte inside the echo made it data; with echo on the
        // worker then took the real answer for a late one and reported "No answer".
        for noisy in [
            &b"AT+C\x00SQ\r\n+CSQ: 15,99\r\nOK\r\n"[..],
            b"AT+CS\xFFQ\r\n+CSQ: 15,99\r\nOK\r\n",
            b"\x80AT+\x7FCSQ\x01\r\n+CSQ: 15,99\r\nOK\r\n",
        ] {
            let setup = |f: &mut Framer| f.expect_echo(Some("AT+CSQ"));
            assert_eq!(
                bytewise(noisy, setup),
                vec![echo("AT+CSQ"), info("CSQ", "15,99"), Ok],
                "{:?}",
                String::from_utf8_lossy(noisy)
            );
        }
        // Noise does not make another line the echo.
        let setup = |f: &mut Framer| f.expect_echo(Some("AT+CSQ"));
        assert_eq!(
            whole(b"AT+C\x00SQQ\r\n", setup),
            vec![FrameKind::Data(b"AT+C\x00SQQ".to_vec())]
        );
    }

    #[test]
    fn a_late_final_answer_before_the_echo_keeps_the_expectation() {
        let setup = |f: &mut Framer| f.expect_echo(Some("AT"));
        assert_eq!(whole(b"OK\r\nAT\r\n", setup), vec![Ok, echo("AT")]);
        let setup = |f: &mut Framer| f.expect_echo(Some("AT"));
        assert_eq!(
            whole(b"ERROR\r\nAT\r\nOK\r\n", setup),
            vec![FrameKind::Error(ModuleError::Plain), echo("AT"), Ok]
        );
    }

    #[test]
    fn echo_cancelled_or_empty_never_matches() {
        let mut f = Framer::new();
        f.expect_echo(Some("AT"));
        f.expect_echo(None);
        f.push(b"AT\r\n");
        assert_eq!(f.next_frame().map(|fr| fr.kind), Some(data("AT")));
        let mut f = Framer::new();
        f.expect_echo(Some("  "));
        f.push(b"\r\n");
        assert_eq!(f.next_frame().map(|fr| fr.kind), Some(Blank));
    }

    // ---- bounds, reset, take_pending ----

    #[test]
    fn endless_line_is_cut_at_the_limit() {
        let mut input = vec![b'x'; MAX_LINE + 10];
        input.extend_from_slice(b"\r\nOK\r\n");
        let expected = vec![
            FrameKind::Data(vec![b'x'; MAX_LINE]),
            FrameKind::Data(vec![b'x'; 10]),
            Ok,
        ];
        assert_eq!(whole(&input, |_| {}), expected);
        // Chunked oddly, the cut falls on the same byte.
        let (frames, _) = feed(input.chunks(4099), |_| {});
        assert_eq!(kinds(&frames), expected);
    }

    #[test]
    fn held_bytes_stay_bounded_while_a_line_never_ends() {
        let mut f = Framer::new();
        for _ in 0..(3 * MAX_LINE / 1000) {
            f.push(&[b'y'; 1000]);
            while f.next_frame().is_some() {}
            assert!(f.pending().len() < MAX_LINE);
        }
    }

    #[test]
    fn reset_keeps_held_bytes_and_take_pending_drops_them() {
        let mut f = Framer::new();
        f.expect_prompt(true);
        f.expect_echo(Some("AT"));
        f.push(b"partial");
        f.reset();
        assert_eq!(f.pending(), b"partial");
        f.push(b" line\r\n>\r\nAT\r\n");
        let got: Vec<FrameKind> = std::iter::from_fn(|| f.next_frame())
            .map(|fr| fr.kind)
            .collect();
        assert_eq!(got, vec![data("partial line"), data(">"), data("AT")]);

        f.push(b"half a li");
        assert_eq!(f.take_pending(), b"half a li");
        assert!(f.pending().is_empty());
        f.push(b"OK\r\n");
        assert_eq!(f.next_frame().map(|fr| fr.kind), Some(Ok));
    }

    #[test]
    fn noise_arriving_byte_by_byte_while_a_prompt_is_expected_stays_cheap() {
        // Quadratic rescanning would take seconds here; the cut still happens at the limit.
        let mut f = Framer::new();
        f.expect_prompt(true);
        let mut cut = None;
        for i in 0..=MAX_LINE {
            f.push(&[0]);
            if let Some(frame) = f.next_frame() {
                cut = Some((i, frame.kind));
            }
        }
        assert_eq!(
            cut,
            Some((MAX_LINE - 1, FrameKind::Data(vec![0; MAX_LINE])))
        );
        f.push(b">");
        assert_eq!(
            f.next_frame().map(|fr| fr.kind),
            Some(FrameKind::Prompt(Prompt::Single))
        );
    }

    #[test]
    fn default_is_new() {
        let mut f = Framer::default();
        f.push(b"OK\n");
        assert_eq!(f.next_frame().map(|fr| fr.kind), Some(Ok));
    }
}
