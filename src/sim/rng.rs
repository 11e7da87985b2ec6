//! A tiny deterministic pseudo-random generator (xorshift64*), so a seed replays a run.

/// Pseudo-random numbers from a seed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced, xorshift cannot leave it).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        let span = u64::from(hi.saturating_sub(lo)) + 1;
        lo + (self.next_u64() % span) as u32
    }

    /// One byte of line noise: a byte that cannot start valid UTF-8 and is neither CR nor LF
    /// (controls, 0x7F, 0x80..=0xC1, 0xF5..=0xFF).
    pub fn noise_byte(&mut self) -> u8 {
        loop {
            let b = self.next_u64() as u8;
            let noise = (b < 0x20 && b != b'\r' && b != b'\n')
                || b == 0x7F
                || (0x80..=0xC1).contains(&b)
                || b >= 0xF5;
            if noise {
                return b;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_in_range() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
            let r = a.range(3, 5);
            assert!((3..=5).contains(&r));
            b.range(3, 5);
            let n = a.noise_byte();
            assert!(n != b'\r' && n != b'\n' && !(0x20..0x7F).contains(&n));
            b.noise_byte();
        }
    }
}
