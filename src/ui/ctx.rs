//! What a panel gets each frame: the language, the shared module view, the job queue, the file
//! picker and the saved settings. Panels own no channels and do no I/O on the port.

use super::files::FilePicker;
use super::jobs::Jobs;
use super::module_view::ModuleView;
use super::settings::Settings;
use crate::i18n::Lang;

/// The context handed to a panel's `ui`.
pub struct PanelCtx<'a> {
    pub lang: Lang,
    pub module: &'a ModuleView,
    pub jobs: &'a mut Jobs,
    pub files: &'a dyn FilePicker,
    pub settings: &'a mut Settings,
}

impl PanelCtx<'_> {
    /// Whether commands can be sent (connected, or port open with a silent module).
    pub fn connected(&self) -> bool {
        matches!(
            self.module.link,
            crate::worker::LinkState::Connected { .. } | crate::worker::LinkState::NoAnswer { .. }
        )
    }

    /// The catalogue text `key` in the current language.
    pub fn tr(&self, key: &str) -> &'static str {
        self.lang.tr(key)
    }
}
