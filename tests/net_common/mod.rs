//! Real servers on loopback for the online tests: certificates made here (rcgen), Debian's
//! `mosquitto` with plain, TLS, expired-certificate and password listeners, tiny HTTP/HTTPS
//! servers, and TCP/UDP echo servers. Every server listens on 127.0.0.1 only, on a port the
//! system picked, and stops when its value is dropped.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    date_time_ymd,
};

/// How long a server may take to start, at most.
const START: Duration = Duration::from_secs(20);

/// A port nobody listens on right now (bound then released).
pub fn free_port() -> u16 {
    free_ports::<1>()[0]
}

/// `N` different ports nobody listens on right now (all bound at once, then released).
pub fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<TcpListener> = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("a free loopback port"))
        .collect();
    std::array::from_fn(|i| listeners[i].local_addr().expect("bound").port())
}

/// A CA, a server certificate it signed (valid for 127.0.0.1 and localhost), an expired one it
/// signed, and an unrelated CA that signed nothing here.
pub struct Pki {
    pub dir: tempfile::TempDir,
    pub ca_pem: String,
    pub wrong_ca_pem: String,
    pub server_cert_pem: String,
    pub server_key_pem: String,
    pub expired_cert_pem: String,
}

impl Pki {
    pub fn new() -> Pki {
        let ca_key = KeyPair::generate().unwrap();
        let ca = ca_params("CT11 test CA");
        let ca_cert = ca.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca, ca_key);

        let wrong_key = KeyPair::generate().unwrap();
        let wrong = ca_params("Some other CA").self_signed(&wrong_key).unwrap();

        let server_key = KeyPair::generate().unwrap();
        let server = server_params(false)
            .signed_by(&server_key, &issuer)
            .unwrap();
        let expired = server_params(true).signed_by(&server_key, &issuer).unwrap();

        let pki = Pki {
            dir: tempfile::tempdir().unwrap(),
            ca_pem: ca_cert.pem(),
            wrong_ca_pem: wrong.pem(),
            server_cert_pem: server.pem(),
            server_key_pem: server_key.serialize_pem(),
            expired_cert_pem: expired.pem(),
        };
        for (name, text) in [
            ("ca.pem", &pki.ca_pem),
            ("wrong-ca.pem", &pki.wrong_ca_pem),
            ("server.pem", &pki.server_cert_pem),
            ("server.key", &pki.server_key_pem),
            ("expired.pem", &pki.expired_cert_pem),
        ] {
            std::fs::write(pki.path(name), text).unwrap();
        }
        pki
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A rustls server configuration with the valid (or the expired) certificate.
    pub fn server_config(&self, expired: bool) -> Arc<rustls::ServerConfig> {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let pem = if expired {
            &self.expired_cert_pem
        } else {
            &self.server_cert_pem
        };
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem.as_bytes())
            .map(|c| c.unwrap())
            .collect();
        let key = PrivateKeyDer::from_pem_slice(self.server_key_pem.as_bytes()).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        Arc::new(
            rustls::ServerConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(certs, key)
                .unwrap(),
        )
    }
}

fn ca_params(name: &str) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, name);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p
}

fn server_params(expired: bool) -> CertificateParams {
    let mut p =
        CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    p.distinguished_name.push(DnType::CommonName, "localhost");
    if expired {
        p.not_before = date_time_ymd(2020, 1, 1);
        p.not_after = date_time_ymd(2021, 1, 1);
    }
    p
}

// ---- mosquitto ----

/// The broker's user with a password (for the password listener).
pub const USER: &str = "installer";
/// Its password.
pub const PASSWORD: &str = "s3cret-pass";

/// Debian's mosquitto on four loopback listeners.
pub struct Mosquitto {
    child: Option<Child>,
    conf: PathBuf,
    /// Plain MQTT, anonymous allowed.
    pub plain: u16,
    /// MQTT over TLS with the valid server certificate.
    pub tls: u16,
    /// MQTT over TLS with the expired server certificate.
    pub tls_expired: u16,
    /// Plain MQTT with a password file; anonymous refused.
    pub auth: u16,
    _pki_dir: PathBuf,
}

/// The mosquitto binary, or a failure that says how to get it (CI installs it).
fn mosquitto_bin() -> PathBuf {
    for p in ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"] {
        if Path::new(p).exists() {
            return PathBuf::from(p);
        }
    }
    panic!(
        "mosquitto is not installed: these tests need Debian's `mosquitto` package \
         (apt-get install mosquitto; .ci/run installs it)"
    );
}

impl Mosquitto {
    /// Starts a broker with the PKI's certificates; returns once every listener is open.
    pub fn start(pki: &Pki) -> Mosquitto {
        let [plain, tls, tls_expired, auth] = free_ports::<4>();
        let dir = pki.dir.path();
        let passwd = dir.join("passwd");
        let status = Command::new("mosquitto_passwd")
            .args(["-b", "-c"])
            .arg(&passwd)
            .args([USER, PASSWORD])
            .status()
            .expect("mosquitto_passwd (package mosquitto) runs");
        assert!(status.success(), "mosquitto_passwd failed");
        // Running as root, mosquitto would switch to the `mosquitto` user, who cannot read the
        // test's private directory.
        // SAFETY: geteuid has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;
        let conf = dir.join(format!("mosquitto-{plain}.conf"));
        let text = format!(
            "{user}per_listener_settings true\nlog_dest stderr\nlog_type all\n\
             listener {plain} 127.0.0.1\nallow_anonymous true\n\
             listener {tls} 127.0.0.1\nallow_anonymous true\ncafile {ca}\ncertfile {cert}\nkeyfile {key}\n\
             listener {tls_expired} 127.0.0.1\nallow_anonymous true\ncafile {ca}\ncertfile {expired}\nkeyfile {key}\n\
             listener {auth} 127.0.0.1\nallow_anonymous false\npassword_file {passwd}\n",
            user = if root { "user root\n" } else { "" },
            ca = pki.path("ca.pem").display(),
            cert = pki.path("server.pem").display(),
            expired = pki.path("expired.pem").display(),
            key = pki.path("server.key").display(),
            passwd = passwd.display(),
        );
        std::fs::write(&conf, text).unwrap();
        let mut m = Mosquitto {
            child: None,
            conf,
            plain,
            tls,
            tls_expired,
            auth,
            _pki_dir: dir.to_path_buf(),
        };
        m.restart();
        m
    }

    /// (Re)starts the broker process on the same ports; returns once it runs.
    pub fn restart(&mut self) {
        self.stop();
        let mut child = Command::new(mosquitto_bin())
            .arg("-c")
            .arg(&self.conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("mosquitto starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = crossbeam_channel::unbounded();
        std::thread::spawn(move || {
            let mut log = Vec::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                log.push(line.clone());
                if line.contains(" running") {
                    let _ = tx.send(Ok(()));
                }
                if line.contains("Error") {
                    let _ = tx.send(Err(log.join("\n")));
                }
            }
            let _ = tx.send(Err(format!("mosquitto stopped:\n{}", log.join("\n"))));
        });
        match rx.recv_timeout(START) {
            Ok(Ok(())) => {}
            Ok(Err(log)) => panic!("mosquitto did not start: {log}"),
            Err(_) => panic!("mosquitto did not start within {START:?}"),
        }
        self.child = Some(child);
    }

    /// Stops the broker (its clients see the connection drop).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Mosquitto {
    fn drop(&mut self) {
        self.stop();
    }
}

// ---- small servers ----

/// A server thread on a loopback port, stopped on drop.
pub struct Server {
    pub port: u16,
    stop: Arc<AtomicBool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake a blocking accept.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        let _ =
            UdpSocket::bind("127.0.0.1:0").and_then(|s| s.send_to(b"", ("127.0.0.1", self.port)));
    }
}

fn serve_tcp(handle: impl Fn(TcpStream) + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let stop = Arc::new(AtomicBool::new(false));
    let s = Arc::clone(&stop);
    let handle = Arc::new(handle);
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            if s.load(Ordering::SeqCst) {
                break;
            }
            if let Ok(c) = conn {
                let h = Arc::clone(&handle);
                std::thread::spawn(move || h(c));
            }
        }
    });
    Server { port, stop }
}

/// TCP echo; with `close_after`, the server closes the link after echoing that many bytes.
pub fn tcp_echo(close_after: Option<usize>) -> Server {
    serve_tcp(move |mut c| {
        let mut buf = [0u8; 4096];
        let mut seen = 0;
        while let Ok(n) = c.read(&mut buf) {
            if n == 0 || c.write_all(&buf[..n]).is_err() {
                break;
            }
            seen += n;
            if close_after.is_some_and(|limit| seen >= limit) {
                break;
            }
        }
    })
}

/// UDP echo.
pub fn udp_echo() -> Server {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = socket.local_addr().unwrap().port();
    let stop = Arc::new(AtomicBool::new(false));
    let s = Arc::clone(&stop);
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok((n, from)) = socket.recv_from(&mut buf) {
            if s.load(Ordering::SeqCst) {
                break;
            }
            if n > 0 {
                let _ = socket.send_to(&buf[..n], from);
            }
        }
    });
    Server { port, stop }
}

/// The body the HTTP servers answer: method, path and request body, so a test sees what
/// arrived.
pub fn http_body(method: &str, path: &str, body: &[u8]) -> String {
    format!(
        "method={method} path={path} body={}",
        String::from_utf8_lossy(body)
    )
}

fn answer_http<S: Read + Write>(s: &mut S) {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let mut words = head.split_whitespace();
    let method = words.next().unwrap_or("").to_string();
    let path = words.next().unwrap_or("").to_string();
    let len: usize = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = raw[head_end + 4..].to_vec();
    while body.len() < len {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&buf[..n]),
        }
    }
    let (status, text) = if path == "/missing" {
        ("404 Not Found", "no such page".to_string())
    } else {
        ("200 OK", http_body(&method, &path, &body))
    };
    let out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nX-Test-Server: ct11\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        text.len(),
        if method == "HEAD" { "" } else { text.as_str() }
    );
    let _ = s.write_all(out.as_bytes());
    let _ = s.flush();
}

/// A plain HTTP server.
pub fn http_server() -> Server {
    serve_tcp(|mut c| answer_http(&mut c))
}

/// An HTTPS server with the valid (or the expired) certificate.
pub fn https_server(pki: &Pki, expired: bool) -> Server {
    let config = pki.server_config(expired);
    serve_tcp(move |c| {
        let Ok(conn) = rustls::ServerConnection::new(Arc::clone(&config)) else {
            return;
        };
        let mut tls = rustls::StreamOwned::new(conn, c);
        answer_http(&mut tls);
        tls.conn.send_close_notify();
        let _ = tls.flush();
    })
}
