//! Manual 6.4: QIOPEN, QISEND, QICLOSE, QISTATE, and the echo server at the far end.

use std::time::Instant;

use super::basic::exec_only;
use super::{Form, unreachable};
use crate::sim::module::{
    Answer, DataTarget, Event, Piece, PromptKind, SimModule, line, listing, ok,
};
use crate::sim::params::{COMMAND, Code, INVALID, LENGTH, NO_SERVER, Params, STATE};
use crate::sim::state::{Socket, SocketKind};

/// The link ids the module hands out.
const LINKS: std::ops::RangeInclusive<u8> = 3..=20;

/// A socket to open, as QIOPEN and SIMPLECLIENT give it.
pub(super) struct Target {
    pub kind: SocketKind,
    pub host: String,
    pub port: u16,
    pub local_port: u16,
    pub transparent: bool,
}

/// Reads `<type>,<ip>,<port>,<localport>,<mode>`.
pub(super) fn target(p: &Params) -> Result<Target, Code> {
    p.count(5, 5)?;
    let kind = match p.text(0, 16)?.as_str() {
        "TCP" => SocketKind::Tcp,
        "UDP" => SocketKind::Udp,
        _ => return Err(INVALID),
    };
    let host = p.text(1, 256)?;
    if host.is_empty() {
        return Err(INVALID);
    }
    Ok(Target {
        kind,
        host,
        port: p.port(2)?,
        local_port: p.port(3)?,
        transparent: p.flag(4)? == 1,
    })
}

impl SimModule {
    /// `AT+QIOPEN=<type>,<ip>,<port>,<localport>,<mode>`: `CONNECT,ID:<n>` after a delay.
    pub(super) fn cmd_qiopen(&mut self, form: Form, now: Instant) -> Result<Answer, Code> {
        let Form::Set(p) = form else {
            return Err(COMMAND);
        };
        let t = target(&p)?;
        let transparent_open = self.state.sockets.iter().any(|s| s.transparent);
        if transparent_open || (t.transparent && !self.state.sockets.is_empty()) {
            return Err(STATE);
        }
        self.open_socket(t, now, true)?;
        Ok(Vec::new())
    }

    /// Opens a socket: the connect line (if `announce`) after the open delay, transparent mode
    /// at once. A server that cannot answer gives `ERROR=201` after the delay.
    pub(super) fn open_socket(
        &mut self,
        t: Target,
        now: Instant,
        announce: bool,
    ) -> Result<u8, Code> {
        let link = LINKS
            .clone()
            .find(|l| self.state.socket(*l).is_none())
            .ok_or(STATE)?;
        let online = self.online();
        let delay = self.timing().socket_open;
        let at = if online {
            now + delay
        } else {
            self.later(now, delay)
        };
        if !self.state.network_up || (!online && unreachable(&t.host)) {
            self.schedule(at, Event::Emit(vec![line(format!("ERROR={NO_SERVER}"))]));
            return Ok(link);
        }
        let local_port = if t.local_port == 0 {
            self.rng.range(49_152, 65_535) as u16
        } else {
            t.local_port
        };
        let sock = Socket {
            link,
            kind: t.kind,
            host: t.host.clone(),
            port: t.port,
            local_port,
            transparent: t.transparent,
            sent: Vec::new(),
        };
        if online {
            // The CONNECT line and transparent mode come when the network says the link is up.
            self.online_open(&sock, t.local_port, announce);
            self.state.sockets.push(sock);
            return Ok(link);
        }
        self.state.sockets.push(sock);
        if announce {
            let l = self.dialect().connect_line(link);
            self.schedule(at, Event::Emit(vec![line(l)]));
        }
        if t.transparent {
            self.start_data(DataTarget::Socket(link));
        }
        Ok(link)
    }

    /// `AT+QISEND=<link>,<len>` (UDP: length optional): `OK`, `>`, N bytes, `SEND OK`.
    pub(super) fn cmd_qisend(&mut self, form: Form) -> Result<Answer, Code> {
        let Form::Set(p) = form else {
            return Err(COMMAND);
        };
        p.count(1, 2)?;
        let link = p.num(0, 0..=255)? as u8;
        if !LINKS.contains(&link) {
            return Err(INVALID);
        }
        let Some(sock) = self.state.socket(link) else {
            return Err(STATE);
        };
        if sock.transparent {
            return Err(STATE);
        }
        let want = if p.has(1) {
            Some(p.length(1, 1..=1024)?)
        } else if sock.kind == SocketKind::Udp {
            None
        } else {
            return Err(LENGTH);
        };
        self.start_prompt(PromptKind::QiSend { link }, want);
        Ok(vec![line("OK"), Piece::Raw(b">".to_vec())])
    }

    /// The QISEND bytes are in.
    pub(super) fn qisend_done(&mut self, link: u8, data: Vec<u8>, now: Instant) {
        self.socket_send(link, data, now, false);
        self.answer(now, vec![line("SEND OK")]);
    }

    /// Bytes to a socket's server, which echoes them back: raw in transparent mode,
    /// as `+RECEIVE,<link>,<len>:` and the data in AT mode (the manual does not say).
    pub(crate) fn socket_send(&mut self, link: u8, data: Vec<u8>, now: Instant, raw: bool) {
        let Some(sock) = self.state.sockets.iter_mut().find(|s| s.link == link) else {
            return;
        };
        sock.sent.extend(&data);
        if self.online() {
            self.online_send(link, data);
            return;
        }
        let answer = if raw {
            vec![Piece::Raw(data)]
        } else {
            vec![
                line(format!("+RECEIVE,{link},{}:", data.len())),
                Piece::Raw(data),
                Piece::Raw(b"\r\n".to_vec()),
            ]
        };
        let delay = self.timing().echo_reply;
        let at = self.later(now, delay);
        self.schedule(at, Event::Emit(answer));
    }

    /// `AT+QICLOSE=<link>`: `OK`, then `DISCONNECT` (TCP) or `UDP_CLOSE` (UDP).
    pub(super) fn cmd_qiclose(&mut self, form: Form) -> Result<Answer, Code> {
        let Form::Set(p) = form else {
            return Err(COMMAND);
        };
        p.count(1, 1)?;
        let link = p.num(0, 0..=255)? as u8;
        if !LINKS.contains(&link) {
            return Err(INVALID);
        }
        let pos = self
            .state
            .sockets
            .iter()
            .position(|s| s.link == link)
            .ok_or(STATE)?;
        let sock = self.state.sockets.remove(pos);
        self.end_data_for(link);
        if self.online() {
            self.online_close(link);
        }
        let closed = match sock.kind {
            SocketKind::Tcp => "DISCONNECT",
            SocketKind::Udp => "UDP_CLOSE",
        };
        let mut answer = ok();
        answer.push(line(closed));
        Ok(answer)
    }

    /// `AT+QISTATE`: one line per open link.
    pub(super) fn cmd_qistate(&mut self, form: Form) -> Result<Answer, Code> {
        exec_only(&form)?;
        let prefix = self.dialect().qistate_prefix();
        Ok(listing(self.state.sockets.iter().map(|s| {
            format!(
                "{prefix}{},\"{}\",\"{}\",{},{}",
                s.link,
                s.kind.name(),
                s.host,
                s.port,
                s.local_port
            )
        })))
    }
}
