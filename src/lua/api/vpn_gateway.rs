//! The VpnGateway object.

use super::handle::{At, HandleApi, HandleMembers, Vpc, VpnGateway, key_of};
use super::internet_gateway::{attached_to, optional_vpc};
use super::members::Members;
use super::value::{opt, write};
use crate::model;
use mlua::Value;

impl HandleApi for VpnGateway {
    const VAR: &'static str = "vgw";
    const SUMMARY: &'static str = "A virtual private gateway: the VPC side of a VPN or Direct Connect.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("vpc", "Vpc | nil", "The attached VPC.", |lua, at| opt(lua, at.res.vpc.map(|v| at.handle::<Vpc>(v))));
        m.get("state", "string", "available.", |_, _| Ok("available"));
        m.get("type", "string", "ipsec.1.", |_, _| Ok("ipsec.1"));
        m.get("attachment_state", "string", "attached / detached.", |_, at| {
            Ok(if at.res.vpc.is_some() { "attached" } else { "detached" })
        });
        m.get("amazon_side_asn", "integer", "The Amazon-side BGP ASN.", |_, at| Ok(at.res.amazon_side_asn));
        m.call("attach", "(vpc) -> nil", "Attaches to a VPC.", |lua, k, vpc: Value| {
            let v = key_of::<Vpc>(lua, &vpc)?;
            write(lua, |w| w.attach_vpn_gateway(k, v))
        });
        m.call(
            "detach",
            "(vpc?) -> nil",
            "Detaches (Gateway.NotAttached when not attached to that VPC).",
            |lua, k, vpc: Value| {
                let v = optional_vpc(lua, &vpc)?;
                write(lua, |w| w.detach_vpn_gateway(k, v))
            },
        );
        m.call("delete", "() -> nil", "Deletes the gateway.", |lua, k, ()| write(lua, |w| w.delete_vpn_gateway(k)));
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let g = at.res;
        Ok(format!("{}{} asn {} {}", g.id, at.quoted_name(), g.amazon_side_asn, attached_to(at.w, g.vpc)))
    }
}
