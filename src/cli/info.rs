//! `info`: identity, SIM, signal and registration. Changes nothing on the module.

use super::common::{self, CliError};
use crate::at::network::rssi_dbm;
use crate::at::{Answer, Command};
use crate::i18n::Lang;
use crate::tr;
use crate::worker::Outcome;
use serde::Serialize;

#[derive(clap::Args, Debug)]
pub struct InfoArgs {
    /// Serial port (a path, `auto` for the only port, `sim` for the simulated module, or `sim-online` for the simulated module making real connections from this computer).
    #[arg(long)]
    pub port: String,
    /// Baud rate, or `auto` to detect it.
    #[arg(long, default_value = "115200", value_parser = common::parse_baud)]
    pub baud: common::Baud,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// The global `--lang`.
    #[arg(from_global)]
    pub lang: Option<Lang>,
}

/// The facts `info` prints; the JSON keys are part of the product's contract.
#[derive(Serialize, Debug, Default)]
pub struct Info {
    pub firmware: Option<String>,
    pub imei: Option<String>,
    /// `null` when no SIM is detected.
    pub iccid: Option<String>,
    /// Raw 0..31 or 99.
    pub rssi: Option<u8>,
    /// -113 + 2 × rssi for 0..31, null for 99.
    pub rssi_dbm: Option<i32>,
    /// The `<stat>` number of +CREG.
    pub registration: Option<u8>,
    /// stat 1 or 5.
    pub registered: bool,
    pub registration_text: Option<String>,
    pub cell: Option<String>,
}

pub fn run(a: &InfoArgs) -> Result<(), CliError> {
    let lang = super::lang(a.lang);
    let mut client = common::connect(&a.port, a.baud, lang)?;
    let commands = [
        Command::Version,
        Command::Imei,
        Command::Iccid,
        Command::Signal,
        Command::RegQuery,
        Command::Cell,
    ];
    let outcomes = client
        .run_steps(commands.iter().cloned().map(Into::into).collect(), false)
        .map_err(|e| common::port_error(lang, &e))?;
    let info = collect(&outcomes);
    if info.firmware.is_none() && info.imei.is_none() {
        let why = outcomes
            .iter()
            .find_map(|o| o.result.as_ref().err())
            .map(|e| e.message(lang))
            .unwrap_or_default();
        return Err(CliError::Module(tr!(
            lang,
            "cli-info-did-not-identify-itself",
            reason = &why
        )));
    }
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&info).map_err(|e| CliError::File(e.to_string()))?
        );
    } else {
        print(&info, &outcomes, lang);
    }
    Ok(())
}

/// The facts as lines of text, each language aligning its own labels.
fn print(info: &Info, outcomes: &[Outcome], lang: Lang) {
    let dash = || "—".to_string();
    let firmware = info.firmware.clone().unwrap_or_else(dash);
    println!("{}", tr!(lang, "cli-info-firmware", value = &firmware));
    let imei = info.imei.clone().unwrap_or_else(dash);
    println!("{}", tr!(lang, "cli-info-imei", value = &imei));
    let iccid = info
        .iccid
        .clone()
        .unwrap_or_else(|| lang.tr("cli-info-no-sim-detected").into());
    println!("{}", tr!(lang, "cli-info-iccid", value = &iccid));
    let sig = match (info.rssi, info.rssi_dbm) {
        (Some(r), Some(d)) => tr!(lang, "cli-info-signal-dbm", dbm = &d, rssi = &r),
        (Some(r), None) => tr!(lang, "cli-info-signal-unknown", rssi = &r),
        _ => dash(),
    };
    println!("{}", tr!(lang, "cli-info-signal", value = &sig));
    // The JSON's `registration_text` is English; the words here are in `lang`.
    let registration = outcomes
        .iter()
        .find_map(|o| match &o.result {
            Ok(Answer::Registration(r)) => Some(r.stat.words(lang).to_string()),
            _ => None,
        })
        .unwrap_or_else(dash);
    println!(
        "{}",
        tr!(lang, "cli-info-registration", value = &registration)
    );
    if let Some(c) = &info.cell {
        println!("{}", tr!(lang, "cli-info-serving-cell", value = c));
    }
}

/// Gather the facts from the answers (missing answers stay `None`).
pub fn collect(outcomes: &[Outcome]) -> Info {
    let mut info = Info::default();
    for o in outcomes {
        match &o.result {
            Ok(Answer::Version(v)) => info.firmware = Some(v.clone()),
            Ok(Answer::Imei(v)) => info.imei = Some(v.clone()),
            Ok(Answer::Iccid(v)) => info.iccid = v.clone(),
            Ok(Answer::Signal(s)) => {
                info.rssi = Some(s.rssi);
                info.rssi_dbm = rssi_dbm(s.rssi);
            }
            Ok(Answer::Registration(r)) => {
                info.registration = Some(r.stat.code());
                info.registered = r.stat.is_registered();
                info.registration_text = Some(r.stat.words(Lang::En).to_string());
            }
            Ok(Answer::Cell(c)) => info.cell = Some(c.raw.clone()),
            _ => {}
        }
    }
    info
}
