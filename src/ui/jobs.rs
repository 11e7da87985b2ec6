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
                Err(e) => Some(crate::tr!(
                    lang,
                    "jobs-command-failed",
                    command = &o.line,
                    error = &e.message(lang)
                )),
                Ok(_) => None,
            })
    }
}

/// Finished jobs kept for their panels beyond each owner's latest (the terminal's transcript
/// shows its recent commands). Older finished jobs are forgotten, so a job started every 30 s
/// (the status refresh) does not grow the map for as long as the app runs.
pub const KEEP_FINISHED: usize = 200;

/// The panels' queue of requests and the views of their jobs.
#[derive(Default)]
pub struct Jobs {
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
        let id = JobId::fresh();
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
        self.prune();
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

    /// Cancel `owner`'s unfinished jobs (running or queued); other panels' jobs go on.
    pub fn cancel(&mut self, owner: &str) {
        let mut ids: Vec<JobId> = self
            .views
            .iter()
            .filter(|(_, v)| v.owner == owner && !v.done)
            .map(|(id, _)| *id)
            .collect();
        ids.sort();
        self.outbox.extend(ids.into_iter().map(Request::Cancel));
    }

    /// How many job views are kept.
    pub fn len(&self) -> usize {
        self.views.len()
    }

    /// Whether no job view is kept.
    pub fn is_empty(&self) -> bool {
        self.views.is_empty()
    }

    /// Forget the oldest finished jobs beyond [`KEEP_FINISHED`], except each owner's latest.
    fn prune(&mut self) {
        let mut finished: Vec<JobId> = self
            .views
            .iter()
            .filter(|(id, v)| v.done && self.latest.get(&v.owner) != Some(*id))
            .map(|(id, _)| *id)
            .collect();
        if finished.len() <= KEEP_FINISHED {
            return;
        }
        finished.sort();
        let extra = finished.len() - KEEP_FINISHED;
        for id in &finished[..extra] {
            self.views.remove(id);
        }
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

    /// Whether some job is switching the link between command and data mode: a `+++` or
    /// `ATO` of any panel sent or queued and not answered yet. Raw bytes written now would
    /// break the guard-time silence `+++` needs, or land on the other side of the switch.
    pub fn switching_mode(&self) -> bool {
        self.views.values().any(|v| {
            !v.done
                && v.lines.iter().zip(&v.outcomes).any(|(l, o)| {
                    o.is_none() && matches!(l.trim().to_ascii_uppercase().as_str(), "+++" | "ATO")
                })
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn finish_all(jobs: &mut Jobs) {
        for r in std::mem::take(&mut jobs.outbox) {
            if let Request::Run { id, .. } = r {
                jobs.on_done(id, true, false);
            }
        }
    }

    #[test]
    fn a_job_started_every_30_s_does_not_grow_the_views() {
        let mut jobs = Jobs::default();
        for _ in 0..10_000 {
            jobs.run("status", vec![Command::Signal]);
            finish_all(&mut jobs);
        }
        assert!(jobs.len() <= KEEP_FINISHED + 1, "{}", jobs.len());
        assert!(jobs.latest("status").is_some_and(|j| j.done));
    }

    #[test]
    fn unfinished_jobs_and_each_owners_latest_are_kept() {
        let mut jobs = Jobs::default();
        let running = jobs.run("mqtt.publish", vec![Command::Signal]);
        jobs.outbox.clear();
        let old = jobs.run("device", vec![Command::Version]);
        finish_all(&mut jobs);
        for _ in 0..(KEEP_FINISHED * 2) {
            jobs.run("status", vec![Command::Signal]);
            finish_all(&mut jobs);
        }
        assert!(jobs.get(running).is_some_and(|j| !j.done));
        assert!(jobs.get(old).is_some(), "the device panel's latest job");
    }

    #[test]
    fn cancel_names_only_the_owners_unfinished_jobs() {
        let mut jobs = Jobs::default();
        let a = jobs.run("terminal", vec![Command::Signal]);
        let b = jobs.run("mqtt.publish", vec![Command::Signal]);
        let c = jobs.run("terminal", vec![Command::Version]);
        jobs.outbox.clear();
        jobs.on_done(a, true, false);
        jobs.cancel("terminal");
        let cancelled: Vec<JobId> = jobs
            .outbox
            .iter()
            .filter_map(|r| match r {
                Request::Cancel(id) => Some(*id),
                _ => None,
            })
            .collect();
        assert_eq!(cancelled, vec![c]);
        assert!(!cancelled.contains(&b));
    }

    #[test]
    fn any_panels_escape_or_ato_is_a_mode_switch_until_answered() {
        let mut jobs = Jobs::default();
        jobs.run("status", vec![Command::Signal]);
        assert!(!jobs.switching_mode());
        let esc = jobs.run("datamode", vec![Command::LeaveData]);
        assert!(jobs.switching_mode());
        jobs.on_done(esc, true, false);
        assert!(!jobs.switching_mode());
        let typed = jobs.run("terminal", vec![Command::raw("ato").unwrap()]);
        assert!(jobs.switching_mode());
        let done = Outcome {
            line: "ato".into(),
            result: Ok(crate::at::Answer::Done),
            reply: crate::at::Reply::default(),
            elapsed: std::time::Duration::ZERO,
        };
        // Answered, although its job has not reported its end yet.
        jobs.on_step(typed, 0, done);
        assert!(!jobs.switching_mode());
    }
}
