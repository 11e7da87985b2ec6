//! The live log (placeholder being replaced by the full log: bounded store, filter, search,
//! hex, save with redaction).

use crate::i18n::Lang;
use crate::ui::files::FilePicker;
use crate::worker::Event;

/// The log panel.
#[derive(Default)]
pub struct LogPanel {
    lines: Vec<String>,
}

impl LogPanel {
    /// Take a worker event (only `Tx` and `Rx` matter).
    pub fn on_event(&mut self, e: &Event) {
        match e {
            Event::Tx { bytes, .. } => self
                .lines
                .push(format!("→ {}", String::from_utf8_lossy(bytes).trim_end())),
            Event::Rx(l) => self.lines.push(format!(
                "← {}",
                String::from_utf8_lossy(&l.frame.raw).trim_end()
            )),
            _ => {}
        }
    }

    /// Number of lines held.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, _lang: Lang, _files: &dyn FilePicker) {
        egui::ScrollArea::vertical()
            .stick_to_bottom(true)
            .auto_shrink(false)
            .show_rows(ui, 14.0, self.lines.len(), |ui, range| {
                for l in &self.lines[range] {
                    ui.monospace(l);
                }
            });
    }
}
