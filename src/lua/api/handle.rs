//! Userdata handles: `{key, generation}` pairs that read live state from the world.
//!
//! One handle type per resource kind, generated from the kinds table. Two handles to one
//! resource are `==`; a handle whose resource is gone raises the kind's NotFound code;
//! unknown fields get "did you mean". Each kind's binding module implements
//! [`HandleApi`] (its fields and methods); the common members (`id`, `name`, `tags`,
//! `create_tags`, `delete_tags`) are added here.

use super::members::{self, Members, Object};
use super::value::{LuaResultExt, invalid, lua_err, read, shared, tags_table, write};
use crate::model::{self, AwsError, Kind, ResKey, Resource, World};
use mlua::{AnyUserData, IntoLua, Lua, MetaMethod, UserData, UserDataMethods, UserDataRegistry, Value};

/// A Lua handle type for one resource kind.
pub trait Handle: HandleApi + Copy {
    /// The model key.
    type Key: Copy + PartialEq + Into<ResKey> + model::Key<Res = Self::Res>;
    /// The model type.
    type Res: Resource<Key = Self::Key>;
    /// The resource kind.
    const KIND: Kind;
    /// A handle for a key made in world generation `epoch`.
    fn new(key: Self::Key, epoch: u32) -> Self;
    /// The key.
    fn key(&self) -> Self::Key;
    /// The generation it was made in.
    fn epoch(&self) -> u32;
    /// The key as a [`ResKey`].
    fn res(key: Self::Key) -> ResKey {
        key.into()
    }
    /// The typed key of a [`ResKey`] of this kind.
    fn from_res(res: ResKey) -> Option<Self::Key>;

    /// The live resource, or the kind's NotFound error (deleted, or from before `sim.reset()`).
    fn resolve<'w>(&self, w: &'w World) -> model::Result<&'w Self::Res> {
        check_epoch(w, self.epoch(), Self::KIND)?;
        w.get(self.key()).map_err(|_| {
            AwsError::new(
                Self::KIND.not_found_code(),
                format!("This {} handle refers to a resource that was deleted", Self::KIND.name()),
            )
        })
    }
}

/// What a resource kind's binding module declares: its docs, members and summary line.
pub trait HandleApi: UserData + Sized + 'static {
    /// The variable name used in signatures (`vpc`).
    const VAR: &'static str;
    /// What it is, in one line.
    const SUMMARY: &'static str;
    /// Whether the common `name` field is its Name tag (an AMI declares its own `name`).
    const NAME_IS_TAG: bool = true;
    /// Its own fields and methods (the common ones are added for every kind).
    fn members<M: Members<Self>>(m: &mut M);
    /// What `tostring` prints for the live resource.
    fn summary(at: At<'_, Self>) -> model::Result<String>
    where
        Self: Handle;
    /// Why a member people reach for does not exist on this type, if it is a known confusion.
    fn member_hint(_name: &str) -> Option<&'static str> {
        None
    }
}

/// A live resource as a field or summary sees it.
pub struct At<'w, H: Handle> {
    /// The world.
    pub w: &'w World,
    /// The resource's key.
    pub key: H::Key,
    /// The resource.
    pub res: &'w H::Res,
}

impl<H: Handle> At<'_, H> {
    /// A handle of type `T` in the current generation.
    pub fn handle<T: Handle>(&self, key: T::Key) -> T {
        T::new(key, self.w.generation())
    }

    /// `"name"` in quotes when the resource has one, for summaries.
    pub fn quoted_name(&self) -> String {
        quoted_name(self.w, H::res(self.key))
    }
}

/// Field and method helpers for handles: they resolve the live resource first.
pub trait HandleMembers<H: Handle>: Members<H> {
    /// A read-only field computed from the live resource.
    fn get<R, F>(&mut self, name: &'static str, ty: &'static str, doc: &'static str, f: F)
    where
        R: IntoLua,
        F: Fn(&Lua, At<'_, H>) -> mlua::Result<R> + 'static,
    {
        self.field(name, ty, doc, move |lua, this: &H| {
            let w = shared(lua)?;
            let w = w.try_borrow().map_err(|_| mlua::Error::runtime("the world is busy"))?;
            let res = this.resolve(&w).lua()?;
            f(lua, At { w: &w, key: this.key(), res })
        });
    }

    /// A method of a live resource; `f` gets its key.
    fn call<A, R, F>(&mut self, name: &'static str, args: &'static str, doc: &'static str, f: F)
    where
        A: mlua::FromLuaMulti,
        R: mlua::IntoLuaMulti,
        F: Fn(&Lua, H::Key, A) -> mlua::Result<R> + 'static,
    {
        self.method(name, args, doc, move |lua, this: &H, a: A| {
            read(lua, |w| this.resolve(w).map(|_| ()))?;
            f(lua, this.key(), a)
        });
    }

    /// Makes a documented field writable; `f` gets the live resource's key.
    fn set<A, F>(&mut self, name: &'static str, f: F)
    where
        A: mlua::FromLua,
        F: Fn(&Lua, H::Key, A) -> mlua::Result<()> + 'static,
    {
        self.setter(name, move |lua, this: &H, v: A| {
            read(lua, |w| this.resolve(w).map(|_| ()))?;
            f(lua, this.key(), v)
        });
    }
}

impl<H: Handle, M: Members<H>> HandleMembers<H> for M {}

/// The members every resource has: `id`, `name`, `tags`, `create_tags`, `delete_tags`.
fn common_members<H: Handle, M: Members<H>>(m: &mut M) {
    m.get("id", "string", "The resource id.", |_, at| Ok(at.res.id().to_string()));
    if H::NAME_IS_TAG {
        m.get("name", "string | nil", "Its Name tag.", |_, at| Ok(at.res.tags().get("Name").cloned()));
    }
    m.get("tags", "table", "Its tags {k = v}.", |lua, at| tags_table(lua, at.res.tags()));
    m.call("create_tags", "{k = v} -> nil", "Adds or replaces tags.", |lua, k, tags: mlua::Table| {
        let t = string_map(&tags, "create_tags")?;
        write(lua, |w| w.create_tags(H::res(k), &t))
    });
    m.call("delete_tags", "{\"k\", …} -> nil", "Removes tags.", |lua, k, keys: Vec<String>| {
        write(lua, |w| w.delete_tags(H::res(k), &keys))
    });
}

/// A `{k = v}` table of strings as tags.
pub fn string_map(t: &mlua::Table, func: &str) -> mlua::Result<model::Tags> {
    let mut out = model::Tags::new();
    for pair in t.pairs::<Value, Value>() {
        match pair? {
            (Value::String(k), Value::String(v)) => {
                out.insert(k.to_str()?.to_string(), v.to_str()?.to_string());
            }
            _ => return Err(invalid(format!("{func} takes a table of string keys and values"))),
        }
    }
    Ok(out)
}

impl<H: Handle> Object for H {
    const NAME: &'static str = H::KIND.type_name();
    const VAR: &'static str = <H as HandleApi>::VAR;
    const SUMMARY: &'static str = <H as HandleApi>::SUMMARY;

    fn members<M: Members<Self>>(m: &mut M) {
        common_members::<H, M>(m);
        <H as HandleApi>::members(m);
    }

    fn member_hint(name: &str) -> Option<&'static str> {
        <H as HandleApi>::member_hint(name)
    }

    fn summary(&self, lua: &Lua) -> mlua::Result<String> {
        let w = shared(lua)?;
        let w = w.try_borrow().map_err(|_| mlua::Error::runtime("the world is busy"))?;
        if check_epoch(&w, self.epoch(), H::KIND).is_err() {
            return Ok(format!("{} (gone: from before sim.reset())", H::NAME));
        }
        let Ok(res) = w.get(self.key()) else {
            return Ok(format!("{} (deleted: {})", H::NAME, H::KIND.not_found_code()));
        };
        Ok(H::summary(At { w: &w, key: self.key(), res }).unwrap_or_else(|e| format!("{} ({})", H::NAME, e.code)))
    }
}

/// Registers a handle type: its members, `tostring`, strict `__index` and `==`.
fn register_handle<H: Handle>(r: &mut UserDataRegistry<H>) {
    members::install::<H>(r);
    r.add_meta_method(MetaMethod::Eq, |_, this, other: Value| {
        Ok(match other {
            Value::UserData(ud) => ud.borrow::<H>().is_ok_and(|o| o.key() == this.key() && o.epoch() == this.epoch()),
            _ => false,
        })
    });
}

macro_rules! define_handles {
    ($($kind:ident, $variant:ident, $key:ident, $ty:ident, $store:ident, $get:ident, $prefix:literal, $name:literal,
       $nf:literal, $mf:literal, $(mod $module:ident)? $(in $shared:ident)?, $binding:ident;)*) => {
        $(
            #[doc = concat!("Lua handle of a ", $name, ".")]
            #[derive(Debug, Clone, Copy, PartialEq)]
            pub struct $kind {
                key: model::$key,
                epoch: u32,
            }
            impl Handle for $kind {
                type Key = model::$key;
                type Res = model::$ty;
                const KIND: Kind = Kind::$kind;
                fn new(key: model::$key, epoch: u32) -> Self { $kind { key, epoch } }
                fn key(&self) -> model::$key { self.key }
                fn epoch(&self) -> u32 { self.epoch }
                fn from_res(res: ResKey) -> Option<model::$key> {
                    match res { ResKey::$variant(k) => Some(k), _ => None }
                }
            }
            impl UserData for $kind {
                fn register(r: &mut UserDataRegistry<Self>) { register_handle(r) }
            }
        )*

        /// The handle for any resource.
        pub fn push(lua: &Lua, epoch: u32, res: ResKey) -> mlua::Result<Value> {
            match res {
                $(ResKey::$variant(k) => $kind::new(k, epoch).into_lua(lua),)*
            }
        }

        /// The resource and generation of any handle.
        pub fn res_key_of(ud: &AnyUserData) -> Option<(ResKey, u32)> {
            $(if let Ok(h) = ud.borrow::<$kind>() { return Some((ResKey::$variant(h.key), h.epoch)); })*
            None
        }

        /// The documentation of every handle type: name, variable, summary, members.
        pub fn handle_docs() -> Vec<super::members::TypeDocs> {
            vec![$(super::members::type_docs::<$kind>(),)*]
        }
    };
}

crate::model::for_each_kind!(define_handles);

/// Checks a handle belongs to the current world.
pub fn check_epoch(w: &World, epoch: u32, kind: Kind) -> model::Result<()> {
    if w.generation() == epoch {
        Ok(())
    } else {
        Err(AwsError::new(
            kind.not_found_code(),
            format!("This {} handle is from before sim.reset(): it no longer exists", kind.name()),
        ))
    }
}

/// A new handle of type `H` in the current generation.
pub fn new_handle<H: Handle>(lua: &Lua, key: H::Key) -> mlua::Result<H> {
    let epoch = shared(lua)?.borrow().generation();
    Ok(H::new(key, epoch))
}

/// New handles for many keys.
pub fn handles<H: Handle>(lua: &Lua, keys: impl IntoIterator<Item = H::Key>) -> mlua::Result<mlua::Table> {
    let epoch = shared(lua)?.borrow().generation();
    super::value::array(lua, keys.into_iter().map(|k| H::new(k, epoch)))
}

/// The handle of any resource in the current generation.
pub fn push_res(lua: &Lua, res: ResKey) -> mlua::Result<Value> {
    let epoch = shared(lua)?.borrow().generation();
    push(lua, epoch, res)
}

/// The API type name of a userdata (`Vpc`, `Region`, …), for messages.
fn type_name_of(ud: &AnyUserData) -> String {
    ud.type_name().ok().map(|n| n.to_string_lossy()).unwrap_or_else(|| "userdata".into())
}

/// A resource argument of kind `H`: its handle, its id, or its unique Name tag.
pub fn key_of<H: Handle>(lua: &Lua, v: &Value) -> mlua::Result<H::Key> {
    match v {
        Value::UserData(ud) => {
            if let Ok(h) = ud.borrow::<H>() {
                let h = *h;
                read(lua, |w| check_epoch(w, h.epoch(), H::KIND))?;
                return Ok(h.key());
            }
            Err(invalid(format!("expected a {} (handle, id or name), got a {}", H::NAME, type_name_of(ud))))
        }
        Value::String(s) => {
            let text = s.to_str()?.to_string();
            read(lua, |w| {
                let res = w.resolve(&text, Some(H::KIND))?;
                H::from_res(res)
                    .ok_or_else(|| AwsError::new("InvalidParameterValue", format!("'{text}' is not a {}", H::NAME)))
            })
        }
        Value::Nil => Err(lua_err(AwsError::new("MissingParameter", format!("a {} is required", H::NAME)))),
        other => Err(invalid(format!("expected a {} (handle, id or name), got a {}", H::NAME, other.type_name()))),
    }
}

/// Any resource argument: a handle, an id, or a unique name.
pub fn any_key_of(lua: &Lua, v: &Value) -> mlua::Result<ResKey> {
    match v {
        Value::UserData(ud) => {
            let (res, epoch) = res_key_of(ud).ok_or_else(|| {
                invalid(format!("expected a resource handle, id or name, got a {}", type_name_of(ud)))
            })?;
            read(lua, |w| check_epoch(w, epoch, res.kind()))?;
            Ok(res)
        }
        Value::String(s) => {
            let text = s.to_str()?.to_string();
            read(lua, |w| w.resolve(&text, None))
        }
        other => Err(invalid(format!("expected a resource handle, id or name, got a {}", other.type_name()))),
    }
}

/// `"name"` in quotes when the resource has one, for summaries.
pub fn quoted_name(w: &World, res: ResKey) -> String {
    w.name_of(res).map(|n| format!(" \"{n}\"")).unwrap_or_default()
}
