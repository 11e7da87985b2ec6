//! What can be wrong with a certificate file, in plain words and in both languages, each with
//! what to do about it.

use super::MAX_CERT_BYTES;
use crate::i18n::Lang;
use crate::tr;

/// Why a PEM-looking text is not usable PEM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PemFault {
    /// No `-----BEGIN ...-----` line at all.
    NoBlock,
    /// A `-----BEGIN <label>-----` line with no `-----END ...-----` after it.
    Unterminated { label: String },
    /// `-----BEGIN <begin>-----` closed by `-----END <end>-----`.
    Mismatched { begin: String, end: String },
}

/// A problem that keeps a certificate file from being uploaded to the module.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum CertError {
    /// The file could not be read.
    Read { path: String, reason: String },
    /// The file has no bytes.
    Empty,
    /// Over the module's 2048-byte limit. `crlf` is how many CR bytes (Windows line endings) the
    /// file has: saving it with LF line endings would save that many bytes.
    TooLarge {
        size: usize,
        certificates: usize,
        crlf: usize,
    },
    /// Text, but not PEM.
    NotPem(PemFault),
    /// Binary data. `der_certificate`: it parses as a DER certificate (convertible with openssl).
    Binary {
        der_certificate: bool,
        file_name: String,
    },
    /// Text with a character outside ASCII; `bom`: the file starts with a UTF-8 byte-order mark.
    NonAscii { offset: usize, bom: bool },
    /// The file holds a private key.
    PrivateKey,
    /// A PEM block that is not a certificate (a certificate request, a public key…).
    NotACertificate { label: String },
    /// A certificate block whose base64 text does not decode.
    Damaged,
}

impl CertError {
    /// The problem and what to fix, in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CertError::Read { path, reason } => {
                tr!(lang, "cert-error-read", path = path, reason = reason)
            }
            CertError::Empty => lang.tr("cert-error-the-file-is-empty-pick-the").into(),
            CertError::TooLarge {
                size,
                certificates,
                crlf,
            } => {
                let over = size.saturating_sub(MAX_CERT_BYTES);
                let head = tr!(
                    lang,
                    "cert-error-too-large-size",
                    size = *size,
                    over = over,
                    max = MAX_CERT_BYTES
                );
                let what_to_do = if *crlf >= over && *crlf > 0 {
                    tr!(lang, "cert-error-too-large-crlf", crlf = *crlf)
                } else if *certificates > 1 {
                    tr!(lang, "cert-error-too-large-chain", n = *certificates)
                } else {
                    lang.tr("cert-error-use-only-the-ca-certificate-that")
                        .into()
                };
                lang.sentences(&[&head, &what_to_do])
            }
            CertError::NotPem(PemFault::NoBlock) => {
                lang.tr("cert-error-the-file-is-text-but-not-a-pem").into()
            }
            CertError::NotPem(PemFault::Unterminated { label }) => {
                tr!(lang, "cert-error-unterminated", label = label)
            }
            CertError::NotPem(PemFault::Mismatched { begin, end }) => {
                tr!(lang, "cert-error-mismatched", begin = begin, end = end)
            }
            CertError::Binary {
                der_certificate,
                file_name,
            } => {
                let pem_name = pem_name_for(file_name);
                let cmd =
                    format!("openssl x509 -inform der -in \"{file_name}\" -out \"{pem_name}\"");
                if *der_certificate {
                    tr!(lang, "cert-error-binary-der-certificate", cmd = cmd)
                } else {
                    tr!(lang, "cert-error-binary-data", cmd = cmd)
                }
            }
            CertError::NonAscii { bom: true, .. } => lang
                .tr("cert-error-the-file-starts-with-a-byte-order")
                .into(),
            CertError::NonAscii { offset, bom: false } => {
                tr!(lang, "cert-error-non-ascii", offset = offset)
            }
            CertError::PrivateKey => lang
                .tr("cert-error-this-file-holds-a-private-key-never")
                .into(),
            CertError::NotACertificate { label } => {
                tr!(lang, "cert-error-not-a-certificate-label", label = label)
            }
            CertError::Damaged => lang
                .tr("cert-error-the-certificate-text-is-damaged-its")
                .into(),
        }
    }

    /// A short name for the problem (for lists and the command line).
    pub fn short(&self, lang: Lang) -> &'static str {
        match self {
            CertError::Read { .. } => lang.tr("cert-error-cannot-be-read"),
            CertError::Empty => lang.tr("cert-error-empty"),
            CertError::TooLarge { .. } => lang.tr("cert-error-too-large"),
            CertError::NotPem(_) => lang.tr("cert-error-not-pem"),
            CertError::Binary { .. } => lang.tr("cert-error-binary-der"),
            CertError::NonAscii { .. } => lang.tr("cert-error-not-plain-ascii"),
            CertError::PrivateKey => lang.tr("cert-error-private-key"),
            CertError::NotACertificate { .. } => lang.tr("cert-error-not-a-certificate"),
            CertError::Damaged => lang.tr("cert-error-damaged"),
        }
    }
}

/// `ca.der` → `ca.pem`; `cert` → `cert.pem`.
fn pem_name_for(file_name: &str) -> String {
    let stem = match file_name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file_name,
    };
    format!("{stem}.pem")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_to_fix_in_both_languages() {
        let e = CertError::TooLarge {
            size: 2049,
            certificates: 1,
            crlf: 0,
        };
        assert!(e.message(Lang::En).contains("1 byte over"));
        assert!(
            e.message(Lang::Zh)
                .contains("超出模块 2048 字节上限 1 字节")
        );
        let e = CertError::Binary {
            der_certificate: true,
            file_name: "ca.der".into(),
        };
        assert!(
            e.message(Lang::En)
                .contains("openssl x509 -inform der -in \"ca.der\" -out \"ca.pem\"")
        );
        assert!(e.message(Lang::Zh).contains("openssl x509 -inform der"));
        let crlf = CertError::TooLarge {
            size: 2060,
            certificates: 1,
            crlf: 40,
        };
        assert!(
            crlf.message(Lang::En)
                .contains("LF line endings saves 40 bytes")
        );
        assert_eq!(pem_name_for("cert"), "cert.pem");
        assert_eq!(pem_name_for(".hidden"), ".hidden.pem");
    }
}
