//! The `help` global: documentation of globals, objects and methods from [`docs`].

use crate::lua::docs;
use crate::lua::output::write_host_text;
use mlua::{Lua, MultiValue, Value};

const TABLES: [&str; 4] = ["aws", "cidr", "net", "sim"];

/// Installs the global `help`: `help()`, `help(aws)`, `help(obj)`,
/// `help("Vpc:create_subnet")`, `help(obj, "create_subnet")`.
pub fn register_help(lua: &Lua) -> mlua::Result<()> {
    let help = lua.create_function(|lua, args: MultiValue| {
        let text = help_text(lua, &args)?;
        write_host_text(lua, &text);
        Ok(())
    })?;
    lua.globals().raw_set("help", help)
}

/// The text `help(...)` prints for these arguments.
pub fn help_text(lua: &Lua, args: &MultiValue) -> mlua::Result<String> {
    let mut it = args.iter();
    let Some(subject) = it.next() else {
        return Ok(docs::overview());
    };
    let member = match it.next() {
        None | Some(Value::Nil) => None,
        Some(Value::String(s)) => Some(s.to_string_lossy()),
        Some(other) => {
            return Ok(format!("help: the member name must be a string, got {}\n", other.type_name()));
        }
    };
    let base = match subject {
        Value::Nil => return Ok("help: got nil (is the variable set?); try help()\n".to_string()),
        Value::String(s) => s.to_string_lossy(),
        Value::Table(t) => match global_name_of(lua, subject)? {
            Some(name) => name.to_string(),
            None if t.metatable().is_some_and(|m| m.raw_get::<String>("__name").is_ok_and(|n| n == "AwsError")) => {
                return Ok(
                    "An AWS error: fields `code` and `message`; tostring(err) is \"code: message\".\n".to_string()
                );
            }
            None => return Ok("help: no documentation for this table; try help()\n".to_string()),
        },
        Value::UserData(ud) => ud.type_name()?.to_string_lossy(),
        Value::Function(_) => match function_key(lua, subject)? {
            Some(key) => key,
            None => return Ok("help: no documentation for this function; try help()\n".to_string()),
        },
        other => {
            return Ok(format!("help: no documentation for a value of type {}; try help()\n", other.type_name()));
        }
    };
    let key = match member {
        None => base,
        Some(m) if TABLES.contains(&base.as_str()) => format!("{base}.{m}"),
        Some(m) => format!("{base}:{m}"),
    };
    Ok(match docs::render_key(&key) {
        Some(page) => page,
        None => match docs::suggest(&key) {
            Some(s) => format!("help: no entry '{key}'; did you mean '{s}'?\n"),
            None => format!("help: no entry '{key}'; try help()\n"),
        },
    })
}

/// `aws`/`cidr`/`net`/`sim` when `v` is that global table (raw access only).
fn global_name_of(lua: &Lua, v: &Value) -> mlua::Result<Option<&'static str>> {
    let g = lua.globals();
    for name in TABLES {
        if g.raw_get::<Value>(name)? == *v {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

/// `aws.region` when `f` is that function, `help` for help itself.
fn function_key(lua: &Lua, f: &Value) -> mlua::Result<Option<String>> {
    let g = lua.globals();
    if g.raw_get::<Value>("help")? == *f {
        return Ok(Some("help".to_string()));
    }
    for name in TABLES {
        if let Value::Table(t) = g.raw_get::<Value>(name)? {
            for pair in t.pairs::<Value, Value>() {
                let (k, v) = pair?;
                if let (true, Value::String(k)) = (v == *f, k) {
                    return Ok(Some(format!("{name}.{}", k.to_string_lossy())));
                }
            }
        }
    }
    Ok(None)
}
