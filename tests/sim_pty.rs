//! The simulated module on a pseudo-terminal, opened by path through the real serial stack.
#![cfg(unix)]

use std::io::{ErrorKind, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ct11_configurator::sim::{PtySim, SimConfig};
use serialport::SerialPort;

/// pty pairs are not thread-safe: one test at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reads until `want` appears, the port fails, or `limit` passes.
fn read_until(port: &mut dyn SerialPort, want: &str, limit: Duration) -> Result<String, ErrorKind> {
    let end = Instant::now() + limit;
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    while Instant::now() < end && !String::from_utf8_lossy(&got).contains(want) {
        match port.read(&mut buf) {
            Ok(n) => got.extend(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::TimedOut => {}
            Err(e) => return Err(e.kind()),
        }
    }
    Ok(String::from_utf8_lossy(&got).into_owned())
}

fn open(sim: &PtySim, baud: u32) -> Box<dyn SerialPort> {
    serialport::new(sim.path().to_string_lossy(), baud)
        .timeout(Duration::from_millis(50))
        .open()
        .expect("open the pty path")
}

#[test]
fn exchange_commands() {
    let _g = serial();
    let sim = PtySim::spawn(SimConfig::fast()).unwrap();
    let mut port = open(&sim, 115_200);
    port.write_all(b"AT+GMR\r\n").unwrap();
    assert_eq!(
        read_until(&mut *port, "OK\r\n", Duration::from_secs(3)).unwrap(),
        "AT+GMR\r\n+VERSION=CT11_V1.0.1\r\nOK\r\n"
    );
    port.write_all(b"AT+QISEND=3,2\r\n").unwrap();
    assert_eq!(
        read_until(&mut *port, "ERROR=102\r\n", Duration::from_secs(3)).unwrap(),
        "AT+QISEND=3,2\r\nERROR=102\r\n"
    );
    assert_eq!(sim.handle().received_lines(), ["AT+GMR", "AT+QISEND=3,2"]);
}

#[test]
fn wrong_baud_gets_garbage() {
    let _g = serial();
    let sim = PtySim::spawn(SimConfig::fast()).unwrap();
    let mut port = open(&sim, 9600);
    port.write_all(b"AT\r\n").unwrap();
    let got = read_until(&mut *port, "OK", Duration::from_millis(200)).unwrap();
    assert!(!got.contains("OK"), "{got:?}");
    assert!(sim.handle().received_lines().is_empty());
    // The module printing something at 115200 reaches a 9600 host as noise.
    sim.handle().start_stream(6400);
    let noise = read_until(&mut *port, "STREAM", Duration::from_millis(200)).unwrap();
    sim.handle().stop_stream();
    assert!(!noise.is_empty() && !noise.contains("STREAM"), "{noise:?}");
    port.set_baud_rate(115_200).unwrap();
    port.clear(serialport::ClearBuffer::Input).unwrap();
    port.write_all(b"AT\r\n").unwrap();
    let got = read_until(&mut *port, "AT\r\nOK\r\n", Duration::from_secs(3)).unwrap();
    assert!(got.ends_with("AT\r\nOK\r\n"), "{got:?}");
}

#[test]
fn unplug_and_replug_through_the_symlink() {
    let _g = serial();
    let sim = PtySim::spawn(SimConfig::fast()).unwrap();
    let mut port = open(&sim, 115_200);
    port.write_all(b"AT\r\n").unwrap();
    read_until(&mut *port, "OK\r\n", Duration::from_secs(3)).unwrap();

    sim.unplug();
    let r = read_until(&mut *port, "never", Duration::from_secs(3));
    assert!(r.is_err(), "reads fail once unplugged: {r:?}");
    let end = Instant::now() + Duration::from_secs(3);
    while sim.path().exists() && Instant::now() < end {
        std::thread::yield_now();
    }
    assert!(!sim.path().exists(), "the path is gone");
    assert!(
        serialport::new(sim.path().to_string_lossy(), 115_200)
            .open()
            .is_err()
    );
    drop(port);

    sim.replug();
    let end = Instant::now() + Duration::from_secs(3);
    while !sim.path().exists() && Instant::now() < end {
        std::thread::yield_now();
    }
    let mut port = open(&sim, 115_200);
    assert_eq!(
        read_until(
            &mut *port,
            "NETWORK_ACTIVATE_SUCCESS\r\n",
            Duration::from_secs(3)
        )
        .unwrap(),
        "RDY\r\nSIM_SUCCESS\r\nNETWORK_ACTIVATE_SUCCESS\r\n"
    );
    port.write_all(b"AT\r\n").unwrap();
    assert_eq!(
        read_until(&mut *port, "OK\r\n", Duration::from_secs(3)).unwrap(),
        "AT\r\nOK\r\n"
    );
}

#[test]
fn reopen_after_close_works() {
    let _g = serial();
    let sim = PtySim::spawn(SimConfig::fast()).unwrap();
    for _ in 0..3 {
        let mut port = open(&sim, 115_200);
        port.write_all(b"AT\r\n").unwrap();
        assert_eq!(
            read_until(&mut *port, "OK\r\n", Duration::from_secs(3)).unwrap(),
            "AT\r\nOK\r\n"
        );
    }
    assert_eq!(sim.handle().received_lines().len(), 3);
}
