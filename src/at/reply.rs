//! What the module answered to one command: the frames between sending it and its final line,
//! with helpers the typed decoders use.

use super::frame::FrameKind;
use super::urc::Urc;

/// The frames that answered one command (echo excluded), in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reply {
    pub frames: Vec<FrameKind>,
}

/// An answer that did not have the shape the manual documents.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unexpected answer to {command}: {detail}")]
pub struct DecodeError {
    pub command: &'static str,
    pub detail: String,
}

impl DecodeError {
    pub fn new(command: &'static str, detail: impl Into<String>) -> Self {
        Self {
            command,
            detail: detail.into(),
        }
    }
}

impl Reply {
    pub fn new(frames: Vec<FrameKind>) -> Self {
        Self { frames }
    }

    /// Bodies of the information lines named one of `names` (`+NAME:body`), in order.
    pub fn infos<'a>(&'a self, names: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
        self.frames.iter().filter_map(move |f| match f {
            FrameKind::Info { name, body }
                if names.iter().any(|n| n.eq_ignore_ascii_case(name)) =>
            {
                Some(body.as_str())
            }
            _ => None,
        })
    }

    /// The first information line named one of `names`, or a decode error for `command`.
    pub fn info(&self, command: &'static str, names: &[&str]) -> Result<&str, DecodeError> {
        self.frames
            .iter()
            .find_map(|f| match f {
                FrameKind::Info { name, body }
                    if names.iter().any(|n| n.eq_ignore_ascii_case(name)) =>
                {
                    Some(body.as_str())
                }
                _ => None,
            })
            .ok_or_else(|| DecodeError::new(command, format!("no +{} line", names.join("/+"))))
    }

    /// Plain text lines (not `+X:` lines, not OK/ERROR), trimmed.
    pub fn data_lines(&self) -> impl Iterator<Item = String> + '_ {
        self.frames.iter().filter_map(|f| match f {
            FrameKind::Data(d) => Some(String::from_utf8_lossy(d).trim().to_string()),
            _ => None,
        })
    }

    /// The unsolicited lines that arrived during the answer.
    pub fn urcs(&self) -> impl Iterator<Item = &Urc> + '_ {
        self.frames.iter().filter_map(|f| match f {
            FrameKind::Urc(u) => Some(u),
            _ => None,
        })
    }

    /// All `$HTTPRECV` body bytes, concatenated.
    pub fn body(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for f in &self.frames {
            if let FrameKind::Body(b) = f {
                out.extend_from_slice(b);
            }
        }
        out
    }
}

/// Parse a decimal field of an answer.
pub fn num<T: std::str::FromStr>(command: &'static str, s: &str) -> Result<T, DecodeError> {
    s.trim()
        .parse()
        .map_err(|_| DecodeError::new(command, format!("`{s}` is not a number")))
}
