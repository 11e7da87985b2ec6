//! The worker's sending side: received frames gathered into one batch per read, and a bounded
//! channel that never blocks the worker.
//!
//! The caller (the UI) drains the channel once per frame; a pseudo-terminal can deliver a
//! million lines in between. So the channel is bounded, and what does not fit waits here in
//! order, consecutive batches merged up to [`MERGE_BYTES`] each: the caller finds at most the
//! channel's capacity of events plus one event per megabyte of backlog, and memory grows with the
//! bytes received (8 bytes a line on top of them), never with one event per line.

use super::batch::{Held, RxBatch};
use super::event::Event;
use crate::at::FrameKind;
use crossbeam_channel::{Sender, TrySendError};
use std::collections::VecDeque;
use std::time::SystemTime;

/// The memory received batches may hold on their way to the caller (the worker's backlog, the
/// channel, and what the caller has taken but not yet dropped) before the worker stops reading
/// the port (the port's own buffers, and on a pty the sender, then wait): what a burst can pile
/// up between two frames of a busy window, whatever its size.
pub const BACKLOG_BYTES: usize = 24 << 20;

/// A batch in the backlog takes more reads merged into it up to this many bytes; then a new one
/// starts. The caller frees the backlog batch by batch as it takes them, so the memory a burst
/// leaves behind falls steadily while the window catches up, instead of all at once after the
/// last line of one giant batch (which kept a whole backlog resident until it was done).
pub const MERGE_BYTES: usize = 1 << 20;

/// Events on their way to the caller.
pub struct Outbox {
    events: Sender<Event>,
    /// Frames received and not yet sent: sent before any other event, and at the end of each
    /// turn of the worker's loop.
    rx: RxBatch,
    /// Events the full channel did not take yet, in order.
    backlog: VecDeque<Event>,
    /// The memory of the batches handed on and not yet dropped by the caller.
    held: Held,
    /// Something was sent or queued since [`Outbox::take_sent`].
    sent: bool,
}

impl Outbox {
    pub fn new(events: Sender<Event>, held: Held) -> Self {
        Outbox {
            events,
            rx: RxBatch::default(),
            backlog: VecDeque::new(),
            held,
            sent: false,
        }
    }

    /// A received frame: into the current batch.
    pub fn rx(&mut self, at: SystemTime, kind: &FrameKind, raw: &[u8], unsolicited: bool) {
        if !self.rx.has_room(raw.len()) {
            self.flush();
        }
        self.rx.push(at, kind, raw, unsolicited);
        self.sent = true;
    }

    /// Any other event, after the frames received before it.
    pub fn emit(&mut self, e: Event) {
        self.flush();
        self.send(e);
    }

    /// Send the frames received so far as one batch, and offer what waits.
    pub fn flush(&mut self) {
        if !self.rx.is_empty() {
            let batch = std::mem::take(&mut self.rx);
            self.send(Event::Received(batch));
        }
        self.offer();
    }

    /// Whether events wait for room in the channel, or the caller for memory to be freed (the
    /// worker then looks again soon).
    pub fn waiting(&self) -> bool {
        !self.backlog.is_empty() || self.full()
    }

    /// Whether received batches hold [`BACKLOG_BYTES`] or more on their way to the caller: the
    /// worker then leaves the port unread until the caller has taken and dropped some (nothing
    /// is dropped).
    pub fn full(&self) -> bool {
        self.held.bytes() >= BACKLOG_BYTES
    }

    /// Whether anything was sent or queued since the last call (the worker then wakes the
    /// caller).
    pub fn take_sent(&mut self) -> bool {
        std::mem::take(&mut self.sent)
    }

    fn send(&mut self, mut e: Event) {
        self.sent = true;
        if let Event::Received(b) = &mut e {
            b.hold(&self.held);
        }
        if self.backlog.is_empty() {
            match self.events.try_send(e) {
                Ok(()) | Err(TrySendError::Disconnected(_)) => {}
                Err(TrySendError::Full(e)) => self.push_back(e),
            }
            return;
        }
        let e = match (self.backlog.back_mut(), e) {
            (Some(Event::Received(last)), Event::Received(more))
                if last.byte_len() < MERGE_BYTES =>
            {
                match last.append(more) {
                    Ok(()) => {
                        last.hold(&self.held);
                        return;
                    }
                    Err(more) => Event::Received(more),
                }
            }
            (_, e) => e,
        };
        self.push_back(e);
    }

    fn push_back(&mut self, e: Event) {
        self.backlog.push_back(e);
    }

    /// Hand the channel what waits, in order, as far as it takes it.
    fn offer(&mut self) {
        while let Some(e) = self.backlog.pop_front() {
            match self.events.try_send(e) {
                Ok(()) => {
                    self.sent = true;
                }
                Err(TrySendError::Full(e)) => {
                    self.backlog.push_front(e);
                    return;
                }
                Err(TrySendError::Disconnected(_)) => {
                    self.backlog.clear();
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::LinkState;

    fn received_bytes(e: &Event) -> usize {
        match e {
            Event::Received(b) => b.byte_len(),
            _ => 0,
        }
    }

    fn line(i: usize) -> Vec<u8> {
        format!("+QMTRECV: 0,0,\"t\",\"reading {i}\"\r\n").into_bytes()
    }

    #[test]
    fn a_burst_behind_a_full_channel_is_one_batch_in_order_and_every_line_arrives() {
        let (tx, rx) = crossbeam_channel::bounded(4);
        let mut out = Outbox::new(tx, Held::default());
        let t = SystemTime::now();
        let mut expected = Vec::new();
        // 1000 reads of 100 lines, a link change in the middle; nobody drains meanwhile.
        for read in 0..1000 {
            for j in 0..100 {
                let raw = line(read * 100 + j);
                let kind = FrameKind::from_line(&raw[..raw.len() - 2]);
                out.rx(t, &kind, &raw, true);
                expected.extend_from_slice(&raw);
            }
            if read == 500 {
                out.emit(Event::Link(LinkState::Restarting));
            }
            out.flush();
            assert!(rx.len() <= 4);
            // The channel's four, then batches of about a megabyte each, the link change among
            // them: one event per megabyte, not per read or per line.
            let mib = out.held.bytes() / MERGE_BYTES;
            assert!(out.backlog.len() <= mib + 3, "{}", out.backlog.len());
            assert!(
                out.backlog
                    .iter()
                    .all(|e| received_bytes(e) < MERGE_BYTES + 8192)
            );
        }
        assert!(out.waiting());
        let mut got = Vec::new();
        let mut lines = 0;
        let mut link_after = None;
        loop {
            while let Ok(e) = rx.try_recv() {
                match e {
                    Event::Received(b) => {
                        for l in b.lines() {
                            got.extend_from_slice(l.raw);
                            lines += 1;
                        }
                    }
                    Event::Link(_) => link_after = Some(lines),
                    other => panic!("unexpected {other:?}"),
                }
            }
            if !out.waiting() {
                break;
            }
            out.flush();
        }
        assert_eq!(lines, 100_000);
        assert_eq!(got, expected, "every byte, in order");
        assert_eq!(
            link_after,
            Some(50_100),
            "the link change stays after its lines"
        );
    }

    #[test]
    fn with_room_each_read_is_one_event() {
        let (tx, rx) = crossbeam_channel::bounded(16);
        let mut out = Outbox::new(tx, Held::default());
        let t = SystemTime::now();
        for _ in 0..3 {
            out.rx(t, &FrameKind::Ok, b"OK\r\n", false);
            out.rx(t, &FrameKind::Ok, b"OK\r\n", false);
            out.flush();
        }
        assert!(out.take_sent());
        let sizes: Vec<usize> = rx
            .try_iter()
            .map(|e| match e {
                Event::Received(b) => b.len(),
                _ => 0,
            })
            .collect();
        assert_eq!(sizes, vec![2, 2, 2]);
        assert!(!out.waiting());
    }

    #[test]
    fn the_worker_stops_at_the_memory_limit_until_the_caller_drops_what_it_took() {
        let (tx, rx) = crossbeam_channel::bounded(1);
        let held = Held::default();
        let mut out = Outbox::new(tx, held.clone());
        let t = SystemTime::now();
        let mut sent = 0;
        let mut i = 0;
        while !out.full() {
            let raw = line(i);
            i += 1;
            out.rx(t, &FrameKind::from_line(&raw[..raw.len() - 2]), &raw, true);
            out.flush();
            sent += raw.len();
            assert!(
                sent < BACKLOG_BYTES + 64 * 1024,
                "full within a read of the limit"
            );
        }
        assert!(held.bytes() >= BACKLOG_BYTES);
        // The count is the batches' memory: the bytes, each line's bookkeeping, and the parsed
        // `+QMTRECV` kept beside them (these lines are the costliest kind there is).
        assert!(
            sent >= BACKLOG_BYTES / 8,
            "a few times the bytes at most ({sent} bytes)"
        );
        // The caller takes everything, in batches of about a megabyte, and keeps it: the
        // worker must still wait.
        let mut taken = Vec::new();
        while !out.backlog.is_empty() || !rx.is_empty() {
            taken.extend(rx.try_iter());
            out.flush();
        }
        assert!(out.full() && out.waiting(), "what the caller holds counts");
        assert!(
            taken
                .iter()
                .all(|e| received_bytes(e) < MERGE_BYTES + 64 * 1024)
        );
        let got: usize = taken.iter().map(received_bytes).sum();
        assert_eq!(got, sent, "nothing dropped");
        // Dropping what it took frees the worker.
        drop(taken);
        assert_eq!(held.bytes(), 0);
        assert!(!out.full() && !out.waiting());
    }
}
