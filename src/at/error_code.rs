//! The module's error answers (`ERROR`, `ERROR=<code>`, `+CME ERROR:<code>`) and what each code
//! means (catalogue keys: the words are in `i18n/locales`), with a hint for the person in the field (manual section 7).

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
        match self.code() {
            None => crate::tr!(lang, "at-error-code-plain", wire = &wire),
            Some(code) => match describe(code) {
                Some(info) => crate::tr!(
                    lang,
                    "at-error-code-known",
                    wire = &wire,
                    meaning = lang.tr(info.meaning),
                    hint = lang.tr(info.hint)
                ),
                None => crate::tr!(lang, "at-error-code-unknown", wire = &wire),
            },
        }
    }
}

/// What one error code of manual section 7 means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The number after `ERROR=`.
    pub code: u16,
    /// Catalogue key of the meaning (English translated from the manual, lower case, no final
    /// full stop; Chinese verbatim from the manual).
    pub meaning: &'static str,
    /// Catalogue key of one sentence telling an installer what to check.
    pub hint: &'static str,
}

/// Every code the manual lists (section 7).
const TABLE: [ErrorInfo; 7] = [
    ErrorInfo {
        code: 101,
        meaning: "at-error-101",
        hint: "at-error-101-hint",
    },
    ErrorInfo {
        code: 102,
        meaning: "at-error-102",
        hint: "at-error-102-hint",
    },
    ErrorInfo {
        code: 103,
        meaning: "at-error-103",
        hint: "at-error-103-hint",
    },
    ErrorInfo {
        code: 104,
        meaning: "at-error-104",
        hint: "at-error-104-hint",
    },
    ErrorInfo {
        code: 201,
        meaning: "at-error-201",
        hint: "at-error-201-hint",
    },
    ErrorInfo {
        code: 202,
        meaning: "at-error-202",
        hint: "at-error-202-hint",
    },
    ErrorInfo {
        code: 203,
        meaning: "at-error-203",
        hint: "at-error-203-hint",
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
            for lang in Lang::ALL {
                for key in [info.meaning, info.hint] {
                    assert!(!lang.tr(key).trim().is_empty(), "code {code}");
                }
            }
        }
        assert!(describe(100).is_none());
        assert!(describe(0).is_none());
    }

    #[test]
    fn chinese_meanings_are_the_manuals_words() {
        let zh: Vec<_> = TABLE
            .iter()
            .map(|i| (i.code, Lang::Zh.tr(i.meaning)))
            .collect();
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
