//! An error the module printed on its own, with no command waiting (`ERROR=104` again and again
//! in TCP pairing mode with no client, `ERROR=203` when the MQTT broker cannot be reached after
//! `AT+QMTCONNCFG`): kept with how often and when it came, explained in the context the module
//! is in, and shown under the status strip until the user dismisses it.

use super::log::clock::Clock;
use super::module_view::ModuleView;
use super::tab::Tab;
use crate::at::error_code::ModuleError;
use crate::at::socket::PairingMode;
use crate::i18n::Lang;
use egui::RichText;
use std::time::SystemTime;

/// The last unsolicited error, and how many times in a row it came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleAlert {
    pub error: ModuleError,
    /// Times it came since it first appeared (a repeated error counts up, another resets).
    pub count: u32,
    pub first: SystemTime,
    pub last: SystemTime,
}

impl ModuleAlert {
    /// Record one more unsolicited error.
    pub fn note(slot: &mut Option<ModuleAlert>, error: ModuleError, at: SystemTime) {
        match slot {
            Some(a) if a.error == error => {
                a.count = a.count.saturating_add(1);
                a.last = at;
            }
            _ => {
                *slot = Some(ModuleAlert {
                    error,
                    count: 1,
                    first: at,
                    last: at,
                })
            }
        }
    }

    /// Whether the banner shows over `tab`: the Simple pairing panel explains a repeated
    /// `ERROR=104` itself, next to the form that ends it.
    pub fn shown_on(&self, tab: Tab) -> bool {
        !(tab == Tab::Pairing && self.error.code() == Some(104))
    }

    /// What it means here and what to do, in one or two sentences, and the panel that fixes it.
    pub fn advice(&self, view: &ModuleView, lang: Lang) -> (String, Option<Tab>) {
        match self.error.code() {
            Some(104) if view.pairing == Some(PairingMode::Tcp) => (
                lang.tr("alert-the-module-is-in-tcp-passthrough")
                    .to_string(),
                Some(Tab::Pairing),
            ),
            // Not read yet: a repeated 104 is the manual's sign of that state.
            Some(104) if view.pairing.is_none() && self.count >= 2 => (
                lang.tr("alert-a-repeated-error-104-usually-means")
                    .to_string(),
                Some(Tab::Pairing),
            ),
            Some(203) => (
                lang.tr("alert-the-module-could-not-connect-to-the")
                    .to_string(),
                Some(Tab::Mqtt),
            ),
            _ => (self.error.message(lang), None),
        }
    }
}

/// The banner under the status strip. Returns the tab to open if the user asked for it.
pub fn banner(ui: &mut egui::Ui, view: &mut ModuleView, lang: Lang) -> Option<Tab> {
    let alert = view.alert.clone()?;
    let (advice, tab) = alert.advice(view, lang);
    let mut open = None;
    let mut dismiss = false;
    egui::Frame::new()
        .fill(ui.visuals().error_fg_color.gamma_multiply(0.12))
        .inner_margin(egui::Margin::same(6))
        .show(ui, |ui| {
            // Words first (they wrap in the window's width), the buttons on a row of their
            // own under them: nothing in this top panel asks for the height left below it.
            ui.set_width(ui.available_width());
            let head = crate::tr!(
                lang,
                "alert-reported-on-its-own",
                error = &alert.error,
                n = alert.count,
                last = &clock(alert.last)
            );
            ui.label(RichText::new(head).strong());
            ui.label(advice);
            ui.horizontal(|ui| {
                if let Some(t) = tab {
                    let go = crate::tr!(lang, "alert-open", lang = &t.title(lang));
                    if ui.button(go).clicked() {
                        open = Some(t);
                    }
                }
                if ui.button(lang.tr("alert-dismiss")).clicked() {
                    dismiss = true;
                }
            });
        });
    if dismiss {
        view.alert = None;
    }
    open
}

/// `HH:MM:SS` in the system's time zone, as the log shows it.
fn clock(t: SystemTime) -> String {
    clock_in(&Clock::default(), t)
}

fn clock_in(clock: &Clock, t: SystemTime) -> String {
    let us = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX));
    let time = clock.civil(us).time();
    time.get(..8).unwrap_or(&time).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_repeated_error_counts_up_and_another_starts_over() {
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(3600 * 25 + 61);
        let mut slot = None;
        ModuleAlert::note(&mut slot, ModuleError::Code(104), t0);
        ModuleAlert::note(
            &mut slot,
            ModuleError::Code(104),
            t0 + Duration::from_secs(1),
        );
        let a = slot.clone().expect("alert");
        assert_eq!(
            (a.count, a.first, a.last),
            (2, t0, t0 + Duration::from_secs(1))
        );
        assert_eq!(clock_in(&Clock::utc(), a.first), "01:01:01");
        ModuleAlert::note(&mut slot, ModuleError::Code(203), t0);
        assert_eq!(slot.expect("alert").count, 1);
    }

    #[test]
    fn advice_names_the_cause_in_context() {
        let mut view = ModuleView::default();
        let a = ModuleAlert {
            error: ModuleError::Code(104),
            count: 3,
            first: SystemTime::UNIX_EPOCH,
            last: SystemTime::UNIX_EPOCH,
        };
        // Mode not read yet: a repeated 104 points at pairing mode.
        let (text, tab) = a.advice(&view, Lang::En);
        assert!(text.contains("usually means"), "{text}");
        assert_eq!(tab, Some(Tab::Pairing));
        // In normal mode: the code's general meaning.
        view.pairing = Some(PairingMode::Normal);
        let (text, tab) = a.advice(&view, Lang::En);
        assert!(text.starts_with("ERROR=104"), "{text}");
        assert_eq!(tab, None);
        view.pairing = Some(PairingMode::Tcp);
        let (text, tab) = a.advice(&view, Lang::Zh);
        assert!(text.contains("TCP 透传模式"), "{text}");
        assert_eq!(tab, Some(Tab::Pairing));
    }
}
