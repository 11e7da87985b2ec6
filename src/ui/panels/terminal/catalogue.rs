//! The manual's command list (§5.3 and §6), for completion in the terminal: what Tab inserts,
//! the full syntax, and one line saying what the command does, in both languages.

use crate::i18n::Lang;

/// One completable command form.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// What completion inserts (`AT+CSQ`, `AT+IPR?`, `AT+QIOPEN=`).
    pub insert: &'static str,
    /// The syntax with its parameters, as the manual writes it.
    pub syntax: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

impl Entry {
    /// What the command does, in the user's language.
    pub fn describe(&self, lang: Lang) -> &'static str {
        lang.pick(self.en, self.zh)
    }
}

const fn e(
    insert: &'static str,
    syntax: &'static str,
    en: &'static str,
    zh: &'static str,
) -> Entry {
    Entry {
        insert,
        syntax,
        en,
        zh,
    }
}

/// Every command form of the manual, in the manual's order.
pub const COMMANDS: &[Entry] = &[
    // §6.1 basic
    e("AT", "AT", "Test the serial link", "测试串口通讯"),
    e("AT+GMR", "AT+GMR", "Firmware version", "查看版本信息"),
    e(
        "AT+GSN",
        "AT+GSN",
        "IMEI (device serial number)",
        "查询国际移动设备识别码（IMEI）",
    ),
    e("ATE0", "ATE0", "Echo off", "关闭指令回显"),
    e("ATE1", "ATE1", "Echo on (default)", "开启指令回显（默认）"),
    e("AT+RST", "AT+RST", "Restart the module", "重启模块"),
    e(
        "AT+RESTORE",
        "AT+RESTORE",
        "Factory reset: erases saved settings, restarts",
        "恢复出厂设置：清除保存的参数并重启",
    ),
    e("AT+QCCID", "AT+QCCID", "SIM card ICCID", "查询 ICCID"),
    e(
        "AT+IPR?",
        "AT+IPR?",
        "Read the UART settings",
        "查询串口参数",
    ),
    e(
        "AT+IPR=",
        "AT+IPR=<baud>,<databits>,<stopbits>,<parity>",
        "Set the UART settings (restarts at the new rate)",
        "设置串口参数（重启后生效）",
    ),
    e(
        "AT+SINGLESIM?",
        "AT+SINGLESIM?",
        "Read the SIM slot",
        "查询 SIM 卡槽",
    ),
    e(
        "AT+SINGLESIM=",
        "AT+SINGLESIM=<0/1>",
        "Switch the SIM slot (restarts)",
        "切换 SIM 卡槽（会重启）",
    ),
    e(
        "AT+OTA=",
        "AT+OTA=<mode>,\"<url>\"",
        "Firmware update: only with a link from the vendor",
        "空中升级：仅限厂家提供的升级链接",
    ),
    e(
        "AT+GPIO=",
        "AT+GPIO=<pin>[,<dir>[,<pull>]]",
        "Read or set a GPIO pin (pin 0–2 = IO1–IO3)",
        "查询/设置 GPIO（引脚 0–2 对应 IO1–IO3）",
    ),
    // §6.3 power
    e(
        "AT+SYSSLEEP?",
        "AT+SYSSLEEP?",
        "Read command-controlled sleep",
        "查询指令控制休眠",
    ),
    e(
        "AT+SYSSLEEP=",
        "AT+SYSSLEEP=<0/1>",
        "Command-controlled sleep (needs AT+CSCLK=0 first)",
        "设置指令控制休眠（需先 AT+CSCLK=0）",
    ),
    e(
        "AT+CSCLK?",
        "AT+CSCLK?",
        "Read DTR-controlled sleep",
        "查询硬件控制休眠",
    ),
    e(
        "AT+CSCLK=",
        "AT+CSCLK=<0/1>",
        "DTR-controlled sleep (needs AT+SYSSLEEP=0 first)",
        "设置硬件控制休眠（需先 AT+SYSSLEEP=0）",
    ),
    // §6.2 network
    e(
        "AT+CREG?",
        "AT+CREG?",
        "Network registration state",
        "查询网络注册状态",
    ),
    e(
        "AT+CREG=",
        "AT+CREG=<n>",
        "Registration report mode (0–2)",
        "设置网络注册通知类型（0–2）",
    ),
    e("AT+CSQ", "AT+CSQ", "Signal quality", "查询信号质量"),
    e(
        "AT+QNTP?",
        "AT+QNTP?",
        "Read the NTP server",
        "查询 NTP 服务器",
    ),
    e(
        "AT+QNTP=",
        "AT+QNTP=\"<server>\",<port>",
        "Sync the clock from an NTP server",
        "同步服务器时间",
    ),
    e("AT+QLTS?", "AT+QLTS?", "Module time", "查询时间"),
    e(
        "AT+QPING=",
        "AT+QPING=\"<host>\",<count>",
        "Ping a host (count 1–10)",
        "Ping 目标地址（次数 1–10）",
    ),
    e(
        "AT+CPSI",
        "AT+CPSI",
        "Serving cell information",
        "基站定位（服务小区信息）",
    ),
    // §6.4 TCP/UDP
    e(
        "AT+QIOPEN=",
        "AT+QIOPEN=\"<TCP/UDP>\",\"<ip>\",<port>,<localport>,<mode>",
        "Open a TCP/UDP connection (mode 0 AT, 1 transparent)",
        "建立 TCP/UDP 连接（模式 0 AT 透传，1 直接透传）",
    ),
    e(
        "AT+QISEND=",
        "AT+QISEND=<link>,<length>",
        "Send data on a link; then send the bytes at “>” (UDP without a length: end them with Ctrl+Z, \\x1A)",
        "TCP/UDP 发送数据；在“>”后发送数据（UDP 不带长度时以 Ctrl+Z 即 \\x1A 结束）",
    ),
    e(
        "ATO",
        "ATO",
        "Back into transparent mode (sent with no line ending)",
        "进入透传模式（无回车换行）",
    ),
    e(
        "+++",
        "+++",
        "Leave transparent mode (silence before and after)",
        "退出透传模式（前后保持静默）",
    ),
    e(
        "AT+QICLOSE=",
        "AT+QICLOSE=<link>",
        "Close a connection",
        "关闭 TCP/UDP 连接",
    ),
    e(
        "AT+QISTATE",
        "AT+QISTATE",
        "List open connections",
        "查询 TCP/UDP 状态",
    ),
    // §6.5 simple pairing
    e(
        "AT+SIMPLEMODE?",
        "AT+SIMPLEMODE?",
        "Read the simple-pairing mode",
        "查询简易配对模式",
    ),
    e(
        "AT+SIMPLEMODE=",
        "AT+SIMPLEMODE=<mode>,<sub>",
        "Set the simple-pairing mode (restarts)",
        "设置简易配对模式（会重启）",
    ),
    e(
        "AT+SIMPLECLIENT?",
        "AT+SIMPLECLIENT?",
        "Read the saved TCP client",
        "查询保存的客户端配置数据",
    ),
    e(
        "AT+SIMPLECLIENT=",
        "AT+SIMPLECLIENT=\"TCP\",\"<ip>\",<port>,<localport>,<mode>",
        "Save the TCP client (at most 60 bytes)",
        "保存客户端配置数据（最长 60 字节）",
    ),
    // §6.6 MQTT
    e(
        "AT+QMTCFG?",
        "AT+QMTCFG?",
        "Read the MQTT client settings",
        "查询 MQTT 客户端信息",
    ),
    e(
        "AT+QMTCFG=",
        "AT+QMTCFG=\"<clientid>\",\"<user>\",\"<password>\"[,<will_qos>,<will_retain>,\"<will_topic>\",\"<will_msg>\"]",
        "Set the MQTT client",
        "配置 MQTT 客户端信息",
    ),
    e(
        "AT+QMTCONNCFG?",
        "AT+QMTCONNCFG?",
        "Read the MQTT broker",
        "查询 MQTT 服务器信息",
    ),
    e(
        "AT+QMTCONNCFG=",
        "AT+QMTCONNCFG=\"<host>\",<port>,<reconnect>",
        "Set the MQTT broker (connects at once)",
        "配置 MQTT 服务器信息（设置后自动连接）",
    ),
    e(
        "AT+QMTSTART?",
        "AT+QMTSTART?",
        "Read the MQTT session settings",
        "查询 MQTT 会话心跳",
    ),
    e(
        "AT+QMTSTART=",
        "AT+QMTSTART=<clean>,<keepalive>",
        "Clean session and keepalive (0–7200 s)",
        "配置会话清除与心跳（0–7200 秒）",
    ),
    e(
        "AT+QMTSUB?",
        "AT+QMTSUB?",
        "List subscriptions",
        "查询订阅主题",
    ),
    e(
        "AT+QMTSUB=",
        "AT+QMTSUB=\"<topic>\",<qos>",
        "Subscribe to a topic",
        "订阅主题",
    ),
    e(
        "AT+QMTPUB=",
        "AT+QMTPUB=\"<topic>\",<qos>,<retain>,\"<message>\"",
        "Publish a message (up to 512 bytes); a bare 1 instead of \"<message>\": publish continuously until +++",
        "发布消息（最长 512 字节）；消息处写不带引号的 1：连续发布直到 +++",
    ),
    e(
        "AT+QMTPUBEX=",
        "AT+QMTPUBEX=\"<topic>\",<qos>,<retain>,<length>",
        "Long publish: then send the bytes at “>”",
        "发布长消息：在“>”后发送数据",
    ),
    e(
        "AT+QMTUNSUB=",
        "AT+QMTUNSUB=\"<topic>\"",
        "Unsubscribe",
        "取消订阅",
    ),
    e(
        "AT+QMTSTATU",
        "AT+QMTSTATU",
        "MQTT connection state",
        "查询 MQTT 连接状态",
    ),
    e(
        "AT+QMTDISC",
        "AT+QMTDISC",
        "Disconnect from the MQTT broker",
        "断开 MQTT 连接",
    ),
    e(
        "AT+MQTTCERTIFI?",
        "AT+MQTTCERTIFI?",
        "Read the MQTT certificate",
        "查询 MQTT 证书",
    ),
    e(
        "AT+MQTTCERTIFI=",
        "AT+MQTTCERTIFI=<mode>,<verify>,<length>",
        "Set the MQTT certificate: then send it at “>”",
        "设置 MQTT 证书：在“>”后发送证书",
    ),
    // §6.7 HTTP
    e(
        "AT+HTTPPARA?",
        "AT+HTTPPARA?",
        "Read the HTTP URL settings",
        "查询 HTTP 的 URL 信息",
    ),
    e(
        "AT+HTTPPARA=",
        "AT+HTTPPARA=\"<url>\",<port>,<type>,<cert>",
        "Set the HTTP URL (type 0 HTTP, 1 HTTPS)",
        "设置 HTTP 的 URL 信息（类型 0 HTTP，1 HTTPS）",
    ),
    e(
        "AT+HTTPRQH?",
        "AT+HTTPRQH?",
        "Read the request headers",
        "查询请求头字段",
    ),
    e(
        "AT+HTTPRQH=",
        "AT+HTTPRQH=\"<key>\",\"<value>\"",
        "Set a request header",
        "设置请求头字段",
    ),
    e(
        "AT+HTTPDATA=",
        "AT+HTTPDATA=<length>",
        "Request body: then send it at “>>”",
        "设置请求体数据：在“>>”后发送数据",
    ),
    e(
        "AT+HTTPACTION=",
        "AT+HTTPACTION=<0–4>",
        "Send the request (0 GET, 1 POST, 2 PUT, 3 DELETE, 4 HEAD)",
        "发送 HTTP 请求（0 GET，1 POST，2 PUT，3 DELETE，4 HEAD）",
    ),
    e(
        "AT+HTTPCERTIFI?",
        "AT+HTTPCERTIFI?",
        "Read the HTTPS certificate",
        "查询 HTTP 的证书",
    ),
    e(
        "AT+HTTPCERTIFI=",
        "AT+HTTPCERTIFI=<verify>,<length>",
        "Set the HTTPS certificate: then send it at “>”",
        "设置 HTTP 证书：在“>”后发送证书",
    ),
];

/// The forms that complete what is typed (case-insensitive prefix), excluding an exact match.
/// Nothing once parameters are being typed (after `=` or `?`).
pub fn complete(typed: &str) -> Vec<&'static Entry> {
    let t = typed.trim_start().to_ascii_uppercase();
    if t.is_empty() || t.contains(['=', '?']) {
        return Vec::new();
    }
    COMMANDS
        .iter()
        .filter(|e| e.insert.starts_with(&t) && e.insert != t)
        .collect()
}

/// The command being typed, once its name is complete: for the syntax hint under the input.
pub fn current(typed: &str) -> Option<&'static Entry> {
    let t = typed.trim().to_ascii_uppercase();
    if t.is_empty() {
        return None;
    }
    // The longest form that the line starts with (`AT+QMTCONNCFG=` before `AT+QMTCFG`), and
    // only at a name boundary, so `AT+QMTSTATUS` does not match `AT+QMTSTATU`.
    COMMANDS
        .iter()
        .filter(|e| {
            t.starts_with(e.insert)
                && (e.insert.ends_with(['=', '?'])
                    || t.len() == e.insert.len()
                    || t[e.insert.len()..].starts_with(['=', '?']))
        })
        .max_by_key(|e| e.insert.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_a_valid_raw_line() {
        for e in COMMANDS {
            assert!(
                crate::at::Command::raw(e.insert).is_ok(),
                "{} is not accepted as a raw line",
                e.insert
            );
            assert!(e.syntax.starts_with(e.insert.trim_end_matches(['=', '?'])));
            assert!(!e.en.is_empty() && !e.zh.is_empty());
        }
    }

    #[test]
    fn prefix_completion() {
        let names: Vec<_> = complete("at+qmtc").iter().map(|e| e.insert).collect();
        assert_eq!(
            names,
            vec![
                "AT+QMTCFG?",
                "AT+QMTCFG=",
                "AT+QMTCONNCFG?",
                "AT+QMTCONNCFG="
            ]
        );
        assert!(complete("AT+CSQ").is_empty());
        assert!(complete("AT+IPR=").is_empty());
        assert!(complete("").is_empty());
        assert_eq!(complete("+").len(), 1);
    }

    #[test]
    fn current_command_for_the_syntax_hint() {
        assert_eq!(current("AT+QIOPEN=\"TCP\"").unwrap().insert, "AT+QIOPEN=");
        assert_eq!(current("at+csq").unwrap().insert, "AT+CSQ");
        assert_eq!(current("AT+QMTCONNCFG?").unwrap().insert, "AT+QMTCONNCFG?");
        assert!(current("AT+QMTSTATUS").is_none());
        assert_eq!(current("AT").unwrap().insert, "AT");
        assert!(current("ATX").is_none());
    }
}
