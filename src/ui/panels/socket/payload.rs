//! Data typed by the user for a `>` prompt or a transparent link: plain text (sent as its UTF-8
//! bytes, optionally ending with CR LF) or hex (`48 65 6C 6C 6F`, `48656c6c6f`, `0x48,0x65`).
//!
//! Shared by the TCP/UDP panel (QISEND, transparent mode) and the simple-pairing panel (MQTT
//! long publish), so data reads and counts the same everywhere.

use crate::i18n::Lang;
use crate::ui::widgets::choice_row;
use crate::ui::widgets::form::indented;
use egui::{RichText, Ui};

/// How the user writes the data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DataFormat {
    /// Text, sent as UTF-8.
    #[default]
    Text,
    /// Hex digits, two per byte.
    Hex,
}

/// Why a hex entry cannot be turned into bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HexError {
    /// A group holds a character that is not a hex digit.
    NotHex { group: String, ch: char },
    /// A group has an odd number of digits, so one byte is half-written.
    OddDigits { group: String },
}

impl HexError {
    /// What is wrong and how to write it instead, in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            HexError::NotHex { group, ch } => {
                crate::tr!(lang, "socket-payload-not-hex", group = group, ch = ch)
            }
            HexError::OddDigits { group } => {
                crate::tr!(lang, "socket-payload-odd-digits", group = group)
            }
        }
    }
}

/// Parse hex bytes. Groups may be separated by spaces, commas, colons or dashes; a group may
/// start with `0x`; inside a group every two digits make one byte.
pub fn parse_hex(input: &str) -> Result<Vec<u8>, HexError> {
    let mut out = Vec::new();
    for group in input
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '-' | ';'))
        .filter(|g| !g.is_empty())
    {
        let digits = group
            .strip_prefix("0x")
            .or_else(|| group.strip_prefix("0X"))
            .unwrap_or(group);
        if let Some(ch) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(HexError::NotHex {
                group: group.to_string(),
                ch,
            });
        }
        if digits.is_empty() || digits.len() % 2 != 0 {
            return Err(HexError::OddDigits {
                group: group.to_string(),
            });
        }
        // Only ASCII hex digits are left, so every pair is one byte.
        for pair in digits.as_bytes().chunks(2) {
            let s = std::str::from_utf8(pair).unwrap_or("00");
            out.push(u8::from_str_radix(s, 16).unwrap_or(0));
        }
    }
    Ok(out)
}

/// Bytes as `48 65 6C`, at most `max` of them, then `…`.
pub fn hex_dump(bytes: &[u8], max: usize) -> String {
    let mut s = bytes
        .iter()
        .take(max)
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ");
    if bytes.len() > max {
        s.push_str(" …");
    }
    s
}

/// A data entry: the format, what was typed, and whether text ends with CR LF.
#[derive(Clone, Debug, Default)]
pub struct PayloadInput {
    pub format: DataFormat,
    pub text: String,
    /// Text only: add CR LF after the text (many servers read line by line).
    pub crlf: bool,
}

impl PayloadInput {
    /// The bytes that will be sent.
    pub fn bytes(&self) -> Result<Vec<u8>, HexError> {
        match self.format {
            DataFormat::Text => {
                let mut b = self.text.as_bytes().to_vec();
                if self.crlf {
                    b.extend_from_slice(b"\r\n");
                }
                Ok(b)
            }
            DataFormat::Hex => parse_hex(&self.text),
        }
    }

    /// Forget what was typed (after sending), keeping the format.
    pub fn clear(&mut self) {
        self.text.clear();
    }

    /// Draw the entry: format choice, the data box (keyed by `id_salt`, tied to `label`), the
    /// byte count against `max` (if any) and the hex error, if any. Returns the bytes, or `None`
    /// when the hex is invalid.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        lang: Lang,
        id_salt: &str,
        label: &str,
        max: Option<usize>,
    ) -> Option<Vec<u8>> {
        let text = self.format == DataFormat::Text;
        choice_row(
            ui,
            lang.tr("socket-payload-write-data-as"),
            &mut self.format,
            &[
                (DataFormat::Text, lang.tr("socket-payload-text")),
                (DataFormat::Hex, lang.tr("socket-payload-hex")),
            ],
            |ui| {
                if text {
                    ui.checkbox(&mut self.crlf, lang.tr("socket-payload-end-with-cr-lf"))
                        .on_hover_text(
                            lang.tr("socket-payload-adds-the-two-bytes-0d-0a-after-the"),
                        );
                }
            },
        );
        ui.horizontal(|ui| {
            let l = ui.add_sized([150.0, 20.0], egui::Label::new(label).wrap());
            let hint = match self.format {
                DataFormat::Text => lang.tr("socket-payload-hello"),
                DataFormat::Hex => "48 65 6C 6C 6F",
            };
            ui.add(
                egui::TextEdit::multiline(&mut self.text)
                    .id_salt(id_salt)
                    .desired_rows(3)
                    .desired_width(360.0)
                    .font(egui::TextStyle::Monospace)
                    .hint_text(hint),
            )
            .labelled_by(l.id);
        });
        let parsed = self.bytes();
        let n = parsed.as_ref().map_or(0, Vec::len);
        indented(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let count = match max {
                    Some(m) => crate::tr!(lang, "socket-payload-bytes-of-max", n = n, max = m),
                    None => crate::tr!(lang, "socket-payload-bytes", n = n),
                };
                let over = max.is_some_and(|m| n > m);
                let text = RichText::new(count).monospace();
                ui.label(if over {
                    text.color(ui.visuals().error_fg_color)
                } else {
                    text
                });
                if self.format == DataFormat::Text && self.text.len() != self.text.chars().count() {
                    ui.label(
                        RichText::new(lang.tr("socket-payload-counted-as-utf-8-bytes-a-chinese"))
                            .weak(),
                    );
                }
                if let Ok(b) = &parsed
                    && !b.is_empty()
                {
                    let shown = match self.format {
                        DataFormat::Text => hex_dump(b, 24),
                        DataFormat::Hex => format!("“{}”", String::from_utf8_lossy(b)),
                    };
                    ui.label(RichText::new(shown).monospace().weak());
                }
            })
        });
        match parsed {
            Ok(b) => Some(b),
            Err(e) => {
                indented(ui, |ui| {
                    crate::ui::widgets::error_text(ui, &e.message(lang));
                });
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_in_every_usual_spelling() {
        let hello = b"Hello".to_vec();
        assert_eq!(parse_hex("48 65 6C 6C 6F").unwrap(), hello);
        assert_eq!(parse_hex("48656c6c6f").unwrap(), hello);
        assert_eq!(parse_hex("0x48,0x65, 0x6C 6C:6F").unwrap(), hello);
        assert_eq!(parse_hex("  ").unwrap(), Vec::<u8>::new());
        assert_eq!(parse_hex("00 ff").unwrap(), vec![0, 255]);
    }

    #[test]
    fn hex_errors_name_the_group() {
        assert_eq!(
            parse_hex("48 6G").unwrap_err(),
            HexError::NotHex {
                group: "6G".into(),
                ch: 'G'
            }
        );
        assert_eq!(
            parse_hex("48 6").unwrap_err(),
            HexError::OddDigits { group: "6".into() }
        );
        assert_eq!(
            parse_hex("0x").unwrap_err(),
            HexError::OddDigits { group: "0x".into() }
        );
        let e = parse_hex("4").unwrap_err();
        assert!(e.message(Lang::En).contains("0A"));
        assert!(e.message(Lang::Zh).contains("0A"));
        // Full-width characters are not hex digits either.
        assert!(matches!(
            parse_hex("４８").unwrap_err(),
            HexError::NotHex { .. }
        ));
    }

    #[test]
    fn text_is_utf8_with_optional_crlf() {
        let mut p = PayloadInput {
            text: "温度".into(),
            ..Default::default()
        };
        assert_eq!(p.bytes().unwrap().len(), 6);
        p.crlf = true;
        assert_eq!(p.bytes().unwrap().len(), 8);
        assert_eq!(hex_dump(&p.bytes().unwrap()[6..], 10), "0D 0A");
        assert_eq!(hex_dump(&[1, 2, 3], 2), "01 02 …");
    }
}
