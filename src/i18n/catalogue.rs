//! The Fluent catalogues behind [`Lang::tr`]: parsed on first use, plain messages formatted once.

use super::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::types::{FluentNumber, FluentNumberOptions};
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Display;
use std::sync::{OnceLock, RwLock};

/// The catalogue source of each language, in [`Lang::ALL`] order, deflated by `build.rs`: the
/// three are 320 KB of text, embedded as about a third of that.
const DEFLATED: [&[u8]; 3] = [
    include_bytes!(concat!(env!("OUT_DIR"), "/en.ftl.deflate")),
    include_bytes!(concat!(env!("OUT_DIR"), "/zh-Hans.ftl.deflate")),
    include_bytes!(concat!(env!("OUT_DIR"), "/zh-Hant.ftl.deflate")),
];

/// A catalogue's source text (`src/i18n/locales/<tag>.ftl`).
pub(crate) fn source(lang: Lang) -> String {
    let bytes = miniz_oxide::inflate::decompress_to_vec(DEFLATED[index(lang)])
        .unwrap_or_else(|e| panic!("the {} catalogue does not inflate: {e:?}", lang.tag()));
    String::from_utf8(bytes)
        .unwrap_or_else(|e| panic!("the {} catalogue is not UTF-8: {e}", lang.tag()))
}

/// A value for a placeable of [`Lang::tr_args`].
#[derive(Clone, Debug, PartialEq)]
pub enum Arg<'a> {
    /// Text, shown as it is.
    Str(Cow<'a, str>),
    /// A number, which Fluent's plural selectors can match (`[one]`), shown as Rust shows it
    /// (`8883`, `1.5`).
    Num(f64),
    /// A count shown with thousands separators (`1,234`) that plural selectors can match:
    /// `tr!(lang, "log-view-line-count", n = Arg::Count(n))`.
    Count(u64),
}

impl<'a, T: Display + ?Sized> From<&'a T> for Arg<'a> {
    fn from(v: &'a T) -> Self {
        Arg::Str(Cow::Owned(v.to_string()))
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(v: $t) -> Self {
                Arg::Num(v as f64)
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, f32, f64);

impl From<String> for Arg<'_> {
    fn from(v: String) -> Self {
        Arg::Str(Cow::Owned(v))
    }
}

/// One language's parsed catalogue and its formatted plain messages.
struct Catalogue {
    bundle: FluentBundle<FluentResource>,
    plain: RwLock<HashMap<Box<str>, &'static str>>,
}

static CATALOGUES: [OnceLock<Catalogue>; 3] = [const { OnceLock::new() }; 3];

fn index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Zh => 1,
        Lang::ZhHant => 2,
    }
}

/// Parse a catalogue source. The errors are the entries that did not parse; the rest is kept.
fn parse(lang: Lang, source: String) -> (Catalogue, Vec<String>) {
    let mut problems = Vec::new();
    let resource = FluentResource::try_new(source).unwrap_or_else(|(res, errors)| {
        problems.extend(errors.iter().map(|e| format!("{}: {e:?}", lang.tag())));
        res
    });
    let id = lang
        .tag()
        .parse::<unic_langid::LanguageIdentifier>()
        .unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around placeables: egui draws them as boxes.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(grouped));
    if let Err(errors) = bundle.add_resource(resource) {
        problems.extend(errors.iter().map(|e| format!("{}: {e}", lang.tag())));
    }
    let catalogue = Catalogue {
        bundle,
        plain: RwLock::new(HashMap::new()),
    };
    (catalogue, problems)
}

/// Show an [`Arg::Count`] with thousands separators. Only counts ask for grouping: every other
/// number is built with `use_grouping: false` and shown as Fluent shows it.
fn grouped<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n)
            if n.options.use_grouping && n.value >= 0.0 && n.value.fract() == 0.0 =>
        {
            Some(thousands(n.value as u64))
        }
        _ => None,
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Parse `lang`'s catalogue now if it is not parsed yet (the window's start does it on a helper
/// thread, see `ui::warmup`).
pub fn prepare(lang: Lang) {
    catalogue(lang);
}

fn catalogue(lang: Lang) -> &'static Catalogue {
    CATALOGUES[index(lang)].get_or_init(|| {
        let (c, problems) = parse(lang, source(lang));
        if cfg!(debug_assertions) && !problems.is_empty() {
            panic!("the {} catalogue does not parse: {problems:?}", lang.tag());
        }
        c
    })
}

impl Catalogue {
    /// The message formatted, or `None` when this catalogue does not have it.
    fn format(&self, key: &str, args: Option<&FluentArgs>) -> Option<(String, Vec<FluentError>)> {
        let pattern = self.bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors);
        Some((text.into_owned(), errors))
    }
}

/// Format in `lang`, else in English; loud in debug builds when the key or an argument is
/// missing, the key itself when no catalogue has it (release builds only).
fn format_or_fallback(lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
    let found = catalogue(lang).format(key, args);
    match found {
        Some((text, errors)) => {
            if cfg!(debug_assertions) && !errors.is_empty() {
                panic!("message `{key}` in {}: {errors:?}", lang.tag());
            }
            text
        }
        None => {
            if cfg!(debug_assertions) {
                panic!("no message `{key}` in the {} catalogue", lang.tag());
            }
            match catalogue(Lang::En).format(key, args) {
                Some((text, _)) if lang != Lang::En => text,
                _ => key.to_string(),
            }
        }
    }
}

/// A plain message: formatted the first time, then one hash lookup. Each text is leaked once per
/// key and language (a bounded set: the keys are literals in the source).
pub(super) fn plain(lang: Lang, key: &str) -> &'static str {
    let c = catalogue(lang);
    if let Some(s) = c.plain.read().ok().and_then(|m| m.get(key).copied()) {
        return s;
    }
    let text: &'static str = Box::leak(format_or_fallback(lang, key, None).into_boxed_str());
    if let Ok(mut m) = c.plain.write() {
        m.insert(key.into(), text);
    }
    text
}

/// A message with placeables.
pub(super) fn format(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut fluent = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        let v = match value {
            Arg::Str(s) => FluentValue::from(s.to_string()),
            Arg::Num(n) => FluentValue::Number(FluentNumber::new(
                *n,
                FluentNumberOptions {
                    use_grouping: false,
                    ..Default::default()
                },
            )),
            Arg::Count(n) => FluentValue::from(*n as f64),
        };
        fluent.set(*name, v);
    }
    format_or_fallback(lang, key, Some(&fluent))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    #[test]
    fn the_embedded_catalogues_are_the_files() {
        let files = [
            include_str!("locales/en.ftl"),
            include_str!("locales/zh-Hans.ftl"),
            include_str!("locales/zh-Hant.ftl"),
        ];
        for lang in Lang::ALL {
            assert_eq!(source(lang), files[index(lang)], "{}", lang.tag());
        }
    }

    /// Each message of a catalogue source with the variables it uses, read from the text (a
    /// message starts at column 0 with `key =`; its other lines are indented).
    fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
        let var = |line: &str| -> Vec<String> {
            let mut out = Vec::new();
            let mut rest = line;
            while let Some(i) = rest.find('$') {
                rest = &rest[i + 1..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                out.push(name);
            }
            out
        };
        let mut map = BTreeMap::<String, BTreeSet<String>>::new();
        let mut current = None;
        for line in source.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !line.starts_with(' ') {
                let (key, value) = line.split_once('=').expect("key = value");
                let key = key.trim().to_string();
                map.entry(key.clone()).or_default().extend(var(value));
                current = Some(key);
            } else if let Some(k) = &current {
                map.entry(k.clone()).or_default().extend(var(line));
            }
        }
        map
    }

    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).expect("src") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// The keys the source asks for (`tr("k")`, `tr_args("k"`, `tr!(lang, "k"`, `text!("k"`,
    /// `Text::key("k")`) and every string literal shaped like a key (tables of keys).
    fn keys_in_source() -> (BTreeSet<String>, BTreeSet<String>) {
        let mut files = Vec::new();
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let (mut asked, mut literals) = (BTreeSet::new(), BTreeSet::new());
        for f in files {
            // This file's own tests ask for a missing key on purpose.
            if f.ends_with("i18n/catalogue.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&f).expect("read");
            let text: String = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<String>()
                .replace(char::is_whitespace, "");
            for (i, _) in text.match_indices('"') {
                let rest = &text[i + 1..];
                let Some(end) = rest.find('"') else { continue };
                let lit = &rest[..end];
                let shaped = !lit.is_empty()
                    && lit.contains('-')
                    && lit.starts_with(|c: char| c.is_ascii_lowercase())
                    && lit
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if !shaped {
                    continue;
                }
                literals.insert(lit.to_string());
                let before = &text[..i];
                let call = [".tr(", ".tr_args(", "text!(", "Text::key("]
                    .iter()
                    .any(|c| before.ends_with(c))
                    || before
                        .rfind("tr!(")
                        .is_some_and(|j| !before[j + 4..].contains(['"', ';', ')', '(']));
                if call {
                    asked.insert(lit.to_string());
                }
            }
        }
        (asked, literals)
    }

    #[test]
    fn catalogues_parse() {
        for lang in Lang::ALL {
            let (_, problems) = parse(lang, source(lang));
            assert!(problems.is_empty(), "{problems:?}");
        }
    }

    #[test]
    fn catalogues_are_complete() {
        let (asked, literals) = keys_in_source();
        let english = messages(&source(Lang::En));
        assert!(asked.len() > 100, "the key scan found only {}", asked.len());
        for lang in Lang::ALL {
            let msgs = messages(&source(lang));
            let missing: Vec<_> = asked.iter().filter(|k| !msgs.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{}: missing {missing:?}", lang.tag());
            let unused: Vec<_> = msgs.keys().filter(|k| !literals.contains(*k)).collect();
            assert!(unused.is_empty(), "{}: unused {unused:?}", lang.tag());
            let extra: Vec<_> = msgs.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(extra.is_empty(), "{}: not in English {extra:?}", lang.tag());
            let other: Vec<_> = english.keys().filter(|k| !msgs.contains_key(*k)).collect();
            assert!(other.is_empty(), "{}: missing {other:?}", lang.tag());
            for (key, vars) in &msgs {
                assert_eq!(
                    Some(vars),
                    english.get(key),
                    "{}: `{key}` has other placeables than in English",
                    lang.tag()
                );
            }
        }
    }

    #[test]
    fn every_message_formats_in_every_language() {
        for lang in Lang::ALL {
            let (c, _) = parse(lang, source(lang));
            for (key, vars) in messages(&source(lang)) {
                let mut args = FluentArgs::new();
                for v in &vars {
                    args.set(v.clone(), FluentValue::from("x"));
                }
                let (text, errors) = c.format(&key, Some(&args)).expect("message");
                assert!(errors.is_empty(), "{}: {key}: {errors:?}", lang.tag());
                assert!(!text.trim().is_empty() || key.ends_with("-empty"), "{key}");
                assert!(
                    !text.contains(['\u{2068}', '\u{2069}']),
                    "isolation marks in {key}"
                );
            }
        }
    }

    #[test]
    fn escaping_round_trips() {
        let src = "lead = {\"  \"}(not sent)\n\
                   trail = File:{\" \"}\n\
                   braces = fill {\"{\"}imei{\"}\"} here\n\
                   multi =\n    # first\n    {\"[\"}mqtt]\n    {\"\"}\n    {\"  \"}indented\n\
                   plural = { $n ->\n    [one] one line\n   *[other] { $n } lines\n}\n";
        let (c, problems) = parse(Lang::En, src.to_string());
        assert!(problems.is_empty(), "{problems:?}");
        let get = |k: &str, args: Option<&FluentArgs>| c.format(k, args).expect(k).0;
        assert_eq!(get("lead", None), "  (not sent)");
        assert_eq!(get("trail", None), "File: ");
        assert_eq!(get("braces", None), "fill {imei} here");
        assert_eq!(get("multi", None), "# first\n[mqtt]\n\n  indented");
        let mut one = FluentArgs::new();
        one.set("n", FluentValue::from(1));
        assert_eq!(get("plural", Some(&one)), "one line");
        let mut three = FluentArgs::new();
        three.set("n", FluentValue::from(3));
        assert_eq!(get("plural", Some(&three)), "3 lines");
    }

    /// How long parsing one catalogue takes (the cost of the first text in a language):
    /// `cargo test --release --lib parse_time -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn parse_time() {
        for lang in Lang::ALL {
            let start = std::time::Instant::now();
            let rounds = 20;
            for _ in 0..rounds {
                std::hint::black_box(parse(lang, source(lang)));
            }
            println!("{}: {:?} per parse", lang.tag(), start.elapsed() / rounds);
        }
    }

    #[test]
    fn counts_are_grouped_and_other_numbers_are_not() {
        let lines = |lang: Lang, n: u64| crate::tr!(lang, "log-view-line-count", n = Arg::Count(n));
        assert_eq!(lines(Lang::En, 1), "1 line");
        assert_eq!(lines(Lang::En, 1234567), "1,234,567 lines");
        assert_eq!(lines(Lang::Zh, 12345), "12,345 行");
        // A port, a length or a baud rate is shown as it is, as a number or as text.
        for baud in [Arg::from(115_200u32), Arg::from(&115_200u32)] {
            let text = crate::tr!(
                Lang::En,
                "log-note-connected-to",
                port = "COM3",
                baud = baud
            );
            assert_eq!(text, "— Connected to COM3 @ 115200 —");
            assert!(!text.contains(['\u{2068}', '\u{2069}']));
        }
    }

    #[test]
    fn a_plain_lookup_is_cached() {
        let a = Lang::En.tr("topbar-connect");
        let b = Lang::En.tr("topbar-connect");
        assert!(std::ptr::eq(a, b));
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "no message `no-such-key`")]
    fn a_missing_key_is_loud_in_debug_builds() {
        Lang::Zh.tr("no-such-key");
    }
}
