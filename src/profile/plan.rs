//! The ordered steps that apply a profile, in the order the module requires (issue 4):
//!
//! 1. the pairing mode, only if it differs from the module's (it restarts the module);
//! 2. sleep, in the legal order (CSCLK=0 before SYSSLEEP=1, SYSSLEEP=0 before CSCLK=1);
//! 3. GPIO; 4. HTTP target, headers, certificate;
//! 5. MQTT certificate, client, session, then the broker (setting the broker connects);
//! 6. wait for `MQTTCONNECT`; 7. subscriptions;
//! 8. the TCP pairing client, moved to straight after the pairing mode: a module in TCP mode
//!    without a client repeats `ERROR=104`, which the worker would take as the next answers;
//! 9. the baud rate, last (the module restarts at it; the worker reopens the port). In normal
//!    pairing mode that restart forgets steps 2–8, so [`ApplyJob`](super::runner::ApplyJob)
//!    sends them again at the new rate before verifying.

use super::check::{self, Certs, CheckedProfile};
use super::error::ProfileError;
use super::placeholders::Identity;
use super::schema::{Profile, SleepMode};
use super::text::Text;
use crate::at::Command;
use crate::at::basic::UartConfig;
use crate::at::socket::PairingMode;

/// What was read from the module before planning.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleState {
    pub identity: Identity,
    /// `AT+SIMPLEMODE?`.
    pub pairing: PairingMode,
    /// `AT+IPR?`, when it could be read.
    pub uart: Option<UartConfig>,
}

/// What a step does.
#[derive(Clone, Debug)]
pub enum Action {
    /// Send a command.
    Send(Command),
    /// Wait until the module prints `MQTTCONNECT` (the caller enforces the timeout).
    WaitMqttConnected,
}

/// One step of applying a profile.
#[derive(Clone, Debug)]
pub struct PlannedStep {
    /// The profile section it comes from, e.g. `mqtt.broker`, `gpio[0]`.
    pub key: String,
    /// What it does, for the step list ("Set MQTT broker" / "设置 MQTT 服务器").
    pub title: Text,
    pub action: Action,
    /// The command line as shown (secrets redacted), or what is awaited.
    pub preview: String,
}

impl PlannedStep {
    fn send(key: impl Into<String>, title: Text, command: Command) -> Self {
        Self {
            key: key.into(),
            title,
            preview: command.display_line(),
            action: Action::Send(command),
        }
    }

    /// The command, for a step that sends one.
    pub fn command(&self) -> Option<&Command> {
        match &self.action {
            Action::Send(c) => Some(c),
            Action::WaitMqttConnected => None,
        }
    }
}

/// A profile ready to apply: its filled values and its steps.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The profile with its placeholders filled (what the preview and the report show).
    pub filled: Profile,
    pub steps: Vec<PlannedStep>,
}

impl Plan {
    /// The preview lines, in order.
    pub fn preview(&self) -> Vec<String> {
        self.steps.iter().map(|s| s.preview.clone()).collect()
    }
}

/// Fill the placeholders, check every value, and order the steps. Nothing is planned unless
/// the whole profile passes.
pub fn build(
    profile: &Profile,
    certs: &Certs,
    module: &ModuleState,
) -> Result<Plan, Vec<ProfileError>> {
    let filled = check::fill(profile, &module.identity)?;
    let checked = check::check(&filled, certs)?;
    Ok(Plan {
        steps: steps(&checked, module),
        filled,
    })
}

/// The ordered steps for a checked profile.
pub fn steps(c: &CheckedProfile, module: &ModuleState) -> Vec<PlannedStep> {
    let mut out = Vec::new();
    if let Some(mode) = c.pairing
        && mode != module.pairing
    {
        out.push(PlannedStep::send(
            "pairing.mode",
            crate::text!(
                "profile-plan-set-pairing-mode",
                mode = Text::from_fn(|l| mode.title(l).to_string())
            ),
            Command::PairingSet(mode),
        ));
    }
    if let Some(sc) = &c.simple_client {
        // Straight after the mode: in TCP pairing mode without a client the module prints
        // ERROR=104 over and over, which would be taken as the answer to the next commands.
        out.push(PlannedStep::send(
            "pairing.tcp",
            Text::key("profile-plan-save-tcp-pairing-client"),
            Command::SimpleClientSet(sc.clone()),
        ));
    }
    if let Some(sleep) = c.sleep {
        let sys = |on: bool| {
            PlannedStep::send(
                "power.sleep",
                if on {
                    Text::key("profile-plan-enable-command-sleep")
                } else {
                    Text::key("profile-plan-disable-command-sleep")
                },
                Command::SysSleepSet(on),
            )
        };
        let dtr = |on: bool| {
            PlannedStep::send(
                "power.sleep",
                if on {
                    Text::key("profile-plan-enable-dtr-sleep")
                } else {
                    Text::key("profile-plan-disable-dtr-sleep")
                },
                Command::CsclkSet(on),
            )
        };
        match sleep {
            SleepMode::None => out.extend([sys(false), dtr(false)]),
            SleepMode::Command => out.extend([dtr(false), sys(true)]),
            SleepMode::Dtr => out.extend([sys(false), dtr(true)]),
        }
    }
    for (i, g) in c.gpio.iter().enumerate() {
        out.push(PlannedStep::send(
            format!("gpio[{i}]"),
            crate::text!("profile-plan-set-gpio-io", value = &g.pin + 1),
            Command::GpioSet(g.clone()),
        ));
    }
    if let Some(h) = &c.http {
        out.push(PlannedStep::send(
            "http",
            Text::key("profile-plan-set-http-target"),
            Command::HttpTargetSet(h.target.clone()),
        ));
        for (i, hd) in h.headers.iter().enumerate() {
            out.push(PlannedStep::send(
                format!("http.headers[{i}]"),
                crate::text!("profile-plan-set-http-header", name = &hd.name),
                Command::HttpHeaderSet(hd.clone()),
            ));
        }
        if let Some(cert) = &h.cert {
            out.push(PlannedStep::send(
                "http.ca_cert",
                Text::key("profile-plan-upload-https-certificate"),
                Command::HttpCertSet(cert.clone()),
            ));
        }
    }
    if let Some(m) = &c.mqtt {
        if let Some(cert) = &m.cert {
            let (key, title) = match (cert.data.is_empty(), cert.tls) {
                (false, _) => (
                    "mqtt.ca_cert",
                    Text::key("profile-plan-upload-mqtt-certificate"),
                ),
                (true, true) => (
                    "mqtt.tls",
                    Text::key("profile-plan-mqtt-over-tls-server-not-checked"),
                ),
                (true, false) => ("mqtt.tls", Text::key("profile-plan-plain-mqtt-no-tls")),
            };
            out.push(PlannedStep::send(
                key,
                title,
                Command::MqttCertSet(cert.clone()),
            ));
        }
        out.push(PlannedStep::send(
            "mqtt.client",
            Text::key("profile-plan-set-mqtt-client"),
            Command::MqttClientSet(m.client.clone()),
        ));
        out.push(PlannedStep::send(
            "mqtt.session",
            Text::key("profile-plan-set-mqtt-session"),
            Command::MqttSessionSet(m.session.clone()),
        ));
        out.push(PlannedStep::send(
            "mqtt.broker",
            Text::key("profile-plan-set-mqtt-broker"),
            Command::MqttBrokerSet(m.broker.clone()),
        ));
        out.push(PlannedStep {
            key: "mqtt.connect".into(),
            title: Text::key("profile-plan-wait-for-the-broker-connection"),
            action: Action::WaitMqttConnected,
            preview: "MQTTCONNECT".into(),
        });
        for (i, s) in m.subscriptions.iter().enumerate() {
            out.push(PlannedStep::send(
                format!("mqtt.subscriptions[{i}]"),
                crate::text!("profile-plan-subscribe-to", topic = &s.topic),
                Command::MqttSubscribe(s.clone()),
            ));
        }
    }
    if let Some(u) = &c.uart
        && module.uart.as_ref() != Some(&**u)
    {
        let framing = u.framing();
        out.push(PlannedStep::send(
            "serial.baud",
            crate::text!(
                "profile-plan-set-serial-port-restarts-port",
                baud = &u.baud,
                framing = &framing
            ),
            Command::UartSet(u.clone()),
        ));
    }
    out
}
