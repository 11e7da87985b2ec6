//! Cancel by job id (issue 10, item 8): one panel's Cancel ends its own job — running or
//! queued — and the other panels' queued jobs still run and get their answers.

mod worker_common;

use std::collections::HashMap;
use std::time::Duration;

use ct11_configurator::at::{Answer, Command};
use ct11_configurator::sim::{Faults, SimConfig};
use ct11_configurator::worker::{CommandError, Event, JobId, Request};
use worker_common::{Rig, Via, rig};

/// Each job's step results and whether it ended cancelled.
type Ends = HashMap<JobId, (Vec<Result<Answer, CommandError>>, bool)>;

/// Queue three jobs on a slow module; once the first command is on the wire, cancel `victim`
/// (0, 1 or 2), then collect every job's outcomes and end.
fn cancel_one_of_three(via: Via, victim: usize) -> (Vec<JobId>, Ends) {
    let mut r: Rig = rig(via, SimConfig::fast());
    r.sim.set_faults(Faults {
        slow: Some(Duration::from_millis(200)),
        ..Faults::default()
    });
    let ids = vec![JobId::fresh(), JobId::fresh(), JobId::fresh()];
    let jobs = [
        vec![Command::Version, Command::Imei],
        vec![Command::Signal],
        vec![Command::Imei],
    ];
    for (id, steps) in ids.iter().zip(jobs) {
        r.client
            .send(Request::Run {
                id: *id,
                steps: steps.into_iter().map(Into::into).collect(),
                stop_on_error: false,
            })
            .expect("send");
    }
    // Its echo (not delayed by the fault) shows the module has the first command.
    r.wait(
        "the first command's echo",
        |e| matches!(e, Event::Rx(l) if l.frame.raw.starts_with(b"AT+GMR")),
    );
    r.client.send(Request::Cancel(ids[victim])).expect("send");
    let mut results: Ends = HashMap::new();
    let mut ended = 0;
    while ended < 3 {
        let e = r.wait("every job's end", |e| {
            matches!(e, Event::Step { .. } | Event::JobDone { .. })
        });
        match e {
            Event::Step { job, outcome, .. } => results
                .entry(job)
                .or_default()
                .0
                .push(outcome.result.clone()),
            Event::JobDone { job, cancelled, .. } => {
                results.entry(job).or_default().1 = cancelled;
                ended += 1;
            }
            _ => {}
        }
    }
    (ids, results)
}

#[test]
fn cancelling_a_queued_job_leaves_the_running_and_the_other_queued_job() {
    for via in [Via::Pty, Via::InProcess] {
        let (ids, res) = cancel_one_of_three(via, 1);
        assert_eq!(
            res[&ids[1]],
            (vec![Err(CommandError::Cancelled)], true),
            "{via:?}"
        );
        let (first, first_cancelled) = &res[&ids[0]];
        assert!(!first_cancelled, "{via:?}");
        assert_eq!(
            first[0],
            Ok(Answer::Version("CT11_V1.0.1".into())),
            "{via:?}"
        );
        assert_eq!(
            first[1],
            Ok(Answer::Imei("860720087453595".into())),
            "{via:?}"
        );
        assert_eq!(
            res[&ids[2]],
            (vec![Ok(Answer::Imei("860720087453595".into()))], false),
            "{via:?}"
        );
    }
}

#[test]
fn cancelling_the_running_job_leaves_the_queued_ones() {
    for via in [Via::Pty, Via::InProcess] {
        let (ids, res) = cancel_one_of_three(via, 0);
        assert_eq!(
            res[&ids[0]],
            (vec![Err(CommandError::Cancelled); 2], true),
            "{via:?}"
        );
        assert!(
            matches!(res[&ids[1]].0[..], [Ok(Answer::Signal(_))]),
            "{via:?}: {:?}",
            res[&ids[1]]
        );
        assert!(!res[&ids[1]].1);
        assert_eq!(
            res[&ids[2]],
            (vec![Ok(Answer::Imei("860720087453595".into()))], false),
            "{via:?}"
        );
    }
}
