//! What the [`Framer`](super::framer::Framer) produces: one classified piece of what the module sent.

use super::error_code::ModuleError;
use super::urc::Urc;

/// One classified piece of what the module sent. `raw` is exactly the bytes it was made from
/// (line ending and any stray bytes included): concatenating every frame's `raw`, then
/// `Framer::pending()`, reproduces the input byte for byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// What the bytes mean.
    pub kind: FrameKind,
    /// The bytes, exactly as received. May start with the LF of a CRLF whose CR ended the
    /// previous frame (see [`Framer`](super::framer::Framer)).
    pub raw: Vec<u8>,
}

/// What one frame means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameKind {
    /// The echo of the command line just sent (only when announced with `expect_echo`).
    Echo(String),
    /// An information line: `+CSQ: 15,99` is name `CSQ`, body `15,99`. The separator may be
    /// `:`, `=` or the full-width `：`; spaces after it are dropped. `+QICCID：OK` is an `Info`
    /// with body `OK` (no SIM), never a final `Ok`.
    Info {
        /// The name between `+` and the separator.
        name: String,
        /// Everything after the separator, leading spaces trimmed.
        body: String,
    },
    /// `OK`: the command succeeded (final).
    Ok,
    /// `ERROR`, `ERROR=<code>` or `+CME ERROR:<code>` (final when it answers a command; the CT11
    /// also prints `ERROR=104` on its own in TCP pairing mode without a client).
    Error(ModuleError),
    /// `>` or `>>`: the module waits for the announced number of raw bytes.
    Prompt(Prompt),
    /// An unsolicited line.
    Urc(Urc),
    /// Raw bytes announced by `$HTTPRECV:DATA,<len>` (may contain CR/LF), in chunks as they arrive.
    Body(Vec<u8>),
    /// Any other line, without its line ending (e.g. the bare IMEI, HTTP header lines); in
    /// transparent mode, the raw bytes as they arrive.
    Data(Vec<u8>),
    /// An empty line (or one holding only stray control bytes).
    Blank,
}

/// The two prompt forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prompt {
    /// `>` (QISEND, QMTPUBEX, certificates; HTTPDATA in the manual's example).
    Single,
    /// `>>` (HTTPDATA in the manual's table).
    Double,
}

impl FrameKind {
    /// `Ok` or `Error`: the line that ends an answer.
    pub fn is_final(&self) -> bool {
        matches!(self, FrameKind::Ok | FrameKind::Error(_))
    }

    /// Classify one complete line (without its line ending), ignoring echo: `Ok`, `Error`, `Urc`,
    /// `Info`, `Blank`, else `Data`. Stray control bytes, DEL and invalid UTF-8 around the text
    /// do not change the class.
    pub fn from_line(content: &[u8]) -> FrameKind {
        let text = line_text(content);
        if text == "OK" {
            return FrameKind::Ok;
        }
        if let Some(err) = parse_error(&text) {
            return FrameKind::Error(err);
        }
        if let Some(urc) = Urc::parse(&text) {
            return FrameKind::Urc(urc);
        }
        if let Some((name, body)) = parse_info(&text) {
            return FrameKind::Info { name, body };
        }
        if text.is_empty() {
            return FrameKind::Blank;
        }
        FrameKind::Data(content.to_vec())
    }
}

impl Frame {
    /// `Ok` or `Error`: the line that ends an answer.
    pub fn is_final(&self) -> bool {
        self.kind.is_final()
    }

    /// The received bytes as text for a log line: invalid UTF-8 replaced, line endings around
    /// it removed (a body or data chunk keeps its inner CR/LF).
    pub fn display_text(&self) -> String {
        let text = String::from_utf8_lossy(&self.raw);
        text.trim_matches(['\r', '\n']).to_string()
    }
}

/// The text a line is classified by: lossy UTF-8, with whitespace, control characters and
/// replacement characters (invalid bytes) trimmed from both ends. Serial lines pick up 0x00/0xFF
/// around a reset, and those must not turn an `OK` into data.
pub fn line_text(content: &[u8]) -> String {
    let trim = |c: char| c.is_whitespace() || c.is_control() || c == char::REPLACEMENT_CHARACTER;
    // Valid UTF-8 (nearly every line) is checked by the fast validator, not the lossy one.
    match std::str::from_utf8(content) {
        Ok(text) => text.trim_matches(trim).to_string(),
        Err(_) => String::from_utf8_lossy(content)
            .trim_matches(trim)
            .to_string(),
    }
}

/// The text an echo is recognised by: like [`line_text`], but with control characters and
/// invalid bytes removed *anywhere* in the line, since line noise can land inside the echo as
/// well as around it (one such byte must not turn a good answer into "no answer").
pub fn echo_text(content: &[u8]) -> String {
    String::from_utf8_lossy(content)
        .chars()
        .filter(|c| !(c.is_control() || *c == char::REPLACEMENT_CHARACTER))
        .collect::<String>()
        .trim()
        .to_string()
}

/// `ERROR`, `ERROR=103`, `ERROR: 103`, `+CME ERROR:10`, `+CME ERROR: 10`. An error line whose code
/// is not a number is still an error (`Plain`): the command failed, whatever the text says.
fn parse_error(text: &str) -> Option<ModuleError> {
    if let Some(rest) = text.strip_prefix("+CME ERROR") {
        return error_tail(rest).map(|code| code.map_or(ModuleError::Plain, ModuleError::Cme));
    }
    if let Some(rest) = text.strip_prefix("ERROR") {
        return error_tail(rest).map(|code| code.map_or(ModuleError::Plain, ModuleError::Code));
    }
    None
}

/// After the word ERROR: nothing (`Some(None)`), or a separator and a code. `None` when the word
/// runs on into something else (`ERRORS`), which is then not an error line at all.
fn error_tail(rest: &str) -> Option<Option<u16>> {
    let rest = rest.trim_start();
    if rest.is_empty() {
        return Some(None);
    }
    let code = rest.strip_prefix([':', '=', '：'])?.trim();
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Some(None);
    }
    Some(code.parse().ok())
}

/// `+NAME` followed (after optional spaces) by `:`, `=` or `：`.
fn parse_info(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix('+')?;
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    if name_len == 0 {
        return None;
    }
    let (name, rest) = rest.split_at(name_len);
    let body = rest.trim_start().strip_prefix([':', '=', '：'])?;
    Some((name.to_string(), body.trim_start().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(name: &str, body: &str) -> FrameKind {
        FrameKind::Info {
            name: name.into(),
            body: body.into(),
        }
    }

    #[test]
    fn classification_table() {
        let table: Vec<(&[u8], FrameKind)> = vec![
            (b"OK", FrameKind::Ok),
            (b"  OK ", FrameKind::Ok),
            (b"\xFF\x00OK", FrameKind::Ok),
            (b"OK\x00\x7F\xFE", FrameKind::Ok),
            (b"ERROR", FrameKind::Error(ModuleError::Plain)),
            (b"ERROR=103", FrameKind::Error(ModuleError::Code(103))),
            (b"ERROR = 104", FrameKind::Error(ModuleError::Code(104))),
            (b"ERROR: 201", FrameKind::Error(ModuleError::Code(201))),
            (b"ERROR=abc", FrameKind::Error(ModuleError::Plain)),
            (b"ERROR=99999", FrameKind::Error(ModuleError::Plain)),
            (b"+CME ERROR:10", FrameKind::Error(ModuleError::Cme(10))),
            (b"+CME ERROR: 10", FrameKind::Error(ModuleError::Cme(10))),
            (b"+CME ERROR", FrameKind::Error(ModuleError::Plain)),
            (b"ERRORS", FrameKind::Data(b"ERRORS".to_vec())),
            (b"RDY", FrameKind::Urc(Urc::Ready)),
            (b"CONNECT,ID:3", FrameKind::Urc(Urc::Connected { link: 3 })),
            (b"+QIOPEN,ID:3", FrameKind::Urc(Urc::Connected { link: 3 })),
            (b"+CSQ: 15,99", info("CSQ", "15,99")),
            (b"+CREG=0,1", info("CREG", "0,1")),
            (b"+CREG: 0,1", info("CREG", "0,1")),
            ("+QICCID：OK".as_bytes(), info("QICCID", "OK")),
            ("+QICCID：".as_bytes(), info("QICCID", "")),
            (
                b"+HTTPRQH:Content-Type:application/json",
                info("HTTPRQH", "Content-Type:application/json"),
            ),
            (b"+SINGLESIM : 0", info("SINGLESIM", "0")),
            (b"+QMTSTATU", FrameKind::Data(b"+QMTSTATU".to_vec())),
            (b"+", FrameKind::Data(b"+".to_vec())),
            (b"+++", FrameKind::Data(b"+++".to_vec())),
            (b"", FrameKind::Blank),
            (b"  \t", FrameKind::Blank),
            (b"\x00\xFF", FrameKind::Blank),
            (
                b"860720087453595",
                FrameKind::Data(b"860720087453595".to_vec()),
            ),
            (
                "中文：数据".as_bytes(),
                FrameKind::Data("中文：数据".as_bytes().to_vec()),
            ),
        ];
        for (line, kind) in table {
            assert_eq!(
                FrameKind::from_line(line),
                kind,
                "{:?}",
                String::from_utf8_lossy(line)
            );
        }
    }

    #[test]
    fn data_keeps_the_bytes_as_received() {
        assert_eq!(
            FrameKind::from_line(b"\xFFabc\x00"),
            FrameKind::Data(b"\xFFabc\x00".to_vec())
        );
    }

    #[test]
    fn finals() {
        assert!(FrameKind::Ok.is_final());
        assert!(FrameKind::Error(ModuleError::Plain).is_final());
        assert!(!FrameKind::Urc(Urc::Ready).is_final());
        assert!(!FrameKind::Blank.is_final());
        let f = Frame {
            kind: FrameKind::Ok,
            raw: b"\nOK\r\n".to_vec(),
        };
        assert!(f.is_final());
        assert_eq!(f.display_text(), "OK");
    }
}
