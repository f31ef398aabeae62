//! The `sim` global: the simulated clock and the model's configuration (quotas, timings, prices).

use super::args::arg_table;
use super::global::{Functions, Global};
use super::value::{duration, invalid, lua_err, read, write};
use crate::model::AwsError;
use mlua::{Lua, Table, Value};

arg_table! {
    /// `sim.config{…}`.
    struct ConfigArgs { quotas: Option<Table>, timings: Option<Table>, prices: Option<Table> }
}

fn config_table(lua: &Lua) -> mlua::Result<Table> {
    let sections = read(lua, |w| {
        let c = w.config();
        Ok([("quotas", c.quotas.entries()), ("timings", c.timings.entries()), ("prices", c.prices.entries())])
    })?;
    let out = lua.create_table()?;
    for (name, entries) in sections {
        let t = lua.create_table()?;
        for (k, v) in entries {
            t.set(k, v)?;
        }
        out.set(name, t)?;
    }
    Ok(out)
}

/// The `(key, value)` pairs of one section of `sim.config{…}`.
fn section(name: &str, t: Option<Table>) -> mlua::Result<Vec<(String, f64)>> {
    let Some(t) = t else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for pair in t.pairs::<Value, Value>() {
        let (k, v) = pair?;
        let Value::String(k) = k else { return Err(invalid(format!("sim.config {name} keys must be strings"))) };
        let v = match v {
            Value::Integer(i) => i as f64,
            Value::Number(n) => n,
            Value::String(_) if name == "timings" => duration(&v)?,
            other => {
                return Err(invalid(format!(
                    "sim.config {name}.{} must be a number, got a {}",
                    k.to_string_lossy(),
                    other.type_name()
                )));
            }
        };
        out.push((k.to_str()?.to_string(), v));
    }
    Ok(out)
}

/// The `sim` global.
pub struct Sim;

impl Global for Sim {
    const NAME: &'static str = "sim";
    const SUMMARY: &'static str = "The simulated clock, costs, and world reset / snapshot.";

    fn functions<F: Functions>(f: &mut F) {
        f.function("now", "() -> number", "Seconds since the world began.", |lua, ()| {
            read(lua, |w| Ok(w.now_ms() as f64 / 1000.0))
        });
        f.function(
            "advance",
            "(duration) -> number",
            "Moves the clock (\"90s\", \"15m\", \"2h\", \"1d\" or seconds): boots finish; returns the new time.",
            |lua, d: Value| {
                let secs = duration(&d)?;
                write(lua, |w| w.advance(secs).map(|_| ()))?;
                read(lua, |w| Ok(w.now_ms() as f64 / 1000.0))
            },
        );
        f.function("reset", "() -> nil", "A fresh world with the default configuration.", |lua, ()| {
            write(lua, |w| {
                w.reset();
                Ok(())
            })
        });
        f.function("seed", "(n) -> nil", "A fresh world whose ids and allocation derive from `n`.", |lua, n: i64| {
            write(lua, |w| {
                w.reset_with_seed(n as u64);
                Ok(())
            })
        });
        f.function(
            "config",
            "{quotas?, timings?, prices?} -> table",
            "Overrides quotas, timings and non-instance prices (USD: public IPv4, EBS gp3, NAT, VPN, DX ports, Savings Plan discounts; a change applies to bills that start after it; instance types keep their dated catalog prices); without arguments returns them.",
            |lua, opts: Value| {
                if opts.is_nil() {
                    return config_table(lua);
                }
                let a = ConfigArgs::read(lua, opts, "sim.config")?;
                let quotas = section("quotas", a.quotas)?;
                let timings = section("timings", a.timings)?;
                let prices = section("prices", a.prices)?;
                write(lua, |w| {
                    let mut config = w.config().clone();
                    for (k, v) in &quotas {
                        config.quotas.set(k, *v)?;
                    }
                    for (k, v) in &timings {
                        config.timings.set(k, *v)?;
                    }
                    for (k, v) in &prices {
                        config.prices.set(k, *v)?;
                    }
                    *w.config_mut() = config;
                    Ok(())
                })?;
                config_table(lua)
            },
        );
        super::billing::functions(f);
        for (name, args, doc) in LATER {
            f.function(name, args, doc, move |_, _: mlua::MultiValue| -> mlua::Result<()> {
                Err(lua_err(AwsError::new("NotImplemented", format!("sim.{name} comes in a later version of vpclab"))))
            });
        }
    }
}

/// `sim` functions LUA_API.md names that later milestones build; calling one says so.
const LATER: [(&str, &str, &str); 2] = [
    ("snapshot", "() -> table", "The world as a plain table. (a later milestone: not available yet)"),
    ("restore", "(t) -> nil", "Restores a snapshot. (a later milestone: not available yet)"),
];
