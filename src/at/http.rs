//! Manual §6.7: HTTP(S) client — URL, headers, body, request, certificate.

use super::checked::{Validate, collect};
use super::frame::FrameKind;
use super::reply::{DecodeError, Reply, num};
use super::urc::Urc;
use super::value::{self, Field, Problem, ValidationError};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Longest URL (§6.7.1).
pub const MAX_URL: usize = 512;
/// Longest request body (§6.7.4).
pub const MAX_BODY: usize = 1024;

/// The request target (`AT+HTTPPARA=<url>,<port>,<type>,<cert>`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpTarget {
    pub url: String,
    pub port: u16,
    /// Type 1 (HTTPS) when true.
    pub https: bool,
    /// One-way certificate verification (cert = 1).
    pub verify: bool,
}

impl Default for HttpTarget {
    fn default() -> Self {
        Self {
            url: "http://httpbin.org/get".into(),
            port: 80,
            https: false,
            verify: false,
        }
    }
}

impl Validate for HttpTarget {
    fn problems(&self) -> Vec<ValidationError> {
        let mut p = collect([value::text(Field::Url, &self.url, MAX_URL, false)]);
        if self.verify && !self.https {
            p.push(ValidationError::new(
                Field::Url,
                Problem::Rule("at-http-certificate-checking-needs-https-turn"),
            ));
        }
        p
    }
}

impl HttpTarget {
    pub fn params(&self) -> String {
        format!(
            "{},{},{},{}",
            value::quote(&self.url),
            self.port,
            u8::from(self.https),
            u8::from(self.verify)
        )
    }

    /// Advice that does not block sending (the manual's own HTTPS example uses port 433).
    pub fn warnings(&self, lang: Lang) -> Vec<String> {
        let mut w = Vec::new();
        if self.https && self.port != 443 {
            w.push(crate::tr!(lang, "at-http-https-port", port = &self.port));
        }
        let lower = self.url.to_ascii_lowercase();
        if self.https && lower.starts_with("http://") {
            w.push(
                lang.tr("at-http-the-url-starts-with-http-but-https-is")
                    .into(),
            );
        }
        if !self.https && lower.starts_with("https://") {
            w.push(
                lang.tr("at-http-the-url-starts-with-https-but-https")
                    .into(),
            );
        }
        w
    }

    /// `+HTTPPARA:<url>,<port>,<type>,<cert>` (`NOT SET` is an error the panel shows as "not set").
    pub fn decode(reply: &Reply) -> Result<Self, DecodeError> {
        const C: &str = "AT+HTTPPARA?";
        let body = reply.info(C, &["HTTPPARA"])?;
        let (url, rest) = value::split_trailing(body, 3).ok_or_else(|| {
            DecodeError::new(C, format!("expected url,port,type,cert in `{body}`"))
        })?;
        Ok(Self {
            url,
            port: num(C, &rest[0])?,
            https: num::<u8>(C, &rest[1])? != 0,
            verify: num::<u8>(C, &rest[2])? != 0,
        })
    }
}

/// A request header (`AT+HTTPRQH=<key>,<value>`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub name: String,
    pub value: String,
}

impl Validate for Header {
    fn problems(&self) -> Vec<ValidationError> {
        collect([
            value::text(Field::HeaderName, &self.name, 50, false),
            value::text(Field::HeaderValue, &self.value, 255, true),
        ])
    }
}

/// Whether a header's value is a secret (masked on screen, in saved logs and in settings, left
/// out of a profile saved without secrets): `Authorization`, `Proxy-Authorization`, `Cookie`,
/// `Set-Cookie`, `X-Api-Key`, and any name with `token`, `secret`, `key`, `pass` or `auth` in it.
pub fn is_secret_header(name: &str) -> bool {
    let n = value::unquote(name).to_ascii_lowercase();
    n == "cookie"
        || n == "set-cookie"
        || ["token", "secret", "key", "pass", "auth"]
            .iter()
            .any(|w| n.contains(w))
}

impl Header {
    pub fn params(&self) -> String {
        format!("{},{}", value::quote(&self.name), value::quote(&self.value))
    }

    /// The parameters with a secret value replaced by `***`.
    pub fn display_params(&self) -> String {
        if is_secret_header(&self.name) && !self.value.is_empty() {
            format!("{},{}", value::quote(&self.name), value::quote("***"))
        } else {
            self.params()
        }
    }

    /// One `+HTTPRQH:<key>:<value>` line per header.
    pub fn decode_all(reply: &Reply) -> Vec<Self> {
        reply
            .infos(&["HTTPRQH"])
            .filter_map(|b| {
                let (k, v) = b.split_once([':', ','])?;
                Some(Self {
                    name: value::unquote(k).to_string(),
                    value: value::unquote(v).to_string(),
                })
            })
            .collect()
    }
}

/// A request body (`AT+HTTPDATA=<len>`, 0..=1024 bytes at the `>>` prompt).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpBody(pub Vec<u8>);

impl Validate for HttpBody {
    fn problems(&self) -> Vec<ValidationError> {
        collect([value::payload(Field::Body, &self.0, 0, MAX_BODY)])
    }
}

/// The request method (`AT+HTTPACTION=<0..4>`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    #[default]
    Get,
    Post,
    Put,
    Delete,
    Head,
}

impl HttpMethod {
    pub const ALL: [HttpMethod; 5] = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Delete,
        HttpMethod::Head,
    ];
    pub fn code(self) -> u8 {
        match self {
            HttpMethod::Get => 0,
            HttpMethod::Post => 1,
            HttpMethod::Put => 2,
            HttpMethod::Delete => 3,
            HttpMethod::Head => 4,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
        }
    }
    /// Whether the method carries the body set with HTTPDATA.
    pub fn has_body(self) -> bool {
        matches!(self, HttpMethod::Post | HttpMethod::Put)
    }
}

/// The HTTPS certificate (`AT+HTTPCERTIFI=<verify>,<len>` then the bytes at `>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpCert {
    pub verify: bool,
    pub data: Vec<u8>,
}

impl Validate for HttpCert {
    fn problems(&self) -> Vec<ValidationError> {
        collect([value::payload(
            Field::Certificate,
            &self.data,
            usize::from(self.verify),
            2048,
        )])
    }
}

/// What `AT+HTTPACTION` printed: status line, header lines, and the `$HTTPRECV` body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpResponse {
    pub status: Option<u16>,
    pub status_line: String,
    pub headers: Vec<String>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn decode(reply: &Reply) -> Self {
        let mut r = HttpResponse::default();
        let mut in_headers = false;
        for f in &reply.frames {
            match f {
                FrameKind::Urc(Urc::HttpStatus { code, line }) => {
                    r.status = Some(*code);
                    r.status_line = line.clone();
                    in_headers = true;
                }
                FrameKind::Urc(Urc::HttpBody { .. }) => in_headers = false,
                FrameKind::Data(d) if in_headers => r
                    .headers
                    .push(String::from_utf8_lossy(d).trim().to_string()),
                FrameKind::Info { name, body } if in_headers => {
                    r.headers.push(format!("+{name}:{body}"))
                }
                FrameKind::Blank => in_headers = false,
                FrameKind::Body(b) => r.body.extend_from_slice(b),
                _ => {}
            }
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_rules_and_warnings() {
        let t = HttpTarget {
            url: "https://www.baidu.com/".into(),
            port: 433,
            https: true,
            verify: true,
        };
        assert!(t.validate().is_ok());
        assert_eq!(t.params(), "\"https://www.baidu.com/\",433,1,1");
        assert_eq!(t.warnings(Lang::En).len(), 1);
        let bad = HttpTarget {
            https: false,
            verify: true,
            ..t
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn response_decoding() {
        let reply = Reply::new(vec![
            FrameKind::Urc(Urc::HttpStatus {
                code: 405,
                line: "HTTP/1.1 405 METHOD NOT ALLOWED".into(),
            }),
            FrameKind::Data(b"Content-Type: text/html".to_vec()),
            FrameKind::Urc(Urc::HttpBody { len: 5 }),
            FrameKind::Body(b"he".to_vec()),
            FrameKind::Body(b"\r\nx".to_vec()),
            FrameKind::Ok,
        ]);
        let r = HttpResponse::decode(&reply);
        assert_eq!(r.status, Some(405));
        assert_eq!(r.headers, vec!["Content-Type: text/html"]);
        assert_eq!(r.body, b"he\r\nx");
    }

    #[test]
    fn header_limits() {
        assert!(
            Header {
                name: "k".repeat(51),
                value: String::new()
            }
            .validate()
            .is_err()
        );
        assert!(
            Header {
                name: "k".into(),
                value: "v".repeat(256)
            }
            .validate()
            .is_err()
        );
        assert!(HttpBody(vec![0; 1025]).validate().is_err());
        assert!(HttpBody(vec![]).validate().is_ok());
    }
}
