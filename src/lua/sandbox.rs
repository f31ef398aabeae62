//! A sandboxed Lua 5.4 state bound to a world (research notes §3–5).
//!
//! Only `coroutine`, `table`, `string`, `utf8`, `math` and a simulated-time `os` are
//! loaded; `load` is text-only; `__gc`, most of `collectgarbage`, `string.dump`, `dofile`,
//! `loadfile` are gone; `require` reads only the embedded stdlib and, when a script folder
//! is set, modules next to the script. CPU is bounded by a raw count hook (budget, wall
//! deadline, cancel flag) that re-arms itself on every instruction once tripped, so no
//! `pcall` loop can absorb it; memory by the allocator limit; output by a capped sink.

use crate::lua::api::{self, ApiOptions, SharedWorld};
use crate::lua::errors::{self, ScriptError};
use crate::lua::limits::{Limits, Seconds};
use crate::lua::output::{Output, Sink};
use crate::lua::{clock, help, stdlib};
use mlua::chunk::ChunkMode;
use mlua::{Error, Function, IntoLuaMulti, Lua, LuaOptions, MultiValue, StdLib, Value, ffi};
use std::cell::{Cell, RefCell};
use std::ffi::c_char;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Instructions between two hook calls while no limit has tripped.
const EVERY: i32 = 1000;
/// Native stack of the thread a VM runs on (research §5.7).
pub const VM_STACK_BYTES: usize = 16 << 20;
/// Chunk name of the prelude; its frames are hidden from locations.
const PRELUDE_SOURCE: &[u8] = b"sandbox";
const LOCATION_CAP: usize = 60;

/// Which limit stopped a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// The instruction budget.
    Instructions,
    /// The heap limit.
    Memory,
    /// The wall-clock deadline.
    Time,
    /// The printed-output cap.
    Output,
    /// The external cancel flag.
    Interrupted,
}

struct Trip {
    kind: LimitKind,
    message: String,
}

/// Per-state limit bookkeeping, read by the hook through the state's extra space.
struct Guard {
    limits: Limits,
    budget: Cell<i64>,
    deadline: Cell<Option<Instant>>,
    cancel: Arc<AtomicBool>,
    trip: RefCell<Option<Trip>>,
    location: Cell<([u8; LOCATION_CAP], usize, i32)>,
}

impl Guard {
    fn reset(&self) {
        self.budget.set(i64::try_from(self.limits.instructions).unwrap_or(i64::MAX));
        self.deadline.set(Instant::now().checked_add(self.limits.wall));
        self.cancel.store(false, Ordering::Relaxed);
        if let Ok(mut trip) = self.trip.try_borrow_mut() {
            *trip = None;
        }
        self.location.set(([0; LOCATION_CAP], 0, 0));
    }

    /// Remembers the last script line seen (prelude frames are skipped).
    fn record(&self, src: &[u8], line: i32) {
        if line <= 0 || src == PRELUDE_SOURCE || src.starts_with(b"[C]") {
            return;
        }
        let mut buf = [0; LOCATION_CAP];
        let n = src.len().min(LOCATION_CAP);
        buf[..n].copy_from_slice(&src[..n]);
        self.location.set((buf, n, line));
    }

    fn location(&self) -> Option<String> {
        let (buf, n, line) = self.location.get();
        (line > 0).then(|| format!("{}:{line}", String::from_utf8_lossy(&buf[..n])))
    }

    /// Records the first trip and returns its message (later trips keep the first).
    fn trip(&self, kind: LimitKind) -> String {
        let Ok(mut trip) = self.trip.try_borrow_mut() else {
            return "LimitExceeded".to_string();
        };
        if let Some(t) = trip.as_ref() {
            return t.message.clone();
        }
        let l = &self.limits;
        let what = match kind {
            LimitKind::Instructions => {
                format!("LimitExceeded: instruction limit ({})", l.instructions)
            }
            LimitKind::Memory => format!("LimitExceeded: memory limit ({} bytes)", l.memory),
            LimitKind::Time => format!("LimitExceeded: time limit ({} s)", Seconds(l.wall)),
            LimitKind::Output => format!("LimitExceeded: output limit ({} bytes)", l.output_bytes),
            LimitKind::Interrupted => "Interrupted: interrupted".to_string(),
        };
        let message = match (kind, self.location()) {
            (LimitKind::Interrupted, Some(loc)) => format!("{what} at {loc}"),
            (_, Some(loc)) => format!("{what} reached at {loc}"),
            (_, None) => what,
        };
        *trip = Some(Trip { kind, message: message.clone() });
        message
    }

    /// Called by the hook every `count` instructions: the message to raise, if any.
    fn tick(&self, count: i32) -> Option<(*const c_char, usize)> {
        let tripped = self.trip.try_borrow().map(|t| t.is_some()).unwrap_or(true);
        if !tripped {
            let left = self.budget.get() - i64::from(count);
            self.budget.set(left);
            let kind = if self.cancel.load(Ordering::Relaxed) {
                LimitKind::Interrupted
            } else if left < 0 {
                LimitKind::Instructions
            } else if self.deadline.get().is_some_and(|d| Instant::now() > d) {
                LimitKind::Time
            } else {
                return None;
            };
            self.trip(kind);
        }
        let trip = self.trip.try_borrow().ok()?;
        let message = trip.as_ref()?.message.as_bytes();
        Some((message.as_ptr().cast(), message.len()))
    }
}

/// The count hook. `lua_error` longjmps out of this frame: nothing with a destructor may be
/// alive when it is called (the message lives in the guard, not here).
unsafe extern "C-unwind" fn limit_hook(l: *mut ffi::lua_State, ar: *mut ffi::lua_Debug) {
    // SAFETY: the extra space holds a pointer to the state's Guard, which app data keeps
    // alive until after `lua_close`; it was set on the main thread before the hook.
    let guard = unsafe { *(ffi::lua_getextraspace(l) as *const *const Guard) };
    if guard.is_null() {
        return;
    }
    let guard = unsafe { &*guard };
    unsafe {
        if ffi::lua_getinfo(l, c"Sl".as_ptr(), ar) != 0 {
            let src = &(*ar).short_src;
            let len = src.iter().position(|&c| c == 0).unwrap_or(src.len());
            let bytes = std::slice::from_raw_parts(src.as_ptr().cast::<u8>(), len);
            guard.record(bytes, (*ar).currentline);
        }
    }
    let count = unsafe { ffi::lua_gethookcount(l) };
    let Some((message, len)) = guard.tick(count) else {
        return;
    };
    unsafe {
        ffi::lua_sethook(l, Some(limit_hook), ffi::LUA_MASKCOUNT, 1);
        ffi::lua_pushlstring(l, message, len);
        ffi::lua_error(l);
    }
}

/// App-data handle keeping the guard alive as long as the state.
struct GuardRef(Rc<Guard>);

/// The folder whose modules `require` may load.
struct ScriptDir(PathBuf);

/// A sandboxed Lua state bound to a world, with the API globals installed.
pub struct Sandbox {
    lua: Lua,
    world: SharedWorld,
    guard: Rc<Guard>,
}

impl Sandbox {
    /// A fresh sandboxed state over `world` with the API (`aws`, `cidr`, `net`, `sim`,
    /// `help`) installed; `print` goes to `output`.
    pub fn new(world: SharedWorld, options: &ApiOptions, limits: &Limits, output: Output) -> mlua::Result<Sandbox> {
        let libs = StdLib::COROUTINE | StdLib::TABLE | StdLib::STRING | StdLib::UTF8 | StdLib::MATH;
        let lua = Lua::new_with(libs, LuaOptions::default())?;
        let guard = Rc::new(Guard {
            limits: limits.clone(),
            budget: Cell::new(0),
            deadline: Cell::new(None),
            cancel: Arc::new(AtomicBool::new(false)),
            trip: RefCell::new(None),
            location: Cell::new(([0; LOCATION_CAP], 0, 0)),
        });
        guard.reset();
        let ptr = Rc::as_ptr(&guard);
        // SAFETY: the extra space is LUA_EXTRASPACE (pointer-sized) bytes that mlua does
        // not use on Lua 5.4; threads created later copy it from the main thread.
        unsafe {
            lua.exec_raw::<()>((), |st| *(ffi::lua_getextraspace(st) as *mut *const Guard) = ptr)?;
        }
        lua.set_app_data(GuardRef(guard.clone()));
        lua.set_app_data(Sink::new(output, limits.output_bytes));
        lua.set_app_data(clock::Clock(world.clone()));
        clock::install(&lua)?;

        let names = lua.create_sequence_from(stdlib::MODULES.iter().map(|m| m.name))?;
        lua.load(include_str!("prelude.lua")).set_name("=sandbox").set_mode(ChunkMode::Text).call::<()>((
            errors::converter(&lua)?,
            lua.create_function(write_output)?,
            lua.create_function(find_module)?,
            names,
        ))?;

        api::register_all(&lua, world.clone(), options)?;
        help::register_help(&lua)?;

        let sandbox = Sandbox { lua, world, guard };
        sandbox.begin_run()?;
        sandbox.lua.set_memory_limit(limits.memory)?;
        Ok(sandbox)
    }

    /// The Lua state.
    pub fn lua(&self) -> &Lua {
        &self.lua
    }

    /// The world the state is bound to.
    pub fn world(&self) -> &SharedWorld {
        &self.world
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.guard.limits
    }

    /// A flag that, when set from any thread, stops the running code with `Interrupted`.
    /// [`Sandbox::begin_run`] clears it.
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.guard.cancel.clone()
    }

    /// Lets `require` load `NAME.lua` modules from `dir` (the script's folder).
    pub fn set_script_dir(&self, dir: impl Into<PathBuf>) {
        self.lua.set_app_data(ScriptDir(dir.into()));
    }

    /// Starts a run: fresh instruction, time and output budgets, no trip, hook re-armed.
    pub fn begin_run(&self) -> mlua::Result<()> {
        self.guard.reset();
        if let Some(sink) = self.lua.app_data_ref::<Sink>() {
            sink.reset();
        }
        // SAFETY: installs a C hook on the current thread; coroutines inherit it.
        unsafe { self.lua.exec_raw::<()>((), |st| ffi::lua_sethook(st, Some(limit_hook), ffi::LUA_MASKCOUNT, EVERY)) }
    }

    /// Compiles text source (never bytecode) under `chunk_name` (`@file.lua`, `=stdin`).
    pub fn load(&self, source: &[u8], chunk_name: &str) -> Result<Function, ScriptError> {
        self.lua
            .load(source)
            .set_name(chunk_name)
            .set_mode(ChunkMode::Text)
            .into_function()
            .map_err(|e| self.script_error(&e))
    }

    /// Calls `f` as one run (fresh budgets, see [`Sandbox::begin_run`]).
    pub fn call(&self, f: &Function, args: impl IntoLuaMulti) -> Result<MultiValue, ScriptError> {
        self.begin_run().map_err(|e| self.script_error(&e))?;
        f.call::<MultiValue>(args).map_err(|e| self.script_error(&e))
    }

    /// Compiles and runs `source` as one run.
    pub fn exec(&self, source: &[u8], chunk_name: &str) -> Result<MultiValue, ScriptError> {
        let f = self.load(source, chunk_name)?;
        self.call(&f, ())
    }

    /// The limit that stopped the current run, if any.
    pub fn tripped(&self) -> Option<LimitKind> {
        self.guard.trip.borrow().as_ref().map(|t| t.kind)
    }

    /// Classifies an error of this state: limits first, then AWS errors, then Lua's.
    pub fn script_error(&self, err: &Error) -> ScriptError {
        let limit = |kind, message| match kind {
            LimitKind::Interrupted => ScriptError::Interrupted(message),
            _ => ScriptError::Limit(message),
        };
        if let Some(t) = self.guard.trip.borrow().as_ref() {
            return limit(t.kind, t.message.clone());
        }
        let mut e = err;
        while let Error::CallbackError { cause, .. } | Error::WithContext { cause, .. } = e {
            e = cause;
        }
        if matches!(e, Error::MemoryError(_)) {
            return limit(LimitKind::Memory, self.guard.trip(LimitKind::Memory));
        }
        ScriptError::from_lua(err)
    }
}

/// Writes through the state's capped sink; over the cap, trips the output limit.
fn write_output(lua: &Lua, text: mlua::LuaString) -> mlua::Result<()> {
    let over = match lua.app_data_ref::<Sink>() {
        Some(sink) => sink.write(&text.as_bytes()).is_err(),
        None => false,
    };
    if !over {
        return Ok(());
    }
    let guard = lua.app_data_ref::<GuardRef>().map(|g| g.0.clone());
    let Some(guard) = guard else {
        return Err(Error::runtime("output limit reached"));
    };
    if let Some((src, line)) = caller_location(lua) {
        guard.record(src.as_bytes(), line);
    }
    Err(Error::runtime(guard.trip(LimitKind::Output)))
}

/// The innermost script frame of the running stack.
fn caller_location(lua: &Lua) -> Option<(String, i32)> {
    (0..64).find_map(|level| {
        lua.inspect_stack(level, |d| {
            let src = d.source().short_src.map(|s| s.into_owned())?;
            let line = i32::try_from(d.current_line()?).ok()?;
            (src.as_bytes() != PRELUDE_SOURCE && line > 0).then_some((src, line))
        })
        .flatten()
    })
}

/// `require`'s searcher: an embedded stdlib module, else `NAME.lua` in the script folder.
/// Returns the loader and where it came from, or nil and why not.
fn find_module(lua: &Lua, name: String) -> mlua::Result<(Value, String)> {
    if let Some(m) = stdlib::find(&name) {
        let f = lua.load(m.source).set_name(m.chunk_name).set_mode(ChunkMode::Text);
        return Ok((Value::Function(f.into_function()?), m.chunk_name[1..].to_string()));
    }
    let dir = lua.app_data_ref::<ScriptDir>().map(|d| d.0.clone());
    let why = match dir {
        None => "no embedded module of that name".to_string(),
        Some(_) if !valid_module_name(&name) => {
            "module names are dot-separated words (letters, digits, '_', '-')".to_string()
        }
        Some(dir) => {
            let path = dir.join(format!("{}.lua", name.replace('.', "/")));
            match std::fs::read(&path) {
                Ok(source) => {
                    let chunk = format!("@{}", display_path(&path));
                    let f = lua.load(source).set_name(chunk).set_mode(ChunkMode::Text);
                    return Ok((Value::Function(f.into_function()?), display_path(&path)));
                }
                Err(_) => format!("no embedded module, no file '{}'", display_path(&path)),
            }
        }
    };
    Ok((Value::Nil, format!("module '{name}' not found ({why})")))
}

fn display_path(path: &Path) -> String {
    path.strip_prefix(".").unwrap_or(path).display().to_string()
}

/// `a.b_c.d-e` style names only: no `..`, no separators, no leading dot.
fn valid_module_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .split('.')
            .all(|seg| !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
}

/// Runs `f` on a fresh thread with a [`VM_STACK_BYTES`] stack and waits for it; create
/// the world and the sandbox inside `f` (they are not `Send`). `Err` if `f` panicked.
pub fn on_vm_thread<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> std::io::Result<R> {
    let handle = std::thread::Builder::new().name("lua-vm".to_string()).stack_size(VM_STACK_BYTES).spawn(f)?;
    handle.join().map_err(|_| std::io::Error::other("the Lua VM thread panicked"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names() {
        assert!(valid_module_name("lib.helpers"));
        assert!(valid_module_name("my-mod_2"));
        for bad in ["", "..", "a..b", ".a", "a/b", "a\\b", "../x", "a."] {
            assert!(!valid_module_name(bad), "{bad}");
        }
    }

    #[test]
    fn trip_keeps_first_message() {
        let g = Guard {
            limits: Limits::default(),
            budget: Cell::new(0),
            deadline: Cell::new(None),
            cancel: Arc::new(AtomicBool::new(false)),
            trip: RefCell::new(None),
            location: Cell::new(([0; LOCATION_CAP], 0, 0)),
        };
        g.record(b"student.lua", 12);
        g.record(b"sandbox", 3);
        assert_eq!(
            g.trip(LimitKind::Instructions),
            "LimitExceeded: instruction limit (200000000) reached at student.lua:12"
        );
        assert_eq!(g.trip(LimitKind::Time), "LimitExceeded: instruction limit (200000000) reached at student.lua:12");
    }
}
