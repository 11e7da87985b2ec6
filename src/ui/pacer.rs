//! When to repaint while the worker's events arrive. The first event after a quiet spell
//! repaints at once, so an answer shows immediately. During a burst (a stream in transparent
//! mode, a flood of unsolicited lines), repaints are spaced so that drawing the window stays
//! within a CPU budget. On a machine with a GPU a frame costs a millisecond or two and the log
//! follows at 10 frames a second; under software rendering a frame can cost 15 ms of CPU and
//! the view then updates a few times a second instead of taking a sixth of a core.
//!
//! The cost is the whole process's CPU time between frames (`getrusage`), which includes the
//! renderer's threads and the worker. Where that clock is not available (Windows), the interval
//! stays at its floor.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Shortest time between repaints during a burst.
pub const FLOOR: Duration = Duration::from_millis(100);
/// Longest: the view never lags a stream by more than this.
pub const CEILING: Duration = Duration::from_millis(1000);
/// The share of one core that repainting during a burst may use.
pub const BUDGET: f64 = 0.03;

/// Shared by the worker's wake-up callback (which decides how soon to repaint) and the UI
/// thread (which measures what a frame costs).
#[derive(Debug)]
pub struct Pacer {
    epoch: Instant,
    /// Microseconds since `epoch` of the last wake-up, +1 (0: none yet).
    last_wake_us: AtomicU64,
    /// The current spacing of repaints during a burst, in microseconds.
    interval_us: AtomicU64,
}

/// What the worker's callback should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repaint {
    Now,
    After(Duration),
}

impl Default for Pacer {
    fn default() -> Self {
        Pacer {
            epoch: Instant::now(),
            last_wake_us: AtomicU64::new(0),
            interval_us: AtomicU64::new(FLOOR.as_micros() as u64),
        }
    }
}

impl Pacer {
    pub fn new() -> Arc<Pacer> {
        Arc::new(Pacer::default())
    }

    /// An event arrived (worker thread): repaint now after a quiet spell, else after the
    /// current interval.
    pub fn wake(&self, now: Instant) -> Repaint {
        let us = now.saturating_duration_since(self.epoch).as_micros() as u64 + 1;
        let last = self.last_wake_us.swap(us, Ordering::Relaxed);
        let interval = self.interval();
        if last != 0 && us.saturating_sub(last) < interval.as_micros() as u64 {
            Repaint::After(interval)
        } else {
            Repaint::Now
        }
    }

    /// The spacing of repaints during a burst.
    pub fn interval(&self) -> Duration {
        Duration::from_micros(self.interval_us.load(Ordering::Relaxed))
    }

    fn set_interval(&self, d: Duration) {
        self.interval_us.store(
            d.clamp(FLOOR, CEILING).as_micros() as u64,
            Ordering::Relaxed,
        );
    }
}

/// The UI thread's side: at the start of each frame, how much CPU the process spent since the
/// previous frame started, smoothed, sets the burst interval to `cost / BUDGET`.
#[derive(Debug, Default)]
pub struct FrameMeter {
    last_cpu: Option<Duration>,
    /// Smoothed CPU cost of one frame (and everything else between two frames).
    cost: Option<f64>,
    /// Frames counted, for `CT11_FRAME_STATS`.
    frames: u64,
    stats: Option<(Instant, u64, Duration)>,
}

impl FrameMeter {
    /// Call once per frame, first thing.
    pub fn frame(&mut self, pacer: &Pacer) {
        self.frames += 1;
        let Some(cpu) = process_cpu() else { return };
        if let Some(last) = self.last_cpu {
            let spent = cpu.saturating_sub(last).as_secs_f64();
            let cost = match self.cost {
                Some(c) => 0.7 * c + 0.3 * spent,
                None => spent,
            };
            self.cost = Some(cost);
            pacer.set_interval(Duration::from_secs_f64(cost / BUDGET));
        }
        self.last_cpu = Some(cpu);
        self.print_stats(pacer, cpu);
    }

    /// With `CT11_FRAME_STATS` set: frames per second, CPU and the burst interval, every 5 s.
    fn print_stats(&mut self, pacer: &Pacer, cpu: Duration) {
        if std::env::var_os("CT11_FRAME_STATS").is_none() {
            return;
        }
        let now = Instant::now();
        let (t0, f0, c0) = *self.stats.get_or_insert((now, self.frames, cpu));
        let wall = now.duration_since(t0).as_secs_f64();
        if wall >= 5.0 {
            let frames = self.frames - f0;
            eprintln!(
                "frames/s {:.1}  cpu {:.1} %  cpu/frame {:.1} ms  burst interval {} ms",
                frames as f64 / wall,
                100.0 * cpu.saturating_sub(c0).as_secs_f64() / wall,
                1000.0 * cpu.saturating_sub(c0).as_secs_f64() / frames.max(1) as f64,
                pacer.interval().as_millis()
            );
            self.stats = Some((now, self.frames, cpu));
        }
    }
}

/// The CPU time the whole process has used (all threads, user and system).
#[cfg(unix)]
fn process_cpu() -> Option<Duration> {
    let mut u = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; RUSAGE_SELF is always valid.
    let r = unsafe { libc::getrusage(libc::RUSAGE_SELF, u.as_mut_ptr()) };
    if r != 0 {
        return None;
    }
    // SAFETY: initialised by the successful call above (and zeroed before it).
    let u = unsafe { u.assume_init() };
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    Some(tv(u.ru_utime) + tv(u.ru_stime))
}

#[cfg(not(unix))]
fn process_cpu() -> Option<Duration> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_event_after_quiet_repaints_now_then_bursts_are_spaced() {
        let p = Pacer::default();
        let t = Instant::now();
        assert_eq!(p.wake(t), Repaint::Now);
        assert_eq!(p.wake(t + Duration::from_millis(5)), Repaint::After(FLOOR));
        // A quiet spell longer than the interval: at once again.
        assert_eq!(p.wake(t + Duration::from_millis(500)), Repaint::Now);
    }

    #[test]
    fn interval_follows_the_cost_within_floor_and_ceiling() {
        let p = Pacer::default();
        p.set_interval(Duration::from_millis(1));
        assert_eq!(p.interval(), FLOOR);
        p.set_interval(Duration::from_secs(30));
        assert_eq!(p.interval(), CEILING);
        p.set_interval(Duration::from_millis(400));
        assert_eq!(p.interval(), Duration::from_millis(400));
        let t = Instant::now();
        p.wake(t);
        assert_eq!(
            p.wake(t + Duration::from_millis(200)),
            Repaint::After(Duration::from_millis(400))
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_meter_charges_cpu_spent_between_frames() {
        let p = Pacer::default();
        let mut m = FrameMeter::default();
        m.frame(&p);
        // Burn 30 ms of CPU: at a 3 % budget the interval must grow well past the floor.
        let start = process_cpu().unwrap();
        let mut x = 0u64;
        while process_cpu().unwrap() < start + Duration::from_millis(30) {
            x = x.wrapping_mul(31).wrapping_add(7);
        }
        std::hint::black_box(x);
        m.frame(&p);
        assert!(
            p.interval() > Duration::from_millis(300),
            "{:?}",
            p.interval()
        );
    }
}
