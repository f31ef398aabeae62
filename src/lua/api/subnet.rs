//! The Subnet object.

use super::args::{Ref, Refs, arg_table};
use super::handle::{
    At, ElasticIp, HandleApi, HandleMembers, Instance, NatGateway, NetworkAcl, NetworkInterface, RouteTable,
    SecurityGroup, Subnet, Vpc, handles, new_handle,
};
use super::launch::{parse_ip, run_instance};
use super::members::Members;
use super::value::{array, lua_err, read, write};
use crate::model::{self, Connectivity, Tags};
use mlua::Value;

arg_table! {
    /// `subnet:create_nat_gateway{…}`.
    struct CreateNatGateway { elastic_ip: Option<Ref<ElasticIp>>, connectivity_type: Option<String>, tags: Tags }
}
arg_table! {
    /// `subnet:create_network_interface{…}`.
    struct CreateNetworkInterface {
        private_ip_address: Option<String>,
        security_groups: Option<Refs<SecurityGroup>>,
        description: Option<String>,
        tags: Tags,
    }
}

impl HandleApi for Subnet {
    const VAR: &'static str = "subnet";
    const SUMMARY: &'static str = "A range of a VPC's addresses in one availability zone.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("state", "string", "available.", |_, _| Ok("available"));
        m.get("cidr_block", "string", "Its CIDR block.", |_, at| Ok(at.res.cidr.to_string()));
        m.get("availability_zone", "string", "Its AZ.", |_, at| Ok(at.res.az));
        m.get("vpc", "Vpc", "Its VPC.", |_, at| Ok(at.handle::<Vpc>(at.res.vpc)));
        m.get("available_ip_address_count", "integer", "Free addresses.", |_, at| {
            Ok(at.res.available_ip_address_count())
        });
        m.get("map_public_ip_on_launch", "boolean", "Auto-assign public IPs (read/write).", |_, at| {
            Ok(at.res.map_public_ip_on_launch)
        });
        m.set("map_public_ip_on_launch", |lua, k, on: bool| write(lua, |w| w.set_map_public_ip_on_launch(k, on)));
        m.get("default_for_az", "boolean", "Whether it is a default subnet.", |_, at| Ok(at.res.default_for_az));
        m.get("route_table", "RouteTable", "The effective route table (explicit or main).", |_, at| {
            at.w.effective_route_table(at.key).map(|rt| at.handle::<RouteTable>(rt)).map_err(lua_err)
        });
        m.get("network_acl", "NetworkAcl", "Its network ACL.", |_, at| Ok(at.handle::<NetworkAcl>(at.res.network_acl)));
        m.get(
            "is_public",
            "boolean",
            "Has an effective 0.0.0.0/0 route to an attached internet gateway.",
            |_, at| Ok(at.w.is_public(at.key).unwrap_or(false)),
        );
        m.call(
            "reserved_addresses",
            "() -> {{address, purpose}}",
            "The five addresses AWS reserves.",
            |lua, k, ()| {
                let list = read(lua, |w| Ok(w.subnet(k)?.reserved_addresses()))?;
                let rows: Vec<mlua::Table> = list
                    .into_iter()
                    .map(|(a, p)| {
                        let t = lua.create_table()?;
                        t.set("address", a.to_string())?;
                        t.set("purpose", p)?;
                        Ok(t)
                    })
                    .collect::<mlua::Result<_>>()?;
                array(lua, rows)
            },
        );
        m.call(
            "run_instance",
            "{image_id?, instance_type?, security_groups?, name?, …} -> Instance",
            "Launches one instance here.",
            |lua, k, opts: Value| {
                let region = read(lua, |w| Ok(w.vpc(w.subnet(k)?.vpc)?.region))?;
                let inst = run_instance(lua, region, k, opts)?;
                new_handle::<Instance>(lua, inst)
            },
        );
        m.call("instances", "() -> {Instance}", "Its instances.", |lua, k, ()| {
            let keys = read(lua, |w| {
                Ok(w.instances().iter().filter(|(_, i)| i.subnet == k).map(|(k, _)| k).collect::<Vec<_>>())
            })?;
            handles::<Instance>(lua, keys)
        });
        m.call(
            "create_nat_gateway",
            "{elastic_ip?, connectivity_type = \"public\"|\"private\"} -> NatGateway",
            "Creates a NAT gateway (public needs elastic_ip).",
            |lua, k, opts: Value| {
                let a = CreateNatGateway::read(lua, opts, "create_nat_gateway")?;
                let c = Connectivity::parse(a.connectivity_type.as_deref().unwrap_or("public")).map_err(lua_err)?;
                let nat = write(lua, |w| w.create_nat_gateway(k, a.elastic_ip.map(|e| e.0), c, a.tags))?;
                new_handle::<NatGateway>(lua, nat)
            },
        );
        m.call(
            "create_network_interface",
            "{private_ip_address?, security_groups?, description?} -> NetworkInterface",
            "Creates an ENI.",
            |lua, k, opts: Value| {
                let a = CreateNetworkInterface::read(lua, opts, "create_network_interface")?;
                let ip = a.private_ip_address.map(|t| parse_ip(&t)).transpose()?;
                let groups = a.security_groups.map(|g| g.0);
                let description = a.description.unwrap_or_default();
                let eni = write(lua, |w| w.create_network_interface(k, ip, groups, &description, a.tags))?;
                new_handle::<NetworkInterface>(lua, eni)
            },
        );
        m.call("delete", "() -> nil", "Deletes the subnet.", |lua, k, ()| write(lua, |w| w.delete_subnet(k)));
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let s = at.res;
        let public = if at.w.is_public(at.key)? { " public" } else { "" };
        Ok(format!(
            "{}{} {} {} {}{public} ({} free)",
            s.id,
            at.quoted_name(),
            s.cidr,
            s.az,
            at.w.vpc(s.vpc)?.id,
            s.available_ip_address_count()
        ))
    }
}
