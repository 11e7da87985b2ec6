//! Giving memory back to the system after a burst: a harmless extra on glibc, nothing depends
//! on it. Received lines reach the UI in compact batches over a bounded channel (see
//! [`crate::worker::Event`]), so a burst no longer leaves hundreds of MiB of freed events
//! behind; once a large burst has been drained, glibc is still asked to return its free pages
//! (`malloc_trim`), a few MiB. Other systems' allocators return memory on their own terms.
//! `CT11_NO_TRIM=1` turns it off (`scripts/perf.sh` measures with it off).

/// Lines taken since the last trim; a trim is worth its few milliseconds past this many.
pub const TRIM_AFTER_EVENTS: u64 = 100_000;

/// Counts drained events and trims once a large burst is over.
#[derive(Default)]
pub struct BurstTrim {
    since_trim: u64,
}

impl BurstTrim {
    /// `drained` lines and events were taken this frame; `queue_empty`: none are waiting. Returns whether
    /// the free memory was handed back now.
    pub fn after_drain(&mut self, drained: usize, queue_empty: bool) -> bool {
        self.since_trim += drained as u64;
        if self.since_trim < TRIM_AFTER_EVENTS || !queue_empty {
            return false;
        }
        self.since_trim = 0;
        if std::env::var_os("CT11_NO_TRIM").is_none() {
            release_free_memory();
        }
        true
    }
}

/// Large blocks (a burst's batches, the log's chunks: a MiB and more) straight from the system
/// and straight back to it when freed, as Windows' and macOS's allocators do with large blocks.
/// glibc does so only until the first such block is freed: it then raises its threshold up to
/// 32 MiB, and later bursts' buffers stay in its heap after they are freed. A fixed threshold
/// keeps the first behaviour. Call once, before the window starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn large_blocks_from_the_system() {
    // SAFETY: mallopt only changes a tuning value of the allocator; 1 MiB is a valid threshold.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn large_blocks_from_the_system() {}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_free_memory() {
    // SAFETY: malloc_trim only walks the allocator's own free lists; any pad value is valid.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_free_memory() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_once_after_a_large_drained_burst() {
        let mut t = BurstTrim::default();
        assert!(!t.after_drain(60_000, false), "still arriving");
        assert!(!t.after_drain(30_000, true), "not large yet");
        assert!(t.after_drain(20_000, true), "large and over");
        assert!(!t.after_drain(10, true), "counted afresh");
    }
}
