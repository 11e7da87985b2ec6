//! The terminal, for experts: raw AT lines with history and completion from the manual's
//! command list, bytes with escapes or in hex, saved quick commands, and each command's answer.
//!
//! One file per job: [`entry`] (the command line), [`catalogue`] (the manual's commands),
//! [`bytes`] (raw bytes), [`escape`] (`\x1A` and friends), [`quick`] (quick commands) and
//! [`transcript`] (the answers).

pub mod bytes;
pub mod catalogue;
pub mod entry;
pub mod escape;
pub mod quick;
pub mod transcript;

use super::Panel;
use crate::at::Command;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::stable;
use crate::ui::widgets::help;

/// Owner of the terminal's commands.
pub const OWNER: &str = "terminal";

/// Most lines kept in the history.
pub const HISTORY_MAX: usize = 100;

/// The terminal's state.
#[derive(Default)]
pub struct TerminalPanel {
    pub entry: entry::LineEntry,
    pub bytes: bytes::ByteSender,
    pub quick: quick::QuickCommands,
    pub transcript: transcript::Transcript,
}

impl Panel for TerminalPanel {
    fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut PanelCtx<'_>) {
        help(ui, ctx.tr("terminal-for-experts-lines-are-sent-to-the"));
        ui.add_space(6.0);
        let Self {
            entry,
            bytes,
            quick,
            transcript,
        } = self;
        // The answers right under the line they answer.
        stable(ui, "terminal.entry", |ui| entry.ui(ui, ctx, transcript));
        ui.add_space(8.0);
        stable(ui, "terminal.transcript", |ui| transcript.ui(ui, ctx));
        ui.add_space(8.0);
        stable(ui, "terminal.quick", |ui| quick.ui(ui, ctx, transcript));
        ui.add_space(8.0);
        stable(ui, "terminal.bytes", |ui| bytes.ui(ui, ctx, transcript));
    }

    /// The terminal reads nothing by itself.
    fn refresh(&mut self, _ctx: &mut PanelCtx<'_>) {}
}

/// Send one expert line (already validated), remember it in the history, and follow its answer.
pub fn send_line(ctx: &mut PanelCtx<'_>, transcript: &mut transcript::Transcript, cmd: Command) {
    let line = cmd.line();
    let history = &mut ctx.settings.terminal_history;
    if history.last() != Some(&line) {
        history.push(line);
    }
    if history.len() > HISTORY_MAX {
        let extra = history.len() - HISTORY_MAX;
        history.drain(..extra);
    }
    let id = ctx.jobs.run(OWNER, vec![cmd]);
    transcript.push(transcript::Item::Command(id));
}

/// Why a terminal command cannot be sent now, if so.
pub fn line_blocked(ctx: &PanelCtx<'_>) -> Option<String> {
    if !ctx.connected() {
        Some(ctx.tr("terminal-connect-to-a-module-first").into())
    } else if ctx.jobs.busy(OWNER) {
        Some(ctx.tr("terminal-waiting-for-the-answer-to-the-last").into())
    } else {
        None
    }
}
