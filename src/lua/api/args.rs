//! Strict argument tables: unknown keys are refused with "did you mean", types are checked.

use super::value::{invalid, lua_err};
use crate::model::{AwsError, Tags, suggest};
use crate::net::PortRange;
use mlua::{Table, Value};

/// A constructor's argument table, checked against the keys it accepts.
pub struct Args {
    table: Option<Table>,
    func: &'static str,
}

impl Args {
    /// Checks that `value` is a table (or nil, when every field is optional) whose
    /// keys are all in `allowed`.
    pub fn new(value: Value, func: &'static str, allowed: &[&str]) -> mlua::Result<Args> {
        let table = match value {
            Value::Table(t) => t,
            Value::Nil => return Ok(Args { table: None, func }),
            other => {
                return Err(invalid(format!(
                    "{func} takes a table of named arguments {{…}}, got a {}",
                    other.type_name()
                )));
            }
        };
        for pair in table.pairs::<Value, Value>() {
            let (k, _) = pair?;
            let key = match &k {
                Value::String(s) => s.to_string_lossy(),
                other => {
                    return Err(invalid(format!("{func} takes named arguments only, got a {} key", other.type_name())));
                }
            };
            if !allowed.contains(&key.as_str()) {
                let hint = suggest(&key, allowed).map(|s| format!("; did you mean '{s}'?")).unwrap_or_default();
                return Err(invalid(format!("unknown field '{key}' in {func}{hint} (fields: {})", allowed.join(", "))));
            }
        }
        Ok(Args { table: Some(table), func })
    }

    /// The raw value of a field (nil when absent).
    pub fn value(&self, key: &str) -> mlua::Result<Value> {
        match &self.table {
            Some(t) => t.raw_get(key),
            None => Ok(Value::Nil),
        }
    }

    fn type_error(&self, key: &str, want: &str, got: &Value) -> mlua::Error {
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
        let mut tags = Tags::new();
        if let Value::Table(t) = self.value("tags")? {
            for pair in t.pairs::<Value, Value>() {
                let (k, v) = pair?;
                match (k, v) {
                    (Value::String(k), Value::String(v)) => {
                        tags.insert(k.to_str()?.to_string(), v.to_str()?.to_string());
                    }
                    _ => return Err(invalid(format!("tags of {} must map strings to strings", self.func))),
                }
            }
        } else if !self.value("tags")?.is_nil() {
            return Err(self.type_error("tags", "a table", &self.value("tags")?));
        }
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
