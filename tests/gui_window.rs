//! The real window, started as a user starts it: the release of the `gui` command under Xvfb
//! (software OpenGL through Mesa), connected to the simulated module, with and without the
//! start's OpenGL preload (`ui::warmup`). The window must draw its first frames and stay up;
//! with the preload, the helper must have loaded Mesa's driver before the window came up.
//!
//! Needs `Xvfb` (CI installs it); without it the test says so and passes.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// An Xvfb server on a display of its own choosing, stopped on drop.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Option<Xvfb> {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x860x24",
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        // Xvfb writes the display's number once it accepts clients.
        let mut line = String::new();
        BufReader::new(child.stdout.take()?)
            .read_line(&mut line)
            .ok()?;
        let number = line.trim();
        if number.is_empty() {
            let _ = child.kill();
            return None;
        }
        Some(Xvfb {
            display: format!(":{number}"),
            child,
        })
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Mesa's driver where the app looks for it (`ui::warmup`), and no NVIDIA driver.
fn mesa_driver_present() -> bool {
    let multiarch = format!("/usr/lib/{}-linux-gnu/dri", std::env::consts::ARCH);
    !std::path::Path::new("/proc/driver/nvidia").exists()
        && [multiarch.as_str(), "/usr/lib64/dri", "/usr/lib/dri"]
            .iter()
            .any(|dir| std::path::Path::new(dir).join("swrast_dri.so").is_file())
}

/// Start the window and read its start trace until the third frame is laid out; returns the
/// trace. Panics if the window exits or takes more than 60 s.
fn start_window(display: &str, preload: bool) -> Vec<String> {
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_ct11-configurator"));
    command
        .args(["gui", "--port", "sim", "--connect", "--lang", "en"])
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("CT11_STARTUP_TRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if preload {
        command.env_remove("CT11_NO_PRELOAD");
    } else {
        command.env("CT11_NO_PRELOAD", "1");
    }
    let mut child = command.spawn().expect("start the app");
    let stderr = child.stderr.take().unwrap();
    let (lines, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut trace = Vec::new();
    let outcome = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                let done = line.contains("frame 2 layout begins");
                trace.push(line);
                if done {
                    break Ok(());
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => break Err("no third frame within 60 s"),
            Err(mpsc::RecvTimeoutError::Disconnected) => break Err("the app exited"),
        }
    };
    let still_running = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    if let Err(why) = outcome {
        panic!("{why}; trace so far:\n{}", trace.join("\n"));
    }
    assert!(
        still_running,
        "the app exited after its third frame:\n{}",
        trace.join("\n")
    );
    trace
}

fn has(trace: &[String], step: &str) -> bool {
    trace.iter().any(|line| line.ends_with(step))
}

#[test]
fn the_real_window_draws_with_and_without_the_opengl_preload() {
    let Some(xvfb) = Xvfb::start() else {
        eprintln!("Xvfb is not installed: the real window is not tried");
        return;
    };

    let trace = start_window(&xvfb.display, true);
    assert!(has(&trace, "winit starts"), "{trace:#?}");
    assert!(
        has(&trace, "app creator (window and GL ready)"),
        "{trace:#?}"
    );
    if mesa_driver_present() {
        assert!(has(&trace, "X libraries loaded"), "{trace:#?}");
        assert!(has(&trace, "OpenGL libraries loaded"), "{trace:#?}");
    }

    let trace = start_window(&xvfb.display, false);
    assert!(
        has(&trace, "app creator (window and GL ready)"),
        "{trace:#?}"
    );
    assert!(!has(&trace, "X libraries loaded"), "{trace:#?}");
    assert!(!has(&trace, "OpenGL libraries loaded"), "{trace:#?}");
}
