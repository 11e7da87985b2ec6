//! Manual 6.7: the HTTP client (HTTPPARA, HTTPRQH, HTTPDATA, HTTPACTION, HTTPCERTIFI) and a
//! server in the manner of httpbin.org that answers every request.

use std::time::Instant;

use super::{Form, unreachable};
use crate::sim::clock::DateTime;
use crate::sim::module::{Answer, Event, Piece, PromptKind, SimModule, line, listing, ok};
use crate::sim::params::{COMMAND, Code, INVALID, NO_SERVER, STATE};
use crate::sim::state::{Certificate, HttpRequest, HttpTarget};

/// The 405 page of the manual's 6.7.3 example (httpbin.org's).
const NOT_ALLOWED_BODY: &str = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\r\n<title>405 Method Not Allowed</title>\r\n<h1>Method Not Allowed</h1>\r\n<p>The method is not allowed for the requested URL.</p>\r\n";

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "HEAD"];

impl SimModule {
    /// `AT+HTTPPARA?` / `AT+HTTPPARA=<url>,<port>,<type>,<cert>`.
    pub(super) fn cmd_httppara(&mut self, form: Form) -> Result<Answer, Code> {
        match form {
            Form::Query => {
                let l = match &self.state.http.target {
                    Some(t) => format!(
                        "+HTTPPARA:{},{},{},{}",
                        self.dialect().field(&t.url),
                        t.port,
                        t.https,
                        t.cert
                    ),
                    None => "+HTTPPARA:NOT SET".to_string(),
                };
                Ok(vec![line(l), line("OK")])
            }
            Form::Set(p) => {
                p.count(4, 4)?;
                let url = p.text(0, 512)?;
                let port = p.port(1)?;
                let https = p.flag(2)?;
                let cert = p.flag(3)?;
                if url.is_empty() {
                    return Err(INVALID);
                }
                self.state.http.target = Some(HttpTarget {
                    url,
                    port,
                    https,
                    cert,
                });
                Ok(ok())
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// `AT+HTTPRQH?` / `AT+HTTPRQH=<key>,<value>` (a key set again is replaced).
    pub(super) fn cmd_httprqh(&mut self, form: Form) -> Result<Answer, Code> {
        match form {
            Form::Query => {
                let d = self.dialect();
                let headers = self.state.http.headers.iter();
                Ok(listing(headers.map(|(k, v)| {
                    format!("+HTTPRQH:{}:{}", d.field(k), d.field(v))
                })))
            }
            Form::Set(p) => {
                p.count(2, 2)?;
                let key = p.text(0, 50)?;
                let value = p.text(1, 255)?;
                if key.is_empty() {
                    return Err(INVALID);
                }
                let headers = &mut self.state.http.headers;
                match headers
                    .iter_mut()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&key))
                {
                    Some(h) => h.1 = value,
                    None => headers.push((key, value)),
                }
                Ok(ok())
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// `AT+HTTPDATA=<len>`: prompt (`>` or `>>`), N bytes, `OK`.
    pub(super) fn cmd_httpdata(&mut self, form: Form) -> Result<Answer, Code> {
        let Form::Set(p) = form else {
            return Err(COMMAND);
        };
        p.count(1, 1)?;
        let len = p.length(0, 0..=1024)?;
        let prompt = Piece::Raw(self.dialect().httpdata_prompt().to_vec());
        if len == 0 {
            self.state.http.body.clear();
            return Ok(vec![prompt, line("OK")]);
        }
        self.start_prompt(PromptKind::HttpData, Some(len));
        Ok(vec![prompt])
    }

    /// `AT+HTTPCERTIFI?` / `AT+HTTPCERTIFI=<verify>,<len>` then `>` and N bytes.
    pub(super) fn cmd_httpcertifi(&mut self, form: Form) -> Result<Answer, Code> {
        match form {
            Form::Query => {
                let l = match &self.state.http.certificate {
                    Some(c) => {
                        let mut l =
                            format!("+HTTPCERTIFI:{},{},", c.verify, c.data.len()).into_bytes();
                        l.extend(&c.data);
                        l
                    }
                    None => b"+HTTPCERTIFI:0,0,".to_vec(),
                };
                Ok(vec![Piece::Line(l), line("OK")])
            }
            Form::Set(p) => {
                p.count(2, 2)?;
                let verify = p.flag(0)?;
                let len = p.length(1, 0..=2048)?;
                if len == 0 {
                    self.state.http.certificate = Some(Certificate {
                        mode: 0,
                        verify,
                        data: Vec::new(),
                    });
                    return Ok(ok());
                }
                self.start_prompt(PromptKind::HttpCert { verify }, Some(len));
                Ok(vec![Piece::Raw(b">".to_vec())])
            }
            Form::Exec => Err(COMMAND),
        }
    }

    /// `AT+HTTPACTION=<0..4>`: after a delay, status line, headers, `$HTTPRECV:DATA,<len>`,
    /// the body, `OK`.
    pub(super) fn cmd_httpaction(&mut self, form: Form, now: Instant) -> Result<Answer, Code> {
        let Form::Set(p) = form else {
            return Err(COMMAND);
        };
        p.count(1, 1)?;
        let method = METHODS[p.num(0, 0..=4)? as usize];
        let Some(target) = self.state.http.target.clone() else {
            return Err(STATE);
        };
        let has_cert = self
            .state
            .http
            .certificate
            .as_ref()
            .is_some_and(|c| !c.data.is_empty());
        if target.https == 1 && target.cert == 1 && !has_cert {
            return Err(STATE);
        }
        let delay = self.timing().http;
        if !self.state.network_up || (!self.online() && unreachable(url_host(&target.url))) {
            let at = self.later(now, delay);
            self.schedule(at, Event::Emit(vec![line(format!("ERROR={NO_SERVER}"))]));
            return Ok(Vec::new());
        }
        if self.online() {
            // The real request's own time is the delay; nothing is held back on purpose.
            let params = crate::sim::online::HttpParams {
                method: method.into(),
                url: target.url.clone(),
                port: target.port,
                tls: self.http_tls(target.https, target.cert),
                headers: self.state.http.headers.clone(),
                body: match method {
                    "POST" | "PUT" => self.state.http.body.clone(),
                    _ => Vec::new(),
                },
            };
            self.state.http.requests.push(HttpRequest {
                method: method.into(),
                url: target.url,
                headers: self.state.http.headers.clone(),
                body: self.state.http.body.clone(),
                status: 0,
            });
            self.online_http(params);
            return Ok(Vec::new());
        }
        let at = self.later(now, delay);
        let (status, answer) = self.http_response(method, &target.url, now);
        self.state.http.requests.push(HttpRequest {
            method: method.into(),
            url: target.url,
            headers: self.state.http.headers.clone(),
            body: self.state.http.body.clone(),
            status,
        });
        self.schedule(at, Event::Emit(answer));
        Ok(Vec::new())
    }

    /// What the server answers.
    fn http_response(&self, method: &str, url: &str, now: Instant) -> (u16, Answer) {
        let path = url_path(url);
        let allowed = match path {
            "/get" => matches!(method, "GET" | "HEAD"),
            "/post" => method == "POST",
            "/put" => method == "PUT",
            "/delete" => method == "DELETE",
            _ => true,
        };
        let (status, reason, content_type, body) = if allowed {
            let headers: serde_json::Map<String, serde_json::Value> = self
                .state
                .http
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            let data = match method {
                "POST" | "PUT" => String::from_utf8_lossy(&self.state.http.body).into_owned(),
                _ => String::new(),
            };
            let json = serde_json::json!({
                "data": data,
                "headers": headers,
                "method": method,
                "url": url,
            });
            let text = serde_json::to_string_pretty(&json)
                .unwrap_or_default()
                .replace('\n', "\r\n")
                + "\r\n";
            (200, "OK", "application/json", text)
        } else {
            (
                405,
                "METHOD NOT ALLOWED",
                "text/html",
                NOT_ALLOWED_BODY.to_string(),
            )
        };
        let body = if method == "HEAD" {
            String::new()
        } else {
            body
        };
        let gmt = self.wall(now) - 8 * 3600;
        let mut answer = vec![
            line(format!("HTTP/1.1 {status} {reason}")),
            line(format!("Date: {}", DateTime::from_unix(gmt).http_form())),
            line(format!("Content-Type: {content_type}")),
            line(format!("Content-Length: {}", body.len())),
            line("Connection: keep-alive"),
            line("Server: gunicorn/19.9.0"),
        ];
        if status == 405 {
            answer.push(line("Allow: POST, OPTIONS"));
        }
        answer.extend([
            line(""),
            line(format!("$HTTPRECV:DATA,{}", body.len())),
            Piece::Raw(body.into_bytes()),
            Piece::Raw(b"\r\n".to_vec()),
            line("OK"),
        ]);
        (status, answer)
    }
}

/// The host part of a URL.
fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', ':', '?']).unwrap_or(rest.len());
    &rest[..end]
}

/// The path of a URL (`/` when none), without query.
fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    path.split('?').next().unwrap_or("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_parts() {
        assert_eq!(url_host("http://httpbin.org/get"), "httpbin.org");
        assert_eq!(url_host("https://x.invalid:443/a"), "x.invalid");
        assert_eq!(url_path("http://httpbin.org/post?a=1"), "/post");
        assert_eq!(url_path("https://www.baidu.com"), "/");
    }
}
