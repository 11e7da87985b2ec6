//! Wall-clock times for log lines, in the system's time zone (jiff reads it from the OS: `TZ`
//! and `/etc/localtime` on Unix, the registry on Windows), so daylight saving is right for each
//! line's own time.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// A local time with the offset it had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    at: DateTime,
    /// Seconds east of UTC.
    offset: i32,
}

impl Civil {
    /// `14:03:21.123`
    pub fn time(&self) -> String {
        let t = self.at;
        format!(
            "{:02}:{:02}:{:02}.{:03}",
            t.hour(),
            t.minute(),
            t.second(),
            t.millisecond()
        )
    }
    /// `2026-11-05`
    pub fn date(&self) -> String {
        let t = self.at;
        format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day())
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

/// Converts times into one time zone: the system's, or UTC.
pub struct Clock {
    zone: TimeZone,
    /// Always UTC (tests).
    utc: bool,
}

impl Default for Clock {
    /// The system's time zone.
    fn default() -> Self {
        Clock {
            zone: TimeZone::system(),
            utc: false,
        }
    }
}

impl Clock {
    /// A clock that always shows UTC (for tests whose output must not depend on the machine).
    pub fn utc() -> Clock {
        Clock {
            zone: TimeZone::UTC,
            utc: true,
        }
    }

    /// A clock in a given zone (tests).
    pub fn in_zone(zone: TimeZone) -> Clock {
        Clock { zone, utc: false }
    }

    /// Does this clock always show UTC?
    pub fn is_utc(&self) -> bool {
        self.utc
    }

    /// The local time of `at_us` (microseconds since the Unix epoch).
    pub fn civil(&self, at_us: u64) -> Civil {
        let t = i64::try_from(at_us)
            .ok()
            .and_then(|us| Timestamp::from_microsecond(us).ok())
            .unwrap_or(Timestamp::MAX);
        let offset = self.zone.to_offset(t);
        Civil {
            at: offset.to_datetime(t),
            offset: offset.seconds(),
        }
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
    fn a_fixed_zone_and_daylight_saving() {
        let c = Clock::in_zone(TimeZone::fixed(jiff::tz::Offset::constant(8)));
        let t = c.civil(1_709_251_199_987_654);
        assert_eq!(
            (t.date(), t.time()),
            ("2024-03-01".into(), "07:59:59.987".into())
        );
        assert_eq!(t.zone(), "UTC+08:00");
        // A zone with daylight saving, from a POSIX rule (no tz database needed): each line
        // gets the offset of its own time.
        let berlin = TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
        let c = Clock::in_zone(berlin);
        assert_eq!(c.civil(1_704_067_200_000_000).zone(), "UTC+01:00"); // 2024-01-01
        assert_eq!(c.civil(1_719_792_000_000_000).zone(), "UTC+02:00"); // 2024-07-01
    }

    #[test]
    fn local_offset_is_sane() {
        let t = Clock::default().civil(1_709_251_200_000_000);
        assert!(t.offset.abs() <= 14 * 3600);
    }
}
