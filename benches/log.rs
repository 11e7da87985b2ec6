//! The log's benchmark: `cargo bench --bench log`.
//!
//! 1. Ingest 1,000,000 lines through `LogPanel::on_event` (a typical AT session mix): time,
//!    and resident memory after (`VmRSS` from /proc/self/status).
//! 2. Ingest raw transparent-mode data (4 KiB chunks, as a 921600-baud stream arrives): MB/s.
//! 3. Frame time of `LogPanel::ui` with 1,000,000 lines in a headless `egui::Context` at
//!    1280x800: mean and p99 over 200 frames, at the bottom (still, and with new lines every
//!    frame) and in the middle (still, and paging every frame).
//! 4. Searching and saving the million lines.
//!
//! Prints a Markdown table.

use ct11_configurator::at::error_code::ModuleError;
use ct11_configurator::at::urc::Urc;
use ct11_configurator::at::{Frame, FrameKind};
use ct11_configurator::i18n::Lang;
use ct11_configurator::ui::files::PresetPicker;
use ct11_configurator::ui::log::{LogPanel, save};
use ct11_configurator::worker::{Event, RxLine};
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant, SystemTime};

const LINES: usize = 1_000_000;
const FRAMES: usize = 200;

fn rss_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// CPU time of this thread (so other processes on a busy machine do not count).
#[cfg(unix)]
fn cpu_now() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[cfg(not(unix))]
fn cpu_now() -> Duration {
    Duration::ZERO
}

/// Wall and CPU time of `f`.
fn timed<R>(f: impl FnOnce() -> R) -> (R, Duration, Duration) {
    let (w, c) = (Instant::now(), cpu_now());
    let r = f();
    (r, w.elapsed(), cpu_now() - c)
}

fn fmt_mib(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".into(), |v| format!("{v:.1} MiB"))
}

fn rx(raw: &[u8], kind: FrameKind, unsolicited: bool) -> Event {
    Event::Rx(RxLine {
        at: SystemTime::now(),
        frame: Frame {
            kind,
            raw: raw.to_vec(),
        },
        unsolicited,
    })
}

/// One round of a typical session: a query, its echo, answer, blank and OK; now and then a URC
/// or an error. Each event is one log line.
fn session() -> Vec<Event> {
    let tx = |b: &[u8]| Event::Tx {
        at: SystemTime::now(),
        bytes: b.to_vec(),
        secrets: Vec::new(),
    };
    vec![
        tx(b"AT+CSQ\r\n"),
        rx(b"AT+CSQ\r", FrameKind::Echo("AT+CSQ".into()), false),
        rx(
            b"\n+CSQ: 23,99\r\n",
            FrameKind::Info {
                name: "CSQ".into(),
                body: "23,99".into(),
            },
            false,
        ),
        rx(b"\r\n", FrameKind::Blank, false),
        rx(b"OK\r\n", FrameKind::Ok, false),
        tx(b"AT+QMTPUBEX=0,0,0,0,\"ct11/telemetry\",42\r\n"),
        rx(
            b"> ",
            FrameKind::Prompt(ct11_configurator::at::frame::Prompt::Single),
            false,
        ),
        tx(b"{\"t\":21.5,\"h\":40,\"bat\":3.91,\"seq\":1234}\r\n"),
        rx(b"\r\nOK\r\n", FrameKind::Ok, false),
        rx(
            b"+QMTRECV: 0,0,\"ct11/cmd\",\"{\\\"led\\\":1}\"\r\n",
            FrameKind::Urc(Urc::MqttConnected),
            true,
        ),
        tx(b"AT+QISTATE?\r\n"),
        rx(
            b"\r\nERROR=104\r\n",
            FrameKind::Error(ModuleError::Code(104)),
            false,
        ),
    ]
}

fn set_time(e: &mut Event, at: SystemTime) {
    match e {
        Event::Tx { at: a, .. } => *a = at,
        Event::Rx(l) => l.at = at,
        _ => {}
    }
}

fn event_bytes(e: &Event) -> usize {
    match e {
        Event::Tx { bytes, .. } => bytes.len(),
        Event::Rx(l) => l.frame.raw.len(),
        _ => 0,
    }
}

fn fill(panel: &mut LogPanel, lines: usize) -> usize {
    let mut events = session();
    let start = SystemTime::now();
    let mut bytes = 0;
    let mut i = 0u64;
    while panel.len() < lines {
        for e in &mut events {
            i += 1;
            set_time(e, start + Duration::from_micros(i * 250));
            panel.on_event(e);
            bytes += event_bytes(e);
        }
    }
    bytes
}

struct Frames {
    ctx: egui::Context,
    picker: PresetPicker,
    t: f64,
}

/// Mean and 99th percentile, in milliseconds.
fn stats(mut ms: Vec<f64>) -> (f64, f64) {
    let mean = ms.iter().sum::<f64>() / ms.len().max(1) as f64;
    ms.sort_by(f64::total_cmp);
    let p99 = ms
        .get((ms.len() * 99 / 100).min(ms.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0.0);
    (mean, p99)
}

impl Frames {
    fn new() -> Frames {
        let ctx = egui::Context::default();
        ct11_configurator::ui::fonts::install(&ctx);
        Frames {
            ctx,
            picker: PresetPicker::default(),
            t: 0.0,
        }
    }

    /// One frame: layout (`run_ui`) and tessellation, the CPU work egui does per frame.
    /// Returns wall and CPU time.
    fn frame(&mut self, panel: &mut LogPanel) -> (Duration, Duration) {
        self.t += 1.0 / 60.0;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 800.0),
            )),
            time: Some(self.t),
            ..Default::default()
        };
        let ((), wall, cpu) = timed(|| {
            let out = self.ctx.run_ui(input, |ui| {
                egui::CentralPanel::default().show(ui, |ui| panel.ui(ui, Lang::En, &self.picker));
            });
            let prims = self.ctx.tessellate(out.shapes, out.pixels_per_point);
            std::hint::black_box(prims);
        });
        (wall, cpu)
    }

    /// `FRAMES` frames after a warm-up; `before` runs before each (not timed).
    fn measure(
        &mut self,
        panel: &mut LogPanel,
        mut before: impl FnMut(&mut LogPanel, usize),
    ) -> String {
        for i in 0..10 {
            before(panel, i);
            self.frame(panel);
        }
        let (wall, cpu): (Vec<f64>, Vec<f64>) = (0..FRAMES)
            .map(|i| {
                before(panel, i + 10);
                let (w, c) = self.frame(panel);
                (w.as_secs_f64() * 1e3, c.as_secs_f64() * 1e3)
            })
            .unzip();
        let (wm, wp) = stats(wall);
        let (cm, cp) = stats(cpu);
        format!("CPU mean {cm:.2} ms, p99 {cp:.2} ms (wall mean {wm:.2} ms, p99 {wp:.2} ms)")
    }
}

fn main() {
    // `cargo test --all-targets` also runs bench binaries (in debug, where epaint asserts on
    // this headless use); only measure under `cargo bench`, which passes `--bench`.
    if !std::env::args().any(|a| a == "--bench") {
        println!("log bench: run with `cargo bench --bench log`");
        return;
    }
    let mut rows: Vec<(String, String)> = Vec::new();
    let rss0 = rss_mib();

    // 1. A million lines of a typical session.
    let mut panel = LogPanel::default();
    let (bytes, wall, cpu) = timed(|| fill(&mut panel, LINES));
    let rss1 = rss_mib();
    let usage = panel.store().usage();
    rows.push((
        "ingest 1,000,000 lines through on_event".into(),
        format!(
            "{:.0} ms CPU ({:.0} ns/line); wall {:.0} ms",
            cpu.as_secs_f64() * 1e3,
            cpu.as_secs_f64() * 1e9 / LINES as f64,
            wall.as_secs_f64() * 1e3
        ),
    ));
    rows.push((
        "resident memory after (VmRSS, whole process)".into(),
        format!("{} (at start: {})", fmt_mib(rss1), fmt_mib(rss0)),
    ));
    rows.push((
        "the store's own count".into(),
        format!(
            "{:.1} MiB in memory, {:.1} MiB spilled; {} lines, {:.1} MB of traffic",
            usage.memory as f64 / 1048576.0,
            usage.disk as f64 / 1048576.0,
            panel.len(),
            bytes as f64 / 1e6
        ),
    ));
    rows.push((
        "ingest throughput, session mix".into(),
        format!("{:.0} MB/s (CPU)", bytes as f64 / 1e6 / cpu.as_secs_f64()),
    ));

    // 2. Raw transparent-mode data: 4 KiB chunks with a line end now and then.
    let mut raw_panel = LogPanel::default();
    {
        let mut chunk = Vec::with_capacity(4096);
        let mut x: u32 = 12345;
        while chunk.len() < 4096 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let b = (x >> 16) as u8;
            chunk.push(if b.is_multiple_of(97) { b'\n' } else { b });
        }
        let mut ev = rx(&chunk, FrameKind::Data(Vec::new()), true);
        let total: usize = 256 << 20;
        let (n, wall, cpu) = timed(|| {
            let mut n = 0;
            while n < total {
                set_time(&mut ev, SystemTime::now());
                raw_panel.on_event(&ev);
                n += chunk.len();
            }
            n
        });
        let u = raw_panel.store().usage();
        rows.push((
            "ingest throughput, raw 4 KiB data chunks (256 MiB, spilling)".into(),
            format!(
                "{:.0} MB/s CPU, {:.0} MB/s wall; {} lines; {:.1} MiB in memory, {:.0} MiB spilled; VmRSS {}",
                n as f64 / 1e6 / cpu.as_secs_f64(),
                n as f64 / 1e6 / wall.as_secs_f64(),
                raw_panel.len(),
                u.memory as f64 / 1048576.0,
                u.disk as f64 / 1048576.0,
                fmt_mib(rss_mib())
            ),
        ));
        rows.push((
            "logging 921600 baud (92,160 B/s), share of one core".into(),
            format!("{:.3} %", 92_160.0 / (n as f64 / cpu.as_secs_f64()) * 100.0),
        ));
    }

    // 3. Frame times with a million lines.
    let mut f = Frames::new();
    let r = f.measure(&mut panel, |_, _| {});
    rows.push(("frame, 1280x800, 1M lines, bottom, still".into(), r));
    let mut events = session();
    let r = f.measure(&mut panel, |p, _| {
        for e in events.iter_mut().take(6) {
            set_time(e, SystemTime::now());
            p.on_event(e);
        }
    });
    rows.push(("frame, bottom, following 6 new lines a frame".into(), r));
    let mid = panel.store().base() + panel.len() as u64 / 2;
    panel.scroll_to(mid);
    let r = f.measure(&mut panel, |_, _| {});
    rows.push(("frame, middle, still".into(), r));
    let r = f.measure(&mut panel, |p, i| {
        p.scroll_to(mid + (i as u64) * 40);
    });
    rows.push(("frame, middle, a new page every frame".into(), r));
    panel.set_hex(true);
    let r = f.measure(&mut panel, |p, i| {
        p.scroll_to(mid + (i as u64) * 40);
    });
    panel.set_hex(false);
    rows.push(("frame, middle, hex view, a new page every frame".into(), r));

    // 4. Search and save.
    panel.set_query("qmtrecv");
    let mut frames = 0;
    let ((), wall, _) = timed(|| {
        loop {
            f.frame(&mut panel);
            frames += 1;
            if panel.search_count().1 || frames > 10_000 {
                break;
            }
        }
    });
    rows.push((
        "search 1,000,000 lines (case-insensitive, 6 ms a frame)".into(),
        format!(
            "{:.0} ms over {frames} frames, {} matches",
            wall.as_secs_f64() * 1e3,
            panel.search_count().0
        ),
    ));
    let r = f.measure(&mut panel, |p, i| {
        p.scroll_to(mid + (i as u64) * 40);
    });
    rows.push((
        "frame, middle, search highlights, a new page every frame".into(),
        r,
    ));
    let dir = std::env::temp_dir().join(format!("ct11-log-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let req = save::SaveRequest {
        snapshot: panel.store().snapshot(),
        path: dir.join("log.txt"),
        redact: true,
        lang: Lang::En,
        utc: false,
    };
    let (r, wall, cpu) = timed(|| save::write(&req, &AtomicU64::new(0)));
    rows.push((
        "save 1,000,000 lines, redacting (the background thread's work)".into(),
        match r {
            Ok((lines, bytes)) => format!(
                "{:.0} ms CPU, {:.0} ms wall; {lines} lines, {:.1} MB",
                cpu.as_secs_f64() * 1e3,
                wall.as_secs_f64() * 1e3,
                bytes as f64 / 1e6
            ),
            Err(e) => format!("failed: {e}"),
        },
    ));
    let _ = std::fs::remove_dir_all(&dir);

    // 5. Raw data read back from the spill file: every row is new bytes, most of them escapes.
    let mid = raw_panel.store().base() + raw_panel.len() as u64 / 3;
    let r = f.measure(&mut raw_panel, |p, i| {
        p.scroll_to(mid + (i as u64) * 40);
    });
    rows.push((
        "frame, raw data from the spill file, a new page every frame".into(),
        r,
    ));
    raw_panel.set_hex(true);
    let r = f.measure(&mut raw_panel, |p, i| {
        p.scroll_to(mid + 100_000 + (i as u64) * 40);
    });
    rows.push(("frame, same, hex view (768 characters a row)".into(), r));
    rows.push(("peak resident memory (VmHWM)".into(), {
        let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        s.lines()
            .find(|l| l.starts_with("VmHWM:"))
            .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
            .unwrap_or_else(|| "n/a".into())
    }));

    println!("\n| log benchmark | result |\n|---|---|");
    for (k, v) in rows {
        println!("| {k} | {v} |");
    }
}
