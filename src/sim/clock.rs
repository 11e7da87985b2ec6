//! The module's clock: wall-clock seconds since 1970 in the forms the module prints.

use jiff::{Timestamp, civil, tz::Offset};

/// A moment on the module's wall clock. The module keeps Beijing time without saying so, so
/// this has no zone: its fields are the wall clock's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime(civil::DateTime);

impl DateTime {
    /// The wall clock `secs` seconds after 1970-01-01 00:00:00 (clamped to years -9999..=9999).
    pub fn from_unix(secs: i64) -> DateTime {
        let t = Timestamp::from_second(secs).unwrap_or(if secs < 0 {
            Timestamp::MIN
        } else {
            Timestamp::MAX
        });
        DateTime(Offset::UTC.to_datetime(t))
    }

    /// `2025-10-27 21:53:20` (the manual's examples).
    pub fn long_form(&self) -> String {
        self.0.strftime("%Y-%m-%d %H:%M:%S").to_string()
    }

    /// `25/10/27,21:53:20` (the manual's tables: `yy/MM/dd,hh:mm:ss`).
    pub fn short_form(&self) -> String {
        self.0.strftime("%y/%m/%d,%H:%M:%S").to_string()
    }

    /// `Mon, 27 Oct 2025 13:53:20 GMT`, for HTTP `Date:` headers (of a time in UTC).
    pub fn http_form(&self) -> String {
        self.0.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string()
    }
}

/// The host's clock as Beijing wall-clock seconds since 1970 (UTC+8).
pub fn beijing_now() -> i64 {
    Timestamp::now().as_second() + i64::from(Offset::constant(8).seconds())
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
        assert_eq!(g.http_form(), "Mon, 27 Oct 2025 13:53:20 GMT");
        assert_eq!(DateTime::from_unix(0).long_form(), "1970-01-01 00:00:00");
        assert_eq!(
            DateTime::from_unix(951_782_400).long_form(),
            "2000-02-29 00:00:00"
        );
        assert_eq!(
            DateTime::from_unix(-86_400).long_form(),
            "1969-12-31 00:00:00"
        );
    }
}
