//! `gui`: the desktop app, optionally connected and on a given panel (used by the screenshot
//! script and by installers' shortcuts).

use super::common::CliError;
use crate::i18n::Lang;
use crate::tr;
use crate::ui::settings::Settings;
use crate::ui::tab::Tab;

#[derive(clap::Args, Debug, Default)]
pub struct GuiArgs {
    /// Port to select (a path, `sim` for the simulated module, or `sim-online` for its online mode).
    #[arg(long)]
    pub port: Option<String>,
    /// Connect at start.
    #[arg(long)]
    pub connect: bool,
    /// The global `--lang` (default: the saved choice, else the system's).
    #[arg(from_global)]
    pub lang: Option<Lang>,
    /// Panel to show: device, network, power, socket, pairing, mqtt, http, terminal.
    #[arg(long, value_parser = parse_tab)]
    pub tab: Option<Tab>,
    /// Status refresh interval in seconds (0 = only on connect).
    #[arg(long, value_name = "SECS")]
    pub refresh: Option<u32>,
}

fn parse_tab(s: &str) -> Result<Tab, String> {
    Tab::ALL
        .into_iter()
        .find(|t| format!("{t:?}").eq_ignore_ascii_case(s))
        .ok_or_else(|| {
            format!(
                "`{s}`: use one of device, network, power, socket, pairing, mqtt, http, terminal"
            )
        })
}

pub fn run(a: GuiArgs) -> Result<(), CliError> {
    let lang = a.lang;
    let overrides = move |s: &mut Settings| {
        if let Some(l) = a.lang {
            s.lang = Some(l);
        }
        if let Some(t) = a.tab {
            s.tab = t;
        }
        if let Some(r) = a.refresh {
            s.refresh_s = r;
        }
        if let Some(p) = &a.port {
            s.last_port = Some(if p == "sim" {
                crate::ui::ports::SIMULATED.to_string()
            } else if p == "sim-online" {
                crate::ui::ports::SIMULATED_ONLINE.to_string()
            } else {
                p.clone()
            });
        }
    };
    crate::ui::run(
        crate::sim::opener(crate::sim::SimConfig::realistic()),
        Box::new(overrides),
        a.connect,
        lang,
    )
    .map_err(|e| {
        let lang = super::lang(lang);
        CliError::Port(tr!(lang, "cli-gui-cannot-open-window", error = &e))
    })
}
