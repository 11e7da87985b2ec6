//! A small blocking HTTP/1.1 client that keeps the server's own status line and header lines,
//! as the module prints them. Used by `AT+HTTPACTION` in online mode and by the delivery proof
//! (the PC's side of the comparison).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use super::tls::{TlsCheck, client_config, is_certificate_error, server_name};
use super::{HttpParams, HttpResponse, NetError, connect_error, resolve};

/// The most the client reads of one response.
const MAX_RESPONSE: usize = 4 * 1024 * 1024;

/// Host, port (from the URL if it names one, else `default_port`) and path of a URL; the
/// scheme is optional.
pub fn split_url(url: &str, default_port: u16) -> (String, u16, String) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) if rest.as_bytes()[i] == b'/' => (&rest[..i], rest[i..].to_string()),
        Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
        None => (rest, "/".to_string()),
    };
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = if authority.starts_with('[') {
        match authority.split_once("]:") {
            Some((h, p)) => (format!("{h}]"), p.parse().unwrap_or(default_port)),
            None => (authority.to_string(), default_port),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) if p.parse::<u16>().is_ok() => {
                (h.to_string(), p.parse().unwrap_or(default_port))
            }
            _ => (authority.to_string(), default_port),
        }
    };
    (host, port, path)
}

/// Performs the request; the port of `AT+HTTPPARA` is used unless the URL names one.
pub fn request(p: &HttpParams, timeout: Duration) -> Result<HttpResponse, NetError> {
    let (host, port, path) = split_url(&p.url, p.port);
    let what = format!("{host}:{port}");
    let mut last = NetError::Timeout(what.clone());
    let mut stream = None;
    for addr in resolve(&host, port)? {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = connect_error(&e, &what),
        }
    }
    let stream = stream.ok_or(last)?;
    let _ = stream.set_read_timeout(Some(timeout));
    let _ = stream.set_write_timeout(Some(timeout));
    let head = request_head(p, &host, port, &path);
    let raw = match &p.tls {
        None => exchange(stream, &head, &p.body),
        Some(check) => {
            let config = client_config(check).map_err(|e| NetError::Tls(e.to_string()))?;
            let name = server_name(&host).map_err(|e| NetError::Tls(e.to_string()))?;
            let conn = rustls::ClientConnection::new(config, name)
                .map_err(|e| NetError::Tls(e.to_string()))?;
            let tls = rustls::StreamOwned::new(conn, stream);
            exchange(tls, &head, &p.body)
        }
    }
    .map_err(|e| {
        let text = e.to_string();
        if p.tls.is_some()
            && (is_certificate_error(&text) || e.kind() == std::io::ErrorKind::InvalidData)
        {
            NetError::Tls(text)
        } else if e.kind() == std::io::ErrorKind::WouldBlock
            || e.kind() == std::io::ErrorKind::TimedOut
        {
            NetError::Timeout(what.clone())
        } else {
            NetError::Other(format!("{what}: {text}"))
        }
    })?;
    parse_response(&raw, p.method == "HEAD")
        .ok_or_else(|| NetError::Other(format!("{what}: the server's answer is not HTTP")))
}

/// The request line and headers.
fn request_head(p: &HttpParams, host: &str, port: u16, path: &str) -> Vec<u8> {
    let default = if p.tls.is_some() { 443 } else { 80 };
    let host_header = if port == default {
        host.to_string()
    } else {
        format!("{host}:{port}")
    };
    let mut head = format!("{} {path} HTTP/1.1\r\n", p.method);
    let has = |name: &str| p.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
    if !has("Host") {
        head.push_str(&format!("Host: {host_header}\r\n"));
    }
    for (k, v) in &p.headers {
        if !k.eq_ignore_ascii_case("Connection") && !k.eq_ignore_ascii_case("Content-Length") {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    if matches!(p.method.as_str(), "POST" | "PUT") {
        head.push_str(&format!("Content-Length: {}\r\n", p.body.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    head.into_bytes()
}

fn exchange<S: Read + Write>(mut s: S, head: &[u8], body: &[u8]) -> std::io::Result<Vec<u8>> {
    s.write_all(head)?;
    s.write_all(body)?;
    s.flush()?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                raw.extend_from_slice(&buf[..n]);
                if raw.len() > MAX_RESPONSE || complete(&raw) {
                    break;
                }
            }
            // A server that closes without close_notify: what arrived is the answer.
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && !raw.is_empty() => break,
            Err(e) => return Err(e),
        }
    }
    Ok(raw)
}

/// Whether a response with a Content-Length is all in (so a keep-alive server need not close).
fn complete(raw: &[u8]) -> bool {
    let Some(end) = find(raw, b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..end]);
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .is_some_and(|len| raw.len() >= end + 4 + len)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Splits a raw response into status line, header lines and (de-chunked) body.
pub fn parse_response(raw: &[u8], head_only: bool) -> Option<HttpResponse> {
    let end = find(raw, b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?.to_string();
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status: u16 = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<String> = lines.map(str::to_string).collect();
    let header = |name: &str| {
        headers
            .iter()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_string())
    };
    let rest = &raw[end + 4..];
    let body = if head_only {
        Vec::new()
    } else if header("Transfer-Encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        dechunk(rest)
    } else if let Some(len) = header("Content-Length").and_then(|v| v.parse::<usize>().ok()) {
        rest[..len.min(rest.len())].to_vec()
    } else {
        rest.to_vec()
    };
    Some(HttpResponse {
        status_line,
        status,
        headers,
        body,
    })
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(i) = find(rest, b"\r\n") {
        let size = String::from_utf8_lossy(&rest[..i]);
        let size = size.split(';').next().unwrap_or("").trim();
        let Ok(n) = usize::from_str_radix(size, 16) else {
            break;
        };
        rest = &rest[i + 2..];
        if n == 0 || rest.len() < n {
            body.extend_from_slice(&rest[..n.min(rest.len())]);
            break;
        }
        body.extend_from_slice(&rest[..n]);
        rest = rest.get(n + 2..).unwrap_or(&[]);
    }
    body
}

/// A check from the module's settings: `https` and `cert` of `AT+HTTPPARA`, the uploaded
/// certificate and its verify flag.
pub fn tls_for(https: bool, cert: bool, uploaded: Option<(&[u8], bool)>) -> Option<TlsCheck> {
    if !https {
        return None;
    }
    match uploaded {
        Some((bytes, true)) if cert => Some(TlsCheck::Ca(bytes.to_vec())),
        _ => Some(TlsCheck::NoVerify),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            split_url("http://127.0.0.1:8080/a?b=1", 80),
            ("127.0.0.1".into(), 8080, "/a?b=1".into())
        );
        assert_eq!(
            split_url("example.com", 443),
            ("example.com".into(), 443, "/".into())
        );
        assert_eq!(split_url("https://h.invalid/x", 443).0, "h.invalid");
    }

    #[test]
    fn responses() {
        let raw = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX: y\r\n\r\nhello";
        let r = parse_response(raw, false).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.headers, vec!["Content-Length: 5", "X: y"]);
        assert_eq!(r.body, b"hello");
        let chunked = b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        let r = parse_response(chunked, false).unwrap();
        assert_eq!((r.status, r.body.as_slice()), (404, &b"abcde"[..]));
        assert!(parse_response(b"garbage\r\n\r\n", false).is_none());
    }
}
