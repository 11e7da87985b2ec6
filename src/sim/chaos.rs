//! The chaos module: a seeded fault mode of the simulated module for robustness tests. On top of
//! obeying the manual, it drops, duplicates and delays the bytes it sends, puts noise inside
//! lines, drops bytes it receives, answers late, lies about HTTP body lengths, drops links from
//! the server side and prints unsolicited lines at random times. Everything is drawn from its
//! own seeded generator, so a seed replays a session (given the same host timing).
//!
//! Rates are per mille (‰): per byte for the byte faults, per answer for the others.

use std::time::Duration;

use super::rng::Rng;

/// How much chaos, and its seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chaos {
    /// Seed of the chaos decisions (apart from the module's own seed).
    pub seed: u64,
    /// A byte the module sends is lost (‰ per byte).
    pub drop: u16,
    /// A byte the module sends comes twice (‰ per byte).
    pub duplicate: u16,
    /// A noise byte (never CR or LF, never a valid UTF-8 start) lands after a byte (‰ per byte).
    pub noise: u16,
    /// A byte the host sends is lost (‰ per byte).
    pub drop_input: u16,
    /// Output leaves in pieces up to this far apart.
    pub jitter: Duration,
    /// An answer comes late (‰ per answer) ...
    pub late: u16,
    /// ... by up to this much.
    pub late_by: Duration,
    /// An `$HTTPRECV:DATA,<len>` line announces a wrong length (‰ per such line).
    pub lie: u16,
    /// The server side drops an open link or the MQTT connection (‰ per answer).
    pub server_drop: u16,
    /// An unsolicited line is printed at a random time soon after an answer (‰ per answer).
    pub urc: u16,
}

impl Chaos {
    /// A rough session: every fault, often enough that a few dozen commands meet each.
    pub fn rough(seed: u64) -> Chaos {
        Chaos {
            seed,
            drop: 2,
            duplicate: 2,
            noise: 3,
            drop_input: 2,
            jitter: Duration::from_millis(2),
            late: 60,
            late_by: Duration::from_millis(600),
            lie: 300,
            server_drop: 30,
            urc: 80,
        }
    }
}

/// The running chaos: its settings and generator.
#[derive(Clone, Debug)]
pub(super) struct ChaosState {
    pub cfg: Chaos,
    pub rng: Rng,
}

impl ChaosState {
    pub fn new(cfg: Chaos) -> ChaosState {
        let rng = Rng::new(cfg.seed ^ 0xC4A0_5C4A_05C4_A05C);
        ChaosState { cfg, rng }
    }

    /// Whether an event of `rate` ‰ happens now.
    pub fn hit(&mut self, rate: u16) -> bool {
        rate > 0 && self.rng.range(0, 999) < u32::from(rate)
    }

    /// The bytes as they reach the host: some lost, some doubled, noise among them.
    pub fn mangle(&mut self, bytes: &[u8]) -> Vec<u8> {
        let (drop, dup, noise) = (self.cfg.drop, self.cfg.duplicate, self.cfg.noise);
        let mut out = Vec::with_capacity(bytes.len() + 4);
        for &b in bytes {
            if self.hit(drop) {
                continue;
            }
            out.push(b);
            if self.hit(dup) {
                out.push(b);
            }
            if self.hit(noise) {
                out.push(self.rng.noise_byte());
            }
        }
        out
    }

    /// The bytes the module takes in: some lost.
    pub fn lose_input(&mut self, bytes: &[u8]) -> Vec<u8> {
        let rate = self.cfg.drop_input;
        bytes.iter().copied().filter(|_| !self.hit(rate)).collect()
    }

    /// Extra delay for an answer (usually none).
    pub fn lateness(&mut self) -> Duration {
        if self.hit(self.cfg.late) {
            let max = self.cfg.late_by.as_micros().min(u128::from(u32::MAX)) as u32;
            Duration::from_micros(u64::from(self.rng.range(0, max)))
        } else {
            Duration::ZERO
        }
    }

    /// A gap before the next piece of output.
    pub fn gap(&mut self) -> Duration {
        let max = self.cfg.jitter.as_micros().min(u128::from(u32::MAX)) as u32;
        if max == 0 {
            return Duration::ZERO;
        }
        Duration::from_micros(u64::from(self.rng.range(0, max)))
    }

    /// A wrong length instead of `len` (never the right one).
    pub fn wrong_length(&mut self, len: usize) -> usize {
        let off = self.rng.range(1, 64) as usize;
        if self.rng.range(0, 1) == 0 {
            len + off
        } else {
            len.saturating_sub(off)
        }
    }

    /// An unsolicited line the module may print at any time.
    pub fn urc_line(&mut self) -> &'static str {
        const URCS: [&str; 4] = [
            "SIM_SUCCESS",
            "NETWORK_ACTIVATE_SUCCESS",
            "+CREG: 1",
            "MQTTDISCONNECT",
        ];
        URCS[self.rng.range(0, URCS.len() as u32 - 1) as usize]
    }

    /// A delay for an unsolicited line, up to 50 ms.
    pub fn urc_delay(&mut self) -> Duration {
        Duration::from_micros(u64::from(self.rng.range(0, 50_000)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_rates_no_change() {
        let mut c = ChaosState::new(Chaos {
            seed: 1,
            drop: 0,
            duplicate: 0,
            noise: 0,
            drop_input: 0,
            jitter: Duration::ZERO,
            late: 0,
            late_by: Duration::ZERO,
            lie: 0,
            server_drop: 0,
            urc: 0,
        });
        let b = b"+CSQ: 15,99\r\nOK\r\n";
        assert_eq!(c.mangle(b), b.to_vec());
        assert_eq!(c.lose_input(b), b.to_vec());
        assert_eq!(c.lateness(), Duration::ZERO);
        assert_eq!(c.gap(), Duration::ZERO);
    }

    #[test]
    fn same_seed_same_chaos_and_every_fault_shows() {
        let mut cfg = Chaos::rough(9);
        cfg.drop = 100;
        cfg.duplicate = 100;
        cfg.noise = 100;
        let mut a = ChaosState::new(cfg.clone());
        let mut b = ChaosState::new(cfg);
        let input: Vec<u8> = (0..2000).map(|i| b"OK\r\n"[i % 4]).collect();
        let ma = a.mangle(&input);
        assert_eq!(ma, b.mangle(&input));
        assert_ne!(ma, input);
        assert!(
            ma.iter()
                .any(|&b| b >= 0x80 || (b < 0x20 && b != b'\r' && b != b'\n'))
        );
        let n = input.len();
        assert!(ma.len() != n, "drops and duplicates change the length");
        assert_ne!(a.wrong_length(10), 10);
    }
}
