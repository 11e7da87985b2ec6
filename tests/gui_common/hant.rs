//! Texts for the GUI tests in Traditional Chinese, found from the Simplified Chinese the tests
//! were written with: the catalogues hold the same keys in every language, so a Simplified text
//! names its message, and the Traditional message (with the same placeholder values) is what a
//! zh-Hant user sees. This lets every test that says `lang.pick(en, zh)` run in all three
//! languages without a third literal per text.
//!
//! How a Simplified text is mapped, in order:
//! 1. a whole message: its fixed pieces match in order, and the values between them (its
//!    placeholders) are carried over into the Traditional message;
//! 2. a whole fixed piece of a message (tests that look for a label that *starts with* a text);
//! 3. a part of a fixed piece: the same place in the Traditional piece of the same length;
//! 4. otherwise after a leading mark or number ("⚠ ", "1. "), or part by part where a panel
//!    listed messages ("，", "、", "；", " "), and a part found nowhere character by character,
//!    through a table learned from the catalogues.
//!
//! Where several messages fit, the one with the most fixed text (or the most frequent answer)
//! wins; a wrong guess makes the test fail on a text it cannot find, which names it: the test
//! should then look that text up by key.

use ct11_configurator::i18n::{Arg, Lang};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

const SIMPLIFIED: &str = include_str!("../../src/i18n/locales/zh-Hans.ftl");

/// A message cut at its placeholders, in Simplified and in Traditional Chinese.
struct Pattern {
    /// Simplified fixed text, one more piece than `names`.
    pieces: Vec<String>,
    /// Traditional fixed text, cut at the same placeholders (when they come in the same order).
    hant: Option<Vec<String>>,
    /// The placeholders between the pieces, in order.
    names: Vec<String>,
    key: &'static str,
}

impl Pattern {
    fn fixed_len(&self) -> usize {
        self.pieces.iter().map(|p| p.chars().count()).sum()
    }
}

struct Index {
    patterns: Vec<Pattern>,
    /// Simplified character → Traditional character, the most frequent pairing.
    chars: HashMap<char, char>,
}

/// Private-use marks around a placeholder name, so the formatted message shows where each
/// placeholder went.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Every key with its placeholder names.
fn keys() -> Vec<(&'static str, Vec<String>)> {
    let mut out: Vec<(&'static str, Vec<String>)> = Vec::new();
    for line in SIMPLIFIED.lines() {
        let starts_key = line.starts_with(|c: char| c.is_ascii_lowercase());
        if starts_key && let Some((key, _)) = line.split_once(" =") {
            out.push((key.trim(), Vec::new()));
        }
        if let Some((_, names)) = out.last_mut() {
            let mut rest = line;
            while let Some(at) = rest.find("{ $") {
                let tail = &rest[at + 3..];
                let end = tail
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(tail.len());
                let name = tail[..end].to_string();
                if !names.contains(&name) {
                    names.push(name);
                }
                rest = &tail[end..];
            }
        }
    }
    out
}

/// `key` in `lang` cut at its placeholders: the fixed pieces and the placeholders' order.
fn cut(lang: Lang, key: &str, names: &[String]) -> (Vec<String>, Vec<String>) {
    let marked: Vec<String> = names.iter().map(|n| format!("{OPEN}{n}{CLOSE}")).collect();
    let args: Vec<(&str, Arg<'_>)> = names
        .iter()
        .zip(&marked)
        .map(|(n, m)| (n.as_str(), Arg::from(m.clone())))
        .collect();
    let text = lang.tr_args(key, &args);
    let (mut pieces, mut order) = (Vec::new(), Vec::new());
    let mut rest = text.as_str();
    while let Some(open) = rest.find(OPEN) {
        pieces.push(rest[..open].to_string());
        let after = &rest[open + OPEN.len_utf8()..];
        let close = after.find(CLOSE).expect("a closed placeholder mark");
        order.push(after[..close].to_string());
        rest = &after[close + CLOSE.len_utf8()..];
    }
    pieces.push(rest.to_string());
    (pieces, order)
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut patterns = Vec::new();
        let mut pairs: HashMap<char, BTreeMap<char, usize>> = HashMap::new();
        for (key, names) in keys() {
            let (pieces, order) = cut(Lang::Zh, key, &names);
            let (hant, hant_order) = cut(Lang::ZhHant, key, &names);
            let hant = (hant_order == order).then_some(hant);
            for (s, t) in pieces.iter().zip(hant.iter().flatten()) {
                let (sc, tc): (Vec<char>, Vec<char>) = (s.chars().collect(), t.chars().collect());
                if sc.len() == tc.len() {
                    for (a, b) in sc.into_iter().zip(tc) {
                        *pairs.entry(a).or_default().entry(b).or_default() += 1;
                    }
                }
            }
            patterns.push(Pattern {
                pieces,
                hant,
                names: order,
                key,
            });
        }
        let chars = pairs
            .into_iter()
            .filter_map(|(a, to)| {
                let (b, _) = to.into_iter().max_by_key(|(_, n)| *n)?;
                Some((a, b))
            })
            .collect();
        Index { patterns, chars }
    })
}

/// The values between `pieces` when `text` is exactly the pieces with something between each.
fn captures(pieces: &[String], text: &str) -> Option<Vec<String>> {
    let rest = text.strip_prefix(pieces.first()?.as_str())?;
    if pieces.len() == 1 {
        return rest.is_empty().then(Vec::new);
    }
    // The value is the shortest start of `rest` after which the rest of the pieces match.
    (1..=rest.len())
        .filter(|&k| rest.is_char_boundary(k))
        .find_map(|k| {
            let mut more = captures(&pieces[1..], &rest[k..])?;
            more.insert(0, rest[..k].to_string());
            Some(more)
        })
}

/// The most frequent of `found`, if any.
fn most(found: impl IntoIterator<Item = String>) -> Option<String> {
    let mut votes: BTreeMap<String, usize> = BTreeMap::new();
    for t in found {
        *votes.entry(t).or_default() += 1;
    }
    votes.into_iter().max_by_key(|(_, n)| *n).map(|(t, _)| t)
}

/// `zh` as a whole message, or a whole or part of a message's fixed text.
fn mapped(ix: &Index, zh: &str) -> Option<String> {
    // A whole message: the one with the most fixed text that matches (a message that is only a
    // placeholder matches anything and says nothing).
    let whole = ix
        .patterns
        .iter()
        .filter(|p| p.fixed_len() > 0)
        .filter_map(|p| Some((p, captures(&p.pieces, zh)?)))
        .max_by_key(|(p, _)| p.fixed_len());
    if let Some((p, values)) = whole {
        let args: Vec<(&str, Arg<'_>)> = p
            .names
            .iter()
            .zip(values)
            .map(|(n, v)| {
                // A value in Chinese is another message the panel put in ("打开{ $what }").
                let v = if v.is_ascii() {
                    v
                } else {
                    traditional(&v).to_string()
                };
                (n.as_str(), Arg::from(v))
            })
            .collect();
        return Some(Lang::ZhHant.tr_args(p.key, &args));
    }
    let pieces = || {
        ix.patterns
            .iter()
            .filter_map(|p| Some(p.pieces.iter().zip(p.hant.as_ref()?)))
            .flatten()
    };
    // A whole fixed piece ("已导出：" of "已导出：{ $path }").
    let trimmed = zh.trim();
    if let Some(t) = most(
        pieces()
            .filter(|(s, _)| s.trim() == trimmed)
            .map(|(_, t)| zh.replace(trimmed, t.trim())),
    ) {
        return Some(t);
    }
    // A part of a fixed piece, at the same place in a Traditional piece of the same length.
    most(pieces().filter_map(|(s, t)| {
        let at = s.find(zh)?;
        if s.chars().count() != t.chars().count() {
            return None;
        }
        let start = s[..at].chars().count();
        Some(t.chars().skip(start).take(zh.chars().count()).collect())
    }))
}

/// The Traditional Chinese the app shows where it shows `zh` in Simplified Chinese.
pub fn traditional(zh: &str) -> &'static str {
    Box::leak(convert(index(), zh).into_boxed_str())
}

fn convert(ix: &Index, zh: &str) -> String {
    if let Some(t) = mapped(ix, zh) {
        return t;
    }
    // A mark or a number a panel put before a message ("⚠ ", "1. ").
    let rest = zh.trim_start_matches(|c: char| !(c.is_alphabetic()));
    if !rest.is_empty() && rest.len() < zh.len() {
        return format!("{}{}", &zh[..zh.len() - rest.len()], convert(ix, rest));
    }
    // Messages a panel listed or put side by side: each on its own.
    for sep in ["，", "、", "；", " "] {
        if zh.contains(sep) {
            let parts: Vec<String> = zh.split(sep).map(|p| convert(ix, p)).collect();
            return parts.join(sep);
        }
    }
    // Found nowhere: character by character.
    zh.chars()
        .map(|c| ix.chars.get(&c).copied().unwrap_or(c))
        .collect()
}
