//! File dialogs behind a small trait, so tests inject the files a user would pick.

use std::path::PathBuf;

/// Opens file dialogs.
pub trait FilePicker {
    /// Ask for a file to open. `filters`: (name, extensions).
    fn pick_file(&self, title: &str, filters: &[(&str, &[&str])]) -> Option<PathBuf>;
    /// Ask where to save a file.
    fn save_file(&self, title: &str, default_name: &str) -> Option<PathBuf>;
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
    fn save_file(&self, title: &str, default_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title(title)
            .set_file_name(default_name)
            .save_file()
    }
}

/// A picker that returns preset answers (tests, and headless runs).
#[derive(Default)]
pub struct PresetPicker {
    pub open: std::cell::RefCell<Vec<PathBuf>>,
    pub save: std::cell::RefCell<Vec<PathBuf>>,
}

impl FilePicker for PresetPicker {
    fn pick_file(&self, _title: &str, _filters: &[(&str, &[&str])]) -> Option<PathBuf> {
        self.open.borrow_mut().pop()
    }
    fn save_file(&self, _title: &str, _default_name: &str) -> Option<PathBuf> {
        self.save.borrow_mut().pop()
    }
}
