//! The members of an API object type, declared once with their docs.
//!
//! Each object type implements [`Object`]: its `members` function lists every field and
//! method with a one-line doc. The same function installs them into the userdata
//! registry ([`install`]) and feeds the documentation registry (`lua::docs`), so `help`,
//! REPL completion and the API reference cannot drift from what is registered.

use super::value::invalid;
use crate::model::suggest;
use mlua::{
    FromLua, FromLuaMulti, IntoLua, IntoLuaMulti, Lua, MetaMethod, UserData, UserDataFields, UserDataMethods,
    UserDataRegistry, Value,
};

/// A Lua object type of the API (every resource handle, `Region`, `Trace`).
pub trait Object: UserData + Sized + 'static {
    /// The type name (`Vpc`).
    const NAME: &'static str;
    /// The variable name used in signatures (`vpc`).
    const VAR: &'static str;
    /// What it is, in one line.
    const SUMMARY: &'static str;
    /// Lists its fields and methods.
    fn members<M: Members<Self>>(m: &mut M);
    /// What `tostring` prints.
    fn summary(&self, lua: &Lua) -> mlua::Result<String>;
    /// Why a member people reach for does not exist here (`sg:add_entry`), if it is a
    /// known confusion.
    fn member_hint(_name: &str) -> Option<&'static str> {
        None
    }
}

/// Receives the members of an object type: installs them, or records their docs.
pub trait Members<T: 'static> {
    /// A read-only field of type `ty` (in the docs' notation).
    fn field<R, F>(&mut self, name: &'static str, ty: &'static str, doc: &'static str, f: F)
    where
        R: IntoLua,
        F: Fn(&Lua, &T) -> mlua::Result<R> + 'static;

    /// A method; `args` is its signature after the name (`{cidr_block, name?} -> Subnet`).
    fn method<A, R, F>(&mut self, name: &'static str, args: &'static str, doc: &'static str, f: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&Lua, &T, A) -> mlua::Result<R> + 'static;

    /// Makes a documented field writable.
    fn setter<A, F>(&mut self, name: &'static str, f: F)
    where
        A: FromLua,
        F: Fn(&Lua, &T, A) -> mlua::Result<()> + 'static;
}

/// One documented member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberDoc {
    /// Its name.
    pub name: &'static str,
    /// Whether it is a method (else a field).
    pub method: bool,
    /// The field type or the method signature.
    pub signature: &'static str,
    /// What it does.
    pub doc: &'static str,
}

/// Records docs, ignoring implementations.
#[derive(Debug, Default)]
pub struct DocCollector(pub Vec<MemberDoc>);

impl<T: 'static> Members<T> for DocCollector {
    fn field<R, F>(&mut self, name: &'static str, ty: &'static str, doc: &'static str, _: F)
    where
        R: IntoLua,
        F: Fn(&Lua, &T) -> mlua::Result<R> + 'static,
    {
        self.0.push(MemberDoc { name, method: false, signature: ty, doc });
    }

    fn method<A, R, F>(&mut self, name: &'static str, args: &'static str, doc: &'static str, _: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&Lua, &T, A) -> mlua::Result<R> + 'static,
    {
        self.0.push(MemberDoc { name, method: true, signature: args, doc });
    }

    fn setter<A, F>(&mut self, _: &'static str, _: F)
    where
        A: FromLua,
        F: Fn(&Lua, &T, A) -> mlua::Result<()> + 'static,
    {
    }
}

/// An object type's documentation.
#[derive(Debug, Clone)]
pub struct TypeDocs {
    /// The type name (`Vpc`).
    pub name: &'static str,
    /// The variable name used in signatures (`vpc`).
    pub var: &'static str,
    /// What it is.
    pub summary: &'static str,
    /// Its members in registration order.
    pub members: Vec<MemberDoc>,
}

/// The documentation of `T`, from its `members`.
pub fn type_docs<T: Object>() -> TypeDocs {
    let mut c = DocCollector::default();
    T::members(&mut c);
    TypeDocs { name: T::NAME, var: T::VAR, summary: T::SUMMARY, members: c.0 }
}

/// Installs members into a userdata registry, remembering names for "did you mean".
struct Installer<'r, T: 'static> {
    r: &'r mut UserDataRegistry<T>,
    names: Vec<&'static str>,
    var: &'static str,
}

impl<T: 'static> Members<T> for Installer<'_, T> {
    fn field<R, F>(&mut self, name: &'static str, _: &'static str, _: &'static str, f: F)
    where
        R: IntoLua,
        F: Fn(&Lua, &T) -> mlua::Result<R> + 'static,
    {
        self.names.push(name);
        self.r.add_field_method_get(name, move |lua, this| f(lua, this));
    }

    fn method<A, R, F>(&mut self, name: &'static str, _: &'static str, _: &'static str, f: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&Lua, &T, A) -> mlua::Result<R> + 'static,
    {
        self.names.push(name);
        let var = self.var;
        // A function, not a method, so a call with `.` instead of `:` gets a clear error.
        self.r.add_function(name, move |lua, (this, args): (Value, A)| {
            let Value::UserData(ud) = &this else { return Err(colon(var, name)) };
            let this = ud.borrow::<T>().map_err(|_| colon(var, name))?;
            f(lua, &this, args)
        });
    }

    fn setter<A, F>(&mut self, name: &'static str, f: F)
    where
        A: FromLua,
        F: Fn(&Lua, &T, A) -> mlua::Result<()> + 'static,
    {
        self.r.add_field_method_set(name, move |lua, this, v: A| f(lua, this, v));
    }
}

/// The error for `obj.method(…)`: the object was not passed as `self`.
fn colon(var: &str, name: &str) -> mlua::Error {
    invalid(format!("{name} is a method: call it with a colon, {var}:{name}(…), not {var}.{name}(…)"))
}

/// Registers `T`'s members, `__name`, `tostring` and a strict `__index`: an unknown
/// member is an error with "did you mean".
pub fn install<T: Object>(r: &mut UserDataRegistry<T>) {
    r.add_meta_field("__name", T::NAME);
    let mut inst = Installer { r, names: Vec::new(), var: T::VAR };
    T::members(&mut inst);
    let Installer { r, mut names, .. } = inst;
    r.add_meta_method(MetaMethod::ToString, |lua, this, ()| this.summary(lua));
    names.sort_unstable();
    names.dedup();
    r.add_meta_method(MetaMethod::Index, move |_, _, key: Value| -> mlua::Result<Value> {
        let key = match key {
            Value::String(s) => s.to_string_lossy(),
            other => return Err(invalid(format!("{} has no member {other:?}", T::NAME))),
        };
        let hint = match T::member_hint(&key) {
            Some(why) => format!(": {why}"),
            None => suggest(&key, &names).map(|s| format!("; did you mean '{s}'?")).unwrap_or_default(),
        };
        Err(invalid(format!("{} has no field or method '{key}'{hint}", T::NAME)))
    });
}
