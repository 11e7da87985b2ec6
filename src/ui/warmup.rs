//! What the window's start needs, prepared on a helper thread while eframe sets up the window.
//!
//! Before the first frame, eframe works one step after another on the main thread: it connects
//! to the display and reads the keyboard's compose tables, opens the OpenGL libraries (whose
//! Mesa driver pulls in LLVM, the largest library the app loads: tens of milliseconds of
//! relocation on a cold start), creates the context and compiles its shaders, and only then
//! asks the app to start. Meanwhile a helper thread, on the second core, parses the message
//! catalogue of the window's language and looks up the system's time zone (the log's clock,
//! which lists the zone database); the app's start then finds both ready instead of spending
//! 2-3 ms on them.
//!
//! Tried and left out: loading the OpenGL libraries (Mesa's driver and LLVM) on a helper thread
//! while winit connects to the display. The dynamic loader holds one lock while it loads a
//! library, so winit's own library loading waited for it; `scripts/firstpaint.py` showed no
//! gain (0.130 s against 0.122 s without it, median of 25, within the noise).

use crate::i18n::Lang;

/// Start the helpers; returns at once. `lang`: the language the window will most likely use.
pub fn start(lang: Lang) {
    let _ = std::thread::Builder::new()
        .name("warm-up".into())
        .spawn(move || {
            crate::i18n::prepare(lang);
            let _ = jiff::tz::TimeZone::try_system();
            super::startup::mark("catalogue and time zone ready");
        });
}
