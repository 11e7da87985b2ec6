//! The log's store: a bounded ring of typed lines, compact enough to keep a million of them in a
//! few tens of MiB.
//!
//! Lines live in blocks. A block holds its lines' bytes back to back in one arena, and per line
//! only a timestamp (8 bytes), an end offset (4 bytes) and a flags byte (direction, tag,
//! unsolicited, continuation): 13 bytes of index a line, no per-line allocation. The newest
//! blocks stay in memory; when they pass the memory budget the oldest are written to a temporary
//! file ([`super::spill`]) and read back (a few at a time, cached) when scrolled to, searched or
//! saved. Only the flags byte of a spilled line stays in memory, so filtering never touches the
//! disk. Past the line or disk limit the oldest blocks are dropped (and counted), so a session of
//! any length stays bounded.
//!
//! Lines are addressed by a sequence number (`seq`) that never changes while the line is kept:
//! the oldest kept line is [`Store::base`], the next to come is [`Store::end`].

use super::spill::{ColdRef, SpillFile};
use crate::at::{Frame, FrameKind};
use std::collections::VecDeque;
use std::ops::Range;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// A display line is cut after this many bytes, so a raw data stream never makes one giant line.
pub const MAX_LINE: usize = 256;

/// Which way the bytes went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// Written to the module.
    Tx,
    /// Received from the module.
    Rx,
    /// Neither: a note the app adds (connected, cable unplugged, data mode…).
    Note,
}

/// What a line is (from the framer's classification).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Tag {
    /// Bytes written to the module.
    Sent = 0,
    /// The module's echo of a command.
    Echo = 1,
    /// An information line of an answer (`+CSQ: 15,99`).
    Answer = 2,
    /// `OK`.
    Final = 3,
    /// `ERROR…`, `+CME ERROR…`.
    Error = 4,
    /// `>` or `>>`.
    Prompt = 5,
    /// An unsolicited result code.
    Urc = 6,
    /// Any other line, or raw bytes in transparent mode.
    Data = 7,
    /// An HTTP body chunk.
    Body = 8,
    /// An empty line.
    Blank = 9,
    /// A note from the app (not bytes on the wire).
    Note = 10,
}

impl Tag {
    const ALL: [Tag; 11] = [
        Tag::Sent,
        Tag::Echo,
        Tag::Answer,
        Tag::Final,
        Tag::Error,
        Tag::Prompt,
        Tag::Urc,
        Tag::Data,
        Tag::Body,
        Tag::Blank,
        Tag::Note,
    ];

    /// The tag for a received frame.
    pub fn of(kind: &FrameKind) -> Tag {
        match kind {
            FrameKind::Echo(_) => Tag::Echo,
            FrameKind::Info { .. } => Tag::Answer,
            FrameKind::Ok => Tag::Final,
            FrameKind::Error(_) => Tag::Error,
            FrameKind::Prompt(_) => Tag::Prompt,
            FrameKind::Urc(_) => Tag::Urc,
            FrameKind::Body(_) => Tag::Body,
            FrameKind::Data(_) => Tag::Data,
            FrameKind::Blank => Tag::Blank,
        }
    }

    /// The tag for a received frame's class (a batch line: the same tag as [`Tag::of`]).
    pub fn of_class(class: crate::worker::RxClass) -> Tag {
        use crate::worker::RxClass;
        match class {
            RxClass::Echo => Tag::Echo,
            RxClass::Info => Tag::Answer,
            RxClass::Ok => Tag::Final,
            RxClass::Error => Tag::Error,
            RxClass::Prompt => Tag::Prompt,
            RxClass::Urc => Tag::Urc,
            RxClass::Body => Tag::Body,
            RxClass::Data => Tag::Data,
            RxClass::Blank => Tag::Blank,
        }
    }

    /// A short English name, used in saved files (stable, so tools can parse them).
    pub fn file_name(self) -> &'static str {
        match self {
            Tag::Sent => "sent",
            Tag::Echo => "echo",
            Tag::Answer => "answer",
            Tag::Final => "OK",
            Tag::Error => "ERROR",
            Tag::Prompt => "prompt",
            Tag::Urc => "URC",
            Tag::Data => "data",
            Tag::Body => "body",
            Tag::Blank => "blank",
            Tag::Note => "note",
        }
    }
}

/// A line's flags byte: tag (bits 0-3), direction (bits 4-5), unsolicited (bit 6), continuation
/// (bit 7: not the first line of its event).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flags(pub u8);

impl Flags {
    const UNSOLICITED: u8 = 1 << 6;
    const CONTINUED: u8 = 1 << 7;

    /// Pack the parts.
    pub fn new(dir: Dir, tag: Tag, unsolicited: bool, continued: bool) -> Flags {
        let d = match dir {
            Dir::Tx => 0,
            Dir::Rx => 1,
            Dir::Note => 2,
        };
        let mut b = tag as u8 | d << 4;
        if unsolicited {
            b |= Self::UNSOLICITED;
        }
        if continued {
            b |= Self::CONTINUED;
        }
        Flags(b)
    }
    pub fn dir(self) -> Dir {
        match (self.0 >> 4) & 3 {
            0 => Dir::Tx,
            1 => Dir::Rx,
            _ => Dir::Note,
        }
    }
    pub fn tag(self) -> Tag {
        Tag::ALL
            .get(usize::from(self.0 & 0x0f))
            .copied()
            .unwrap_or(Tag::Data)
    }
    /// Not part of any command's answer.
    pub fn unsolicited(self) -> bool {
        self.0 & Self::UNSOLICITED != 0
    }
    /// A later line of the same write or frame (split at a line end or at [`MAX_LINE`]).
    pub fn continued(self) -> bool {
        self.0 & Self::CONTINUED != 0
    }
    fn with_continued(self) -> Flags {
        Flags(self.0 | Self::CONTINUED)
    }
}

/// Which lines the view shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Filter {
    #[default]
    All,
    Tx,
    Rx,
    /// Lines the module sent on its own (URCs, stray errors, anything outside an answer).
    Unsolicited,
    Errors,
}

impl Filter {
    /// Every filter, in the order the buttons show them.
    pub const ALL: [Filter; 5] = [
        Filter::All,
        Filter::Tx,
        Filter::Rx,
        Filter::Unsolicited,
        Filter::Errors,
    ];

    fn index(self) -> usize {
        self as usize
    }

    /// Does a line with these flags pass?
    pub fn accepts(self, f: Flags) -> bool {
        match self {
            Filter::All => true,
            Filter::Tx => f.dir() == Dir::Tx,
            Filter::Rx => f.dir() == Dir::Rx,
            Filter::Unsolicited => f.dir() == Dir::Rx && (f.unsolicited() || f.tag() == Tag::Urc),
            Filter::Errors => f.tag() == Tag::Error,
        }
    }
}

/// Sizes and limits; [`Limits::default`] is what the app uses, tests shrink them to exercise
/// spilling and dropping.
#[derive(Clone, Debug)]
pub struct Limits {
    /// A block is sealed when its arena reaches this many bytes…
    pub block_bytes: usize,
    /// …or it holds this many lines.
    pub block_lines: usize,
    /// Sealed blocks beyond this much memory (bytes + index) are written to the spill file.
    pub hot_bytes: usize,
    /// Past this many lines the oldest blocks are dropped.
    pub max_lines: u64,
    /// Past this much spilled data the oldest blocks are dropped.
    pub max_disk_bytes: u64,
    /// Decoded spilled blocks kept for reading.
    pub cache_blocks: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            block_bytes: 1 << 20,
            block_lines: 32 * 1024,
            // Half a million typical AT lines (about 14 MiB) stay in memory, older ones are
            // read back from the spill file: a million lines keep the whole window near 130 MiB
            // (`scripts/perf.sh`), under the 150 MiB target with room to spare.
            hot_bytes: 16 << 20,
            // About 15 hours of 921600-baud data; the flags alone are then 20 MB.
            max_lines: 20_000_000,
            max_disk_bytes: 4 << 30,
            cache_blocks: 4,
        }
    }
}

/// One block's lines: timestamps, end offsets into the arena, and the arena.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chunk {
    /// Microseconds since the Unix epoch.
    pub times: Vec<u64>,
    /// `ends[j]` is where line `j` ends in `bytes`; it starts where line `j-1` ends.
    pub ends: Vec<u32>,
    pub bytes: Vec<u8>,
}

impl Chunk {
    /// Line `j`: its time and bytes.
    pub fn line(&self, j: usize) -> Option<(u64, &[u8])> {
        let end = *self.ends.get(j)? as usize;
        let start = if j == 0 { 0 } else { self.ends[j - 1] as usize };
        Some((self.times[j], self.bytes.get(start..end)?))
    }
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// Memory held (lengths, not capacities: the open block reserves more than it touches).
    fn weight(&self) -> usize {
        self.times.len() * 8 + self.ends.len() * 4 + self.bytes.len()
    }
}

/// Where a block's lines are.
#[derive(Clone, Debug)]
pub enum Body {
    Hot(Arc<Chunk>),
    Cold(ColdRef),
}

/// A run of consecutive lines.
#[derive(Clone, Debug)]
pub struct Block {
    /// Sequence number of the first line.
    pub first: u64,
    /// One flags byte per line (kept in memory even when the block is spilled).
    pub flags: Arc<Vec<u8>>,
    counts: [u32; 5],
    pub body: Body,
}

impl Block {
    pub fn len(&self) -> usize {
        self.flags.len()
    }
    pub fn is_empty(&self) -> bool {
        self.flags.is_empty()
    }
    fn end(&self) -> u64 {
        self.first + self.flags.len() as u64
    }
    fn hot_weight(&self) -> usize {
        match &self.body {
            Body::Hot(c) => c.weight(),
            Body::Cold(_) => 0,
        }
    }
}

/// One line, as read from the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub seq: u64,
    /// Microseconds since the Unix epoch.
    pub at_us: u64,
    pub flags: Flags,
    pub bytes: Vec<u8>,
}

/// How much the store holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Bytes and index in memory (including the flags of spilled lines and the read cache).
    pub memory: usize,
    /// Bytes in the spill file.
    pub disk: u64,
}

/// Everything a background saver needs, detached from the store (shared, immutable).
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub blocks: Vec<Block>,
    pub secrets: Vec<String>,
}

/// The store. See the module docs.
pub struct Store {
    limits: Limits,
    blocks: VecDeque<Block>,
    /// Index of the first block not yet spilled (all before it are cold).
    first_hot: usize,
    next_seq: u64,
    hot_weight: usize,
    spill: Option<SpillFile>,
    cache: VecDeque<(u64, Arc<Chunk>)>,
    secrets: Vec<String>,
    dropped: u64,
    /// The last problem with the spill file, in English (shown as detail).
    problem: Option<String>,
    /// Bumped by [`Store::clear`], so views and searches can tell.
    generation: u64,
}

impl Default for Store {
    fn default() -> Self {
        Store::new(Limits::default())
    }
}

/// Microseconds since the Unix epoch (0 before it).
pub fn micros(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Cut an event's bytes into display lines: after each line end (`\n`, `\r\n`, or a lone `\r`)
/// and after [`MAX_LINE`] bytes. Line-end bytes at the start of a piece stay with the text that
/// follows them (a frame may begin with the LF of the previous frame's CRLF), a cut never falls
/// between CR and LF or inside a UTF-8 character, and the pieces concatenate to the input.
pub fn split_lines(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let s = start;
        let mut content = false;
        let mut i = s;
        while i < bytes.len() {
            let b = bytes[i];
            let next = bytes.get(i + 1).copied();
            let line_end = b == b'\n' || (b == b'\r' && next != Some(b'\n'));
            if line_end && content {
                break;
            }
            if b != b'\r' && b != b'\n' {
                content = true;
            }
            let len = i + 1 - s;
            let utf8_continues = next.is_some_and(|n| n & 0xC0 == 0x80) && len < MAX_LINE + 3;
            let crlf = b == b'\r' && next == Some(b'\n');
            if len >= MAX_LINE && !utf8_continues && !crlf {
                break;
            }
            i += 1;
        }
        let end = (i + 1).min(bytes.len());
        start = end;
        Some(s..end)
    })
}

impl Store {
    pub fn new(limits: Limits) -> Store {
        Store {
            limits,
            blocks: VecDeque::new(),
            first_hot: 0,
            next_seq: 0,
            hot_weight: 0,
            spill: None,
            cache: VecDeque::new(),
            secrets: Vec::new(),
            dropped: 0,
            problem: None,
            generation: 0,
        }
    }

    /// Take bytes written to the module.
    pub fn push_tx(&mut self, at: SystemTime, bytes: &[u8], secrets: &[String]) {
        for s in secrets {
            if !s.is_empty() && !self.secrets.contains(s) {
                self.secrets.push(s.clone());
                // Longest first, so a secret containing another is masked whole.
                self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
            }
        }
        self.push_event(
            micros(at),
            Flags::new(Dir::Tx, Tag::Sent, false, false),
            bytes,
        );
    }

    /// Take a received frame.
    pub fn push_rx(&mut self, at: SystemTime, frame: &Frame, unsolicited: bool) {
        let flags = Flags::new(Dir::Rx, Tag::of(&frame.kind), unsolicited, false);
        self.push_event(micros(at), flags, &frame.raw);
    }

    /// Take a batch of received frames (one line or more each, as [`Store::push_rx`]).
    pub fn push_batch(&mut self, batch: &crate::worker::RxBatch) {
        for l in batch.lines() {
            let flags = Flags::new(Dir::Rx, Tag::of_class(l.class), l.unsolicited, false);
            self.push_event(micros(l.at), flags, l.raw);
        }
    }

    /// Take a note from the app (its bytes are [`super::note`]'s encoding).
    pub fn push_note(&mut self, at: SystemTime, bytes: &[u8]) {
        self.push_event(
            micros(at),
            Flags::new(Dir::Note, Tag::Note, false, false),
            bytes,
        );
    }

    /// Append one event's bytes as one or more lines.
    pub fn push_event(&mut self, at_us: u64, flags: Flags, bytes: &[u8]) {
        let mut f = flags;
        for r in split_lines(bytes) {
            self.push_line(at_us, f, &bytes[r]);
            f = flags.with_continued();
        }
    }

    fn push_line(&mut self, at_us: u64, flags: Flags, line: &[u8]) {
        let need_new = match self.blocks.back() {
            None => true,
            Some(b) => match &b.body {
                Body::Cold(_) => true,
                Body::Hot(c) => {
                    b.len() >= self.limits.block_lines
                        || (c.bytes.len() + line.len() > self.limits.block_bytes && !c.is_empty())
                }
            },
        };
        if need_new {
            self.seal_last();
            self.blocks.push_back(Block {
                first: self.next_seq,
                flags: Arc::new(Vec::with_capacity(self.limits.block_lines.min(4096))),
                counts: [0; 5],
                body: Body::Hot(Arc::new(Chunk::default())),
            });
            self.enforce_limits();
        }
        let Some(b) = self.blocks.back_mut() else {
            return;
        };
        let Body::Hot(chunk) = &mut b.body else {
            return;
        };
        let chunk = Arc::make_mut(chunk);
        if chunk.bytes.capacity() == 0 {
            // Reserve the whole block once: no copying as it fills.
            chunk
                .bytes
                .reserve_exact(self.limits.block_bytes + 4 * MAX_LINE);
            chunk.times.reserve_exact(self.limits.block_lines);
            chunk.ends.reserve_exact(self.limits.block_lines);
        }
        chunk.bytes.extend_from_slice(line);
        chunk.times.push(at_us);
        // A block holds at most block_bytes (+ one line), far below 4 GiB.
        chunk.ends.push(chunk.bytes.len() as u32);
        Arc::make_mut(&mut b.flags).push(flags.0);
        for f in Filter::ALL {
            if f.accepts(flags) {
                b.counts[f.index()] += 1;
            }
        }
        self.hot_weight += line.len() + 13;
        self.next_seq += 1;
    }

    /// Give back the open block's unused reserve (it will not grow any more).
    fn seal_last(&mut self) {
        if let Some(b) = self.blocks.back_mut() {
            if let Body::Hot(c) = &mut b.body {
                let c = Arc::make_mut(c);
                c.bytes.shrink_to_fit();
                c.times.shrink_to_fit();
                c.ends.shrink_to_fit();
            }
            Arc::make_mut(&mut b.flags).shrink_to_fit();
        }
    }

    /// Spill past the memory budget; drop past the line and disk limits.
    fn enforce_limits(&mut self) {
        // The last block is the open one: never spilled.
        while self.hot_weight > self.limits.hot_bytes && self.first_hot + 1 < self.blocks.len() {
            let i = self.first_hot;
            if let Err(e) = self.spill_block(i) {
                // No temporary file: keep memory bounded by dropping the oldest lines instead.
                self.problem = Some(e.to_string());
                self.drop_front();
            }
        }
        while self.blocks.len() > 1
            && (self.len() as u64 > self.limits.max_lines
                || self.disk_bytes() > self.limits.max_disk_bytes)
        {
            self.drop_front();
        }
    }

    fn spill_block(&mut self, i: usize) -> std::io::Result<()> {
        let Some(Body::Hot(chunk)) = self.blocks.get(i).map(|b| b.body.clone()) else {
            self.first_hot += 1;
            return Ok(());
        };
        if self.spill.is_none() {
            self.spill = Some(SpillFile::new()?);
        }
        let Some(spill) = &mut self.spill else {
            return Ok(());
        };
        let cold = spill.write(&chunk)?;
        self.hot_weight -= chunk.weight() + chunk.len();
        if let Some(b) = self.blocks.get_mut(i) {
            b.body = Body::Cold(cold);
        }
        self.first_hot += 1;
        Ok(())
    }

    fn drop_front(&mut self) {
        if let Some(b) = self.blocks.pop_front() {
            self.dropped += b.len() as u64;
            if self.first_hot > 0 {
                self.first_hot -= 1;
            } else {
                self.hot_weight -= b.hot_weight() + b.len();
            }
            self.cache.retain(|(first, _)| *first != b.first);
        }
    }

    /// Forget everything (the spill file too).
    pub fn clear(&mut self) {
        let limits = self.limits.clone();
        let generation = self.generation + 1;
        let next_seq = self.next_seq;
        *self = Store::new(limits);
        self.generation = generation;
        // Sequence numbers keep counting, so nothing from before can be mistaken for a new line.
        self.next_seq = next_seq;
    }

    /// Lines kept.
    pub fn len(&self) -> usize {
        (self.next_seq - self.base()) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Sequence number of the oldest kept line.
    pub fn base(&self) -> u64 {
        self.blocks.front().map_or(self.next_seq, |b| b.first)
    }
    /// Sequence number the next line will get.
    pub fn end(&self) -> u64 {
        self.next_seq
    }
    /// Lines dropped (past the limits) since the last clear.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
    /// Changes on every clear.
    pub fn generation(&self) -> u64 {
        self.generation
    }
    /// The last problem with the temporary file, if any.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }
    /// Every secret seen in a write (longest first).
    pub fn secrets(&self) -> &[String] {
        &self.secrets
    }
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    fn disk_bytes(&self) -> u64 {
        self.blocks
            .iter()
            .take(self.first_hot)
            .map(|b| match &b.body {
                Body::Cold(c) => c.disk_len(),
                Body::Hot(_) => 0,
            })
            .sum()
    }

    /// Memory and disk held.
    pub fn usage(&self) -> Usage {
        let flags: usize = self.blocks.iter().map(|b| b.flags.capacity()).sum();
        let cache: usize = self.cache.iter().map(|(_, c)| c.weight()).sum();
        let hot: usize = self.blocks.iter().map(Block::hot_weight).sum();
        Usage {
            memory: hot + flags + cache + self.blocks.len() * std::mem::size_of::<Block>(),
            disk: self.disk_bytes(),
        }
    }

    /// Lines passing `filter`.
    pub fn count(&self, filter: Filter) -> u64 {
        if filter == Filter::All {
            return self.len() as u64;
        }
        self.blocks
            .iter()
            .map(|b| u64::from(b.counts[filter.index()]))
            .sum()
    }

    fn block_of(&self, seq: u64) -> Option<usize> {
        if seq < self.base() || seq >= self.next_seq {
            return None;
        }
        let i = self.blocks.partition_point(|b| b.end() <= seq);
        (i < self.blocks.len()).then_some(i)
    }

    /// The flags of one line.
    pub fn flags(&self, seq: u64) -> Option<Flags> {
        let b = &self.blocks[self.block_of(seq)?];
        Some(Flags(b.flags[(seq - b.first) as usize]))
    }

    /// Up to `n` sequence numbers of lines passing `filter`, starting at the `row`-th such line.
    pub fn rows(&self, filter: Filter, row: u64, n: usize) -> Vec<u64> {
        let mut out = Vec::with_capacity(n);
        if filter == Filter::All {
            let start = self.base() + row;
            out.extend((start..self.next_seq).take(n));
            return out;
        }
        let mut skip = row;
        for b in &self.blocks {
            if out.len() >= n {
                break;
            }
            let c = u64::from(b.counts[filter.index()]);
            if out.is_empty() && skip >= c {
                skip -= c;
                continue;
            }
            for (j, &f) in b.flags.iter().enumerate() {
                if !filter.accepts(Flags(f)) {
                    continue;
                }
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                out.push(b.first + j as u64);
                if out.len() >= n {
                    break;
                }
            }
        }
        out
    }

    /// How many lines passing `filter` come before `seq` (its row in the filtered view).
    pub fn rank(&self, filter: Filter, seq: u64) -> u64 {
        let seq = seq.clamp(self.base(), self.next_seq);
        if filter == Filter::All {
            return seq - self.base();
        }
        let mut n = 0;
        for b in &self.blocks {
            if b.end() <= seq {
                n += u64::from(b.counts[filter.index()]);
            } else {
                let upto = (seq.saturating_sub(b.first)) as usize;
                n += b.flags[..upto]
                    .iter()
                    .filter(|&&f| filter.accepts(Flags(f)))
                    .count() as u64;
                break;
            }
        }
        n
    }

    /// The lines of block `i` (read back from the spill file, through the cache, if spilled).
    pub fn chunk(&mut self, i: usize) -> std::io::Result<Arc<Chunk>> {
        let Some(b) = self.blocks.get(i) else {
            return Err(std::io::Error::other("no such block"));
        };
        let first = b.first;
        let cold = match &b.body {
            Body::Hot(c) => return Ok(c.clone()),
            Body::Cold(c) => c.clone(),
        };
        if let Some(pos) = self.cache.iter().position(|(f, _)| *f == first)
            && let Some(hit) = self.cache.remove(pos)
        {
            let c = hit.1.clone();
            self.cache.push_front(hit);
            return Ok(c);
        }
        let chunk = Arc::new(cold.load()?);
        self.cache.push_front((first, chunk.clone()));
        self.cache.truncate(self.limits.cache_blocks.max(1));
        Ok(chunk)
    }

    /// The number of blocks (for walking the whole store with [`Store::chunk`]).
    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }
    /// Block `i`'s first sequence number and flags.
    pub fn block_info(&self, i: usize) -> Option<(u64, &[u8])> {
        self.blocks.get(i).map(|b| (b.first, b.flags.as_slice()))
    }
    /// The index of the block holding `seq`.
    pub fn block_index(&self, seq: u64) -> Option<usize> {
        self.block_of(seq)
    }

    /// One line (reads it back if spilled; `None` if not kept or unreadable).
    pub fn line(&mut self, seq: u64) -> Option<Line> {
        let i = self.block_of(seq)?;
        let first = self.blocks[i].first;
        let j = (seq - first) as usize;
        let flags = Flags(self.blocks[i].flags[j]);
        match self.chunk(i) {
            Ok(c) => {
                let (at_us, bytes) = c.line(j)?;
                Some(Line {
                    seq,
                    at_us,
                    flags,
                    bytes: bytes.to_vec(),
                })
            }
            Err(e) => {
                self.problem = Some(e.to_string());
                None
            }
        }
    }

    /// A detached, shared view of every kept line, for saving on another thread.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            blocks: self.blocks.iter().cloned().collect(),
            secrets: self.secrets.clone(),
        }
    }
}

impl Snapshot {
    /// Lines in the snapshot.
    pub fn len(&self) -> u64 {
        self.blocks.iter().map(|b| b.len() as u64).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Visit every line in order.
    pub fn for_each_line(
        &self,
        mut f: impl FnMut(u64, Flags, u64, &[u8]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        for b in &self.blocks {
            let loaded;
            let chunk: &Chunk = match &b.body {
                Body::Hot(c) => c,
                Body::Cold(c) => {
                    loaded = c.load()?;
                    &loaded
                }
            };
            for (j, &fl) in b.flags.iter().enumerate() {
                let Some((at, bytes)) = chunk.line(j) else {
                    continue;
                };
                f(b.first + j as u64, Flags(fl), at, bytes)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::at::error_code::ModuleError;
    use std::time::Duration;

    fn pieces(bytes: &[u8]) -> Vec<&[u8]> {
        split_lines(bytes).map(|r| &bytes[r]).collect()
    }

    #[test]
    fn splits_at_line_ends() {
        assert_eq!(pieces(b"AT\r\n"), vec![&b"AT\r\n"[..]]);
        assert_eq!(
            pieces(b"a\r\nb\nc\rd"),
            vec![&b"a\r\n"[..], b"b\n", b"c\r", b"d"]
        );
        // A leading LF (the rest of the previous frame's CRLF) stays with its text.
        assert_eq!(pieces(b"\nOK\r\n"), vec![&b"\nOK\r\n"[..]]);
        assert_eq!(pieces(b"\r\n"), vec![&b"\r\n"[..]]);
        assert_eq!(pieces(b"a\r\n\r\nb"), vec![&b"a\r\n"[..], b"\r\nb"]);
        assert!(pieces(b"").is_empty());
    }

    #[test]
    fn splits_long_data_at_max_line() {
        let data = vec![b'x'; 1000];
        let p = pieces(&data);
        assert_eq!(p.len(), 4);
        assert!(p.iter().all(|l| l.len() <= MAX_LINE));
        assert_eq!(p.concat(), data);
    }

    #[test]
    fn never_cuts_inside_a_character_or_a_crlf() {
        let text = "数据".repeat(200);
        for l in pieces(text.as_bytes()) {
            assert!(std::str::from_utf8(l).is_ok());
        }
        let mut data = vec![b'y'; MAX_LINE - 1];
        data.extend_from_slice(b"\r\nz");
        assert_eq!(pieces(&data)[0].len(), MAX_LINE + 1);
    }

    fn small() -> Limits {
        Limits {
            block_bytes: 256,
            block_lines: 8,
            hot_bytes: 600,
            max_lines: 1_000_000,
            max_disk_bytes: 1 << 30,
            cache_blocks: 2,
        }
    }

    fn all_bytes(store: &mut Store, dir: Dir) -> Vec<u8> {
        let mut out = Vec::new();
        for seq in store.base()..store.end() {
            let l = store.line(seq).expect("line");
            if l.flags.dir() == dir {
                out.extend_from_slice(&l.bytes);
            }
        }
        out
    }

    #[test]
    fn lossless_across_spill() {
        let mut s = Store::new(small());
        let t = SystemTime::now();
        let mut tx = Vec::new();
        let mut rx = Vec::new();
        for i in 0..500u32 {
            let cmd = format!("AT+TEST={i}\r\n");
            s.push_tx(t, cmd.as_bytes(), &[]);
            tx.extend_from_slice(cmd.as_bytes());
            let raw: Vec<u8> = (0..(i % 300)).map(|k| (k * 7 + i) as u8).collect();
            let f = Frame {
                kind: FrameKind::Data(raw.clone()),
                raw: raw.clone(),
            };
            s.push_rx(t + Duration::from_micros(u64::from(i)), &f, false);
            rx.extend_from_slice(&raw);
        }
        assert!(s.usage().disk > 0, "the small budget must spill");
        let u = s.usage();
        assert!(u.memory * 3 < u.disk as usize, "{u:?}");
        assert_eq!(all_bytes(&mut s, Dir::Tx), tx);
        assert_eq!(all_bytes(&mut s, Dir::Rx), rx);
        // The snapshot reads the same bytes back (on any thread).
        let snap = s.snapshot();
        let mut again = Vec::new();
        snap.for_each_line(|_, f, _, b| {
            if f.dir() == Dir::Rx {
                again.extend_from_slice(b);
            }
            Ok(())
        })
        .expect("read");
        assert_eq!(again, rx);
        // Times survive too.
        let l = s.line(s.base() + 1).expect("line");
        assert_eq!(l.at_us, micros(t));
    }

    #[test]
    fn drops_oldest_past_the_line_limit() {
        let mut s = Store::new(Limits {
            max_lines: 40,
            ..small()
        });
        for i in 0..100 {
            s.push_tx(SystemTime::now(), format!("L{i}\r\n").as_bytes(), &[]);
        }
        assert!(s.len() <= 40 + 8);
        assert_eq!(s.len() as u64 + s.dropped(), 100);
        let last = s.line(s.end() - 1).expect("last");
        assert_eq!(last.bytes, b"L99\r\n");
        assert!(s.line(0).is_none());
    }

    #[test]
    fn filters_count_and_find_rows() {
        let mut s = Store::new(small());
        let t = SystemTime::now();
        for i in 0..50 {
            s.push_tx(t, b"AT\r\n", &[]);
            let kind = if i % 10 == 0 {
                FrameKind::Error(ModuleError::Code(104))
            } else {
                FrameKind::Ok
            };
            let raw = if i % 10 == 0 {
                b"ERROR=104\r\n".to_vec()
            } else {
                b"OK\r\n".to_vec()
            };
            s.push_rx(t, &Frame { kind, raw }, i % 10 == 0);
        }
        assert_eq!(s.count(Filter::All), 100);
        assert_eq!(s.count(Filter::Tx), 50);
        assert_eq!(s.count(Filter::Rx), 50);
        assert_eq!(s.count(Filter::Errors), 5);
        assert_eq!(s.count(Filter::Unsolicited), 5);
        let errs = s.rows(Filter::Errors, 0, 10);
        assert_eq!(errs, vec![1, 21, 41, 61, 81]);
        assert_eq!(s.rows(Filter::Errors, 3, 10), vec![61, 81]);
        assert_eq!(s.rank(Filter::Errors, 61), 3);
        assert_eq!(s.rank(Filter::Tx, 61), 31);
        assert_eq!(s.rows(Filter::Tx, 31, 1), vec![62]);
        assert_eq!(s.rows(Filter::All, 98, 10), vec![98, 99]);
    }

    #[test]
    fn flags_round_trip() {
        for dir in [Dir::Tx, Dir::Rx, Dir::Note] {
            for tag in Tag::ALL {
                for u in [false, true] {
                    for c in [false, true] {
                        let f = Flags::new(dir, tag, u, c);
                        assert_eq!(
                            (f.dir(), f.tag(), f.unsolicited(), f.continued()),
                            (dir, tag, u, c)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn clear_forgets_everything() {
        let mut s = Store::new(small());
        for _ in 0..300 {
            s.push_tx(SystemTime::now(), b"AT+CSQ\r\n", &["pw".into()]);
        }
        let g = s.generation();
        s.clear();
        assert!(s.is_empty());
        assert_eq!(s.usage().disk, 0);
        assert!(s.secrets().is_empty());
        assert_ne!(s.generation(), g);
    }
}
