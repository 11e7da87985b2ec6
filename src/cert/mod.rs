//! Certificate files for the module's TLS (`AT+MQTTCERTIFI`, `AT+HTTPCERTIFI`), shared by the
//! GUI's certificate pickers, the `cert` command and profiles.
//!
//! The module takes the certificate as raw bytes at a `>` prompt, at most 2048 of them, and
//! stores them as they are: the bytes uploaded are exactly the file's bytes (no line ending is
//! added, trimmed or converted). What the module needs is a PEM text certificate; everything
//! else is reported here as a [`CertError`] that says what to do, before anything is sent.
//!
//! - [`error`]: the problems, in English and Chinese.
//! - [`pem`]: PEM structure and base64.
//! - [`details`]: subject, issuer and validity, read with `x509-parser`.

pub mod details;
pub mod error;
pub mod fingerprint;
pub mod pem;

pub use details::{CertDetails, Validity};
pub use error::{CertError, PemFault};

use std::io::Read;
use std::path::Path;

/// The module's limit for a certificate, in bytes (manual §6.6.9, §6.7.5). 2048 itself is fine.
pub const MAX_CERT_BYTES: usize = crate::at::mqtt::MAX_PAYLOAD;

/// Files larger than this are not read at all: no certificate the module can take is anywhere
/// near it, and reading a huge file picked by mistake would stall the window.
pub const READ_LIMIT: u64 = 256 * 1024;

/// A certificate file as picked by the user: its exact bytes and what could be learned from them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertFile {
    /// The file name (no directory), for display and messages.
    pub name: String,
    bytes: Vec<u8>,
    /// ASCII text with matching `-----BEGIN ...-----` / `-----END ...-----` lines.
    pub is_pem: bool,
    /// Every certificate that could be parsed, in file order (a chain has several).
    pub certificates: Vec<CertDetails>,
    /// How many certificate blocks (or DER certificates) the file holds, parsed or not.
    pub certificate_count: usize,
    problems: Vec<CertError>,
}

impl CertFile {
    /// Read a certificate file. Fails only when the file cannot be read, or is far too large to
    /// be a certificate for the module (then the error says by how much it is over).
    pub fn load(path: &Path) -> Result<CertFile, CertError> {
        let shown = path.display().to_string();
        let read_err = |e: std::io::Error| CertError::Read {
            path: shown.clone(),
            reason: e.to_string(),
        };
        let file = std::fs::File::open(path).map_err(read_err)?;
        let size = file.metadata().map_err(read_err)?.len();
        if size > READ_LIMIT {
            return Err(CertError::TooLarge {
                size: usize::try_from(size).unwrap_or(usize::MAX),
                certificates: 0,
                crlf: 0,
            });
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        file.take(READ_LIMIT + 1)
            .read_to_end(&mut bytes)
            .map_err(read_err)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| shown.clone());
        Ok(Self::from_bytes(&name, bytes))
    }

    /// Examine bytes that came from somewhere else (a profile, a test).
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> CertFile {
        let mut f = CertFile {
            name: name.to_string(),
            bytes,
            is_pem: false,
            certificates: Vec::new(),
            certificate_count: 0,
            problems: Vec::new(),
        };
        f.examine();
        f
    }

    /// The exact bytes to upload.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Size in bytes (what the module counts).
    pub fn size(&self) -> usize {
        self.bytes.len()
    }

    /// Within the module's 2048-byte limit.
    pub fn fits(&self) -> bool {
        self.size() <= MAX_CERT_BYTES
    }

    /// The first certificate's subject, when it could be parsed.
    pub fn subject(&self) -> Option<&str> {
        self.certificates.first().map(|c| c.subject.as_str())
    }

    /// The first certificate's expiry (`not after`, seconds since 1970 UTC), when parsed.
    pub fn not_after(&self) -> Option<i64> {
        self.certificates.first().map(|c| c.not_after)
    }

    /// Everything that keeps the file from being uploaded; empty when it can be.
    pub fn problems(&self) -> &[CertError] {
        &self.problems
    }

    /// Whether the file can be uploaded as it is.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    fn examine(&mut self) {
        if self.bytes.is_empty() {
            self.problems.push(CertError::Empty);
            return;
        }
        let text = std::str::from_utf8(&self.bytes).ok().filter(|t| {
            !t.chars()
                .any(|c| c.is_control() && !matches!(c, '\r' | '\n' | '\t'))
        });
        let Some(text) = text else {
            let details = CertDetails::from_der(&self.bytes);
            self.certificate_count = usize::from(details.is_some());
            self.certificates.extend(details);
            self.problems.push(CertError::Binary {
                der_certificate: self.certificate_count > 0,
                file_name: self.name.clone(),
            });
            self.push_size_problem();
            return;
        };
        let ascii = match self.bytes.iter().position(|b| !b.is_ascii()) {
            None => true,
            Some(offset) => {
                let bom = self.bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
                self.problems.push(CertError::NonAscii { offset, bom });
                false
            }
        };
        match pem::scan(text.trim_start_matches('\u{feff}')) {
            Err(fault) => self.problems.push(CertError::NotPem(fault)),
            Ok(blocks) => {
                self.is_pem = ascii;
                self.examine_blocks(&blocks);
            }
        }
        self.push_size_problem();
    }

    fn examine_blocks(&mut self, blocks: &[pem::Block]) {
        let mut damaged = false;
        for b in blocks {
            if b.label.contains("PRIVATE KEY") {
                if !self.problems.contains(&CertError::PrivateKey) {
                    self.problems.push(CertError::PrivateKey);
                }
            } else if is_certificate_label(&b.label) {
                self.certificate_count += 1;
                match pem::decode_base64(&b.base64) {
                    Some(der) => self.certificates.extend(CertDetails::from_der(&der)),
                    None => damaged = true,
                }
            }
        }
        if damaged {
            self.problems.push(CertError::Damaged);
        }
        if self.certificate_count == 0
            && !self.problems.contains(&CertError::PrivateKey)
            && let Some(b) = blocks.first()
        {
            self.problems.push(CertError::NotACertificate {
                label: b.label.clone(),
            });
        }
    }

    fn push_size_problem(&mut self) {
        if !self.fits() {
            let crlf = self.bytes.windows(2).filter(|w| w == b"\r\n").count();
            // Said first: it is the one fact that holds whatever else is wrong.
            self.problems.insert(
                0,
                CertError::TooLarge {
                    size: self.size(),
                    certificates: self.certificate_count,
                    crlf,
                },
            );
        }
    }
}

fn is_certificate_label(label: &str) -> bool {
    matches!(
        label,
        "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_not_pem() {
        let f = CertFile::from_bytes("notes.txt", b"hello\n".to_vec());
        assert!(!f.is_pem);
        assert_eq!(f.problems(), &[CertError::NotPem(PemFault::NoBlock)]);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let f = CertFile::from_bytes("x.bin", vec![0x30, 0x82, 0, 1, 2]);
        assert_eq!(
            f.problems(),
            &[CertError::Binary {
                der_certificate: false,
                file_name: "x.bin".into()
            }]
        );
    }

    #[test]
    fn bytes_are_kept_exactly() {
        let raw = b"-----BEGIN CERTIFICATE-----\r\nTWFu\r\n-----END CERTIFICATE-----".to_vec();
        let f = CertFile::from_bytes("a.pem", raw.clone());
        assert_eq!(f.bytes(), &raw[..]);
        assert!(f.is_pem);
        // "Man" is not a certificate, but its block is well formed: nothing to report except
        // that the details cannot be read.
        assert!(f.is_ok());
        assert_eq!(f.subject(), None);
    }
}
