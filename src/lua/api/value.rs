//! Shared conversions: errors, world access, plain tables.

use super::SharedWorld;
use crate::model::{AwsError, World};
use mlua::{Lua, Table, Value};

/// Converts a model error into a Lua error carrying it.
pub fn lua_err(e: AwsError) -> mlua::Error {
    mlua::Error::external(e)
}

/// `InvalidParameter`: an argument mistake AWS would never see.
pub fn invalid(message: impl Into<String>) -> mlua::Error {
    lua_err(AwsError::new("InvalidParameter", message))
}

/// Model results as Lua results.
pub trait LuaResultExt<T> {
    /// Wraps the model error.
    fn lua(self) -> mlua::Result<T>;
}

impl<T> LuaResultExt<T> for crate::model::Result<T> {
    fn lua(self) -> mlua::Result<T> {
        self.map_err(lua_err)
    }
}

/// The world bound to this state.
pub fn shared(lua: &Lua) -> mlua::Result<SharedWorld> {
    lua.app_data_ref::<SharedWorld>()
        .map(|w| w.clone())
        .ok_or_else(|| mlua::Error::runtime("no world is bound to this Lua state"))
}

/// Reads the world (no Lua code may run while it is borrowed).
pub fn read<R>(lua: &Lua, f: impl FnOnce(&World) -> crate::model::Result<R>) -> mlua::Result<R> {
    let w = shared(lua)?;
    let w = w.try_borrow().map_err(|_| mlua::Error::runtime("the world is busy"))?;
    f(&w).lua()
}

/// Changes the world (after settling the traces `net.reachable` handed out, so that they keep
/// describing the world they were asked about).
pub fn write<R>(lua: &Lua, f: impl FnOnce(&mut World) -> crate::model::Result<R>) -> mlua::Result<R> {
    super::lazy_trace::settle(lua)?;
    let w = shared(lua)?;
    let mut w = w.try_borrow_mut().map_err(|_| mlua::Error::runtime("the world is busy"))?;
    f(&mut w).lua().and_then(|r| crate::lua::sandbox::charge_world(lua, &w).map(|()| r))
}

/// A plain array table.
pub fn array<T: mlua::IntoLua>(lua: &Lua, items: impl IntoIterator<Item = T>) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    for (i, v) in items.into_iter().enumerate() {
        t.raw_set(i + 1, v)?;
    }
    Ok(t)
}

/// A range usable as `r[1]`, `r[2]` and `r.from`, `r.to`.
pub fn range(lua: &Lua, from: impl mlua::IntoLua + Clone, to: impl mlua::IntoLua + Clone) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.raw_set(1, from.clone())?;
    t.raw_set(2, to.clone())?;
    t.raw_set("from", from)?;
    t.raw_set("to", to)?;
    Ok(t)
}

/// `nil` or a value.
pub fn opt<T: mlua::IntoLua>(lua: &Lua, v: Option<T>) -> mlua::Result<Value> {
    match v {
        Some(v) => v.into_lua(lua),
        None => Ok(Value::Nil),
    }
}

/// Tags as a Lua table.
pub fn tags_table(lua: &Lua, tags: &crate::model::Tags) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    for (k, v) in tags {
        t.raw_set(k.as_str(), v.as_str())?;
    }
    Ok(t)
}

/// Parses a duration: seconds, or `"90s"`, `"15m"`, `"2h"`, `"1d"`.
pub fn duration(v: &Value) -> mlua::Result<f64> {
    let bad = |text: String| {
        lua_err(AwsError::new(
            "InvalidParameterValue",
            format!("invalid duration {text}: use seconds or a string like \"90s\", \"15m\", \"2h\", \"1d\""),
        ))
    };
    match v {
        Value::Integer(i) => Ok(*i as f64),
        Value::Number(n) => Ok(*n),
        Value::String(s) => {
            let text = s.to_string_lossy();
            let t = text.trim();
            let (num, unit) = t.split_at(t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len()));
            let n: f64 = num.trim().parse().map_err(|_| bad(format!("'{text}'")))?;
            let mult = match unit {
                "" | "s" => 1.0,
                "ms" => 0.001,
                "m" => 60.0,
                "h" => 3600.0,
                "d" => 86400.0,
                _ => return Err(bad(format!("'{text}'"))),
            };
            Ok(n * mult)
        }
        other => Err(bad(format!("of type {}", other.type_name()))),
    }
}
