//! Hybrid objects: CustomerGateway, VpnConnection, DxConnection, DxVif, OnPremSite,
//! Host and ClientVpnEndpoint, with the Region methods that create them.

use super::args::Args;
use super::aws::Region;
use super::handle::{
    ClientVpnEndpoint, CustomerGateway, DxConnection, DxVif, Handle, Host, OnPremSite, Reg, Subnet, Vpc, VpnConnection,
    VpnGateway, handles, key_of, new_handle, quoted_name,
};
use super::value::{array, invalid, lua_err, write};
use crate::model::{AwsError, HostHome, ResKey, SiteLink};
use mlua::{UserData, UserDataMethods, UserDataRegistry, Value};

/// Region methods that create hybrid objects.
pub fn region_methods(r: &mut UserDataRegistry<Region>) {
    r.add_method("create_customer_gateway", |lua, this, opts: Value| {
        let a = Args::new(opts, "create_customer_gateway", &["ip_address", "bgp_asn", "name", "tags", "type"])?;
        let ip = a.req_str("ip_address")?;
        let asn = a.int("bgp_asn")?;
        if let Some(t) = a.str("type")?
            && t != "ipsec.1"
        {
            return Err(lua_err(AwsError::new(
                "InvalidParameterValue",
                format!("Invalid type '{t}': only 'ipsec.1' exists"),
            )));
        }
        let tags = a.tags()?;
        let region = this.key(lua)?;
        let k = write(lua, |w| w.create_customer_gateway(region, &ip, asn, tags))?;
        new_handle::<CustomerGateway>(lua, k)
    });
    r.add_method("create_vpn_connection", |lua, this, opts: Value| {
        let a = Args::new(
            opts,
            "create_vpn_connection",
            &["vpn_gateway", "customer_gateway", "static_routes", "name", "tags", "type"],
        )?;
        let vgw = key_of::<VpnGateway>(lua, &a.value("vpn_gateway")?)?;
        let cgw = key_of::<CustomerGateway>(lua, &a.value("customer_gateway")?)?;
        let routes = a.str_list("static_routes")?.unwrap_or_default();
        let tags = a.tags()?;
        let region = this.key(lua)?;
        let k = write(lua, |w| w.create_vpn_connection(region, vgw, cgw, &routes, tags))?;
        new_handle::<VpnConnection>(lua, k)
    });
    r.add_method("create_dx_connection", |lua, this, opts: Value| {
        let a = Args::new(opts, "create_dx_connection", &["location", "bandwidth", "name", "tags"])?;
        let location = a.req_str("location")?;
        let bandwidth = a.req_str("bandwidth")?;
        let tags = a.tags()?;
        let region = this.key(lua)?;
        let k = write(lua, |w| w.create_dx_connection(region, &location, &bandwidth, tags))?;
        new_handle::<DxConnection>(lua, k)
    });
    r.add_method("create_onprem_site", |lua, this, opts: Value| {
        let a = Args::new(opts, "create_onprem_site", &["name", "cidr_block", "tags"])?;
        if a.str("name")?.is_none() {
            return Err(a.missing("name"));
        }
        let cidr = a.req_str("cidr_block")?;
        let tags = a.tags()?;
        let region = this.key(lua)?;
        let k = write(lua, |w| w.create_onprem_site(region, &cidr, tags))?;
        new_handle::<OnPremSite>(lua, k)
    });
    r.add_method("create_client_vpn_endpoint", |lua, this, opts: Value| {
        let a =
            Args::new(opts, "create_client_vpn_endpoint", &["client_cidr_block", "vpc", "subnets", "name", "tags"])?;
        let cidr = a.req_str("client_cidr_block")?;
        let vpc = key_of::<Vpc>(lua, &a.value("vpc")?)?;
        let subnets = a.list("subnets")?.ok_or_else(|| a.missing("subnets"))?;
        let subnets = subnets.iter().map(|v| key_of::<Subnet>(lua, v)).collect::<mlua::Result<Vec<_>>>()?;
        let tags = a.tags()?;
        let region = this.key(lua)?;
        let k = write(lua, |w| w.create_client_vpn_endpoint(region, &cidr, vpc, &subnets, tags))?;
        new_handle::<ClientVpnEndpoint>(lua, k)
    });
}

impl UserData for CustomerGateway {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("ip_address", |_, w, k| Ok(w.cgw(k).expect("checked").ip_address.to_string()));
        r.field("bgp_asn", |_, w, k| Ok(w.cgw(k).expect("checked").bgp_asn));
        r.field("state", |_, _, _| Ok("available"));
        r.field("type", |_, _, _| Ok("ipsec.1"));
        r.finish(|w, k| {
            let c = w.cgw(k)?;
            Ok(format!("{}{} {} asn {}", c.id, quoted_name(w, ResKey::Cgw(k)), c.ip_address, c.bgp_asn))
        });
    }
}

impl UserData for VpnConnection {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("state", |_, _, _| Ok("available"));
        r.field("type", |_, _, _| Ok("ipsec.1"));
        r.field("vpn_gateway", |_, w, k| Ok(VpnGateway::new(w.vpn(k).expect("checked").vpn_gateway, w.generation())));
        r.field("customer_gateway", |_, w, k| {
            Ok(CustomerGateway::new(w.vpn(k).expect("checked").customer_gateway, w.generation()))
        });
        r.field("static_routes", |lua, w, k| {
            array(lua, w.vpn(k).expect("checked").static_routes.iter().map(|c| c.to_string()))
        });
        r.field("tunnels", |lua, w, k| {
            let rows: Vec<mlua::Table> = w
                .vpn(k)
                .expect("checked")
                .tunnels
                .iter()
                .map(|t| {
                    let row = lua.create_table()?;
                    row.set("outside_ip", t.outside_ip.to_string())?;
                    row.set("status", if t.up { "up" } else { "down" })?;
                    Ok(row)
                })
                .collect::<mlua::Result<_>>()?;
            array(lua, rows)
        });
        r.method("set_tunnel_state", |lua, this, (i, state): (i64, String)| {
            let up = match state.as_str() {
                "up" => true,
                "down" => false,
                other => {
                    return Err(lua_err(AwsError::new(
                        "InvalidParameterValue",
                        format!("Invalid tunnel state '{other}': use 'up' or 'down'"),
                    )));
                }
            };
            let k = this.key();
            write(lua, |w| w.set_tunnel_state(k, i, up))
        });
        r.method("add_static_route", |lua, this, cidr: String| {
            let k = this.key();
            write(lua, |w| w.add_vpn_static_route(k, &cidr))
        });
        r.finish(|w, k| {
            let c = w.vpn(k)?;
            let up = c.tunnels.iter().filter(|t| t.up).count();
            Ok(format!(
                "{}{} {} <-> {} ({up}/2 tunnels up)",
                c.id,
                quoted_name(w, ResKey::Vpn(k)),
                w.vgw(c.vpn_gateway)?.id,
                w.cgw(c.customer_gateway)?.id
            ))
        });
    }
}

impl UserData for DxConnection {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("location", |_, w, k| Ok(w.dx(k).expect("checked").location.clone()));
        r.field("bandwidth", |_, w, k| Ok(w.dx(k).expect("checked").bandwidth.clone()));
        r.field("state", |_, _, _| Ok("available"));
        r.field("virtual_interfaces", |lua, w, k| {
            array(lua, w.vifs().iter().filter(|(_, v)| v.connection == k).map(|(v, _)| DxVif::new(v, w.generation())))
        });
        r.method("create_private_vif", |lua, this, opts: Value| {
            let a = Args::new(opts, "create_private_vif", &["vpn_gateway", "vlan", "bgp_asn", "name", "tags"])?;
            let vgw = key_of::<VpnGateway>(lua, &a.value("vpn_gateway")?)?;
            let (vlan, asn) = (a.int("vlan")?, a.int("bgp_asn")?);
            let tags = a.tags()?;
            let k = this.key();
            let v = write(lua, |w| w.create_private_vif(k, vgw, vlan, asn, tags))?;
            new_handle::<DxVif>(lua, v)
        });
        r.finish(|w, k| {
            let d = w.dx(k)?;
            Ok(format!("{}{} {} {}", d.id, quoted_name(w, ResKey::Dx(k)), d.location, d.bandwidth))
        });
    }
}

impl UserData for DxVif {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("connection", |_, w, k| Ok(DxConnection::new(w.vif(k).expect("checked").connection, w.generation())));
        r.field("vpn_gateway", |_, w, k| Ok(VpnGateway::new(w.vif(k).expect("checked").vpn_gateway, w.generation())));
        r.field("vlan", |_, w, k| Ok(w.vif(k).expect("checked").vlan));
        r.field("bgp_asn", |_, w, k| Ok(w.vif(k).expect("checked").bgp_asn));
        r.field("virtual_interface_type", |_, _, _| Ok("private"));
        r.field("state", |_, _, _| Ok("available"));
        r.finish(|w, k| {
            let v = w.vif(k)?;
            Ok(format!(
                "{}{} private vlan {} -> {}",
                v.id,
                quoted_name(w, ResKey::Vif(k)),
                v.vlan,
                w.vgw(v.vpn_gateway)?.id
            ))
        });
    }
}

impl UserData for OnPremSite {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("cidr_block", |_, w, k| Ok(w.site(k).expect("checked").cidr.to_string()));
        r.field("hosts", |lua, w, k| {
            array(
                lua,
                w.hosts()
                    .iter()
                    .filter(|(_, h)| h.home == HostHome::Site(k))
                    .map(|(h, _)| Host::new(h, w.generation())),
            )
        });
        r.field("links", |lua, w, k| {
            let links: Vec<Value> = w
                .site(k)
                .expect("checked")
                .links
                .iter()
                .map(|l| match l {
                    SiteLink::Vpn(v) => super::handle::push(lua, w.generation(), ResKey::Vpn(*v)),
                    SiteLink::Vif(v) => super::handle::push(lua, w.generation(), ResKey::Vif(*v)),
                })
                .collect::<mlua::Result<_>>()?;
            array(lua, links)
        });
        r.method("add_host", |lua, this, opts: Value| {
            let a = Args::new(opts, "add_host", &["name", "ip", "tags"])?;
            let ip = a.req_str("ip")?;
            let tags = a.tags()?;
            let k = this.key();
            let h = write(lua, |w| w.add_host(k, &ip, tags))?;
            new_handle::<Host>(lua, h)
        });
        r.method("connect", |lua, this, link: Value| {
            let link = match super::handle::any_key_of(lua, &link)? {
                ResKey::Vpn(v) => SiteLink::Vpn(v),
                ResKey::Vif(v) => SiteLink::Vif(v),
                other => {
                    return Err(invalid(format!(
                        "a site connects over a VPN connection or a Direct Connect private VIF, not a {}",
                        other.kind().name()
                    )));
                }
            };
            let k = this.key();
            write(lua, |w| w.connect_site(k, link))
        });
        r.finish(|w, k| {
            let s = w.site(k)?;
            let hosts = w.hosts().iter().filter(|(_, h)| h.home == HostHome::Site(k)).count();
            Ok(format!(
                "{}{} {} ({hosts} hosts, {} links)",
                s.id,
                quoted_name(w, ResKey::Site(k)),
                s.cidr,
                s.links.len()
            ))
        });
    }
}

impl UserData for Host {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("ip", |_, w, k| Ok(w.host(k).expect("checked").ip.to_string()));
        r.field("private_ip", |_, w, k| Ok(w.host(k).expect("checked").ip.to_string()));
        r.field("site", |lua, w, k| match w.host(k).expect("checked").home {
            HostHome::Site(s) => super::handle::push(lua, w.generation(), ResKey::Site(s)),
            HostHome::ClientVpn(_) => Ok(Value::Nil),
        });
        r.field("client_vpn_endpoint", |lua, w, k| match w.host(k).expect("checked").home {
            HostHome::ClientVpn(c) => super::handle::push(lua, w.generation(), ResKey::Cvpn(c)),
            HostHome::Site(_) => Ok(Value::Nil),
        });
        r.finish(|w, k| {
            let h = w.host(k)?;
            let home = match h.home {
                HostHome::Site(s) => w.site(s).map(|s| s.id.clone()).unwrap_or_default(),
                HostHome::ClientVpn(c) => w.cvpn(c).map(|c| c.id.clone()).unwrap_or_default(),
            };
            Ok(format!("{}{} {} in {home}", h.id, quoted_name(w, ResKey::Host(k)), h.ip))
        });
    }
}

impl UserData for ClientVpnEndpoint {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("vpc", |_, w, k| Ok(Vpc::new(w.cvpn(k).expect("checked").vpc, w.generation())));
        r.field("client_cidr_block", |_, w, k| Ok(w.cvpn(k).expect("checked").client_cidr.to_string()));
        r.field("subnets", |lua, w, k| {
            array(lua, w.cvpn(k).expect("checked").subnets.iter().map(|s| Subnet::new(*s, w.generation())))
        });
        r.field("authorization_rules", |lua, w, k| {
            array(lua, w.cvpn(k).expect("checked").authorized.iter().map(|c| c.to_string()))
        });
        r.field("status", |_, _, _| Ok("available"));
        r.field("clients", |lua, w, k| {
            let keys: Vec<_> =
                w.hosts().iter().filter(|(_, h)| h.home == HostHome::ClientVpn(k)).map(|(h, _)| h).collect();
            let _ = lua;
            handles::<Host>(lua, keys)
        });
        r.method("authorize", |lua, this, opts: Value| {
            let cidr = match opts {
                Value::String(s) => s.to_str()?.to_string(),
                v => Args::new(v, "authorize", &["cidr_block"])?.req_str("cidr_block")?,
            };
            let k = this.key();
            write(lua, |w| w.authorize_client_vpn(k, &cidr))
        });
        r.method("connect_client", |lua, this, opts: Value| {
            let a = Args::new(opts, "connect_client", &["name", "tags"])?;
            let tags = a.tags()?;
            let k = this.key();
            let h = write(lua, |w| w.connect_client(k, tags))?;
            new_handle::<Host>(lua, h)
        });
        r.finish(|w, k| {
            let c = w.cvpn(k)?;
            Ok(format!(
                "{}{} {} -> {} ({} target subnets)",
                c.id,
                quoted_name(w, ResKey::Cvpn(k)),
                c.client_cidr,
                w.vpc(c.vpc)?.id,
                c.subnets.len()
            ))
        });
    }
}
