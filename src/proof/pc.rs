//! The PC's own MQTT client for the proof: its own client id, the same broker, the same TLS
//! settings. rumqttc runs on a background thread that forwards what happens on a channel.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, unbounded};
use rumqttc::{Client, ConnectReturnCode, Event, Packet, SubscribeReasonCode};

use crate::sim::online::mqtt::{classify, options, qos, refusal};
use crate::sim::online::{MqttParams, NetError};

/// What the PC's client saw.
#[derive(Clone, Debug)]
pub(super) enum PcEvent {
    Connected,
    Failed(NetError),
    SubAck(bool),
    Message {
        topic: String,
        payload: Vec<u8>,
        at: Instant,
    },
}

/// A connected (or connecting) PC client.
pub(super) struct PcClient {
    client: Client,
    events: Receiver<PcEvent>,
    stop: Arc<AtomicBool>,
}

impl PcClient {
    /// Starts connecting.
    pub(super) fn start(p: &MqttParams, timeout: Duration) -> Result<PcClient, NetError> {
        if crate::sim::online::reserved_invalid(&p.host) {
            return Err(NetError::Dns(p.host.clone()));
        }
        let opts = options(p)?;
        let (client, mut connection) = Client::new(opts, 64);
        let mut net = connection.eventloop.network_options();
        // Longer than the proof's own deadline, so a broker that accepts TCP but never
        // answers always ends as "no answer in time" (the proof's verdict), not as whichever
        // of two equal timers fires first.
        net.set_connection_timeout(timeout.as_secs().max(1) + 2);
        connection.eventloop.set_network_options(net);
        let (tx, events) = unbounded();
        let stop = Arc::new(AtomicBool::new(false));
        let thread_stop = Arc::clone(&stop);
        let tls = p.tls.is_some();
        let what = format!("{}:{}", p.host, p.port);
        std::thread::Builder::new()
            .name("ct11-proof-mqtt".into())
            .spawn(move || {
                for ev in connection.iter() {
                    if thread_stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let out = match ev {
                        Ok(Event::Incoming(Packet::ConnAck(a))) => {
                            if a.code == ConnectReturnCode::Success {
                                PcEvent::Connected
                            } else {
                                PcEvent::Failed(NetError::Rejected(refusal(a.code).into()))
                            }
                        }
                        Ok(Event::Incoming(Packet::SubAck(s))) => PcEvent::SubAck(
                            s.return_codes
                                .iter()
                                .all(|c| !matches!(c, SubscribeReasonCode::Failure)),
                        ),
                        Ok(Event::Incoming(Packet::Publish(m))) => PcEvent::Message {
                            topic: m.topic.clone(),
                            payload: m.payload.to_vec(),
                            at: Instant::now(),
                        },
                        Ok(_) => continue,
                        Err(e) => {
                            let _ = tx.send(PcEvent::Failed(classify(&e, tls, &what)));
                            break;
                        }
                    };
                    if tx.send(out).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| NetError::Other(e.to_string()))?;
        Ok(PcClient {
            client,
            events,
            stop,
        })
    }

    /// The next event before `deadline` (or `None`), looking at `cancel` every 100 ms.
    pub(super) fn next(&self, deadline: Instant, cancel: &AtomicBool) -> Option<PcEvent> {
        loop {
            if cancel.load(Ordering::SeqCst) {
                return None;
            }
            let now = Instant::now();
            if now >= deadline {
                return None;
            }
            let slice = (deadline - now).min(Duration::from_millis(100));
            match self.events.recv_timeout(slice) {
                Ok(e) => return Some(e),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    pub(super) fn subscribe(&self, topic: &str, q: u8) -> bool {
        self.client.try_subscribe(topic, qos(q)).is_ok()
    }

    pub(super) fn publish(&self, topic: &str, q: u8, payload: Vec<u8>) -> bool {
        self.client
            .try_publish(topic, qos(q), false, payload)
            .is_ok()
    }
}

impl Drop for PcClient {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = self.client.try_disconnect();
    }
}
