//! Search over the whole log without stalling a frame: each frame scans for a few milliseconds
//! from where the last one stopped (new lines are scanned as they arrive), so a million lines are
//! searched in a handful of frames and the UI stays responsive meanwhile.

use super::store::{Dir, Filter, Flags, Store};
use super::text;
use std::time::{Duration, Instant};

/// At most this many match positions are remembered (the count keeps going).
pub const MAX_MATCHES: usize = 1_000_000;

/// The search state.
#[derive(Default)]
pub struct Search {
    /// What is being looked for (lower-cased bytes); `None`: no search.
    needle: Option<Vec<u8>>,
    filter: Filter,
    generation: u64,
    /// Sequence numbers of matching lines, in order.
    matches: Vec<u64>,
    /// Matches past [`MAX_MATCHES`], counted but not kept.
    overflow: u64,
    /// The next line to scan.
    next: u64,
    /// Index into `matches` of the match the user is on.
    current: Option<usize>,
}

impl Search {
    /// Point the search at `needle` within `filter`; starts over when either (or the store)
    /// changed.
    pub fn set(&mut self, store: &Store, needle: Option<Vec<u8>>, filter: Filter) {
        if needle == self.needle && filter == self.filter && store.generation() == self.generation {
            return;
        }
        *self = Search {
            needle,
            filter,
            generation: store.generation(),
            next: store.base(),
            ..Search::default()
        };
    }

    /// Is there a search at all?
    pub fn active(&self) -> bool {
        self.needle.is_some()
    }

    /// The lower-cased bytes searched for.
    pub fn needle(&self) -> Option<&[u8]> {
        self.needle.as_deref()
    }

    /// Has every kept line been scanned?
    pub fn done(&self, store: &Store) -> bool {
        self.needle.is_none() || self.next >= store.end()
    }

    /// Share of the log scanned, 0..=1.
    pub fn progress(&self, store: &Store) -> f32 {
        let total = store.end().saturating_sub(store.base());
        if total == 0 {
            return 1.0;
        }
        (self.next.saturating_sub(store.base())) as f32 / total as f32
    }

    /// Matches found so far.
    pub fn count(&self) -> u64 {
        self.matches.len() as u64 + self.overflow
    }

    /// Sequence numbers of the matches found (in order).
    pub fn matches(&self) -> &[u64] {
        &self.matches
    }

    /// The match the user is on (1-based position and line).
    pub fn current(&self) -> Option<(usize, u64)> {
        let i = self.current?;
        Some((i + 1, *self.matches.get(i)?))
    }

    /// Scan for up to `budget`. Returns true when everything is scanned.
    pub fn advance(&mut self, store: &mut Store, budget: Duration) -> bool {
        let Some(needle) = self.needle.clone() else {
            return true;
        };
        self.forget_dropped(store);
        let started = Instant::now();
        self.next = self.next.max(store.base());
        while self.next < store.end() {
            let Some(bi) = store.block_index(self.next) else {
                break;
            };
            let Some((first, flags)) = store.block_info(bi) else {
                break;
            };
            let from = (self.next - first) as usize;
            let wanted: Vec<usize> = flags[from..]
                .iter()
                .enumerate()
                .filter(|&(_, &f)| {
                    let f = Flags(f);
                    self.filter.accepts(f) && f.dir() != Dir::Note
                })
                .map(|(j, _)| from + j)
                .collect();
            let end = first + flags.len() as u64;
            if !wanted.is_empty() {
                let Ok(chunk) = store.chunk(bi) else {
                    // Unreadable (the header says why): skip it rather than spin.
                    self.next = end;
                    continue;
                };
                for j in wanted {
                    if let Some((_, bytes)) = chunk.line(j)
                        && text::contains_ci(bytes, &needle)
                    {
                        if self.matches.len() < MAX_MATCHES {
                            self.matches.push(first + j as u64);
                        } else {
                            self.overflow += 1;
                        }
                    }
                }
            }
            self.next = end;
            if started.elapsed() >= budget {
                break;
            }
        }
        self.done(store)
    }

    /// Drop matches on lines the store no longer keeps.
    fn forget_dropped(&mut self, store: &Store) {
        let base = store.base();
        let gone = self.matches.partition_point(|&s| s < base);
        if gone > 0 {
            self.matches.drain(..gone);
            self.current = self
                .current
                .and_then(|c| c.checked_sub(gone))
                .or(Some(0))
                .filter(|_| !self.matches.is_empty());
        }
    }

    /// Move to the next match after `from_seq` (wrapping), or the first. Returns its line.
    pub fn next_match(&mut self, from_seq: Option<u64>) -> Option<u64> {
        if self.matches.is_empty() {
            return None;
        }
        let i = match (self.current, from_seq) {
            (Some(c), _) => (c + 1) % self.matches.len(),
            (None, Some(s)) => {
                let i = self.matches.partition_point(|&m| m < s);
                if i >= self.matches.len() { 0 } else { i }
            }
            (None, None) => 0,
        };
        self.current = Some(i);
        Some(self.matches[i])
    }

    /// Move to the previous match (wrapping), or the last. Returns its line.
    pub fn prev_match(&mut self, from_seq: Option<u64>) -> Option<u64> {
        if self.matches.is_empty() {
            return None;
        }
        let n = self.matches.len();
        let i = match (self.current, from_seq) {
            (Some(c), _) => (c + n - 1) % n,
            (None, Some(s)) => self
                .matches
                .partition_point(|&m| m <= s)
                .checked_sub(1)
                .unwrap_or(n - 1),
            (None, None) => n - 1,
        };
        self.current = Some(i);
        Some(self.matches[i])
    }

    /// Is `seq` a match? (binary search)
    pub fn is_match(&self, seq: u64) -> bool {
        self.matches.binary_search(&seq).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::log::store::Limits;
    use std::time::SystemTime;

    fn store() -> Store {
        let mut s = Store::new(Limits {
            block_bytes: 128,
            block_lines: 4,
            hot_bytes: 300,
            ..Limits::default()
        });
        for i in 0..100 {
            let l = if i % 7 == 0 {
                format!("+CSQ: {i},99\r\n")
            } else {
                format!("AT+X={i}\r\n")
            };
            s.push_tx(SystemTime::now(), l.as_bytes(), &[]);
        }
        s
    }

    #[test]
    fn finds_every_match_across_spilled_blocks() {
        let mut s = store();
        assert!(s.usage().disk > 0);
        let mut q = Search::default();
        q.set(&s, text::needle("csq", false), Filter::All);
        while !q.advance(&mut s, Duration::from_millis(5)) {}
        assert_eq!(q.count(), 15);
        assert_eq!(q.next_match(None), Some(0));
        assert_eq!(q.next_match(None), Some(7));
        assert_eq!(q.prev_match(None), Some(0));
        assert_eq!(q.prev_match(None), Some(98));
        assert_eq!(q.current().map(|c| c.0), Some(15));
    }

    #[test]
    fn respects_the_filter_and_new_lines() {
        let mut s = store();
        let mut q = Search::default();
        q.set(&s, text::needle("CSQ", false), Filter::Rx);
        q.advance(&mut s, Duration::from_secs(1));
        assert_eq!(q.count(), 0);
        q.set(&s, text::needle("CSQ", false), Filter::Tx);
        q.advance(&mut s, Duration::from_secs(1));
        assert_eq!(q.count(), 15);
        s.push_tx(SystemTime::now(), b"AT+CSQ\r\n", &[]);
        assert!(!q.done(&s));
        q.advance(&mut s, Duration::from_secs(1));
        assert_eq!(q.count(), 16);
    }

    #[test]
    fn next_from_a_position() {
        let mut s = store();
        let mut q = Search::default();
        q.set(&s, text::needle("csq", false), Filter::All);
        q.advance(&mut s, Duration::from_secs(1));
        assert_eq!(q.next_match(Some(50)), Some(56));
        let mut q2 = Search::default();
        q2.set(&s, text::needle("csq", false), Filter::All);
        q2.advance(&mut s, Duration::from_secs(1));
        assert_eq!(q2.prev_match(Some(50)), Some(49));
    }
}
