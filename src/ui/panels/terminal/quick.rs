//! Saved quick commands (`settings.quick_commands`): one click sends; add and remove.

use super::entry::QUICK_MAX;
use super::transcript::Transcript;
use crate::at::Command;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::indented;
use crate::ui::widgets::{error_text, section};
use egui::Ui;

/// The quick-command row's state: the line being added.
#[derive(Default)]
pub struct QuickCommands {
    pub new_line: String,
}

impl QuickCommands {
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>, transcript: &mut Transcript) {
        let lang = ctx.lang;
        section(ui, ctx.tr("terminal-quick-quick-commands"), |ui| {
            let blocked = super::line_blocked(ctx);
            let mut send: Option<String> = None;
            let mut remove: Option<usize> = None;
            ui.horizontal_wrapped(|ui| {
                for (i, q) in ctx.settings.quick_commands.iter().enumerate() {
                    ui.group(|ui| {
                        ui.spacing_mut().item_spacing.x = 2.0;
                        let valid = Command::raw(q).is_ok();
                        if ui
                            .add_enabled(
                                blocked.is_none() && valid,
                                egui::Button::new(egui::RichText::new(q).monospace()),
                            )
                            .on_hover_text(ctx.tr("terminal-quick-send-now"))
                            .clicked()
                        {
                            send = Some(q.clone());
                        }
                        let name = crate::tr!(lang, "terminal-quick-remove", q = &q);
                        if ui
                            .small_button("×")
                            .on_hover_text(name.clone())
                            .accessible_name(name)
                            .clicked()
                        {
                            remove = Some(i);
                        }
                    });
                }
            });
            if ctx.settings.quick_commands.is_empty() {
                ui.label(
                    egui::RichText::new(ctx.tr("terminal-quick-no-quick-commands-add-one-below"))
                        .weak(),
                );
            }
            if let Some(b) = &blocked
                && !ctx.settings.quick_commands.is_empty()
            {
                ui.label(egui::RichText::new(b).weak());
            }

            let full = ctx.settings.quick_commands.len() >= QUICK_MAX;
            let mut add = false;
            let (parsed, line, duplicate) = ui
                .horizontal(|ui| {
                    let l = ui.add_sized(
                        [150.0, 20.0],
                        egui::Label::new(ctx.tr("terminal-quick-new-quick-command")),
                    );
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.new_line)
                                .id_salt("terminal.quick.new")
                                .desired_width(260.0)
                                .font(egui::TextStyle::Monospace)
                                .hint_text("AT+QISTATE"),
                        )
                        .labelled_by(l.id);
                    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    // Checked after the edit, so it matches the box this very frame.
                    let parsed = Command::raw(&self.new_line);
                    let line = self.new_line.trim().to_string();
                    let duplicate = ctx.settings.quick_commands.contains(&line);
                    let ok = parsed.is_ok() && !duplicate && !full;
                    let clicked = ui
                        .add_enabled(ok, egui::Button::new(ctx.tr("terminal-quick-add")))
                        .clicked();
                    add = ok && (clicked || enter);
                    (parsed, line, duplicate)
                })
                .inner;
            if !line.is_empty() {
                let problem = match &parsed {
                    Err(e) => Some(e.reason(lang)),
                    Ok(_) if duplicate => {
                        Some(ctx.tr("terminal-quick-already-in-the-list").to_string())
                    }
                    Ok(_) if full => Some(crate::tr!(
                        lang,
                        "terminal-quick-at-most",
                        quick_max = &QUICK_MAX
                    )),
                    Ok(_) => None,
                };
                if let Some(p) = problem {
                    indented(ui, |ui| {
                        error_text(ui, &p);
                    });
                }
            }
            if add {
                ctx.settings.quick_commands.push(line);
                self.new_line.clear();
            }
            if let Some(i) = remove
                && i < ctx.settings.quick_commands.len()
            {
                ctx.settings.quick_commands.remove(i);
            }
            if let Some(q) = send
                && let Ok(cmd) = Command::raw(&q)
            {
                super::send_line(ctx, transcript, cmd);
            }
        });
    }
}
