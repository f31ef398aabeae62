//! Lua bindings. This layer converts arguments and results only; every rule lives in
//! the model.
//!
//! Infrastructure: `args` (strict argument tables), `handle` (one handle type per
//! resource kind, from the kinds table), `members` / `global` (members and functions
//! declared once with their docs), `value` (conversions, world access), `gateway`, `traffic`,
//! `launch`, `lazy_trace` / `reachable_raw` (the lazy traces and fast path of `net.reachable`). One module per API type (`region`, `vpc`, `subnet`, … one per resource kind,
//! declared from the kinds table) and per global (`aws`, `cidr`, `net`, `sim`).

pub(crate) mod args;
mod aws;
mod billing;
mod catalog;
mod cidr;
mod gateway;
mod global;
mod handle;
mod launch;
mod lazy_trace;
mod members;
mod net;
mod reachable_raw;
mod region;
mod region_lists;
mod sim;
mod traffic;
mod value;

macro_rules! binding_modules {
    ($($kind:ident, $variant:ident, $key:ident, $ty:ident, $store:ident, $get:ident, $prefix:literal, $name:literal,
       $nf:literal, $mf:literal, $(mod $module:ident)? $(in $shared:ident)?, $binding:ident;)*) => {
        $(mod $binding;)*
    };
}
crate::model::for_each_kind!(binding_modules);

use crate::model::World;
use mlua::Lua;
use std::cell::RefCell;
use std::rc::Rc;

pub use global::{FunctionDoc, GlobalDocs};
pub use handle::{Handle, res_key_of};
pub use members::{MemberDoc, TypeDocs};

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
    global::install::<aws::Aws>(lua)?;
    global::install::<cidr::CidrLib>(lua)?;
    global::install::<net::Net>(lua)?;
    global::install::<sim::Sim>(lua)
}

/// The documentation of every global, in the order of LUA_API.md.
pub fn global_docs() -> Vec<GlobalDocs> {
    vec![
        global::global_docs::<aws::Aws>(),
        global::global_docs::<cidr::CidrLib>(),
        global::global_docs::<net::Net>(),
        global::global_docs::<sim::Sim>(),
    ]
}

/// The documentation of every object type: `Region`, each resource kind, `Trace`.
pub fn type_docs() -> Vec<TypeDocs> {
    let mut out = vec![members::type_docs::<region::Region>()];
    out.extend(handle::handle_docs());
    out.push(members::type_docs::<net::Trace>());
    out
}
