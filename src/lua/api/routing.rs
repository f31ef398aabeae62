//! RouteTable objects.

use super::args::Args;
use super::handle::{self, Handle, Reg, RouteTable, Subnet, Vpc, VpnGateway, any_key_of, handles, key_of, quoted_name};
use super::value::{array, invalid, read, write};
use crate::model::{ResKey, Route, RtbKey, Target, World};
use mlua::{Lua, Table, UserData, UserDataRegistry, Value};

const TARGET_KEYS: &[&str] =
    &["target", "gateway", "nat_gateway", "instance", "vpc_peering_connection", "network_interface", "vpn_gateway"];

/// The route target named in a `create_route` / `replace_route` table.
fn target_of(lua: &Lua, a: &Args) -> mlua::Result<Target> {
    let mut given = Vec::new();
    for key in TARGET_KEYS {
        let v = a.value(key)?;
        if !v.is_nil() {
            given.push(v);
        }
    }
    let v = match given.len() {
        0 => {
            return Err(super::value::lua_err(crate::model::AwsError::new(
                "MissingParameter",
                "A route needs a target: target = a gateway, NAT gateway, instance, network interface or peering connection",
            )));
        }
        1 => given.remove(0),
        _ => {
            return Err(super::value::lua_err(crate::model::AwsError::new(
                "InvalidParameterCombination",
                "A route takes exactly one target",
            )));
        }
    };
    if let Value::String(s) = &v
        && s.to_str()? == "local"
    {
        return Ok(Target::Local);
    }
    Ok(match any_key_of(lua, &v)? {
        ResKey::Igw(k) => Target::Igw(k),
        ResKey::Vgw(k) => Target::Vgw(k),
        ResKey::Nat(k) => Target::Nat(k),
        ResKey::Pcx(k) => Target::Pcx(k),
        ResKey::Instance(k) => Target::Instance(k),
        ResKey::Eni(k) => Target::Eni(k),
        other => return Err(invalid(format!("a {} cannot be a route target", other.kind().name()))),
    })
}

/// The handle (or "local") of a route target.
fn target_value(lua: &Lua, w: &World, t: Target) -> mlua::Result<(Value, String)> {
    let res = match t {
        Target::Local => return Ok((Value::String(lua.create_string("local")?), "local".into())),
        Target::Igw(k) => ResKey::Igw(k),
        Target::Vgw(k) => ResKey::Vgw(k),
        Target::Nat(k) => ResKey::Nat(k),
        Target::Pcx(k) => ResKey::Pcx(k),
        Target::Instance(k) => ResKey::Instance(k),
        Target::Eni(k) => ResKey::Eni(k),
    };
    let id = w.id_of(res).unwrap_or("(deleted)").to_string();
    Ok((handle::push(lua, w.generation(), res)?, id))
}

/// A route as a plain table.
pub fn route_table_row(lua: &Lua, w: &World, rtb: RtbKey, r: &Route) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    let (target, id) = target_value(lua, w, r.target)?;
    t.set("destination_cidr_block", r.destination.to_string())?;
    t.set("target", target)?;
    t.set("target_id", id)?;
    t.set("state", w.route_state(rtb, r).as_str())?;
    t.set("origin", r.origin.as_str())?;
    Ok(t)
}

fn destination(v: Value, func: &'static str) -> mlua::Result<String> {
    match v {
        Value::String(s) => Ok(s.to_str()?.to_string()),
        Value::Table(_) => Args::new(v, func, &["destination_cidr_block"])?.req_str("destination_cidr_block"),
        other => Err(invalid(format!("{func} takes a destination CIDR, got a {}", other.type_name()))),
    }
}

impl UserData for RouteTable {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("vpc", |_, w, k| Ok(Vpc::new(w.route_table(k).expect("checked").vpc, w.generation())));
        r.field("main", |_, w, k| Ok(w.is_main(k)));
        r.field("routes", |lua, w, k| {
            let rows: Vec<Table> =
                w.all_routes(k).iter().map(|r| route_table_row(lua, w, k, r)).collect::<mlua::Result<_>>()?;
            array(lua, rows)
        });
        r.field("associations", |lua, w, k| {
            array(lua, w.route_table_associations(k).into_iter().map(|s| Subnet::new(s, w.generation())))
        });
        r.field("propagating_vgws", |lua, w, k| {
            array(
                lua,
                w.route_table(k).expect("checked").propagating.iter().map(|g| VpnGateway::new(*g, w.generation())),
            )
        });
        for (name, replace) in [("create_route", false), ("replace_route", true)] {
            r.method(name, move |lua, this, opts: Value| {
                let mut keys = vec!["destination_cidr_block"];
                keys.extend_from_slice(TARGET_KEYS);
                let a = Args::new(opts, name, &keys)?;
                let dest = a.req_str("destination_cidr_block")?;
                let target = target_of(lua, &a)?;
                let k = this.key();
                write(
                    lua,
                    |w| if replace { w.replace_route(k, &dest, target) } else { w.create_route(k, &dest, target) },
                )
            });
        }
        r.method("delete_route", |lua, this, dest: Value| {
            let dest = destination(dest, "delete_route")?;
            let k = this.key();
            write(lua, |w| w.delete_route(k, &dest))
        });
        r.method("associate", |lua, this, subnet: Value| {
            let s = key_of::<Subnet>(lua, &subnet)?;
            let k = this.key();
            write(lua, |w| w.associate_route_table(k, s))
        });
        r.method("disassociate", |lua, this, subnet: Value| {
            let s = key_of::<Subnet>(lua, &subnet)?;
            let k = this.key();
            write(lua, |w| w.disassociate_route_table(k, s))
        });
        r.method("set_main", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.set_main_route_table(k))
        });
        r.method("enable_propagation", |lua, this, vgw: Value| {
            let g = key_of::<VpnGateway>(lua, &vgw)?;
            let k = this.key();
            write(lua, |w| w.enable_route_propagation(k, g))
        });
        r.method("disable_propagation", |lua, this, vgw: Value| {
            let g = key_of::<VpnGateway>(lua, &vgw)?;
            let k = this.key();
            write(lua, |w| w.disable_route_propagation(k, g))
        });
        r.method("lookup", |lua, this, ip: String| {
            let addr = crate::net::parse_addr(&ip).map_err(|_| {
                super::value::lua_err(crate::model::AwsError::new(
                    "InvalidParameterValue",
                    format!("'{ip}' is not an IPv4 address"),
                ))
            })?;
            let k = this.key();
            let w = super::value::shared(lua)?;
            let w = w.borrow();
            match w.lookup_route(k, addr) {
                Some(route) => Ok(Value::Table(route_table_row(lua, &w, k, &route)?)),
                None => Ok(Value::Nil),
            }
        });
        r.method("subnets", |lua, this, ()| {
            let k = this.key();
            let keys = read(lua, |w| {
                Ok(w.subnets()
                    .iter()
                    .filter(|(sk, _)| w.effective_route_table(*sk).ok() == Some(k))
                    .map(|(sk, _)| sk)
                    .collect::<Vec<_>>())
            })?;
            handles::<Subnet>(lua, keys)
        });
        r.method("delete", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.delete_route_table(k))
        });
        r.finish(|w, k| {
            let t = w.route_table(k)?;
            let main = if w.is_main(k) { " main" } else { "" };
            let n = w.all_routes(k).len();
            Ok(format!(
                "{}{}{main} {} ({n} route{})",
                t.id,
                quoted_name(w, ResKey::Rtb(k)),
                w.vpc(t.vpc)?.id,
                if n == 1 { "" } else { "s" }
            ))
        });
    }
}
