//! The command line: Enter sends, Up/Down walk the history, Tab takes the highlighted
//! completion from the manual's command list, and the syntax of the command being typed shows
//! under it.

use super::catalogue;
use super::transcript::Transcript;
use crate::at::Command;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::indented;
use crate::ui::widgets::{apply_button, error_text, help, section};
use egui::text::{CCursor, CCursorRange};
use egui::{Key, Modifiers, RichText, Ui};

/// Most completions listed at once.
const MAX_SUGGESTIONS: usize = 14;

/// Most quick commands kept.
pub const QUICK_MAX: usize = 20;

/// The command line's state.
#[derive(Default)]
pub struct LineEntry {
    pub line: String,
    /// Where in the history Up/Down has got to (`None`: editing a new line).
    history_pos: Option<usize>,
    /// The line being typed before the history was opened, restored by Down at the end.
    draft: String,
    /// The text the history put in the box, to notice when the user edits it.
    recalled: Option<String>,
    /// The completion list was open last frame (it then owns Up/Down).
    popup_open: bool,
}

impl LineEntry {
    /// Up: one line further back in the history.
    pub fn history_back(&mut self, history: &[String]) {
        if history.is_empty() {
            return;
        }
        let pos = match self.history_pos {
            None => {
                self.draft = self.line.clone();
                history.len() - 1
            }
            Some(p) => p.saturating_sub(1),
        };
        self.history_pos = Some(pos);
        self.line = history[pos].clone();
        self.recalled = Some(self.line.clone());
    }

    /// Down: one line forward, and past the newest back to the draft.
    pub fn history_forward(&mut self, history: &[String]) {
        let Some(p) = self.history_pos else { return };
        if p + 1 < history.len() {
            self.history_pos = Some(p + 1);
            self.line = history[p + 1].clone();
            self.recalled = Some(self.line.clone());
        } else {
            self.history_pos = None;
            self.line = std::mem::take(&mut self.draft);
            self.recalled = None;
        }
    }

    fn cursor_to_end(&self, ui: &Ui, id: egui::Id) {
        if let Some(mut state) = egui::widgets::text_edit::TextEditState::load(ui.ctx(), id) {
            let end = CCursor::new(self.line.chars().count());
            state.cursor.set_char_range(Some(CCursorRange::one(end)));
            state.store(ui.ctx(), id);
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>, transcript: &mut Transcript) {
        let lang = ctx.lang;
        section(ui, ctx.tr("terminal-entry-send-an-at-command"), |ui| {
            let id = egui::Id::unique("terminal.line");
            let focused = ui.memory(|m| m.has_focus(id));
            if focused && !self.popup_open {
                let (up, down) = ui.input_mut(|i| {
                    (
                        i.consume_key(Modifiers::NONE, Key::ArrowUp),
                        i.consume_key(Modifiers::NONE, Key::ArrowDown),
                    )
                });
                if up {
                    self.history_back(&ctx.settings.terminal_history);
                }
                if down {
                    self.history_forward(&ctx.settings.terminal_history);
                }
                if up || down {
                    self.cursor_to_end(ui, id);
                }
            }
            // A line recalled from the history gets no completion list, so Up/Down keep
            // walking the history; typing makes it a new line again.
            if self.recalled.as_ref().is_some_and(|r| *r != self.line) {
                self.recalled = None;
                self.history_pos = None;
            }
            let browsing = self.recalled.is_some();

            let mut send = false;
            let parsed = ui
                .horizontal(|ui| {
                    let l = ui.add_sized(
                        [150.0, 20.0],
                        egui::Label::new(ctx.tr("terminal-entry-at-command")),
                    );
                    let out = egui::CompletionPopup::new(id)
                        .accept_keys([Key::Tab])
                        .word_boundary(|_| false)
                        .align(egui::RectAlign::BOTTOM_START)
                        .max_height(260.0)
                        .show(
                            ui,
                            egui::TextEdit::singleline(&mut self.line)
                                .desired_width(320.0)
                                .font(egui::TextStyle::Monospace)
                                .hint_text("AT+CSQ"),
                            |q| {
                                if browsing {
                                    return Vec::new();
                                }
                                catalogue::complete(q.word)
                                    .into_iter()
                                    .take(MAX_SUGGESTIONS)
                                    .map(|e| {
                                        egui::Suggestion::new(e.insert)
                                            .description(e.describe(lang))
                                    })
                                    .collect()
                            },
                        );
                    self.popup_open = out.is_open;
                    let response = out.text_edit.response.response.labelled_by(l.id);
                    // Parsed after the edit, so it matches the box this very frame.
                    let parsed = Command::raw(&self.line);
                    if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                        send = true;
                        // Keep typing: the next command goes in the same box.
                        response.request_focus();
                    }
                    let blocked = match &parsed {
                        Err(_) if self.line.trim().is_empty() => {
                            Some(ctx.tr("terminal-entry-type-a-command").to_string())
                        }
                        Err(_) => Some(ctx.tr("terminal-entry-fix-the-command-first").to_string()),
                        Ok(_) => super::line_blocked(ctx),
                    };
                    let can_send = blocked.is_none();
                    if apply_button(ui, lang, ctx.tr("terminal-entry-send"), blocked) {
                        send = true;
                    }
                    send &= can_send;
                    parsed
                })
                .inner;
            if !self.line.trim().is_empty()
                && let Err(e) = &parsed
            {
                indented(ui, |ui| {
                    error_text(ui, &e.reason(lang));
                });
            }
            let can_save = parsed.is_ok()
                && !ctx
                    .settings
                    .quick_commands
                    .iter()
                    .any(|q| *q == self.line.trim())
                && ctx.settings.quick_commands.len() < QUICK_MAX;
            if can_save {
                indented(ui, |ui| {
                    if ui
                        .small_button(ctx.tr("terminal-entry-save-as-quick-command"))
                        .clicked()
                    {
                        ctx.settings
                            .quick_commands
                            .push(self.line.trim().to_string());
                    }
                });
            }
            if let Some(entry) = catalogue::current(&self.line) {
                indented(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(entry.syntax).monospace());
                        ui.label(RichText::new(entry.describe(lang)).weak());
                    })
                });
            }
            if lower_case_name(&self.line) {
                indented(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(
                                ctx.tr("terminal-entry-the-manual-writes-commands-in-upper"),
                            )
                            .color(ui.visuals().warn_fg_color),
                        );
                    })
                });
            }
            indented(ui, |ui| {
                help(
                    ui,
                    ctx.tr("terminal-entry-enter-sends-history-or-the-list-of"),
                );
            });
            if ctx.module.data_mode {
                error_text(
                    ui,
                    ctx.tr("terminal-entry-the-link-is-in-transparent-mode-the"),
                );
            }
            if ctx.jobs.busy(super::OWNER) {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(ctx.tr("terminal-entry-waiting-for-the-answer"));
                    if ui.button(ctx.tr("terminal-entry-cancel")).clicked() {
                        ctx.jobs.cancel(super::OWNER);
                    }
                });
            }
            if send && let Ok(cmd) = parsed {
                super::send_line(ctx, transcript, cmd);
                self.line.clear();
                self.history_pos = None;
                self.recalled = None;
                self.draft.clear();
            }
        });
    }
}

/// Whether the command's name (before `=` or `?`) has lower-case letters.
fn lower_case_name(line: &str) -> bool {
    let t = line.trim();
    let end = t.find(['=', '?']).unwrap_or(t.len());
    t[..end].chars().any(|c| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_walks_back_and_returns_to_the_draft() {
        let h: Vec<String> = vec!["AT".into(), "AT+CSQ".into(), "AT+GMR".into()];
        let mut e = LineEntry {
            line: "AT+Q".into(),
            ..Default::default()
        };
        e.history_back(&h);
        assert_eq!(e.line, "AT+GMR");
        e.history_back(&h);
        e.history_back(&h);
        e.history_back(&h);
        assert_eq!(e.line, "AT");
        e.history_forward(&h);
        assert_eq!(e.line, "AT+CSQ");
        e.history_forward(&h);
        e.history_forward(&h);
        assert_eq!(e.line, "AT+Q");
        e.history_forward(&h);
        assert_eq!(e.line, "AT+Q");
        assert!(lower_case_name("at+csq"));
        assert!(!lower_case_name("AT+QMTPUB=\"top\",0,0,\"abc\""));
        let mut empty = LineEntry::default();
        empty.history_back(&[]);
        assert_eq!(empty.line, "");
    }
}
