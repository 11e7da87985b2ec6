//! `AT+QIOPEN` links over real sockets: a thread connects (so the module never waits), then
//! writes what the module sends, while a second thread reads what the server sends.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, unbounded};

use super::{
    CONNECT_TIMEOUT, NetError, NetEvent, Poster, Transport, connect_error, resolve, spawn,
};

/// How often a UDP reader looks whether its link was closed.
const UDP_POLL: Duration = Duration::from_millis(100);

/// What the module's side tells a link's thread.
#[derive(Debug)]
pub(super) enum SocketCmd {
    /// Bytes to the server.
    Send(Vec<u8>),
    /// Close the link (no event follows).
    Close,
}

/// Starts opening a link; the returned sender takes its data (queued until connected).
pub(super) fn open(
    conn: u64,
    transport: Transport,
    host: String,
    port: u16,
    local_port: u16,
    post: Poster,
) -> Sender<SocketCmd> {
    let (tx, rx) = unbounded();
    let fail = Arc::clone(&post);
    spawn(
        "ct11-sim-socket",
        move || {
            let result = match transport {
                Transport::Tcp => run_tcp(conn, &host, port, &rx, &post),
                Transport::Udp => run_udp(conn, &host, port, local_port, &rx, &post),
            };
            if let Err(error) = result {
                post(NetEvent::SocketFailed { conn, error });
            }
        },
        move |e| {
            fail(NetEvent::SocketFailed {
                conn,
                error: NetError::Other(e),
            })
        },
    );
    tx
}

fn connect_tcp(host: &str, port: u16) -> Result<TcpStream, NetError> {
    let what = format!("{host}:{port}");
    let mut last = NetError::Timeout(what.clone());
    for addr in resolve(host, port)? {
        match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
            Ok(s) => return Ok(s),
            Err(e) => last = connect_error(&e, &what),
        }
    }
    Err(last)
}

/// A TCP link: connect, report, then write until closed.
fn run_tcp(
    conn: u64,
    host: &str,
    port: u16,
    rx: &Receiver<SocketCmd>,
    post: &Poster,
) -> Result<(), NetError> {
    let stream = connect_tcp(host, port)?;
    let _ = stream.set_nodelay(true);
    let mut reader = stream
        .try_clone()
        .map_err(|e| NetError::Other(e.to_string()))?;
    let closed = Arc::new(AtomicBool::new(false));
    post(NetEvent::SocketOpened { conn });
    let reader_closed = Arc::clone(&closed);
    let reader_post = Arc::clone(post);
    spawn(
        "ct11-sim-socket-rx",
        move || {
            let mut buf = vec![0u8; 4096];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => reader_post(NetEvent::SocketData {
                        conn,
                        data: buf[..n].to_vec(),
                    }),
                }
            }
            if !reader_closed.load(Ordering::SeqCst) {
                reader_post(NetEvent::SocketClosed { conn });
            }
        },
        |_| {},
    );
    let mut writer = stream;
    for cmd in rx {
        match cmd {
            SocketCmd::Send(data) => {
                if writer.write_all(&data).is_err() {
                    break;
                }
            }
            SocketCmd::Close => break,
        }
    }
    closed.store(true, Ordering::SeqCst);
    let _ = writer.shutdown(Shutdown::Both);
    Ok(())
}

/// A UDP "link": a socket connected to the server, so only its datagrams come in.
fn run_udp(
    conn: u64,
    host: &str,
    port: u16,
    local_port: u16,
    rx: &Receiver<SocketCmd>,
    post: &Poster,
) -> Result<(), NetError> {
    let what = format!("{host}:{port}");
    let addrs = resolve(host, port)?;
    let target = addrs[0];
    let local: SocketAddr = match target {
        SocketAddr::V4(_) => ([0, 0, 0, 0], local_port).into(),
        SocketAddr::V6(_) => (std::net::Ipv6Addr::UNSPECIFIED, local_port).into(),
    };
    let socket = UdpSocket::bind(local).map_err(|e| NetError::Other(format!("{what}: {e}")))?;
    socket
        .connect(target)
        .map_err(|e| connect_error(&e, &what))?;
    let _ = socket.set_read_timeout(Some(UDP_POLL));
    let reader = socket
        .try_clone()
        .map_err(|e| NetError::Other(e.to_string()))?;
    let closed = Arc::new(AtomicBool::new(false));
    post(NetEvent::SocketOpened { conn });
    let reader_closed = Arc::clone(&closed);
    let reader_post = Arc::clone(post);
    spawn(
        "ct11-sim-udp-rx",
        move || {
            let mut buf = vec![0u8; 65_536];
            while !reader_closed.load(Ordering::SeqCst) {
                // Timeouts and ICMP "port unreachable" errors leave the link as it is, as UDP has
                // no connection to lose.
                if let Ok(n) = reader.recv(&mut buf) {
                    reader_post(NetEvent::SocketData {
                        conn,
                        data: buf[..n].to_vec(),
                    });
                }
            }
        },
        |_| {},
    );
    for cmd in rx {
        match cmd {
            SocketCmd::Send(data) => {
                let _ = socket.send(&data);
            }
            SocketCmd::Close => break,
        }
    }
    closed.store(true, Ordering::SeqCst);
    Ok(())
}
