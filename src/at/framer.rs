//! Placeholder framer (minimal); replaced on merge with the real one.
use super::frame::{Frame, FrameKind, Prompt};
use super::urc::Urc;
#[derive(Default)]
pub struct Framer {
    buf: Vec<u8>,
    echo: Option<String>,
    prompt: bool,
    raw: bool,
}
impl Framer {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b)
    }
    pub fn pending(&self) -> &[u8] {
        &self.buf
    }
    pub fn expect_echo(&mut self, l: Option<&str>) {
        self.echo = l.map(str::to_string)
    }
    pub fn expect_prompt(&mut self, on: bool) {
        self.prompt = on
    }
    pub fn set_raw(&mut self, on: bool) {
        self.raw = on
    }
    pub fn reset(&mut self) {
        self.buf.clear()
    }
    pub fn take_pending(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.buf)
    }
    pub fn next_frame(&mut self) -> Option<Frame> {
        if self.buf.is_empty() {
            return None;
        }
        if self.raw {
            let raw = std::mem::take(&mut self.buf);
            return Some(Frame {
                kind: FrameKind::Data(raw.clone()),
                raw,
            });
        }
        if self.prompt && self.buf[0] == b'>' {
            let n = if self.buf.get(1) == Some(&b'>') { 2 } else { 1 };
            let raw: Vec<u8> = self.buf.drain(..n).collect();
            return Some(Frame {
                kind: FrameKind::Prompt(if n == 2 {
                    Prompt::Double
                } else {
                    Prompt::Single
                }),
                raw,
            });
        }
        let pos = self.buf.iter().position(|&b| b == b'\n')?;
        let raw: Vec<u8> = self.buf.drain(..=pos).collect();
        let line = String::from_utf8_lossy(&raw).trim().to_string();
        let kind = if self.echo.as_deref() == Some(line.as_str()) {
            self.echo = None;
            FrameKind::Echo(line)
        } else if line == "OK" {
            FrameKind::Ok
        } else if let Some(c) = line.strip_prefix("ERROR=") {
            FrameKind::Error(super::error_code::ModuleError::Code(c.parse().unwrap_or(0)))
        } else if line == "ERROR" {
            FrameKind::Error(super::error_code::ModuleError::Plain)
        } else if line == "RDY" {
            FrameKind::Urc(Urc::Ready)
        } else if line == "SEND OK" {
            FrameKind::Urc(Urc::SendOk)
        } else if line == "MQTTCONNECT" {
            FrameKind::Urc(Urc::MqttConnected)
        } else if let Some(l) = line.strip_prefix("CONNECT,ID:") {
            FrameKind::Urc(Urc::Connected {
                link: l.parse().unwrap_or(0),
            })
        } else if let Some(rest) = line.strip_prefix('+') {
            match rest.find([':', '=']) {
                Some(i) => FrameKind::Info {
                    name: rest[..i].to_string(),
                    body: rest[i + 1..].trim().to_string(),
                },
                None => FrameKind::Data(line.into_bytes()),
            }
        } else if line.is_empty() {
            FrameKind::Blank
        } else {
            FrameKind::Data(line.into_bytes())
        };
        Some(Frame { kind, raw })
    }
}
