//! Global tables of the API (`aws`, `cidr`, `net`, `sim`), declared once with their docs.
//!
//! Like [`super::members`] for object types: each global lists its functions with a
//! one-line doc in `functions`; the same list installs them and feeds `lua::docs`.

use mlua::{FromLuaMulti, IntoLuaMulti, Lua, Table, Value};

/// A global table of the API.
pub trait Global {
    /// Its name (`aws`).
    const NAME: &'static str;
    /// What it is for, in one line.
    const SUMMARY: &'static str;
    /// Lists its functions.
    fn functions<F: Functions>(f: &mut F);
}

/// Receives the functions of a global: installs them, or records their docs.
pub trait Functions {
    /// A function; `args` is its signature after the name (`(name?) -> Region`).
    fn function<A, R, Fun>(&mut self, name: &'static str, args: &'static str, doc: &'static str, f: Fun)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        Fun: Fn(&Lua, A) -> mlua::Result<R> + 'static;

    /// A value built when installing, from the table so far (a Lua wrapper, an alias).
    fn computed<Fun>(&mut self, name: &'static str, args: &'static str, doc: &'static str, f: Fun)
    where
        Fun: FnOnce(&Lua, &Table) -> mlua::Result<Value>;
}

/// One documented function of a global.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionDoc {
    /// Its name.
    pub name: &'static str,
    /// Its signature after the name.
    pub args: &'static str,
    /// What it does.
    pub doc: &'static str,
}

/// A global's documentation.
#[derive(Debug, Clone)]
pub struct GlobalDocs {
    /// Its name.
    pub name: &'static str,
    /// What it is for.
    pub summary: &'static str,
    /// Its functions in registration order.
    pub functions: Vec<FunctionDoc>,
}

#[derive(Default)]
struct Collector(Vec<FunctionDoc>);

impl Functions for Collector {
    fn function<A, R, Fun>(&mut self, name: &'static str, args: &'static str, doc: &'static str, _: Fun)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        Fun: Fn(&Lua, A) -> mlua::Result<R> + 'static,
    {
        self.0.push(FunctionDoc { name, args, doc });
    }

    fn computed<Fun>(&mut self, name: &'static str, args: &'static str, doc: &'static str, _: Fun)
    where
        Fun: FnOnce(&Lua, &Table) -> mlua::Result<Value>,
    {
        self.0.push(FunctionDoc { name, args, doc });
    }
}

/// The documentation of `G`, from its `functions`.
pub fn global_docs<G: Global>() -> GlobalDocs {
    let mut c = Collector::default();
    G::functions(&mut c);
    GlobalDocs { name: G::NAME, summary: G::SUMMARY, functions: c.0 }
}

struct Installer<'l> {
    lua: &'l Lua,
    table: Table,
    error: Option<mlua::Error>,
}

impl Installer<'_> {
    fn set(&mut self, name: &'static str, v: mlua::Result<Value>) {
        if self.error.is_some() {
            return;
        }
        if let Err(e) = v.and_then(|v| self.table.raw_set(name, v)) {
            self.error = Some(e);
        }
    }
}

impl Functions for Installer<'_> {
    fn function<A, R, Fun>(&mut self, name: &'static str, _: &'static str, _: &'static str, f: Fun)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        Fun: Fn(&Lua, A) -> mlua::Result<R> + 'static,
    {
        let v = self.lua.create_function(f).map(Value::Function);
        self.set(name, v);
    }

    fn computed<Fun>(&mut self, name: &'static str, _: &'static str, _: &'static str, f: Fun)
    where
        Fun: FnOnce(&Lua, &Table) -> mlua::Result<Value>,
    {
        if self.error.is_none() {
            let v = f(self.lua, &self.table);
            self.set(name, v);
        }
    }
}

/// Creates the global table `G::NAME` with its functions.
pub fn install<G: Global>(lua: &Lua) -> mlua::Result<()> {
    let mut inst = Installer { lua, table: lua.create_table()?, error: None };
    G::functions(&mut inst);
    if let Some(e) = inst.error {
        return Err(e);
    }
    lua.globals().raw_set(G::NAME, inst.table)
}
