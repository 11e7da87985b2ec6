//! Reading a module's settings into a [`Profile`] ("read module into profile"): the queries,
//! the profile their answers make, and [`ReadJob`], which runs them without blocking.

use super::Readback;
use crate::at::{Answer, Command};
use crate::profile::schema::{
    HeaderSection, HttpSection, MqttSection, PairingSection, PowerSection, Profile, SerialSection,
    SleepMode, SubscriptionSection, TcpSection, WillSection,
};
use crate::profile::text::Text;
use crate::worker::{Event, JobId, Outcome, Request, Step};

/// Every query [`read_profile`] needs.
pub fn read_queries() -> Vec<Command> {
    vec![
        Command::PairingQuery,
        Command::SimpleClientQuery,
        Command::SysSleepQuery,
        Command::CsclkQuery,
        Command::HttpTargetQuery,
        Command::HttpHeaderQuery,
        Command::MqttClientQuery,
        Command::MqttSessionQuery,
        Command::MqttBrokerQuery,
        Command::MqttSubQuery,
        Command::MqttCertQuery,
        Command::UartQuery,
    ]
}

/// The module's current settings as a profile. GPIO directions and certificates cannot be read
/// back from the module, so they are left out; sections the module reports as unset are too.
pub fn read_profile(rb: &Readback) -> Profile {
    let ok = |q: &Command| match rb.get(q) {
        Some(Ok(a)) => Some(a.clone()),
        _ => None,
    };
    let mut p = Profile::default();
    if let Some(Answer::Pairing(mode)) = ok(&Command::PairingQuery) {
        let tcp = match ok(&Command::SimpleClientQuery) {
            Some(Answer::SimpleClient(Some(t))) if mode == crate::at::socket::PairingMode::Tcp => {
                Some(TcpSection::from_target(&t))
            }
            _ => None,
        };
        p.pairing = Some(PairingSection { mode, tcp });
    }
    if let (Some(Answer::SysSleep(s)), Some(Answer::Csclk(c))) =
        (ok(&Command::SysSleepQuery), ok(&Command::CsclkQuery))
    {
        p.power = Some(PowerSection {
            sleep: SleepMode::from_flags(s, c),
        });
    }
    if let Some(Answer::HttpTarget(t)) = ok(&Command::HttpTargetQuery) {
        let headers = match ok(&Command::HttpHeaderQuery) {
            Some(Answer::HttpHeaders(h)) => h.into_iter().map(HeaderSection::from).collect(),
            _ => Vec::new(),
        };
        p.http = Some(HttpSection {
            url: t.url,
            port: t.port,
            https: t.https,
            ca_cert: None,
            headers,
        });
    }
    if let Some(Answer::MqttBroker(Some(b))) = ok(&Command::MqttBrokerQuery) {
        let client = match ok(&Command::MqttClientQuery) {
            Some(Answer::MqttClient(c)) => c,
            _ => Default::default(),
        };
        let session = match ok(&Command::MqttSessionQuery) {
            Some(Answer::MqttSession(s)) => s,
            _ => Default::default(),
        };
        let subscriptions = match ok(&Command::MqttSubQuery) {
            Some(Answer::Subscriptions(s)) => {
                s.into_iter().map(SubscriptionSection::from).collect()
            }
            _ => Vec::new(),
        };
        p.mqtt = Some(MqttSection {
            client_id: client.client_id,
            username: client.username,
            password: Some(client.password).filter(|s| !s.is_empty()),
            host: b.host,
            port: b.port,
            auto_reconnect: b.auto_reconnect,
            clean_session: session.clean,
            keepalive_s: session.keepalive_s,
            // Plain, or TLS without a server check, copies as it is. A certificate on the
            // module cannot be copied into the profile (it names a file): `tls` stays unset, so
            // applying the profile leaves the target's own certificate alone.
            tls: match ok(&Command::MqttCertQuery) {
                Some(Answer::MqttCert(c)) if !c.verify => c.tls,
                _ => None,
            },
            ca_cert: None,
            // The module always reports the will fields; an empty topic means no will was set
            // (a will with an empty topic is not a valid profile).
            will: client
                .will
                .filter(|w| !w.topic.is_empty())
                .map(|w| WillSection {
                    qos: w.qos,
                    retain: w.retain,
                    topic: w.topic,
                    message: w.message,
                }),
            subscriptions,
        });
    }
    if let Some(Answer::Uart(u)) = ok(&Command::UartQuery) {
        p.serial = Some(SerialSection::from_uart(&u));
    }
    p
}

/// Reading a module into a profile as a non-blocking job (for "read module into profile").
pub struct ReadJob {
    id: JobId,
    queries: Vec<Command>,
    outcomes: Vec<Option<Outcome>>,
    result: Option<Result<Profile, Text>>,
}

impl Default for ReadJob {
    fn default() -> Self {
        Self::new()
    }
}

impl ReadJob {
    /// A job (its worker job gets a fresh id).
    pub fn new() -> Self {
        let queries = read_queries();
        Self {
            id: JobId::fresh(),
            outcomes: vec![None; queries.len()],
            queries,
            result: None,
        }
    }

    /// The request to send to the worker.
    pub fn start(&self) -> Vec<Request> {
        vec![Request::Run {
            id: self.id,
            steps: self.queries.iter().cloned().map(Step::from).collect(),
            stop_on_error: false,
        }]
    }

    /// Feed every worker event; returns true once the job is finished.
    pub fn on_event(&mut self, ev: &Event) -> bool {
        match ev {
            Event::Step {
                job,
                index,
                outcome,
            } if *job == self.id => {
                if let Some(s) = self.outcomes.get_mut(*index) {
                    *s = Some((**outcome).clone());
                }
            }
            Event::JobDone { job, cancelled, .. } if *job == self.id => {
                let all_failed = self
                    .outcomes
                    .iter()
                    .all(|o| o.as_ref().is_none_or(|o| o.result.is_err()));
                self.result = Some(if *cancelled {
                    Err(Text::key("profile-verify-cancelled"))
                } else if all_failed {
                    Err(Text::key("profile-verify-the-module-answered-none-of-the"))
                } else {
                    Ok(read_profile(&Readback::new(&self.queries, &self.outcomes)))
                });
            }
            _ => {}
        }
        self.result.is_some()
    }

    /// The profile read, once finished.
    pub fn result(&self) -> Option<&Result<Profile, Text>> {
        self.result.as_ref()
    }
}
