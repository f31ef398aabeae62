//! Lua bindings, one `register` per API area. This layer converts arguments and
//! results only; every rule lives in the model.

mod args;
mod aws;
mod cidr;
mod compute;
mod edge;
mod gateway;
mod handle;
mod hybrid;
mod nacl;
mod net;
mod routing;
mod security;
mod sim;
mod value;
mod vpc;

use crate::model::World;
use mlua::Lua;
use std::cell::RefCell;
use std::rc::Rc;

pub use handle::{Handle, res_key_of};

/// The world shared between a Lua state and its host.
pub type SharedWorld = Rc<RefCell<World>>;

/// Options the host passes to the API layer.
#[derive(Debug, Clone)]
pub struct ApiOptions {
    /// The region `aws.region()` returns when called without a name.
    pub default_region: String,
}

impl Default for ApiOptions {
    fn default() -> ApiOptions {
        ApiOptions { default_region: "us-east-1".to_string() }
    }
}

/// Installs the API globals (`aws`, `cidr`, `net`, `sim`) bound to `world`.
pub fn register_all(lua: &Lua, world: SharedWorld, options: &ApiOptions) -> mlua::Result<()> {
    lua.set_app_data(world);
    lua.set_app_data(options.clone());
    for register in [aws::register, cidr::register, net::register, sim::register] {
        register(lua)?;
    }
    Ok(())
}
