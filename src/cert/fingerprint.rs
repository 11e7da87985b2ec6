//! The SHA-256 fingerprint of a certificate: what the app shows instead of a certificate's
//! bytes, so an installer can tell certificates apart (and compare with what
//! `openssl x509 -noout -fingerprint -sha256 -in ca.pem` prints) without the whole text
//! on screen.

use super::pem;

/// `AB:CD:…` (32 bytes, upper-case hex, colon-separated) of the first certificate in `bytes`,
/// taken over its DER encoding, so PEM line endings (which the module's query does not keep)
/// do not change it. `bytes` may be PEM text or DER. `None` if no certificate is found.
pub fn sha256_fingerprint(bytes: &[u8]) -> Option<String> {
    let der = first_der(bytes)?;
    let digest = ring::digest::digest(&ring::digest::SHA256, &der);
    Some(colon_hex(digest.as_ref()))
}

/// The fingerprint shortened for a line of text: the first and last four bytes.
pub fn short(fingerprint: &str) -> String {
    let parts: Vec<&str> = fingerprint.split(':').collect();
    if parts.len() <= 8 {
        return fingerprint.to_string();
    }
    format!(
        "{}…{}",
        parts[..4].join(":"),
        parts[parts.len() - 4..].join(":")
    )
}

fn first_der(bytes: &[u8]) -> Option<Vec<u8>> {
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Ok(blocks) = pem::scan(text)
    {
        let b = blocks.iter().find(|b| b.label == "CERTIFICATE")?;
        return pem::decode_base64(&b.base64);
    }
    // DER: a SEQUENCE.
    (bytes.first() == Some(&0x30)).then(|| bytes.to_vec())
}

fn colon_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/certs")
                .join(name),
        )
        .unwrap()
    }

    /// The fingerprint is the DER's: the PEM file, the same file with CRLF line endings and
    /// the DER file all give what OpenSSL printed for the fixture.
    #[test]
    fn over_the_der_whatever_the_encoding() {
        let pem = fixture("ca.pem");
        let fp = sha256_fingerprint(&pem).unwrap();
        // `openssl x509 -noout -fingerprint -sha256 -in tests/fixtures/certs/ca.pem`
        assert_eq!(
            fp,
            "60:1F:35:32:94:47:1E:99:D6:A6:93:17:C3:85:BA:9F:81:89:CF:3A:4B:75:B4:95:44:F2:35:38:67:B9:DB:5A"
        );
        let crlf = String::from_utf8(pem.clone())
            .unwrap()
            .replace('\n', "\r\n");
        assert_eq!(sha256_fingerprint(crlf.as_bytes()).as_deref(), Some(&*fp));
        assert_eq!(
            sha256_fingerprint(&fixture("ca.der")).as_deref(),
            Some(&*fp)
        );
        assert_eq!(sha256_fingerprint(b"hello"), None);
        assert_eq!(short(&fp).matches(':').count(), 6);
    }
}
