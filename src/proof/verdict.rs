//! Why a direction was not proven, in plain words (English and Chinese), naming the likely cause.

use serde::Serialize;

use crate::profile::text::Text;
use crate::sim::online::NetError;

/// The likely cause of a failed direction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", content = "detail", rename_all = "snake_case")]
pub enum Cause {
    /// The PC cannot reach the broker either (DNS, refused, timeout).
    BrokerUnreachable(String),
    /// The TLS handshake failed: the server's certificate does not chain to the uploaded CA
    /// (or expired, or names another host).
    Tls(String),
    /// The broker refused the user name or password (CONNACK 4 or 5).
    WrongPassword(String),
    /// The PC connected but the module is not connected to the broker.
    ModuleNotConnected,
    /// The broker refused the PC's subscription (topic ACL).
    PcSubscribeRefused,
    /// The module refused or failed to subscribe (topic ACL or module state).
    ModuleSubscribeRefused(String),
    /// The module's publish never arrived at the PC (topic ACL for the module's user).
    UpNeverArrived,
    /// The PC's publish never reached the module (topic ACL for the PC's user, or the
    /// module's subscription).
    DownNeverArrived,
    /// The module answered a command with an error or not at all.
    Module(String),
    /// The PC's client did not connect in time.
    PcTimeout,
    /// A setting cannot be sent (e.g. a topic with a quote).
    BadSetting(String),
    /// Stopped by the user.
    Cancelled,
}

impl Cause {
    /// The cause of a failure of the PC's own client.
    pub fn from_pc_error(e: &NetError) -> Cause {
        match e {
            NetError::Tls(t) => Cause::Tls(t.clone()),
            NetError::Rejected(t) => Cause::WrongPassword(t.clone()),
            NetError::Dns(_) | NetError::Refused(_) | NetError::Timeout(_) => {
                Cause::BrokerUnreachable(e.to_string())
            }
            NetError::Other(t) => Cause::BrokerUnreachable(t.clone()),
        }
    }

    /// The verdict in plain words, with what to check.
    pub fn text(&self) -> Text {
        match self {
            Cause::BrokerUnreachable(d) => crate::text!(
                "proof-verdict-this-computer-cannot-reach-the-broker",
                d = &d
            ),
            Cause::Tls(d) => {
                crate::text!("proof-verdict-tls-failed-the-server-s-certificate", d = &d)
            }
            Cause::WrongPassword(d) => {
                crate::text!("proof-verdict-the-broker-refused-the-login-check", d = &d)
            }
            Cause::ModuleNotConnected => {
                Text::key("proof-verdict-the-broker-is-reachable-from-this")
            }
            Cause::PcSubscribeRefused => {
                Text::key("proof-verdict-the-broker-refused-this-computer-s")
            }
            Cause::ModuleSubscribeRefused(d) => crate::text!(
                "proof-verdict-the-module-could-not-subscribe-to-the",
                d = &d
            ),
            Cause::UpNeverArrived => Text::key("proof-verdict-the-module-published-but-nothing"),
            Cause::DownNeverArrived => Text::key("proof-verdict-this-computer-published-but-the"),
            Cause::Module(d) => {
                crate::text!("proof-verdict-the-module-did-not-do-what-was-asked", d = &d)
            }
            Cause::PcTimeout => Text::key("proof-verdict-this-computer-s-mqtt-client-got-no"),
            Cause::BadSetting(d) => crate::text!(
                "proof-verdict-a-proof-setting-cannot-be-sent-to-the",
                d = &d
            ),
            Cause::Cancelled => Text::key("proof-verdict-cancelled"),
        }
    }
}
