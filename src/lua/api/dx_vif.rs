//! The DxVif object: a Direct Connect private virtual interface.

use super::handle::{At, DxConnection, DxVif, HandleApi, HandleMembers, VpnGateway};
use super::members::Members;
use super::value::write;
use crate::model;

impl HandleApi for DxVif {
    const VAR: &'static str = "vif";
    const SUMMARY: &'static str = "A Direct Connect private virtual interface to a VPN gateway.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("connection", "DxConnection", "Its Direct Connect connection.", |_, at| {
            Ok(at.handle::<DxConnection>(at.res.connection))
        });
        m.get("vpn_gateway", "VpnGateway", "The VPN gateway it reaches.", |_, at| {
            Ok(at.handle::<VpnGateway>(at.res.vpn_gateway))
        });
        m.get("vlan", "integer", "Its VLAN tag.", |_, at| Ok(at.res.vlan));
        m.get("bgp_asn", "integer", "The customer-side BGP ASN.", |_, at| Ok(at.res.bgp_asn));
        m.get("virtual_interface_type", "string", "private.", |_, _| Ok("private"));
        m.get("state", "string", "available / deleted.", |_, at| Ok(if at.res.deleted { "deleted" } else { "available" }));
        m.call(
            "delete",
            "() -> nil",
            "Deletes the virtual interface (DeleteVirtualInterface): sites connected over it lose that link.",
            |lua, k, ()| write(lua, |w| w.delete_private_vif(k)),
        );
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let v = at.res;
        let target = if v.deleted { "deleted".to_string() } else { format!("-> {}", at.w.vgw(v.vpn_gateway)?.id) };
        Ok(format!("{}{} private vlan {} {target}", v.id, at.quoted_name(), v.vlan))
    }
}
