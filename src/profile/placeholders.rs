//! Placeholders in string values, filled from the module at apply time: `{imei}`, `{iccid}` and
//! `{imei_last6}`, so one profile serves a whole batch (`client_id = "ct11-{imei}"`).

use super::text::Text;
use serde::Serialize;

/// What identifies a module: read first, before anything is applied.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// 15 digits (`AT+GSN`).
    pub imei: String,
    /// `None`: no SIM card detected (`AT+QCCID`).
    pub iccid: Option<String>,
    /// `AT+GMR`, e.g. `CT11_V1.0.1`.
    pub firmware: String,
}

impl Identity {
    /// The longest identity a module can have: used to check, before anything is sent, that a
    /// filled value will still fit.
    pub fn longest() -> Self {
        Self {
            imei: "9".repeat(15),
            iccid: Some("9".repeat(20)),
            firmware: String::new(),
        }
    }
}

/// The placeholders a profile may use.
pub const NAMES: [&str; 3] = ["imei", "iccid", "imei_last6"];

/// A placeholder that could not be filled.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlaceholderError {
    /// `{name}` is not one of [`NAMES`].
    #[error("unknown placeholder {{{0}}}; use {{imei}}, {{iccid}} or {{imei_last6}}")]
    Unknown(String),
    /// `{iccid}` with no SIM card in the module.
    #[error("placeholder {{{0}}} cannot be filled: the module reports no SIM card")]
    Unavailable(String),
    /// A `{` without its `}`.
    #[error("a `{{` is not closed by `}}`")]
    Unclosed,
}

impl PlaceholderError {
    /// The problem in both languages.
    pub fn text(&self) -> Text {
        match self {
            PlaceholderError::Unknown(n) => crate::text!("profile-placeholders-unknown", name = n),
            PlaceholderError::Unavailable(n) => {
                crate::text!("profile-placeholders-unavailable", name = n)
            }
            PlaceholderError::Unclosed => Text::key("profile-placeholders-unclosed"),
        }
    }
}

/// The placeholder names used in `s`, in order (unknown ones included).
pub fn find(s: &str) -> Result<Vec<String>, PlaceholderError> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let end = after.find('}').ok_or(PlaceholderError::Unclosed)?;
        out.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    Ok(out)
}

/// Check that `s` names only known placeholders.
pub fn check(s: &str) -> Result<(), PlaceholderError> {
    for n in find(s)? {
        if !NAMES.contains(&n.as_str()) {
            return Err(PlaceholderError::Unknown(n));
        }
    }
    Ok(())
}

/// Fill every placeholder in `s` from `id`.
pub fn fill(s: &str, id: &Identity) -> Result<String, PlaceholderError> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('}').ok_or(PlaceholderError::Unclosed)?;
        let name = &after[..end];
        let value = match name {
            "imei" => id.imei.clone(),
            "imei_last6" => {
                let n = id.imei.chars().count();
                id.imei.chars().skip(n.saturating_sub(6)).collect()
            }
            "iccid" => id
                .iccid
                .clone()
                .ok_or_else(|| PlaceholderError::Unavailable(name.into()))?,
            other => return Err(PlaceholderError::Unknown(other.into())),
        };
        out.push_str(&value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> Identity {
        Identity {
            imei: "860720087453595".into(),
            iccid: Some("898604E6192391620488".into()),
            firmware: "CT11_V1.0.1".into(),
        }
    }

    #[test]
    fn fills_every_placeholder() {
        assert_eq!(fill("ct11-{imei}", &id()).unwrap(), "ct11-860720087453595");
        assert_eq!(
            fill("{imei_last6}/{iccid}", &id()).unwrap(),
            "453595/898604E6192391620488"
        );
        assert_eq!(fill("plain", &id()).unwrap(), "plain");
        assert_eq!(fill("", &id()).unwrap(), "");
    }

    #[test]
    fn unknown_placeholder_is_named() {
        let e = fill("x-{serial}", &id()).unwrap_err();
        assert_eq!(e, PlaceholderError::Unknown("serial".into()));
        assert!(e.to_string().contains("{serial}"));
        assert_eq!(
            check("{imei}{nope}"),
            Err(PlaceholderError::Unknown("nope".into()))
        );
        assert_eq!(check("{imei"), Err(PlaceholderError::Unclosed));
    }

    #[test]
    fn iccid_without_sim_is_an_error() {
        let mut i = id();
        i.iccid = None;
        assert_eq!(
            fill("{iccid}", &i),
            Err(PlaceholderError::Unavailable("iccid".into()))
        );
        assert!(fill("{imei}", &i).is_ok());
    }
}
