//! PEM structure (RFC 7468): `-----BEGIN <label>-----`, base64 lines, `-----END <label>-----`.
//! Checked strictly here, because the module stores the bytes as they are and a file that only
//! looks like PEM fails later, on the TLS handshake, where nobody can see why.

use super::error::PemFault;

/// One complete PEM block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub label: String,
    /// The base64 text, lines joined, whitespace removed.
    pub base64: String,
}

/// Split `text` into its PEM blocks. Text outside blocks (explanatory lines) is allowed.
pub fn scan(text: &str) -> Result<Vec<Block>, PemFault> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    for raw in text.split('\n') {
        let line = raw.trim();
        match &mut open {
            None => {
                if let Some(label) = marker(line, "BEGIN") {
                    open = Some(Block {
                        label: label.to_string(),
                        base64: String::new(),
                    });
                }
            }
            Some(block) => {
                if let Some(end) = marker(line, "END") {
                    if end != block.label {
                        return Err(PemFault::Mismatched {
                            begin: block.label.clone(),
                            end: end.to_string(),
                        });
                    }
                    if let Some(b) = open.take() {
                        blocks.push(b);
                    }
                } else if marker(line, "BEGIN").is_some() {
                    return Err(PemFault::Unterminated {
                        label: block.label.clone(),
                    });
                } else if !line.contains(':') {
                    // Lines with ':' are RFC 1421 headers (Proc-Type, DEK-Info), not data.
                    block.base64.push_str(line);
                }
            }
        }
    }
    if let Some(b) = open {
        return Err(PemFault::Unterminated { label: b.label });
    }
    if blocks.is_empty() {
        return Err(PemFault::NoBlock);
    }
    Ok(blocks)
}

/// `-----BEGIN X-----` → `X` (for `kind` = "BEGIN").
fn marker<'a>(line: &'a str, kind: &str) -> Option<&'a str> {
    line.strip_prefix("-----")?
        .strip_suffix("-----")?
        .strip_prefix(kind)?
        .strip_prefix(' ')
        .map(str::trim)
}

/// Decode standard base64 (with `=` padding, whitespace already removed).
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let chunks = bytes.chunks_exact(4);
    let last = chunks.len() - 1;
    for (i, chunk) in chunks.enumerate() {
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && i != last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            n = (n << 6) | value(c)?;
        }
        n <<= 6 * pad as u32;
        let b = n.to_be_bytes();
        out.extend_from_slice(&b[1..4 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_faults() {
        let ok =
            "subject=CN=x\n-----BEGIN CERTIFICATE-----\r\nTWFu\r\n-----END CERTIFICATE-----\r\n";
        let b = scan(ok).unwrap();
        assert_eq!(b[0].label, "CERTIFICATE");
        assert_eq!(b[0].base64, "TWFu");
        assert_eq!(scan("hello"), Err(PemFault::NoBlock));
        assert_eq!(
            scan("-----BEGIN CERTIFICATE-----\nTWFu\n"),
            Err(PemFault::Unterminated {
                label: "CERTIFICATE".into()
            })
        );
        assert_eq!(
            scan("-----BEGIN CERTIFICATE-----\nTWFu\n-----END PRIVATE KEY-----"),
            Err(PemFault::Mismatched {
                begin: "CERTIFICATE".into(),
                end: "PRIVATE KEY".into()
            })
        );
    }

    #[test]
    fn base64() {
        assert_eq!(decode_base64("TWFu").unwrap(), b"Man");
        assert_eq!(decode_base64("TWE=").unwrap(), b"Ma");
        assert_eq!(decode_base64("TQ==").unwrap(), b"M");
        assert_eq!(decode_base64("TQ==TWFu"), None);
        assert_eq!(decode_base64("TW*u"), None);
        assert_eq!(decode_base64("TWF"), None);
    }
}
