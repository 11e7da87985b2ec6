//! The desktop app: an app shell over one panel per feature area, plain state structs, and the
//! worker's channels. See [`app::App`].

pub mod alert;
pub mod app;
pub mod ctx;
pub mod files;
pub mod fonts;
pub mod jobs;
pub mod log;
pub mod memory;
pub mod module_view;
pub mod pacer;
pub mod panels;
pub mod ports;
pub mod settings;
pub mod startup;
pub mod status;
pub mod tab;
pub mod task;
pub mod testing;
pub mod topbar;
pub mod warmup;
pub mod widgets;

pub use app::{App, AppOptions, EframeApp};

use std::sync::Arc;

/// The app's name: the window's accessible name and the folder of its saved settings.
pub const APP_NAME: &str = "CT11 Configurator";

/// The window's title, and its name in the accessibility tree.
pub const TITLE: &str = APP_NAME;

/// Give the window's accessibility node its name (egui leaves the root node unnamed, so screen
/// readers and test tools saw a nameless window whatever the title bar said). Every frame: the
/// tree is rebuilt each frame.
pub fn name_window(ctx: &egui::Context) {
    ctx.accesskit_node_builder(egui::accesskit_root_id(), |n| n.set_label(TITLE));
}

/// The window's size at its first start (later starts restore the size the user left it at).
/// It fits a 1366x768 laptop screen with its title bar and a taskbar (1280x800 did not), and
/// is 20 % fewer pixels for the software renderer's first frame than 1280x800 (6 ms sooner
/// on screen under Xvfb, `scripts/firstpaint.py`).
pub const DEFAULT_SIZE: [f32; 2] = [1200.0, 680.0];

/// Changes applied to the saved settings at start (command-line options).
pub type SettingsOverride = Box<dyn FnOnce(&mut settings::Settings)>;

/// Open the real window. `connect`: connect to the selected port at once; `lang`: the language
/// asked for on the command line (also in `overrides`), to prepare its messages early.
pub fn run(
    simulated: Arc<dyn crate::worker::PortOpener>,
    overrides: SettingsOverride,
    connect: bool,
    lang: Option<crate::i18n::Lang>,
) -> eframe::Result<()> {
    let settings_path = settings::default_path();
    // Our own file (written atomically); the settings of older versions, kept in eframe's
    // storage, are read once if there is no file yet (when the window's storage is open).
    let from_file = settings_path
        .as_deref()
        .and_then(|p| settings::Settings::load(p).ok().flatten());
    let warm_up = warmup::start(
        lang.or(from_file.as_ref().and_then(|s| s.lang))
            .unwrap_or_else(crate::i18n::Lang::from_system),
    );
    let icon = eframe::icon_data::from_png_bytes(include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/icons/png/256.png"
    )))
    .ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id("ct11-configurator")
        .with_inner_size(DEFAULT_SIZE)
        .with_min_inner_size([900.0, 600.0]);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        // egui dithers every pixel against banding in gradients; this window is flat colours
        // (screenshots with and without differ by at most 2 % in any pixel), and under
        // software rendering the simpler shader takes the first frame 2.4 ms less to draw.
        dithering: false,
        event_loop_builder: Some(warm_up),
        ..Default::default()
    };
    memory::large_blocks_from_the_system();
    startup::mark("run_native");
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| {
            startup::mark("app creator (window and GL ready)");
            let mut settings = from_file
                .or_else(|| {
                    cc.storage
                        .and_then(|s| eframe::get_value::<settings::Settings>(s, eframe::APP_KEY))
                })
                .unwrap_or_default();
            overrides(&mut settings);
            let mut app = App::new(AppOptions {
                files: Box::new(files::NativePicker),
                simulated,
                settings,
            });
            app.fast_start = true;
            if connect {
                app.connect();
            }
            startup::mark("app created");
            Ok(Box::new(EframeApp::new(
                app,
                settings::SettingsSaver::new(settings_path),
            )))
        }),
    )
}
