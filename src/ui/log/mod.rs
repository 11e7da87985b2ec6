//! The live log: every byte written to and read from the module, with timestamps, lossless.
//!
//! - [`store`]: a bounded, compact ring of typed lines (direction, time, tag, bytes), spilling its
//!   oldest blocks to a temporary file ([`spill`]) past a memory budget.
//! - [`view`]: the panel: only visible rows are laid out (`ScrollArea::show_rows`), TX/RX
//!   colours, unsolicited lines and errors marked, text/hex, filter, search, pause, copy, save.
//! - [`search`]: time-sliced search, so a million lines never stall a frame.
//! - [`save`]: saving on a background thread, atomically, with secrets redacted on request.
//! - [`text`], [`clock`], [`note`]: escapes and hex, local times, link notes.

pub mod clock;
pub mod note;
pub mod save;
pub mod search;
pub mod spill;
pub mod store;
pub mod text;
mod view;

use crate::worker::Event;
use clock::Clock;
use note::Note;
use save::{SaveJob, SaveResult};
use search::Search;
use std::time::SystemTime;
pub use store::{Dir, Filter, Limits, Store, Tag};

/// The log panel: the store plus how the user is looking at it.
pub struct LogPanel {
    store: Store,
    filter: Filter,
    hex: bool,
    /// Keep the newest line in view.
    follow: bool,
    /// What is typed in the search box.
    query: String,
    search: Search,
    /// Replace secrets with `***` when saving or copying.
    redact: bool,
    /// Show secrets on screen (off at every start: never saved).
    reveal: bool,
    /// Selected lines: (anchor, other end), sequence numbers.
    selection: Option<(u64, u64)>,
    /// Lines drawn in the last frame.
    shown: Vec<u64>,
    /// Bring this line into view in the next frame.
    jump_to: Option<u64>,
    /// Scroll to the end in the next frame (the user resumed following).
    jump_to_end: bool,
    last_offset: Option<f32>,
    /// Lines that arrived while paused.
    unseen: u64,
    save: Option<SaveJob>,
    /// The "Save…" dialog, open off the UI thread; the lines are taken when it answers.
    save_dialog: Option<crate::ui::task::Task<Option<std::path::PathBuf>>>,
    status: Option<Status>,
    confirm_clear: bool,
    focus_search: bool,
    clock: Clock,
    last_note: Option<Note>,
}

/// The last thing the panel has to report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Save(SaveResult),
    Copied(usize),
    /// The selection was larger than what is copied; the first lines were.
    CopiedPart {
        copied: usize,
        selected: u64,
    },
}

impl Default for LogPanel {
    fn default() -> Self {
        LogPanel::with_limits(Limits::default())
    }
}

/// Copying puts at most this many lines on the clipboard (saving has no limit).
pub const MAX_COPY: usize = 100_000;

impl LogPanel {
    /// A panel whose store uses these limits (tests and benchmarks).
    pub fn with_limits(limits: Limits) -> Self {
        LogPanel {
            store: Store::new(limits),
            filter: Filter::All,
            hex: false,
            follow: true,
            query: String::new(),
            search: Search::default(),
            redact: true,
            reveal: false,
            selection: None,
            shown: Vec::new(),
            jump_to: None,
            jump_to_end: false,
            last_offset: None,
            unseen: 0,
            save: None,
            save_dialog: None,
            status: None,
            confirm_clear: false,
            focus_search: false,
            clock: Clock::default(),
            last_note: None,
        }
    }

    /// Show times in UTC whatever the machine's zone (tests compare exact text).
    pub fn use_utc(&mut self) {
        self.clock = Clock::utc();
    }

    /// Take a worker event (`Tx`, `Rx` and `Received` are logged; link changes and data mode become notes).
    pub fn on_event(&mut self, e: &Event) {
        let before = self.store.end();
        match e {
            Event::Tx { at, bytes, secrets } => {
                // A typed line's secrets are found by what the line is, as the form's are.
                let mut all = secrets.clone();
                all.extend(text::secrets_in(bytes));
                self.store.push_tx(*at, bytes, &all)
            }
            Event::Received(b) => {
                // A password read back (`+QMTCFG:`) or echoed is as secret as the one sent.
                for l in b.lines() {
                    self.store.add_secrets(&text::secrets_in(l.raw));
                }
                self.store.push_batch(b)
            }
            Event::Rx(l) => {
                // A password read back (`+QMTCFG:`) or echoed is as secret as the one sent.
                self.store.add_secrets(&text::secrets_in(&l.frame.raw));
                self.store.push_rx(l.at, &l.frame, l.unsolicited)
            }
            Event::Link(s) => {
                if let Some(n) = Note::from_link(s) {
                    self.note(n);
                }
            }
            Event::DataMode(on) => self.note(Note::DataMode(*on)),
            Event::PortError(reason) => self.note(Note::Failed {
                reason: reason.clone(),
            }),
            _ => {}
        }
        if !self.follow {
            self.unseen += self.store.end() - before;
        }
    }

    fn note(&mut self, n: Note) {
        if self.last_note.as_ref() == Some(&n) {
            return;
        }
        self.store.push_note(SystemTime::now(), &n.encode());
        self.last_note = Some(n);
    }

    /// Number of lines held.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }

    /// The store (read-only).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, for reading lines back (reading may load spilled blocks).
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn filter(&self) -> Filter {
        self.filter
    }
    pub fn set_filter(&mut self, f: Filter) {
        self.filter = f;
    }
    pub fn hex(&self) -> bool {
        self.hex
    }
    pub fn set_hex(&mut self, on: bool) {
        self.hex = on;
    }
    /// Is the view following new lines?
    pub fn following(&self) -> bool {
        self.follow
    }
    /// Follow new lines again (and jump to the end), or stop.
    pub fn set_following(&mut self, on: bool) {
        if on && !self.follow {
            self.jump_to_end = true;
            self.unseen = 0;
        }
        self.follow = on;
    }
    /// Bring line `seq` into view (centred) and stop following.
    pub fn scroll_to(&mut self, seq: u64) {
        self.jump_to = Some(seq);
        self.follow = false;
    }
    /// The search box's text.
    pub fn query(&self) -> &str {
        &self.query
    }
    pub fn set_query(&mut self, q: &str) {
        self.query = q.to_string();
    }
    /// Matches found so far, and whether the whole log has been searched.
    pub fn search_count(&self) -> (u64, bool) {
        (self.search.count(), self.search.done(&self.store))
    }
    pub fn redact(&self) -> bool {
        self.redact
    }
    pub fn set_redact(&mut self, on: bool) {
        self.redact = on;
    }
    /// Lines drawn in the last frame (sequence numbers).
    pub fn shown(&self) -> &[u64] {
        &self.shown
    }
    /// Is a save running?
    pub fn saving(&self) -> bool {
        self.save.is_some()
    }
    /// What the panel last reported (saved, failed, copied).
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// The lines as text (time, direction, tag, escaped bytes), secrets masked if redacting.
    pub fn lines_text(&mut self, seqs: &[u64], lang: crate::i18n::Lang) -> String {
        let secrets = self.store.secrets().to_vec();
        let mut out = String::new();
        let mut red = text::Redactor::new(&secrets, self.redact, &self.clock, lang);
        for &seq in seqs {
            if let Some(l) = self.store.line(seq) {
                red.line(&mut out, l.at_us, l.flags, &l.bytes);
            }
        }
        red.finish(&mut out);
        out
    }

    /// Forget every line (and the spill file).
    pub fn clear(&mut self) {
        self.store.clear();
        self.selection = None;
        self.shown.clear();
        self.unseen = 0;
        self.follow = true;
        self.jump_to = None;
    }
}
