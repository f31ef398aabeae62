//! The CustomerGateway object.

use super::handle::{At, CustomerGateway, HandleApi, HandleMembers};
use super::members::Members;
use crate::model;

impl HandleApi for CustomerGateway {
    const VAR: &'static str = "cgw";
    const SUMMARY: &'static str = "The on-premises end of a site-to-site VPN.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("ip_address", "string", "Its public address.", |_, at| Ok(at.res.ip_address.to_string()));
        m.get("bgp_asn", "integer", "Its BGP ASN.", |_, at| Ok(at.res.bgp_asn));
        m.get("state", "string", "available.", |_, _| Ok("available"));
        m.get("type", "string", "ipsec.1.", |_, _| Ok("ipsec.1"));
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let c = at.res;
        Ok(format!("{}{} {} asn {}", c.id, at.quoted_name(), c.ip_address, c.bgp_asn))
    }
}
