//! Text with escapes for the terminal's byte sender: `\x1A` (any byte in hex), `\r`, `\n`,
//! `\t`, `\0` and `\\`. Everything else is sent as its UTF-8 bytes.

use crate::i18n::Lang;

/// Why an escaped text cannot be turned into bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EscapeError {
    /// `\` followed by a character that is no escape.
    Unknown(char),
    /// `\x` not followed by two hex digits.
    BadHex(String),
    /// A lone `\` at the end.
    Trailing,
}

impl EscapeError {
    /// What is wrong and what to write instead.
    pub fn message(&self, lang: Lang) -> String {
        let known = r"\xHH, \r, \n, \t, \0, \\";
        match self {
            EscapeError::Unknown(c) => {
                crate::tr!(lang, "terminal-escape-unknown", c = c, known = known)
            }
            EscapeError::BadHex(s) => crate::tr!(lang, "terminal-escape-bad-hex", s = s),
            EscapeError::Trailing => lang.tr("terminal-escape-trailing").to_string(),
        }
    }
}

/// Turn escaped text into the bytes it stands for.
pub fn unescape(input: &str) -> Result<Vec<u8>, EscapeError> {
    let mut out = Vec::with_capacity(input.len());
    let mut chars = input.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        match chars.next() {
            None => return Err(EscapeError::Trailing),
            Some('r') => out.push(b'\r'),
            Some('n') => out.push(b'\n'),
            Some('t') => out.push(b'\t'),
            Some('0') => out.push(0),
            Some('\\') => out.push(b'\\'),
            Some('x' | 'X') => {
                let digits: String = chars.clone().take(2).collect();
                if digits.len() == 2 && digits.chars().all(|d| d.is_ascii_hexdigit()) {
                    out.push(
                        u8::from_str_radix(&digits, 16)
                            .map_err(|_| EscapeError::BadHex(digits.clone()))?,
                    );
                    chars.nth(1);
                } else {
                    return Err(EscapeError::BadHex(digits));
                }
            }
            Some(other) => return Err(EscapeError::Unknown(other)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(unescape(r"AT\r\n").unwrap(), b"AT\r\n");
        assert_eq!(unescape(r"\x1A").unwrap(), vec![0x1A]);
        assert_eq!(unescape(r"a\x1ab").unwrap(), vec![b'a', 0x1A, b'b']);
        assert_eq!(unescape(r"\\x1A").unwrap(), b"\\x1A");
        assert_eq!(unescape(r"\t\0").unwrap(), vec![9, 0]);
        assert_eq!(unescape("温").unwrap(), "温".as_bytes());
        assert_eq!(unescape("").unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn escape_errors() {
        assert_eq!(unescape(r"\q").unwrap_err(), EscapeError::Unknown('q'));
        assert_eq!(
            unescape(r"\x1").unwrap_err(),
            EscapeError::BadHex("1".into())
        );
        assert_eq!(
            unescape(r"\xZZ").unwrap_err(),
            EscapeError::BadHex("ZZ".into())
        );
        assert_eq!(unescape("ab\\").unwrap_err(), EscapeError::Trailing);
        assert!(EscapeError::Unknown('q').message(Lang::Zh).contains("\\q"));
    }
}
