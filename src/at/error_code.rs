//! The module's error answers (`ERROR`, `ERROR=<code>`, `+CME ERROR:<code>`) and what each code
//! means, in English and Chinese, with a hint for the person in the field (manual section 7).

use crate::i18n::Lang;

/// An error the module reported.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub enum ModuleError {
    /// A bare `ERROR`, or an error line whose code could not be read.
    #[error("ERROR")]
    Plain,
    /// `ERROR=<code>`, the form the CT11 uses for the codes of manual section 7.
    #[error("ERROR={0}")]
    Code(u16),
    /// `+CME ERROR:<code>`, which the manual names as a possible failure answer.
    #[error("+CME ERROR:{0}")]
    Cme(u16),
}

impl ModuleError {
    /// The numeric code, if the module gave one.
    pub fn code(&self) -> Option<u16> {
        match self {
            ModuleError::Plain => None,
            ModuleError::Code(c) | ModuleError::Cme(c) => Some(*c),
        }
    }

    /// A full sentence for the user: the wire form, what it means, and what to check.
    ///
    /// `ERROR=103: parameter data invalid. Check the values you entered against the allowed ranges.`
    pub fn message(&self, lang: Lang) -> String {
        // The wire form comes first so a user can match the text to the log line.
        let wire = self.to_string();
        let sep = lang.pick(": ", "：");
        match self.code() {
            None => format!(
                "{wire}{sep}{}",
                lang.pick(
                    "the module rejected the command without giving a reason. Check the command and that the module is in the right mode.",
                    "模块拒绝了该指令，未给出原因。请检查指令内容以及模块当前所处的模式。",
                )
            ),
            Some(code) => match describe(code) {
                Some(info) => format!(
                    "{wire}{sep}{}{}{}",
                    lang.pick(info.en, info.zh),
                    // Chinese full stops carry their own spacing; English needs a space.
                    lang.pick(". ", "。"),
                    lang.pick(info.hint_en, info.hint_zh)
                ),
                None => format!(
                    "{wire}{sep}{}",
                    lang.pick(
                        "unknown error code. Look it up in the vendor manual or ask the module supplier.",
                        "未知错误码。请查阅厂家手册或咨询模块供应商。",
                    )
                ),
            },
        }
    }
}

/// What one error code of manual section 7 means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The number after `ERROR=`.
    pub code: u16,
    /// Meaning in English (translated from the manual), lower case, no final full stop.
    pub en: &'static str,
    /// Meaning in Chinese, verbatim from the manual.
    pub zh: &'static str,
    /// One sentence telling an installer what to check, in English.
    pub hint_en: &'static str,
    /// The same hint in Chinese.
    pub hint_zh: &'static str,
}

/// Every code the manual lists (section 7).
const TABLE: [ErrorInfo; 7] = [
    ErrorInfo {
        code: 101,
        en: "parameter length error",
        zh: "参数长度错误",
        hint_en: "A value is too long or too short, or a parameter is missing; shorten the text or fill in every required field.",
        hint_zh: "某个参数过长、过短或缺失；请缩短文字或填写所有必填项。",
    },
    ErrorInfo {
        code: 102,
        en: "state or mode error",
        zh: "状态或模式错误",
        hint_en: "The command is not allowed in the module's current mode; leave transparent mode (+++), check the pairing mode, or wait until the network is up.",
        hint_zh: "当前模式下不允许该指令；请先退出透传（+++）、检查简易配对模式，或等待网络就绪后再试。",
    },
    ErrorInfo {
        code: 103,
        en: "parameter data invalid",
        zh: "参数数据异常",
        hint_en: "Check the values you entered against the allowed ranges.",
        hint_zh: "请对照允许范围检查输入的数值。",
    },
    ErrorInfo {
        code: 104,
        en: "command error",
        zh: "指令错误",
        hint_en: "The module does not know this command or its format; check the firmware version. Repeated after a restart in TCP pairing mode, it means no client is configured yet.",
        hint_zh: "模块不识别该指令或格式；请核对固件版本。若在 TCP 透传配对模式重启后反复出现，说明尚未配置客户端信息。",
    },
    ErrorInfo {
        code: 201,
        en: "no matching server on the network; client connection failed",
        zh: "当前网络没有符合的服务器，客户端连接失败",
        hint_en: "Check the server address and port, that the server is running and reachable from the mobile network, and that the SIM has data.",
        hint_zh: "请检查服务器地址和端口、服务器是否在运行且可从移动网络访问，以及 SIM 卡是否开通数据业务。",
    },
    ErrorInfo {
        code: 202,
        en: "a server already exists; server creation failed",
        zh: "已经有一个服务器存在，服务器创建失败",
        hint_en: "A connection is already open; close it (AT+QICLOSE) or restart the module before opening another.",
        hint_zh: "已有连接处于打开状态；请先关闭（AT+QICLOSE）或重启模块后再建立新连接。",
    },
    ErrorInfo {
        code: 203,
        en: "MQTT failed to connect to the server",
        zh: "MQTT 连接服务器失败",
        hint_en: "Check the broker host, port, user name and password, and that the SIM has data.",
        hint_zh: "请检查服务器地址、端口、用户名和密码，以及 SIM 卡是否开通数据业务。",
    },
];

/// The manual's description of `code`, or `None` for a code the manual does not list.
pub fn describe(code: u16) -> Option<&'static ErrorInfo> {
    TABLE.iter().find(|info| info.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_manual_code_is_described_in_both_languages() {
        for code in [101, 102, 103, 104, 201, 202, 203] {
            let info = describe(code).expect("listed in section 7");
            assert_eq!(info.code, code);
            for text in [info.en, info.zh, info.hint_en, info.hint_zh] {
                assert!(!text.trim().is_empty(), "code {code}");
            }
        }
        assert!(describe(100).is_none());
        assert!(describe(0).is_none());
    }

    #[test]
    fn chinese_meanings_are_the_manuals_words() {
        let zh: Vec<_> = TABLE.iter().map(|i| (i.code, i.zh)).collect();
        assert_eq!(
            zh,
            [
                (101, "参数长度错误"),
                (102, "状态或模式错误"),
                (103, "参数数据异常"),
                (104, "指令错误"),
                (201, "当前网络没有符合的服务器，客户端连接失败"),
                (202, "已经有一个服务器存在，服务器创建失败"),
                (203, "MQTT 连接服务器失败"),
            ]
        );
    }

    #[test]
    fn code_is_exposed_for_numbered_errors_only() {
        assert_eq!(ModuleError::Plain.code(), None);
        assert_eq!(ModuleError::Code(103).code(), Some(103));
        assert_eq!(ModuleError::Cme(10).code(), Some(10));
    }

    #[test]
    fn display_is_the_wire_form() {
        assert_eq!(ModuleError::Plain.to_string(), "ERROR");
        assert_eq!(ModuleError::Code(203).to_string(), "ERROR=203");
        assert_eq!(ModuleError::Cme(13).to_string(), "+CME ERROR:13");
    }

    #[test]
    fn message_reads_as_a_sentence() {
        assert_eq!(
            ModuleError::Code(103).message(Lang::En),
            "ERROR=103: parameter data invalid. Check the values you entered against the allowed ranges."
        );
        assert_eq!(
            ModuleError::Code(103).message(Lang::Zh),
            "ERROR=103：参数数据异常。请对照允许范围检查输入的数值。"
        );
        assert_eq!(
            ModuleError::Cme(203).message(Lang::En),
            "+CME ERROR:203: MQTT failed to connect to the server. Check the broker host, port, user name and password, and that the SIM has data."
        );
    }

    #[test]
    fn unknown_and_plain_errors_get_generic_text() {
        let en = ModuleError::Code(999).message(Lang::En);
        assert!(en.starts_with("ERROR=999: unknown error code"), "{en}");
        let zh = ModuleError::Code(999).message(Lang::Zh);
        assert!(zh.starts_with("ERROR=999：未知错误码"), "{zh}");
        assert!(ModuleError::Plain.message(Lang::En).starts_with("ERROR: "));
        assert!(ModuleError::Plain.message(Lang::Zh).starts_with("ERROR："));
    }

    #[test]
    fn serde_round_trip() {
        for e in [
            ModuleError::Plain,
            ModuleError::Code(101),
            ModuleError::Cme(3),
        ] {
            let json = serde_json::to_string(&e).expect("serialize");
            let back: ModuleError = serde_json::from_str(&json).expect("deserialize");
            assert_eq!(back, e);
        }
    }
}
