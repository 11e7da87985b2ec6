//! How line bytes become text: control bytes as escapes (nothing is invisible), hex, search
//! matching, secret masking, and the saved-file line format.

use super::clock::Clock;
use super::note::Note;
use super::store::{Dir, Flags};
use crate::i18n::Lang;
use std::fmt::Write as _;
use std::ops::Range;

/// Characters shown as escapes: controls, the backslash itself (so an escape is never
/// ambiguous), and invisible format characters (zero-width spaces, BOM, direction marks).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || c == '\\'
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

fn write_escape(out: &mut String, c: char) {
    let _ = match c {
        '\r' => out.write_str("\\r"),
        '\n' => out.write_str("\\n"),
        '\t' => out.write_str("\\t"),
        '\\' => out.write_str("\\\\"),
        c if (c as u32) < 0x80 => write!(out, "\\x{:02X}", c as u32),
        c => write!(out, "\\u{{{:04X}}}", c as u32),
    };
}

/// Walk `bytes` as display pieces: `f(byte range, text, is_escape)`. Valid UTF-8 text passes
/// through; control and invisible characters become `\r`, `\n`, `\t`, `\\`, `\xNN`, `\u{NNNN}`;
/// bytes that are not UTF-8 become `\xNN`.
pub fn escape_pieces(bytes: &[u8], mut f: impl FnMut(Range<usize>, &str, bool)) {
    let mut pos = 0;
    let mut esc = String::new();
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        let mut run = 0;
        for (i, c) in valid.char_indices() {
            if needs_escape(c) {
                if run < i {
                    f(pos + run..pos + i, &valid[run..i], false);
                }
                esc.clear();
                write_escape(&mut esc, c);
                f(pos + i..pos + i + c.len_utf8(), &esc, true);
                run = i + c.len_utf8();
            }
        }
        if run < valid.len() {
            f(pos + run..pos + valid.len(), &valid[run..], false);
        }
        pos += valid.len();
        for &b in chunk.invalid() {
            esc.clear();
            let _ = write!(esc, "\\x{b:02X}");
            f(pos..pos + 1, &esc, true);
            pos += 1;
        }
    }
}

/// The bytes as escaped text.
pub fn escaped(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() + 8);
    escape_pieces(bytes, |_, t, _| s.push_str(t));
    s
}

/// The bytes as hex: `41 54 0D 0A`.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let _ = write!(s, "{b:02X}");
    }
    s
}

/// What the user typed in the search box, as the bytes to look for (ASCII lower-cased, because
/// the search ignores case). In hex view, hex digits (`0D 0A`, `0d0a`) are read as bytes; text
/// may use the escapes the view shows (`\r`, `\n`, `\t`, `\\`, `\xNN`). `None` when empty.
pub fn needle(query: &str, hex_view: bool) -> Option<Vec<u8>> {
    if query.is_empty() {
        return None;
    }
    if hex_view && let Some(b) = parse_hex(query) {
        return Some(b);
    }
    let mut out = Vec::with_capacity(query.len());
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match chars.peek().copied() {
            Some('r') => out.push(b'\r'),
            Some('n') => out.push(b'\n'),
            Some('t') => out.push(b'\t'),
            Some('\\') => out.push(b'\\'),
            Some('x') => {
                let mut it = chars.clone();
                it.next();
                let h: String = it.by_ref().take(2).collect();
                match (h.len() == 2)
                    .then(|| u8::from_str_radix(&h, 16).ok())
                    .flatten()
                {
                    Some(b) => {
                        out.push(b);
                        chars = it;
                        continue;
                    }
                    None => {
                        out.push(b'\\');
                        continue;
                    }
                }
            }
            _ => {
                out.push(b'\\');
                continue;
            }
        }
        chars.next();
    }
    out.make_ascii_lowercase();
    Some(out)
}

fn parse_hex(q: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = q.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if digits.is_empty()
        || !digits.len().is_multiple_of(2)
        || !digits.iter().all(u8::is_ascii_hexdigit)
    {
        return None;
    }
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok())
        .collect()
}

/// Does `hay` contain `needle` (already lower-cased), ignoring ASCII case?
pub fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    find_ci(hay, needle, 0).is_some()
}

fn find_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    if hay.len() < needle.len() {
        return None;
    }
    let last = hay.len() - needle.len();
    let mut i = from;
    while i <= last {
        if hay[i].to_ascii_lowercase() == first
            && hay[i + 1..i + needle.len()]
                .iter()
                .zip(rest)
                .all(|(a, b)| a.to_ascii_lowercase() == *b)
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Every (non-overlapping) place `needle` occurs in `hay`, ignoring ASCII case.
pub fn matches_ci(hay: &[u8], needle: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = find_ci(hay, needle, from) {
        out.push(i..i + needle.len());
        from = i + needle.len();
    }
    out
}

/// Whether a terminal line carries a secret (see [`crate::at::command::line_secrets`]).
pub fn line_has_secret(line: &str) -> bool {
    !crate::at::command::line_secrets(line).is_empty()
}

/// The secrets in a logged line (sent or received), found by what the line is.
pub fn secrets_in(bytes: &[u8]) -> Vec<String> {
    use crate::at::command::{line_secrets, may_hold_secrets};
    // Every received line passes here: look at how it starts before copying it into text (a
    // flood of `+QMTRECV:` spent a tenth of the window's time on that copy).
    if !may_hold_secrets(bytes) {
        return Vec::new();
    }
    line_secrets(&String::from_utf8_lossy(bytes))
}

/// `bytes` with every range of `masks` (sorted, merged) replaced by `***`: what the on-screen
/// log draws while secrets are hidden.
pub fn masked_bytes(bytes: &[u8], masks: &[Range<usize>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    for m in masks {
        let (s, e) = (m.start.min(bytes.len()), m.end.min(bytes.len()));
        if s > pos {
            out.extend_from_slice(&bytes[pos..s]);
        }
        if e > s.max(pos) {
            out.extend_from_slice(b"***");
        }
        pos = pos.max(e);
    }
    if pos < bytes.len() {
        out.extend_from_slice(&bytes[pos..]);
    }
    out
}

/// Where any of `secrets` occurs in `bytes` (exact bytes), merged and in order.
pub fn secret_ranges(bytes: &[u8], secrets: &[String]) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = Vec::new();
    for s in secrets {
        let s = s.as_bytes();
        if s.is_empty() || s.len() > bytes.len() {
            continue;
        }
        let mut i = 0;
        while i + s.len() <= bytes.len() {
            if &bytes[i..i + s.len()] == s {
                found.push(i..i + s.len());
                i += s.len();
            } else {
                i += 1;
            }
        }
    }
    found.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(found.len());
    for r in found {
        match merged.last_mut() {
            Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Escaped text with each masked range (sorted, within `bytes`) replaced by `***`.
pub fn escaped_masked(out: &mut String, bytes: &[u8], masks: &[Range<usize>]) {
    let mut pos = 0;
    for m in masks {
        let (s, e) = (m.start.min(bytes.len()), m.end.min(bytes.len()));
        if s > pos {
            escape_pieces(&bytes[pos..s], |_, t, _| out.push_str(t));
        }
        if e > s {
            out.push_str("***");
        }
        pos = pos.max(e);
    }
    if pos < bytes.len() {
        escape_pieces(&bytes[pos..], |_, t, _| out.push_str(t));
    }
}

/// `TX`, `RX`, or `--` for a note.
pub fn dir_code(dir: Dir) -> &'static str {
    match dir {
        Dir::Tx => "TX",
        Dir::Rx => "RX",
        Dir::Note => "--",
    }
}

/// One line of a saved log (or of copied text), newline included:
/// `2026-11-05 14:03:21.123 TX sent   AT+CSQ\r\n`.
pub fn file_line(
    out: &mut String,
    clock: &Clock,
    lang: Lang,
    at_us: u64,
    flags: Flags,
    bytes: &[u8],
    masks: &[Range<usize>],
) {
    let t = clock.civil(at_us);
    let _ = write!(
        out,
        "{} {} {} {:<6} ",
        t.date(),
        t.time(),
        dir_code(flags.dir()),
        flags.tag().file_name()
    );
    if flags.dir() == Dir::Note {
        match Note::decode(bytes) {
            Some(n) => out.push_str(&n.text(lang)),
            None => escaped_masked(out, bytes, masks),
        }
    } else {
        escaped_masked(out, bytes, masks);
    }
    out.push('\n');
}

/// Groups consecutive lines of one event and masks secrets across their line cuts, then writes
/// them as file lines. Feed lines in order with [`Redactor::line`], then [`Redactor::finish`].
pub struct Redactor<'a> {
    secrets: &'a [String],
    redact: bool,
    clock: &'a Clock,
    lang: Lang,
    group: Vec<(u64, Flags, Vec<u8>)>,
}

impl<'a> Redactor<'a> {
    pub fn new(secrets: &'a [String], redact: bool, clock: &'a Clock, lang: Lang) -> Self {
        Redactor {
            secrets,
            redact,
            clock,
            lang,
            group: Vec::new(),
        }
    }

    /// Add a line; writes any finished group to `out`.
    pub fn line(&mut self, out: &mut String, at_us: u64, flags: Flags, bytes: &[u8]) {
        if !flags.continued() {
            self.flush(out);
        }
        self.group.push((at_us, flags, bytes.to_vec()));
    }

    /// Write what is left.
    pub fn finish(&mut self, out: &mut String) {
        self.flush(out);
    }

    fn flush(&mut self, out: &mut String) {
        if self.group.is_empty() {
            return;
        }
        let masks = if self.redact && !self.secrets.is_empty() {
            let all: Vec<u8> = self
                .group
                .iter()
                .flat_map(|g| g.2.iter().copied())
                .collect();
            secret_ranges(&all, self.secrets)
        } else {
            Vec::new()
        };
        let mut start = 0;
        for (at, flags, bytes) in self.group.drain(..) {
            let end = start + bytes.len();
            let local: Vec<Range<usize>> = masks
                .iter()
                .filter(|m| m.start < end && m.end > start)
                .map(|m| m.start.max(start) - start..m.end.min(end) - start)
                .collect();
            file_line(out, self.clock, self.lang, at, flags, &bytes, &local);
            start = end;
        }
    }
}

/// `12,345`
pub fn thousands(n: u64) -> String {
    crate::i18n::thousands(n)
}

/// `512 KiB`, `3.2 MiB`
pub fn size(bytes: u64) -> String {
    const K: f64 = 1024.0;
    let b = bytes as f64;
    if b < K * K {
        format!("{:.0} KiB", (b / K).ceil())
    } else if b < K * K * K {
        format!("{:.1} MiB", b / K / K)
    } else {
        format!("{:.2} GiB", b / K / K / K)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_look_for_secrets_finds_what_the_full_reading_finds() {
        let lines: [&[u8]; 12] = [
            b"AT+QMTCFG=\"user\",0,\"alice\",\"s3cret\"\r\n",
            b"  at+qmtcfg=\"user\",0,\"alice\",\"s3cret\"",
            b"\0\0+QMTCFG: \"user\",0,\"alice\",\"s3cret\"\r\n",
            b"AT+HTTPRQH=\"Authorization\",\"Bearer abc\"\r\n",
            b"+HTTPRQH: Authorization:Bearer abc\r\n",
            "\u{3000}AT+QMTCFG=\"user\",0,\"alice\",\"s3cret\"".as_bytes(),
            b"+QMTRECV: 0,0,\"t\",\"AT+QMTCFG=\"user\",0,\"a\",\"b\"\"",
            b"+CSQ: 20,99\r\n",
            b"OK\r\n",
            b"",
            b"\xff\xfeAT+QMTCFG=\"user\",0,\"a\",\"b\"",
            b"AT+QMTCFG",
        ];
        for l in lines {
            let full = crate::at::command::line_secrets(&String::from_utf8_lossy(l));
            assert_eq!(secrets_in(l), full, "{:?}", String::from_utf8_lossy(l));
        }
        assert!(!secrets_in(lines[0]).is_empty(), "the case is not empty");
    }
    use crate::ui::log::store::Tag;

    #[test]
    fn escapes_make_everything_visible() {
        assert_eq!(escaped(b"AT\r\n"), "AT\\r\\n");
        assert_eq!(escaped(b"\x00a\x1Ab\\"), "\\x00a\\x1Ab\\\\");
        assert_eq!(escaped(b"\xFF\xFEok"), "\\xFF\\xFEok");
        assert_eq!(escaped("数据\u{200B}".as_bytes()), "数据\\u{200B}");
        assert_eq!(escaped("\t\u{85}".as_bytes()), "\\t\\u{0085}");
    }

    #[test]
    fn pieces_cover_every_byte() {
        let input = b"a\r\xFF\xC3\xA9\x00z";
        let mut covered = 0;
        escape_pieces(input, |r, _, _| {
            assert_eq!(r.start, covered);
            covered = r.end;
        });
        assert_eq!(covered, input.len());
    }

    #[test]
    fn hex_shows_every_byte() {
        assert_eq!(hex(b"AT\r\n"), "41 54 0D 0A");
        assert_eq!(hex(b""), "");
    }

    #[test]
    fn needles() {
        assert_eq!(needle("CSQ", false), Some(b"csq".to_vec()));
        assert_eq!(needle("OK\\r\\n", false), Some(b"ok\r\n".to_vec()));
        assert_eq!(needle("\\x1a", false), Some(vec![0x1a]));
        assert_eq!(needle("\\xZZ", false), Some(b"\\xzz".to_vec()));
        assert_eq!(needle("0D 0a", true), Some(vec![0x0d, 0x0a]));
        assert_eq!(needle("ok", true), Some(b"ok".to_vec()));
        assert_eq!(needle("", false), None);
    }

    #[test]
    fn case_insensitive_matches() {
        assert!(contains_ci(b"+CSQ: 15,99", b"csq"));
        assert!(!contains_ci(b"+CSQ", b"creg"));
        assert_eq!(matches_ci(b"okOKok", b"ok"), vec![0..2, 2..4, 4..6]);
        assert!(contains_ci("数据".as_bytes(), "数".as_bytes()));
    }

    #[test]
    fn secrets_are_masked() {
        let s = vec!["hunter22".to_string(), "hunter".to_string()];
        let r = secret_ranges(b"pw=\"hunter22\" or hunter", &s);
        assert_eq!(r, vec![4..12, 17..23]);
        let mut out = String::new();
        escaped_masked(&mut out, b"pw=\"hunter22\"\r\n", &r[..1]);
        assert_eq!(out, "pw=\"***\"\\r\\n");
    }

    #[test]
    fn redaction_spans_line_cuts() {
        let clock = Clock::utc();
        let secrets = vec!["SECRET".to_string()];
        let mut r = Redactor::new(&secrets, true, &clock, Lang::En);
        let mut out = String::new();
        let first = Flags::new(Dir::Tx, Tag::Sent, false, false);
        r.line(&mut out, 0, first, b"xxSEC");
        r.line(&mut out, 0, Flags(first.0 | 0x80), b"RETyy\r\n");
        r.finish(&mut out);
        assert!(!out.contains("SEC") && !out.contains("RET"), "{out}");
        assert_eq!(out.matches("***").count(), 2);
    }

    #[test]
    fn numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(size(3 * 1024 * 1024 + 200_000), "3.2 MiB");
    }
}
