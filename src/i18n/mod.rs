//! The user languages. Every user-facing text lives in one Fluent catalogue per language
//! (`locales/en.ftl`, `zh-Hans.ftl`, `zh-Hant.ftl`, embedded in the binary) and is looked up by
//! key: `lang.tr("topbar-connect")` for a plain text, `tr!(lang, "mqtt-broker-tls-port", port =
//! &8883)` for a sentence with placeables, so each language owns its word order. A stored text
//! rendered later (a job's status) is a [`crate::profile::Text`]: a key and its arguments.
//!
//! A catalogue is parsed on its first use (the other languages are never parsed), and each plain
//! message is formatted once and kept, so a lookup per frame is one hash lookup. The
//! `catalogues_are_complete` test fails when a key used in `src/` is missing from a catalogue, when
//! a catalogue holds a key nothing uses, when the languages disagree on a message's placeables, or
//! when a catalogue does not parse. At run time a missing key panics in debug builds and falls
//! back to English in release builds.
//!
//! Adding a language: one `.ftl` file in `locales/`, one [`Lang`] variant (with its entry in
//! [`Lang::ALL`], [`Lang::tag`], [`Lang::code`], [`Lang::native_name`] and
//! `build.rs`'s list and `catalogue::DEFLATED`), and `assets/fonts/make-subset.sh` if it needs new glyphs.

mod catalogue;

pub use catalogue::{Arg, prepare, thousands};
use serde::{Deserialize, Serialize};

/// A language the app speaks. The serde names of `En` and `Zh` are those of saved settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    /// Simplified Chinese (mainland China).
    Zh,
    /// Traditional Chinese (Taiwan, Hong Kong, Macau).
    ZhHant,
}

/// Format a message with placeables: `tr!(lang, "key", port = &p, n = count)`. A value is
/// anything `Display` by reference (`&x`, shown as `{}` would show it) or an owned number (for
/// Fluent's plural selectors).
#[macro_export]
macro_rules! tr {
    ($lang:expr, $key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $lang.tr_args($key, &[$((stringify!($name), $crate::i18n::Arg::from($value))),*])
    };
}

impl Lang {
    /// Every language, in the order of the language menu.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Zh, Lang::ZhHant];

    /// The plain message `key` in this language.
    pub fn tr(self, key: &str) -> &'static str {
        catalogue::plain(self, key)
    }

    /// The message `key` with its placeables filled (see [`tr!`](crate::tr)).
    pub fn tr_args(self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        catalogue::format(self, key, args)
    }

    /// The BCP 47 tag of the catalogue.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
        }
    }

    /// The value `--lang` takes for this language.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
            Lang::ZhHant => "zh-hant",
        }
    }

    /// The language a `--lang` value names: `en`, `zh` (Simplified) or `zh-hant`, and the
    /// spellings earlier versions took.
    pub fn from_code(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "en" | "english" => Some(Lang::En),
            "zh" | "zh-cn" | "zh-hans" | "chinese" | "中文" | "简体中文" => Some(Lang::Zh),
            "zh-hant" | "zh-tw" | "zh-hk" | "繁體中文" => Some(Lang::ZhHant),
            _ => None,
        }
    }

    /// Whether this is a Chinese language (layout choices such as the width of a label column).
    pub fn is_chinese(self) -> bool {
        self != Lang::En
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

    /// The language of a locale tag: Traditional Chinese for a `Hant` script or the regions
    /// where it is written (`zh-TW`, `zh_HK.UTF-8`, `zh-MO`, `zh-Hant`), Simplified Chinese for
    /// any other Chinese (`zh_CN.UTF-8`, `zh-Hans-HK`, `zh-SG`, `zh`), English for any other
    /// language; empty → `None` (ask the next source). A `LANGUAGE`-style list (`zh_CN:en`)
    /// counts by its first entry.
    pub fn from_locale(tag: &str) -> Option<Lang> {
        let first = tag.split(':').map(str::trim).find(|t| !t.is_empty())?;
        // The encoding (`.UTF-8`) and modifier (`@euro`) say nothing about the language.
        let name = first.split(['.', '@']).next().unwrap_or_default();
        let mut subtags = name.split(['_', '-']);
        let language = subtags.next().unwrap_or_default();
        if !language.eq_ignore_ascii_case("zh") {
            return Some(Lang::En);
        }
        let (mut hans, mut hant) = (false, false);
        for s in subtags {
            let s = s.to_ascii_lowercase();
            hans |= s == "hans";
            hant |= matches!(s.as_str(), "hant" | "tw" | "hk" | "mo");
        }
        Some(if hant && !hans {
            Lang::ZhHant
        } else {
            Lang::Zh
        })
    }

    /// Name of the language in itself, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
            Lang::ZhHant => "繁體中文",
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
            "zh-Hans-HK",
            "zh_SG",
            "zh",
            "ZH-cn",
            "zh_CN:en",
            "zh_CN:zh_TW",
        ] {
            assert_eq!(Lang::from_locale(zh), Some(Lang::Zh), "{zh}");
        }
        for hant in [
            "zh-TW",
            "zh-HK",
            "zh-MO",
            "zh-Hant",
            "zh-Hant-TW",
            "zh-hant-hk",
            "zh_TW.UTF-8",
            "zh_HK.Big5-HKSCS",
            "zh_TW:zh_CN:en",
        ] {
            assert_eq!(Lang::from_locale(hant), Some(Lang::ZhHant), "{hant}");
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
            "zhx_TW",
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
        assert_eq!(Lang::choose(none, Some("zh-Hant-TW".into())), Lang::ZhHant);
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
        let lang_tw = |k: &str| (k == "LANG").then(|| "zh_TW.UTF-8".to_string());
        assert_eq!(Lang::choose(lang_tw, Some("zh-CN".into())), Lang::ZhHant);
        let lc_all_en = |k: &str| match k {
            "LC_ALL" => Some("en_US.UTF-8".to_string()),
            "LANG" => Some("zh_CN.UTF-8".to_string()),
            _ => None,
        };
        assert_eq!(Lang::choose(lc_all_en, Some("zh-CN".into())), Lang::En);
    }

    #[test]
    fn cli_codes_round_trip_and_old_spellings_still_work() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::from_code("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("中文"), Some(Lang::Zh));
        assert_eq!(Lang::from_code("zh_TW"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[test]
    fn saved_settings_keep_their_language() {
        // Settings saved before the third language wrote "En" and "Zh".
        assert_eq!(serde_json::from_str::<Lang>("\"Zh\"").ok(), Some(Lang::Zh));
        assert_eq!(serde_json::from_str::<Lang>("\"En\"").ok(), Some(Lang::En));
        let hant = serde_json::to_string(&Lang::ZhHant).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Lang>(&hant).ok(), Some(Lang::ZhHant));
    }
}
