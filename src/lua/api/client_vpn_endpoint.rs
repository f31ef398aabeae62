//! The ClientVpnEndpoint object.

use super::args::arg_table;
use super::handle::{At, ClientVpnEndpoint, HandleApi, HandleMembers, Host, Subnet, Vpc, new_handle};
use super::members::Members;
use super::value::{array, write};
use crate::model::{self, HostHome, Tags};
use mlua::Value;

arg_table! {
    /// `cvpn:authorize{cidr_block}`.
    struct Authorize { cidr_block: String }
}
arg_table! {
    /// `cvpn:connect_client{name}`.
    struct ConnectClient { tags: Tags }
}

impl HandleApi for ClientVpnEndpoint {
    const VAR: &'static str = "cvpn";
    const SUMMARY: &'static str = "Lets remote users into a VPC.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("vpc", "Vpc", "Its VPC.", |_, at| Ok(at.handle::<Vpc>(at.res.vpc)));
        m.get("client_cidr_block", "string", "The clients' address range.", |_, at| Ok(at.res.client_cidr.to_string()));
        m.get("subnets", "{Subnet}", "Its target subnets.", |lua, at| {
            array(lua, at.res.subnets.iter().map(|s| at.handle::<Subnet>(*s)))
        });
        m.get("authorization_rules", "{string}", "The ranges clients may reach.", |lua, at| {
            array(lua, at.res.authorized.iter().map(|c| c.to_string()))
        });
        m.get("status", "string", "available.", |_, _| Ok("available"));
        m.get("clients", "{Host}", "Its connected clients.", |lua, at| {
            let home = HostHome::ClientVpn(at.key);
            array(lua, at.w.hosts().iter().filter(|(_, h)| h.home == home).map(|(h, _)| at.handle::<Host>(h)))
        });
        m.call("authorize", "{cidr_block} -> nil", "Authorizes clients to reach a range.", |lua, k, opts: Value| {
            let cidr = match opts {
                Value::String(s) => s.to_str()?.to_string(),
                v => Authorize::read(lua, v, "authorize")?.cidr_block,
            };
            write(lua, |w| w.authorize_client_vpn(k, &cidr))
        });
        m.call("connect_client", "{name} -> Host", "Connects a client.", |lua, k, opts: Value| {
            let a = ConnectClient::read(lua, opts, "connect_client")?;
            let h = write(lua, |w| w.connect_client(k, a.tags))?;
            new_handle::<Host>(lua, h)
        });
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let c = at.res;
        Ok(format!(
            "{}{} {} -> {} ({} target subnets)",
            c.id,
            at.quoted_name(),
            c.client_cidr,
            at.w.vpc(c.vpc)?.id,
            c.subnets.len()
        ))
    }
}
