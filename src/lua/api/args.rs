//! Strict argument tables: unknown keys are refused with "did you mean", types are checked.
//!
//! An argument table is declared once as a struct with [`arg_table!`]: its fields are the
//! keys it accepts, their types say how each is read ([`FromArg`]). A key cannot be
//! accepted and then ignored: every field is read, and a field the code never uses is a
//! dead-code error.

use super::handle::{Handle, key_of};
use super::value::{invalid, lua_err};
use crate::model::{AwsError, Tags, suggest};
use crate::net::PortRange;
use mlua::{Lua, Table, Value};

/// Declares an argument-table struct: `arg_table! { struct CreateVpc { cidr_block: String, tags: Tags } }`
/// gives `CreateVpc::read(lua, value, "create_vpc")`.
macro_rules! arg_table {
    ($(#[$m:meta])* struct $name:ident { $($(#[$fm:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$m])*
        struct $name { $($(#[$fm])* $field: $ty,)* }

        impl $name {
            /// Reads and checks the argument table of `func`.
            #[allow(dead_code, reason = "a struct nested in another table is read through FromArg only")]
            fn read(lua: &mlua::Lua, value: mlua::Value, func: &'static str) -> mlua::Result<Self> {
                use $crate::lua::api::args::{Args, FromArg};
                static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
                let keys = KEYS.get_or_init(|| {
                    let mut keys = Vec::new();
                    <$name as FromArg>::keys("", &mut keys);
                    keys
                });
                let a = Args::new(value, func, keys.as_slice())?;
                <$name as FromArg>::read(lua, &a, "")
            }
        }

        /// Its fields, read from an enclosing table (a struct nested in another one).
        impl $crate::lua::api::args::FromArg for $name {
            fn keys(_: &'static str, out: &mut Vec<&'static str>) {
                use $crate::lua::api::args::key_name;
                $(<$ty as $crate::lua::api::args::FromArg>::keys(key_name(stringify!($field)), out);)*
            }
            fn read(lua: &mlua::Lua, a: &$crate::lua::api::args::Args, _: &'static str) -> mlua::Result<Self> {
                use $crate::lua::api::args::{FromArg, key_name};
                Ok($name { $($field: <$ty as FromArg>::read(lua, a, key_name(stringify!($field)))?,)* })
            }
        }
    };
}
pub(crate) use arg_table;

/// The table key of a field (`r#type` reads `type`).
pub fn key_name(field: &'static str) -> &'static str {
    field.strip_prefix("r#").unwrap_or(field)
}

/// How a field of an argument table is read.
pub trait FromArg: Sized {
    /// The table keys this field accepts (its own name, unless it reads several).
    fn keys(field: &'static str, out: &mut Vec<&'static str>) {
        out.push(field);
    }
    /// Reads the field.
    fn read(lua: &Lua, a: &Args, field: &'static str) -> mlua::Result<Self>;
}

impl FromArg for String {
    fn read(_: &Lua, a: &Args, field: &'static str) -> mlua::Result<Self> {
        a.req_str(field)
    }
}

impl FromArg for Option<String> {
    fn read(_: &Lua, a: &Args, field: &'static str) -> mlua::Result<Self> {
        a.str(field)
    }
}

impl FromArg for Option<bool> {
    fn read(_: &Lua, a: &Args, field: &'static str) -> mlua::Result<Self> {
        a.bool(field)
    }
}

impl FromArg for Option<i64> {
    fn read(_: &Lua, a: &Args, field: &'static str) -> mlua::Result<Self> {
        a.int(field)
    }
}

impl FromArg for Option<f64> {
    fn read(_: &Lua, a: &Args, field: &'static str) -> mlua::Result<Self> {
        match a.value(field)? {
            Value::Nil => Ok(None),
            Value::Integer(i) => Ok(Some(i as f64)),
            Value::Number(n) => Ok(Some(n)),
            other => Err(a.type_error(field, "a number", &other)),
        }
    }
}

impl FromArg for Option<Vec<String>> {
    fn read(_: &Lua, a: &Args, field: &'static str) -> mlua::Result<Self> {
        a.str_list(field)
    }
}

impl FromArg for Option<Table> {
    fn read(_: &Lua, a: &Args, field: &'static str) -> mlua::Result<Self> {
        match a.value(field)? {
            Value::Nil => Ok(None),
            Value::Table(t) => Ok(Some(t)),
            other => Err(a.type_error(field, "a table", &other)),
        }
    }
}

impl FromArg for Value {
    fn read(_: &Lua, a: &Args, field: &'static str) -> mlua::Result<Self> {
        a.value(field)
    }
}

/// `name` and `tags` merged into one tag set (`name` is the `Name` tag).
impl FromArg for Tags {
    fn keys(_: &'static str, out: &mut Vec<&'static str>) {
        out.extend(["name", "tags"]);
    }
    fn read(_: &Lua, a: &Args, _: &'static str) -> mlua::Result<Self> {
        a.tags()
    }
}

/// A string or a number, as text (`protocol = 6`, `rule_number = "*"`).
pub struct Text(pub String);

impl FromArg for Option<Text> {
    fn read(_: &Lua, a: &Args, field: &'static str) -> mlua::Result<Self> {
        Ok(a.text(field)?.map(Text))
    }
}

/// A required resource argument of kind `H`: handle, id or unique name.
pub struct Ref<H: Handle>(pub H::Key);

impl<H: Handle> FromArg for Ref<H> {
    fn read(lua: &Lua, a: &Args, field: &'static str) -> mlua::Result<Self> {
        match a.value(field)? {
            Value::Nil => Err(lua_err(AwsError::new(
                "MissingParameter",
                format!(
                    "The request must contain the parameter {field}: {} needs {field} = a {}",
                    a.func(),
                    H::KIND.type_name()
                ),
            ))),
            v => key_of::<H>(lua, &v).map(Ref),
        }
    }
}

impl<H: Handle> FromArg for Option<Ref<H>> {
    fn read(lua: &Lua, a: &Args, field: &'static str) -> mlua::Result<Self> {
        match a.value(field)? {
            Value::Nil => Ok(None),
            v => key_of::<H>(lua, &v).map(|k| Some(Ref(k))),
        }
    }
}

/// A list of resources of kind `H` (`security_groups = {sg, "web", "sg-…"}`).
pub struct Refs<H: Handle>(pub Vec<H::Key>);

impl<H: Handle> FromArg for Option<Refs<H>> {
    fn read(lua: &Lua, a: &Args, field: &'static str) -> mlua::Result<Self> {
        a.list(field)?.map(|l| l.iter().map(|v| key_of::<H>(lua, v)).collect::<mlua::Result<_>>().map(Refs)).transpose()
    }
}

/// A checked argument table (built by [`arg_table!`]): its values, read in one pass,
/// in the order of the accepted keys.
pub struct Args {
    keys: &'static [&'static str],
    values: Vec<Value>,
    func: &'static str,
}

impl Args {
    /// Checks that `value` is a table (or nil, when every field is optional) whose
    /// keys are all in `allowed`, and takes its values.
    pub fn new(value: Value, func: &'static str, allowed: &'static [&'static str]) -> mlua::Result<Args> {
        let mut values = vec![Value::Nil; allowed.len()];
        let table = match value {
            Value::Table(t) => t,
            Value::Nil => return Ok(Args { keys: allowed, values, func }),
            other => {
                return Err(invalid(format!(
                    "{func} takes a table of named arguments {{…}}, got a {}",
                    other.type_name()
                )));
            }
        };
        for pair in table.pairs::<Value, Value>() {
            let (k, v) = pair?;
            let Value::String(key) = &k else {
                return Err(invalid(format!("{func} takes named arguments only, got a {} key", k.type_name())));
            };
            let bytes = key.as_bytes();
            match allowed.iter().position(|a| a.as_bytes() == &bytes[..]) {
                Some(i) => values[i] = v,
                None => {
                    let key = key.to_string_lossy();
                    let hint = suggest(&key, allowed).map(|s| format!("; did you mean '{s}'?")).unwrap_or_default();
                    return Err(invalid(format!(
                        "unknown field '{key}' in {func}{hint} (fields: {})",
                        allowed.join(", ")
                    )));
                }
            }
        }
        Ok(Args { keys: allowed, values, func })
    }

    /// The raw value of a field (nil when absent).
    pub fn value(&self, key: &str) -> mlua::Result<Value> {
        Ok(self.keys.iter().position(|k| *k == key).map(|i| self.values[i].clone()).unwrap_or(Value::Nil))
    }

    /// The error for a field of the wrong type.
    pub fn type_error(&self, key: &str, want: &str, got: &Value) -> mlua::Error {
        invalid(format!("field '{key}' of {} must be {want}, got {}", self.func, got.type_name()))
    }

    /// A string field.
    pub fn str(&self, key: &str) -> mlua::Result<Option<String>> {
        match self.value(key)? {
            Value::Nil => Ok(None),
            Value::String(s) => Ok(Some(s.to_str()?.to_string())),
            other => Err(self.type_error(key, "a string", &other)),
        }
    }

    /// A required string field.
    pub fn req_str(&self, key: &str) -> mlua::Result<String> {
        self.str(key)?.ok_or_else(|| self.missing(key))
    }

    /// The function these arguments are for.
    pub fn func(&self) -> &'static str {
        self.func
    }

    /// The error for a missing required field.
    pub fn missing(&self, key: &str) -> mlua::Error {
        lua_err(AwsError::new(
            "MissingParameter",
            format!("The request must contain the parameter {key} ({} needs {key} = …)", self.func),
        ))
    }

    /// A boolean field.
    pub fn bool(&self, key: &str) -> mlua::Result<Option<bool>> {
        match self.value(key)? {
            Value::Nil => Ok(None),
            Value::Boolean(b) => Ok(Some(b)),
            other => Err(self.type_error(key, "a boolean", &other)),
        }
    }

    /// A whole-number field.
    pub fn int(&self, key: &str) -> mlua::Result<Option<i64>> {
        match self.value(key)? {
            Value::Nil => Ok(None),
            Value::Integer(i) => Ok(Some(i)),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => Ok(Some(n as i64)),
            Value::String(s) => {
                let text = s.to_string_lossy();
                text.trim().parse().map(Some).map_err(|_| {
                    lua_err(AwsError::new(
                        "InvalidParameterValue",
                        format!("field '{key}' of {}: '{text}' is not a whole number", self.func),
                    ))
                })
            }
            other => Err(self.type_error(key, "a whole number", &other)),
        }
    }

    /// A field that may be a string or a number, as text (`protocol = 6`, `rule_number = "*"`).
    pub fn text(&self, key: &str) -> mlua::Result<Option<String>> {
        match self.value(key)? {
            Value::Nil => Ok(None),
            Value::String(s) => Ok(Some(s.to_str()?.to_string())),
            Value::Integer(i) => Ok(Some(i.to_string())),
            Value::Number(n) if n.fract() == 0.0 => Ok(Some((n as i64).to_string())),
            other => Err(self.type_error(key, "a string or a number", &other)),
        }
    }

    /// A list of strings (`cidr_blocks = {…}`, `static_routes = {…}`).
    pub fn str_list(&self, key: &str) -> mlua::Result<Option<Vec<String>>> {
        match self.value(key)? {
            Value::Nil => Ok(None),
            Value::Table(t) => {
                let mut out = Vec::new();
                for v in t.sequence_values::<Value>() {
                    match v? {
                        Value::String(s) => out.push(s.to_str()?.to_string()),
                        other => return Err(self.type_error(key, "a list of strings", &other)),
                    }
                }
                Ok(Some(out))
            }
            other => Err(self.type_error(key, "a list of strings", &other)),
        }
    }

    /// A list of values (handles, ids or names).
    pub fn list(&self, key: &str) -> mlua::Result<Option<Vec<Value>>> {
        match self.value(key)? {
            Value::Nil => Ok(None),
            Value::Table(t) => Ok(Some(t.sequence_values::<Value>().collect::<mlua::Result<Vec<_>>>()?)),
            other => Err(self.type_error(key, "a list", &other)),
        }
    }

    /// `name` and `tags` merged into one tag set (`name` is the `Name` tag).
    pub fn tags(&self) -> mlua::Result<Tags> {
        let mut tags = match self.value("tags")? {
            Value::Table(t) => super::handle::string_map(&t, self.func)?,
            Value::Nil => Tags::new(),
            other => return Err(self.type_error("tags", "a table", &other)),
        };
        if let Some(name) = self.str("name")? {
            tags.insert("Name".into(), name);
        }
        Ok(tags)
    }

    /// Ports from `port`, `from_port` + `to_port`, or `ports = "1024-65535"`.
    pub fn ports(&self) -> mlua::Result<Option<PortRange>> {
        let port = self.int("port")?;
        let from = self.int("from_port")?;
        let to = self.int("to_port")?;
        let text = self.text("ports")?;
        let given = [port.is_some(), from.is_some() || to.is_some(), text.is_some()].iter().filter(|b| **b).count();
        if given > 1 {
            return Err(lua_err(AwsError::new(
                "InvalidParameterCombination",
                format!("{}: give ports one way only: port, from_port + to_port, or ports", self.func),
            )));
        }
        let check = |v: i64| -> mlua::Result<u16> {
            u16::try_from(v).map_err(|_| {
                lua_err(AwsError::new(
                    "InvalidParameterValue",
                    format!("Invalid port {v} in {}: ports are 0-65535", self.func),
                ))
            })
        };
        if let Some(p) = port {
            return Ok(Some(PortRange::single(check(p)?)));
        }
        if let Some(t) = text {
            return PortRange::parse(&t)
                .map(Some)
                .map_err(|e| lua_err(AwsError::new("InvalidParameterValue", e.to_string())));
        }
        match (from, to) {
            (None, None) => Ok(None),
            (Some(f), Some(t)) => {
                let (f, t) = (check(f)?, check(t)?);
                PortRange::new(f, t).map(Some).ok_or_else(|| {
                    lua_err(AwsError::new(
                        "InvalidParameterValue",
                        format!("Invalid port range {f}-{t} in {}: from_port must not exceed to_port", self.func),
                    ))
                })
            }
            _ => Err(lua_err(AwsError::new(
                "MissingParameter",
                format!("{} needs both from_port and to_port", self.func),
            ))),
        }
    }
}
