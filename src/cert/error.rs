//! What can be wrong with a certificate file, in plain words and in both languages, each with
//! what to do about it.

use super::MAX_CERT_BYTES;
use crate::i18n::Lang;

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
        let zh = lang == Lang::Zh;
        match self {
            CertError::Read { path, reason } => {
                if zh {
                    format!("无法读取文件 {path}：{reason}。请检查文件是否存在以及是否有读取权限。")
                } else {
                    format!(
                        "Could not read {path}: {reason}. Check that the file exists and that you may read it."
                    )
                }
            }
            CertError::Empty => lang.tr("cert-error-the-file-is-empty-pick-the").into(),
            CertError::TooLarge {
                size,
                certificates,
                crlf,
            } => {
                let over = size.saturating_sub(MAX_CERT_BYTES);
                let mut s = if zh {
                    format!("文件为 {size} 字节，超出模块 {MAX_CERT_BYTES} 字节上限 {over} 字节。")
                } else {
                    format!(
                        "The file is {size} bytes: {over} {} over the module's {MAX_CERT_BYTES}-byte limit. ",
                        if over == 1 { "byte" } else { "bytes" }
                    )
                };
                if *crlf >= over && *crlf > 0 {
                    s.push_str(&if zh {
                        format!(
                            "文件使用 Windows 换行符（CR LF），改存为 LF 换行可减少 {crlf} 字节，即可满足上限。"
                        )
                    } else {
                        format!(
                            "It has Windows line endings (CR LF): saving it with LF line endings saves {crlf} bytes, enough to fit. "
                        )
                    });
                } else if *certificates > 1 {
                    s.push_str(&if zh {
                        format!(
                            "文件包含 {certificates} 个证书（证书链），请只保留签发服务器证书的根 CA 证书。"
                        )
                    } else {
                        format!(
                            "It holds {certificates} certificates (a chain): keep only the root CA certificate that signed the server's certificate. "
                        )
                    });
                } else {
                    s.push_str(lang.tr("cert-error-use-only-the-ca-certificate-that"));
                }
                s.trim_end().to_string()
            }
            CertError::NotPem(PemFault::NoBlock) => {
                lang.tr("cert-error-the-file-is-text-but-not-a-pem").into()
            }
            CertError::NotPem(PemFault::Unterminated { label }) => {
                if zh {
                    format!(
                        "\"-----BEGIN {label}-----\" 之后没有对应的 END 行：文件不完整。请重新完整复制证书。"
                    )
                } else {
                    format!(
                        "\"-----BEGIN {label}-----\" has no matching END line: the file is cut off. Copy the whole certificate again."
                    )
                }
            }
            CertError::NotPem(PemFault::Mismatched { begin, end }) => {
                if zh {
                    format!(
                        "\"-----BEGIN {begin}-----\" 与 \"-----END {end}-----\" 不匹配：文件已损坏。请重新复制证书。"
                    )
                } else {
                    format!(
                        "\"-----BEGIN {begin}-----\" is closed by \"-----END {end}-----\": the file is damaged. Copy the certificate again."
                    )
                }
            }
            CertError::Binary {
                der_certificate,
                file_name,
            } => {
                let pem_name = pem_name_for(file_name);
                let cmd =
                    format!("openssl x509 -inform der -in \"{file_name}\" -out \"{pem_name}\"");
                match (der_certificate, zh) {
                    (true, false) => format!(
                        "This is a binary (DER) certificate; the module needs PEM text. Convert it to PEM with: {cmd}"
                    ),
                    (true, true) => {
                        format!(
                            "这是二进制（DER）格式的证书，模块需要 PEM 文本格式。请用以下命令转换为 PEM：{cmd}"
                        )
                    }
                    (false, false) => format!(
                        "The file is binary, not a PEM text certificate. If it is a DER certificate, convert it to PEM with: {cmd}"
                    ),
                    (false, true) => format!(
                        "该文件是二进制数据，不是 PEM 文本证书。如果它是 DER 格式的证书，请用以下命令转换为 PEM：{cmd}"
                    ),
                }
            }
            CertError::NonAscii { bom: true, .. } => lang
                .tr("cert-error-the-file-starts-with-a-byte-order")
                .into(),
            CertError::NonAscii { offset, bom: false } => {
                if zh {
                    format!(
                        "第 {offset} 字节处有非 ASCII 字符；PEM 证书只能包含 ASCII 字符。请删除多余文字，或重新复制证书。"
                    )
                } else {
                    format!(
                        "There is a non-ASCII character at byte {offset}; a PEM certificate is plain ASCII. Remove the extra text or copy the certificate again."
                    )
                }
            }
            CertError::PrivateKey => lang
                .tr("cert-error-this-file-holds-a-private-key-never")
                .into(),
            CertError::NotACertificate { label } => {
                if zh {
                    format!(
                        "该文件包含的是 \"{label}\"，不是证书。请选择以 \"-----BEGIN CERTIFICATE-----\" 开头的证书文件。"
                    )
                } else {
                    format!(
                        "The file holds a \"{label}\", not a certificate. Pick the file that starts with \"-----BEGIN CERTIFICATE-----\"."
                    )
                }
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
