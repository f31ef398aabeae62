//! A wall-clock backstop for work the count hook cannot interrupt.
//!
//! The hook runs between VM instructions, and pattern matching charges its steps to the
//! budget, but one long call into Rust or C (a huge `net.matrix`, `table.sort` of a huge
//! table) never returns to the VM. Two ways to bound it from outside:
//!
//! - [`run_watched`] runs a closure on a fresh VM thread and gives up on it
//!   [`GRACE`] past the wall limit, returning the time-limit message (with the last script
//!   line the sandbox's [`Monitor`] saw). The thread is abandoned, so the caller should end
//!   the process soon (`vpclab run` exits; a grading worker records the result and exits).
//! - [`Watchdog`] is one long-lived timer thread, armed around each evaluation (the REPL)
//!   with [`Watchdog::arm`]; when an armed deadline passes, it calls its callback on the
//!   timer thread (which typically prints the message and exits the process).
//!
//! ```
//! use vpclab::lua::watchdog::{run_watched, Watched};
//! use std::time::Duration;
//! let r = run_watched(Duration::from_secs(5), |_watch| 6 * 7).unwrap();
//! assert!(matches!(r, Watched::Finished(42)));
//! ```

use crate::lua::guard::{LimitKind, Monitor, limit_message};
use crate::lua::limits::Limits;
use crate::lua::sandbox::{Sandbox, VM_STACK_BYTES};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Extra time granted past the wall-time limit before giving up on the VM.
pub const GRACE: Duration = Duration::from_secs(1);

/// How a watched run ended.
#[derive(Debug)]
pub enum Watched<R> {
    /// The closure returned.
    Finished(R),
    /// It was still running [`GRACE`] past the limit: the time-limit message.
    Overran(String),
}

/// The sandbox a watch reports on: its monitor and limits.
type Subject = Option<(Arc<Monitor>, Limits)>;

/// Lets the watched closure name the sandbox whose progress the watchdog reports.
#[derive(Clone, Default)]
pub struct Watch {
    watched: Arc<Mutex<Subject>>,
}

impl Watch {
    /// Reports `sandbox`'s last script line if the run overruns; cancels it then.
    pub fn watch(&self, sandbox: &Sandbox) {
        if let Ok(mut w) = self.watched.lock() {
            *w = Some((sandbox.monitor(), sandbox.limits().clone()));
        }
    }

    /// The message for an overrun of `wall`, cancelling the watched sandbox.
    pub fn overrun_message(&self, wall: Duration) -> String {
        let watched = self.watched.lock().ok().and_then(|w| w.clone());
        match watched {
            Some((monitor, limits)) => {
                monitor.cancel();
                overrun_message(&limits, &monitor)
            }
            None => overrun_message(&Limits { wall, ..Limits::default() }, &Monitor::default()),
        }
    }
}

/// `LimitExceeded: time limit (…) reached inside a call that cannot be interrupted (last
/// script line seen: f.lua:3)`: the hook never saw the line of the call itself.
pub fn overrun_message(limits: &Limits, monitor: &Monitor) -> String {
    let base = limit_message(limits, LimitKind::Time, None);
    let seen = monitor.last_location().map(|l| format!(" (last script line seen: {l})")).unwrap_or_default();
    format!("{base} reached inside a call that cannot be interrupted{seen}")
}

/// Runs `f` on a fresh big-stack thread and waits at most `wall` + [`GRACE`] for it.
pub fn run_watched<R: Send + 'static>(
    wall: Duration,
    f: impl FnOnce(&Watch) -> R + Send + 'static,
) -> std::io::Result<Watched<R>> {
    let watch = Watch::default();
    let inner = watch.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new().name("lua-vm".to_string()).stack_size(VM_STACK_BYTES).spawn(move || {
        let _ = tx.send(f(&inner));
    })?;
    match rx.recv_timeout(wall.saturating_add(GRACE)) {
        Ok(r) => Ok(Watched::Finished(r)),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Ok(Watched::Overran(watch.overrun_message(wall))),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err(std::io::Error::other("the Lua VM thread panicked"))
        }
    }
}

#[derive(Default)]
struct State {
    deadline: Option<Instant>,
    armed: u64,
    closed: bool,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// A timer thread that calls its callback when an armed deadline passes.
pub struct Watchdog {
    shared: Shared,
}

/// An armed deadline; dropping it disarms the watchdog.
pub struct Armed<'a> {
    dog: &'a Watchdog,
    id: u64,
}

impl Watchdog {
    /// Starts the timer thread; `on_overrun` runs on it for each deadline that passes.
    pub fn new(on_overrun: impl Fn() + Send + 'static) -> std::io::Result<Watchdog> {
        let shared: Shared = Arc::default();
        let theirs = shared.clone();
        std::thread::Builder::new().name("lua-watchdog".to_string()).spawn(move || watch_loop(&theirs, on_overrun))?;
        Ok(Watchdog { shared })
    }

    /// Arms the watchdog to fire `after` from now, until the returned guard is dropped.
    pub fn arm(&self, after: Duration) -> Armed<'_> {
        let (lock, cv) = &*self.shared;
        let mut s = lock.lock().unwrap_or_else(|e| e.into_inner());
        s.armed += 1;
        s.deadline = Instant::now().checked_add(after);
        cv.notify_all();
        Armed { dog: self, id: s.armed }
    }
}

impl Drop for Armed<'_> {
    fn drop(&mut self) {
        let (lock, cv) = &*self.dog.shared;
        let mut s = lock.lock().unwrap_or_else(|e| e.into_inner());
        if s.armed == self.id {
            s.deadline = None;
        }
        cv.notify_all();
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let (lock, cv) = &*self.shared;
        lock.lock().unwrap_or_else(|e| e.into_inner()).closed = true;
        cv.notify_all();
    }
}

fn watch_loop(shared: &Shared, on_overrun: impl Fn()) {
    let (lock, cv) = &**shared;
    let mut s = lock.lock().unwrap_or_else(|e| e.into_inner());
    while !s.closed {
        match s.deadline {
            None => s = cv.wait(s).unwrap_or_else(|e| e.into_inner()),
            Some(d) if Instant::now() >= d => {
                s.deadline = None;
                drop(s);
                on_overrun();
                s = lock.lock().unwrap_or_else(|e| e.into_inner());
            }
            Some(d) => {
                let wait = d.saturating_duration_since(Instant::now());
                s = cv.wait_timeout(s, wait).unwrap_or_else(|e| e.into_inner()).0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn fires_only_when_armed_past_the_deadline() {
        let fired = Arc::new(AtomicUsize::new(0));
        let f = fired.clone();
        let dog = Watchdog::new(move || {
            f.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
        drop(dog.arm(Duration::from_secs(60)));
        {
            let _armed = dog.arm(Duration::from_millis(1));
            while fired.load(Ordering::SeqCst) == 0 {
                std::thread::yield_now();
            }
        }
        assert_eq!(fired.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn overrun_is_reported() {
        let r = run_watched(Duration::from_millis(1), |_| std::thread::sleep(Duration::from_secs(3))).unwrap();
        match r {
            Watched::Overran(m) => assert!(m.starts_with("LimitExceeded: time limit (0.001 s)"), "{m}"),
            Watched::Finished(()) => panic!("should overrun"),
        }
    }
}
