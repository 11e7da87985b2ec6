//! A blocking wrapper over the worker for the command line and tests. It waits on the event
//! channel, so it must never be used on the UI thread.

use super::event::{Event, LinkState, Outcome};
use super::request::{JobId, Request, Step};
use super::{WorkerHandle, spawn};
use crate::at::Command;
use crate::at::basic::UartConfig;
use crate::link::PortOpener;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Why a blocking call gave up.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("the worker stopped")]
    WorkerGone,
    #[error("gave up waiting after {0:?}")]
    Timeout(Duration),
}

/// A worker with blocking helpers; keeps every event it saw (the lossless log).
///
/// Received batches ([`Event::Received`]) are unpacked: the caller sees one [`Event::Rx`] per
/// frame, each unsolicited line first as an [`Event::Urc`], as if the worker sent them one by one.
pub struct Client {
    handle: WorkerHandle,
    /// Unpacked events not yet returned.
    unpacked: VecDeque<Event>,
    /// Every event received so far, in order.
    pub history: Vec<Event>,
    /// The latest link state.
    pub link: LinkState,
}

impl Default for Client {
    fn default() -> Self {
        Self::new()
    }
}

impl Client {
    pub fn new() -> Self {
        Self {
            handle: spawn(None),
            unpacked: VecDeque::new(),
            history: Vec::new(),
            link: LinkState::Disconnected,
        }
    }

    /// Send a request without waiting.
    pub fn send(&self, r: Request) -> Result<(), ClientError> {
        if self.handle.send(r) {
            Ok(())
        } else {
            Err(ClientError::WorkerGone)
        }
    }

    /// Wait for the next event (up to `timeout`) and record it.
    pub fn next_event(&mut self, timeout: Duration) -> Result<Event, ClientError> {
        if self.unpacked.is_empty() {
            match self.handle.events.recv_timeout(timeout) {
                Ok(Event::Received(batch)) => {
                    for line in batch.lines() {
                        let line = line.to_line();
                        if let crate::at::FrameKind::Urc(u) = &line.frame.kind {
                            self.unpacked.push_back(Event::Urc(u.clone()));
                        }
                        self.unpacked.push_back(Event::Rx(line));
                    }
                }
                Ok(e) => self.unpacked.push_back(e),
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
                    return Err(ClientError::Timeout(timeout));
                }
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => {
                    return Err(ClientError::WorkerGone);
                }
            }
        }
        match self.unpacked.pop_front() {
            Some(e) => {
                if let Event::Link(s) = &e {
                    self.link = s.clone();
                }
                self.history.push(e.clone());
                Ok(e)
            }
            // An empty batch (never sent) leaves nothing: ask again.
            None => self.next_event(timeout),
        }
    }

    /// Wait until an event satisfies `pred`; returns it.
    pub fn wait_for(
        &mut self,
        timeout: Duration,
        mut pred: impl FnMut(&Event) -> bool,
    ) -> Result<Event, ClientError> {
        let end = Instant::now() + timeout;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(ClientError::Timeout(timeout));
            }
            let e = self.next_event(left)?;
            if pred(&e) {
                return Ok(e);
            }
        }
    }

    /// Open a port and wait until the module answered, did not answer, or opening failed.
    pub fn open(
        &mut self,
        port: Arc<dyn PortOpener>,
        settings: UartConfig,
        auto_baud: bool,
        timeout: Duration,
    ) -> Result<LinkState, ClientError> {
        self.send(Request::Open {
            port,
            settings,
            auto_baud,
        })?;
        let e = self.wait_for(timeout, |e| {
            matches!(
                e,
                Event::Link(
                    LinkState::Connected { .. }
                        | LinkState::NoAnswer { .. }
                        | LinkState::Failed { .. }
                )
            )
        })?;
        match e {
            Event::Link(s) => Ok(s),
            _ => Err(ClientError::WorkerGone),
        }
    }

    /// Run steps as one job and wait for its end; returns each step's outcome.
    pub fn run_steps(
        &mut self,
        steps: Vec<Step>,
        stop_on_error: bool,
    ) -> Result<Vec<Outcome>, ClientError> {
        let limit: Duration = steps
            .iter()
            .map(|s| s.timeout.unwrap_or_else(|| s.command.timeout()) * 2 + Duration::from_secs(5))
            .sum();
        let id = JobId::fresh();
        let n = steps.len();
        self.send(Request::Run {
            id,
            steps,
            stop_on_error,
        })?;
        let mut outcomes: Vec<Option<Outcome>> = vec![None; n];
        self.wait_for(limit, |e| match e {
            Event::Step {
                job,
                index,
                outcome,
            } if *job == id => {
                if let Some(slot) = outcomes.get_mut(*index) {
                    *slot = Some((**outcome).clone());
                }
                false
            }
            Event::JobDone { job, .. } => *job == id,
            _ => false,
        })?;
        Ok(outcomes.into_iter().flatten().collect())
    }

    /// Run one command and wait for its outcome.
    pub fn run(&mut self, command: Command) -> Result<Outcome, ClientError> {
        self.run_step(command.into())
    }

    /// Run one step and wait for its outcome.
    pub fn run_step(&mut self, step: Step) -> Result<Outcome, ClientError> {
        let mut v = self.run_steps(vec![step], false)?;
        v.pop().ok_or(ClientError::WorkerGone)
    }

    /// Everything received so far, byte for byte.
    pub fn received_bytes(&self) -> Vec<u8> {
        self.history
            .iter()
            .filter_map(|e| match e {
                Event::Rx(l) => Some(l.frame.raw.clone()),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// Everything sent so far, byte for byte.
    pub fn sent_bytes(&self) -> Vec<u8> {
        self.history
            .iter()
            .filter_map(|e| match e {
                Event::Tx { bytes, .. } => Some(bytes.clone()),
                _ => None,
            })
            .flatten()
            .collect()
    }
}
