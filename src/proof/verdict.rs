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
            Cause::BrokerUnreachable(d) => Text::new(
                format!(
                    "This computer cannot reach the broker either ({d}): check the host name and port, and that the broker runs."
                ),
                format!(
                    "本机也无法连接 MQTT 服务器（{d}）：请检查主机名和端口，以及服务器是否在运行。"
                ),
            ),
            Cause::Tls(d) => Text::new(
                format!(
                    "TLS failed: the server's certificate is not signed by the CA you uploaded (or it expired, or names another host). Upload the CA that signed the broker's certificate. ({d})"
                ),
                format!(
                    "TLS 握手失败：服务器证书不是由您上传的 CA 签发的（或已过期、或域名不符）。请上传签发该服务器证书的 CA。（{d}）"
                ),
            ),
            Cause::WrongPassword(d) => Text::new(
                format!("The broker refused the login ({d}): check the user name and password."),
                format!("服务器拒绝登录（{d}）：请检查用户名和密码。"),
            ),
            Cause::ModuleNotConnected => Text::new(
                "The broker is reachable from this computer but the module is not connected to it: check the module's network (SIM, APN, signal) and its MQTT settings.",
                "本机可以连接 MQTT 服务器，但模块未连接：请检查模块的网络（SIM 卡、APN、信号）及其 MQTT 设置。",
            ),
            Cause::PcSubscribeRefused => Text::new(
                "The broker refused this computer's subscription to the proof topic: the topic ACL does not allow it. Name a topic the ACL allows.",
                "服务器拒绝本机订阅验证主题：主题访问控制（ACL）不允许。请指定 ACL 允许的主题。",
            ),
            Cause::ModuleSubscribeRefused(d) => Text::new(
                format!(
                    "The module could not subscribe to the proof topic ({d}): the topic ACL may not allow it. Name a topic the module may subscribe to."
                ),
                format!(
                    "模块无法订阅验证主题（{d}）：可能是主题访问控制（ACL）不允许。请指定模块可订阅的主题。"
                ),
            ),
            Cause::UpNeverArrived => Text::new(
                "The module published, but nothing arrived at this computer: the broker's topic ACL probably drops the module's publish. Check the ACL for the module's user.",
                "模块已发布，但本机未收到：服务器的主题访问控制（ACL）可能丢弃了模块的发布。请检查模块用户的 ACL。",
            ),
            Cause::DownNeverArrived => Text::new(
                "This computer published, but the module never printed the message: check the topic ACL for both users and the module's subscription.",
                "本机已发布，但模块未收到该消息：请检查两个用户的主题访问控制（ACL）及模块的订阅。",
            ),
            Cause::Module(d) => Text::new(
                format!("The module did not do what was asked: {d}"),
                format!("模块未能执行指令：{d}"),
            ),
            Cause::PcTimeout => Text::new(
                "This computer's MQTT client got no answer from the broker in time: check the host, the port and any firewall.",
                "本机 MQTT 客户端在规定时间内未收到服务器应答：请检查主机、端口及防火墙。",
            ),
            Cause::BadSetting(d) => Text::new(
                format!("A proof setting cannot be sent to the module: {d}"),
                format!("验证设置无法发送给模块：{d}"),
            ),
            Cause::Cancelled => Text::new("Cancelled.", "已取消。"),
        }
    }
}
