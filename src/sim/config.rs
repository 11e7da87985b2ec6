//! What a simulated module is: its identity, its dialect, its timings and its faults.

use std::time::Duration;

/// Which of the manual's two self-contradicting forms the simulated module prints.
///
/// The manual documents several answers twice: once in its command tables and once in its
/// example transcripts, and the two disagree. A real firmware may print either.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// The example transcripts, byte for byte (the default): `+QCCID:…`, `+CREG=0,1`,
    /// `+CIPPING:"ip",ms,ttl`, `CONNECT,ID:3`, `+QISTATE:…`, HTTPDATA prompt `>`,
    /// `2025-10-27 21:53:20` times, unquoted strings in query answers.
    #[default]
    Example,
    /// The command tables: `+QICCID：…` (full-width colon), `+CREG: 0,1`, `+QPING:ip,ms,ttl`,
    /// `+QIOPEN,ID:3`, `+CIPOPEN:…`, HTTPDATA prompt `>>`, `25/10/27,21:53:20` times, an extra
    /// empty CPSI field, quoted strings in query answers.
    Table,
}

/// Parity of a serial line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Parity {
    /// No parity bit.
    #[default]
    None,
    /// Odd parity.
    Odd,
    /// Even parity.
    Even,
}

/// Stop bits of a serial line (the module also knows 1.5).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum StopBits {
    /// One stop bit.
    #[default]
    One,
    /// One and a half stop bits (IPR code 1).
    OnePointFive,
    /// Two stop bits.
    Two,
}

/// The settings of one end of a serial line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LineSettings {
    /// Bits per second.
    pub baud: u32,
    /// 5..=8 (the module itself only knows 7 and 8).
    pub data_bits: u8,
    /// Parity.
    pub parity: Parity,
    /// Stop bits.
    pub stop_bits: StopBits,
}

impl LineSettings {
    /// 115200 baud, 8 data bits, no parity, 1 stop bit: the module's factory setting.
    pub const DEFAULT: LineSettings = LineSettings {
        baud: 115_200,
        data_bits: 8,
        parity: Parity::None,
        stop_bits: StopBits::One,
    };

    /// `115200 8N1` with another rate.
    pub fn with_baud(baud: u32) -> LineSettings {
        LineSettings {
            baud,
            ..LineSettings::DEFAULT
        }
    }

    /// Whether two ends with these settings understand each other. Stop bits do not matter:
    /// a receiver takes a longer stop as idle line, so only rate, data bits and parity count.
    pub fn talks_to(&self, other: &LineSettings) -> bool {
        self.baud == other.baud && self.data_bits == other.data_bits && self.parity == other.parity
    }
}

impl Default for LineSettings {
    fn default() -> Self {
        LineSettings::DEFAULT
    }
}

/// Every delay of the simulated module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timing {
    /// How long the module takes to answer any command line (or a payload): its processing
    /// time before the first byte of the answer. The echo is not delayed.
    pub answer: Duration,
    /// Extra time for a setter (`AT+NAME=…`), as if it wrote flash.
    pub save: Duration,
    /// Silence after a restart's `OK` (or a replug) until `RDY`.
    pub restart: Duration,
    /// From `RDY` to `SIM_SUCCESS`, and from there to `NETWORK_ACTIVATE_SUCCESS`.
    pub boot_step: Duration,
    /// From `AT+QMTCONNCFG=` (or a boot in MQTT pairing mode) to `MQTTCONNECT`.
    pub mqtt_connect: Duration,
    /// From `AT+QIOPEN=` / `AT+SIMPLECLIENT=` to `CONNECT,ID:n`.
    pub socket_open: Duration,
    /// Between two ping replies (and before the first).
    pub ping_interval: Duration,
    /// From `AT+HTTPACTION=` to the response.
    pub http: Duration,
    /// From `AT+QNTP=` to the time line.
    pub ntp: Duration,
    /// From data sent to a socket (or an MQTT publish on a subscribed topic) to the echo.
    pub echo_reply: Duration,
    /// Silence needed before and after `+++`.
    pub guard: Duration,
    /// A pause this long ends a chunk of streamed data (QMTPUBEX in 2,2 mode, UDP QISEND with
    /// no length), and is how the module tells a QMTPUBEX payload that was too long.
    pub data_gap: Duration,
    /// A QMTPUBEX payload shorter than announced fails after this much silence.
    pub data_timeout: Duration,
    /// Idle time after which a module with `AT+SYSSLEEP=1` falls asleep.
    pub sleep_idle: Duration,
    /// Period of `ERROR=104` in TCP pairing mode with no client configured.
    pub simple_error_interval: Duration,
    /// Period of the signal's random walk (`None`: fixed `AT+CSQ`).
    pub csq_wander: Option<Duration>,
    /// Spacing of the pieces when the `split_output` fault dribbles output.
    pub split_step: Duration,
}

impl Timing {
    /// Plausible delays of a real module, for the demo.
    pub fn realistic() -> Timing {
        Timing {
            answer: Duration::ZERO,
            save: Duration::ZERO,
            restart: Duration::from_millis(1500),
            boot_step: Duration::from_millis(300),
            mqtt_connect: Duration::from_millis(600),
            socket_open: Duration::from_millis(200),
            ping_interval: Duration::from_millis(40),
            http: Duration::from_millis(300),
            ntp: Duration::from_millis(250),
            echo_reply: Duration::from_millis(60),
            guard: Duration::from_secs(1),
            data_gap: Duration::from_millis(50),
            data_timeout: Duration::from_secs(2),
            sleep_idle: Duration::from_secs(5),
            simple_error_interval: Duration::from_secs(1),
            csq_wander: Some(Duration::from_secs(2)),
            split_step: Duration::from_millis(2),
        }
    }

    /// The same behaviour with every delay at most 20 ms, for tests.
    pub fn fast() -> Timing {
        Timing {
            answer: Duration::ZERO,
            save: Duration::ZERO,
            restart: Duration::from_millis(20),
            boot_step: Duration::from_millis(2),
            mqtt_connect: Duration::from_millis(10),
            socket_open: Duration::from_millis(5),
            ping_interval: Duration::from_millis(2),
            http: Duration::from_millis(10),
            ntp: Duration::from_millis(5),
            echo_reply: Duration::from_millis(2),
            guard: Duration::from_millis(20),
            data_gap: Duration::from_millis(5),
            data_timeout: Duration::from_millis(20),
            sleep_idle: Duration::from_millis(20),
            simple_error_interval: Duration::from_millis(20),
            csq_wander: None,
            split_step: Duration::from_millis(1),
        }
    }
}

impl Default for Timing {
    fn default() -> Self {
        Timing::realistic()
    }
}

/// Misbehaviour the simulated module can be told to show, at any time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    /// Line noise: a few bytes that cannot start valid UTF-8 (controls other than CR/LF,
    /// 0x7F, 0x80..=0xC1, 0xF5..=0xFF) before some answer lines, never CR or LF.
    pub garbage: bool,
    /// Every answer (not the echo) comes this much later.
    pub slow: Option<Duration>,
    /// The module answers nothing at all and executes nothing (it still records the lines).
    pub silent: bool,
    /// Names of settings (`"QMTSTART"`, `"SYSSLEEP"`, `"HTTPPARA"`, … : the command without
    /// `AT+`) whose setter answers as usual but does not keep the value.
    pub forget: Vec<String>,
    /// An unsolicited line (`MQTTCONNECT` when MQTT is connected, else `SIM_SUCCESS`) between
    /// an answer's information line and its `OK`.
    pub urc_mid_answer: bool,
    /// Output dribbles out 1 to 4 bytes at a time, [`Timing::split_step`] apart.
    pub split_output: bool,
}

/// Everything that makes one simulated module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimConfig {
    /// Which of the manual's contradicting forms to print.
    pub dialect: Dialect,
    /// Delays.
    pub timing: Timing,
    /// Faults at start (changeable at run time).
    pub faults: Faults,
    /// The SIM's ICCID; `None`: no SIM card.
    pub iccid: Option<String>,
    /// 15-digit IMEI.
    pub imei: String,
    /// Firmware version printed by `AT+GMR`.
    pub firmware: String,
    /// Network registration state (`+CREG` stat: 1 home, 5 roaming, 0/2/3/4 offline).
    pub creg_stat: u8,
    /// `AT+CSQ` at start: rssi, ber.
    pub csq: (u8, u8),
    /// The module's UART settings at start.
    pub line: LineSettings,
    /// The time the NTP server gives, in seconds since 1970 on the Beijing wall clock;
    /// `None`: the host's clock (UTC+8).
    pub ntp_time: Option<i64>,
    /// The module's clock at power-up, same unit (default 2025-10-27 21:53:20).
    pub clock_start: i64,
    /// Seed of the pseudo-random numbers (noise, signal walk, ephemeral ports).
    pub seed: u64,
    /// Simulate the wire: take the host's bytes in no faster than its line carries them (start,
    /// data, parity and stop bits at the host's rate: 10 bits a byte at 8N1), as a real UART
    /// receives them, and answer only once the last byte is in. Off (the default), bytes arrive
    /// the instant they are written, which a pty or an in-process port allows.
    pub wire: bool,
    /// Online: sockets, MQTT and HTTP go out from this computer's network stack (see
    /// [`crate::sim::online`]); off (the default), the module invents the network
    /// deterministically. QPING and QNTP stay simulated either way.
    pub online: bool,
}

/// 2025-10-27 21:53:20, the time of the manual's NTP example.
pub const MANUAL_TIME: i64 = 1_761_602_000;

impl SimConfig {
    /// Realistic timings for the demo.
    pub fn realistic() -> SimConfig {
        SimConfig {
            dialect: Dialect::Example,
            timing: Timing::realistic(),
            faults: Faults::default(),
            iccid: Some("898604E6192391620488".into()),
            imei: "860720087453595".into(),
            firmware: "CT11_V1.0.1".into(),
            creg_stat: 1,
            csq: (15, 99),
            line: LineSettings::DEFAULT,
            ntp_time: None,
            clock_start: MANUAL_TIME,
            seed: 0x00C7_1100_5EED,
            wire: false,
            online: false,
        }
    }

    /// The same module with every delay at most 20 ms, a fixed signal and a fixed NTP time.
    pub fn fast() -> SimConfig {
        SimConfig {
            timing: Timing::fast(),
            ntp_time: Some(MANUAL_TIME),
            ..SimConfig::realistic()
        }
    }

    /// This configuration, online (real connections from this computer).
    pub fn online(self) -> SimConfig {
        SimConfig {
            online: true,
            ..self
        }
    }

    /// This configuration with another dialect.
    pub fn with_dialect(self, dialect: Dialect) -> SimConfig {
        SimConfig { dialect, ..self }
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig::realistic()
    }
}
