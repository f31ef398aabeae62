//! Helpers shared by the integration tests.

use mlua::{UserData, UserDataMethods};
use std::cell::RefCell;
use std::rc::Rc;
use vpclab::lua::api::ApiOptions;
use vpclab::lua::limits::Limits;
use vpclab::lua::output::{Captured, Output};
use vpclab::lua::sandbox::{Sandbox, on_vm_thread};
use vpclab::model::{AwsError, World};

/// Small limits so hostile scripts stop fast.
pub const SMALL: &str = "instructions=1e6,time=0.5s,memory=32M,output=4K";

/// The result of running a chunk: `Err(one-line message)` or `Ok`, and the output.
pub struct Ran {
    pub result: Result<(), String>,
    pub output: String,
}

impl Ran {
    /// The error line, panicking with the output if the run succeeded.
    pub fn err(&self) -> &str {
        match &self.result {
            Err(e) => e,
            Ok(()) => panic!("expected an error, got success with output {:?}", self.output),
        }
    }
}

/// A fresh sandbox with `limits` and the fake API of [`install_fakes`].
pub fn sandbox(limits: &str, output: Output) -> Sandbox {
    let limits = Limits::default().with_overrides(limits).expect("test limits");
    let world = Rc::new(RefCell::new(World::new()));
    let sandbox = Sandbox::new(world, &ApiOptions::default(), &limits, output).expect("sandbox");
    install_fakes(sandbox.lua()).expect("fakes");
    sandbox
}

/// Runs `src` as chunk `@name` on a big-stack thread.
pub fn run_named(src: &str, name: &str, limits: &str) -> Ran {
    let (src, name, limits) = (src.to_string(), name.to_string(), limits.to_string());
    on_vm_thread(move || {
        let captured = Captured::new();
        let sandbox = sandbox(&limits, Output::Capture(captured.clone()));
        let result = sandbox.exec(src.as_bytes(), &format!("@{name}")).map(drop).map_err(|e| e.to_string());
        Ran { result, output: captured.take() }
    })
    .expect("vm thread")
}

/// Runs `src` as `test.lua` with the small limits.
pub fn run(src: &str) -> Ran {
    run_named(src, "test.lua", SMALL)
}

/// A stand-in for an API handle type (mlua's type name is the struct's name).
pub struct Vpc;

impl UserData for Vpc {
    fn add_methods<M: UserDataMethods<Self>>(m: &mut M) {
        m.add_method("create_subnet", |_, _, ()| -> mlua::Result<()> {
            Err(mlua::Error::external(AwsError::new(
                "InvalidSubnet.Range",
                "The CIDR '10.1.0.0/24' is invalid for VPC vpc-1.",
            )))
        });
    }
}

/// Fake API functions: `fail()` raises an AwsError, `needs_table(t)` takes a table,
/// `rust_error()` raises a plain runtime error, global `vpc` is a [`Vpc`].
pub fn install_fakes(lua: &mlua::Lua) -> mlua::Result<()> {
    let g = lua.globals();
    g.set(
        "fail",
        lua.create_function(|_, ()| -> mlua::Result<()> {
            Err(mlua::Error::external(AwsError::new("InvalidVpc.Range", "The CIDR '10.0.0.0/15' is invalid.")))
        })?,
    )?;
    g.set("needs_table", lua.create_function(|_, t: mlua::Table| Ok(t.raw_len()))?)?;
    g.set(
        "rust_error",
        lua.create_function(|_, ()| -> mlua::Result<()> { Err(mlua::Error::runtime("the world is on fire")) })?,
    )?;
    g.set("vpc", Vpc)?;
    Ok(())
}

/// The `.lua` files directly in `tests/<folder>`, sorted by name.
pub fn scripts_in(folder: &str) -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(folder);
    let mut scripts: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lua"))
        .collect();
    scripts.sort();
    scripts
}
