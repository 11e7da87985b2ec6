//! The two user languages. Every user-facing text is written as a pair next to where it is used
//! (`lang.pick("Connect", "连接")`), so an untranslated string cannot hide in a separate table.

use serde::{Deserialize, Serialize};

/// A language the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// Choose the text for this language.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// The system's language. On Unix a `LC_ALL`/`LC_MESSAGES`/`LANG`/`LANGUAGE` variable set
    /// by the user wins (a terminal, `LANG=zh_CN.UTF-8 ct11-configurator`); otherwise, and always
    /// on Windows, the operating system is asked (`sys-locale`: the Windows user language, the
    /// macOS preferred languages), because Explorer and Finder set no such variable. English
    /// when nothing says Chinese.
    pub fn from_system() -> Lang {
        let env = |key: &str| {
            if cfg!(unix) {
                std::env::var(key).ok()
            } else {
                None
            }
        };
        Self::choose(env, sys_locale::get_locale())
    }

    /// [`Lang::from_system`] with its sources passed in: the environment lookup and the
    /// operating system's locale tag.
    pub fn choose(env: impl Fn(&str) -> Option<String>, os_locale: Option<String>) -> Lang {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
            if let Some(lang) = env(key).as_deref().and_then(Lang::from_locale) {
                return lang;
            }
        }
        os_locale
            .as_deref()
            .and_then(Lang::from_locale)
            .unwrap_or(Lang::En)
    }

    /// The language of a locale tag: `zh_CN.UTF-8`, `zh-Hans-CN`, `zh-TW`, `zh` → Chinese (the
    /// only Chinese the app has); any other language → English; empty → `None` (ask the next
    /// source). A `LANGUAGE`-style list (`zh_CN:en`) counts by its first entry.
    pub fn from_locale(tag: &str) -> Option<Lang> {
        let first = tag.split(':').map(str::trim).find(|t| !t.is_empty())?;
        let language = first.split(['_', '-', '.', '@']).next().unwrap_or_default();
        Some(if language.eq_ignore_ascii_case("zh") {
            Lang::Zh
        } else {
            Lang::En
        })
    }

    /// Name of the language in itself, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_tags_map_to_the_app_languages() {
        for zh in [
            "zh_CN.UTF-8",
            "zh-CN",
            "zh-Hans-CN",
            "zh-Hant-TW",
            "zh_TW",
            "zh",
            "ZH-cn",
            "zh_CN:en",
        ] {
            assert_eq!(Lang::from_locale(zh), Some(Lang::Zh), "{zh}");
        }
        for en in [
            "en-US",
            "en_GB.UTF-8",
            "C",
            "POSIX",
            "C.UTF-8",
            "de-DE",
            "fr_FR@euro",
            "en:zh_CN",
            "zhx",
        ] {
            assert_eq!(Lang::from_locale(en), Some(Lang::En), "{en}");
        }
        assert_eq!(Lang::from_locale(""), None);
        assert_eq!(Lang::from_locale(":"), None);
    }

    #[test]
    fn the_operating_system_decides_when_no_variable_is_set() {
        // Windows Explorer and macOS Finder start the app with no LANG: a Chinese system must
        // still get Chinese.
        let none = |_: &str| None;
        assert_eq!(Lang::choose(none, Some("zh-CN".into())), Lang::Zh);
        assert_eq!(Lang::choose(none, Some("en-US".into())), Lang::En);
        assert_eq!(Lang::choose(none, None), Lang::En);
        // An empty variable is no answer.
        let empty = |_: &str| Some(String::new());
        assert_eq!(Lang::choose(empty, Some("zh-Hans-CN".into())), Lang::Zh);
    }

    #[test]
    fn a_variable_overrides_the_operating_system() {
        let lang_zh = |k: &str| (k == "LANG").then(|| "zh_CN.UTF-8".to_string());
        assert_eq!(Lang::choose(lang_zh, Some("en-US".into())), Lang::Zh);
        let lc_all_en = |k: &str| match k {
            "LC_ALL" => Some("en_US.UTF-8".to_string()),
            "LANG" => Some("zh_CN.UTF-8".to_string()),
            _ => None,
        };
        assert_eq!(Lang::choose(lc_all_en, Some("zh-CN".into())), Lang::En);
    }
}
