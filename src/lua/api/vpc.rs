//! Vpc and Subnet objects.

use super::args::Args;
use super::aws::region_value;
use super::handle::{
    Handle, InternetGateway, NetworkAcl, Reg, RouteTable, SecurityGroup, Subnet, Vpc, VpnGateway, handles, key_of,
    new_handle, quoted_name,
};
use super::value::{array, opt, write};
use crate::model::{ResKey, World};
use mlua::{UserData, UserDataRegistry, Value};

fn vpc_summary(w: &World, k: crate::model::VpcKey) -> crate::model::Result<String> {
    let v = w.vpc(k)?;
    let subnets = w.subnets().iter().filter(|(_, s)| s.vpc == k).count();
    let default = if v.is_default { " default" } else { "" };
    Ok(format!(
        "{}{} {} {}{default} ({subnets} subnet{})",
        v.id,
        quoted_name(w, ResKey::Vpc(k)),
        v.cidrs[0],
        w.region_info(v.region).name,
        if subnets == 1 { "" } else { "s" }
    ))
}

impl UserData for Vpc {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("state", |_, _, _| Ok("available"));
        r.field("cidr_block", |_, w, k| Ok(w.vpc(k).map(|v| v.cidrs[0].to_string()).unwrap_or_default()));
        r.field("cidr_blocks", |lua, w, k| {
            array(lua, w.vpc(k).map(|v| v.cidrs.iter().map(|c| c.to_string()).collect::<Vec<_>>()).unwrap_or_default())
        });
        r.field("region", |lua, w, k| region_value(lua, w.vpc(k).map(|v| v.region).expect("checked")));
        r.field("is_default", |_, w, k| Ok(w.vpc(k).is_ok_and(|v| v.is_default)));
        r.field("main_route_table", |_, w, k| {
            Ok(RouteTable::new(w.vpc(k).expect("checked").main_route_table, w.generation()))
        });
        r.field("default_network_acl", |_, w, k| {
            Ok(NetworkAcl::new(w.vpc(k).expect("checked").default_network_acl, w.generation()))
        });
        r.field("default_security_group", |_, w, k| {
            Ok(SecurityGroup::new(w.vpc(k).expect("checked").default_security_group, w.generation()))
        });
        r.field("internet_gateway", |lua, w, k| {
            opt(lua, w.vpc(k).expect("checked").internet_gateway.map(|g| InternetGateway::new(g, w.generation())))
        });
        r.field("vpn_gateway", |lua, w, k| {
            opt(lua, w.vpc(k).expect("checked").vpn_gateway.map(|g| VpnGateway::new(g, w.generation())))
        });
        r.field("enable_dns_support", |_, w, k| Ok(w.vpc(k).is_ok_and(|v| v.enable_dns_support)));
        r.field("enable_dns_hostnames", |_, w, k| Ok(w.vpc(k).is_ok_and(|v| v.enable_dns_hostnames)));
        r.method("create_subnet", |lua, this, opts: Value| {
            let a = Args::new(
                opts,
                "create_subnet",
                &["cidr_block", "availability_zone", "name", "tags", "map_public_ip_on_launch"],
            )?;
            let cidr = a.req_str("cidr_block")?;
            let az = a.str("availability_zone")?;
            let map = a.bool("map_public_ip_on_launch")?;
            let tags = a.tags()?;
            let vpc = this.key();
            let k = write(lua, |w| {
                let k = w.create_subnet(vpc, &cidr, az.as_deref(), tags)?;
                if let Some(m) = map {
                    w.set_map_public_ip_on_launch(k, m)?;
                }
                Ok(k)
            })?;
            new_handle::<Subnet>(lua, k)
        });
        r.method("subnets", |lua, this, ()| {
            let vpc = this.key();
            let keys = super::value::read(lua, |w| {
                Ok(w.subnets().iter().filter(|(_, s)| s.vpc == vpc).map(|(k, _)| k).collect::<Vec<_>>())
            })?;
            handles::<Subnet>(lua, keys)
        });
        r.method("route_tables", |lua, this, ()| {
            let vpc = this.key();
            let keys = super::value::read(lua, |w| {
                Ok(w.route_tables().iter().filter(|(_, s)| s.vpc == vpc).map(|(k, _)| k).collect::<Vec<_>>())
            })?;
            handles::<RouteTable>(lua, keys)
        });
        r.method("network_acls", |lua, this, ()| {
            let vpc = this.key();
            let keys = super::value::read(lua, |w| {
                Ok(w.acls().iter().filter(|(_, s)| s.vpc == vpc).map(|(k, _)| k).collect::<Vec<_>>())
            })?;
            handles::<NetworkAcl>(lua, keys)
        });
        r.method("security_groups", |lua, this, ()| {
            let vpc = this.key();
            let keys = super::value::read(lua, |w| {
                Ok(w.sgs().iter().filter(|(_, s)| s.vpc == vpc).map(|(k, _)| k).collect::<Vec<_>>())
            })?;
            handles::<SecurityGroup>(lua, keys)
        });
        r.method("instances", |lua, this, ()| {
            let vpc = this.key();
            let keys = super::value::read(lua, |w| {
                Ok(w.instances().iter().filter(|(_, i)| i.vpc == vpc).map(|(k, _)| k).collect::<Vec<_>>())
            })?;
            handles::<super::handle::Instance>(lua, keys)
        });
        r.method("create_route_table", |lua, this, opts: Value| {
            let a = Args::new(opts, "create_route_table", &["name", "tags"])?;
            let tags = a.tags()?;
            let vpc = this.key();
            let k = write(lua, |w| w.create_route_table(vpc, tags))?;
            new_handle::<RouteTable>(lua, k)
        });
        r.method("create_network_acl", |lua, this, opts: Value| {
            let a = Args::new(opts, "create_network_acl", &["name", "tags"])?;
            let tags = a.tags()?;
            let vpc = this.key();
            let k = write(lua, |w| w.create_network_acl(vpc, tags))?;
            new_handle::<NetworkAcl>(lua, k)
        });
        r.method("create_security_group", |lua, this, opts: Value| {
            let a = Args::new(opts, "create_security_group", &["group_name", "description", "name", "tags"])?;
            let group_name = a.req_str("group_name")?;
            let description = a.str("description")?;
            let tags = a.tags()?;
            let vpc = this.key();
            let k = write(lua, |w| w.create_security_group(vpc, &group_name, description.as_deref(), tags))?;
            new_handle::<SecurityGroup>(lua, k)
        });
        r.method("associate_cidr_block", |lua, this, cidr: Value| {
            let text = match cidr {
                Value::String(s) => s.to_str()?.to_string(),
                Value::Table(_) => Args::new(cidr, "associate_cidr_block", &["cidr_block"])?.req_str("cidr_block")?,
                other => {
                    return Err(super::value::invalid(format!(
                        "associate_cidr_block takes a CIDR string, got a {}",
                        other.type_name()
                    )));
                }
            };
            let vpc = this.key();
            write(lua, |w| w.associate_cidr_block(vpc, &text)).map(|c| c.to_string())
        });
        r.method("request_peering", |lua, this, opts: Value| {
            let a = Args::new(opts, "request_peering", &["peer_vpc", "name", "tags"])?;
            let peer = key_of::<Vpc>(lua, &a.value("peer_vpc")?)?;
            let tags = a.tags()?;
            let vpc = this.key();
            let k = write(lua, |w| w.request_peering(vpc, peer, tags))?;
            new_handle::<super::handle::VpcPeeringConnection>(lua, k)
        });
        r.method("delete", |lua, this, ()| {
            let vpc = this.key();
            write(lua, |w| w.delete_vpc(vpc))
        });
        r.finish(vpc_summary);
    }
}

fn subnet_summary(w: &World, k: crate::model::SubnetKey) -> crate::model::Result<String> {
    let s = w.subnet(k)?;
    let public = if w.is_public(k)? { " public" } else { "" };
    Ok(format!(
        "{}{} {} {} {}{public} ({} free)",
        s.id,
        quoted_name(w, ResKey::Subnet(k)),
        s.cidr,
        s.az,
        w.vpc(s.vpc)?.id,
        s.available_ip_address_count()
    ))
}

impl UserData for Subnet {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("state", |_, _, _| Ok("available"));
        r.field("cidr_block", |_, w, k| Ok(w.subnet(k).map(|s| s.cidr.to_string()).unwrap_or_default()));
        r.field("availability_zone", |_, w, k| Ok(w.subnet(k).map(|s| s.az).unwrap_or_default()));
        r.field("vpc", |_, w, k| Ok(Vpc::new(w.subnet(k).expect("checked").vpc, w.generation())));
        r.field("available_ip_address_count", |_, w, k| {
            Ok(w.subnet(k).map(|s| s.available_ip_address_count()).unwrap_or(0))
        });
        r.field("map_public_ip_on_launch", |_, w, k| Ok(w.subnet(k).is_ok_and(|s| s.map_public_ip_on_launch)));
        r.setter("map_public_ip_on_launch", |lua, this: &Subnet, on: bool| {
            let k = this.key();
            write(lua, |w| w.set_map_public_ip_on_launch(k, on))
        });
        r.field("default_for_az", |_, w, k| Ok(w.subnet(k).is_ok_and(|s| s.default_for_az)));
        r.field("route_table", |_, w, k| {
            Ok(RouteTable::new(w.effective_route_table(k).expect("checked"), w.generation()))
        });
        r.field("network_acl", |_, w, k| {
            Ok(NetworkAcl::new(w.subnet(k).expect("checked").network_acl, w.generation()))
        });
        r.field("is_public", |_, w, k| Ok(w.is_public(k).unwrap_or(false)));
        r.method("reserved_addresses", |lua, this, ()| {
            let k = this.key();
            let list = super::value::read(lua, |w| Ok(w.subnet(k)?.reserved_addresses()))?;
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
        });
        r.method("run_instance", |lua, this, opts: Value| {
            let k = this.key();
            let region = super::value::read(lua, |w| Ok(w.vpc(w.subnet(k)?.vpc)?.region))?;
            let keys = super::compute::run_instances(lua, region, opts, Some(k))?;
            new_handle::<super::handle::Instance>(lua, keys[0])
        });
        r.method("instances", |lua, this, ()| {
            let k = this.key();
            let keys = super::value::read(lua, |w| {
                Ok(w.instances().iter().filter(|(_, i)| i.subnet == k).map(|(k, _)| k).collect::<Vec<_>>())
            })?;
            handles::<super::handle::Instance>(lua, keys)
        });
        r.method("create_nat_gateway", |lua, this, opts: Value| super::edge::create_nat_gateway(lua, this.key(), opts));
        r.method("create_network_interface", |lua, this, opts: Value| {
            super::compute::create_network_interface(lua, this.key(), opts)
        });
        r.method("delete", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.delete_subnet(k))
        });
        r.finish(subnet_summary);
    }
}
