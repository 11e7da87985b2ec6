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

/// One cell of a table of the report.
struct Cell {
    text: String,
    /// `ok`, `bad`, `warn` or empty.
    class: &'static str,
    /// Shown as code (keys, topics: text the user may have to type).
    code: bool,
}

impl Cell {
    fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            class: "",
            code: false,
        }
    }

    fn code(text: impl Into<String>) -> Self {
        Self {
            code: true,
            ..Self::text(text)
        }
    }

    fn class(self, class: &'static str) -> Self {
        Self { class, ..self }
    }
}

/// A titled table of the report.
struct Table {
    heading: String,
    columns: Vec<&'static str>,
    rows: Vec<Vec<Cell>>,
}

/// The page as the template sees it: every text already in the report's language. The template
/// escapes everything it is given, so no text from the module (IMEI, topic, error) can break
/// the page.
#[derive(askama::Template)]
#[template(path = "report.html")]
struct Page {
    html_lang: &'static str,
    title: &'static str,
    date_label: &'static str,
    created: String,
    language_label: &'static str,
    language: &'static str,
    result_label: &'static str,
    /// (class, word).
    outcome: (&'static str, &'static str),
    module_heading: &'static str,
    identity: Vec<(&'static str, String)>,
    tables: Vec<Table>,
    footer: &'static str,
}

/// Render the report as one self-contained HTML page.
pub fn render_html(r: &InstallReport) -> String {
    use askama::Template;
    page(r).render().unwrap_or_else(|e| {
        // Rendering into a String fails only on a bug in a Display impl.
        format!("<!DOCTYPE html><html><body><p>{e}</p></body></html>\n")
    })
}

fn page(r: &InstallReport) -> Page {
    let l = r.lang;
    let t = |key: &'static str| l.tr(key);
    let outcome = match r.outcome {
        JobState::Done => ("ok", t("profile-report-configured-and-verified")),
        JobState::Failed => ("bad", t("profile-report-failed")),
        JobState::Cancelled => ("warn", t("profile-report-cancelled")),
        JobState::Running => ("warn", t("profile-report-not-finished")),
    };
    let identity = vec![
        ("IMEI", r.identity.imei.clone()),
        (
            "ICCID",
            r.identity
                .iccid
                .clone()
                .unwrap_or_else(|| t("profile-report-no-sim").into()),
        ),
        (t("profile-report-firmware"), r.identity.firmware.clone()),
    ];
    let mut tables = Vec::new();
    if !r.health.is_empty() {
        tables.push(Table {
            heading: t("profile-report-health-check").into(),
            columns: vec![
                t("profile-report-check"),
                t("profile-report-verdict"),
                t("profile-report-details"),
            ],
            rows: r
                .health
                .iter()
                .map(|s| {
                    let cls = match s.verdict {
                        Verdict::Pass => "ok",
                        Verdict::Fail => "bad",
                        _ => "warn",
                    };
                    vec![
                        Cell::text(s.step.title(l)),
                        Cell::text(s.verdict.words(l)).class(cls),
                        Cell::text(s.sentence(l)),
                    ]
                })
                .collect(),
        });
    }
    if let Some(p) = &r.proof {
        let mut rows = Vec::new();
        for (name, d) in [
            (t("profile-report-module-broker-pc"), &p.module_to_pc),
            (t("profile-report-pc-broker-module"), &p.pc_to_module),
        ] {
            let (cls, word) = match (&d.delivered_ms, &d.cause) {
                (Some(_), _) => ("ok", t("profile-report-delivered").to_string()),
                (None, Some(c)) => ("bad", c.text().get(l).to_string()),
                (None, None) => ("bad", t("profile-report-not-delivered").to_string()),
            };
            rows.push(vec![
                Cell::text(name),
                Cell::code(d.topic.clone()),
                Cell::text(word).class(cls),
                Cell::text(
                    d.delivered_ms
                        .map(|ms| format!("{ms} ms"))
                        .unwrap_or_default(),
                ),
            ]);
        }
        tables.push(Table {
            heading: t("profile-report-delivery-proof-from-the-pc").into(),
            columns: vec![
                t("profile-report-direction"),
                t("profile-report-topic"),
                t("profile-report-result"),
                t("profile-report-time"),
            ],
            rows,
        });
    }
    if !r.diff.is_empty() {
        let bad = r.diff.iter().filter(|c| !c.ok).count();
        tables.push(Table {
            heading: if bad == 0 {
                t("profile-report-verification-all-fields-match").to_string()
            } else {
                crate::tr!(l, "profile-report-verification-mismatches", n = bad)
            },
            columns: vec![
                t("profile-report-field"),
                t("profile-report-expected"),
                t("profile-report-found"),
                "",
            ],
            rows: r
                .diff
                .iter()
                .map(|c| {
                    let (cls, mark) = if c.ok { ("ok", "✓") } else { ("bad", "✗") };
                    vec![
                        Cell::code(c.key.clone()),
                        Cell::text(c.expected.clone()),
                        Cell::text(c.found_words(l)),
                        Cell::text(mark).class(cls),
                    ]
                })
                .collect(),
        });
    }
    tables.push(Table {
        heading: t("profile-report-settings-applied").into(),
        columns: vec![t("profile-report-key"), t("profile-report-value")],
        rows: r
            .settings
            .iter()
            .map(|(k, v)| vec![Cell::code(k.clone()), Cell::text(v.clone())])
            .collect(),
    });
    Page {
        html_lang: match l {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
            Lang::ZhHant => "zh-Hant",
        },
        title: t("profile-report-ct11-installation-report"),
        date_label: t("profile-report-date"),
        created: r.created.clone(),
        language_label: t("profile-report-language"),
        language: l.native_name(),
        result_label: t("profile-report-result"),
        outcome,
        module_heading: t("profile-report-module"),
        identity,
        tables,
        footer: t("profile-report-passwords-are-not-shown-generated-by"),
    }
}

/// The report as JSON (the same content as the HTML: identity, settings with secrets
/// redacted, the verify diff, the health steps, and each proof direction's result and time).
pub fn render_json(r: &InstallReport) -> std::io::Result<String> {
    serde_json::to_string_pretty(r).map_err(std::io::Error::other)
}

/// Write the JSON report atomically.
pub fn save_json(r: &InstallReport, path: &Path) -> std::io::Result<()> {
    write_atomic(path, render_json(r)?.as_bytes())
}

/// Write the HTML report atomically.
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
            assert!(html.contains("cmd/&#60;x&#62;"), "topics are escaped");
        }
    }

    #[test]
    fn text_from_the_module_cannot_break_the_page() {
        let evil = "<script>alert('x')</script> & \"q\"";
        let r = InstallReport {
            identity: Identity {
                imei: evil.into(),
                iccid: Some(evil.into()),
                firmware: evil.into(),
            },
            settings: vec![(evil.into(), evil.into())],
            diff: vec![FieldCheck {
                shown: Default::default(),
                key: "mqtt.host".into(),
                expected: evil.into(),
                found: evil.into(),
                ok: false,
            }],
            health: Vec::new(),
            outcome: JobState::Failed,
            created: evil.into(),
            lang: Lang::En,
            proof: Some(ProofReport {
                module_to_pc: DirectionResult {
                    direction: Direction::ModuleToPc,
                    topic: evil.into(),
                    delivered_ms: None,
                    cause: Some(Cause::Tls(evil.into())),
                },
                pc_to_module: DirectionResult {
                    direction: Direction::PcToModule,
                    topic: evil.into(),
                    delivered_ms: Some(1),
                    cause: None,
                },
                total_ms: 1,
            }),
        };
        let html = render_html(&r);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("'x'"), "{html}");
        assert!(!html.contains(" & "), "{html}");
        assert!(!html.contains("\"q\""), "{html}");
        assert!(html.contains("&#60;script&#62;"), "{html}");
        assert!(html.contains(" &#38; "), "{html}");
        // Every tag the page opens, it closes: nothing injected changed the structure.
        for tag in ["table", "tr", "td", "code", "h2", "p"] {
            let open = html.matches(&format!("<{tag}>")).count()
                + html.matches(&format!("<{tag} ")).count();
            let close = html.matches(&format!("</{tag}>")).count();
            assert_eq!(open, close, "<{tag}> in {html}");
        }
    }
}
