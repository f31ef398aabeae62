//! Protocol, ports and ICMP type/code: the traffic argument shared by network ACL entries
//! and security group rules, and its rendering in result rows.

use super::args::{Args, FromArg};
use super::value::lua_err;
use crate::model::{IcmpMatch, Traffic};
use mlua::{Lua, Table};

/// `protocol`, `port` / `from_port` + `to_port` / `ports`, `icmp_type`, `icmp_code`.
pub struct TrafficArg(pub Traffic);

impl FromArg for TrafficArg {
    fn keys(_: &'static str, out: &mut Vec<&'static str>) {
        out.extend(["protocol", "port", "from_port", "to_port", "ports", "icmp_type", "icmp_code"]);
    }

    fn read(_: &Lua, a: &Args, _: &'static str) -> mlua::Result<Self> {
        let text = a.text("protocol")?.ok_or_else(|| a.missing("protocol"))?;
        let icmp = match (a.int("icmp_type")?, a.int("icmp_code")?) {
            (None, None) => None,
            (t, c) => Some(IcmpMatch::new(t.unwrap_or(-1), c.unwrap_or(-1)).map_err(lua_err)?),
        };
        Traffic::from_args(&text, a.ports()?, icmp).map(TrafficArg).map_err(lua_err)
    }
}

/// Adds `protocol`, `from_port`/`to_port` and ICMP fields to a row.
pub fn traffic_fields(t: &Table, traffic: &Traffic) -> mlua::Result<()> {
    t.set("protocol", traffic.protocol.to_string())?;
    if let Some(p) = traffic.ports {
        t.set("from_port", p.from)?;
        t.set("to_port", p.to)?;
    }
    if let Some(i) = traffic.icmp {
        t.set("icmp_type", i.icmp_type)?;
        t.set("icmp_code", i.code)?;
    }
    Ok(())
}
