//! The in-process simulated port through the `serialport::SerialPort` trait.

use std::io::{ErrorKind, Read, Write};
use std::time::{Duration, Instant};

use ct11_configurator::sim::{Faults, LineSettings, STREAM_LINE_LEN, SimConfig, SimHandle};
use serialport::SerialPort;

/// Reads until `want` appears or `limit` passes; returns what was read.
fn read_until(port: &mut dyn SerialPort, want: &str, limit: Duration) -> String {
    let end = Instant::now() + limit;
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    while Instant::now() < end && !String::from_utf8_lossy(&got).contains(want) {
        match port.read(&mut buf) {
            Ok(n) => got.extend(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::TimedOut => {}
            Err(e) => panic!("read failed: {e}"),
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

fn open(sim: &SimHandle) -> Box<dyn SerialPort> {
    let mut port = sim.open_port().expect("open");
    port.set_timeout(Duration::from_millis(50))
        .expect("timeout");
    port
}

#[test]
fn command_and_answer() {
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut port = open(&sim);
    port.write_all(b"AT+GMR\r\n").unwrap();
    let got = read_until(&mut *port, "OK\r\n", Duration::from_secs(2));
    assert_eq!(got, "AT+GMR\r\n+VERSION=CT11_V1.0.1\r\nOK\r\n");
    assert_eq!(sim.received_lines(), ["AT+GMR"]);
}

#[test]
fn read_times_out_when_nothing_comes() {
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut port = open(&sim);
    let mut buf = [0u8; 8];
    let err = port.read(&mut buf).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TimedOut);
    assert!(sim.received_lines().is_empty());
}

#[test]
fn try_clone_reader_and_writer_threads() {
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut writer = open(&sim);
    let mut reader = writer.try_clone().unwrap();
    let t = std::thread::spawn(move || {
        read_until(
            &mut *reader,
            "+CSQ: 15,99\r\nOK\r\n",
            Duration::from_secs(3),
        )
    });
    writer.write_all(b"AT\r\nAT+CSQ\r\n").unwrap();
    let got = t.join().unwrap();
    assert_eq!(got, "AT\r\nOK\r\nAT+CSQ\r\n+CSQ: 15,99\r\nOK\r\n");
}

#[test]
fn unplug_breaks_the_port_and_replug_boots() {
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut port = open(&sim);
    let mut reader = port.try_clone().unwrap();
    let (started_tx, started_rx) = crossbeam_channel::bounded(1);
    let blocked = std::thread::spawn(move || {
        let mut buf = [0u8; 8];
        reader.set_timeout(Duration::from_secs(5)).unwrap();
        let start = Instant::now();
        started_tx.send(()).unwrap();
        let r = reader.read(&mut buf);
        (r.map_err(|e| e.kind()), start.elapsed())
    });
    started_rx.recv().unwrap();
    sim.unplug();
    let (r, took) = blocked.join().unwrap();
    assert_eq!(r, Err(ErrorKind::BrokenPipe));
    assert!(took < Duration::from_secs(4), "a blocked read ends at once");
    assert_eq!(
        port.write(b"AT\r\n").unwrap_err().kind(),
        ErrorKind::BrokenPipe
    );
    let mut buf = [0u8; 8];
    assert_eq!(
        port.read(&mut buf).unwrap_err().kind(),
        ErrorKind::BrokenPipe
    );
    let err = sim.open_port().expect_err("open must fail while unplugged");
    assert_eq!(err.kind(), serialport::ErrorKind::NoDevice);
    assert!(!sim.is_plugged());

    sim.replug();
    assert_eq!(
        port.write(b"AT\r\n").unwrap_err().kind(),
        ErrorKind::BrokenPipe,
        "the old port stays dead"
    );
    let mut port = open(&sim);
    let got = read_until(
        &mut *port,
        "NETWORK_ACTIVATE_SUCCESS\r\n",
        Duration::from_secs(2),
    );
    assert_eq!(got, "RDY\r\nSIM_SUCCESS\r\nNETWORK_ACTIVATE_SUCCESS\r\n");
    port.write_all(b"AT\r\n").unwrap();
    assert_eq!(
        read_until(&mut *port, "OK\r\n", Duration::from_secs(2)),
        "AT\r\nOK\r\n"
    );
}

#[test]
fn wrong_baud_gives_garbage_and_right_baud_works() {
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut port = open(&sim);
    port.set_baud_rate(9600).unwrap();
    port.write_all(b"AT\r\n").unwrap();
    // The module sees noise: it answers nothing, and records no command.
    let got = read_until(&mut *port, "OK", Duration::from_millis(150));
    assert!(!got.contains("OK"));
    assert!(sim.received_lines().is_empty());
    // The module itself talks at 9600 after AT+IPR.
    port.set_baud_rate(115_200).unwrap();
    port.write_all(b"AT+IPR=9600,8,0,0\r\n").unwrap();
    read_until(&mut *port, "OK\r\n", Duration::from_secs(2));
    let boot = read_until(&mut *port, "NETWORK", Duration::from_millis(300));
    assert!(
        !boot.is_empty() && !boot.contains("RDY"),
        "boot lines arrive as noise: {boot:?}"
    );
    port.set_baud_rate(9600).unwrap();
    port.write_all(b"AT\r\n").unwrap();
    assert_eq!(
        read_until(&mut *port, "OK\r\n", Duration::from_secs(2)),
        "AT\r\nOK\r\n"
    );
    assert_eq!(sim.state().line, LineSettings::with_baud(9600));
}

#[test]
fn dtr_low_with_csclk_sleeps() {
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut port = open(&sim);
    port.write_all(b"AT+CSCLK=1\r\n").unwrap();
    read_until(&mut *port, "OK\r\n", Duration::from_secs(2));
    port.write_data_terminal_ready(false).unwrap();
    port.write_all(b"AT\r\n").unwrap();
    assert_eq!(read_until(&mut *port, "OK", Duration::from_millis(100)), "");
    port.write_data_terminal_ready(true).unwrap();
    port.write_all(b"AT\r\n").unwrap();
    assert_eq!(
        read_until(&mut *port, "OK\r\n", Duration::from_secs(2)),
        "AT\r\nOK\r\n"
    );
}

#[test]
fn faults_set_at_run_time() {
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut port = open(&sim);
    sim.set_faults(Faults {
        silent: true,
        ..Faults::default()
    });
    port.write_all(b"AT\r\n").unwrap();
    assert_eq!(read_until(&mut *port, "OK", Duration::from_millis(100)), "");
    assert_eq!(sim.received_lines(), ["AT"]);
    sim.set_faults(Faults::default());
    port.write_all(b"AT\r\n").unwrap();
    assert_eq!(
        read_until(&mut *port, "OK\r\n", Duration::from_secs(2)),
        "AT\r\nOK\r\n"
    );
}

#[test]
fn stream_lines_in_order() {
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut port = open(&sim);
    sim.start_stream(64_000);
    let got = read_until(&mut *port, "+STREAM:000020,", Duration::from_secs(3));
    sim.stop_stream();
    let first: Vec<&str> = got.split("\r\n").take(3).collect();
    assert!(first[0].starts_with("+STREAM:000000,abcdefgh"), "{first:?}");
    assert!(first[1].starts_with("+STREAM:000001,bcdefghi"), "{first:?}");
    assert_eq!(first[0].len() + 2, STREAM_LINE_LEN);
}

#[test]
fn bytes_to_read_and_clear() {
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut port = open(&sim);
    port.write_all(b"AT\r\n").unwrap();
    let end = Instant::now() + Duration::from_secs(2);
    while port.bytes_to_read().unwrap() < 8 && Instant::now() < end {
        std::thread::yield_now();
    }
    assert_eq!(port.bytes_to_read().unwrap(), 8);
    port.clear(serialport::ClearBuffer::Input).unwrap();
    assert_eq!(port.bytes_to_read().unwrap(), 0);
}
