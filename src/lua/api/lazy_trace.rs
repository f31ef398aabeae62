//! The trace `net.reachable` returns: a small Lua table that computes the real trace on first
//! use (no Rust object per call, for P3), yet always describes the world *at the call*.
//!
//! Every `net.reachable` call adds its trace to the current batch. Before the world next
//! changes ([`settle`], called by `value::write`), the batch is settled: up to [`LIMIT`]
//! traces are computed there and then; past that, one copy of the world is kept and all of
//! them are computed against it when first read (a new copy is refused when it and the copies
//! alive would not fit in the memory limit).

use super::value::shared;
use crate::model::World;
use mlua::{AnyUserData, Function, Lua, Table, UserData, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Pending traces this many or fewer are computed before a change; more share a world copy.
pub const LIMIT: i64 = 64;

/// The registry name of the Lua function that settles pending traces.
const SETTLE: &str = "vpclab.net.settle";

/// Whether `net.reachable` handed out traces since the world last changed, and the bytes
/// the world copies kept for them hold.
#[derive(Clone, Default)]
struct Pending {
    flag: Rc<Cell<bool>>,
    copies: Rc<Cell<usize>>,
}

/// The world as it was when the traces of a batch were handed out. The copies alive count
/// against the memory limit: a new one is refused when they would not fit.
struct Snapshot {
    world: RefCell<World>,
    bytes: usize,
    copies: Rc<Cell<usize>>,
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        self.copies.set(self.copies.get().saturating_sub(self.bytes));
    }
}

impl UserData for Snapshot {}

/// Settles pending traces before the world changes (no-op when there are none).
pub fn settle(lua: &Lua) -> mlua::Result<()> {
    let pending = match lua.app_data_ref::<Pending>() {
        Some(p) if p.flag.get() => p.clone(),
        _ => return Ok(()),
    };
    pending.flag.set(false);
    let f: Function = lua.named_registry_value(SETTLE)?;
    f.call::<()>(())
}

/// Runs `f` with the snapshot's world swapped in as the state's world.
fn with_world<R>(lua: &Lua, snap: &Snapshot, f: impl FnOnce() -> mlua::Result<R>) -> mlua::Result<R> {
    let live = shared(lua)?;
    let swap = || -> mlua::Result<()> {
        let mut w = live.try_borrow_mut().map_err(|_| mlua::Error::runtime("the world is busy"))?;
        std::mem::swap(&mut *w, &mut *snap.world.borrow_mut());
        Ok(())
    };
    swap()?;
    let out = f();
    swap()?;
    out
}

/// The lazy traces. Slots of one: 0 the real trace once computed, 1–5 source, destination,
/// protocol, port and source port, 6 its batch table (whose `world`, once set, is the
/// snapshot to trace in), 7–8 ICMP type and code. `state[1]` is the current batch (its array
/// part holds the first LIMIT traces), `state[2]` how many traces it has.
const LAZY: &str = r#"
local trace, trace_in, snapshot, LIMIT = ...
local setmetatable, rawget, rawset, tostring, pcall = setmetatable, rawget, rawset, tostring, pcall
local function real(self)
  local t = rawget(self, 0)
  if t == nil then
    local args = {source = rawget(self, 1), destination = rawget(self, 2), protocol = rawget(self, 3),
                  port = rawget(self, 4), source_port = rawget(self, 5), icmp_type = rawget(self, 7),
                  icmp_code = rawget(self, 8)}
    local world = rawget(self, 6).world
    if world then t = trace_in(world, args) else t = trace(args) end
    rawset(self, 0, t)
  end
  return t
end
local Lazy = {
  __name = "Trace",
  __metatable = "Trace",
  __index = function(self, k) return real(self)[k] end,
  __tostring = function(self) return tostring(real(self)) end,
}
local state = {{}, 0}
local function hand_out(src, dst, protocol, port, source_port, icmp_type, icmp_code)
  local b, n = state[1], state[2] + 1
  local lazy = setmetatable({src, dst, protocol, port, source_port, b, icmp_type, icmp_code}, Lazy)
  state[2] = n
  if n <= LIMIT then b[n] = lazy end
  return lazy
end
local function settle()
  local b, n = state[1], state[2]
  state[1], state[2] = {}, 0
  if n > LIMIT then
    b.world = snapshot()
    for i = 1, LIMIT do b[i] = nil end
  else
    for i = 1, n do pcall(real, b[i]); b[i] = nil end
  end
end
return hand_out, settle, state, Lazy
"#;

/// What `net.reachable` hands traces out with.
pub struct Lazies {
    /// `hand_out(src, dst, protocol, port, source_port, icmp_type, icmp_code)` → a lazy trace.
    pub hand_out: Function,
    /// The batch state (`{batch, count}`), for the raw fast path.
    pub state: Table,
    /// The lazy traces' metatable, for the raw fast path.
    pub metatable: Table,
}

/// Marks traces as pending: the next change of the world settles them first.
pub fn mark_pending(lua: &Lua) {
    if let Some(p) = lua.app_data_ref::<Pending>() {
        p.flag.set(true);
    }
}

/// Sets up lazy traces over `net.trace`; `settle` finds them through the registry.
pub fn install(lua: &Lua, trace: Function) -> mlua::Result<Lazies> {
    let pending = Pending::default();
    lua.set_app_data(pending.clone());
    let copies = pending.copies.clone();
    let snapshot = lua.create_function(move |lua, ()| {
        let w = shared(lua)?;
        let w = w.try_borrow().map_err(|_| mlua::Error::runtime("the world is busy"))?;
        let bytes = w.footprint_bytes();
        crate::lua::sandbox::charge_host_work(lua, 0, bytes.saturating_add(copies.get()))?;
        copies.set(copies.get() + bytes);
        Ok(Snapshot { world: RefCell::new(w.clone()), bytes, copies: copies.clone() })
    })?;
    let t = trace.clone();
    let trace_in = lua.create_function(move |lua, (snap, args): (AnyUserData, Value)| {
        let snap = snap.borrow::<Snapshot>()?;
        with_world(lua, &snap, || t.call::<Value>(args))
    })?;
    let (hand_out, settle, state, metatable): (Function, Function, Table, Table) =
        lua.load(LAZY).set_name("=sandbox").call((trace, trace_in, snapshot, LIMIT))?;
    lua.set_named_registry_value(SETTLE, settle)?;
    Ok(Lazies { hand_out, state, metatable })
}
