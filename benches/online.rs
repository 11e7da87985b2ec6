//! Online benchmarks (`cargo bench --bench online`) against a local mosquitto (Debian package
//! `mosquitto`) on loopback:
//! 1. a publish's broker round trip (publish → the broker delivers it back on a subscription) by
//!    a direct rumqttc client, and by the online simulated module on a pty driven through the
//!    worker (`AT+QMTPUB` sent → `+QMTRECV` with the payload read back). The difference is what
//!    the simulated module, the pty and the worker add;
//! 2. the delivery proof in both directions (`proof::run`), against the same broker.

#[cfg(unix)]
#[path = "../tests/net_common/mod.rs"]
mod net_common;

#[cfg(unix)]
fn main() {
    use ct11_configurator::at::Command;
    use ct11_configurator::at::basic::UartConfig;
    use ct11_configurator::at::mqtt::{MqttBroker, MqttClient, Publish, Subscription};
    use ct11_configurator::at::{Checked, Validate};
    use ct11_configurator::proof::{self, Broker, ProofSettings};
    use ct11_configurator::sim::{PtySim, SimConfig};
    use ct11_configurator::worker::{Client, Event, SerialPath};
    use rumqttc::{Event as MEvent, MqttOptions, Packet, QoS};
    // `cargo test --all-targets` runs bench binaries too: only measure under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        println!("online bench: run with `cargo bench --bench online`");
        return;
    }
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    use std::time::{Duration, Instant};

    fn checked<T: Validate + std::fmt::Debug>(v: T) -> Checked<T> {
        Checked::new(v).expect("valid")
    }
    fn median(mut v: Vec<f64>) -> (f64, f64, f64) {
        v.sort_by(|a, b| a.total_cmp(b));
        (v[v.len() / 2], v[0], v[v.len() * 9 / 10])
    }
    const RUNS: usize = 200;
    const PROOFS: usize = 20;
    let pki = net_common::Pki::new();
    let broker = net_common::Mosquitto::start(&pki);

    // 1a. Direct client.
    let mut o = MqttOptions::new("bench-direct", "127.0.0.1", broker.plain);
    o.set_keep_alive(Duration::from_secs(30));
    let (client, mut conn) = rumqttc::Client::new(o, 64);
    client.subscribe("bench/direct", QoS::AtMostOnce).unwrap();
    let mut direct = Vec::new();
    let mut suback = false;
    for ev in conn.iter() {
        if let Ok(MEvent::Incoming(Packet::SubAck(_))) = ev {
            suback = true;
            break;
        }
    }
    assert!(suback);
    for i in 0..RUNS {
        let payload = format!("direct-{i}");
        let t = Instant::now();
        client
            .publish("bench/direct", QoS::AtMostOnce, false, payload.clone())
            .unwrap();
        for ev in conn.iter() {
            if let Ok(MEvent::Incoming(Packet::Publish(p))) = ev
                && p.payload == payload.as_bytes()
            {
                direct.push(t.elapsed().as_secs_f64() * 1e3);
                break;
            }
        }
    }
    drop(client);

    // 1b. Through the online simulated module.
    let sim = PtySim::spawn(SimConfig::fast().online()).expect("pty");
    let mut c = Client::new();
    let st = c
        .open(
            Arc::new(SerialPath(sim.path().to_string_lossy().into_owned())),
            UartConfig::default(),
            false,
            Duration::from_secs(5),
        )
        .unwrap();
    assert!(st.is_connected());
    c.run(Command::MqttClientSet(checked(MqttClient {
        client_id: "bench-module".into(),
        ..MqttClient::default()
    })))
    .unwrap();
    c.run(Command::MqttBrokerSet(checked(MqttBroker {
        host: "127.0.0.1".into(),
        port: broker.plain,
        auto_reconnect: false,
    })))
    .unwrap();
    let connected = |e: &Event| {
        matches!(
            e,
            Event::Urc(ct11_configurator::at::urc::Urc::MqttConnected)
        )
    };
    if !c.history.iter().any(connected) {
        c.wait_for(Duration::from_secs(10), connected).unwrap();
    }
    let sub = c
        .run(Command::MqttSubscribe(checked(Subscription {
            topic: "bench/module".into(),
            qos: 0,
        })))
        .unwrap();
    assert!(sub.result.is_ok(), "{sub:?}");
    let mut via = Vec::new();
    for i in 0..RUNS {
        let payload = format!("module-{i}");
        let needle = format!("+QMTRECV:bench/module,{},{payload}", payload.len()).into_bytes();
        let t = Instant::now();
        let o = c
            .run(Command::MqttPublish(checked(Publish {
                topic: "bench/module".into(),
                qos: 0,
                retain: false,
                message: payload.clone(),
            })))
            .unwrap();
        assert!(o.result.is_ok(), "{o:?}");
        let mut seen: Vec<u8> = Vec::new();
        let already = c.history.iter().rev().take(8).any(
            |e| matches!(e, Event::Rx(l) if l.frame.raw.windows(needle.len()).any(|w| w == needle)),
        );
        if !already {
            c.wait_for(Duration::from_secs(5), |e| {
                if let Event::Rx(l) = e {
                    seen.extend(&l.frame.raw);
                }
                seen.windows(needle.len()).any(|w| w == needle)
            })
            .unwrap();
        }
        via.push(t.elapsed().as_secs_f64() * 1e3);
    }

    // 2. The proof, both directions.
    let s = ProofSettings {
        broker: Broker {
            host: "127.0.0.1".into(),
            port: broker.plain,
            tls: None,
            username: String::new(),
            password: String::new(),
        },
        imei: "860720087453595".into(),
        up_topic: None,
        down_topic: None,
        step_timeout: Duration::from_secs(10),
    };
    let mut proofs = Vec::new();
    for _ in 0..PROOFS {
        let t = Instant::now();
        let r = proof::run(&mut c, &s, &AtomicBool::new(false), &mut |_| {});
        assert!(r.ok(), "{r:?}");
        proofs.push(t.elapsed().as_secs_f64() * 1e3);
    }

    let (dm, dmin, d90) = median(direct);
    let (vm, vmin, v90) = median(via);
    let (pm, pmin, p90) = median(proofs);
    println!(
        "publish round trip, direct rumqttc client: median {dm:.2} ms (min {dmin:.2}, p90 {d90:.2}; {RUNS} runs)"
    );
    println!(
        "publish round trip, online simulated module via pty + worker: median {vm:.2} ms (min {vmin:.2}, p90 {v90:.2}; {RUNS} runs)"
    );
    println!(
        "  added by the simulated module, pty and worker: {:.2} ms median",
        vm - dm
    );
    println!(
        "two-way delivery proof: median {pm:.1} ms (min {pmin:.1}, p90 {p90:.1}; {PROOFS} runs)"
    );
}

#[cfg(not(unix))]
fn main() {
    println!("the online benchmark needs a pseudo-terminal and mosquitto (Unix)");
}
