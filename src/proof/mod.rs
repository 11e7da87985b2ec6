//! Delivery proof from the PC: independent evidence that the module's MQTT data reaches the
//! broker, and the broker's reaches the module.
//!
//! The PC connects its own MQTT client (rumqttc; same broker, same TLS settings with the CA from
//! the same file, its own client id) and checks both directions:
//! - **module → broker → PC**: the PC subscribes to the up topic (default
//!   `ct11/proof/<imei>/<nonce>`), has the module publish a fresh nonce through the worker
//!   (`AT+QMTPUB`), and times its arrival;
//! - **PC → broker → module**: the module subscribes to the down topic (default
//!   `ct11/proof/<imei>/<nonce>/down`, unsubscribed after; or a topic the caller names, e.g.
//!   the profile's first subscription, which is left as it is), the PC publishes a nonce, and
//!   the proof waits for the module to print it.
//!
//! Every step ends within [`ProofSettings::step_timeout`]. A failure names the likely cause in
//! plain words, English and Chinese ([`Cause::text`]).
//!
//! For HTTP, [`compare_http`] has the PC make the same request as the module's
//! `AT+HTTPACTION` and compares status and body.
//!
//! # Running it from a GUI
//! [`run`] blocks: call it on a background thread with a [`ModuleLink`] to the module, the
//! settings, a cancel flag (set it to stop within 100 ms) and a progress callback that receives
//! each [`Stage`] as it starts; the returned [`ProofReport`] holds each direction's result and
//! duration. [`Client`](crate::worker::Client) implements [`ModuleLink`].
//! [`background::ProofRun`] is that thread for an owner of a worker that must never wait (a GUI
//! panel, the production-line batch): it trades commands and events with the owner over
//! channels. [`settings_from_profile`] and [`http_from_profile`] build what a profile's `[mqtt]`
//! and `[http]` sections prove.

pub mod background;
mod http;
mod link;
mod pc;
mod profile;
mod verdict;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::at::mqtt::{MqttState, Publish, Subscription, TopicRef};
use crate::at::{Answer, Checked, Command};
use crate::sim::online::MqttParams;
use crate::sim::online::tls::TlsCheck;
pub use http::{HttpComparison, compare_http};
pub use link::ModuleLink;
use pc::{PcClient, PcEvent};
pub use profile::{http_from_profile, settings_from_profile};
pub use verdict::Cause;

/// The broker as the PC reaches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broker {
    pub host: String,
    pub port: u16,
    /// `None`: plain MQTT.
    pub tls: Option<TlsCheck>,
    pub username: String,
    pub password: String,
}

/// What the proof needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProofSettings {
    pub broker: Broker,
    /// The module's IMEI (in the default topics and the PC's client id).
    pub imei: String,
    /// Module → PC topic; `None`: `ct11/proof/<imei>/<nonce>`.
    pub up_topic: Option<String>,
    /// PC → module topic (the module must be subscribed, or it is subscribed for the test);
    /// `None`: `ct11/proof/<imei>/<nonce>/down`.
    pub down_topic: Option<String>,
    /// The longest any one step may take.
    pub step_timeout: Duration,
}

/// Which way the data goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    ModuleToPc,
    PcToModule,
}

/// What the proof is doing (for a progress display).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Stage {
    PcConnect,
    ModuleState,
    ModuleToPc,
    PcToModule,
}

/// One direction's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DirectionResult {
    pub direction: Direction,
    pub topic: String,
    /// Delivered: how long from the publish to its arrival, in milliseconds.
    pub delivered_ms: Option<u64>,
    /// Not delivered: why.
    pub cause: Option<Cause>,
}

impl DirectionResult {
    pub fn ok(&self) -> bool {
        self.delivered_ms.is_some()
    }
}

/// Both directions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProofReport {
    pub module_to_pc: DirectionResult,
    pub pc_to_module: DirectionResult,
    /// Wall time of the whole proof, in milliseconds.
    pub total_ms: u64,
}

impl ProofReport {
    /// Both directions delivered.
    pub fn ok(&self) -> bool {
        self.module_to_pc.ok() && self.pc_to_module.ok()
    }
}

/// A fresh nonce: time, process and a counter, in hex.
pub fn nonce() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    format!(
        "{:x}{:x}{:x}",
        t & 0xFFFF_FFFF_FFFF,
        std::process::id() & 0xFFFF,
        N.fetch_add(1, Ordering::SeqCst)
    )
}

fn checked<T: crate::at::Validate>(v: T) -> Result<Checked<T>, Cause> {
    Checked::new(v).map_err(|e| Cause::BadSetting(format!("{e:?}")))
}

/// Runs the proof (blocking; see the module docs).
pub fn run(
    module: &mut dyn ModuleLink,
    s: &ProofSettings,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Stage),
) -> ProofReport {
    let started = Instant::now();
    let n = nonce();
    let up_topic = s
        .up_topic
        .clone()
        .unwrap_or_else(|| format!("ct11/proof/{}/{n}", s.imei));
    let own_down = s.down_topic.is_none();
    let down_topic = s
        .down_topic
        .clone()
        .unwrap_or_else(|| format!("ct11/proof/{}/{n}/down", s.imei));
    let both_fail = |cause: Cause| {
        let r = |direction, topic: &str| DirectionResult {
            direction,
            topic: topic.to_string(),
            delivered_ms: None,
            cause: Some(cause.clone()),
        };
        ProofReport {
            module_to_pc: r(Direction::ModuleToPc, &up_topic),
            pc_to_module: r(Direction::PcToModule, &down_topic),
            total_ms: started.elapsed().as_millis() as u64,
        }
    };

    // 1. The PC's own client.
    progress(Stage::PcConnect);
    let params = MqttParams {
        host: s.broker.host.clone(),
        port: s.broker.port,
        client_id: format!("ct11-proof-pc-{n}"),
        credentials: (!s.broker.username.is_empty())
            .then(|| (s.broker.username.clone(), s.broker.password.clone())),
        keepalive: 30,
        clean_session: true,
        will: None,
        tls: s.broker.tls.clone(),
    };
    let pc = match PcClient::start(&params, s.step_timeout) {
        Ok(pc) => pc,
        Err(e) => return both_fail(Cause::from_pc_error(&e)),
    };
    let deadline = Instant::now() + s.step_timeout;
    match pc.next(deadline, cancel) {
        Some(PcEvent::Connected) => {}
        Some(PcEvent::Failed(e)) => return both_fail(Cause::from_pc_error(&e)),
        _ if cancel.load(Ordering::SeqCst) => return both_fail(Cause::Cancelled),
        _ => return both_fail(Cause::PcTimeout),
    }

    // 2. The module must be connected to the broker the PC just reached.
    progress(Stage::ModuleState);
    match module.command(Command::MqttState, s.step_timeout) {
        Ok(Answer::MqttState(MqttState::Connected)) => {}
        Ok(_) => return both_fail(Cause::ModuleNotConnected),
        Err(e) => return both_fail(Cause::Module(e)),
    }

    // 3. module -> broker -> PC.
    progress(Stage::ModuleToPc);
    let up = up_direction(module, &pc, s, &up_topic, &n, cancel);
    // 4. PC -> broker -> module.
    progress(Stage::PcToModule);
    let down = down_direction(module, &pc, s, &down_topic, own_down, &n, cancel);
    drop(pc);
    ProofReport {
        module_to_pc: up,
        pc_to_module: down,
        total_ms: started.elapsed().as_millis() as u64,
    }
}

fn result(direction: Direction, topic: &str, r: Result<Duration, Cause>) -> DirectionResult {
    let (delivered_ms, cause) = match r {
        Ok(d) => (Some(d.as_millis() as u64), None),
        Err(c) => (None, Some(c)),
    };
    DirectionResult {
        direction,
        topic: topic.to_string(),
        delivered_ms,
        cause,
    }
}

fn up_direction(
    module: &mut dyn ModuleLink,
    pc: &PcClient,
    s: &ProofSettings,
    topic: &str,
    n: &str,
    cancel: &AtomicBool,
) -> DirectionResult {
    let mut go = || -> Result<Duration, Cause> {
        if !pc.subscribe(topic, 1) {
            return Err(Cause::PcSubscribeRefused);
        }
        let deadline = Instant::now() + s.step_timeout;
        loop {
            match pc.next(deadline, cancel) {
                Some(PcEvent::SubAck(true)) => break,
                Some(PcEvent::SubAck(false)) => return Err(Cause::PcSubscribeRefused),
                Some(PcEvent::Failed(e)) => return Err(Cause::from_pc_error(&e)),
                Some(_) => {}
                None if cancel.load(Ordering::SeqCst) => return Err(Cause::Cancelled),
                None => return Err(Cause::PcSubscribeRefused),
            }
        }
        let payload = format!("ct11-proof-up-{n}");
        let cmd = Command::MqttPublish(checked(Publish {
            topic: topic.to_string(),
            qos: 1,
            retain: false,
            message: payload.clone(),
        })?);
        let sent = Instant::now();
        module.command(cmd, s.step_timeout).map_err(Cause::Module)?;
        let deadline = sent + s.step_timeout;
        loop {
            match pc.next(deadline, cancel) {
                Some(PcEvent::Message {
                    topic: t,
                    payload: p,
                    at,
                }) if t == topic && p == payload.as_bytes() => {
                    return Ok(at.saturating_duration_since(sent));
                }
                Some(PcEvent::Failed(e)) => return Err(Cause::from_pc_error(&e)),
                Some(_) => {}
                None if cancel.load(Ordering::SeqCst) => return Err(Cause::Cancelled),
                None => return Err(Cause::UpNeverArrived),
            }
        }
    };
    result(Direction::ModuleToPc, topic, go())
}

fn down_direction(
    module: &mut dyn ModuleLink,
    pc: &PcClient,
    s: &ProofSettings,
    topic: &str,
    own_topic: bool,
    n: &str,
    cancel: &AtomicBool,
) -> DirectionResult {
    let mut go = || -> Result<Duration, Cause> {
        let subscribed = match module.command(Command::MqttSubQuery, s.step_timeout) {
            Ok(Answer::Subscriptions(list)) => list.iter().any(|x| x.topic == topic),
            _ => false,
        };
        let temporary = own_topic || !subscribed;
        if temporary {
            let cmd = Command::MqttSubscribe(checked(Subscription {
                topic: topic.to_string(),
                qos: 1,
            })?);
            module
                .command(cmd, s.step_timeout)
                .map_err(Cause::ModuleSubscribeRefused)?;
        }
        let payload = format!("ct11-proof-down-{n}");
        let sent = Instant::now();
        let delivered = if pc.publish(topic, 1, payload.clone().into_bytes()) {
            module.wait_received(payload.as_bytes(), s.step_timeout, cancel)
        } else {
            false
        };
        let took = sent.elapsed();
        if temporary && let Ok(cmd) = checked(TopicRef(topic.to_string())) {
            let _ = module.command(Command::MqttUnsubscribe(cmd), s.step_timeout);
        }
        if delivered {
            Ok(took)
        } else if cancel.load(Ordering::SeqCst) {
            Err(Cause::Cancelled)
        } else {
            Err(Cause::DownNeverArrived)
        }
    };
    let r = go();
    result(Direction::PcToModule, topic, r)
}
