//! A late answer (after a timeout) must never be taken as the next command's answer: with echo
//! on, whatever arrives before the new command's echo belongs to an earlier command.

use ct11_configurator::at::basic::UartConfig;
use ct11_configurator::at::{Answer, Command};
use ct11_configurator::sim::{Faults, SimConfig, SimHandle, handle_opener};
use ct11_configurator::worker::{Client, CommandError, Event, LinkState, Step};
use std::time::Duration;

#[test]
fn late_answer_after_timeout_is_not_the_next_commands_answer() {
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut client = Client::new();
    let state = client
        .open(
            handle_opener(sim.clone()),
            UartConfig::default(),
            false,
            Duration::from_secs(5),
        )
        .expect("open");
    assert!(matches!(state, LinkState::Connected { .. }));

    sim.set_faults(Faults {
        slow: Some(Duration::from_millis(300)),
        ..Faults::default()
    });
    let o = client
        .run_step(Step {
            command: Command::Signal,
            timeout: Some(Duration::from_millis(80)),
        })
        .expect("worker");
    assert!(
        matches!(o.result, Err(CommandError::Timeout(_))),
        "{:?}",
        o.result
    );

    // The module answers normally again, but the CSQ answer is still on its way.
    sim.set_faults(Faults::default());
    let o = client.run(Command::Version).expect("worker");
    assert_eq!(
        o.result,
        Ok(Answer::Version("CT11_V1.0.1".into())),
        "{:?}",
        o.reply
    );
    assert!(
        !o.reply
            .frames
            .iter()
            .any(|f| format!("{f:?}").contains("CSQ")),
        "the late CSQ answer leaked into GMR's reply: {:?}",
        o.reply
    );
    // The late answer was logged, as unsolicited (it may already be in the history).
    let is_late_csq = |e: &Event| matches!(e, Event::Rx(l) if l.unsolicited && String::from_utf8_lossy(&l.frame.raw).contains("+CSQ"));
    if !client.history.iter().any(is_late_csq) {
        client
            .wait_for(Duration::from_secs(2), is_late_csq)
            .expect("late answer logged as unsolicited");
    }
}

/// A worker on a fresh fast module, echo as given.
fn connected(echo: bool) -> (Client, SimHandle) {
    let sim = SimHandle::spawn(SimConfig::fast());
    let mut client = Client::new();
    let state = client
        .open(
            handle_opener(sim.clone()),
            UartConfig::default(),
            false,
            Duration::from_secs(5),
        )
        .expect("open");
    assert!(matches!(state, LinkState::Connected { .. }), "{state:?}");
    let o = client.run(Command::Echo(echo)).expect("worker");
    assert!(o.result.is_ok(), "{:?}", o.result);
    (client, sim)
}

fn raw(line: &str) -> Command {
    Command::Raw(
        ct11_configurator::at::Checked::new(ct11_configurator::at::command::RawLine(line.into()))
            .expect("valid"),
    )
}

/// The module answers `first` late (after its timeout); then `second` runs at normal speed.
fn late_then(
    echo: bool,
    timeout: Duration,
    first: Command,
    second: Command,
) -> ct11_configurator::worker::Outcome {
    let (mut client, sim) = connected(echo);
    sim.set_faults(Faults {
        slow: Some(Duration::from_millis(400)),
        ..Faults::default()
    });
    let o = client
        .run_step(Step {
            command: first,
            timeout: Some(timeout),
        })
        .expect("worker");
    assert!(
        matches!(o.result, Err(CommandError::Timeout(_))),
        "{:?}",
        o.result
    );
    sim.set_faults(Faults::default());
    client.run(second).expect("worker")
}

#[test]
fn a_late_ok_never_passes_a_failing_setter_echo_off() {
    let o = late_then(
        false,
        Duration::from_millis(80),
        raw("AT+CREG=0"),
        raw("AT+NOSUCH=1"),
    );
    assert!(
        matches!(o.result, Err(CommandError::Module(_))),
        "the late OK of CREG was taken as the failing command's answer: {:?} {:?}",
        o.result,
        o.reply
    );
}

#[test]
fn a_late_error_never_fails_a_good_setter_echo_off() {
    let o = late_then(
        false,
        Duration::from_millis(80),
        raw("AT+NOSUCH=1"),
        raw("AT+CREG=0"),
    );
    assert_eq!(o.result, Ok(Answer::Done), "{:?}", o.reply);
}

#[test]
fn the_wake_up_echo_does_not_switch_the_guard_off() {
    // Echo on. A command the module never heard times out; the worker then wakes the module
    // with `AT`, whose echo comes at once but whose `OK` comes after the wake-up wait: that
    // `OK` must not become the next command's answer (the module says ERROR to it).
    let (mut client, sim) = connected(true);
    sim.set_faults(Faults {
        silent: true,
        ..Faults::default()
    });
    let o = client
        .run_step(Step {
            command: raw("AT+CREG=0"),
            timeout: Some(Duration::from_millis(150)),
        })
        .expect("worker");
    assert!(
        matches!(o.result, Err(CommandError::Timeout(_))),
        "{:?}",
        o.result
    );
    sim.set_faults(Faults {
        slow: Some(Duration::from_millis(400)),
        ..Faults::default()
    });
    let o = client.run(raw("AT+NOSUCH=1")).expect("worker");
    assert!(
        matches!(o.result, Err(CommandError::Module(_))),
        "{:?} {:?}",
        o.result,
        o.reply
    );
}

#[test]
fn a_late_query_answer_never_becomes_the_next_querys_echo_off() {
    let o = late_then(
        false,
        Duration::from_millis(80),
        Command::Signal,
        Command::Version,
    );
    assert_eq!(
        o.result,
        Ok(Answer::Version("CT11_V1.0.1".into())),
        "{:?}",
        o.reply
    );
}
