//! What the window's start needs, prepared on a helper thread while eframe sets up the window.
//!
//! Before the first frame, eframe works one step after another on the main thread: it connects
//! to the display and reads the keyboard's compose tables, opens the OpenGL libraries (whose
//! Mesa driver pulls in LLVM, the largest library the app loads: 15-25 ms of relocation and
//! static constructors), creates the context and compiles its shaders, and only then asks the
//! app to start. Meanwhile a helper thread, on the second core:
//! 1. parses the message catalogue of the window's language and looks up the system's time
//!    zone (the log's clock, which lists the zone database): 2-3 ms the app's start then saves;
//! 2. on X11, loads Mesa's driver, so that when glutin asks for OpenGL the libraries are
//!    already there (`scripts/firstpaint.py`, 25 starts with and 25 without, alternating:
//!    first paint 5-6 ms sooner, median of the pairs' differences).
//!
//! The dynamic loader holds one lock while it loads a library, and winit takes that lock too
//! (it opens the X libraries and looks up some thousand functions by name as it starts). So
//! the main thread loads the X and xkbcommon libraries itself before the helper starts, and the
//! helper loads Mesa only when eframe is about to start winit: the big load then runs beside
//! the lock-free part of winit's start (the display connection, the two compose tables).
//! Loading Mesa as early as possible made winit wait for it: no gain.
//!
//! Skipped when NVIDIA's own driver is installed or no Mesa driver is found (it would load a
//! library nobody uses), on Wayland (another start path, not measured), and with
//! `CT11_NO_PRELOAD=1` (to measure the difference; `tests/gui_window.rs` starts both ways).

use crate::i18n::Lang;

/// Start the helper; returns at once. `lang`: the language the window will most likely use.
/// The returned hook goes into eframe's `NativeOptions::event_loop_builder`: eframe calls it
/// just before winit starts, and that is the helper's cue to load OpenGL.
pub fn start(lang: Lang) -> eframe::EventLoopBuilderHook {
    let mesa = graphics::prepare();
    let (go, cue) = std::sync::mpsc::channel::<()>();
    let _ = std::thread::Builder::new()
        .name("warm-up".into())
        .spawn(move || {
            crate::i18n::prepare(lang);
            let _ = jiff::tz::TimeZone::try_system();
            super::startup::mark("catalogue and time zone ready");
            // No cue (the window never started): nothing to load.
            if let Some(driver) = mesa
                && cue.recv().is_ok()
            {
                graphics::load_mesa(&driver);
                super::startup::mark("OpenGL libraries loaded");
            }
        });
    Box::new(move |_| {
        super::startup::mark("winit starts");
        let _ = go.send(());
    })
}

/// Windows and macOS: their OpenGL is the system's own, nothing to preload.
#[cfg(not(all(unix, not(target_os = "macos"))))]
mod graphics {
    use std::path::{Path, PathBuf};

    pub fn prepare() -> Option<PathBuf> {
        None
    }

    pub fn load_mesa(_driver: &Path) {}
}

#[cfg(all(unix, not(target_os = "macos")))]
mod graphics {
    use std::ffi::{CString, OsStr};
    use std::os::unix::ffi::OsStrExt;
    use std::path::{Path, PathBuf};

    /// The X libraries winit opens by name as it starts (x11-dl, xkbcommon-dl).
    const X11_LIBRARIES: [&str; 6] = [
        "libX11.so.6",
        "libXcursor.so.1",
        "libXrandr.so.2",
        "libXi.so.6",
        "libXext.so.6",
        "libX11-xcb.so.1",
    ];

    /// On the main thread: load what winit will look up, and find the Mesa driver for the
    /// helper to load (None: nothing to preload here).
    pub fn prepare() -> Option<PathBuf> {
        let x11 = std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty());
        let wayland = std::env::var_os("WAYLAND_DISPLAY").is_some_and(|d| !d.is_empty());
        if std::env::var_os("CT11_NO_PRELOAD").is_some() || !x11 || wayland {
            return None;
        }
        for library in X11_LIBRARIES {
            open(OsStr::new(library), libc::RTLD_LAZY);
        }
        // xkbcommon-dl keeps its handles in statics that winit shares: opened here, winit
        // finds them ready instead of looking up its functions in the middle of its start.
        let _ = xkbcommon_dl::xkbcommon_option();
        let _ = xkbcommon_dl::xkbcommon_compose_option();
        let _ = xkbcommon_dl::x11::xkbcommon_x11_option();
        super::super::startup::mark("X libraries loaded");
        if Path::new("/proc/driver/nvidia").exists() {
            return None;
        }
        mesa_driver()
    }

    /// Mesa's driver file. All of Mesa's `*_dri.so` are one file (hard links, or small stubs
    /// of one library since Mesa 24), so the software one stands for whichever GPU driver Mesa
    /// picks: the loader knows a file it has loaded by its identity, not by its name.
    fn mesa_driver() -> Option<PathBuf> {
        // Where Mesa itself looks: the directories the user set, else the system's.
        let dirs: Vec<PathBuf> = match std::env::var_os("LIBGL_DRIVERS_PATH") {
            Some(configured) => std::env::split_paths(&configured).collect(),
            None => [
                format!("/usr/lib/{}-linux-gnu/dri", std::env::consts::ARCH),
                "/usr/lib64/dri".into(),
                "/usr/lib/dri".into(),
            ]
            .into_iter()
            .map(PathBuf::from)
            .collect(),
        };
        dirs.into_iter()
            .map(|dir| dir.join("swrast_dri.so"))
            .find(|driver| driver.is_file())
    }

    /// On the helper, once winit starts: load the OpenGL libraries glutin and libglvnd open
    /// (short loads: winit's own lookups, a thousand short holds of the loader's lock, go on
    /// between them), then Mesa's driver with the flags Mesa's own loader uses, so that its
    /// later open finds it loaded.
    pub fn load_mesa(driver: &Path) {
        open(OsStr::new("libGL.so.1"), libc::RTLD_LAZY);
        open(OsStr::new("libGLX_mesa.so.0"), libc::RTLD_LAZY);
        open(driver.as_os_str(), libc::RTLD_NOW | libc::RTLD_GLOBAL);
    }

    /// `dlopen`, keeping the handle: the library stays loaded for the process's life, as it
    /// would once winit or Mesa had opened it. A library that is missing is simply not loaded.
    fn open(name: &OsStr, flags: libc::c_int) {
        let Ok(name) = CString::new(name.as_bytes()) else {
            return;
        };
        // SAFETY: a NUL-terminated name and valid flags; the handle is deliberately never
        // closed, and the libraries' constructors are the ones winit's or Mesa's own open
        // would run anyway.
        let _ = unsafe { libc::dlopen(name.as_ptr(), flags) };
    }
}
