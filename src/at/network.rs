//! Manual §6.2: network service — registration, signal, time, ping, serving cell.

use super::checked::{Validate, collect};
use super::reply::{DecodeError, Reply, num};
use super::value::{self, Field, ValidationError};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// Registration state (`<stat>` of `+CREG`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegStat {
    NotSearching,
    Home,
    Searching,
    Denied,
    Unknown,
    Roaming,
    Other(u8),
}

impl RegStat {
    pub fn from_code(c: u8) -> Self {
        match c {
            0 => RegStat::NotSearching,
            1 => RegStat::Home,
            2 => RegStat::Searching,
            3 => RegStat::Denied,
            4 => RegStat::Unknown,
            5 => RegStat::Roaming,
            n => RegStat::Other(n),
        }
    }
    pub fn code(self) -> u8 {
        match self {
            RegStat::NotSearching => 0,
            RegStat::Home => 1,
            RegStat::Searching => 2,
            RegStat::Denied => 3,
            RegStat::Unknown => 4,
            RegStat::Roaming => 5,
            RegStat::Other(n) => n,
        }
    }
    /// Stat 1 or 5: the module can use the network.
    pub fn is_registered(self) -> bool {
        matches!(self, RegStat::Home | RegStat::Roaming)
    }
    /// The state in words.
    pub fn words(self, lang: Lang) -> &'static str {
        match self {
            RegStat::NotSearching => lang.tr("at-network-not-registered-not-searching"),
            RegStat::Home => lang.tr("at-network-registered-home-network"),
            RegStat::Searching => lang.tr("at-network-searching-for-a-network"),
            RegStat::Denied => lang.tr("at-network-registration-denied"),
            RegStat::Unknown => lang.tr("at-network-unknown"),
            RegStat::Roaming => lang.tr("at-network-registered-roaming"),
            RegStat::Other(_) => lang.tr("at-network-unexpected-state"),
        }
    }
    /// What the installer should do about it.
    pub fn advice(self, lang: Lang) -> &'static str {
        match self {
            RegStat::Home | RegStat::Roaming => lang.tr("at-network-online-nothing-to-do"),
            RegStat::Searching => lang.tr("at-network-wait-up-to-a-minute-if-it-stays-here"),
            RegStat::Denied => lang.tr("at-network-the-operator-refused-the-sim-check"),
            RegStat::NotSearching | RegStat::Unknown | RegStat::Other(_) => {
                lang.tr("at-network-check-that-a-sim-card-is-inserted-and")
            }
        }
    }
}

/// `+CREG: <n>,<stat>[,<other>]` (the example prints `+CREG=0,1`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub report_mode: u8,
    pub stat: RegStat,
    pub other: Option<String>,
}

impl Registration {
    pub fn decode(reply: &Reply) -> Result<Self, DecodeError> {
        let body = reply.info("AT+CREG?", &["CREG"])?;
        let p = value::split_params(body);
        if p.len() < 2 {
            return Err(DecodeError::new(
                "AT+CREG?",
                format!("expected n,stat in `{body}`"),
            ));
        }
        Ok(Self {
            report_mode: num("AT+CREG?", &p[0])?,
            stat: RegStat::from_code(num("AT+CREG?", &p[1])?),
            other: (p.len() > 2).then(|| p[2..].join(",")),
        })
    }
}

/// `+CSQ: <rssi>,<ber>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    pub rssi: u8,
    pub ber: u8,
}

/// How good a signal is, in one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SignalQuality {
    None,
    Poor,
    Fair,
    Good,
    Excellent,
}

impl SignalQuality {
    pub fn words(self, lang: Lang) -> &'static str {
        match self {
            SignalQuality::None => lang.tr("at-network-no-signal"),
            SignalQuality::Poor => lang.tr("at-network-poor"),
            SignalQuality::Fair => lang.tr("at-network-fair"),
            SignalQuality::Good => lang.tr("at-network-good"),
            SignalQuality::Excellent => lang.tr("at-network-excellent"),
        }
    }
    /// Number of bars out of 4.
    pub fn bars(self) -> u8 {
        match self {
            SignalQuality::None => 0,
            SignalQuality::Poor => 1,
            SignalQuality::Fair => 2,
            SignalQuality::Good => 3,
            SignalQuality::Excellent => 4,
        }
    }
}

impl Signal {
    pub fn decode(reply: &Reply) -> Result<Self, DecodeError> {
        let body = reply.info("AT+CSQ", &["CSQ"])?;
        let p = value::split_params(body);
        if p.len() < 2 {
            return Err(DecodeError::new(
                "AT+CSQ",
                format!("expected rssi,ber in `{body}`"),
            ));
        }
        Ok(Self {
            rssi: num("AT+CSQ", &p[0])?,
            ber: num("AT+CSQ", &p[1])?,
        })
    }

    /// Signal strength in dBm: -113 + 2 × rssi for 0..=31, `None` for 99 (unknown).
    pub fn dbm(self) -> Option<i32> {
        rssi_dbm(self.rssi)
    }

    pub fn quality(self) -> SignalQuality {
        match self.dbm() {
            None => SignalQuality::None,
            Some(d) if d < -103 => SignalQuality::Poor,
            Some(d) if d < -93 => SignalQuality::Fair,
            Some(d) if d < -83 => SignalQuality::Good,
            Some(_) => SignalQuality::Excellent,
        }
    }
}

/// -113 + 2 × rssi for 0..=31; `None` otherwise (99 = unknown).
pub fn rssi_dbm(rssi: u8) -> Option<i32> {
    (rssi <= 31).then(|| -113 + 2 * i32::from(rssi))
}

/// An NTP server (`AT+QNTP=<server>,<port>`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NtpServer {
    pub server: String,
    pub port: u16,
}

impl Default for NtpServer {
    fn default() -> Self {
        Self {
            server: "cn.pool.ntp.org".into(),
            port: 123,
        }
    }
}

impl Validate for NtpServer {
    fn problems(&self) -> Vec<ValidationError> {
        collect([value::text(Field::NtpServer, &self.server, 256, false)])
    }
}

impl NtpServer {
    pub fn decode(reply: &Reply) -> Result<Option<Self>, DecodeError> {
        let body = reply.info("AT+QNTP?", &["QNTP"])?;
        let Some((server, rest)) = value::split_trailing(body, 1) else {
            return Ok(None);
        };
        Ok(Some(Self {
            server,
            port: num("AT+QNTP?", &rest[0])?,
        }))
    }
}

/// A time the module printed: `2025-10-27 21:53:20` (example) or `25/10/27,21:53:20` (table).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleTime {
    pub raw: String,
    /// Year, month, day, hour, minute, second when the text could be read.
    pub parts: Option<[u16; 6]>,
}

impl ModuleTime {
    pub fn parse(raw: &str) -> Self {
        let raw = value::unquote(raw).trim().to_string();
        let nums: Vec<u16> = raw
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        let parts = (nums.len() >= 6).then(|| {
            let year = if nums[0] < 100 {
                2000 + nums[0]
            } else {
                nums[0]
            };
            [year, nums[1], nums[2], nums[3], nums[4], nums[5]]
        });
        Self { raw, parts }
    }

    /// `YYYY-MM-DD hh:mm:ss` when readable, else the raw text.
    pub fn display(&self) -> String {
        match self.parts {
            Some([y, mo, d, h, mi, s]) => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
            None => self.raw.clone(),
        }
    }

    pub fn decode(
        reply: &Reply,
        command: &'static str,
        names: &[&str],
    ) -> Result<Self, DecodeError> {
        Ok(Self::parse(reply.info(command, names)?))
    }
}

/// A ping request (`AT+QPING=<addr>,<count>`), count 1..=10.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PingRequest {
    pub host: String,
    pub count: u8,
}

impl Default for PingRequest {
    fn default() -> Self {
        Self {
            host: "www.baidu.com".into(),
            count: 4,
        }
    }
}

impl Validate for PingRequest {
    fn problems(&self) -> Vec<ValidationError> {
        collect([
            value::text(Field::PingHost, &self.host, 256, false),
            value::range(Field::PingCount, self.count.into(), 1, 10),
        ])
    }
}

/// One ping reply: `+QPING:<ip>,<ms>,<ttl>` (table) or `+CIPPING:"<ip>",<ms>,<ttl>` (example).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PingReply {
    pub ip: String,
    pub ms: u32,
    pub ttl: u32,
}

/// A ping run and its statistics.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PingResult {
    pub sent: u8,
    pub replies: Vec<PingReply>,
}

impl PingResult {
    pub fn decode(reply: &Reply, sent: u8) -> Result<Self, DecodeError> {
        let mut replies = Vec::new();
        for body in reply.infos(&["QPING", "CIPPING"]) {
            let Some((ip, rest)) = value::split_trailing(body, 2) else {
                return Err(DecodeError::new("AT+QPING", format!("bad reply `{body}`")));
            };
            replies.push(PingReply {
                ip,
                ms: num("AT+QPING", &rest[0])?,
                ttl: num("AT+QPING", &rest[1])?,
            });
        }
        Ok(Self { sent, replies })
    }
    pub fn min_ms(&self) -> Option<u32> {
        self.replies.iter().map(|r| r.ms).min()
    }
    pub fn max_ms(&self) -> Option<u32> {
        self.replies.iter().map(|r| r.ms).max()
    }
    pub fn avg_ms(&self) -> Option<f64> {
        (!self.replies.is_empty()).then(|| {
            self.replies.iter().map(|r| f64::from(r.ms)).sum::<f64>() / self.replies.len() as f64
        })
    }
    /// Lost replies in percent.
    pub fn loss_percent(&self) -> f64 {
        if self.sent == 0 {
            return 0.0;
        }
        let lost = usize::from(self.sent).saturating_sub(self.replies.len());
        100.0 * lost as f64 / f64::from(self.sent)
    }
}

/// Serving cell (`+CPSI`). The manual's table has an extra empty field after PCellID and its
/// example's values look shifted, so the raw line is kept for display beside the fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellInfo {
    pub raw: String,
    pub mcc: String,
    pub mnc: String,
    pub tac: String,
    pub cell_id: String,
    pub pci: String,
    pub dl_bw: String,
    pub ul_bw: String,
    pub rsrp: String,
    pub rsrq: String,
    pub rssi: String,
    pub sinr: String,
}

impl CellInfo {
    pub fn decode(reply: &Reply) -> Result<Self, DecodeError> {
        let body = reply.info("AT+CPSI", &["CPSI"])?;
        let mut p = value::split_params(body);
        // Table form: an empty field after PCellID. Drop it so both forms line up.
        if p.len() == 11 && p[4].is_empty() {
            p.remove(4);
        }
        if p.len() < 10 {
            return Err(DecodeError::new(
                "AT+CPSI",
                format!("expected 10 fields in `{body}`"),
            ));
        }
        let (mcc, mnc) = match p[0].split_once('-') {
            Some((a, b)) => (a.to_string(), b.to_string()),
            None => (p[0].clone(), String::new()),
        };
        Ok(Self {
            raw: body.to_string(),
            mcc,
            mnc,
            tac: p[1].clone(),
            cell_id: p[2].clone(),
            pci: p[3].clone(),
            dl_bw: p[4].clone(),
            ul_bw: p[5].clone(),
            rsrp: p[6].clone(),
            rsrq: p[7].clone(),
            rssi: p[8].clone(),
            sinr: p[9].clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::at::frame::FrameKind;

    fn info(name: &str, body: &str) -> FrameKind {
        FrameKind::Info {
            name: name.into(),
            body: body.into(),
        }
    }

    #[test]
    fn rssi_to_dbm() {
        assert_eq!(rssi_dbm(0), Some(-113));
        assert_eq!(rssi_dbm(15), Some(-83));
        assert_eq!(rssi_dbm(31), Some(-51));
        assert_eq!(rssi_dbm(99), None);
        let s = Signal::decode(&Reply::new(vec![info("CSQ", "15,99")])).unwrap();
        assert_eq!((s.rssi, s.ber, s.dbm()), (15, 99, Some(-83)));
    }

    #[test]
    fn creg_both_forms() {
        for body in ["0,1", " 0,1"] {
            let r = Registration::decode(&Reply::new(vec![info("CREG", body)])).unwrap();
            assert!(r.stat.is_registered());
        }
        let r = Registration::decode(&Reply::new(vec![info("CREG", "2,2,\"25EF\"")])).unwrap();
        assert_eq!(r.stat, RegStat::Searching);
        assert_eq!(r.other.as_deref(), Some("25EF"));
    }

    #[test]
    fn ping_both_forms() {
        let r = Reply::new(vec![
            info("CIPPING", "\"2409:8C54:870:310:0:FF:B0ED:40AC\",30,52"),
            info("QPING", "1.2.3.4,50,60"),
        ]);
        let p = PingResult::decode(&r, 4).unwrap();
        assert_eq!(p.replies[0].ip, "2409:8C54:870:310:0:FF:B0ED:40AC");
        assert_eq!(
            (p.min_ms(), p.max_ms(), p.avg_ms()),
            (Some(30), Some(50), Some(40.0))
        );
        assert_eq!(p.loss_percent(), 50.0);
    }

    #[test]
    fn cpsi_both_forms() {
        let ex = "460-0,0x25ef,47198990,411,5,5,-19,-82,-69,0";
        let table = "460-0,0x25ef,47198990,411,,5,5,-19,-82,-69,0";
        let a = CellInfo::decode(&Reply::new(vec![info("CPSI", ex)])).unwrap();
        let b = CellInfo::decode(&Reply::new(vec![info("CPSI", table)])).unwrap();
        assert_eq!(
            (a.mcc.as_str(), a.tac.as_str(), a.sinr.as_str()),
            ("460", "0x25ef", "0")
        );
        assert_eq!(a.rsrp, b.rsrp);
    }

    #[test]
    fn times_both_forms() {
        let a = ModuleTime::parse("2025-10-27 21:53:20");
        let b = ModuleTime::parse("25/10/27,21:53:20");
        assert_eq!(a.parts, b.parts);
        assert_eq!(a.display(), "2025-10-27 21:53:20");
    }
}
