//! A user-facing text kept as a catalogue key and its arguments, so a job's status can be shown
//! in any language without re-running it.

use crate::i18n::{Arg, Lang};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Display;

/// A text stored now and rendered later in the language of the moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    /// The same in every language (module answers, numbers, names).
    Same(String),
    /// A catalogue message and the values of its placeables.
    Key {
        key: &'static str,
        args: Vec<(&'static str, TextArg)>,
    },
    /// Already rendered in each language, in [`Lang::ALL`] order (see [`Text::from_fn`]).
    Each(Box<[String; 3]>),
}

/// The value of a placeable of a stored [`Text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextArg {
    /// Text shown as it is.
    Str(String),
    /// A number (plural selectors).
    Int(i64),
    /// Another stored text, rendered in the same language.
    Text(Box<Text>),
    /// Names joined with the language's list separator (`a, b` / `a、b`).
    List(Vec<String>),
}

impl TextArg {
    /// Names to be joined with the language's list separator.
    pub fn list<S: ToString>(items: &[S]) -> Self {
        TextArg::List(items.iter().map(ToString::to_string).collect())
    }
}

impl<T: Display + ?Sized> From<&T> for TextArg {
    fn from(v: &T) -> Self {
        TextArg::Str(v.to_string())
    }
}

impl From<Text> for TextArg {
    fn from(t: Text) -> Self {
        TextArg::Text(Box::new(t))
    }
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for TextArg {
            fn from(v: $t) -> Self {
                TextArg::Int(v as i64)
            }
        }
    )*};
}
int_arg!(u8, u16, u32, u64, usize, i8, i16, i32, i64);

/// A stored text with placeables: `text!("key", host = &host, n = count)` (values as for
/// [`tr!`](crate::tr); a [`Text`] by value is rendered in the same language).
#[macro_export]
macro_rules! text {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::profile::Text::with_args(
            $key,
            vec![$((stringify!($name), $crate::profile::text::TextArg::from($value))),*],
        )
    };
}

impl Default for Text {
    fn default() -> Self {
        Text::Same(String::new())
    }
}

impl Text {
    /// A catalogue message without placeables.
    pub fn key(key: &'static str) -> Self {
        Text::Key {
            key,
            args: Vec::new(),
        }
    }

    /// A catalogue message with its placeables (see [`text!`](crate::text)).
    pub fn with_args(key: &'static str, args: Vec<(&'static str, TextArg)>) -> Self {
        Text::Key { key, args }
    }

    /// The same text in every language (module answers, numbers, names).
    pub fn same(s: impl Into<String>) -> Self {
        Text::Same(s.into())
    }

    /// Render now in every language with the same function of the language.
    pub fn from_fn(f: impl Fn(Lang) -> String) -> Self {
        Text::Each(Box::new(Lang::ALL.map(f)))
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> Cow<'_, str> {
        match self {
            Text::Same(s) => Cow::Borrowed(s),
            Text::Each(each) => {
                let i = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
                Cow::Borrowed(&each[i])
            }
            Text::Key { key, args } if args.is_empty() => Cow::Borrowed(lang.tr(key)),
            Text::Key { key, args } => {
                let args: Vec<(&str, Arg<'_>)> = args
                    .iter()
                    .map(|(name, v)| {
                        let v = match v {
                            TextArg::Str(s) => Arg::Str(Cow::Borrowed(s)),
                            TextArg::Int(n) => Arg::Num(*n as f64),
                            TextArg::Text(t) => Arg::Str(t.get(lang)),
                            TextArg::List(items) => Arg::Str(Cow::Owned(list(lang, items))),
                        };
                        (*name, v)
                    })
                    .collect();
                Cow::Owned(lang.tr_args(key, &args))
            }
        }
    }

    /// The English text (the command line's language).
    pub fn en(&self) -> String {
        self.get(Lang::En).into_owned()
    }

    /// Whether the text is empty (in English).
    pub fn is_empty(&self) -> bool {
        self.get(Lang::En).is_empty()
    }
}

/// Items as a list in `lang` (`a, b, c` / `a、b、c`): each further item is added with the
/// catalogue's `text-list` pattern, so the separator belongs to the language.
pub fn list<S: AsRef<str>>(lang: Lang, items: &[S]) -> String {
    let mut items = items.iter().map(AsRef::as_ref);
    let Some(first) = items.next() else {
        return String::new();
    };
    items.fold(first.to_string(), |list, item| {
        crate::tr!(lang, "text-list", list = &list, item = item)
    })
}

/// Reports and `--json` output carry every language, as `{"en": …, "zh": …, "zh_hant": …}`.
impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Text", 3)?;
        st.serialize_field("en", &self.get(Lang::En))?;
        st.serialize_field("zh", &self.get(Lang::Zh))?;
        st.serialize_field("zh_hant", &self.get(Lang::ZhHant))?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_use_the_language_s_separator() {
        assert_eq!(list::<&str>(Lang::En, &[]), "");
        assert_eq!(list(Lang::En, &["a"]), "a");
        assert_eq!(list(Lang::En, &["a", "b", "c"]), "a, b, c");
        assert_eq!(list(Lang::Zh, &["a", "b", "c"]), "a、b、c");
        let t = crate::text!("profiles-run-mismatch", fields = TextArg::list(&["x", "y"]));
        assert_eq!(t.get(Lang::En), "Mismatch: x, y");
        assert_eq!(t.get(Lang::ZhHant), "不一致：x、y");
    }
}
