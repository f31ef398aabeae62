//! The `sim` global: the simulated clock and the model's configuration.

use super::args::Args;
use super::value::{duration, invalid, read, write};
use mlua::{Lua, Table, Value};

fn config_table(lua: &Lua) -> mlua::Result<Table> {
    let (quotas, timings) = read(lua, |w| Ok((w.config().quotas.entries(), w.config().timings.entries())))?;
    let out = lua.create_table()?;
    for (name, entries) in [("quotas", quotas), ("timings", timings)] {
        let t = lua.create_table()?;
        for (k, v) in entries {
            t.set(k, v)?;
        }
        out.set(name, t)?;
    }
    Ok(out)
}

fn apply(lua: &Lua, section: &str, t: Table) -> mlua::Result<Vec<(String, f64)>> {
    let mut out = Vec::new();
    for pair in t.pairs::<Value, Value>() {
        let (k, v) = pair?;
        let Value::String(k) = k else { return Err(invalid(format!("sim.config {section} keys must be strings"))) };
        let v = match v {
            Value::Integer(i) => i as f64,
            Value::Number(n) => n,
            Value::String(_) if section == "timings" => duration(&v)?,
            other => {
                return Err(invalid(format!(
                    "sim.config {section}.{} must be a number, got a {}",
                    k.to_string_lossy(),
                    other.type_name()
                )));
            }
        };
        out.push((k.to_str()?.to_string(), v));
    }
    let _ = lua;
    Ok(out)
}

/// Installs `sim`.
pub fn register(lua: &Lua) -> mlua::Result<()> {
    let t = lua.create_table()?;
    t.set("now", lua.create_function(|lua, ()| read(lua, |w| Ok(w.now_ms() as f64 / 1000.0)))?)?;
    t.set(
        "advance",
        lua.create_function(|lua, d: Value| {
            let secs = duration(&d)?;
            write(lua, |w| w.advance(secs))?;
            read(lua, |w| Ok(w.now_ms() as f64 / 1000.0))
        })?,
    )?;
    t.set(
        "reset",
        lua.create_function(|lua, ()| {
            write(lua, |w| {
                w.reset();
                Ok(())
            })
        })?,
    )?;
    t.set(
        "seed",
        lua.create_function(|lua, n: i64| {
            write(lua, |w| {
                w.reset_with_seed(n as u64);
                Ok(())
            })
        })?,
    )?;
    t.set(
        "config",
        lua.create_function(|lua, opts: Value| {
            if opts.is_nil() {
                return config_table(lua);
            }
            let a = Args::new(opts, "sim.config", &["quotas", "timings", "prices"])?;
            let mut changes = Vec::new();
            for section in ["quotas", "timings"] {
                match a.value(section)? {
                    Value::Nil => {}
                    Value::Table(t) => {
                        changes.extend(apply(lua, section, t)?.into_iter().map(|(k, v)| (section, k, v)))
                    }
                    other => {
                        return Err(invalid(format!(
                            "sim.config {section} must be a table, got a {}",
                            other.type_name()
                        )));
                    }
                }
            }
            if !a.value("prices")?.is_nil() {
                return Err(invalid("sim.config prices: billing is not modelled yet (a later milestone)"));
            }
            write(lua, |w| {
                let mut config = w.config().clone();
                for (section, k, v) in &changes {
                    if *section == "quotas" { config.quotas.set(k, *v)? } else { config.timings.set(k, *v)? }
                }
                *w.config_mut() = config;
                Ok(())
            })?;
            config_table(lua)
        })?,
    )?;
    lua.globals().set("sim", t)
}
