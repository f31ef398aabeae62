//! Userdata handles: `{key, generation}` pairs that read live state from the world.
//! Two handles to one resource are `==`; a handle whose resource is gone raises the
//! kind's NotFound code; unknown fields get "did you mean".

use super::value::{LuaResultExt, invalid, lua_err, read, shared, tags_table, write};
use crate::model::{self, AwsError, Kind, ResKey, World, suggest};
use mlua::{
    AnyUserData, FromLuaMulti, IntoLua, IntoLuaMulti, Lua, MetaMethod, UserData, UserDataFields, UserDataMethods,
    UserDataRegistry, Value,
};

/// A Lua handle type for one resource kind.
pub trait Handle: UserData + Copy + 'static {
    /// The model key.
    type Key: Copy + PartialEq;
    /// The resource kind.
    const KIND: Kind;
    /// The API type name (`Vpc`, `Subnet`, …).
    const NAME: &'static str;
    /// A handle for a key made in world generation `epoch`.
    fn new(key: Self::Key, epoch: u32) -> Self;
    /// The key.
    fn key(&self) -> Self::Key;
    /// The generation it was made in.
    fn epoch(&self) -> u32;
    /// The key as a [`ResKey`].
    fn res(key: Self::Key) -> ResKey;
    /// The typed key of a [`ResKey`] of this kind.
    fn from_res(res: ResKey) -> Option<Self::Key>;
}

macro_rules! handles {
    ($($name:ident, $key:ident, $variant:ident, $kind:ident;)*) => {$(
        #[doc = concat!("Lua handle of a ", stringify!($name), ".")]
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct $name {
            key: model::$key,
            epoch: u32,
        }
        impl Handle for $name {
            type Key = model::$key;
            const KIND: Kind = Kind::$kind;
            const NAME: &'static str = stringify!($name);
            fn new(key: model::$key, epoch: u32) -> Self { $name { key, epoch } }
            fn key(&self) -> model::$key { self.key }
            fn epoch(&self) -> u32 { self.epoch }
            fn res(key: model::$key) -> ResKey { ResKey::$variant(key) }
            fn from_res(res: ResKey) -> Option<model::$key> { match res { ResKey::$variant(k) => Some(k), _ => None } }
        }
    )*

        /// The handle for any resource.
        pub fn push(lua: &Lua, epoch: u32, res: ResKey) -> mlua::Result<Value> {
            match res {
                $(ResKey::$variant(k) => $name::new(k, epoch).into_lua(lua),)*
            }
        }

        /// The resource and generation of any handle.
        pub fn res_key_of(ud: &AnyUserData) -> Option<(ResKey, u32)> {
            $(if let Ok(h) = ud.borrow::<$name>() { return Some(($name::res(h.key), h.epoch)); })*
            None
        }

        fn handle_type_name(ud: &AnyUserData) -> Option<&'static str> {
            $(if ud.is::<$name>() { return Some(stringify!($name)); })*
            None
        }
    };
}

handles! {
    Vpc, VpcKey, Vpc, Vpc;
    Subnet, SubnetKey, Subnet, Subnet;
    InternetGateway, IgwKey, Igw, InternetGateway;
    VpnGateway, VgwKey, Vgw, VpnGateway;
    RouteTable, RtbKey, Rtb, RouteTable;
    NetworkAcl, AclKey, Acl, NetworkAcl;
    SecurityGroup, SgKey, Sg, SecurityGroup;
    NetworkInterface, EniKey, Eni, NetworkInterface;
    Instance, InstanceKey, Instance, Instance;
    ElasticIp, EipKey, Eip, ElasticIp;
    NatGateway, NatKey, Nat, NatGateway;
    VpcPeeringConnection, PcxKey, Pcx, VpcPeeringConnection;
    CustomerGateway, CgwKey, Cgw, CustomerGateway;
    VpnConnection, VpnKey, Vpn, VpnConnection;
    DxConnection, DxKey, Dx, DxConnection;
    DxVif, VifKey, Vif, DxVif;
    OnPremSite, SiteKey, Site, OnPremSite;
    Host, HostKey, Host, Host;
    ClientVpnEndpoint, CvpnKey, Cvpn, ClientVpnEndpoint;
}

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

/// Checks a handle's resource still exists (a deleted one raises the kind's NotFound code).
pub fn check_exists<H: Handle>(w: &World, key: H::Key) -> model::Result<()> {
    if w.id_of(H::res(key)).is_some() {
        Ok(())
    } else {
        Err(AwsError::new(
            H::KIND.not_found_code(),
            format!("This {} handle refers to a resource that was deleted", H::KIND.name()),
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

/// A resource argument of kind `H`: its handle, its id, or its unique Name tag.
pub fn key_of<H: Handle>(lua: &Lua, v: &Value) -> mlua::Result<H::Key> {
    match v {
        Value::UserData(ud) => {
            if let Ok(h) = ud.borrow::<H>() {
                let h = *h;
                read(lua, |w| check_epoch(w, h.epoch(), H::KIND))?;
                return Ok(h.key());
            }
            let got = handle_type_name(ud).unwrap_or("userdata");
            Err(invalid(format!("expected a {} (handle, id or name), got a {got}", H::NAME)))
        }
        Value::String(s) => {
            let text = s.to_str()?.to_string();
            read(lua, |w| w.resolve(&text, Some(H::KIND)).map(|r| H::from_res(r).expect("resolve narrows the kind")))
        }
        Value::Nil => Err(lua_err(AwsError::new("MissingParameter", format!("a {} is required", H::NAME)))),
        other => Err(invalid(format!("expected a {} (handle, id or name), got a {}", H::NAME, other.type_name()))),
    }
}

/// Any resource argument: a handle, an id, or a unique name.
pub fn any_key_of(lua: &Lua, v: &Value) -> mlua::Result<ResKey> {
    match v {
        Value::UserData(ud) => {
            let (res, epoch) = res_key_of(ud).ok_or_else(|| invalid("expected a resource handle, id or name"))?;
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

/// Registers members of a handle type, remembering their names for "did you mean".
pub struct Reg<'r, H: Handle> {
    r: &'r mut UserDataRegistry<H>,
    names: Vec<&'static str>,
}

impl<'r, H: Handle> Reg<'r, H> {
    /// Starts with the members every resource has: `id`, `name`, `tags`,
    /// `create_tags`, `delete_tags`, `==`.
    pub fn new(r: &'r mut UserDataRegistry<H>) -> Self {
        let mut reg = Reg { r, names: Vec::new() };
        reg.r.add_meta_field("__name", H::NAME);
        reg.field("id", |_, w, k| Ok(w.id_of(H::res(k)).unwrap_or_default().to_string()));
        reg.field("name", |_, w, k| Ok(w.name_of(H::res(k)).map(str::to_string)));
        reg.field("tags", |lua, w, k| tags_table(lua, w.tags_of(H::res(k)).expect("checked")));
        reg.method("create_tags", |lua, this, tags: mlua::Table| {
            let mut t = model::Tags::new();
            for pair in tags.pairs::<String, String>() {
                let (k, v) = pair.map_err(|_| invalid("create_tags takes a table of string keys and values"))?;
                t.insert(k, v);
            }
            let res = H::res(this.key());
            write(lua, |w| w.create_tags(res, &t))
        });
        reg.method("delete_tags", |lua, this, keys: Vec<String>| {
            let res = H::res(this.key());
            write(lua, |w| w.delete_tags(res, &keys))
        });
        reg.r.add_meta_method(MetaMethod::Eq, |_, this, other: Value| {
            Ok(match other {
                Value::UserData(ud) => {
                    ud.borrow::<H>().is_ok_and(|o| o.key() == this.key() && o.epoch() == this.epoch())
                }
                _ => false,
            })
        });
        reg
    }

    /// A read-only field computed from the world.
    pub fn field<R, F>(&mut self, name: &'static str, f: F)
    where
        R: IntoLua,
        F: Fn(&Lua, &World, H::Key) -> mlua::Result<R> + 'static,
    {
        self.names.push(name);
        self.r.add_field_method_get(name, move |lua, this| {
            let w = shared(lua)?;
            let w = w.try_borrow().map_err(|_| mlua::Error::runtime("the world is busy"))?;
            check_epoch(&w, this.epoch(), H::KIND).lua()?;
            check_exists::<H>(&w, this.key()).lua()?;
            f(lua, &w, this.key())
        });
    }

    /// A writable field.
    pub fn setter<A, F>(&mut self, name: &'static str, f: F)
    where
        A: mlua::FromLua,
        F: Fn(&Lua, &H, A) -> mlua::Result<()> + 'static,
    {
        self.r.add_field_method_set(name, move |lua, this, v: A| {
            read(lua, |w| {
                check_epoch(w, this.epoch(), H::KIND)?;
                check_exists::<H>(w, this.key())
            })?;
            f(lua, this, v)
        });
    }

    /// A method.
    pub fn method<A, R, F>(&mut self, name: &'static str, f: F)
    where
        A: FromLuaMulti,
        R: IntoLuaMulti,
        F: Fn(&Lua, &H, A) -> mlua::Result<R> + 'static,
    {
        self.names.push(name);
        self.r.add_method(name, move |lua, this, args: A| {
            read(lua, |w| {
                check_epoch(w, this.epoch(), H::KIND)?;
                check_exists::<H>(w, this.key())
            })?;
            f(lua, this, args)
        });
    }

    /// Finishes: `tostring` via `summary`, and an `__index` fallback for unknown names.
    pub fn finish(self, summary: fn(&World, H::Key) -> model::Result<String>) {
        self.r.add_meta_method(MetaMethod::ToString, move |lua, this, ()| {
            let w = shared(lua)?;
            let w = w.borrow();
            if check_epoch(&w, this.epoch(), H::KIND).is_err() {
                return Ok(format!("{} (gone: from before sim.reset())", H::NAME));
            }
            Ok(summary(&w, this.key()).unwrap_or_else(|e| format!("{} (deleted: {})", H::NAME, e.code)))
        });
        let mut names = self.names;
        names.sort_unstable();
        names.dedup();
        self.r.add_meta_method(MetaMethod::Index, move |_, _, key: Value| -> mlua::Result<Value> {
            let key = match key {
                Value::String(s) => s.to_string_lossy(),
                other => return Err(invalid(format!("{} has no member {other:?}", H::NAME))),
            };
            let hint = suggest(&key, &names).map(|s| format!("; did you mean '{s}'?")).unwrap_or_default();
            Err(invalid(format!("{} has no field or method '{key}'{hint}", H::NAME)))
        });
    }
}

/// `"name"` in quotes when the resource has one, for summaries.
pub fn quoted_name(w: &World, res: ResKey) -> String {
    w.name_of(res).map(|n| format!(" \"{n}\"")).unwrap_or_default()
}
