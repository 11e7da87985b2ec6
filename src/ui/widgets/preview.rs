//! The AT lines a form will send, in a collapsible section, and after applying each line's
//! answer or its error in words.

use crate::i18n::Lang;
use crate::ui::jobs::JobView;
use egui::{RichText, Ui};

/// Show `lines` (what the form would send now) and the result of the form's latest job.
pub fn preview(ui: &mut Ui, lang: Lang, id_salt: &str, lines: &[String], job: Option<&JobView>) {
    egui::CollapsingHeader::new(format!(
        "{} ({})",
        lang.pick("AT commands", "AT 指令"),
        lines.len()
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
                    ui.label(RichText::new("✓").color(egui::Color32::from_rgb(40, 160, 70)));
                    ui.label(RichText::new(line).monospace());
                    let answer = o
                        .reply
                        .frames
                        .iter()
                        .filter_map(|f| frame_text(f, lang))
                        .collect::<Vec<_>>()
                        .join("  ");
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

fn frame_text(f: &crate::at::FrameKind, lang: Lang) -> Option<String> {
    use crate::at::FrameKind as K;
    match f {
        K::Ok => Some("OK".into()),
        K::Info { name, body } => Some(format!("+{name}:{body}")),
        K::Urc(u) => Some(u.describe(lang)),
        K::Data(d) => Some(String::from_utf8_lossy(d).trim().to_string()),
        _ => None,
    }
}
