//! Every answer parser under hostile answers: the bytes go through the framer (as the worker
//! does), and the frames are decoded as the answer of every command that reads one, and as a
//! stand-alone unsolicited line.

use ct11_configurator::at::basic::{GpioConfig, GpioMode};
use ct11_configurator::at::command::Pin;
use ct11_configurator::at::framer::Framer;
use ct11_configurator::at::http::HttpMethod;
use ct11_configurator::at::network::PingRequest;
use ct11_configurator::at::socket::{SimpleClient, SocketTarget};
use ct11_configurator::at::urc::Urc;
use ct11_configurator::at::{Checked, Command, Reply};
use ct11_configurator::i18n::Lang;

fn commands() -> Vec<Command> {
    use Command::*;
    let mut v = vec![
        Test, Version, Imei, Iccid, UartQuery, SimSlotQuery, SysSleepQuery, CsclkQuery, RegQuery,
        Signal, NtpQuery, Time, Cell, SocketState, PairingQuery, SimpleClientQuery,
        MqttClientQuery, MqttBrokerQuery, MqttSessionQuery, MqttSubQuery, MqttState,
        MqttCertQuery, HttpTargetQuery, HttpHeaderQuery, HttpCertQuery,
        HttpAction(HttpMethod::Get), HttpAction(HttpMethod::Head),
    ];
    if let Ok(p) = Checked::new(Pin(1)) {
        v.push(GpioRead(p));
    }
    if let Ok(g) = Checked::new(GpioConfig { pin: 0, mode: GpioMode::Input, pull: None }) {
        v.push(GpioSet(g));
    }
    if let Ok(p) = Checked::new(PingRequest { host: "8.8.8.8".into(), count: 4 }) {
        v.push(Ping(p));
    }
    let target = SocketTarget { host: "1.2.3.4".into(), port: 80, ..SocketTarget::default() };
    if let Ok(t) = Checked::new(target.clone()) {
        v.push(SocketOpen(t));
    }
    if let Ok(t) = Checked::new(SimpleClient(target)) {
        v.push(SimpleClientSet(t));
    }
    if let Ok(r) = Command::raw("AT+CSQ") {
        v.push(r);
    }
    v
}

fn main() {
    let commands = commands();
    afl::fuzz!(|data: &[u8]| {
        let mut framer = Framer::new();
        framer.push(data);
        let frames: Vec<_> = std::iter::from_fn(|| framer.next_frame()).map(|f| f.kind).collect();
        let reply = Reply::new(frames);
        for c in &commands {
            if let Err(e) = c.decode(&reply) {
                let _ = (e.to_string(), c.name());
            }
        }
        for line in String::from_utf8_lossy(data).lines() {
            if let Some(u) = Urc::parse(line) {
                let _ = (u.describe(Lang::En), u.describe(Lang::Zh));
            }
        }
    });
}
