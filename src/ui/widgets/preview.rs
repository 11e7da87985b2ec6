//! The AT lines a form will send, in a collapsible section, and after applying each line's
//! answer or its error in words.

use crate::at::Command;
use crate::i18n::Lang;
use crate::ui::jobs::JobView;
use crate::ui::widgets::form::palette;
use egui::{RichText, Ui};

/// The lines of `commands` as the preview shows them: a command that sends data at the module's
/// prompt says how many bytes follow it ("AT+QMTPUBEX=…   → 12 bytes at the > prompt").
pub fn command_lines<'a>(
    lang: Lang,
    commands: impl IntoIterator<Item = &'a Command>,
) -> Vec<String> {
    commands
        .into_iter()
        .map(|c| match c.payload() {
            Some(p) if !p.is_empty() => crate::tr!(
                lang,
                "widgets-preview-bytes-at-the-prompt",
                line = c.display_line(),
                count = p.len(),
                // The HTTP body is sent at a `>>` prompt, everything else at `>`.
                prompt = if matches!(c, Command::HttpData(_)) {
                    ">>"
                } else {
                    ">"
                }
            ),
            _ => c.display_line(),
        })
        .collect()
}

/// Show `lines` (what the form would send now) and the result of the form's latest job.
pub fn preview(ui: &mut Ui, lang: Lang, id_salt: &str, lines: &[String], job: Option<&JobView>) {
    egui::CollapsingHeader::new(crate::tr!(
        lang,
        "widgets-preview-at-commands",
        n = lines.len()
    ))
    .id_salt(("preview", id_salt))
    .show(ui, |ui| {
        for l in lines {
            ui.label(RichText::new(l).monospace());
        }
    });
    if let Some(job) = job {
        job_result(ui, lang, job);
    }
}

/// Each line of a job with ✓ / ✗ / … and the answer or error.
pub fn job_result(ui: &mut Ui, lang: Lang, job: &JobView) {
    for (line, outcome) in job.lines.iter().zip(&job.outcomes) {
        ui.horizontal_wrapped(|ui| match outcome {
            None if job.done => {
                ui.label(RichText::new(format!("– {line}")).monospace().weak());
            }
            None => {
                ui.spinner();
                ui.label(RichText::new(line).monospace());
                if let Some((d, t)) = job.progress {
                    ui.label(format!("{d}/{t} B"));
                }
            }
            Some(o) => match &o.result {
                Ok(_) => {
                    ui.label(RichText::new("✓").color(palette::GREEN));
                    ui.label(RichText::new(line).monospace());
                    let answer = answer_text(o, lang);
                    if !answer.is_empty() {
                        ui.label(RichText::new(answer).monospace().weak());
                    }
                }
                Err(e) => {
                    ui.label(RichText::new("×").color(ui.visuals().error_fg_color));
                    ui.label(RichText::new(line).monospace());
                    ui.label(RichText::new(e.message(lang)).color(ui.visuals().error_fg_color));
                }
            },
        });
    }
}

/// What the module answered, as shown under a form: secrets masked (the password a `+QMTCFG:`
/// reads back) and a certificate shown as its size and fingerprint, never its text.
pub fn answer_text(o: &crate::worker::Outcome, lang: Lang) -> String {
    use crate::at::Answer;
    match &o.result {
        Ok(Answer::MqttCert(c) | Answer::HttpCert(c)) => return cert_answer(c, lang),
        Ok(Answer::MqttClient(c)) => return format!("+QMTCFG:{}  OK", c.params(true)),
        _ => {}
    }
    let mut in_cert = false;
    let mut parts = Vec::new();
    for f in &o.reply.frames {
        use crate::at::FrameKind as K;
        match f {
            K::Info { name, .. } if is_cert_info(name) => {
                // Not decoded: still no certificate text on screen.
                in_cert = true;
                parts.push(format!("+{name}:…"));
            }
            K::Data(_) | K::Body(_) if in_cert => {}
            f => {
                if f.is_final() {
                    in_cert = false;
                }
                parts.extend(frame_text(f, lang));
            }
        }
    }
    parts.join("  ")
}

fn is_cert_info(name: &str) -> bool {
    name.eq_ignore_ascii_case("MQTTCERTIFI") || name.eq_ignore_ascii_case("HTTPCERTIFI")
}

/// "MQTTS, verify on, certificate: 1107 bytes, SHA-256 60:1F:…" (or "no certificate").
fn cert_answer(c: &crate::at::mqtt::CertInfo, lang: Lang) -> String {
    let mut words = Vec::new();
    if let Some(tls) = c.tls {
        words.push(if tls { "MQTTS" } else { "MQTT" }.to_string());
    }
    words.push(
        if c.verify {
            lang.tr("widgets-preview-server-checked")
        } else {
            lang.tr("widgets-preview-server-not-checked")
        }
        .to_string(),
    );
    if c.len == 0 {
        words.push(lang.tr("widgets-preview-no-certificate").to_string());
    } else {
        words.push(
            match crate::cert::fingerprint::sha256_fingerprint(c.data.as_bytes()) {
                Some(fp) => crate::tr!(
                    lang,
                    "widgets-preview-certificate-bytes-sha-256",
                    c = &c.len,
                    fingerprint = &crate::cert::fingerprint::short(&fp)
                ),
                None => crate::tr!(lang, "widgets-preview-certificate-bytes", c = &c.len),
            },
        );
    }
    // The module's own final answer follows the words.
    format!("{}  OK", crate::profile::text::list(lang, &words))
}

fn frame_text(f: &crate::at::FrameKind, lang: Lang) -> Option<String> {
    use crate::at::FrameKind as K;
    match f {
        K::Ok => Some("OK".into()),
        K::Info { name, body } if name.eq_ignore_ascii_case("QMTCFG") => {
            Some(format!("+{name}:{}", mask_third(body)))
        }
        K::Info { name, body } => Some(format!("+{name}:{body}")),
        K::Urc(u) => Some(u.describe(lang)),
        K::Data(d) => Some(String::from_utf8_lossy(d).trim().to_string()),
        _ => None,
    }
}

/// `id,user,password,…` with the password (the third field) masked.
fn mask_third(body: &str) -> String {
    let mut fields: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in body.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            ',' if !quoted => fields.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    fields.push(cur);
    if let Some(p) = fields.get_mut(2)
        && !p.trim_matches('"').is_empty()
    {
        *p = if p.starts_with('"') {
            "\"***\"".into()
        } else {
            "***".into()
        };
    }
    fields.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::at::{Answer, FrameKind, Reply};
    use crate::worker::{CommandError, Outcome};
    use std::time::Duration;

    fn outcome(frames: Vec<FrameKind>, result: Result<Answer, CommandError>) -> Outcome {
        Outcome {
            line: "AT+X?".into(),
            result,
            reply: Reply { frames },
            elapsed: Duration::ZERO,
        }
    }

    /// The password a `+QMTCFG:` reads back never reaches the screen, decoded or not.
    #[test]
    fn the_password_is_masked() {
        let info = FrameKind::Info {
            name: "QMTCFG".into(),
            body: "\"id\",\"user\",\"s3cret-pw\",0,0,\"t\",\"m\"".into(),
        };
        let raw = answer_text(
            &outcome(vec![info.clone(), FrameKind::Ok], Ok(Answer::Done)),
            Lang::En,
        );
        assert!(!raw.contains("s3cret-pw"), "{raw}");
        assert!(raw.contains("\"user\",\"***\""), "{raw}");
        let client = crate::at::mqtt::MqttClient {
            client_id: "id".into(),
            username: "user".into(),
            password: "s3cret-pw".into(),
            will: None,
        };
        let decoded = answer_text(
            &outcome(vec![info, FrameKind::Ok], Ok(Answer::MqttClient(client))),
            Lang::En,
        );
        assert!(!decoded.contains("s3cret-pw"), "{decoded}");
        assert_eq!(mask_third("a,b,c,d"), "a,b,***,d");
        assert_eq!(
            mask_third("a,b,,d"),
            "a,b,,d",
            "an empty password stays empty"
        );
    }

    /// A certificate read back is its size and fingerprint, never its text.
    #[test]
    fn a_certificate_is_a_fingerprint() {
        let pem = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/certs/ca.pem"),
        )
        .unwrap();
        let mut lines = pem.lines();
        let mut frames = vec![FrameKind::Info {
            name: "MQTTCERTIFI".into(),
            body: format!("1,1,{},{}", pem.len(), lines.next().unwrap()),
        }];
        frames.extend(lines.map(|l| FrameKind::Data(l.as_bytes().to_vec())));
        frames.push(FrameKind::Ok);
        let info = crate::at::mqtt::CertInfo {
            tls: Some(true),
            verify: true,
            len: pem.len(),
            data: pem.clone(),
        };
        for result in [Ok(Answer::MqttCert(info)), Ok(Answer::Done)] {
            let text = answer_text(&outcome(frames.clone(), result), Lang::En);
            assert!(!text.contains("BEGIN CERTIFICATE"), "{text}");
            let body_line = pem.lines().nth(1).unwrap();
            assert!(!text.contains(body_line), "{text}");
        }
        let text = answer_text(
            &outcome(
                frames,
                Ok(Answer::MqttCert(crate::at::mqtt::CertInfo {
                    tls: Some(true),
                    verify: true,
                    len: pem.len(),
                    data: pem.clone(),
                })),
            ),
            Lang::En,
        );
        assert!(text.contains("SHA-256 60:1F:35:32…67:B9:DB:5A"), "{text}");
        assert!(
            text.contains(&format!("certificate {} bytes", pem.len())),
            "{text}"
        );
    }
}
