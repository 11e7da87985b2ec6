//! What the GUI tests share: the real app on a simulated module in a test harness, bounded
//! waits that run frames and wait on the worker (never a fixed sleep), and a user's actions
//! found by label: clicking (once the widget is there and enabled, as a person would; a click
//! that the layout moved the widget away from fails at once, naming it), typing, choosing,
//! switching panels.
//!
//! Each test binary compiles this module on its own, so helpers one binary does not use are
//! not dead code.
#![allow(dead_code)]

use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::{SimConfig, SimHandle, SimState};
use ct11_configurator::ui::App;
use ct11_configurator::ui::files::PresetPicker;
use ct11_configurator::ui::jobs::JobView;
use ct11_configurator::ui::tab::Tab;
use ct11_configurator::ui::testing::app_with_sim;
use ct11_configurator::worker::Request;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use egui_kittest::{Harness, Node};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The real app in a test harness.
pub type Gui = Harness<'static, App>;

/// Bound for every wait. A passing test never waits this long (each wait ends as soon as its
/// condition holds); it only decides how long a failing one takes to say so, so it is generous
/// for slow, shared CI machines.
pub const LIMIT: Duration = Duration::from_secs(20);

/// Between frames, how long to wait for the worker's next event (it wakes at once on one).
const TICK: Duration = Duration::from_millis(20);

pub mod hant;

/// Every language the app speaks: the GUI tests run in each.
pub const LANGS: [Lang; 3] = [Lang::En, Lang::Zh, Lang::ZhHant];

/// The text a test looks for, as the app showed it before the catalogues (English and
/// Simplified Chinese): checking the literal texts proves the catalogues kept them. In
/// Traditional Chinese the text is the Traditional message the Simplified one names
/// ([`hant::traditional`]).
pub trait Pick {
    fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str;
}

impl Pick for Lang {
    fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
            Lang::ZhHant => hant::traditional(zh),
        }
    }
}

pub fn t(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    lang.pick(en, zh)
}

/// A text in each language, for a part of a message that the Simplified text alone cannot name
/// in Traditional Chinese (it spans a placeholder).
pub fn t3(lang: Lang, en: &'static str, zh: &'static str, hant: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
        Lang::ZhHant => hant,
    }
}

/// Every label and value in the accessibility tree, the window's own name first.
pub fn tree_texts(h: &Gui) -> Vec<String> {
    let root = h.root();
    std::iter::once(root)
        .chain(root.children_recursive())
        .flat_map(|n| {
            let a = n.accesskit_node();
            [a.label(), a.value()]
        })
        .flatten()
        .collect()
}

/// [`Pick`] for texts a test formats itself.
pub fn said(lang: Lang, en: String, zh: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
        Lang::ZhHant => hant::traditional(&zh).to_string(),
    }
}

/// A certificate file from `tests/fixtures/certs`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/certs")
        .join(name)
}

// ----- start-up --------------------------------------------------------------------------------

/// The real app on a simulated module made from `cfg`, in `lang`, showing `tab` in a window of
/// `size`, connected. `prepare` adjusts the app (and the module) before the first frame. What
/// the panel reads when shown is the caller's to wait for.
#[track_caller]
pub fn launch(
    cfg: SimConfig,
    lang: Lang,
    tab: Tab,
    size: [f32; 2],
    prepare: impl FnOnce(&mut App, &SimHandle),
) -> (Gui, SimHandle, PresetPicker) {
    let (mut app, sim, files) = app_with_sim(cfg, lang);
    app.settings.tab = tab;
    prepare(&mut app, &sim);
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.state_mut().connect();
    settle(&mut h, "connects", |a| a.module.link.is_connected());
    (h, sim, files)
}

/// The real app on `tab` (log hidden, no periodic status refresh), connected to a simulated
/// module made from `cfg`, with every first read done.
#[track_caller]
pub fn connected(cfg: SimConfig, lang: Lang, tab: Tab) -> (Gui, SimHandle) {
    let (mut h, sim, _files) = launch(cfg, lang, tab, [1400.0, 3200.0], |app, _| {
        app.settings.log_visible = false;
        app.settings.refresh_s = 0;
    });
    settle(&mut h, "connected and read", |a| !a.jobs.any_busy());
    (h, sim)
}

/// The fast simulated module wants 20 ms of silence around `+++`; keep a margin above it.
pub fn quick_escape_guard(app: &mut App) {
    app.settings.escape_guard_ms = 60;
    app.send(Request::SetEscapeGuard(Duration::from_millis(60)));
}

// ----- waiting ---------------------------------------------------------------------------------

/// Run frames until `done` holds, waiting on the worker between them; panics naming `what` if
/// it does not hold within [`LIMIT`].
#[track_caller]
pub fn settle(h: &mut Gui, what: &str, done: impl FnMut(&App) -> bool) {
    settle_within(h, LIMIT, what, done);
}

/// [`settle`] with its own bound, for work that takes long even on a fast machine.
#[track_caller]
pub fn settle_within(h: &mut Gui, limit: Duration, what: &str, mut done: impl FnMut(&App) -> bool) {
    let end = Instant::now() + limit;
    loop {
        h.step();
        if done(h.state()) {
            return;
        }
        if Instant::now() > end {
            panic!(
                "timed out after {} s waiting for: {what}\n{}",
                limit.as_secs(),
                diagnostics(h.state())
            );
        }
        h.state_mut().wait_for_worker(TICK);
    }
}

/// Wait (running the app) until the simulated module's state satisfies `done`. The app's own
/// job may still be finishing then: before the next click on the panel, wait for it with
/// [`finished`] when the panel's layout or buttons depend on it.
#[track_caller]
pub fn settle_sim(
    h: &mut Gui,
    sim: &SimHandle,
    what: &str,
    mut done: impl FnMut(&SimState) -> bool,
) {
    settle(h, what, |_| done(&sim.state()));
}

/// Wait until the latest job of `owner` is done (answered, failed or cancelled) and return it.
#[track_caller]
pub fn finished(h: &mut Gui, owner: &str) -> JobView {
    settle(h, &format!("job '{owner}' to finish"), |a| {
        a.jobs.latest(owner).is_some_and(|j| j.done)
    });
    h.state().jobs.latest(owner).cloned().expect("just seen")
}

/// Keep the app running (frames and worker events, no sleeping) for `d`.
pub fn run_for(h: &mut Gui, d: Duration) {
    let end = Instant::now() + d;
    while Instant::now() < end {
        h.step();
        h.state_mut().wait_for_worker(TICK);
    }
}

fn diagnostics(app: &App) -> String {
    format!(
        "link: {:?}, language: {:?}, data mode: {}, a job running: {}",
        app.module.link,
        app.lang,
        app.module.data_mode,
        app.jobs.any_busy(),
    )
}

// ----- finding widgets -------------------------------------------------------------------------

/// How a test names a widget.
#[derive(Clone, Copy, Debug)]
pub enum By<'a> {
    /// Its label (exactly one widget may have it).
    Label(&'a str),
    /// Its role and label, when a text elsewhere has the same words.
    Role(Role, &'a str),
    /// A panel's button in the left navigation (the title is also shown as text).
    Nav(&'a str),
}

impl<'a> By<'a> {
    fn find<'t>(&self, h: &'t Gui) -> Option<Node<'t>>
    where
        'a: 't,
    {
        match *self {
            By::Label(label) => h.query_by_label(label),
            By::Role(role, label) => h.query_by_role_and_label(role, label),
            By::Nav(title) => h
                .query_all_by_label(title)
                .find(|n| n.accesskit_node().role() != Role::Label),
        }
    }

    fn label(&self) -> &str {
        match *self {
            By::Label(l) | By::Role(_, l) | By::Nav(l) => l,
        }
    }
}

fn is_enabled(n: &Node<'_>) -> bool {
    !n.accesskit_node().is_disabled()
}

/// Whether the widget labelled `label` is enabled, now (no waiting).
pub fn enabled(h: &Gui, label: &str) -> bool {
    is_enabled(&h.get_by_label(label))
}

/// Whether some text on screen contains `text`.
pub fn shows(h: &Gui, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// The value (e.g. the text) of the widget labelled `label`.
pub fn value(h: &Gui, label: &str) -> String {
    h.get_by_label(label).value().unwrap_or_default()
}

/// Wait, as a person would, until the widget exists and is enabled (panels disable their
/// buttons while their job runs, and a job's answer can show or enable them).
#[track_caller]
fn wait_usable(h: &mut Gui, by: By<'_>) {
    let end = Instant::now() + LIMIT;
    loop {
        match by.find(h) {
            Some(n) if is_enabled(&n) => return,
            found => {
                if Instant::now() > end {
                    let label = by.label();
                    let secs = LIMIT.as_secs();
                    match found {
                        Some(_) => panic!(
                            "button '{label}' stayed disabled for {secs} s\n{}",
                            diagnostics(h.state())
                        ),
                        None => panic!(
                            "no widget '{label}' ({by:?}) appeared within {secs} s\n{}",
                            diagnostics(h.state())
                        ),
                    }
                }
            }
        }
        h.state_mut().wait_for_worker(TICK);
        h.step();
    }
}

// ----- acting ----------------------------------------------------------------------------------

/// Click the widget labelled `label` once it is there and enabled, then run two frames (widgets
/// drawn before the clicked one show its effect on the next frame).
#[track_caller]
pub fn click(h: &mut Gui, label: &str) {
    click_on(h, By::Label(label));
}

/// [`click`] for a widget named otherwise.
#[track_caller]
pub fn click_on(h: &mut Gui, by: By<'_>) {
    wait_usable(h, by);
    let (at, id) = {
        let n = by.find(h).expect("just found");
        let at = n.rect().center();
        n.click();
        (at, n.accesskit_node().id())
    };
    h.step();
    // The click lands where the widget was in the last frame. If that frame's layout changed in
    // the one that took the click (most often a job finished and its progress row went), the
    // click hit something else or nothing: say so here rather than let the test fail later.
    let now = h
        .query_all_by_label(by.label())
        .find(|n| n.accesskit_node().id() == id)
        .map(|n| n.rect());
    if let Some(rect) = now
        && !rect.contains(at)
    {
        panic!(
            "'{}' moved from around {at:?} to {rect:?} in the frame that took the click, so the \
             click missed it: wait for what changes the layout (usually a job finishing) first",
            by.label()
        );
    }
    h.step();
}

/// Click the disabled widget labelled `label` to prove nothing happens; panics if it is enabled.
#[track_caller]
pub fn click_disabled(h: &mut Gui, label: &str) {
    let n = h.get_by_label(label);
    assert!(
        !is_enabled(&n),
        "'{label}' is enabled: click_disabled is for clicks that must do nothing"
    );
    n.click();
    h.step();
    h.step();
}

/// Open a panel from the left navigation.
#[track_caller]
pub fn open_tab(h: &mut Gui, title: &str) {
    click_on(h, By::Nav(title));
}

/// Pick `option` in the drop-down labelled `label`.
#[track_caller]
pub fn choose(h: &mut Gui, label: &str, option: &str) {
    click_on(h, By::Role(Role::ComboBox, label));
    click(h, option);
}

/// Replace the text of the input labelled `label` as a person does: focus, select all, delete,
/// type. Two frames after typing: forms validate what they drew from, so the second shows the
/// errors of the new text.
#[track_caller]
pub fn set_text(h: &mut Gui, label: &str, text: &str) {
    wait_usable(h, By::Label(label));
    h.get_by_label(label).focus();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.step();
    h.key_press(Key::Delete);
    h.step();
    h.get_by_label(label).type_text(text);
    h.step();
    h.step();
}

/// Replace the text of the text input labelled `label` in one go, as assistive technology does.
#[track_caller]
pub fn replace_text(h: &mut Gui, label: &str, text: &str) {
    let by = By::Role(Role::TextInput, label);
    wait_usable(h, by);
    by.find(h)
        .expect("just found")
        .set_text_value_accesskit(text);
    h.step();
    h.step();
}

// ----- the simulated module --------------------------------------------------------------------

/// The lines the module received that start with `prefix`, in order.
pub fn sent(sim: &SimHandle, prefix: &str) -> Vec<String> {
    sim.received_lines()
        .into_iter()
        .filter(|l| l.starts_with(prefix))
        .collect()
}
