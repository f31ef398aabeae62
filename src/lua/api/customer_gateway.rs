//! The CustomerGateway object.

use super::handle::{At, CustomerGateway, HandleApi, HandleMembers};
use super::members::Members;
use super::value::write;
use crate::model;

impl HandleApi for CustomerGateway {
    const VAR: &'static str = "cgw";
    const SUMMARY: &'static str = "The on-premises end of a site-to-site VPN.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("ip_address", "string", "Its public address.", |_, at| Ok(at.res.ip_address.to_string()));
        m.get("bgp_asn", "integer", "Its BGP ASN.", |_, at| Ok(at.res.bgp_asn));
        m.get("state", "string", "available / deleted.", |_, at| Ok(if at.res.deleted { "deleted" } else { "available" }));
        m.call(
            "delete",
            "() -> nil",
            "Deletes the customer gateway (IncorrectState while a VPN connection uses it).",
            |lua, k, ()| write(lua, |w| w.delete_customer_gateway(k)),
        );
        m.get("type", "string", "ipsec.1.", |_, _| Ok("ipsec.1"));
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let c = at.res;
        Ok(format!("{}{} {} asn {}", c.id, at.quoted_name(), c.ip_address, c.bgp_asn))
    }
}
