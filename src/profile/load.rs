//! Reading a profile file (with the line of every problem) and saving one atomically.

use super::check::{self, Certs};
use super::error::{ErrorKind, ProfileError, ProfileErrors};
use super::fsutil::{write_atomic, write_atomic_private};
use super::schema::Profile;
use super::text::Text;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Largest certificate the module accepts (§6.6.9, §6.7.6).
pub const MAX_CERT: usize = 2048;

/// A profile read from a file, with the certificates it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedProfile {
    /// The file it came from.
    pub path: PathBuf,
    pub profile: Profile,
    /// The certificate files' contents, checked as PEM.
    pub certs: Certs,
    /// Advice that does not stop applying: key and text.
    pub warnings: Vec<(String, Text)>,
}

/// Read and check a profile file. Every problem is listed with the file, its line and its key.
pub fn load(path: &Path) -> Result<LoadedProfile, ProfileErrors> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ProfileErrors(vec![ProfileError {
            file: Some(path.into()),
            line: None,
            key: String::new(),
            kind: ErrorKind::Io(e.to_string()),
        }])
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse(&text, Some(path), base)
}

/// Parse and check profile `text`; certificate paths are relative to `base`.
pub fn parse(text: &str, file: Option<&Path>, base: &Path) -> Result<LoadedProfile, ProfileErrors> {
    let locate = |mut e: ProfileError| {
        e.file = file.map(Into::into);
        if e.line.is_none() {
            e.line = line_of_key(text, &e.key);
        }
        e
    };
    let profile: Profile = match toml::from_str(text) {
        Ok(p) => p,
        Err(e) => {
            let span = e.span();
            let key = span
                .as_ref()
                .and_then(|s| key_at(text, s))
                .unwrap_or_default();
            let mut pe = ProfileError::new(key, ErrorKind::Syntax(e.message().trim().to_string()));
            pe.line = span.map(|s| line_at(text, s.start));
            return Err(ProfileErrors(vec![locate(pe)]));
        }
    };
    let mut errs = Vec::new();
    let mut certs = Certs::default();
    if let Some(c) = profile.mqtt.as_ref().and_then(|m| m.ca_cert.as_ref()) {
        match load_cert(&super::paths::resolve(base, c)) {
            Ok(b) => certs.mqtt_ca = Some(b),
            Err(t) => errs.push(ProfileError::new("mqtt.ca_cert", ErrorKind::Certificate(t))),
        }
    }
    if let Some(c) = profile.http.as_ref().and_then(|m| m.ca_cert.as_ref()) {
        match load_cert(&super::paths::resolve(base, c)) {
            Ok(b) => certs.http_ca = Some(b),
            Err(t) => errs.push(ProfileError::new("http.ca_cert", ErrorKind::Certificate(t))),
        }
    }
    if errs.is_empty()
        && let Err(e) = check::check_unfilled(&profile, &certs)
    {
        errs = e;
    }
    if !errs.is_empty() {
        return Err(ProfileErrors(errs.into_iter().map(locate).collect()));
    }
    Ok(LoadedProfile {
        path: file.map(Path::to_path_buf).unwrap_or_default(),
        warnings: check::warnings(&profile),
        profile,
        certs,
    })
}

/// Read a certificate: PEM text (ASCII, BEGIN and END lines), not empty, at most 2048 bytes.
pub fn load_cert(path: &Path) -> Result<Vec<u8>, Text> {
    let data = std::fs::read(path).map_err(|e| {
        crate::text!(
            "profile-load-cannot-read-the-certificate-check-the",
            path = &path.display(),
            e = &e
        )
    })?;
    check_pem(&data)?;
    Ok(data)
}

/// Check certificate bytes as the module needs them.
pub fn check_pem(data: &[u8]) -> Result<(), Text> {
    if data.iter().all(u8::is_ascii_whitespace) {
        return Err(Text::key(
            "profile-load-the-certificate-file-is-empty-choose",
        ));
    }
    if data.len() > MAX_CERT {
        return Err(crate::text!(
            "profile-load-the-certificate-is-bytes-the-module",
            data = &data.len(),
            max_cert = &MAX_CERT
        ));
    }
    let text = std::str::from_utf8(data).ok().filter(|t| t.is_ascii());
    let pem = text.is_some_and(|t| {
        let begin = t
            .lines()
            .position(|l| l.trim_start().starts_with("-----BEGIN "));
        let end = t
            .lines()
            .position(|l| l.trim_start().starts_with("-----END "));
        matches!((begin, end), (Some(b), Some(e)) if b < e)
    });
    if !pem {
        return Err(Text::key(
            "profile-load-the-certificate-is-not-pem-text-ascii",
        ));
    }
    Ok(())
}

/// The profile as TOML text; without secrets, the MQTT password is left out.
pub fn to_toml(profile: &Profile, include_secrets: bool) -> Result<String, ProfileError> {
    let p = if include_secrets {
        profile.clone()
    } else {
        profile.without_secrets()
    };
    toml::to_string_pretty(&p).map_err(|e| ProfileError::new("", ErrorKind::Syntax(e.to_string())))
}

/// Save a profile atomically (temporary file in the same directory, then rename); with its
/// secrets, readable by its owner only (0600 on Unix).
pub fn save(profile: &Profile, path: &Path, include_secrets: bool) -> Result<(), ProfileError> {
    let text = to_toml(profile, include_secrets)?;
    let write = if include_secrets {
        write_atomic_private
    } else {
        write_atomic
    };
    write(path, text.as_bytes()).map_err(|e| ProfileError {
        file: Some(path.into()),
        line: None,
        key: String::new(),
        kind: ErrorKind::Io(e.to_string()),
    })
}

/// 1-based line of byte offset `pos`.
fn line_at(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    text.as_bytes()[..pos]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

enum Seg {
    Key(String),
    Index(usize),
}

fn segments(key: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in key.split('.') {
        let (name, idx) = match part.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse().ok()),
            None => (part, None),
        };
        if !name.is_empty() {
            out.push(Seg::Key(name.to_string()));
        }
        if let Some(i) = idx {
            out.push(Seg::Index(i));
        }
    }
    out
}

/// The line of `key` in `text`, or of its nearest parent that is written there.
pub fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let doc = DeTable::parse(text).ok()?;
    let mut span: Option<Range<usize>> = None;
    let mut table: Option<&DeTable<'_>> = Some(doc.get_ref());
    let mut value: Option<&Spanned<DeValue<'_>>> = None;
    for seg in segments(key) {
        let next = match (&seg, table, value.map(|v| v.get_ref())) {
            (Seg::Key(k), Some(t), _) => t
                .iter()
                .find(|(name, _)| name.get_ref().as_ref() == k.as_str())
                .map(|(name, v)| (name.span(), v)),
            (Seg::Index(i), _, Some(DeValue::Array(a))) => a.get(*i).map(|v| (v.span(), v)),
            _ => None,
        };
        let Some((s, v)) = next else { break };
        span = Some(s);
        value = Some(v);
        table = match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    span.map(|s| line_at(text, s.start))
}

/// The key path whose key or value covers `span` (for errors the `toml` crate reports).
fn key_at(text: &str, span: &Range<usize>) -> Option<String> {
    let doc = DeTable::parse(text).ok()?;
    let mut best: Option<String> = None;
    walk_table(doc.get_ref(), "", span, &mut best);
    best
}

fn covers(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end.max(outer.start + 1)
}

fn walk_table(t: &DeTable<'_>, prefix: &str, span: &Range<usize>, best: &mut Option<String>) {
    for (k, v) in t.iter() {
        let path = if prefix.is_empty() {
            k.get_ref().to_string()
        } else {
            format!("{prefix}.{}", k.get_ref())
        };
        if covers(&k.span(), span) || covers(&v.span(), span) {
            *best = Some(path.clone());
        }
        walk_value(v, &path, span, best);
    }
}

fn walk_value(
    v: &Spanned<DeValue<'_>>,
    path: &str,
    span: &Range<usize>,
    best: &mut Option<String>,
) {
    match v.get_ref() {
        DeValue::Table(t) => walk_table(t, path, span, best),
        DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                let p = format!("{path}[{i}]");
                if covers(&item.span(), span) {
                    *best = Some(p.clone());
                }
                walk_value(item, &p, span, best);
            }
        }
        _ => {}
    }
}
