//! The terminal's answers: each command sent from here with what the module answered, line by
//! line, and errors in words. Bytes sent raw are listed too; their answer is in the log.

use crate::at::FrameKind;
use crate::at::frame::Prompt;
use crate::i18n::Lang;
use crate::ui::ctx::PanelCtx;
use crate::ui::jobs::JobView;
use crate::ui::panels::socket::payload::hex_dump;
use crate::ui::widgets::form::palette;
use crate::ui::widgets::section;
use crate::worker::{CommandError, JobId};
use egui::{RichText, Ui};
use std::collections::VecDeque;

/// Most entries kept.
pub const TRANSCRIPT_MAX: usize = 200;

/// One thing sent from the terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A command line; its answer is in the job.
    Command(JobId),
    /// Raw bytes.
    Bytes(Vec<u8>),
}

/// What was sent from the terminal, oldest first.
#[derive(Default)]
pub struct Transcript {
    pub items: VecDeque<Item>,
}

impl Transcript {
    pub fn push(&mut self, item: Item) {
        self.items.push_back(item);
        while self.items.len() > TRANSCRIPT_MAX {
            self.items.pop_front();
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        let lang = ctx.lang;
        section(ui, ctx.tr("terminal-transcript-answers"), |ui| {
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        !self.items.is_empty(),
                        egui::Button::new(ctx.tr("terminal-transcript-clear-answers")),
                    )
                    .clicked()
                {
                    self.items.clear();
                }
                ui.label(
                    RichText::new(ctx.tr("terminal-transcript-lines-the-module-prints-between"))
                        .weak(),
                );
            });
            if self.items.is_empty() {
                ui.label(
                    RichText::new(ctx.tr("terminal-transcript-nothing-sent-from-the-terminal-yet"))
                        .weak(),
                );
                return;
            }
            egui::ScrollArea::vertical()
                .id_salt("terminal.transcript")
                .max_height(320.0)
                .stick_to_bottom(true)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    for item in &self.items {
                        match item {
                            Item::Command(id) => {
                                if let Some(job) = ctx.jobs.get(*id) {
                                    command(ui, lang, job);
                                }
                            }
                            Item::Bytes(b) => bytes(ui, lang, b),
                        }
                        ui.add_space(4.0);
                    }
                });
        });
    }
}

fn sent(ui: &mut Ui, text: &str) {
    ui.label(
        RichText::new(format!("› {text}"))
            .monospace()
            .strong()
            .color(ui.visuals().hyperlink_color),
    );
}

fn bytes(ui: &mut Ui, lang: Lang, b: &[u8]) {
    sent(ui, &hex_dump(b, 48));
    ui.label(
        RichText::new(crate::tr!(
            lang,
            "terminal-transcript-bytes-sent-as-they-are-any-answer-is",
            b = &b.len()
        ))
        .weak(),
    );
}

fn command(ui: &mut Ui, lang: Lang, job: &JobView) {
    let Some(line) = job.lines.first() else {
        return;
    };
    sent(ui, line);
    let Some(Some(outcome)) = job.outcomes.first() else {
        if job.done {
            ui.label(RichText::new(lang.tr("terminal-transcript-not-sent")).weak());
        } else {
            ui.horizontal(|ui| {
                ui.add_space(8.0);
                ui.spinner();
            });
        }
        return;
    };
    for f in &outcome.reply.frames {
        let text = match f {
            FrameKind::Echo(_) | FrameKind::Blank => continue,
            FrameKind::Ok => RichText::new("OK").color(palette::GREEN),
            // A password read back (`+QMTCFG:`) is shown as `***`, as in the log.
            FrameKind::Info { name, body } => {
                RichText::new(crate::at::command::mask_secrets(&format!("+{name}:{body}")))
            }
            FrameKind::Error(e) => {
                RichText::new(e.message(lang)).color(ui.visuals().error_fg_color)
            }
            FrameKind::Prompt(p) => {
                let mark = match p {
                    Prompt::Single => ">",
                    Prompt::Double => ">>",
                };
                RichText::new(format!(
                    "{mark}  {}",
                    lang.tr("terminal-transcript-the-module-waits-for-the-data-send")
                ))
            }
            FrameKind::Urc(u) => RichText::new(u.describe(lang)).italics(),
            FrameKind::Data(d) | FrameKind::Body(d) => {
                RichText::new(String::from_utf8_lossy(d).trim_end().to_string())
            }
        };
        ui.horizontal_wrapped(|ui| {
            ui.add_space(12.0);
            ui.label(text.monospace());
        });
    }
    match &outcome.result {
        // The module's own error is already shown, in words, among the lines above.
        Ok(_) | Err(CommandError::Module(_)) => {}
        Err(e) => {
            ui.horizontal_wrapped(|ui| {
                ui.add_space(12.0);
                ui.label(RichText::new(e.message(lang)).color(ui.visuals().error_fg_color));
            });
        }
    }
    ui.horizontal(|ui| {
        ui.add_space(12.0);
        ui.label(
            RichText::new(format!("{} ms", outcome.elapsed.as_millis()))
                .small()
                .weak(),
        );
    });
}
