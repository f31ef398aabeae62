//! Plain data (`params`) copied from one Lua state to another.

use mlua::{Lua, Value};
use std::fmt;

/// How deep a `params` table may nest.
const MAX_DEPTH: usize = 8;

/// A Lua value made of booleans, numbers, strings and tables only.
#[derive(Debug, Clone, PartialEq)]
pub enum Plain {
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Num(f64),
    /// A string.
    Str(String),
    /// A table's pairs, keys sorted by their text.
    Table(Vec<(Plain, Plain)>),
}

impl Plain {
    /// Copies `v` out of a state; functions, userdata and deep nesting are refused.
    pub fn from_lua(v: &Value) -> Result<Plain, String> {
        Plain::from_lua_at(v, 0)
    }

    fn from_lua_at(v: &Value, depth: usize) -> Result<Plain, String> {
        match v {
            Value::Boolean(b) => Ok(Plain::Bool(*b)),
            Value::Integer(i) => Ok(Plain::Int(*i)),
            Value::Number(n) => Ok(Plain::Num(*n)),
            Value::String(s) => Ok(Plain::Str(s.to_string_lossy())),
            Value::Table(t) if depth < MAX_DEPTH => {
                let mut pairs = Vec::new();
                for pair in t.pairs::<Value, Value>() {
                    let (k, v) = pair.map_err(|e| e.to_string())?;
                    pairs.push((Plain::from_lua_at(&k, depth + 1)?, Plain::from_lua_at(&v, depth + 1)?));
                }
                pairs.sort_by_key(|(k, _)| k.to_string());
                Ok(Plain::Table(pairs))
            }
            Value::Table(_) => Err(format!("params nest deeper than {MAX_DEPTH} levels")),
            other => {
                Err(format!("params hold only booleans, numbers, strings and tables, not a {}", other.type_name()))
            }
        }
    }

    /// Builds the value in `lua`.
    pub fn to_lua(&self, lua: &Lua) -> mlua::Result<Value> {
        Ok(match self {
            Plain::Bool(b) => Value::Boolean(*b),
            Plain::Int(i) => Value::Integer(*i),
            Plain::Num(n) => Value::Number(*n),
            Plain::Str(s) => Value::String(lua.create_string(s)?),
            Plain::Table(pairs) => {
                let t = lua.create_table()?;
                for (k, v) in pairs {
                    t.raw_set(k.to_lua(lua)?, v.to_lua(lua)?)?;
                }
                Value::Table(t)
            }
        })
    }

    /// The value of `key` in a table.
    pub fn get(&self, key: &str) -> Option<&Plain> {
        match self {
            Plain::Table(pairs) => pairs.iter().find(|(k, _)| matches!(k, Plain::Str(s) if s == key)).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl fmt::Display for Plain {
    /// As Lua's `tostring` would print scalars; tables as `{k = v, …}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Plain::Bool(b) => write!(f, "{b}"),
            Plain::Int(i) => write!(f, "{i}"),
            Plain::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => write!(f, "{n:.1}"),
            Plain::Num(n) => write!(f, "{n}"),
            Plain::Str(s) => write!(f, "{s}"),
            Plain::Table(pairs) => {
                write!(f, "{{")?;
                for (i, (k, v)) in pairs.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    write!(f, "{sep}{k} = {v}")?;
                }
                write!(f, "}}")
            }
        }
    }
}

/// Replaces each `{{key}}` in `template` with `params[key]`; unknown keys stay as written.
pub fn render(template: &str, params: Option<&Plain>) -> String {
    let Some(params) = params else { return template.to_string() };
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let key = after[..end].trim();
                match params.get(key) {
                    Some(v) => out.push_str(&v.to_string()),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_between_states_and_renders() {
        let a = Lua::new();
        let v: Value = a.load("return { cidr = '10.3.0.0/16', port = 8080, nested = { 1, 2 } }").eval().unwrap();
        let p = Plain::from_lua(&v).unwrap();
        let b = Lua::new();
        b.globals().set("params", p.to_lua(&b).unwrap()).unwrap();
        let got: String = b.load("return params.cidr .. ':' .. params.port .. ':' .. params.nested[2]").eval().unwrap();
        assert_eq!(got, "10.3.0.0/16:8080:2");
        assert_eq!(
            render("VPC {{cidr}} on {{ port }}, {{other}} {{", Some(&p)),
            "VPC 10.3.0.0/16 on 8080, {{other}} {{"
        );
        assert_eq!(render("{{cidr}}", None), "{{cidr}}");
    }

    #[test]
    fn refuses_functions() {
        let a = Lua::new();
        let v: Value = a.load("return { f = print }").eval().unwrap();
        assert!(Plain::from_lua(&v).unwrap_err().contains("not a function"));
    }
}
