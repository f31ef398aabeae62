//! The Rust side of the check DSL: `expect` (stdlib `vpclab.expect`) installed in a
//! check state, with failures raised as [`ExpectFailure`] so the grader can tell a failed
//! expectation from a check that crashed.

use crate::lua::sandbox::Sandbox;
use crate::lua::stdlib;
use mlua::{Error, Table};

/// A failed expectation: the student's feedback.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ExpectFailure(pub String);

/// Loads `vpclab.expect` into the state with a host `fail` and sets the global `expect`.
pub fn install_expect(sandbox: &Sandbox) -> Result<(), String> {
    let lua = sandbox.lua();
    let module = stdlib::find("vpclab.expect").ok_or("the stdlib has no vpclab.expect")?;
    let host = lua.create_table().map_err(|e| e.to_string())?;
    let fail = lua
        .create_function(|_, message: String| -> mlua::Result<()> { Err(Error::external(ExpectFailure(message))) })
        .map_err(|e| e.to_string())?;
    host.raw_set("fail", fail).map_err(|e| e.to_string())?;
    let f = sandbox.load(module.source.as_bytes(), module.chunk_name).map_err(|e| e.to_string())?;
    let values = sandbox.call(&f, host).map_err(|e| e.to_string())?;
    let expect: Table = match values.into_iter().next() {
        Some(mlua::Value::Table(t)) => t,
        _ => return Err("vpclab.expect did not return a table".to_string()),
    };
    lua.globals().raw_set("expect", expect).map_err(|e| e.to_string())
}
