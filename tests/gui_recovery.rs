//! A bug in the serial worker must not take the app down: the worker's panic is caught on its
//! thread, the app says so in the user's language, ends the jobs that were running, starts a
//! new worker, and the next Connect works.

use ct11_configurator::at::basic::UartConfig;
use ct11_configurator::i18n::Lang;
use ct11_configurator::sim::{SimConfig, SimHandle};
use ct11_configurator::ui::files::PresetPicker;
use ct11_configurator::ui::settings::Settings;
use ct11_configurator::ui::testing::step_until;
use ct11_configurator::ui::{App, AppOptions};
use ct11_configurator::worker::{Link, LinkState, PortOpener};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Opens the simulated module, except that the first open panics (standing in for any bug
/// in code that runs on the worker thread).
struct PanicsOnce {
    inner: Arc<dyn PortOpener>,
    opens: AtomicUsize,
}

impl PortOpener for PanicsOnce {
    fn name(&self) -> String {
        self.inner.name()
    }

    fn open(&self, settings: &UartConfig) -> std::io::Result<Box<dyn Link>> {
        if self.opens.fetch_add(1, Ordering::SeqCst) == 0 {
            panic!("simulated bug while opening the port");
        }
        self.inner.open(settings)
    }
}

fn app(lang: Lang) -> (Harness<'static, App>, SimHandle) {
    let sim = SimHandle::spawn(SimConfig::fast());
    let opener = PanicsOnce {
        inner: ct11_configurator::sim::handle_opener(sim.clone()),
        opens: AtomicUsize::new(0),
    };
    let app = App::new(AppOptions {
        files: Box::new(PresetPicker::default()),
        simulated: Arc::new(opener),
        settings: Settings {
            lang: Some(lang),
            refresh_s: 0,
            ..Settings::default()
        },
    });
    let h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    (h, sim)
}

fn settle(h: &mut Harness<'static, App>, done: impl Fn(&App) -> bool) -> bool {
    let h = std::cell::RefCell::new(h);
    step_until(
        || h.borrow_mut().step(),
        |d| h.borrow_mut().state_mut().wait_for_worker(d),
        || done(h.borrow().state()),
        Duration::from_secs(20),
    )
}

fn worker_panic_is_survived(lang: Lang) {
    // The panic message of the simulated bug goes to stderr like any panic; that is expected.
    let (mut h, sim) = app(lang);
    h.state_mut().connect();
    assert!(
        settle(&mut h, |a| matches!(
            a.module.link,
            LinkState::Failed { .. }
        )),
        "the app notices that the worker stopped"
    );
    let said = match lang {
        Lang::En => "internal error and was restarted; connect again",
        Lang::Zh => "内部错误停止，已重新启动；请重新连接",
        Lang::ZhHant => "內部錯誤停止，已重新啟動；請重新連線",
    };
    h.step();
    assert!(
        h.query_all_by_label_contains(said).next().is_some(),
        "the app says what happened, in the user's language"
    );
    assert!(!h.state().jobs.any_busy(), "nothing is left running");

    // A new worker: connecting again works and the module answers.
    h.state_mut().connect();
    assert!(
        settle(&mut h, |a| a.module.link.is_connected()),
        "connects again after the restart"
    );
    assert!(
        settle(&mut h, |a| a.module.imei.is_some()),
        "the status strip reads the module"
    );
    assert!(sim.received_lines().iter().any(|l| l == "AT+GSN"));
}

#[test]
fn worker_panic_is_survived_en() {
    worker_panic_is_survived(Lang::En);
}

#[test]
fn worker_panic_is_survived_zh() {
    worker_panic_is_survived(Lang::Zh);
}

#[test]
fn worker_panic_is_survived_zh_hant() {
    worker_panic_is_survived(Lang::ZhHant);
}
