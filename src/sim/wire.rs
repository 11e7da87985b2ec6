//! [`Wire`]: the host-to-module line as a UART would carry it, for [`SimConfig::wire`]. Bytes
//! written by the host arrive one character time apart, after whatever is still on the line;
//! the module takes each one in when it has fully arrived.
//!
//! [`SimConfig::wire`]: super::config::SimConfig::wire

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use super::config::{LineSettings, Parity, StopBits};

/// Bytes in flight from the host, each with the instant its stop bit ends.
#[derive(Debug, Default)]
pub(super) struct Wire {
    in_flight: VecDeque<(Instant, u8)>,
    /// When the line is free again (the last byte's arrival), if anything was sent.
    free_at: Option<Instant>,
}

/// How long one character takes at these settings: start bit, data bits, parity, stop bits.
pub(super) fn char_time(line: &LineSettings) -> Duration {
    if line.baud == 0 {
        return Duration::ZERO;
    }
    let parity = u64::from(line.parity != Parity::None);
    let half_stop = match line.stop_bits {
        StopBits::One => 2,
        StopBits::OnePointFive => 3,
        StopBits::Two => 4,
    };
    let half_bits = 2 * (1 + u64::from(line.data_bits) + parity) + half_stop;
    Duration::from_nanos(half_bits * 1_000_000_000 / (2 * u64::from(line.baud)))
}

impl Wire {
    /// The host wrote `bytes` at `now` at line settings `line`: they follow what is still on
    /// the line.
    pub fn send(&mut self, bytes: &[u8], now: Instant, line: &LineSettings) {
        let step = char_time(line);
        let mut t = self.free_at.map_or(now, |f| f.max(now));
        for &b in bytes {
            t += step;
            self.in_flight.push_back((t, b));
        }
        if !bytes.is_empty() {
            self.free_at = Some(t);
        }
    }

    /// When the next byte has arrived, if one is on the line.
    pub fn next_arrival(&self) -> Option<Instant> {
        self.in_flight.front().map(|(t, _)| *t)
    }

    /// The bytes that have arrived by `until`, with the arrival of the last of them.
    pub fn take_until(&mut self, until: Instant) -> Option<(Vec<u8>, Instant)> {
        let mut bytes = Vec::new();
        let mut last = None;
        while let Some(&(t, b)) = self.in_flight.front() {
            if t > until {
                break;
            }
            self.in_flight.pop_front();
            bytes.push(b);
            last = Some(t);
        }
        last.map(|t| (bytes, t))
    }

    /// The line went dead (unplugged): what was on it is lost.
    pub fn clear(&mut self) {
        self.in_flight.clear();
        self.free_at = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_bits_a_byte_at_8n1_and_bytes_queue_behind_each_other() {
        let line = LineSettings::DEFAULT;
        assert_eq!(char_time(&line), Duration::from_nanos(86_805));
        let two_stop = LineSettings {
            stop_bits: StopBits::Two,
            parity: Parity::Even,
            ..LineSettings::with_baud(9600)
        };
        // 1 + 8 + 1 + 2 bits.
        assert_eq!(char_time(&two_stop), Duration::from_nanos(1_250_000));

        let t0 = Instant::now();
        let mut w = Wire::default();
        let line = LineSettings::with_baud(10_000); // 1 ms a byte
        w.send(b"ab", t0, &line);
        // Written while "b" is still on the line: waits behind it.
        w.send(b"c", t0 + Duration::from_micros(500), &line);
        assert_eq!(w.next_arrival(), Some(t0 + Duration::from_millis(1)));
        assert_eq!(w.take_until(t0 + Duration::from_micros(999)), None);
        assert_eq!(
            w.take_until(t0 + Duration::from_millis(2)),
            Some((b"ab".to_vec(), t0 + Duration::from_millis(2)))
        );
        assert_eq!(w.next_arrival(), Some(t0 + Duration::from_millis(3)));
        // After a pause the line is idle: the next byte takes one character time from its write.
        w.take_until(t0 + Duration::from_millis(3));
        w.send(b"d", t0 + Duration::from_millis(10), &line);
        assert_eq!(w.next_arrival(), Some(t0 + Duration::from_millis(11)));
        w.clear();
        assert_eq!(w.next_arrival(), None);
    }
}
