//! Core benchmarks (`cargo bench --bench core`):
//! 1. the framer's throughput on a realistic stream of answers and unsolicited lines;
//! 2. a command's round trip through the worker over a real pseudo-terminal, against a responder
//!    that answers `OK` the instant a line arrives, compared with a bare write/read on the same
//!    pty. The difference is what the app adds on top of the module's own answer time.

use ct11_configurator::at::framer::Framer;
#[cfg(unix)]
use ct11_configurator::{
    at::{Command, basic::UartConfig},
    worker::{Client, SerialPath},
};
#[cfg(unix)]
use std::io::{Read, Write};
#[cfg(unix)]
use std::sync::Arc;
#[cfg(unix)]
use std::time::Duration;
use std::time::Instant;

fn framer_throughput() {
    let mut chunk = Vec::new();
    for i in 0..2000 {
        chunk.extend_from_slice(format!("AT+CSQ\r\n+CSQ: {},99\r\n\r\nOK\r\n", i % 32).as_bytes());
        chunk.extend_from_slice(
            b"+QISTATE:3,\"TCP\",\"112.125.89.8\",34287,61563\r\nMQTTCONNECT\r\n",
        );
    }
    let total_mb = 64.0;
    let reps = (total_mb * 1024.0 * 1024.0 / chunk.len() as f64).ceil() as usize;
    let mut frames = 0usize;
    let start = Instant::now();
    let mut f = Framer::new();
    for _ in 0..reps {
        for piece in chunk.chunks(4096) {
            f.push(piece);
            while let Some(fr) = f.next_frame() {
                frames += 1;
                std::hint::black_box(&fr);
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let bytes = (reps * chunk.len()) as f64;
    println!(
        "framer: {:.0} MB/s, {:.2} M frames/s ({} frames, {:.1} MB in {:.2} s)",
        bytes / secs / 1e6,
        frames as f64 / secs / 1e6,
        frames,
        bytes / 1e6,
        secs
    );
}

#[cfg(unix)]
fn round_trip() {
    use serialport::SerialPort;
    let (mut master, slave) = match serialport::TTYPort::pair() {
        Ok(p) => p,
        Err(e) => {
            println!("round trip: skipped, no pseudo-terminal ({e})");
            return;
        }
    };
    let path = slave.name().unwrap_or_default();
    // Keep the slave open for the whole run so closing the app's handle does not hang up.
    let _slave = slave;
    master.set_timeout(Duration::from_secs(5)).ok();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stop2 = stop.clone();
    let responder = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        let mut line = Vec::new();
        while !stop2.load(std::sync::atomic::Ordering::Relaxed) {
            let Ok(n) = master.read(&mut buf) else {
                continue;
            };
            for &b in &buf[..n] {
                line.push(b);
                if b == b'\n' {
                    // Echo off: answer at once.
                    let _ = master.write_all(b"\r\nOK\r\n");
                    line.clear();
                }
            }
        }
    });

    const N: usize = 2000;
    // Baseline: the same exchange written and read directly on the pty.
    let mut direct = serialport::new(&path, 115200)
        .timeout(Duration::from_secs(2))
        .open()
        .expect("open pty");
    let mut base = Vec::with_capacity(N);
    let mut buf = [0u8; 64];
    for _ in 0..N {
        let t = Instant::now();
        direct.write_all(b"AT\r\n").expect("write");
        let mut got = Vec::new();
        while !got.ends_with(b"OK\r\n") {
            let n = direct.read(&mut buf).expect("read");
            got.extend_from_slice(&buf[..n]);
        }
        base.push(t.elapsed());
    }
    drop(direct);

    let mut client = Client::new();
    client
        .open(
            Arc::new(SerialPath(path.clone())),
            UartConfig::default(),
            false,
            Duration::from_secs(5),
        )
        .expect("open via worker");
    let mut via = Vec::with_capacity(N);
    for _ in 0..N {
        let t = Instant::now();
        let o = client.run(Command::Test).expect("round trip");
        via.push(t.elapsed());
        assert!(o.result.is_ok());
        client.history.clear();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    drop(client);
    let _ = responder;
    let med = |v: &mut Vec<Duration>| {
        v.sort();
        (v[v.len() / 2], v[v.len() * 99 / 100])
    };
    let (b50, b99) = med(&mut base);
    let (w50, w99) = med(&mut via);
    println!(
        "round trip AT/OK over a pty ({N} runs): bare {:.0} µs median ({:.0} p99); via worker {:.0} µs median ({:.0} p99); added {:.0} µs median",
        b50.as_secs_f64() * 1e6,
        b99.as_secs_f64() * 1e6,
        w50.as_secs_f64() * 1e6,
        w99.as_secs_f64() * 1e6,
        (w50.as_secs_f64() - b50.as_secs_f64()) * 1e6
    );
}

fn main() {
    // `cargo test --all-targets` also runs bench binaries; only measure under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        println!("core bench: run with `cargo bench --bench core`");
        return;
    }
    framer_throughput();
    #[cfg(unix)]
    round_trip();
}
