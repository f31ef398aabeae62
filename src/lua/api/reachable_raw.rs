//! The raw fast path of `net.reachable` (P3): two instance handles and a plain options table
//! (`protocol` "tcp"/"udp", integer `port`, optional integer `source_port`) are answered with
//! the Lua C API, without mlua's value conversions. Anything else — other endpoints, other
//! options, a handle not seen yet, any error — goes to the full path (upvalue 1), which
//! gives the same answer, raises the errors and teaches the fast path the handles it met.
//!
//! Handles are recognised by their first user value: the full path stores there, as one
//! integer, the instance key and generation of every instance handle it meets. Nothing else
//! sets a handle's user values (mlua keeps them for `set_user_value`, which vpclab never
//! calls on handles, and scripts have no debug library), so an integer there marks an
//! instance handle for sure, and a handle never changes what it points at. Were a handle made
//! without a user-value slot, the fast path would simply never take it.

use super::lazy_trace::{self, Lazies};
use super::value::shared;
use crate::model::{InstanceKey, Protocol};
use crate::reach::{self, Endpoint, Flow};
use mlua::{Function, Lua, Value, ffi};
use std::ffi::c_int;

const FULL: c_int = ffi::lua_upvalueindex(1);
const STATE: c_int = ffi::lua_upvalueindex(2);
const LAZY_MT: c_int = ffi::lua_upvalueindex(3);

/// An instance handle's key and generation in one integer.
fn pack(key: InstanceKey, epoch: u32) -> i64 {
    (i64::from(epoch) << 32) | i64::from(key.0)
}

/// Marks `handle` (an instance handle of `key` in generation `epoch`) for the fast path.
pub fn remember(lua: &Lua, handle: &Value, key: InstanceKey, epoch: u32) -> mlua::Result<()> {
    // SAFETY: the handle and its packed key are at 1 and 2; the closure leaves the stack empty.
    unsafe {
        lua.exec_raw::<()>((handle, pack(key, epoch)), |l| {
            if ffi::lua_getiuservalue(l, 1, 1) == ffi::LUA_TNIL {
                ffi::lua_pushvalue(l, 2);
                ffi::lua_setiuservalue(l, 1, 1);
            }
            ffi::lua_settop(l, 0);
        })
    }
}

/// The key and generation of a packed handle.
fn unpack(v: i64) -> (InstanceKey, u32) {
    (InstanceKey(v as u32), (v >> 32) as u32)
}

/// `net.reachable` as a C closure over the full path and the lazy traces' state.
pub fn install(lua: &Lua, full: Function, lazies: &Lazies) -> mlua::Result<Function> {
    let upvalues = (full, lazies.state.clone(), lazies.metatable.clone());
    // SAFETY: the three upvalues are on the stack, in order; `fast` reads them by index.
    unsafe { lua.exec_raw(upvalues, |l| ffi::lua_pushcclosure(l, fast, 3)) }
}

/// The full path with the same arguments (its results, or its error).
unsafe fn full(l: *mut ffi::lua_State) -> c_int {
    unsafe {
        ffi::lua_settop(l, 3);
        ffi::lua_pushvalue(l, FULL);
        ffi::lua_insert(l, 1);
        ffi::lua_call(l, 3, 2);
    }
    2
}

/// The packed key of the instance handle at `idx`, if the full path has met it.
unsafe fn cached(l: *mut ffi::lua_State, idx: c_int) -> Option<i64> {
    unsafe {
        let t = ffi::lua_getiuservalue(l, idx, 1);
        let v = ffi::lua_tointegerx(l, -1, std::ptr::null_mut());
        let int = ffi::lua_isinteger(l, -1) != 0;
        ffi::lua_pop(l, 1);
        (t == ffi::LUA_TNUMBER && int).then_some(v)
    }
}

/// The integer at `idx` as a port, if it is one.
unsafe fn port_at(l: *mut ffi::lua_State, idx: c_int) -> Option<u16> {
    let mut is_int = 0;
    let v = unsafe { ffi::lua_tointegerx(l, idx, &mut is_int) };
    if is_int == 0 || unsafe { ffi::lua_isinteger(l, idx) } == 0 {
        return None;
    }
    u16::try_from(v).ok()
}

/// The flow a plain options table at 3 describes, copying its values into slots 3–5 of the
/// lazy trace at 4; `None` when the full path must read it.
unsafe fn plain_flow(l: *mut ffi::lua_State) -> Option<(Protocol, u16, Option<u16>)> {
    let (mut protocol, mut port, mut source_port) = (Protocol::Tcp, None, None);
    unsafe {
        ffi::lua_pushnil(l);
        while ffi::lua_next(l, 3) != 0 {
            // key at -2, value at -1
            if ffi::lua_type(l, -2) != ffi::LUA_TSTRING {
                return None;
            }
            let mut len = 0;
            let key = std::slice::from_raw_parts(ffi::lua_tolstring(l, -2, &mut len).cast::<u8>(), len);
            let slot = match key {
                b"protocol" => {
                    if ffi::lua_type(l, -1) != ffi::LUA_TSTRING {
                        return None;
                    }
                    let mut n = 0;
                    let p = std::slice::from_raw_parts(ffi::lua_tolstring(l, -1, &mut n).cast::<u8>(), n);
                    protocol = match p {
                        b"tcp" => Protocol::Tcp,
                        b"udp" => Protocol::Udp,
                        _ => return None,
                    };
                    3
                }
                b"port" => {
                    port = Some(port_at(l, -1)?);
                    4
                }
                b"source_port" => {
                    source_port = Some(port_at(l, -1)?);
                    5
                }
                _ => return None,
            };
            ffi::lua_rawseti(l, 4, slot);
        }
    }
    Some((protocol, port?, source_port))
}

/// The verdict for two cached handles, when the world can give it without an error.
fn verdict(l: *mut ffi::lua_State, a: i64, b: i64, flow: (Protocol, u16, Option<u16>)) -> Option<bool> {
    // SAFETY: `l` is the running state of a Lua that outlives this call.
    let lua = unsafe { Lua::get_or_init_from_ptr(l) };
    let world = shared(lua).ok()?;
    let w = world.try_borrow().ok()?;
    let ((ka, ea), (kb, eb)) = (unpack(a), unpack(b));
    if ea != w.generation() || eb != w.generation() {
        return None;
    }
    let (protocol, port, source_port) = flow;
    let flow =
        Flow { source: Endpoint::Instance(ka), destination: Endpoint::Instance(kb), protocol, port, source_port };
    let ok = reach::reachable(&w, &flow).ok()?;
    lazy_trace::mark_pending(lua);
    Some(ok)
}

/// `net.reachable(src, dst, opts)`, fast when it can be. Lua errors raised here (out of
/// memory, or the full path's) unwind through frames that hold nothing to drop.
unsafe extern "C-unwind" fn fast(l: *mut ffi::lua_State) -> c_int {
    unsafe {
        let n = ffi::lua_gettop(l);
        let opts = if n >= 3 { ffi::lua_type(l, 3) } else { ffi::LUA_TNIL };
        if !(2..=3).contains(&n)
            || ffi::lua_type(l, 1) != ffi::LUA_TUSERDATA
            || ffi::lua_type(l, 2) != ffi::LUA_TUSERDATA
            || opts != ffi::LUA_TTABLE
        {
            return full(l);
        }
        let (Some(a), Some(b)) = (cached(l, 1), cached(l, 2)) else { return full(l) };
        // The lazy trace at 4: {src, dst, protocol, port, source_port, batch}.
        ffi::lua_createtable(l, 6, 0);
        let Some(flow) = plain_flow(l) else {
            ffi::lua_settop(l, 3);
            return full(l);
        };
        let verdict = std::panic::catch_unwind(|| verdict(l, a, b, flow)).ok().flatten();
        let Some(ok) = verdict else {
            ffi::lua_settop(l, 3);
            return full(l);
        };
        ffi::lua_pushvalue(l, 1);
        ffi::lua_rawseti(l, 4, 1);
        ffi::lua_pushvalue(l, 2);
        ffi::lua_rawseti(l, 4, 2);
        ffi::lua_rawgeti(l, STATE, 1); // the batch, at 5
        ffi::lua_pushvalue(l, 5);
        ffi::lua_rawseti(l, 4, 6);
        ffi::lua_pushvalue(l, LAZY_MT);
        ffi::lua_setmetatable(l, 4);
        ffi::lua_rawgeti(l, STATE, 2);
        let count = ffi::lua_tointegerx(l, -1, std::ptr::null_mut()) + 1;
        ffi::lua_pop(l, 1);
        ffi::lua_pushinteger(l, count);
        ffi::lua_rawseti(l, STATE, 2);
        if count <= lazy_trace::LIMIT {
            ffi::lua_pushvalue(l, 4);
            ffi::lua_rawseti(l, 5, count);
        }
        ffi::lua_pushboolean(l, c_int::from(ok));
        ffi::lua_pushvalue(l, 4);
    }
    2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lua::api::handle::{Handle, Instance};

    /// The packed key the fast path would read off the value.
    fn read_back(lua: &Lua, v: &Value) -> Option<i64> {
        // SAFETY: the value is at 1; `cached` pushes and pops one value.
        unsafe {
            let mut out = None;
            lua.exec_raw::<()>(v, |l| {
                out = cached(l, 1);
                ffi::lua_settop(l, 0);
            })
            .unwrap();
            out
        }
    }

    #[test]
    fn remembered_instance_handles_carry_their_key_and_generation() {
        let lua = Lua::new();
        let h = Value::UserData(lua.create_userdata(Instance::new(InstanceKey(7), 3)).unwrap());
        let other = Value::UserData(lua.create_userdata(Instance::new(InstanceKey(8), 3)).unwrap());
        assert_eq!(read_back(&lua, &h), None, "not met yet");
        remember(&lua, &h, InstanceKey(7), 3).unwrap();
        assert_eq!(read_back(&lua, &h).map(unpack), Some((InstanceKey(7), 3)));
        assert_eq!(read_back(&lua, &other), None, "only the handle met");
        remember(&lua, &h, InstanceKey(9), 4).unwrap();
        assert_eq!(read_back(&lua, &h).map(unpack), Some((InstanceKey(7), 3)), "a handle never changes");
        assert_eq!(unpack(pack(InstanceKey(u32::MAX), u32::MAX)), (InstanceKey(u32::MAX), u32::MAX));
    }
}
