//! Jobs the panels started, and what came back for each line. Panels never hold a channel: they
//! queue requests here ([`Jobs::outbox`]) and the app shell sends them after the frame.

use crate::at::Command;
use crate::i18n::Lang;
use crate::worker::{CommandError, JobId, Outcome, Request, Step};
use std::collections::HashMap;

/// A job as a panel shows it: each line and, once answered, its result.
#[derive(Clone, Debug, Default)]
pub struct JobView {
    /// Which panel started it (e.g. "mqtt.broker").
    pub owner: String,
    /// The command lines as shown (secrets redacted).
    pub lines: Vec<String>,
    pub outcomes: Vec<Option<Outcome>>,
    pub done: bool,
    pub ok: bool,
    pub cancelled: bool,
    /// (done, total) bytes of a payload being sent.
    pub progress: Option<(usize, usize)>,
}

impl JobView {
    /// Steps answered so far.
    pub fn answered(&self) -> usize {
        self.outcomes.iter().filter(|o| o.is_some()).count()
    }

    /// The first failure, in words.
    pub fn error(&self, lang: Lang) -> Option<String> {
        self.outcomes
            .iter()
            .flatten()
            .find_map(|o| match &o.result {
                Err(CommandError::Skipped | CommandError::Cancelled) => None,
                Err(e) => Some(format!("{}: {}", o.line, e.message(lang))),
                Ok(_) => None,
            })
    }
}

/// The panels' queue of requests and the views of their jobs.
#[derive(Default)]
pub struct Jobs {
    next_id: JobId,
    /// Requests to send after this frame.
    pub outbox: Vec<Request>,
    views: HashMap<JobId, JobView>,
    latest: HashMap<String, JobId>,
}

impl Jobs {
    /// Queue `commands` as one job owned by `owner`; it stops at the first failure.
    pub fn run(&mut self, owner: &str, commands: Vec<Command>) -> JobId {
        self.run_steps(owner, commands.into_iter().map(Step::from).collect(), true)
    }

    /// Queue steps as one job.
    pub fn run_steps(&mut self, owner: &str, steps: Vec<Step>, stop_on_error: bool) -> JobId {
        self.next_id += 1;
        let id = self.next_id;
        let lines = steps
            .iter()
            .map(|s| s.command.display_line())
            .collect::<Vec<_>>();
        let n = lines.len();
        self.views.insert(
            id,
            JobView {
                owner: owner.to_string(),
                lines,
                outcomes: vec![None; n],
                ..Default::default()
            },
        );
        self.latest.insert(owner.to_string(), id);
        self.outbox.push(Request::Run {
            id,
            steps,
            stop_on_error,
        });
        id
    }

    /// Queue raw bytes.
    pub fn raw(&mut self, bytes: Vec<u8>) {
        self.outbox.push(Request::Raw { bytes });
    }

    /// Cancel whatever runs.
    pub fn cancel(&mut self) {
        self.outbox.push(Request::Cancel);
    }

    pub fn get(&self, id: JobId) -> Option<&JobView> {
        self.views.get(&id)
    }

    /// The latest job started by `owner`.
    pub fn latest(&self, owner: &str) -> Option<&JobView> {
        self.latest.get(owner).and_then(|id| self.views.get(id))
    }

    /// Whether `owner`'s latest job is still running.
    pub fn busy(&self, owner: &str) -> bool {
        self.latest(owner).is_some_and(|j| !j.done)
    }

    /// Whether any job is running.
    pub fn any_busy(&self) -> bool {
        self.views.values().any(|j| !j.done)
    }

    /// Record a step's outcome.
    pub fn on_step(&mut self, job: JobId, index: usize, outcome: Outcome) {
        if let Some(v) = self.views.get_mut(&job)
            && let Some(slot) = v.outcomes.get_mut(index)
        {
            *slot = Some(outcome);
        }
    }

    pub fn on_done(&mut self, job: JobId, ok: bool, cancelled: bool) {
        if let Some(v) = self.views.get_mut(&job) {
            v.done = true;
            v.ok = ok;
            v.cancelled = cancelled;
            v.progress = None;
        }
    }

    /// The worker is gone: every running job ends, failed, with its unanswered steps empty.
    pub fn abandon_all(&mut self) {
        for v in self.views.values_mut().filter(|v| !v.done) {
            v.done = true;
            v.ok = false;
            v.progress = None;
        }
    }

    pub fn on_progress(&mut self, job: JobId, done: usize, total: usize) {
        if let Some(v) = self.views.get_mut(&job) {
            v.progress = Some((done, total));
        }
    }
}
