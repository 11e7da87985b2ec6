//! Transparent (data) mode: a clear switch between command mode and data mode (`ATO` / `+++`),
//! and, while in data mode, a box whose bytes go straight to the server.

use super::payload::PayloadInput;
use crate::at::Command;
use crate::at::socket::PairingMode;
use crate::ui::ctx::PanelCtx;
use crate::ui::widgets::form::palette;
use crate::ui::widgets::{apply_button, help, preview::job_result, section};
use egui::{RichText, Ui};

/// Owner of the ATO / `+++` jobs.
pub const OWNER: &str = "socket.mode";
/// Owner the shell's data-mode banner uses for its `+++`.
pub const BANNER_OWNER: &str = "datamode";

/// The switch's state: the raw data box.
#[derive(Default)]
pub struct ModeSwitch {
    pub raw: PayloadInput,
}

/// Whether a `+++` or `ATO` is under way (the guard times last seconds).
pub fn switching(ctx: &PanelCtx<'_>) -> bool {
    ctx.jobs.busy(OWNER) || ctx.jobs.busy(BANNER_OWNER)
}

/// The switch button and the current mode, shared with the pairing panel. `enter_blocked`:
/// why ATO makes no sense now (no link to return to), if so.
pub fn mode_toggle(ui: &mut Ui, ctx: &mut PanelCtx<'_>, enter_blocked: Option<String>) {
    let lang = ctx.lang;
    let data = ctx.module.data_mode;
    let busy = switching(ctx);
    ui.horizontal_wrapped(|ui| {
        let (text, fill) = if data {
            (
                ctx.tr("socket-transparent-now-transparent-mode"),
                palette::BANNER_AMBER,
            )
        } else {
            (
                ctx.tr("socket-transparent-now-command-mode"),
                palette::BANNER_BLUE,
            )
        };
        egui::Frame::new()
            .fill(fill)
            .corner_radius(4.0)
            .inner_margin(egui::Margin::symmetric(8, 3))
            .show(ui, |ui| {
                ui.label(RichText::new(text).color(palette::BANNER_TEXT).strong());
            });
        // Either switch waits for a running switch and needs a module.
        let blocked = if busy {
            Some(ctx.tr("socket-transparent-working").to_string())
        } else if !ctx.connected() {
            Some(
                ctx.tr("socket-transparent-connect-to-a-module-first")
                    .to_string(),
            )
        } else {
            None
        };
        if data {
            if apply_button(
                ui,
                lang,
                ctx.tr("socket-transparent-leave-transparent-mode"),
                blocked,
            ) {
                ctx.jobs.run(OWNER, vec![Command::LeaveData]);
            }
        } else if apply_button(
            ui,
            lang,
            ctx.tr("socket-transparent-enter-transparent-mode-ato"),
            blocked.or(enter_blocked),
        ) {
            ctx.jobs.run(OWNER, vec![Command::EnterData]);
        }
        if busy && ui.button(ctx.tr("socket-transparent-cancel")).clicked() {
            ctx.jobs.cancel(OWNER);
            ctx.jobs.cancel(BANNER_OWNER);
        }
    });
    if busy {
        let ms = ctx.settings.escape_guard_ms;
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(crate::tr!(
                lang,
                "socket-transparent-keeping-the-line-silent-for-ms-before",
                ms = &ms
            ));
        });
    } else if let Some(job) = ctx.jobs.latest(OWNER)
        && !job.ok
    {
        job_result(ui, lang, job);
    }
}

/// The raw data box shown while in data mode: its bytes go to the port as they are.
pub fn raw_box(
    ui: &mut Ui,
    ctx: &mut PanelCtx<'_>,
    raw: &mut PayloadInput,
    id_salt: &str,
    label: &str,
) {
    let lang = ctx.lang;
    let bytes = raw.ui(ui, lang, id_salt, label, None);
    let blocked = if !ctx.connected() {
        Some(
            ctx.tr("socket-transparent-connect-to-a-module-first")
                .to_string(),
        )
    } else if switching(ctx) {
        // Bytes sent now would break the silence +++ needs.
        Some(
            ctx.tr("socket-transparent-wait-until-the-mode-switch-is-done")
                .to_string(),
        )
    } else if bytes.as_ref().is_none_or(Vec::is_empty) {
        Some(ctx.tr("socket-transparent-type-the-data-first").to_string())
    } else {
        None
    };
    if apply_button(
        ui,
        lang,
        ctx.tr("socket-transparent-send-to-the-server"),
        blocked,
    ) && let Some(b) = bytes
    {
        ctx.jobs.raw(b);
        raw.clear();
    }
}

impl ModeSwitch {
    pub fn ui(&mut self, ui: &mut Ui, ctx: &mut PanelCtx<'_>) {
        section(ui, ctx.tr("socket-transparent-transparent-mode"), |ui| {
            help(
                ui,
                ctx.tr("socket-transparent-in-transparent-mode-the-module-passes"),
            );
            // ATO only makes sense with a link to go back to.
            let no_link = ctx.module.sockets.as_ref().is_some_and(Vec::is_empty)
                && !matches!(
                    ctx.module.pairing,
                    Some(PairingMode::Tcp | PairingMode::MqttContinuous)
                );
            let enter_blocked = no_link.then(|| {
                ctx.tr("socket-transparent-no-connection-is-open-open-one-in")
                    .to_string()
            });
            mode_toggle(ui, ctx, enter_blocked);
            if ctx.module.data_mode {
                ui.add_space(6.0);
                let label = ctx.tr("socket-transparent-data-for-the-server");
                raw_box(ui, ctx, &mut self.raw, "socket.raw", label);
            }
            help(
                ui,
                ctx.tr("socket-transparent-what-the-server-sends-back-is-shown"),
            );
        });
    }
}
