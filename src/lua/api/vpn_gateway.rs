//! The VpnGateway object.

use super::gateway::{GatewayOps, attached_to, attachment_members};
use super::handle::{At, HandleApi, HandleMembers, Vpc, VpnGateway};
use super::members::Members;
use super::value::opt;
use crate::model::{self, World};

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
        attachment_members(
            m,
            GatewayOps {
                attach: World::attach_vpn_gateway,
                detach: World::detach_vpn_gateway,
                delete: World::delete_vpn_gateway,
            },
        );
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let g = at.res;
        Ok(format!("{}{} asn {} {}", g.id, at.quoted_name(), g.amazon_side_asn, attached_to(at.w, g.vpc)))
    }
}
