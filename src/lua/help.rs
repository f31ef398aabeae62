//! The `help` global.
use mlua::Lua;

/// Installs `help`.
pub fn register_help(lua: &Lua) -> mlua::Result<()> {
    let _ = lua;
    Ok(())
}
