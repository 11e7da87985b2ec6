//! The command handlers, one file per family of the manual (basic, power, network, TCP/UDP,
//! simple pairing, MQTT, HTTP). Each returns the immediate answer or an error code; delayed
//! answers are events.

mod basic;
mod http;
mod mqtt;
mod network;
mod power;
mod simple;
mod socket;

use std::time::Instant;

use super::module::{Answer, SimModule, ok};
use super::params::{COMMAND, Code, Params, Parsed};

/// How a command was written.
#[derive(Clone, Debug)]
pub(super) enum Form {
    /// `AT+NAME`.
    Exec,
    /// `AT+NAME?`.
    Query,
    /// `AT+NAME=…`.
    Set(Params),
}

impl SimModule {
    /// Runs one parsed command line.
    pub(super) fn dispatch(&mut self, parsed: Parsed, now: Instant) -> Result<Answer, Code> {
        let (name, form) = match parsed {
            Parsed::At => return Ok(ok()),
            Parsed::Echo(mode) => return self.cmd_echo(&mode),
            Parsed::Exec(name) => (name, Form::Exec),
            Parsed::Query(name) => (name, Form::Query),
            Parsed::Set(name, args) => {
                let params = Params::parse(&args)?;
                if name == "SIMPLECLIENT" && args.len() > 60 {
                    return Err(super::params::LENGTH);
                }
                (name, Form::Set(params))
            }
        };
        match name.as_str() {
            "GMR" => self.cmd_gmr(form),
            "GSN" => self.cmd_gsn(form),
            "RST" => self.cmd_rst(form),
            "RESTORE" => self.cmd_restore(form),
            "QCCID" => self.cmd_qccid(form),
            "IPR" => self.cmd_ipr(form),
            "SINGLESIM" => self.cmd_singlesim(form),
            "OTA" => self.cmd_ota(form),
            "GPIO" => self.cmd_gpio(form),
            "SYSSLEEP" => self.cmd_syssleep(form),
            "CSCLK" => self.cmd_csclk(form),
            "CREG" => self.cmd_creg(form),
            "CSQ" => self.cmd_csq(form, now),
            "QNTP" => self.cmd_qntp(form, now),
            "QLTS" => self.cmd_qlts(form, now),
            "QPING" => self.cmd_qping(form, now),
            "CPSI" => self.cmd_cpsi(form),
            "QIOPEN" => self.cmd_qiopen(form, now),
            "QISEND" => self.cmd_qisend(form),
            "QICLOSE" => self.cmd_qiclose(form),
            "QISTATE" => self.cmd_qistate(form),
            "SIMPLEMODE" => self.cmd_simplemode(form),
            "SIMPLECLIENT" => self.cmd_simpleclient(form, now),
            "QMTCFG" => self.cmd_qmtcfg(form),
            "QMTCONNCFG" => self.cmd_qmtconncfg(form, now),
            "QMTSTART" => self.cmd_qmtstart(form),
            "QMTSUB" => self.cmd_qmtsub(form),
            "QMTPUB" => self.cmd_qmtpub(form, now),
            "QMTPUBEX" => self.cmd_qmtpubex(form),
            "QMTUNSUB" => self.cmd_qmtunsub(form),
            "QMTSTATU" => self.cmd_qmtstatu(form),
            "QMTDISC" => self.cmd_qmtdisc(form),
            "MQTTCERTIFI" => self.cmd_mqttcertifi(form),
            "HTTPPARA" => self.cmd_httppara(form),
            "HTTPRQH" => self.cmd_httprqh(form),
            "HTTPDATA" => self.cmd_httpdata(form),
            "HTTPACTION" => self.cmd_httpaction(form, now),
            "HTTPCERTIFI" => self.cmd_httpcertifi(form),
            _ => Err(COMMAND),
        }
    }
}

/// Whether a host name is one no server answers for (the reserved `.invalid` top-level domain).
pub(super) fn unreachable(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    h == "invalid" || h.ends_with(".invalid")
}

impl SimModule {
    /// A `>` prompt got all its bytes.
    pub(super) fn finish_prompt(
        &mut self,
        kind: super::module::PromptKind,
        data: Vec<u8>,
        now: Instant,
    ) {
        use super::module::PromptKind;
        use super::state::Certificate;
        match kind {
            PromptKind::QiSend { link } => self.qisend_done(link, data, now),
            PromptKind::PubEx { topic, qos, retain } => {
                if self.state.mqtt.status == 1 {
                    self.mqtt_publish(topic, qos, retain, data, now);
                    self.answer(now, ok());
                } else {
                    self.answer(now, vec![super::module::line("ERROR=102")]);
                }
            }
            PromptKind::MqttCert { mode, verify } => {
                self.state.mqtt.certificate = Some(Certificate { mode, verify, data });
                self.answer(now, ok());
            }
            PromptKind::HttpCert { verify } => {
                self.state.http.certificate = Some(Certificate {
                    mode: 0,
                    verify,
                    data,
                });
                self.answer(now, ok());
            }
            PromptKind::HttpData => {
                self.state.http.body = data;
                self.answer(now, ok());
            }
        }
    }
}
