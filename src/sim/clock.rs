//! Wall-clock arithmetic for the module's clock: seconds since 1970 to calendar fields.

use std::time::{SystemTime, UNIX_EPOCH};

/// Calendar fields of a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    /// Full year.
    pub year: i64,
    /// 1..=12.
    pub month: u32,
    /// 1..=31.
    pub day: u32,
    /// 0..=23.
    pub hour: u32,
    /// 0..=59.
    pub minute: u32,
    /// 0..=59.
    pub second: u32,
}

impl DateTime {
    /// The calendar fields of `secs` seconds after 1970-01-01 00:00:00 (proleptic Gregorian).
    pub fn from_unix(secs: i64) -> DateTime {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        DateTime {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
            second: (rem % 60) as u32,
        }
    }

    /// `2025-10-27 21:53:20` (the manual's examples).
    pub fn long_form(&self) -> String {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `25/10/27,21:53:20` (the manual's tables: `yy/MM/dd,hh:mm:ss`).
    pub fn short_form(&self) -> String {
        format!(
            "{:02}/{:02}/{:02},{:02}:{:02}:{:02}",
            self.year.rem_euclid(100),
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second
        )
    }

    /// `Mon, 27 Oct 2025 13:53:20 GMT`, for HTTP `Date:` headers.
    pub fn http_form(&self, unix: i64) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let weekday = DAYS[unix.div_euclid(86_400).rem_euclid(7) as usize];
        format!(
            "{weekday}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            self.day,
            MONTHS[(self.month as usize).saturating_sub(1) % 12],
            self.year,
            self.hour,
            self.minute,
            self.second
        )
    }
}

/// The host's clock as Beijing wall-clock seconds since 1970 (UTC+8).
pub fn beijing_now() -> i64 {
    let utc = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    utc + 8 * 3600
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_time() {
        let t = DateTime::from_unix(1_761_602_000);
        assert_eq!(t.long_form(), "2025-10-27 21:53:20");
        assert_eq!(t.short_form(), "25/10/27,21:53:20");
        let g = DateTime::from_unix(1_761_602_000 - 8 * 3600);
        assert_eq!(
            g.http_form(1_761_602_000 - 8 * 3600),
            "Mon, 27 Oct 2025 13:53:20 GMT"
        );
        assert_eq!(DateTime::from_unix(0).long_form(), "1970-01-01 00:00:00");
        assert_eq!(
            DateTime::from_unix(951_782_400).long_form(),
            "2000-02-29 00:00:00"
        );
    }
}
