//! The trace `net.reachable` returns: a small Lua table that computes the real trace on first
//! use (no Rust object per call, for P3), yet always describes the world *at the call*.
//!
//! Every `net.reachable` call marks traces as pending. Before the world next changes
//! ([`settle`], called by `value::write`), the pending traces of the current world are settled:
//! up to [`LIMIT`] of them are computed there and then; past that, one copy of the world is
//! kept and all of them are computed against it when first read (the copies alive count
//! against the memory limit).

use super::value::shared;
use crate::model::World;
use mlua::{AnyUserData, Function, Lua, UserData, Value};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Pending traces this many or fewer are computed before a change; more share a world copy.
const LIMIT: usize = 64;

/// The registry name of the Lua function that settles pending traces.
const SETTLE: &str = "vpclab.net.settle";

/// Whether `net.reachable` handed out traces since the world last changed, and the bytes
/// the world copies kept for them hold.
#[derive(Clone, Default)]
pub struct Pending {
    flag: Rc<Cell<bool>>,
    copies: Rc<Cell<usize>>,
}

impl Pending {
    /// The flag of this state (shared with [`settle`] through the app data).
    pub fn install(lua: &Lua) -> Pending {
        let p = Pending::default();
        lua.set_app_data(p.clone());
        p
    }

    /// Marks traces as pending.
    pub fn set(&self) {
        self.flag.set(true);
    }
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

const REACHABLE: &str = r#"
local verdict, trace, strict, snapshot, trace_in, LIMIT = ...
local setmetatable, rawget, rawset, next, type, tostring, pcall = setmetatable, rawget, rawset, next, type, tostring, pcall
-- The traces handed out since the world last changed: a batch shared by them (slot 6 of
-- each), the first LIMIT of them, and how many there are.
local batch, count = {}, 0
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
local function settle()
  local b, n = batch, count
  batch, count = {}, 0
  if n > LIMIT then
    b.world = snapshot()
    for i = 1, LIMIT do b[i] = nil end
  else
    for i = 1, n do pcall(real, b[i]); b[i] = nil end
  end
end
local function reachable(src, dst, opts)
  local protocol, port, source_port, icmp_type, icmp_code
  if opts ~= nil then
    if type(opts) ~= "table" then return strict(src, dst, opts) end
    for k in next, opts do
      if k ~= "protocol" and k ~= "port" and k ~= "source_port" and k ~= "icmp_type" and k ~= "icmp_code" then
        return strict(src, dst, opts)
      end
    end
    protocol, port, source_port = rawget(opts, "protocol"), rawget(opts, "port"), rawget(opts, "source_port")
    icmp_type, icmp_code = rawget(opts, "icmp_type"), rawget(opts, "icmp_code")
  end
  local ok = verdict(src, dst, protocol, port, source_port, icmp_type, icmp_code)
  local lazy = setmetatable({src, dst, protocol, port, source_port, batch}, Lazy)
  if icmp_type ~= nil or icmp_code ~= nil then rawset(lazy, 7, icmp_type); rawset(lazy, 8, icmp_code) end
  count = count + 1
  if count <= LIMIT then batch[count] = lazy end
  return ok, lazy
end
return reachable, settle
"#;

/// Builds `net.reachable` from the Rust verdict, `net.trace` and the strict path.
pub fn install(lua: &Lua, verdict: Function, trace: Function, strict: Function) -> mlua::Result<Function> {
    let snapshot = lua.create_function(|lua, ()| {
        let w = shared(lua)?;
        let w = w.try_borrow().map_err(|_| mlua::Error::runtime("the world is busy"))?;
        let copies = lua.app_data_ref::<Pending>().map(|p| p.copies.clone()).unwrap_or_default();
        let bytes = w.footprint_bytes();
        crate::lua::sandbox::charge_host_work(lua, 0, bytes.saturating_add(copies.get()))?;
        copies.set(copies.get() + bytes);
        Ok(Snapshot { world: RefCell::new(w.clone()), bytes, copies })
    })?;
    let t = trace.clone();
    let trace_in = lua.create_function(move |lua, (snap, args): (AnyUserData, Value)| {
        let snap = snap.borrow::<Snapshot>()?;
        with_world(lua, &snap, || t.call::<Value>(args))
    })?;
    let (reachable, settle): (Function, Function) =
        lua.load(REACHABLE).set_name("=sandbox").call((verdict, trace, strict, snapshot, trace_in, LIMIT))?;
    lua.set_named_registry_value(SETTLE, settle)?;
    Ok(reachable)
}
