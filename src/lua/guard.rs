//! The limit bookkeeping of one sandboxed state and its count hook (research notes §3–5).
//!
//! The hook decrements the instruction budget, checks the wall deadline and the cancel
//! flag, and records the innermost script line it sees. Once a limit has tripped it
//! re-arms itself on every instruction of every thread it runs on, so no `pcall`, coroutine
//! or `<close>` handler can absorb the trip; [`crate::lua::sandbox::Sandbox::call`] also fails
//! any run that tripped, whatever the script caught.

use crate::lua::limits::{Limits, Seconds};
use mlua::ffi;
use std::cell::{Cell, RefCell};
use std::ffi::c_char;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Instructions between two hook calls while no limit has tripped.
pub(crate) const EVERY: i32 = 1000;
/// Chunk name (short source) of the prelude; its frames are never a location.
pub(crate) const PRELUDE_SOURCE: &[u8] = b"sandbox";
/// The longest chunk name kept for a location.
const LOCATION_CAP: usize = 80;
/// Stack levels the hook looks through for a script frame.
const LOCATION_DEPTH: i32 = 16;

/// Which limit stopped a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// The instruction budget.
    Instructions,
    /// The heap limit (Lua heap plus the world's footprint).
    Memory,
    /// The wall-clock deadline.
    Time,
    /// The printed-output cap.
    Output,
    /// The external cancel flag, or output that can no longer be written.
    Interrupted,
}

/// Whether frames of this chunk are the host's, never reported as a script location:
/// the prelude, the AWS error metatable, mlua's generated helpers, C functions.
pub(crate) fn is_host_chunk(short_src: &[u8]) -> bool {
    short_src == PRELUDE_SOURCE
        || short_src == b"AwsError"
        || short_src.starts_with(b"__mlua")
        || short_src.starts_with(b"[C]")
        || short_src == b"?"
}

/// What another thread (a watchdog, a Ctrl-C handler) may see of a running sandbox.
#[derive(Debug, Default)]
pub struct Monitor {
    cancel: Arc<AtomicBool>,
    location: Mutex<(Vec<u8>, i32)>,
}

impl Monitor {
    /// Stops the running code with `Interrupted` at its next instruction.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }

    /// The cancel flag itself (setting it is [`Monitor::cancel`]).
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    /// Whether [`Monitor::cancel`] was called during this run.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The last script line the hook saw (`file.lua:12`), if any.
    pub fn last_location(&self) -> Option<String> {
        let loc = self.location.lock().ok()?;
        (loc.1 > 0).then(|| format!("{}:{}", String::from_utf8_lossy(&loc.0), loc.1))
    }

    fn record(&self, src: &[u8], line: i32) {
        if let Ok(mut loc) = self.location.lock()
            && (loc.1 != line || loc.0 != src)
        {
            loc.0.clear();
            loc.0.extend_from_slice(&src[..src.len().min(LOCATION_CAP)]);
            loc.1 = line;
        }
    }

    fn reset(&self) {
        self.cancel.store(false, Ordering::SeqCst);
        if let Ok(mut loc) = self.location.lock() {
            loc.0.clear();
            loc.1 = 0;
        }
    }
}

pub(crate) struct Trip {
    pub(crate) kind: LimitKind,
    pub(crate) message: String,
}

/// Per-state limit bookkeeping, read by the hook through the state's extra space.
pub(crate) struct Guard {
    pub(crate) limits: Limits,
    budget: Cell<i64>,
    deadline: Cell<Option<Instant>>,
    pub(crate) monitor: Arc<Monitor>,
    trip: RefCell<Option<Trip>>,
    /// The world's footprint last measured, and writes since.
    pub(crate) world_bytes: Cell<usize>,
    pub(crate) world_writes: Cell<usize>,
}

impl Guard {
    pub(crate) fn new(limits: &Limits) -> Guard {
        let guard = Guard {
            limits: limits.clone(),
            budget: Cell::new(0),
            deadline: Cell::new(None),
            monitor: Arc::new(Monitor::default()),
            trip: RefCell::new(None),
            world_bytes: Cell::new(0),
            world_writes: Cell::new(0),
        };
        guard.reset();
        guard
    }

    /// Fresh budgets, no trip, no location.
    pub(crate) fn reset(&self) {
        self.budget.set(i64::try_from(self.limits.instructions).unwrap_or(i64::MAX));
        self.deadline.set(Instant::now().checked_add(self.limits.wall));
        self.monitor.reset();
        if let Ok(mut trip) = self.trip.try_borrow_mut() {
            *trip = None;
        }
    }

    /// Remembers the last script line seen (host frames are skipped).
    pub(crate) fn record(&self, src: &[u8], line: i32) {
        if line > 0 && !is_host_chunk(src) {
            self.monitor.record(src, line);
        }
    }

    pub(crate) fn location(&self) -> Option<String> {
        self.monitor.last_location()
    }

    /// The limit that tripped this run, if any.
    pub(crate) fn tripped(&self) -> Option<(LimitKind, String)> {
        let trip = self.trip.try_borrow().ok()?;
        trip.as_ref().map(|t| (t.kind, t.message.clone()))
    }

    /// The message for `kind` at the last known location.
    pub(crate) fn message(&self, kind: LimitKind) -> String {
        limit_message(&self.limits, kind, self.location().as_deref())
    }

    /// Records the first trip and returns its message (later trips keep the first).
    pub(crate) fn trip(&self, kind: LimitKind) -> String {
        self.trip_with(kind, self.message(kind))
    }

    /// Records the first trip with its own message.
    pub(crate) fn trip_with(&self, kind: LimitKind, message: String) -> String {
        let Ok(mut trip) = self.trip.try_borrow_mut() else {
            return message;
        };
        if let Some(t) = trip.as_ref() {
            return t.message.clone();
        }
        *trip = Some(Trip { kind, message: message.clone() });
        message
    }

    /// Charges `steps` instructions of work done inside a host function (pattern
    /// matching, `os.date`) and checks every limit: `Err(message)` once one has tripped,
    /// located by `locate` (the calling script line).
    pub(crate) fn charge(&self, steps: i64, locate: impl FnOnce() -> Option<(String, i32)>) -> Result<(), String> {
        if let Some((_, message)) = self.tripped() {
            return Err(message);
        }
        let left = self.budget.get().saturating_sub(steps);
        self.budget.set(left);
        match self.due(left) {
            Some(kind) => {
                if let Some((src, line)) = locate() {
                    self.record(src.as_bytes(), line);
                }
                Err(self.trip(kind))
            }
            None => Ok(()),
        }
    }

    fn due(&self, left: i64) -> Option<LimitKind> {
        if self.monitor.is_cancelled() {
            Some(LimitKind::Interrupted)
        } else if left < 0 {
            Some(LimitKind::Instructions)
        } else if self.deadline.get().is_some_and(|d| Instant::now() > d) {
            Some(LimitKind::Time)
        } else {
            None
        }
    }

    /// Called by the hook every `count` instructions: the message to raise, if any.
    fn tick(&self, count: i32) -> Option<(*const c_char, usize)> {
        let tripped = self.trip.try_borrow().map(|t| t.is_some()).unwrap_or(true);
        if !tripped {
            let left = self.budget.get() - i64::from(count);
            self.budget.set(left);
            self.trip(self.due(left)?);
        }
        let trip = self.trip.try_borrow().ok()?;
        let message = trip.as_ref()?.message.as_bytes();
        Some((message.as_ptr().cast(), message.len()))
    }
}

/// `LimitExceeded: <limit> reached at <location>` (CLI.md, "Sandbox limits").
pub fn limit_message(l: &Limits, kind: LimitKind, location: Option<&str>) -> String {
    let what = match kind {
        LimitKind::Instructions => format!("LimitExceeded: instruction limit ({})", l.instructions),
        LimitKind::Memory => format!("LimitExceeded: memory limit ({} bytes)", l.memory),
        LimitKind::Time => format!("LimitExceeded: time limit ({} s)", Seconds(l.wall)),
        LimitKind::Output => format!("LimitExceeded: output limit ({} bytes)", l.output_bytes),
        LimitKind::Interrupted => "Interrupted: interrupted".to_string(),
    };
    match (kind, location) {
        (LimitKind::Interrupted, Some(loc)) => format!("{what} at {loc}"),
        (_, Some(loc)) => format!("{what} reached at {loc}"),
        (_, None) => what,
    }
}

/// The guard of the state `l` belongs to (null before the sandbox set it).
///
/// # Safety
/// `l` must be a thread of a state whose extra space was set by [`install_hook`].
unsafe fn guard_of<'a>(l: *mut ffi::lua_State) -> Option<&'a Guard> {
    // SAFETY: the extra space holds a pointer to the state's Guard, which app data keeps
    // alive until after `lua_close`; threads copy it from the main thread.
    unsafe { (*(ffi::lua_getextraspace(l) as *const *const Guard)).as_ref() }
}

/// The count hook. `lua_error` longjmps out of this frame: nothing with a destructor may be
/// alive when it is called (the message lives in the guard, not here).
unsafe extern "C-unwind" fn limit_hook(l: *mut ffi::lua_State, _ar: *mut ffi::lua_Debug) {
    let Some(guard) = (unsafe { guard_of(l) }) else {
        return;
    };
    unsafe { record_location(l, guard) };
    let count = unsafe { ffi::lua_gethookcount(l) };
    let Some((message, len)) = guard.tick(count) else {
        if count != EVERY && guard.location().is_some() {
            // A run starts with the hook on every instruction until it has seen a script
            // line (so a location is known even if the script's first call never returns).
            unsafe { ffi::lua_sethook(l, Some(limit_hook), ffi::LUA_MASKCOUNT, EVERY) };
        }
        return;
    };
    unsafe {
        ffi::lua_sethook(l, Some(limit_hook), ffi::LUA_MASKCOUNT, 1);
        ffi::lua_pushlstring(l, message, len);
        ffi::lua_error(l);
    }
}

/// Records the innermost script frame of `l`'s stack (skipping host frames).
unsafe fn record_location(l: *mut ffi::lua_State, guard: &Guard) {
    for level in 0..LOCATION_DEPTH {
        // SAFETY: lua_Debug is a plain C struct; getstack/getinfo fill it.
        let mut d: ffi::lua_Debug = unsafe { std::mem::zeroed() };
        if unsafe { ffi::lua_getstack(l, level, &mut d) } == 0 {
            return;
        }
        if unsafe { ffi::lua_getinfo(l, c"Sl".as_ptr(), &mut d) } == 0 {
            return;
        }
        let src = &d.short_src;
        let len = src.iter().position(|&c| c == 0).unwrap_or(src.len());
        // SAFETY: short_src is a NUL-terminated array inside `d`.
        let bytes = unsafe { std::slice::from_raw_parts(src.as_ptr().cast::<u8>(), len) };
        if d.currentline > 0 && !is_host_chunk(bytes) {
            guard.record(bytes, d.currentline);
            return;
        }
    }
}

/// Points the state's extra space at `guard`.
///
/// # Safety
/// `guard` must outlive the state (keep it in app data).
pub(crate) unsafe fn set_guard(lua: &mlua::Lua, guard: *const Guard) -> mlua::Result<()> {
    // SAFETY: the extra space is LUA_EXTRASPACE (pointer-sized) bytes that mlua does not
    // use on Lua 5.4; threads created later copy it from the main thread.
    unsafe { lua.exec_raw::<()>((), |st| *(ffi::lua_getextraspace(st) as *mut *const Guard) = guard) }
}

/// Installs the count hook on the state's current thread (coroutines inherit it).
pub(crate) fn install_hook(lua: &mlua::Lua, count: i32) -> mlua::Result<()> {
    // SAFETY: installs a C hook on the current thread.
    unsafe { lua.exec_raw::<()>((), |st| ffi::lua_sethook(st, Some(limit_hook), ffi::LUA_MASKCOUNT, count)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trip_keeps_first_message() {
        let g = Guard::new(&Limits::default());
        g.record(b"student.lua", 12);
        g.record(b"sandbox", 3);
        g.record(b"__mlua_index", 7);
        assert_eq!(
            g.trip(LimitKind::Instructions),
            "LimitExceeded: instruction limit (200000000) reached at student.lua:12"
        );
        assert_eq!(g.trip(LimitKind::Time), "LimitExceeded: instruction limit (200000000) reached at student.lua:12");
        assert_eq!(g.tripped().map(|t| t.0), Some(LimitKind::Instructions));
        g.reset();
        assert!(g.tripped().is_none());
        assert_eq!(g.location(), None);
    }

    #[test]
    fn charge_spends_the_budget() {
        let g = Guard::new(&Limits { instructions: 100, ..Limits::default() });
        assert!(g.charge(60, || None).is_ok());
        let at = || Some(("p.lua".to_string(), 4));
        assert_eq!(g.charge(60, at), Err("LimitExceeded: instruction limit (100) reached at p.lua:4".to_string()));
        assert!(g.charge(1, || None).is_err());
    }

    #[test]
    fn host_chunks() {
        for host in [&b"sandbox"[..], b"__mlua_index", b"[C]", b"AwsError"] {
            assert!(is_host_chunk(host));
        }
        assert!(!is_host_chunk(b"student.lua"));
        assert!(!is_host_chunk(b"[string \"sandbox\"]"));
    }
}
