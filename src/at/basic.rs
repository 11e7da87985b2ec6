//! Manual §6.1: basic commands — identity, UART settings, SIM slot, firmware update, GPIO.

use super::checked::{Validate, collect};
use super::reply::{DecodeError, Reply, num};
use super::value::{self, Field, Problem, ValidationError};
use serde::{Deserialize, Serialize};

/// Baud rates the module supports (§6.1.8).
pub const BAUD_RATES: [u32; 9] = [
    4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600,
];

/// Stop bits as the module numbers them (§6.1.8: 0 = 1 bit, 1 = 1.5 bits, 2 = 2 bits).
///
/// The manual's own example sends code 1 (`AT+IPR=115200,8,1,0`) for what is surely a plain
/// 1-stop-bit link; serial adapters cannot do 1.5 bits, so the host opens code 1 as one stop bit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopBits {
    #[default]
    One,
    OnePointFive,
    Two,
}

impl StopBits {
    /// As people write it: `1`, `1.5`, `2`.
    pub fn as_str(self) -> &'static str {
        match self {
            StopBits::One => "1",
            StopBits::OnePointFive => "1.5",
            StopBits::Two => "2",
        }
    }
    pub fn code(self) -> u8 {
        match self {
            StopBits::One => 0,
            StopBits::OnePointFive => 1,
            StopBits::Two => 2,
        }
    }
    /// Stop bits the host port is opened with for this setting (adapters cannot do 1.5).
    pub fn port_bits(self) -> u8 {
        match self {
            StopBits::One | StopBits::OnePointFive => 1,
            StopBits::Two => 2,
        }
    }

    /// Where the manual contradicts itself about this code, in plain words: code 1 is 1.5 stop
    /// bits in §6.1.8's table, yet the manual's own example (`AT+IPR=115200,8,1,0`, answered
    /// `+IPR:115200,8,1,0`) uses it for the usual 8N1 line. The app opens the port with one
    /// stop bit either way, which a receiver of 1.5 accepts.
    pub fn ambiguity(self, lang: crate::i18n::Lang) -> Option<&'static str> {
        (self == StopBits::OnePointFive)
            .then(|| lang.tr("at-basic-stop-bit-code-1-the-manual-s-table"))
    }

    pub fn from_code(c: u8) -> Option<Self> {
        Some(match c {
            0 => StopBits::One,
            1 => StopBits::OnePointFive,
            2 => StopBits::Two,
            _ => return None,
        })
    }
}

/// Parity as the module numbers it (0 none, 1 odd, 2 even).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Parity {
    #[default]
    None,
    Odd,
    Even,
}

impl Parity {
    /// As a profile writes it: `none`, `odd`, `even`.
    pub fn word(self) -> &'static str {
        match self {
            Parity::None => "none",
            Parity::Odd => "odd",
            Parity::Even => "even",
        }
    }
    /// The letter of the usual short form (`8N1`).
    pub fn letter(self) -> char {
        match self {
            Parity::None => 'N',
            Parity::Odd => 'O',
            Parity::Even => 'E',
        }
    }
    pub fn code(self) -> u8 {
        match self {
            Parity::None => 0,
            Parity::Odd => 1,
            Parity::Even => 2,
        }
    }
    pub fn from_code(c: u8) -> Option<Self> {
        Some(match c {
            0 => Parity::None,
            1 => Parity::Odd,
            2 => Parity::Even,
            _ => return None,
        })
    }
}

/// The module's UART settings (`AT+IPR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UartConfig {
    pub baud: u32,
    pub data_bits: u8,
    pub stop_bits: StopBits,
    pub parity: Parity,
}

impl Default for UartConfig {
    fn default() -> Self {
        Self {
            baud: 115200,
            data_bits: 8,
            stop_bits: StopBits::One,
            parity: Parity::None,
        }
    }
}

impl Validate for UartConfig {
    fn problems(&self) -> Vec<ValidationError> {
        collect([
            if BAUD_RATES.contains(&self.baud) {
                Ok(())
            } else {
                Err(ValidationError::new(
                    Field::Baud,
                    Problem::NotOneOf(
                        "4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600",
                    ),
                ))
            },
            if self.data_bits == 7 || self.data_bits == 8 {
                Ok(())
            } else {
                Err(ValidationError::new(
                    Field::DataBits,
                    Problem::NotOneOf("7, 8"),
                ))
            },
        ])
    }
}

impl UartConfig {
    /// The usual short form of the framing: `8N1`, `7E2`, `8N1.5`.
    pub fn framing(&self) -> String {
        format!(
            "{}{}{}",
            self.data_bits,
            self.parity.letter(),
            self.stop_bits.as_str()
        )
    }

    pub(crate) fn params(&self) -> String {
        format!(
            "{},{},{},{}",
            self.baud,
            self.data_bits,
            self.stop_bits.code(),
            self.parity.code()
        )
    }

    /// The settings of an `AT+IPR=<baud>,<databits>,<stopbits>,<parity>` line as typed in the
    /// terminal (any case, spaces allowed), if it is one and the module accepts them.
    pub fn from_set_line(line: &str) -> Option<Self> {
        let t = line.trim();
        let head = t.get(..7)?;
        if !head.eq_ignore_ascii_case("AT+IPR=") {
            return None;
        }
        let p: Vec<&str> = t[7..].split(',').map(str::trim).collect();
        let [baud, data, stop, parity] = p.as_slice() else {
            return None;
        };
        let c = Self {
            baud: baud.parse().ok()?,
            data_bits: data.parse().ok()?,
            stop_bits: StopBits::from_code(stop.parse().ok()?)?,
            parity: Parity::from_code(parity.parse().ok()?)?,
        };
        c.problems().is_empty().then_some(c)
    }

    /// `+IPR:<baud>,<databits>,<stopbits>,<parity>`
    pub fn decode(reply: &Reply) -> Result<Self, DecodeError> {
        let body = reply.info("AT+IPR?", &["IPR"])?;
        let p = value::split_params(body);
        if p.len() < 4 {
            return Err(DecodeError::new(
                "AT+IPR?",
                format!("expected 4 fields in `{body}`"),
            ));
        }
        let stop: u8 = num("AT+IPR?", &p[2])?;
        let parity: u8 = num("AT+IPR?", &p[3])?;
        Ok(Self {
            baud: num("AT+IPR?", &p[0])?,
            data_bits: num("AT+IPR?", &p[1])?,
            stop_bits: StopBits::from_code(stop)
                .ok_or_else(|| DecodeError::new("AT+IPR?", "bad stop bits"))?,
            parity: Parity::from_code(parity)
                .ok_or_else(|| DecodeError::new("AT+IPR?", "bad parity"))?,
        })
    }
}

/// `+VERSION=CT11_V1.0.1` → `CT11_V1.0.1`.
pub fn decode_version(reply: &Reply) -> Result<String, DecodeError> {
    Ok(reply
        .info("AT+GMR", &["VERSION", "GMR"])?
        .trim()
        .to_string())
}

/// The IMEI arrives as a bare line of 15 digits (some firmwares prefix `+GSN:`).
pub fn decode_imei(reply: &Reply) -> Result<String, DecodeError> {
    let candidate = reply
        .infos(&["GSN"])
        .map(|s| s.trim().to_string())
        .chain(reply.data_lines())
        .find(|l| l.len() >= 14 && l.chars().all(|c| c.is_ascii_digit()));
    candidate.ok_or_else(|| DecodeError::new("AT+GSN", "no IMEI line"))
}

/// `+QCCID:<iccid>` (example) or `+QICCID：<iccid>` (table); `+QICCID：OK` / empty means no SIM.
pub fn decode_iccid(reply: &Reply) -> Result<Option<String>, DecodeError> {
    let body = reply
        .info("AT+QCCID", &["QCCID", "QICCID", "ICCID"])?
        .trim();
    if body.is_empty() || body.eq_ignore_ascii_case("OK") {
        return Ok(None);
    }
    Ok(Some(value::unquote(body).to_string()))
}

/// `+SINGLESIM: <slot>`.
pub fn decode_sim_slot(reply: &Reply) -> Result<u8, DecodeError> {
    num(
        "AT+SINGLESIM?",
        reply.info("AT+SINGLESIM?", &["SINGLESIM"])?,
    )
}

/// A GPIO pin's direction (§6.1.11).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GpioMode {
    OutputLow,
    OutputHigh,
    #[default]
    Input,
    HighZ,
}

impl GpioMode {
    pub const ALL: [GpioMode; 4] = [
        GpioMode::OutputLow,
        GpioMode::OutputHigh,
        GpioMode::Input,
        GpioMode::HighZ,
    ];
    pub fn code(self) -> u8 {
        match self {
            GpioMode::OutputLow => 0,
            GpioMode::OutputHigh => 1,
            GpioMode::Input => 2,
            GpioMode::HighZ => 3,
        }
    }
}

/// Input pull (only with [`GpioMode::Input`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pull {
    #[default]
    None,
    Down,
    Up,
}

impl Pull {
    pub const ALL: [Pull; 3] = [Pull::None, Pull::Down, Pull::Up];
    pub fn code(self) -> u8 {
        match self {
            Pull::None => 0,
            Pull::Down => 1,
            Pull::Up => 2,
        }
    }
}

/// Configuration of one GPIO pin (`AT+GPIO=<pin>,<dir>[,<pull>]`). Pins 0..2 are IO1..IO3.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GpioConfig {
    pub pin: u8,
    pub mode: GpioMode,
    /// Only meaningful for inputs; `None` sends no pull parameter.
    pub pull: Option<Pull>,
}

impl Validate for GpioConfig {
    fn problems(&self) -> Vec<ValidationError> {
        collect([
            value::range(Field::Pin, self.pin.into(), 0, 2),
            if self.pull.is_some() && self.mode != GpioMode::Input {
                Err(ValidationError::new(
                    Field::Pin,
                    Problem::Rule("at-basic-a-pull-up-or-pull-down-can-only-be"),
                ))
            } else {
                Ok(())
            },
        ])
    }
}

impl GpioConfig {
    pub(crate) fn params(&self) -> String {
        match self.pull {
            Some(p) => format!("{},{},{}", self.pin, self.mode.code(), p.code()),
            None => format!("{},{}", self.pin, self.mode.code()),
        }
    }
}

/// A pin's level as read back: `+GPIO:<pin>,<value>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GpioLevel {
    pub pin: u8,
    pub high: bool,
}

impl GpioLevel {
    pub fn decode(reply: &Reply) -> Result<Option<Self>, DecodeError> {
        let Some(body) = reply.infos(&["GPIO"]).next() else {
            return Ok(None);
        };
        let p = value::split_params(body);
        if p.len() < 2 {
            return Err(DecodeError::new(
                "AT+GPIO",
                format!("expected pin,value in `{body}`"),
            ));
        }
        let v: u8 = num("AT+GPIO", &p[1])?;
        Ok(Some(Self {
            pin: num("AT+GPIO", &p[0])?,
            high: v != 0,
        }))
    }
}

/// A firmware update request (`AT+OTA=<mode>,<url>`); vendor-only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtaRequest {
    pub mode: u8,
    pub url: String,
}

impl Validate for OtaRequest {
    fn problems(&self) -> Vec<ValidationError> {
        collect([value::text(Field::OtaUrl, &self.url, 512, false)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manuals_example_answer_opens_the_port_with_one_stop_bit_and_says_why() {
        use crate::i18n::Lang;
        let reply = Reply::new(vec![
            crate::at::FrameKind::Info {
                name: "IPR".into(),
                body: "115200,8,1,0".into(),
            },
            crate::at::FrameKind::Ok,
        ]);
        let c = UartConfig::decode(&reply).expect("decodes");
        assert_eq!(c.stop_bits, StopBits::OnePointFive);
        assert_eq!(
            c.stop_bits.port_bits(),
            1,
            "the port agrees with the form's note"
        );
        for lang in [Lang::En, Lang::Zh] {
            let note = c.stop_bits.ambiguity(lang).expect("a note for code 1");
            assert!(note.contains('1'));
        }
        assert_eq!(StopBits::One.ambiguity(Lang::En), None);
        assert_eq!(StopBits::Two.port_bits(), 2);
    }

    #[test]
    fn a_typed_ipr_line_gives_its_settings() {
        let c = UartConfig::from_set_line(" at+ipr=9600, 8, 2, 1 ").expect("parses");
        assert_eq!(
            (c.baud, c.data_bits, c.stop_bits, c.parity),
            (9600, 8, StopBits::Two, Parity::Odd)
        );
        assert_eq!(UartConfig::from_set_line("AT+IPR?"), None);
        assert_eq!(UartConfig::from_set_line("AT+IPR=12345,8,0,0"), None);
        assert_eq!(UartConfig::from_set_line("AT+IPR=9600,8,0"), None);
        assert_eq!(UartConfig::from_set_line("AT+IP中"), None);
    }
    use crate::at::frame::FrameKind;

    #[test]
    fn framing_in_its_short_form() {
        assert_eq!(UartConfig::default().framing(), "8N1");
        let u = UartConfig {
            baud: 9600,
            data_bits: 7,
            stop_bits: StopBits::OnePointFive,
            parity: Parity::Even,
        };
        assert_eq!(u.framing(), "7E1.5");
        assert_eq!((u.parity.word(), u.stop_bits.as_str()), ("even", "1.5"));
    }

    fn info(name: &str, body: &str) -> FrameKind {
        FrameKind::Info {
            name: name.into(),
            body: body.into(),
        }
    }

    #[test]
    fn iccid_both_forms_and_no_sim() {
        let r = Reply::new(vec![info("QCCID", "898604E6192391620488"), FrameKind::Ok]);
        assert_eq!(
            decode_iccid(&r).unwrap().as_deref(),
            Some("898604E6192391620488")
        );
        let r = Reply::new(vec![info("QICCID", "898604E6192391620488"), FrameKind::Ok]);
        assert_eq!(
            decode_iccid(&r).unwrap().as_deref(),
            Some("898604E6192391620488")
        );
        let r = Reply::new(vec![info("QICCID", "OK")]);
        assert_eq!(decode_iccid(&r).unwrap(), None);
    }

    #[test]
    fn gpio_rules() {
        let bad = GpioConfig {
            pin: 0,
            mode: GpioMode::OutputHigh,
            pull: Some(Pull::Up),
        };
        assert!(bad.validate().is_err());
        let bad = GpioConfig {
            pin: 3,
            mode: GpioMode::Input,
            pull: None,
        };
        assert_eq!(bad.validate().unwrap_err().field, Field::Pin);
        let ok = GpioConfig {
            pin: 0,
            mode: GpioMode::Input,
            pull: Some(Pull::Down),
        };
        assert_eq!(ok.params(), "0,2,1");
    }

    #[test]
    fn uart_decode_and_validate() {
        let r = Reply::new(vec![info("IPR", "115200,8,0,0"), FrameKind::Ok]);
        assert_eq!(UartConfig::decode(&r).unwrap(), UartConfig::default());
        let bad = UartConfig {
            baud: 12345,
            ..UartConfig::default()
        };
        assert_eq!(bad.validate().unwrap_err().field, Field::Baud);
    }
}
