//! Notes the log adds between the bytes: the link opened, the cable was pulled, data mode began.
//! They are not bytes on the wire (the TX/RX filters leave them out); they are stored in a small
//! language-neutral encoding and shown in the user's language.

use crate::i18n::Lang;
use crate::tr;
use crate::worker::LinkState;

/// A note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    Connected { port: String, baud: u32 },
    NoAnswer { port: String, baud: u32 },
    Disconnected,
    Restarting,
    Unplugged { port: String },
    Failed { reason: String },
    DataMode(bool),
}

const SEP: char = '\u{1f}';

impl Note {
    /// The note for a link change (none while connecting: the probing would be noise).
    pub fn from_link(s: &LinkState) -> Option<Note> {
        Some(match s {
            LinkState::Connecting { .. } => return None,
            LinkState::Connected { port, baud } => Note::Connected {
                port: port.clone(),
                baud: *baud,
            },
            LinkState::NoAnswer { port, baud } => Note::NoAnswer {
                port: port.clone(),
                baud: *baud,
            },
            LinkState::Disconnected => Note::Disconnected,
            LinkState::Restarting => Note::Restarting,
            LinkState::Unplugged { port } => Note::Unplugged { port: port.clone() },
            // The log keeps the English words (the system's own words are English anyway).
            LinkState::Failed { reason } => Note::Failed {
                reason: reason.to_string(),
            },
        })
    }

    /// The stored form: a code letter, then fields separated by U+001F.
    pub fn encode(&self) -> Vec<u8> {
        let s = match self {
            Note::Connected { port, baud } => format!("C{port}{SEP}{baud}"),
            Note::NoAnswer { port, baud } => format!("N{port}{SEP}{baud}"),
            Note::Disconnected => "D".into(),
            Note::Restarting => "R".into(),
            Note::Unplugged { port } => format!("U{port}"),
            Note::Failed { reason } => format!("F{reason}"),
            Note::DataMode(on) => if *on { "M1" } else { "M0" }.into(),
        };
        s.into_bytes()
    }

    /// Read the stored form back.
    pub fn decode(bytes: &[u8]) -> Option<Note> {
        let s = std::str::from_utf8(bytes).ok()?;
        let mut chars = s.chars();
        let code = chars.next()?;
        let rest = chars.as_str();
        let port_baud = || {
            let (p, b) = rest.split_once(SEP)?;
            Some((p.to_string(), b.parse().ok()?))
        };
        Some(match code {
            'C' => {
                let (port, baud) = port_baud()?;
                Note::Connected { port, baud }
            }
            'N' => {
                let (port, baud) = port_baud()?;
                Note::NoAnswer { port, baud }
            }
            'D' => Note::Disconnected,
            'R' => Note::Restarting,
            'U' => Note::Unplugged { port: rest.into() },
            'F' => Note::Failed {
                reason: rest.into(),
            },
            'M' => Note::DataMode(rest == "1"),
            _ => return None,
        })
    }

    /// The note in words.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Note::Connected { port, baud } => {
                tr!(lang, "log-note-connected-to", port = port, baud = baud)
            }
            Note::NoAnswer { port, baud } => tr!(
                lang,
                "log-note-port-open-module-not-answering",
                port = port,
                baud = baud
            ),
            Note::Disconnected => lang.tr("log-note-disconnected").into(),
            Note::Restarting => lang.tr("log-note-module-restarting").into(),
            Note::Unplugged { port } => tr!(lang, "log-note-cable-unplugged", port = port),
            Note::Failed { reason } => tr!(lang, "log-note-connection-failed", reason = reason),
            Note::DataMode(true) => lang.tr("log-note-transparent-data-mode").into(),
            Note::DataMode(false) => lang.tr("log-note-back-in-command-mode").into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for n in [
            Note::Connected {
                port: "/dev/ttyUSB0".into(),
                baud: 115_200,
            },
            Note::NoAnswer {
                port: "COM3".into(),
                baud: 9600,
            },
            Note::Disconnected,
            Note::Restarting,
            Note::Unplugged {
                port: "COM3".into(),
            },
            Note::Failed {
                reason: "busy".into(),
            },
            Note::DataMode(true),
            Note::DataMode(false),
        ] {
            assert_eq!(Note::decode(&n.encode()), Some(n.clone()));
            assert!(!n.text(Lang::Zh).is_empty());
        }
    }
}
