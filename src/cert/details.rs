//! What an installer wants to know about a certificate: whose it is, who issued it, and until
//! when it is valid.

use crate::i18n::Lang;
use crate::tr;

/// The readable parts of one X.509 certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertDetails {
    /// e.g. `C=CN, O=Example, CN=Example Root CA`.
    pub subject: String,
    pub issuer: String,
    /// Seconds since 1970-01-01 UTC.
    pub not_before: i64,
    /// Seconds since 1970-01-01 UTC.
    pub not_after: i64,
}

impl CertDetails {
    /// Parse a DER certificate; `None` if it is not one (or not one this parser understands).
    pub fn from_der(der: &[u8]) -> Option<Self> {
        let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
        let v = cert.validity();
        Some(Self {
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
            not_before: v.not_before.timestamp(),
            not_after: v.not_after.timestamp(),
        })
    }

    /// The expiry date, `YYYY-MM-DD` (UTC).
    pub fn expiry_date(&self) -> String {
        date(self.not_after)
    }

    /// Whether the subject and issuer are the same (a root CA).
    pub fn self_signed(&self) -> bool {
        self.subject == self.issuer
    }

    /// Where `now` (seconds since 1970 UTC) stands in the validity period.
    pub fn validity_at(&self, now: i64) -> Validity {
        if now < self.not_before {
            Validity::NotYetValid {
                from: date(self.not_before),
            }
        } else if now > self.not_after {
            Validity::Expired {
                on: date(self.not_after),
            }
        } else {
            Validity::Valid {
                days_left: (self.not_after - now) / 86_400,
                until: date(self.not_after),
            }
        }
    }
}

/// Whether a certificate is valid at a moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Validity {
    Valid { days_left: i64, until: String },
    Expired { on: String },
    NotYetValid { from: String },
}

/// Fewer days than this left is worth a warning.
pub const SOON_DAYS: i64 = 30;

impl Validity {
    /// Whether this deserves a warning (expired, not yet valid, or expiring within 30 days).
    pub fn is_warning(&self) -> bool {
        match self {
            Validity::Valid { days_left, .. } => *days_left < SOON_DAYS,
            _ => true,
        }
    }

    /// In words, e.g. "valid until 2046-11-20 (7300 days left)".
    pub fn words(&self, lang: Lang) -> String {
        match self {
            Validity::Valid { days_left, until } if *days_left < SOON_DAYS => {
                tr!(
                    lang,
                    "cert-validity-expires-soon",
                    until = until,
                    days = *days_left
                )
            }
            Validity::Valid { days_left, until } => {
                tr!(
                    lang,
                    "cert-validity-valid-until",
                    until = until,
                    days = *days_left
                )
            }
            Validity::Expired { on } => tr!(lang, "cert-validity-expired", on = on),
            Validity::NotYetValid { from } => tr!(lang, "cert-validity-not-yet-valid", from = from),
        }
    }
}

/// Now, in seconds since 1970-01-01 UTC.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `YYYY-MM-DD` for a Unix time (UTC; clamped to years -9999..=9999).
pub fn date(unix: i64) -> String {
    let t = jiff::Timestamp::from_second(unix).unwrap_or(if unix < 0 {
        jiff::Timestamp::MIN
    } else {
        jiff::Timestamp::MAX
    });
    t.strftime("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_609_459_200), "2021-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(-86_400), "1969-12-31");
    }

    #[test]
    fn validity_words() {
        let d = CertDetails {
            subject: "CN=a".into(),
            issuer: "CN=a".into(),
            not_before: 0,
            not_after: 1_609_459_200,
        };
        assert!(d.self_signed());
        let v = d.validity_at(1_700_000_000);
        assert_eq!(
            v,
            Validity::Expired {
                on: "2021-01-01".into()
            }
        );
        assert!(v.words(Lang::En).contains("expired on 2021-01-01"));
        assert!(v.words(Lang::Zh).contains("已于 2021-01-01 过期"));
        let soon = d.validity_at(1_609_459_200 - 5 * 86_400);
        assert!(soon.is_warning());
        let fine = d.validity_at(1_000_000_000);
        assert!(!fine.is_warning());
    }
}
