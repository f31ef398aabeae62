//! Lua bindings, one `register` per API area.

use crate::model::World;
use mlua::Lua;
use std::cell::RefCell;
use std::rc::Rc;

/// The world shared between a Lua state and its host.
pub type SharedWorld = Rc<RefCell<World>>;

/// Installs the API globals (`aws`, `cidr`, `net`, `sim`, `help`) bound to `world`.
pub fn register_all(lua: &Lua, world: SharedWorld) -> mlua::Result<()> {
    lua.set_app_data(world);
    Ok(())
}
