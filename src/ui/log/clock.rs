//! Wall-clock times for log lines, without a time-zone crate: the offset from UTC comes from the
//! C library's `localtime_r` on Unix (so daylight saving is right for each line's own time);
//! elsewhere times are shown in UTC and labelled so.

use std::cell::Cell;

/// A broken-down local time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub milli: u32,
    /// Seconds east of UTC.
    pub offset: i32,
}

impl Civil {
    /// `14:03:21.123`
    pub fn time(&self) -> String {
        format!(
            "{:02}:{:02}:{:02}.{:03}",
            self.hour, self.minute, self.second, self.milli
        )
    }
    /// `2026-11-05`
    pub fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
    /// `UTC`, `UTC+08:00`, `UTC-03:30`
    pub fn zone(&self) -> String {
        zone_label(self.offset)
    }
}

/// `UTC` for 0, else `UTC±HH:MM`.
pub fn zone_label(offset: i32) -> String {
    if offset == 0 {
        return "UTC".into();
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let a = offset.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
}

/// Converts times, remembering the last offset looked up (offsets change at most a few times a
/// year, and a frame shows lines from the same quarter hour).
#[derive(Default)]
pub struct Clock {
    /// (quarter hour since the epoch, offset) of the last lookup.
    cached: Cell<Option<(i64, i32)>>,
    /// Always UTC (tests).
    utc: bool,
}

impl Clock {
    /// A clock that always shows UTC (for tests whose output must not depend on the machine).
    pub fn utc() -> Clock {
        Clock {
            cached: Cell::new(None),
            utc: true,
        }
    }

    /// Does this clock always show UTC?
    pub fn is_utc(&self) -> bool {
        self.utc
    }

    /// Seconds east of UTC at `secs` since the epoch.
    pub fn offset_at(&self, secs: i64) -> i32 {
        if self.utc {
            return 0;
        }
        let bucket = secs.div_euclid(900);
        if let Some((b, o)) = self.cached.get()
            && b == bucket
        {
            return o;
        }
        let o = local_offset(secs);
        self.cached.set(Some((bucket, o)));
        o
    }

    /// The local time of `at_us` (microseconds since the Unix epoch).
    pub fn civil(&self, at_us: u64) -> Civil {
        let secs = (at_us / 1_000_000) as i64;
        let offset = self.offset_at(secs);
        civil_from(
            secs + i64::from(offset),
            (at_us / 1000 % 1000) as u32,
            offset,
        )
    }
}

#[cfg(unix)]
fn local_offset(secs: i64) -> i32 {
    // time_t is 64-bit on every platform this app supports.
    let t = secs as libc::time_t;
    // SAFETY: localtime_r only writes into the `tm` we own; a zeroed tm is a valid value.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&t, &mut tm).is_null() {
            return 0;
        }
        i32::try_from(tm.tm_gmtoff).unwrap_or(0)
    }
}

#[cfg(not(unix))]
fn local_offset(_secs: i64) -> i32 {
    0
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar (Howard
/// Hinnant's `civil_from_days`).
fn civil_from(local_secs: i64, milli: u32, offset: i32) -> Civil {
    let days = local_secs.div_euclid(86_400);
    let sod = local_secs.rem_euclid(86_400) as u32;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: sod / 3600,
        minute: sod % 3600 / 60,
        second: sod % 60,
        milli,
        offset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        let c = Clock::utc();
        let t = c.civil(0);
        assert_eq!(
            (t.date(), t.time(), t.zone()),
            ("1970-01-01".into(), "00:00:00.000".into(), "UTC".into())
        );
        // 2024-02-29 23:59:59.987 UTC
        let t = c.civil(1_709_251_199_987_654);
        assert_eq!(t.date(), "2024-02-29");
        assert_eq!(t.time(), "23:59:59.987");
        let t = c.civil(1_709_251_200_000_000);
        assert_eq!(t.date(), "2024-03-01");
    }

    #[test]
    fn zones() {
        assert_eq!(zone_label(8 * 3600), "UTC+08:00");
        assert_eq!(zone_label(-(3 * 3600 + 1800)), "UTC-03:30");
    }

    #[test]
    fn local_offset_is_sane() {
        let c = Clock::default();
        let o = c.offset_at(1_709_251_200);
        assert!(o.abs() <= 14 * 3600);
    }
}
