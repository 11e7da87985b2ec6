//! The one-page installation report handed to the customer: identity, settings applied (secrets
//! redacted), the verify diff, the health check, the time and the language. Plain HTML with
//! inline CSS sized for A4, no external resources, so it prints well and opens anywhere.

use super::fsutil::write_atomic;
use super::health::{StepResult, Verdict};
use super::placeholders::Identity;
use super::runner::{JobState, JobStatus};
use super::schema::Profile;
use super::timefmt::utc_string;
use super::verify::FieldCheck;
use crate::i18n::Lang;
use serde::Serialize;
use std::path::Path;
use std::time::SystemTime;

/// Everything the report shows.
#[derive(Clone, Debug, Serialize)]
pub struct InstallReport {
    pub identity: Identity,
    /// `key = value` lines of the settings applied, password redacted.
    pub settings: Vec<(String, String)>,
    pub diff: Vec<FieldCheck>,
    pub health: Vec<StepResult>,
    /// How the apply job ended.
    pub outcome: JobState,
    /// `YYYY-MM-DD hh:mm:ss UTC`.
    pub created: String,
    pub lang: Lang,
    /// The delivery proof, when one was run ([`InstallReport::with_proof`]).
    pub proof: Option<crate::proof::ProofReport>,
}

impl InstallReport {
    /// The report of a finished apply job and a health check (may be empty).
    pub fn new(job: &JobStatus, health: &[StepResult], lang: Lang, at: SystemTime) -> Self {
        Self {
            identity: job.identity.clone().unwrap_or_default(),
            settings: job.applied.as_ref().map(settings_lines).unwrap_or_default(),
            diff: job.diff.clone(),
            health: health.to_vec(),
            outcome: job.state,
            created: utc_string(at),
            lang,
            proof: None,
        }
    }

    /// The same report with a delivery proof's result.
    pub fn with_proof(self, proof: crate::proof::ProofReport) -> Self {
        Self {
            proof: Some(proof),
            ..self
        }
    }
}

/// The profile as flat `key = value` lines, password redacted.
pub fn settings_lines(p: &Profile) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(v) = serde_json::to_value(p.redacted()) {
        flatten("", &v, &mut out);
    }
    out
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, x, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), x, out);
            }
        }
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        Value::Null => {}
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

/// Escape text for HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const CSS: &str = "@page{size:A4;margin:14mm}body{font-family:'Noto Sans SC','Microsoft YaHei',Arial,sans-serif;font-size:10pt;color:#111;max-width:182mm;margin:0 auto}h1{font-size:16pt;margin:0 0 2mm}h2{font-size:11pt;margin:5mm 0 1.5mm;border-bottom:1px solid #999}table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:1mm 2mm;text-align:left;vertical-align:top}th{background:#eee}.ok{color:#070}.bad{color:#b00;font-weight:bold}.warn{color:#a60}.meta{color:#444}.cols{columns:2;column-gap:6mm}.cols div{break-inside:avoid}code{font-family:monospace}tr{break-inside:avoid}";

/// Render the report as one self-contained HTML page.
pub fn render_html(r: &InstallReport) -> String {
    let l = r.lang;
    let t = |key: &'static str| l.tr(key);
    let mut h = String::new();
    h.push_str(&format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}</style></head><body>",
        match l { Lang::En => "en", Lang::Zh => "zh-CN", Lang::ZhHant => "zh-Hant" },
        t("profile-report-ct11-installation-report")
    ));
    h.push_str(&format!(
        "<h1>{}</h1>",
        t("profile-report-ct11-installation-report")
    ));
    let (cls, word) = match r.outcome {
        JobState::Done => ("ok", t("profile-report-configured-and-verified")),
        JobState::Failed => ("bad", t("profile-report-failed")),
        JobState::Cancelled => ("warn", t("profile-report-cancelled")),
        JobState::Running => ("warn", t("profile-report-not-finished")),
    };
    h.push_str(&format!(
        "<p class=\"meta\">{}: {} · {}: {} · {}: <span class=\"{cls}\">{word}</span></p>",
        t("profile-report-date"),
        esc(&r.created),
        t("profile-report-language"),
        l.native_name(),
        t("profile-report-result"),
    ));
    h.push_str(&format!("<h2>{}</h2><table>", t("profile-report-module")));
    for (k, v) in [
        ("IMEI", r.identity.imei.clone()),
        (
            "ICCID",
            r.identity
                .iccid
                .clone()
                .unwrap_or_else(|| t("profile-report-no-sim").into()),
        ),
        (t("profile-report-firmware"), r.identity.firmware.clone()),
    ] {
        h.push_str(&format!(
            "<tr><th>{k}</th><td><code>{}</code></td></tr>",
            esc(&v)
        ));
    }
    h.push_str("</table>");
    if !r.health.is_empty() {
        h.push_str(&format!(
            "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            t("profile-report-health-check"),
            t("profile-report-check"),
            t("profile-report-verdict"),
            t("profile-report-details")
        ));
        for s in &r.health {
            let cls = match s.verdict {
                Verdict::Pass => "ok",
                Verdict::Fail => "bad",
                _ => "warn",
            };
            h.push_str(&format!(
                "<tr><td>{}</td><td class=\"{cls}\">{}</td><td>{}</td></tr>",
                s.step.title(l),
                s.verdict.words(l),
                esc(&s.sentence(l))
            ));
        }
        h.push_str("</table>");
    }
    if let Some(p) = &r.proof {
        h.push_str(&format!(
            "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            t("profile-report-delivery-proof-from-the-pc"),
            t("profile-report-direction"),
            t("profile-report-topic"),
            t("profile-report-result"),
            t("profile-report-time")
        ));
        for (name, d) in [
            (t("profile-report-module-broker-pc"), &p.module_to_pc),
            (t("profile-report-pc-broker-module"), &p.pc_to_module),
        ] {
            let (cls, word) = match (&d.delivered_ms, &d.cause) {
                (Some(_), _) => ("ok", t("profile-report-delivered").to_string()),
                (None, Some(c)) => ("bad", c.text().get(l).to_string()),
                (None, None) => ("bad", t("profile-report-not-delivered").to_string()),
            };
            h.push_str(&format!(
                "<tr><td>{name}</td><td><code>{}</code></td><td class=\"{cls}\">{}</td><td>{}</td></tr>",
                esc(&d.topic),
                esc(&word),
                d.delivered_ms.map(|ms| format!("{ms} ms")).unwrap_or_default()
            ));
        }
        h.push_str("</table>");
    }
    if !r.diff.is_empty() {
        let bad = r.diff.iter().filter(|c| !c.ok).count();
        h.push_str(&format!(
            "<h2>{} ({})</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th></th></tr>",
            t("profile-report-verification"),
            if bad == 0 {
                t("profile-report-all-fields-match").to_string()
            } else {
                format!("{bad} {}", t("profile-report-mismatch-es"))
            },
            t("profile-report-field"),
            t("profile-report-expected"),
            t("profile-report-found")
        ));
        for c in &r.diff {
            h.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>",
                esc(&c.key),
                esc(&c.expected),
                esc(&c.found),
                if c.ok { "ok" } else { "bad" },
                if c.ok { "✓" } else { "✗" }
            ));
        }
        h.push_str("</table>");
    }
    h.push_str(&format!(
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th></tr>",
        t("profile-report-settings-applied"),
        t("profile-report-key"),
        t("profile-report-value")
    ));
    for (k, v) in &r.settings {
        h.push_str(&format!(
            "<tr><td><code>{}</code></td><td>{}</td></tr>",
            esc(k),
            esc(v)
        ));
    }
    h.push_str("</table>");
    h.push_str(&format!(
        "<p class=\"meta\">{}</p></body></html>\n",
        t("profile-report-passwords-are-not-shown-generated-by")
    ));
    h
}

/// Write the report atomically.
/// The report as JSON (the same content as the HTML: identity, settings with secrets
/// redacted, the verify diff, the health steps, and each proof direction's result and time).
pub fn render_json(r: &InstallReport) -> std::io::Result<String> {
    serde_json::to_string_pretty(r).map_err(std::io::Error::other)
}

/// Write the JSON report atomically.
pub fn save_json(r: &InstallReport, path: &Path) -> std::io::Result<()> {
    write_atomic(path, render_json(r)?.as_bytes())
}

pub fn save_html(r: &InstallReport, path: &Path) -> std::io::Result<()> {
    write_atomic(path, render_html(r).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proof::{Cause, Direction, DirectionResult, ProofReport};

    #[test]
    fn a_proof_shows_each_direction_with_its_time_or_its_cause() {
        let proof = ProofReport {
            module_to_pc: DirectionResult {
                direction: Direction::ModuleToPc,
                topic: "ct11/proof/1/a".into(),
                delivered_ms: Some(37),
                cause: None,
            },
            pc_to_module: DirectionResult {
                direction: Direction::PcToModule,
                topic: "cmd/<x>".into(),
                delivered_ms: None,
                cause: Some(Cause::Tls("UnknownIssuer".into())),
            },
            total_ms: 120,
        };
        for (lang, title, fail) in [
            (
                Lang::En,
                "Delivery proof from the PC",
                "not signed by the CA you uploaded",
            ),
            (Lang::Zh, "从电脑验证数据送达", "不是由您上传的 CA 签发的"),
        ] {
            let r = InstallReport {
                identity: Identity::default(),
                settings: Vec::new(),
                diff: Vec::new(),
                health: Vec::new(),
                outcome: JobState::Done,
                created: "2026-12-02 06:00:00 UTC".into(),
                lang,
                proof: None,
            };
            assert!(!render_html(&r).contains(title));
            let html = render_html(&r.with_proof(proof.clone()));
            assert!(html.contains(title), "{html}");
            assert!(html.contains("37 ms"));
            assert!(html.contains(fail), "{html}");
            assert!(html.contains("cmd/&lt;x&gt;"), "topics are escaped");
        }
    }
}
