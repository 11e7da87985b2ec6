//! Where a profile's certificate files are: `ca_cert` is read relative to the folder of the
//! profile file ([`resolve`], what [`load`](super::load) uses), and written relative to it when
//! the certificate is in that folder or below it, else as an absolute path ([`for_profile`]).
//! [`rebase`] moves a profile's certificate paths from one folder to another, for saving a
//! profile somewhere else, or handing it to the forms with absolute paths.
//!
//! Everything here is lexical: no file is read, no link is followed.

use super::schema::Profile;
use std::path::{Component, Path, PathBuf};

/// The certificate file `cert` of a profile whose file is in `base`.
pub fn resolve(base: &Path, cert: &str) -> PathBuf {
    base.join(cert)
}

/// `path` made absolute (against the current directory) with `.` and `..` removed.
pub fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                // `/..` stays `/`, as the system reads it.
                if !matches!(
                    out.components().next_back(),
                    None | Some(Component::RootDir | Component::Prefix(_))
                ) {
                    out.pop();
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// How a profile in folder `dir` names the certificate at `cert`: relative with `/` when it is in
/// `dir` or below, else absolute.
pub fn for_profile(dir: &Path, cert: &Path) -> String {
    let (dir, cert) = (absolute(dir), absolute(cert));
    match cert.strip_prefix(&dir) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        _ => cert.display().to_string(),
    }
}

/// The profile with every `ca_cert` written for a profile in `to`, read as written by a profile
/// in `from`. Use `to = None` for absolute paths.
pub fn rebase(profile: &Profile, from: &Path, to: Option<&Path>) -> Profile {
    let mut p = profile.clone();
    let certs = [
        p.mqtt.as_mut().and_then(|m| m.ca_cert.as_mut()),
        p.http.as_mut().and_then(|h| h.ca_cert.as_mut()),
    ];
    for c in certs.into_iter().flatten() {
        let file = absolute(&resolve(from, c));
        *c = match to {
            Some(dir) => for_profile(dir, &file),
            None => file.display().to_string(),
        };
    }
    p
}

// The examples are Unix paths.
#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::profile::schema::{HttpSection, MqttSection};

    fn with_certs(mqtt: &str, http: &str) -> Profile {
        let mut p: Profile = toml::from_str(
            "[mqtt]\nclient_id = \"a\"\nhost = \"h\"\n[http]\nurl = \"http://x/\"\n",
        )
        .unwrap();
        p.mqtt.as_mut().unwrap().ca_cert = Some(mqtt.into());
        p.http.as_mut().unwrap().ca_cert = Some(http.into());
        p
    }

    fn certs(p: &Profile) -> (String, String) {
        let m: &MqttSection = p.mqtt.as_ref().unwrap();
        let h: &HttpSection = p.http.as_ref().unwrap();
        (m.ca_cert.clone().unwrap(), h.ca_cert.clone().unwrap())
    }

    #[test]
    fn inside_is_relative_outside_is_absolute() {
        let dir = Path::new("/srv/site");
        assert_eq!(for_profile(dir, Path::new("/srv/site/ca.pem")), "ca.pem");
        assert_eq!(
            for_profile(dir, Path::new("/srv/site/certs/./ca.pem")),
            "certs/ca.pem"
        );
        assert_eq!(
            for_profile(dir, Path::new("/srv/site/../other/ca.pem")),
            "/srv/other/ca.pem"
        );
        // A sibling folder that merely starts with the same letters is outside.
        assert_eq!(
            for_profile(dir, Path::new("/srv/site2/ca.pem")),
            "/srv/site2/ca.pem"
        );
    }

    #[test]
    fn rebasing_keeps_the_files() {
        let p = with_certs("ca.pem", "/etc/ssl/server-ca.pem");
        let abs = rebase(&p, Path::new("/srv/site"), None);
        assert_eq!(
            certs(&abs),
            ("/srv/site/ca.pem".into(), "/etc/ssl/server-ca.pem".into())
        );
        let moved = rebase(&p, Path::new("/srv/site"), Some(Path::new("/srv")));
        assert_eq!(
            certs(&moved),
            ("site/ca.pem".into(), "/etc/ssl/server-ca.pem".into())
        );
        let back = rebase(&moved, Path::new("/srv"), Some(Path::new("/srv/site")));
        assert_eq!(certs(&back), certs(&p));
        // What `load` reads is the same file before and after.
        assert_eq!(
            absolute(&resolve(Path::new("/srv"), &certs(&moved).0)),
            absolute(&resolve(Path::new("/srv/site"), "ca.pem"))
        );
    }
}
