//! The RouteTable object.

use super::args::arg_table;
use super::handle::{self, At, HandleApi, HandleMembers, RouteTable, Subnet, Vpc, VpnGateway, any_key_of, handles, key_of};
use super::members::Members;
use super::value::{array, invalid, lua_err, read, shared, write};
use crate::model::{self, AwsError, ResKey, Route, RtbKey, Target, World};
use mlua::{Lua, Table, Value};

arg_table! {
    /// `create_route{…}` / `replace_route{…}`: a destination and exactly one target.
    struct RouteArgs {
        destination_cidr_block: String,
        target: Value,
        gateway: Value,
        nat_gateway: Value,
        instance: Value,
        vpc_peering_connection: Value,
        network_interface: Value,
        vpn_gateway: Value,
    }
}
arg_table! {
    /// `delete_route{destination_cidr_block}`.
    struct Destination { destination_cidr_block: String }
}

impl RouteArgs {
    /// The one target given, under whichever key.
    fn target(self, lua: &Lua) -> mlua::Result<Target> {
        let given: Vec<Value> = [
            self.target,
            self.gateway,
            self.nat_gateway,
            self.instance,
            self.vpc_peering_connection,
            self.network_interface,
            self.vpn_gateway,
        ]
        .into_iter()
        .filter(|v| !v.is_nil())
        .collect();
        let v = match given.as_slice() {
            [] => {
                return Err(lua_err(AwsError::new(
                    "MissingParameter",
                    "A route needs a target: target = a gateway, NAT gateway, instance, network interface or peering connection",
                )));
            }
            [v] => v,
            _ => {
                return Err(lua_err(AwsError::new("InvalidParameterCombination", "A route takes exactly one target")));
            }
        };
        if let Value::String(s) = v
            && s.to_str()? == "local"
        {
            return Ok(Target::Local);
        }
        Ok(match any_key_of(lua, v)? {
            ResKey::Igw(k) => Target::Igw(k),
            ResKey::Vgw(k) => Target::Vgw(k),
            ResKey::Nat(k) => Target::Nat(k),
            ResKey::Pcx(k) => Target::Pcx(k),
            ResKey::Instance(k) => Target::Instance(k),
            ResKey::Eni(k) => Target::Eni(k),
            other => return Err(invalid(format!("a {} cannot be a route target", other.kind().name()))),
        })
    }
}

/// The handle (or "local") of a route target, and its id.
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
fn route_row(lua: &Lua, w: &World, rtb: RtbKey, r: &Route) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    let (target, id) = target_value(lua, w, r.target)?;
    t.set("destination_cidr_block", r.destination.to_string())?;
    t.set("target", target)?;
    t.set("target_id", id)?;
    t.set("state", w.route_state(rtb, r).as_str())?;
    t.set("origin", r.origin.as_str())?;
    Ok(t)
}

fn destination(lua: &Lua, v: Value, func: &'static str) -> mlua::Result<String> {
    match v {
        Value::String(s) => Ok(s.to_str()?.to_string()),
        Value::Table(_) => Ok(Destination::read(lua, v, func)?.destination_cidr_block),
        other => Err(invalid(format!("{func} takes a destination CIDR, got a {}", other.type_name()))),
    }
}

impl HandleApi for RouteTable {
    const VAR: &'static str = "rt";
    const SUMMARY: &'static str = "Routes for the subnets associated with it.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("vpc", "Vpc", "Its VPC.", |_, at| Ok(at.handle::<Vpc>(at.res.vpc)));
        m.get("main", "boolean", "Whether it is the VPC's main table.", |_, at| Ok(at.w.is_main(at.key)));
        m.get("routes", "{{destination_cidr_block, target, target_id, state, origin}}", "Its routes.", |lua, at| {
            let rows: Vec<Table> =
                at.w.all_routes(at.key).iter().map(|r| route_row(lua, at.w, at.key, r)).collect::<mlua::Result<_>>()?;
            array(lua, rows)
        });
        m.get("associations", "{Subnet}", "Subnets explicitly associated.", |lua, at| {
            array(lua, at.w.route_table_associations(at.key).into_iter().map(|s| at.handle::<Subnet>(s)))
        });
        m.get("propagating_vgws", "{VpnGateway}", "VGWs whose routes propagate into the table.", |lua, at| {
            array(lua, at.res.propagating.iter().map(|g| at.handle::<VpnGateway>(*g)))
        });
        m.call(
            "create_route",
            "{destination_cidr_block, target} -> nil",
            "Adds a route to a gateway, NAT gateway, instance, peering or VGW.",
            |lua, k, opts: Value| {
                let a = RouteArgs::read(lua, opts, "create_route")?;
                let dest = a.destination_cidr_block.clone();
                let target = a.target(lua)?;
                write(lua, |w| w.create_route(k, &dest, target))
            },
        );
        m.call(
            "replace_route",
            "{destination_cidr_block, target} -> nil",
            "Replaces a route's target.",
            |lua, k, opts: Value| {
                let a = RouteArgs::read(lua, opts, "replace_route")?;
                let dest = a.destination_cidr_block.clone();
                let target = a.target(lua)?;
                write(lua, |w| w.replace_route(k, &dest, target))
            },
        );
        m.call("delete_route", "(destination) -> nil", "Deletes a route.", |lua, k, dest: Value| {
            let dest = destination(lua, dest, "delete_route")?;
            write(lua, |w| w.delete_route(k, &dest))
        });
        m.call("associate", "(subnet) -> nil", "Associates a subnet.", |lua, k, subnet: Value| {
            let s = key_of::<Subnet>(lua, &subnet)?;
            write(lua, |w| w.associate_route_table(k, s))
        });
        m.call(
            "disassociate",
            "(subnet) -> nil",
            "Disassociates a subnet (it falls back to the main table).",
            |lua, k, subnet: Value| {
                let s = key_of::<Subnet>(lua, &subnet)?;
                write(lua, |w| w.disassociate_route_table(k, s))
            },
        );
        m.call("set_main", "() -> nil", "Makes this the VPC's main table.", |lua, k, ()| {
            write(lua, |w| w.set_main_route_table(k))
        });
        m.call("enable_propagation", "(vpn_gateway) -> nil", "Propagates the VGW's routes.", |lua, k, vgw: Value| {
            let g = key_of::<VpnGateway>(lua, &vgw)?;
            write(lua, |w| w.enable_route_propagation(k, g))
        });
        m.call(
            "disable_propagation",
            "(vpn_gateway) -> nil",
            "Stops propagating the VGW's routes.",
            |lua, k, vgw: Value| {
                let g = key_of::<VpnGateway>(lua, &vgw)?;
                write(lua, |w| w.disable_route_propagation(k, g))
            },
        );
        m.call("lookup", "(ip) -> route | nil", "The route longest-prefix match picks.", |lua, k, ip: String| {
            let addr = crate::net::parse_addr(&ip).map_err(|_| {
                lua_err(AwsError::new("InvalidParameterValue", format!("'{ip}' is not an IPv4 address")))
            })?;
            let w = shared(lua)?;
            let w = w.try_borrow().map_err(|_| mlua::Error::runtime("the world is busy"))?;
            match w.lookup_route(k, addr) {
                Some(route) => Ok(Value::Table(route_row(lua, &w, k, &route)?)),
                None => Ok(Value::Nil),
            }
        });
        m.call("subnets", "() -> {Subnet}", "Every subnet the table governs, implicit ones included.", |lua, k, ()| {
            let keys = read(lua, |w| {
                Ok(w.subnets()
                    .iter()
                    .filter(|(sk, _)| w.effective_route_table(*sk).ok() == Some(k))
                    .map(|(sk, _)| sk)
                    .collect::<Vec<_>>())
            })?;
            handles::<Subnet>(lua, keys)
        });
        m.call(
            "delete",
            "() -> nil",
            "Deletes the table (DependencyViolation for main or associated tables).",
            |lua, k, ()| write(lua, |w| w.delete_route_table(k)),
        );
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let main = if at.w.is_main(at.key) { " main" } else { "" };
        let n = at.w.all_routes(at.key).len();
        Ok(format!(
            "{}{}{main} {} ({n} route{})",
            at.res.id,
            at.quoted_name(),
            at.w.vpc(at.res.vpc)?.id,
            if n == 1 { "" } else { "s" }
        ))
    }
}
