//! Dates for reports and exports: UTC, `YYYY-MM-DD hh:mm:ss UTC`.

use jiff::Timestamp;
use std::time::SystemTime;

/// `2025-10-27 21:53:20 UTC`.
pub fn utc_string(t: SystemTime) -> String {
    // A time before 1970 or after 9999 is a broken clock: shown as the epoch, as before.
    let t = Timestamp::try_from(t).unwrap_or(Timestamp::UNIX_EPOCH);
    t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn known_dates() {
        assert_eq!(utc_string(UNIX_EPOCH), "1970-01-01 00:00:00 UTC");
        let t = UNIX_EPOCH + Duration::from_secs(1_761_602_000);
        assert_eq!(utc_string(t), "2025-10-27 21:53:20 UTC");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(utc_string(leap), "2000-02-29 00:00:00 UTC");
    }
}
