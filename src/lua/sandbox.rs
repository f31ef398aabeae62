//! A sandboxed Lua 5.4 state bound to a world (research notes §3–5).
//!
//! Only `coroutine`, `table`, `string`, `utf8`, `math` and a simulated-time `os` are
//! loaded; `load` is text-only; `__gc`, most of `collectgarbage`, `string.dump`, `dofile`,
//! `loadfile` are gone; `require` reads only the embedded stdlib and, when a script folder
//! is set, modules inside it ([`crate::lua::stdlib`]). CPU is bounded by a raw count hook
//! ([`crate::lua::guard`]) and by charging pattern-matching steps to the same budget;
//! memory by the allocator limit, lowered by the world's own footprint; output by a
//! capped sink. A run that tripped any limit fails, whatever the script caught.

use crate::lua::api::{self, ApiOptions, SharedWorld};
use crate::lua::errors::{self, ScriptError};
use crate::lua::guard::{self, Guard};
pub use crate::lua::guard::{LimitKind, Monitor};
use crate::lua::limits::Limits;
use crate::lua::output::{MIN_ERROR_LINE, Output, Sink, WriteError};
use crate::lua::{help, os_lib, stdlib, strmatch};
use crate::model::World;
use mlua::chunk::ChunkMode;
use mlua::{Error, Function, IntoLuaMulti, Lua, LuaOptions, MultiValue, StdLib, Value};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Native stack of the thread a VM runs on (research §5.7).
pub const VM_STACK_BYTES: usize = 16 << 20;
/// The world is re-measured after a number of writes that grows by one per this many
/// bytes of world, so measuring stays amortised O(1) per write.
const MEASURE_EVERY_BYTES: usize = 64 << 10;

/// App-data handle keeping the guard alive as long as the state.
struct GuardRef(Rc<Guard>);

/// The folder whose modules `require` may load.
struct ScriptDir(PathBuf);

/// A sandboxed Lua state bound to a world, with the API globals installed.
pub struct Sandbox {
    lua: Lua,
    world: SharedWorld,
    guard: Rc<Guard>,
    /// The prelude's runner: calls a function, cutting huge string errors inside Lua.
    runner: Function,
}

impl Sandbox {
    /// A fresh sandboxed state over `world` with the API (`aws`, `cidr`, `net`, `sim`,
    /// `help`) installed; `print` goes to `output`.
    pub fn new(world: SharedWorld, options: &ApiOptions, limits: &Limits, output: Output) -> mlua::Result<Sandbox> {
        let libs = StdLib::COROUTINE | StdLib::TABLE | StdLib::STRING | StdLib::UTF8 | StdLib::MATH;
        let lua = Lua::new_with(libs, LuaOptions::default())?;
        let guard = Rc::new(Guard::new(limits));
        // SAFETY: the guard lives in app data as long as the state.
        unsafe { guard::set_guard(&lua, Rc::as_ptr(&guard))? };
        lua.set_app_data(GuardRef(guard.clone()));
        lua.set_app_data(Sink::new(output, limits.output_bytes));
        lua.set_app_data(os_lib::Clock(world.clone()));
        os_lib::install(&lua)?;
        strmatch::install(&lua)?;

        let names = lua.create_sequence_from(stdlib::MODULES.iter().map(|m| m.name))?;
        let error_cap = limits.output_bytes.saturating_add(MIN_ERROR_LINE);
        let memory_error =
            lua.create_function(|_, ()| -> mlua::Result<()> { Err(Error::MemoryError("not enough memory".into())) })?;
        let runner: Function =
            lua.load(include_str!("prelude.lua")).set_name("=sandbox").set_mode(ChunkMode::Text).call((
                errors::converter(&lua)?,
                lua.create_function(write_output)?,
                lua.create_function(find_module)?,
                names,
                error_cap,
                memory_error,
            ))?;

        api::register_all(&lua, world.clone(), options)?;
        help::register_help(&lua)?;

        // A state over an existing world (grading's checks) starts with that world counted.
        let world_bytes = world.try_borrow().map(|w| w.footprint_bytes()).unwrap_or(0);
        guard.world_bytes.set(world_bytes);
        let sandbox = Sandbox { lua, world, guard, runner };
        sandbox.begin_run()?;
        sandbox.lua.set_memory_limit(limits.memory.saturating_sub(world_bytes).max(1))?;
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

    /// What a watchdog or signal handler on another thread may use: cancel the run, read
    /// the last script line seen (see [`crate::lua::watchdog`]).
    pub fn monitor(&self) -> Arc<Monitor> {
        self.guard.monitor.clone()
    }

    /// A flag that, when set from any thread, stops the running code with `Interrupted`.
    /// [`Sandbox::begin_run`] clears it.
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.guard.monitor.cancel_flag()
    }

    /// Lets `require` load `NAME.lua` modules from inside `dir` (the script's folder).
    pub fn set_script_dir(&self, dir: impl Into<PathBuf>) {
        self.lua.set_app_data(ScriptDir(dir.into()));
    }

    /// Starts a run: fresh instruction, time and output budgets, no trip, hook re-armed.
    pub fn begin_run(&self) -> mlua::Result<()> {
        self.guard.reset();
        if let Some(sink) = self.lua.app_data_ref::<Sink>() {
            sink.reset();
        }
        guard::install_hook(&self.lua, 1)
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

    /// Calls `f` as one run (fresh budgets, see [`Sandbox::begin_run`]). A run during which
    /// any limit tripped fails with it, even if the script caught the error and returned.
    pub fn call(&self, f: &Function, args: impl IntoLuaMulti) -> Result<MultiValue, ScriptError> {
        self.begin_run().map_err(|e| self.script_error(&e))?;
        let mut all = args.into_lua_multi(&self.lua).map_err(|e| self.script_error(&e))?;
        all.push_front(Value::Function(f.clone()));
        let result = self.runner.call::<MultiValue>(all);
        if let Some(e) = self.tripped_error() {
            return Err(e);
        }
        result.map_err(|e| self.script_error(&e))
    }

    /// Compiles and runs `source` as one run.
    pub fn exec(&self, source: &[u8], chunk_name: &str) -> Result<MultiValue, ScriptError> {
        let f = self.load(source, chunk_name)?;
        self.call(&f, ())
    }

    /// The limit that stopped the current run, if any.
    pub fn tripped(&self) -> Option<LimitKind> {
        self.guard.tripped().map(|t| t.0)
    }

    /// The current run's trip as an error, if a limit tripped.
    pub fn tripped_error(&self) -> Option<ScriptError> {
        self.guard.tripped().map(|(kind, message)| limit_error(kind, message))
    }

    /// Charges host text the script caused (a REPL echo, an error line) against the output
    /// cap and returns what may be shown (cut with a marker; at least `floor` bytes).
    pub fn fit_host_text(&self, text: &str, floor: usize) -> String {
        match self.lua.app_data_ref::<Sink>() {
            Some(sink) => sink.fit(text, floor),
            None => text.to_string(),
        }
    }

    /// The error that stopped writes to stdout, if one did (`(kind, text)`).
    pub fn output_failure(&self) -> Option<(std::io::ErrorKind, String)> {
        self.lua.app_data_ref::<Sink>().and_then(|s| s.failure())
    }

    /// Output bytes the current run may still write.
    pub fn output_remaining(&self) -> usize {
        self.lua.app_data_ref::<Sink>().map_or(usize::MAX, |s| s.remaining())
    }

    /// Classifies an error of this state: limits first, then AWS errors, then Lua's.
    pub fn script_error(&self, err: &Error) -> ScriptError {
        if let Some(e) = self.tripped_error() {
            return e;
        }
        if matches!(errors::root(err), Error::MemoryError(_)) {
            if let Some((src, line)) = errors::callback_location(err).as_deref().and_then(|l| l.rsplit_once(':')) {
                self.guard.record(src.as_bytes(), line.parse().unwrap_or(0));
            }
            return limit_error(LimitKind::Memory, self.guard.trip(LimitKind::Memory));
        }
        ScriptError::from_lua(err)
    }
}

fn limit_error(kind: LimitKind, message: String) -> ScriptError {
    match kind {
        LimitKind::Interrupted => ScriptError::Interrupted(message),
        _ => ScriptError::Limit(message),
    }
}

/// The guard of the sandbox `lua` belongs to (none for a plain state).
pub(crate) fn guard_of(lua: &Lua) -> Option<Rc<Guard>> {
    lua.app_data_ref::<GuardRef>().map(|g| g.0.clone())
}

/// Bytes the state may still allocate: the memory limit less the Lua heap and the world.
pub(crate) fn memory_room(lua: &Lua) -> usize {
    match guard_of(lua) {
        Some(g) => g.limits.memory.saturating_sub(lua.used_memory()).saturating_sub(g.world_bytes.get()),
        None => usize::MAX,
    }
}

/// Charges host work a binding is about to do for the script: `steps` instructions
/// (counted against the budget, with the clock and cancel flag checked) and `bytes` it
/// will allocate (refused with a memory error past what the state has left). Call it
/// before long or large Rust work whose size the script chose (`net.matrix`).
pub fn charge_host_work(lua: &Lua, steps: usize, bytes: usize) -> mlua::Result<()> {
    let Some(guard) = guard_of(lua) else {
        return Ok(());
    };
    let steps = i64::try_from(steps).unwrap_or(i64::MAX);
    guard.charge(steps, || caller_location(lua)).map_err(Error::runtime)?;
    if bytes > memory_room(lua) {
        return Err(Error::MemoryError("not enough memory".to_string()));
    }
    Ok(())
}

/// Accounts the world's footprint against the memory limit after a write: the Lua heap
/// may use only what the world leaves, and a world that outgrows the limit trips it.
/// Re-measures amortised (see `MEASURE_EVERY_BYTES`), so the check costs O(1) per write.
pub fn charge_world(lua: &Lua, world: &World) -> mlua::Result<()> {
    let Some(guard) = guard_of(lua) else {
        return Ok(());
    };
    let writes = guard.world_writes.get() + 1;
    if writes < 1 + guard.world_bytes.get() / MEASURE_EVERY_BYTES {
        guard.world_writes.set(writes);
        return Ok(());
    }
    guard.world_writes.set(0);
    let bytes = world.footprint_bytes();
    guard.world_bytes.set(bytes);
    let limit = guard.limits.memory;
    lua.set_memory_limit(limit.saturating_sub(bytes).max(1))?;
    if bytes.saturating_add(lua.used_memory()) <= limit {
        return Ok(());
    }
    if let Some((src, line)) = caller_location(lua) {
        guard.record(src.as_bytes(), line);
    }
    Err(Error::runtime(guard.trip(LimitKind::Memory)))
}

/// Writes through the state's capped sink; over the cap, trips the output limit; when
/// stdout refuses the write, stops the run as interrupted.
fn write_output(lua: &Lua, text: mlua::LuaString) -> mlua::Result<()> {
    let written = match lua.app_data_ref::<Sink>() {
        Some(sink) => sink.write(&text.as_bytes()),
        None => Ok(()),
    };
    match written {
        Ok(()) => Ok(()),
        Err(e) => Err(Error::runtime(trip_output(lua, e))),
    }
}

/// Records an output trip at the caller's line and returns its message.
pub(crate) fn trip_output(lua: &Lua, e: WriteError) -> String {
    let Some(guard) = guard_of(lua) else {
        return "output limit reached".to_string();
    };
    if let Some((src, line)) = caller_location(lua) {
        guard.record(src.as_bytes(), line);
    }
    match e {
        WriteError::OverCap => guard.trip(LimitKind::Output),
        WriteError::Failed => {
            let why = lua.app_data_ref::<Sink>().and_then(|s| s.failure()).map(|f| f.1).unwrap_or_default();
            guard.trip_with(LimitKind::Interrupted, format!("Interrupted: output could not be written ({why})"))
        }
    }
}

/// The innermost script frame of the running stack.
pub(crate) fn caller_location(lua: &Lua) -> Option<(String, i32)> {
    (0..64).find_map(|level| {
        lua.inspect_stack(level, |d| {
            let src = d.source().short_src.map(|s| s.into_owned())?;
            let line = i32::try_from(d.current_line()?).ok()?;
            (!guard::is_host_chunk(src.as_bytes()) && line > 0).then_some((src, line))
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
        Some(dir) => match stdlib::find_local(&dir, &name) {
            Ok(m) => {
                let f = lua.load(m.source).set_name(format!("@{}", m.shown)).set_mode(ChunkMode::Text);
                return Ok((Value::Function(f.into_function()?), m.shown));
            }
            Err(why) => why,
        },
    };
    Ok((Value::Nil, format!("module '{name}' not found ({why})")))
}

/// Runs `f` on a fresh thread with a [`VM_STACK_BYTES`] stack and waits for it; create
/// the world and the sandbox inside `f` (they are not `Send`). `Err` if `f` panicked.
pub fn on_vm_thread<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> std::io::Result<R> {
    let handle = std::thread::Builder::new().name("lua-vm".to_string()).stack_size(VM_STACK_BYTES).spawn(f)?;
    handle.join().map_err(|_| std::io::Error::other("the Lua VM thread panicked"))
}
