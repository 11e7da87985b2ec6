//! The worker's sending side: received frames gathered into one batch per read, and a bounded
//! channel that never blocks the worker.
//!
//! The caller (the UI) drains the channel once per frame; a pseudo-terminal can deliver a
//! million lines in between. So the channel is bounded, and what does not fit waits here in
//! order, consecutive batches merged into one: the caller finds at most the channel's capacity
//! of events plus one batch per stretch of other events, and memory grows with the bytes
//! received (8 bytes a line on top of them), never with one event per line.

use super::batch::RxBatch;
use super::event::Event;
use crate::at::FrameKind;
use crossbeam_channel::{Sender, TrySendError};
use std::collections::VecDeque;
use std::time::SystemTime;

/// Received bytes the backlog may hold before the worker stops reading the port (the port's
/// own buffers, and on a pty the sender, then wait): what a burst can pile up between two
/// frames of a busy window, whatever its size.
pub const BACKLOG_BYTES: usize = 24 << 20;

/// Events on their way to the caller.
pub struct Outbox {
    events: Sender<Event>,
    /// Frames received and not yet sent: sent before any other event, and at the end of each
    /// turn of the worker's loop.
    rx: RxBatch,
    /// Events the full channel did not take yet, in order.
    backlog: VecDeque<Event>,
    /// Received bytes in `backlog`.
    backlog_bytes: usize,
    /// Something was sent or queued since [`Outbox::take_sent`].
    sent: bool,
}

impl Outbox {
    pub fn new(events: Sender<Event>) -> Self {
        Outbox {
            events,
            rx: RxBatch::default(),
            backlog: VecDeque::new(),
            backlog_bytes: 0,
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

    /// Whether events wait for room in the channel (the worker then offers them again soon).
    pub fn waiting(&self) -> bool {
        !self.backlog.is_empty()
    }

    /// Whether the backlog holds [`BACKLOG_BYTES`] or more: the worker then leaves the port
    /// unread until the caller has taken some (nothing is dropped).
    pub fn full(&self) -> bool {
        self.backlog_bytes >= BACKLOG_BYTES
    }

    /// Whether anything was sent or queued since the last call (the worker then wakes the
    /// caller).
    pub fn take_sent(&mut self) -> bool {
        std::mem::take(&mut self.sent)
    }

    fn send(&mut self, e: Event) {
        self.sent = true;
        if self.backlog.is_empty() {
            match self.events.try_send(e) {
                Ok(()) | Err(TrySendError::Disconnected(_)) => {}
                Err(TrySendError::Full(e)) => self.push_back(e),
            }
            return;
        }
        let e = match (self.backlog.back_mut(), e) {
            (Some(Event::Received(last)), Event::Received(more)) => {
                let n = more.byte_len();
                match last.append(more) {
                    Ok(()) => {
                        self.backlog_bytes += n;
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
        self.backlog_bytes += received_bytes(&e);
        self.backlog.push_back(e);
    }

    /// Hand the channel what waits, in order, as far as it takes it.
    fn offer(&mut self) {
        while let Some(e) = self.backlog.pop_front() {
            let n = received_bytes(&e);
            match self.events.try_send(e) {
                Ok(()) => {
                    self.sent = true;
                    self.backlog_bytes -= n;
                }
                Err(TrySendError::Full(e)) => {
                    self.backlog.push_front(e);
                    return;
                }
                Err(TrySendError::Disconnected(_)) => {
                    self.backlog.clear();
                    self.backlog_bytes = 0;
                    return;
                }
            }
        }
    }
}

fn received_bytes(e: &Event) -> usize {
    match e {
        Event::Received(b) => b.byte_len(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::LinkState;

    fn line(i: usize) -> Vec<u8> {
        format!("+QMTRECV: 0,0,\"t\",\"reading {i}\"\r\n").into_bytes()
    }

    #[test]
    fn a_burst_behind_a_full_channel_is_one_batch_in_order_and_every_line_arrives() {
        let (tx, rx) = crossbeam_channel::bounded(4);
        let mut out = Outbox::new(tx);
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
            // The channel's four, then at most: one merged batch, the link change, one batch.
            assert!(out.backlog.len() <= 3, "{}", out.backlog.len());
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
        let mut out = Outbox::new(tx);
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
    fn the_backlog_says_full_at_its_byte_limit_and_not_after_the_caller_took_it() {
        let (tx, rx) = crossbeam_channel::bounded(1);
        let mut out = Outbox::new(tx);
        let t = SystemTime::now();
        let mut held = 0;
        let mut i = 0;
        while !out.full() {
            let raw = line(i);
            i += 1;
            out.rx(t, &FrameKind::from_line(&raw[..raw.len() - 2]), &raw, true);
            out.flush();
            held += raw.len();
            assert!(
                held < BACKLOG_BYTES + 64 * 1024,
                "full within a read of the limit"
            );
        }
        assert!(held >= BACKLOG_BYTES);
        // The caller takes the channel's one event and then the merged rest.
        let mut got = 0;
        while out.waiting() || !rx.is_empty() {
            for e in rx.try_iter() {
                if let Event::Received(b) = e {
                    got += b.byte_len();
                }
            }
            out.flush();
        }
        assert!(!out.full());
        assert_eq!(got, held, "nothing dropped");
    }
}
