//! The Host object: an on-premises host or a Client VPN client.

use super::handle::{At, ClientVpnEndpoint, HandleApi, HandleMembers, Host, OnPremSite};
use super::members::Members;
use super::value::opt;
use crate::model::{self, HostHome};

impl HandleApi for Host {
    const VAR: &'static str = "host";
    const SUMMARY: &'static str = "An on-premises host or client-VPN client, usable with net.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("ip", "string", "Its address.", |_, at| Ok(at.res.ip.to_string()));
        m.get("private_ip", "string", "Its address (same as ip).", |_, at| Ok(at.res.ip.to_string()));
        m.get("site", "OnPremSite | nil", "Its site (nil for a Client VPN client).", |lua, at| match at.res.home {
            HostHome::Site(s) => opt(lua, Some(at.handle::<OnPremSite>(s))),
            HostHome::ClientVpn(_) => Ok(mlua::Value::Nil),
        });
        m.get(
            "client_vpn_endpoint",
            "ClientVpnEndpoint | nil",
            "Its Client VPN endpoint (nil for an on-premises host).",
            |lua, at| match at.res.home {
                HostHome::ClientVpn(c) => opt(lua, Some(at.handle::<ClientVpnEndpoint>(c))),
                HostHome::Site(_) => Ok(mlua::Value::Nil),
            },
        );
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let h = at.res;
        let home = match h.home {
            HostHome::Site(s) => at.w.site(s).map(|s| s.id.clone()).unwrap_or_default(),
            HostHome::ClientVpn(c) => at.w.cvpn(c).map(|c| c.id.clone()).unwrap_or_default(),
        };
        Ok(format!("{}{} {} in {home}", h.id, at.quoted_name(), h.ip))
    }
}
