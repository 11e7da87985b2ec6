//! `cert`: upload a TLS certificate byte for byte (`AT+MQTTCERTIFI=1,1,<len>` or
//! `AT+HTTPCERTIFI=1,<len>`, then exactly the file's bytes at the `>` prompt, nothing after).

use super::common::{self, CliError};
use super::send::print_reply;
use crate::at::Checked;
use crate::at::Command;
use crate::at::http::HttpCert;
use crate::at::mqtt::MqttCert;
use crate::i18n::Lang;
use crate::tr;
use crate::worker::Event;
use std::path::{Path, PathBuf};

/// The module keeps at most this many certificate bytes.
pub const MAX_CERT: usize = 2048;
/// Files at least this long get progress lines on stderr.
const PROGRESS_FROM: usize = 512;

/// Which certificate slot to fill.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// MQTTS with one-way server verification: `AT+MQTTCERTIFI=1,1,<len>`.
    Mqtt,
    /// HTTPS with one-way server verification: `AT+HTTPCERTIFI=1,<len>`.
    Http,
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "The file must be PEM text (ASCII, with -----BEGIN and -----END lines), \
1 to 2048 bytes. It is checked before anything is sent, and sent exactly as it is, line endings \
included.\n\nExample:\n  ct11-configurator cert --port /dev/ttyUSB0 --target mqtt ca.pem"
)]
pub struct CertArgs {
    /// Serial port (a path, `auto` for the only port, `sim` for the simulated module, or `sim-online` for the simulated module making real connections from this computer).
    #[arg(long)]
    pub port: String,
    /// Baud rate, or `auto` to detect it.
    #[arg(long, default_value = "115200", value_parser = common::parse_baud)]
    pub baud: common::Baud,
    /// Which certificate to set: `mqtt` (MQTTS) or `http` (HTTPS).
    #[arg(long, value_enum)]
    pub target: Target,
    /// The certificate file (PEM).
    pub file: PathBuf,
    /// The global `--lang`.
    #[arg(from_global)]
    pub lang: Option<Lang>,
}

pub fn run(a: &CertArgs) -> Result<(), CliError> {
    let lang = super::lang(a.lang);
    let data = load(&a.file, lang)?;
    let len = data.len();
    let command = match a.target {
        Target::Mqtt => Command::MqttCertSet(checked(
            MqttCert {
                tls: true,
                verify: true,
                data,
            },
            lang,
        )?),
        Target::Http => Command::HttpCertSet(checked(HttpCert { verify: true, data }, lang)?),
    };
    let mut client = common::connect(&a.port, a.baud, lang)?;
    let large = len >= PROGRESS_FROM;
    if large {
        eprintln!("{}", tr!(lang, "cli-cert-uploading", len = &len));
    }
    let outcome = client
        .run(command)
        .map_err(|e| common::port_error(lang, &e))?;
    if large {
        // The worker reports the payload once it is written; show how far the upload came.
        let done = client
            .history
            .iter()
            .rev()
            .find_map(|e| match e {
                Event::Progress { done, total, .. } => Some((*done, *total)),
                _ => None,
            })
            .unwrap_or((0, len));
        eprintln!(
            "{}",
            tr!(lang, "cli-cert-sent", done = &done.0, total = &done.1)
        );
    }
    println!("> {}", outcome.line);
    print_reply(&outcome.reply);
    match &outcome.result {
        Ok(_) => Ok(()),
        Err(e) => Err(CliError::Module(common::command_failed(
            lang,
            &outcome.line,
            e,
        ))),
    }
}

fn checked<T: crate::at::Validate>(v: T, lang: Lang) -> Result<Checked<T>, CliError> {
    Checked::new(v).map_err(|e| CliError::Usage(e.message(lang)))
}

/// Read the file and refuse anything the module must not get.
///
/// Deliberately not [`crate::cert::CertFile`]: the desktop app's check also decodes every
/// block and refuses keys and damaged base64, to guide a person picking a file. A script asks
/// for the documented rule only (empty, over 2048 bytes, not ASCII PEM text with BEGIN/END
/// lines: `cert --help`), so that what it uploads never depends on this tool's X.509 reading.
fn load(path: &Path, lang: Lang) -> Result<Vec<u8>, CliError> {
    let data = std::fs::read(path).map_err(|e| common::cannot_read(lang, path, &e))?;
    check_pem(&data).map_err(|why| {
        let reason = why.message(lang);
        CliError::Usage(tr!(
            lang,
            "cli-cert-nothing-sent",
            file = &path.display(),
            reason = &reason
        ))
    })?;
    Ok(data)
}

/// Why a file is no certificate the module can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PemProblem {
    Empty,
    /// Longer than [`MAX_CERT`]: its length.
    TooLong(usize),
    /// Not ASCII text.
    NotText,
    /// No BEGIN line before an END line.
    NoFrame,
}

impl PemProblem {
    fn message(self, lang: Lang) -> String {
        match self {
            PemProblem::Empty => lang.tr("cli-cert-the-file-is-empty").into(),
            PemProblem::TooLong(len) => {
                tr!(lang, "cli-cert-too-long", len = &len, max = &MAX_CERT)
            }
            PemProblem::NotText => lang.tr("cli-cert-not-pem-text").into(),
            PemProblem::NoFrame => lang.tr("cli-cert-not-pem-framed").into(),
        }
    }
}

/// Whether `data` is a certificate the module can take: 1..=2048 bytes of PEM text.
fn check_pem(data: &[u8]) -> Result<(), PemProblem> {
    if data.is_empty() {
        return Err(PemProblem::Empty);
    }
    if data.len() > MAX_CERT {
        return Err(PemProblem::TooLong(data.len()));
    }
    let text_byte = |b: &u8| b.is_ascii_graphic() || matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    if !data.iter().all(text_byte) {
        return Err(PemProblem::NotText);
    }
    let text = String::from_utf8_lossy(data);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let begin = lines
        .iter()
        .position(|l| l.starts_with("-----BEGIN ") && l.ends_with("-----"));
    let end = lines
        .iter()
        .rposition(|l| l.starts_with("-----END ") && l.ends_with("-----"));
    match (begin, end) {
        (Some(b), Some(e)) if b < e => Ok(()),
        _ => Err(PemProblem::NoFrame),
    }
}

#[cfg(test)]
mod tests {
    use super::{Lang, PemProblem, check_pem};

    const PEM: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    #[test]
    fn accepts_pem_up_to_2048_bytes() {
        assert!(check_pem(PEM.as_bytes()).is_ok());
        let mut big = PEM.as_bytes().to_vec();
        big.resize(2048, b'\n');
        assert!(check_pem(&big).is_ok());
        big.push(b'\n');
        assert_eq!(check_pem(&big), Err(PemProblem::TooLong(2049)));
    }

    #[test]
    fn refuses_empty_binary_and_unframed() {
        assert_eq!(check_pem(b""), Err(PemProblem::Empty));
        assert_eq!(check_pem(b"\x30\x82\x01\x0a"), Err(PemProblem::NotText));
        assert_eq!(check_pem(b"hello\n"), Err(PemProblem::NoFrame));
        assert!(check_pem(b"-----END X-----\n-----BEGIN X-----\n").is_err());
        let utf8 = format!("{PEM}é");
        assert_eq!(check_pem(utf8.as_bytes()), Err(PemProblem::NotText));
    }

    #[test]
    fn the_reasons_read_in_every_language() {
        let long = PemProblem::TooLong(2049);
        assert_eq!(
            long.message(Lang::En),
            "the file is 2049 bytes; the module takes at most 2048"
        );
        assert_eq!(
            long.message(Lang::Zh),
            "文件有 2049 字节，模块最多接受 2048 字节"
        );
        assert_eq!(
            long.message(Lang::ZhHant),
            "檔案有 2049 位元組，模組最多接受 2048 位元組"
        );
        assert!(
            PemProblem::NoFrame
                .message(Lang::ZhHant)
                .contains("-----BEGIN")
        );
    }
}
