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
