//! File dialogs never hold the window: the profile, batch and log dialogs run off the UI
//! thread (the real ones are modal on some systems and can stay open for minutes). A dialog
//! here answers only when the test says so, and its blocking calls panic: the window must keep
//! drawing while it is open, and go on with the answer when it comes.

use crossbeam_channel::{Receiver, Sender};
use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::SimConfig;
use ct11_configurator::ui::App;
use ct11_configurator::ui::files::FilePicker;
use ct11_configurator::ui::tab::Tab;
use ct11_configurator::ui::task::Task;
use ct11_configurator::ui::testing::app_with_sim;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Dialogs that answer when the test sends the answer.
struct LateDialogs {
    answers: Receiver<Option<PathBuf>>,
}

impl LateDialogs {
    fn task(&self, egui: &egui::Context) -> Task<Option<PathBuf>> {
        let answers = self.answers.clone();
        Task::spawn("test-dialog", egui, move || answers.recv().ok().flatten())
    }
}

impl FilePicker for LateDialogs {
    fn pick_file(&self, _: &str, _: &[(&str, &[&str])]) -> Option<PathBuf> {
        panic!("the UI thread waited for an open dialog")
    }
    fn save_file(&self, _: &str, _: &str) -> Option<PathBuf> {
        panic!("the UI thread waited for a save dialog")
    }
    fn pick_file_task(
        &self,
        egui: &egui::Context,
        _: &str,
        _: &[(&str, &[&str])],
    ) -> Task<Option<PathBuf>> {
        self.task(egui)
    }
    fn save_file_task(&self, egui: &egui::Context, _: &str, _: &str) -> Task<Option<PathBuf>> {
        self.task(egui)
    }
}

fn start(tab: Tab) -> (Harness<'static, App>, Sender<Option<PathBuf>>) {
    let (mut app, _sim, _files) = app_with_sim(SimConfig::fast(), Lang::En);
    let (tx, rx) = crossbeam_channel::unbounded();
    app.set_files(Box::new(LateDialogs { answers: rx }));
    app.settings.tab = tab;
    app.settings.log_visible = false;
    let h = Harness::builder()
        .with_size([1400.0, 2400.0])
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    (h, tx)
}

fn until(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&App) -> bool) {
    let end = Instant::now() + Duration::from_secs(30);
    while !done(h.state()) {
        assert!(Instant::now() < end, "{what}");
        h.step();
        h.state_mut().wait_for_worker(Duration::from_millis(10));
    }
}

const PROFILE: &str = "[power]\nsleep = \"none\"\n";

#[test]
fn choosing_the_batch_profile_leaves_the_window_drawing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("site.toml");
    std::fs::write(&path, PROFILE).expect("profile");
    let (mut h, answer) = start(Tab::Batch);
    h.step();
    h.get_by_label("Choose profile…").click();
    for _ in 0..5 {
        h.step();
    }
    assert!(h.state().panels.batch.profile().is_none());
    assert!(
        h.state().panels.batch.background_busy(),
        "the dialog is open"
    );
    answer.send(Some(path)).expect("answer");
    until(&mut h, "the profile is read", |a| {
        a.panels.batch.profile().is_some()
    });
}

#[test]
fn opening_and_saving_a_profile_leave_the_window_drawing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("site.toml");
    std::fs::write(&path, PROFILE).expect("profile");
    let (mut h, answer) = start(Tab::Profiles);
    h.step();
    h.get_by_label("Open profile…").click();
    for _ in 0..5 {
        h.step();
    }
    assert!(h.state().panels.profiles.file_busy(), "the dialog is open");
    answer.send(Some(path)).expect("answer");
    until(&mut h, "the profile is read", |a| {
        !a.panels.profiles.file_busy()
    });
    h.run();
    assert!(h.query_all_by_label_contains("site.toml").next().is_some());

    // Save it elsewhere; a dialog closed without a choice changes nothing.
    h.get_by_label("Save profile…").click();
    h.run();
    h.get_by_label("Save without the password").click();
    h.step();
    assert!(h.state().panels.profiles.file_busy(), "the dialog is open");
    answer.send(None).expect("cancel");
    until(&mut h, "the dialog closes", |a| {
        !a.panels.profiles.file_busy()
    });
    let copy = dir.path().join("copy.toml");
    h.get_by_label("Save profile…").click();
    h.run();
    h.get_by_label("Save without the password").click();
    for _ in 0..5 {
        h.step();
    }
    assert!(!copy.exists());
    answer.send(Some(copy.clone())).expect("answer");
    until(&mut h, "the profile is saved", |a| {
        !a.panels.profiles.file_busy()
    });
    let text = std::fs::read_to_string(&copy).expect("saved");
    assert!(text.contains("sleep"), "{text}");
}
