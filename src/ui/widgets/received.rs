//! What the module received from the network, shown where it belongs: MQTT messages in the MQTT
//! panel (per topic), data on a TCP/UDP link in the TCP/UDP panel (per link).
//!
//! An [`Inbox`] keeps the last [`Inbox::DEFAULT_CAPACITY`] entries (counting what it dropped),
//! filters them by a channel (topic or link) and by words in the channel or payload, shows
//! each payload as text or hex, and copies what is shown. It is also the hook for the
//! "PC → broker → module" half of a delivery proof: [`Inbox::messages_on`] and
//! [`Inbox::find_containing`] say whether (and when) the module printed a given payload.
//!
//! [`Feed`] turns the worker's events into entries: it runs the pure
//! [`RecvScanner`](crate::at::recv::RecvScanner) over every received byte and, while the link
//! is in transparent mode, takes the raw bytes as they come.

use crate::at::recv::{Received, RecvScanner};
use crate::i18n::Lang;
use crate::ui::log::clock::Clock;
use crate::worker::Event;
use egui::{RichText, Ui};
use std::collections::{BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

/// One received piece of data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Counts up from 1 for each message an inbox took in (dropped ones included), so a caller
    /// can ask for "what came after the message I saw last".
    pub seq: u64,
    /// When its last byte arrived.
    pub at: SystemTime,
    /// The topic, or the link ("3"; empty for transparent-mode data).
    pub channel: String,
    pub payload: Vec<u8>,
}

impl Message {
    /// The payload as text (invalid UTF-8 replaced), or `None` if it holds control bytes other
    /// than line breaks and tabs, which read better as hex.
    pub fn text(&self) -> Option<String> {
        let t = std::str::from_utf8(&self.payload).ok()?;
        t.chars()
            .all(|c| !c.is_control() || matches!(c, '\r' | '\n' | '\t'))
            .then(|| t.to_string())
    }

    /// The payload as hex bytes: `48 65 6C`.
    pub fn hex(&self) -> String {
        let mut s = String::with_capacity(self.payload.len() * 3);
        for (i, b) in self.payload.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            let _ = write!(s, "{b:02X}");
        }
        s
    }

    /// Whether the payload holds `needle` (bytes, anywhere).
    pub fn contains(&self, needle: &[u8]) -> bool {
        needle.is_empty() || self.payload.windows(needle.len()).any(|w| w == needle)
    }
}

/// The last received messages of one panel.
#[derive(Debug)]
pub struct Inbox {
    items: VecDeque<Message>,
    capacity: usize,
    dropped: u64,
    next_seq: u64,
    /// Words to look for in the channel and payload (as the filter box holds them).
    pub filter: String,
    /// Show only this channel (`None`: all).
    pub channel: Option<String>,
    /// Show payloads as hex.
    pub hex: bool,
}

impl Default for Inbox {
    fn default() -> Self {
        Self::with_capacity(Self::DEFAULT_CAPACITY)
    }
}

impl Inbox {
    /// How many messages a panel keeps.
    pub const DEFAULT_CAPACITY: usize = 500;

    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            items: VecDeque::new(),
            capacity: capacity.max(1),
            dropped: 0,
            next_seq: 1,
            filter: String::new(),
            channel: None,
            hex: false,
        }
    }

    /// Keep a message; the oldest goes when the inbox is full. Returns its sequence number.
    pub fn push(&mut self, at: SystemTime, channel: impl Into<String>, payload: Vec<u8>) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        if self.items.len() == self.capacity {
            self.items.pop_front();
            self.dropped += 1;
        }
        self.items.push_back(Message {
            seq,
            at,
            channel: channel.into(),
            payload,
        });
        seq
    }

    /// The messages kept, oldest first.
    pub fn messages(&self) -> impl DoubleEndedIterator<Item = &Message> {
        self.items.iter()
    }

    /// How many messages are kept.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many older messages were dropped to keep the newest.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The sequence number the next message will get: a delivery proof notes it before it
    /// publishes, then looks only at what came after.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// The messages on `channel` (a topic, or a link number), oldest first.
    pub fn messages_on<'a>(&'a self, channel: &'a str) -> impl Iterator<Item = &'a Message> + 'a {
        self.items.iter().filter(move |m| m.channel == channel)
    }

    /// The first message numbered `from_seq` or later whose payload holds `needle` (a proof's
    /// nonce): the module printed it, and when.
    pub fn find_containing(&self, needle: &[u8], from_seq: u64) -> Option<&Message> {
        self.items
            .iter()
            .find(|m| m.seq >= from_seq && m.contains(needle))
    }

    /// Forget every message (the count of dropped ones too).
    pub fn clear(&mut self) {
        self.items.clear();
        self.dropped = 0;
    }

    /// The channels seen among the kept messages, sorted.
    pub fn channels(&self) -> Vec<String> {
        let set: BTreeSet<&str> = self.items.iter().map(|m| m.channel.as_str()).collect();
        set.into_iter().map(str::to_string).collect()
    }

    /// The messages the filter and the channel choice let through, oldest first.
    pub fn shown(&self) -> Vec<&Message> {
        let words = self.filter.trim().to_lowercase();
        self.items
            .iter()
            .filter(|m| self.channel.as_ref().is_none_or(|c| *c == m.channel))
            .filter(|m| {
                words.is_empty()
                    || m.channel.to_lowercase().contains(&words)
                    || String::from_utf8_lossy(&m.payload)
                        .to_lowercase()
                        .contains(&words)
                    || m.hex().to_lowercase().contains(&words)
            })
            .collect()
    }
}

/// How a panel names its channels and words its inbox.
pub struct Words {
    /// The column and drop-down name: "Topic" / "Link".
    pub channel: &'static str,
    /// How to show a channel's value in the drop-down and table (e.g. "link 3").
    pub show_channel: fn(Lang, &str) -> String,
    /// The filter box's label.
    pub filter: &'static str,
    /// The greyed hint in the empty filter box.
    pub filter_hint: &'static str,
    /// Said when nothing was received yet.
    pub empty: &'static str,
    /// What the copy button copies: "Copy shown messages".
    pub copy: &'static str,
    /// The "clear" button.
    pub clear: &'static str,
    /// The hex checkbox.
    pub hex: &'static str,
    /// The channel drop-down.
    pub pick: &'static str,
}

/// What a row's extra column says (the MQTT panel: the QoS of the subscription it came on).
pub type Extra<'a> = &'a dyn Fn(&Message) -> Option<String>;

/// The time of day a message arrived, in local time (UTC where the offset is unknown).
pub fn time_of(clock: &Clock, at: SystemTime) -> String {
    let us = at
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
        .unwrap_or(0);
    clock.civil(us).time()
}

/// A row's payload in one line, shortened, as text or hex.
fn payload_cell(m: &Message, hex: bool, lang: Lang) -> String {
    const SHOWN: usize = 160;
    let (mut s, was_text) = match (hex, m.text()) {
        // Line breaks as the log writes them (the fonts have no control pictures).
        (false, Some(t)) => (t.replace('\r', "\\r").replace('\n', "\\n"), true),
        _ => (m.hex(), false),
    };
    if s.chars().count() > SHOWN {
        s = s.chars().take(SHOWN).collect::<String>() + "…";
    }
    if !hex && !was_text {
        s = crate::tr!(lang, "widgets-received-hex", payload = &s);
    }
    s
}

/// Everything shown, as text for the clipboard: time, channel, and the whole payload.
pub fn copy_text(inbox: &Inbox, clock: &Clock, lang: Lang, words: &Words) -> String {
    let mut out = String::new();
    for m in inbox.shown() {
        let payload = match (inbox.hex, m.text()) {
            (false, Some(t)) => t,
            _ => m.hex(),
        };
        let _ = writeln!(
            out,
            "{}\t{}\t{}",
            time_of(clock, m.at),
            (words.show_channel)(lang, &m.channel),
            payload
        );
    }
    out
}

/// Draw the inbox: a count, the channel choice, the filter, hex, copy and clear, then the rows
/// (time, channel, `extra`, size, payload), newest at the bottom. `id` keeps two inboxes apart.
pub fn ui(
    ui: &mut Ui,
    lang: Lang,
    id: &str,
    inbox: &mut Inbox,
    words: &Words,
    extra: Option<(&str, Extra<'_>)>,
    clock: &Clock,
) {
    let pick = |key: &'static str| lang.tr(key);
    let shown = inbox.shown().len();
    ui.horizontal_wrapped(|ui| {
        let count = match inbox.dropped() {
            0 => crate::tr!(
                lang,
                "widgets-received-received-shown-the-last-are-kept",
                inbox = &inbox.len(),
                shown = &shown,
                capacity = &inbox.capacity
            ),
            n => crate::tr!(
                lang,
                "widgets-received-older-dropped",
                inbox = &inbox.len(),
                shown = &shown,
                capacity = &inbox.capacity,
                n = &n
            ),
        };
        ui.label(count);
    });
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(pick(words.pick));
        let all = lang.tr("widgets-received-all");
        let selected = inbox
            .channel
            .as_deref()
            .map_or_else(|| all.to_string(), |c| (words.show_channel)(lang, c));
        egui::ComboBox::from_id_salt(("inbox-channel", id))
            .selected_text(selected)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut inbox.channel, None, all);
                for c in inbox.channels() {
                    let text = (words.show_channel)(lang, &c);
                    ui.selectable_value(&mut inbox.channel, Some(c), text);
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label(pick(words.filter));
        ui.add(
            egui::TextEdit::singleline(&mut inbox.filter)
                .desired_width(180.0)
                .hint_text(pick(words.filter_hint)),
        )
        .labelled_by(l.id);
        ui.checkbox(&mut inbox.hex, pick(words.hex));
        if ui
            .add_enabled(shown > 0, egui::Button::new(pick(words.copy)))
            .clicked()
        {
            ui.ctx().copy_text(copy_text(inbox, clock, lang, words));
        }
        if ui
            .add_enabled(!inbox.is_empty(), egui::Button::new(pick(words.clear)))
            .clicked()
        {
            inbox.clear();
        }
    });
    if inbox.is_empty() {
        ui.label(RichText::new(pick(words.empty)).weak());
        return;
    }
    let rows = inbox.shown();
    if rows.is_empty() {
        ui.label(RichText::new(lang.tr("widgets-received-nothing-matches-the-filter")).weak());
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    egui::ScrollArea::vertical()
        .id_salt(("inbox-rows", id))
        .max_height(row_height * 10.0)
        .stick_to_bottom(true)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            egui::Grid::new(("inbox-grid", id, range.start))
                .striped(true)
                .spacing([14.0, 4.0])
                .show(ui, |ui| {
                    for m in &rows[range] {
                        ui.label(RichText::new(time_of(clock, m.at)).monospace());
                        ui.label(RichText::new((words.show_channel)(lang, &m.channel)).monospace());
                        if let Some((_, f)) = extra {
                            ui.label(f(m).unwrap_or_default());
                        }
                        ui.label(crate::tr!(
                            lang,
                            "widgets-received-b",
                            payload = &m.payload.len()
                        ));
                        ui.label(RichText::new(payload_cell(m, inbox.hex, lang)).monospace());
                        ui.end_row();
                    }
                });
        });
}

/// Turns worker events into received messages: the scanner over every received byte, the raw
/// bytes in transparent mode.
#[derive(Debug, Default)]
pub struct Feed {
    scanner: RecvScanner,
    data_mode: bool,
    found: Vec<Received>,
}

/// What a [`Feed`] found in one event.
#[derive(Debug, PartialEq, Eq)]
pub enum Arrival {
    Received(Received),
    /// Bytes received in transparent mode (from the far end of the transparent link).
    Transparent(Vec<u8>),
}

impl Feed {
    /// Look at one worker event; returns what arrived in it, each with the time its last byte
    /// was read.
    pub fn on_event(&mut self, e: &Event) -> Vec<(SystemTime, Arrival)> {
        let mut out = Vec::new();
        self.each_arrival(e, |at, a| out.push((at, a)));
        out
    }

    /// [`Feed::on_event`] handing each arrival to `sink` as it is found: a batch of megabytes
    /// (a worker's backlog) is hundreds of thousands of messages, which must not all be held
    /// at once when the inbox keeps the last few hundred.
    pub fn each_arrival(&mut self, e: &Event, mut sink: impl FnMut(SystemTime, Arrival)) {
        match e {
            Event::DataMode(on) => {
                self.data_mode = *on;
                self.scanner.reset();
            }
            Event::Link(_) => {
                // A reopened port or a restarted module: a message cut off is not finished.
                self.scanner.reset();
            }
            Event::Received(batch) => {
                for line in batch.lines() {
                    self.take(line.at, line.raw, &mut sink);
                }
            }
            Event::Rx(rx) => self.take(rx.at, &rx.frame.raw, &mut sink),
            _ => {}
        }
    }

    fn take(&mut self, at: SystemTime, raw: &[u8], sink: &mut impl FnMut(SystemTime, Arrival)) {
        if self.data_mode {
            if !raw.is_empty() {
                sink(at, Arrival::Transparent(raw.to_vec()));
            }
            return;
        }
        self.scanner.push(raw, &mut self.found);
        for r in self.found.drain(..) {
            sink(at, Arrival::Received(r));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: u64) -> SystemTime {
        UNIX_EPOCH + std::time::Duration::from_secs(s)
    }

    #[test]
    fn keeps_the_last_and_counts_the_dropped() {
        let mut i = Inbox::with_capacity(3);
        for n in 0..5u8 {
            i.push(at(u64::from(n)), "t", vec![b'0' + n]);
        }
        assert_eq!(i.len(), 3);
        assert_eq!(i.dropped(), 2);
        let kept: Vec<u8> = i.messages().map(|m| m.payload[0]).collect();
        assert_eq!(kept, b"234");
        assert_eq!(i.next_seq(), 6);
    }

    #[test]
    fn finds_a_nonce_after_a_point() {
        let mut i = Inbox::default();
        i.push(at(1), "a", b"nonce-1".to_vec());
        let from = i.next_seq();
        i.push(at(2), "b", b"other".to_vec());
        assert!(
            i.find_containing(b"nonce-1", from).is_none(),
            "only what came after"
        );
        i.push(at(3), "a", b"x nonce-1 y".to_vec());
        let m = i.find_containing(b"nonce-1", from).expect("found");
        assert_eq!((m.channel.as_str(), m.at), ("a", at(3)));
        assert_eq!(i.messages_on("a").count(), 2);
        assert_eq!(i.messages_on("b").count(), 1);
    }

    #[test]
    fn filter_by_channel_and_words() {
        let mut i = Inbox::default();
        i.push(at(1), "dev/a", b"Temperature 21".to_vec());
        i.push(at(2), "dev/b", b"humidity".to_vec());
        i.push(at(3), "dev/a", vec![0x00, 0xAB]);
        i.filter = "temp".into();
        assert_eq!(i.shown().len(), 1);
        i.filter = "ab".into();
        assert_eq!(i.shown().len(), 1, "hex is searched too");
        i.filter.clear();
        i.channel = Some("dev/a".into());
        assert_eq!(i.shown().len(), 2);
        assert_eq!(i.channels(), vec!["dev/a".to_string(), "dev/b".into()]);
    }

    #[test]
    fn text_or_hex() {
        let m = |p: &[u8]| Message {
            seq: 1,
            at: at(0),
            channel: String::new(),
            payload: p.to_vec(),
        };
        assert_eq!(m(b"a\r\nb").text().as_deref(), Some("a\r\nb"));
        assert_eq!(m(b"\x00a").text(), None);
        assert_eq!(m(b"\xff").text(), None);
        assert_eq!(m(b"\x00\xff").hex(), "00 FF");
        assert_eq!(payload_cell(&m(b"a\r\n"), false, Lang::En), "a\\r\\n");
        assert_eq!(payload_cell(&m(b"\x01"), false, Lang::En), "(hex) 01");
        assert_eq!(payload_cell(&m(b"A"), true, Lang::En), "41");
    }
}
