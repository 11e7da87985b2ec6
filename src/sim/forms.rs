//! The answer forms on which the manual contradicts itself, per [`Dialect`].
//!
//! | answer | `Example` | `Table` |
//! |---|---|---|
//! | AT+QCCID | `+QCCID:<iccid>` / no SIM `+QCCID:OK`, then `OK` | `+QICCID：<iccid>` / `+QICCID：OK` (full-width colon), then `OK` |
//! | AT+CREG? | `+CREG=<n>,<stat>` | `+CREG: <n>,<stat>` |
//! | times (QNTP, QLTS) | `+QNTP:2025-10-27 21:53:20`, `+QLTS:2025-10-27 21:55:56` | `+QNTP:25/10/27,21:53:20`, `+QLTS: 25/10/27,21:55:56` |
//! | AT+QPING | `+CIPPING:"<ip>",<ms>,<ttl>` | `+QPING:<ip>,<ms>,<ttl>` |
//! | AT+CPSI | 10 fields | an empty field after PCellID |
//! | AT+QIOPEN | `CONNECT,ID:<n>` | `+QIOPEN,ID:<n>` |
//! | AT+QISTATE | `+QISTATE:3,"TCP",…` | `+CIPOPEN:3,"TCP",…` |
//! | AT+HTTPDATA prompt | `>` | `>>` |
//! | AT+SIMPLECLIENT= | `OK`, then `CONNECT,ID:<n>` once connected | `OK` |
//! | strings in query answers (QMTCFG?, QMTCONNCFG?, QMTSUB?, QNTP?, HTTPPARA?, HTTPRQH?, SIMPLECLIENT?) | bare | in double quotes |
//! | `AT+GPIO=<pin>,2,1` (pull-down input) | reads 1, as the 6.1.11 transcript (a module cannot pull down) | reads 0 |

use super::clock::DateTime;
use super::config::Dialect;

impl Dialect {
    /// The ICCID line; `None`: no SIM.
    pub fn iccid_line(self, iccid: Option<&str>) -> String {
        let value = iccid.unwrap_or("OK");
        match self {
            Dialect::Example => format!("+QCCID:{value}"),
            Dialect::Table => format!("+QICCID：{value}"),
        }
    }

    /// The `AT+CREG?` line.
    pub fn creg_line(self, n: u8, stat: u8) -> String {
        let other = if n == 0 {
            String::new()
        } else {
            ",\"25EF\",\"2D03A0E\"".to_string()
        };
        match self {
            Dialect::Example => format!("+CREG={n},{stat}{other}"),
            Dialect::Table => format!("+CREG: {n},{stat}{other}"),
        }
    }

    /// A time as QNTP and QLTS print it.
    pub fn time(self, wall: i64) -> String {
        let t = DateTime::from_unix(wall);
        match self {
            Dialect::Example => t.long_form(),
            Dialect::Table => t.short_form(),
        }
    }

    /// The `AT+QLTS?` line.
    pub fn qlts_line(self, wall: i64) -> String {
        match self {
            Dialect::Example => format!("+QLTS:{}", self.time(wall)),
            Dialect::Table => format!("+QLTS: {}", self.time(wall)),
        }
    }

    /// One ping reply.
    pub fn ping_line(self, ip: &str, ms: u32, ttl: u32) -> String {
        match self {
            Dialect::Example => format!("+CIPPING:\"{ip}\",{ms},{ttl}"),
            Dialect::Table => format!("+QPING:{ip},{ms},{ttl}"),
        }
    }

    /// The `AT+CPSI` line.
    pub fn cpsi_line(self) -> String {
        match self {
            Dialect::Example => "+CPSI:460-0,0x25ef,47198990,411,5,5,-19,-82,-69,0".into(),
            Dialect::Table => "+CPSI:460-0,0x25ef,47198990,411,,5,5,-19,-82,-69,0".into(),
        }
    }

    /// The line announcing an open socket.
    pub fn connect_line(self, link: u8) -> String {
        match self {
            Dialect::Example => format!("CONNECT,ID:{link}"),
            Dialect::Table => format!("+QIOPEN,ID:{link}"),
        }
    }

    /// The prefix of `AT+QISTATE` lines.
    pub fn qistate_prefix(self) -> &'static str {
        match self {
            Dialect::Example => "+QISTATE:",
            Dialect::Table => "+CIPOPEN:",
        }
    }

    /// The `AT+HTTPDATA` prompt.
    pub fn httpdata_prompt(self) -> &'static [u8] {
        match self {
            Dialect::Example => b">",
            Dialect::Table => b">>",
        }
    }

    /// A string field of a query answer.
    pub fn field(self, s: &str) -> String {
        match self {
            Dialect::Example => s.to_string(),
            Dialect::Table => format!("\"{s}\""),
        }
    }

    /// What an input with a pull-down reads when nothing drives it.
    pub fn pull_down_reads(self) -> u8 {
        match self {
            Dialect::Example => 1,
            Dialect::Table => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms() {
        use Dialect::*;
        assert_eq!(
            Example.iccid_line(Some("898604E6192391620488")),
            "+QCCID:898604E6192391620488"
        );
        assert_eq!(Table.iccid_line(None), "+QICCID：OK");
        assert_eq!(Example.creg_line(0, 1), "+CREG=0,1");
        assert_eq!(Table.creg_line(0, 1), "+CREG: 0,1");
        assert_eq!(Example.time(1_761_602_000), "2025-10-27 21:53:20");
        assert_eq!(Table.time(1_761_602_000), "25/10/27,21:53:20");
        assert_eq!(
            Example.ping_line("1.2.3.4", 30, 52),
            "+CIPPING:\"1.2.3.4\",30,52"
        );
        assert_eq!(Table.ping_line("1.2.3.4", 30, 52), "+QPING:1.2.3.4,30,52");
        assert_eq!(Example.cpsi_line().split(',').count(), 10);
        assert_eq!(Table.cpsi_line().split(',').count(), 11);
        assert_eq!(Example.connect_line(3), "CONNECT,ID:3");
        assert_eq!(Table.connect_line(3), "+QIOPEN,ID:3");
        assert_eq!(Table.field("a"), "\"a\"");
    }
}
