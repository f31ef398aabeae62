//! The Vpc object.

use super::args::{Ref, arg_table};
use super::handle::{
    At, HandleApi, HandleMembers, Instance, NetworkAcl, RouteTable, SecurityGroup, Subnet, Vpc,
    VpcPeeringConnection, handles, new_handle,
};
use super::members::Members;
use super::region::region_value;
use super::value::{array, invalid, opt, read, write};
use crate::model::{self, Tags};
use mlua::Value;

arg_table! {
    /// `vpc:create_subnet{…}`.
    struct CreateSubnet { cidr_block: String, availability_zone: Option<String>, map_public_ip_on_launch: Option<bool>, tags: Tags }
}
arg_table! {
    /// `create_route_table{…}`, `create_network_acl{…}`.
    struct Named { tags: Tags }
}
arg_table! {
    /// `vpc:create_security_group{…}`.
    struct CreateSecurityGroup { group_name: String, description: Option<String>, tags: Tags }
}
arg_table! {
    /// `vpc:associate_cidr_block{cidr_block}`.
    struct CidrArg { cidr_block: String }
}
arg_table! {
    /// `vpc:request_peering{…}`.
    struct RequestPeering { peer_vpc: Ref<Vpc>, tags: Tags }
}

/// Keys of the resources in `store` whose VPC is `vpc`.
fn in_vpc<K: model::StoreKey, T>(store: &model::Store<K, T>, vpc: model::VpcKey, of: impl Fn(&T) -> model::VpcKey) -> Vec<K> {
    store.iter().filter(|(_, r)| of(r) == vpc).map(|(k, _)| k).collect()
}

impl HandleApi for Vpc {
    const VAR: &'static str = "vpc";
    const SUMMARY: &'static str = "A virtual private cloud: an isolated network with one or more CIDR blocks.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("state", "string", "available.", |_, _| Ok("available"));
        m.get("cidr_block", "string", "The primary CIDR block.", |_, at| Ok(at.res.cidrs[0].to_string()));
        m.get("cidr_blocks", "{string}", "All CIDR blocks, secondary ones included.", |lua, at| {
            array(lua, at.res.cidrs.iter().map(|c| c.to_string()))
        });
        m.get("region", "Region", "Its region.", |lua, at| region_value(lua, at.res.region));
        m.get("is_default", "boolean", "Whether it is the region's default VPC.", |_, at| Ok(at.res.is_default));
        m.get("main_route_table", "RouteTable", "The main route table.", |_, at| {
            Ok(at.handle::<RouteTable>(at.res.main_route_table))
        });
        m.get("default_network_acl", "NetworkAcl", "The default network ACL.", |_, at| {
            Ok(at.handle::<NetworkAcl>(at.res.default_network_acl))
        });
        m.get("default_security_group", "SecurityGroup", "The default security group.", |_, at| {
            Ok(at.handle::<SecurityGroup>(at.res.default_security_group))
        });
        m.get("internet_gateway", "InternetGateway | nil", "The attached internet gateway.", |lua, at| {
            opt(lua, at.res.internet_gateway.map(|g| at.handle::<super::handle::InternetGateway>(g)))
        });
        m.get("vpn_gateway", "VpnGateway | nil", "The attached virtual private gateway.", |lua, at| {
            opt(lua, at.res.vpn_gateway.map(|g| at.handle::<super::handle::VpnGateway>(g)))
        });
        m.get("enable_dns_support", "boolean", "DNS resolution (true).", |_, at| Ok(at.res.enable_dns_support));
        m.get("enable_dns_hostnames", "boolean", "DNS hostnames (true for the default VPC).", |_, at| {
            Ok(at.res.enable_dns_hostnames)
        });
        m.call(
            "create_subnet",
            "{cidr_block, availability_zone?, name?, map_public_ip_on_launch?} -> Subnet",
            "Creates a subnet (without an AZ: the AZ with the fewest of this VPC's subnets).",
            |lua, vpc, opts: Value| {
                let a = CreateSubnet::read(lua, opts, "create_subnet")?;
                let k = write(lua, |w| {
                    let k = w.create_subnet(vpc, &a.cidr_block, a.availability_zone.as_deref(), a.tags)?;
                    if let Some(on) = a.map_public_ip_on_launch {
                        w.set_map_public_ip_on_launch(k, on)?;
                    }
                    Ok(k)
                })?;
                new_handle::<Subnet>(lua, k)
            },
        );
        m.call("subnets", "() -> {Subnet}", "Its subnets.", |lua, vpc, ()| {
            handles::<Subnet>(lua, read(lua, |w| Ok(in_vpc(w.subnets(), vpc, |s| s.vpc)))?)
        });
        m.call("route_tables", "() -> {RouteTable}", "Its route tables.", |lua, vpc, ()| {
            handles::<RouteTable>(lua, read(lua, |w| Ok(in_vpc(w.route_tables(), vpc, |s| s.vpc)))?)
        });
        m.call("network_acls", "() -> {NetworkAcl}", "Its network ACLs.", |lua, vpc, ()| {
            handles::<NetworkAcl>(lua, read(lua, |w| Ok(in_vpc(w.acls(), vpc, |s| s.vpc)))?)
        });
        m.call("security_groups", "() -> {SecurityGroup}", "Its security groups.", |lua, vpc, ()| {
            handles::<SecurityGroup>(lua, read(lua, |w| Ok(in_vpc(w.sgs(), vpc, |s| s.vpc)))?)
        });
        m.call("instances", "() -> {Instance}", "Its instances.", |lua, vpc, ()| {
            handles::<Instance>(lua, read(lua, |w| Ok(in_vpc(w.instances(), vpc, |i| i.vpc)))?)
        });
        m.call("create_route_table", "{name?} -> RouteTable", "Creates a route table.", |lua, vpc, opts: Value| {
            let a = Named::read(lua, opts, "create_route_table")?;
            let k = write(lua, |w| w.create_route_table(vpc, a.tags))?;
            new_handle::<RouteTable>(lua, k)
        });
        m.call(
            "create_network_acl",
            "{name?} -> NetworkAcl",
            "Creates a network ACL (denies everything until entries are added).",
            |lua, vpc, opts: Value| {
                let a = Named::read(lua, opts, "create_network_acl")?;
                let k = write(lua, |w| w.create_network_acl(vpc, a.tags))?;
                new_handle::<NetworkAcl>(lua, k)
            },
        );
        m.call(
            "create_security_group",
            "{group_name, description?, name?} -> SecurityGroup",
            "Creates a security group.",
            |lua, vpc, opts: Value| {
                let a = CreateSecurityGroup::read(lua, opts, "create_security_group")?;
                let k = write(lua, |w| w.create_security_group(vpc, &a.group_name, a.description.as_deref(), a.tags))?;
                new_handle::<SecurityGroup>(lua, k)
            },
        );
        m.call(
            "associate_cidr_block",
            "(cidr) -> string",
            "Adds a secondary CIDR block; returns it in canonical form.",
            |lua, vpc, cidr: Value| {
                let text = match cidr {
                    Value::String(s) => s.to_str()?.to_string(),
                    Value::Table(_) => CidrArg::read(lua, cidr, "associate_cidr_block")?.cidr_block,
                    other => {
                        return Err(invalid(format!(
                            "associate_cidr_block takes a CIDR string, got a {}",
                            other.type_name()
                        )));
                    }
                };
                write(lua, |w| w.associate_cidr_block(vpc, &text)).map(|c| c.to_string())
            },
        );
        m.call(
            "request_peering",
            "{peer_vpc} -> VpcPeeringConnection",
            "Requests a peering connection.",
            |lua, vpc, opts: Value| {
                let a = RequestPeering::read(lua, opts, "request_peering")?;
                let k = write(lua, |w| w.request_peering(vpc, a.peer_vpc.0, a.tags))?;
                new_handle::<VpcPeeringConnection>(lua, k)
            },
        );
        m.call("delete", "() -> nil", "Deletes the VPC (DependencyViolation while it holds resources).", |lua, vpc, ()| {
            write(lua, |w| w.delete_vpc(vpc))
        });
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let subnets = at.w.subnets().iter().filter(|(_, s)| s.vpc == at.key).count();
        let default = if at.res.is_default { " default" } else { "" };
        Ok(format!(
            "{}{} {} {}{default} ({subnets} subnet{})",
            at.res.id,
            at.quoted_name(),
            at.res.cidrs[0],
            at.w.region_info(at.res.region).name,
            if subnets == 1 { "" } else { "s" }
        ))
    }
}
