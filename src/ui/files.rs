//! File dialogs behind a small trait, so tests inject the files a user would pick.

use super::task::Task;
use std::path::PathBuf;

/// Opens file dialogs.
pub trait FilePicker {
    /// Ask for a file to open. `filters`: (name, extensions). Waits for the user: never call it
    /// on the UI thread with a real dialog; use [`FilePicker::pick_file_task`] there.
    fn pick_file(&self, title: &str, filters: &[(&str, &[&str])]) -> Option<PathBuf>;
    /// Ask for a file to open without waiting: the dialog runs off the UI thread (the window
    /// keeps drawing while it is open) and the answer comes through the task, which wakes
    /// `egui`. The default answers at once from [`FilePicker::pick_file`], for pickers that open
    /// no dialog (tests).
    fn pick_file_task(
        &self,
        egui: &egui::Context,
        title: &str,
        filters: &[(&str, &[&str])],
    ) -> Task<Option<PathBuf>> {
        let _ = egui;
        Task::ready(self.pick_file(title, filters))
    }
    /// Ask where to save a file. Waits for the user, as [`FilePicker::pick_file`] does.
    fn save_file(&self, title: &str, default_name: &str) -> Option<PathBuf>;
    /// Ask where to save a file without waiting, as [`FilePicker::pick_file_task`] does.
    fn save_file_task(
        &self,
        egui: &egui::Context,
        title: &str,
        default_name: &str,
    ) -> Task<Option<PathBuf>> {
        let _ = egui;
        Task::ready(self.save_file(title, default_name))
    }
}

/// The system's native dialogs (rfd).
pub struct NativePicker;

impl FilePicker for NativePicker {
    fn pick_file(&self, title: &str, filters: &[(&str, &[&str])]) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new().set_title(title);
        for (name, ext) in filters {
            d = d.add_filter(*name, ext);
        }
        d.pick_file()
    }
    fn pick_file_task(
        &self,
        egui: &egui::Context,
        title: &str,
        filters: &[(&str, &[&str])],
    ) -> Task<Option<PathBuf>> {
        let title = title.to_string();
        let filters: Vec<(String, Vec<String>)> = filters
            .iter()
            .map(|(n, e)| (n.to_string(), e.iter().map(|x| x.to_string()).collect()))
            .collect();
        // rfd's blocking dialog on a thread of its own: on macOS it hands the panel to the main
        // thread itself; elsewhere the portal or the system dialog answers on this thread.
        Task::spawn("file-dialog", egui, move || {
            let mut d = rfd::FileDialog::new().set_title(&title);
            for (name, ext) in &filters {
                d = d.add_filter(name, ext);
            }
            d.pick_file()
        })
    }
    fn save_file(&self, title: &str, default_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(default_name)
            .save_file()
    }
    fn save_file_task(
        &self,
        egui: &egui::Context,
        title: &str,
        default_name: &str,
    ) -> Task<Option<PathBuf>> {
        let title = title.to_string();
        let name = default_name.to_string();
        Task::spawn("file-dialog", egui, move || {
            rfd::FileDialog::new()
                .set_title(&title)
                .set_file_name(&name)
                .save_file()
        })
    }
}

/// A picker that returns preset answers (tests, and headless runs). Clones share the queues,
/// so a test keeps one clone and gives another to the app.
#[derive(Clone, Default)]
pub struct PresetPicker {
    /// Files returned by `pick_file`, last first.
    pub open: std::rc::Rc<std::cell::RefCell<Vec<PathBuf>>>,
    /// Paths returned by `save_file`, last first.
    pub save: std::rc::Rc<std::cell::RefCell<Vec<PathBuf>>>,
}

impl PresetPicker {
    /// The next `pick_file` returns `path`.
    pub fn will_open(&self, path: impl Into<PathBuf>) {
        self.open.borrow_mut().push(path.into());
    }
    /// The next `save_file` returns `path`.
    pub fn will_save(&self, path: impl Into<PathBuf>) {
        self.save.borrow_mut().push(path.into());
    }
}

impl FilePicker for PresetPicker {
    fn pick_file(&self, _title: &str, _filters: &[(&str, &[&str])]) -> Option<PathBuf> {
        self.open.borrow_mut().pop()
    }
    fn save_file(&self, _title: &str, _default_name: &str) -> Option<PathBuf> {
        self.save.borrow_mut().pop()
    }
}

/// A file dialog open off the UI thread, and what its answer is for (`P`).
pub struct FileDialog<P> {
    open: Option<(P, Task<Option<PathBuf>>)>,
}

impl<P> Default for FileDialog<P> {
    fn default() -> Self {
        Self { open: None }
    }
}

impl<P> FileDialog<P> {
    /// Remember a dialog just opened for `purpose`.
    pub fn start(&mut self, purpose: P, dialog: Task<Option<PathBuf>>) {
        self.open = Some((purpose, dialog));
    }

    /// Whether a dialog is open.
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Once the dialog answered (never waits): what it was for and the file chosen. `None`
    /// while it is open, and when it was cancelled or failed (it is then closed).
    pub fn poll(&mut self) -> Option<(P, PathBuf)> {
        let answer = self.open.as_ref()?.1.poll()?;
        let (purpose, _) = self.open.take()?;
        answer.ok().flatten().map(|path| (purpose, path))
    }
}
