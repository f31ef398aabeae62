//! The worker process (`vpclab __grade-worker`): reads one [`Job`] as JSON on stdin, grades
//! it on a big-stack VM thread, writes one [`Outcome`] as JSON on stdout.
//!
//! Its main thread is a watchdog: each phase (setup, submission, each check) announces its
//! wall limit, and if the VM has not moved on a grace period after it, the worker reports
//! what finished so far and exits, abandoning the stuck thread (research notes §5.6: work
//! inside one C call, such as `table.sort` over a huge range, cannot be interrupted; string
//! patterns are matched by vpclab's own budgeted matcher and stop at the limits).

use super::job::{Job, Outcome};
use super::session::{self, Event};
use crate::lua::limits::Seconds;
use crate::lua::sandbox::VM_STACK_BYTES;
use std::io::{Read, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Extra time past a phase's wall limit before the watchdog gives up on the VM (shorter than
/// `lua::watchdog::GRACE`: the parent also kills a worker past its budget).
const PHASE_GRACE: Duration = Duration::from_millis(500);

/// Runs the worker on this process's stdin/stdout; the exit status to use.
pub fn main() -> u8 {
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("vpclab grade worker: cannot read the job: {e}");
        return 2;
    }
    let job: Job = match serde_json::from_str(&input) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("vpclab grade worker: bad job: {e}");
            return 2;
        }
    };
    let outcome = grade(job);
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer(&mut out, &outcome).map_err(std::io::Error::from).and_then(|()| out.flush());
    match written {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("vpclab grade worker: cannot write the outcome: {e}");
            2
        }
    }
}

/// Grades `job` on a VM thread under the phase watchdog.
pub fn grade(job: Job) -> Outcome {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("lua-vm".to_string()).stack_size(VM_STACK_BYTES).spawn(move || {
        session::run(&job, &tx);
    });
    let mut outcome = Outcome::default();
    if let Err(e) = spawned {
        outcome.setup_error = Some(format!("cannot start the Lua VM thread: {e}"));
        return outcome;
    }
    let mut phase: Option<(Instant, Duration)> = None;
    let mut in_checks = false;
    let mut phases = 0;
    loop {
        let event = match phase {
            Some((deadline, _)) => rx.recv_timeout(deadline.saturating_duration_since(Instant::now())),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match event {
            Ok(Event::Phase(wall)) => {
                phases += 1;
                phase = Some((Instant::now() + wall.saturating_add(PHASE_GRACE), wall));
            }
            Ok(Event::SetupFailed(m)) => outcome.setup_error = Some(m),
            Ok(Event::Submission(error, output)) => {
                outcome.error = error;
                outcome.output = output;
                in_checks = true;
            }
            Ok(Event::Check(c)) => outcome.checks.push(c),
            Ok(Event::Done) => return outcome,
            Err(RecvTimeoutError::Disconnected) => {
                outcome.stopped = Some("the grading thread stopped unexpectedly (a vpclab bug)".to_string());
                if phases <= 1 && outcome.setup_error.is_none() {
                    outcome.setup_error = outcome.stopped.clone();
                }
                return outcome;
            }
            Err(RecvTimeoutError::Timeout) => {
                let wall = phase.map(|(_, w)| w).unwrap_or_default();
                let stuck = format!(
                    "LimitExceeded: time limit ({} s) reached inside a library call that cannot be interrupted",
                    Seconds(wall)
                );
                if phases <= 1 {
                    outcome.setup_error = Some(format!("setup did not stop ({stuck})"));
                    return outcome;
                }
                if !in_checks {
                    outcome.error = Some(stuck.clone());
                }
                outcome.stopped = Some(if in_checks {
                    format!("a check did not stop ({stuck}), so the remaining checks could not run")
                } else {
                    format!("the submission did not stop ({stuck}), so no check could run")
                });
                return outcome;
            }
        }
    }
}
