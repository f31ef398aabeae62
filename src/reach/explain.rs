//! Explanation codes (VPC Reachability Analyzer's names) and the rule texts hops and
//! explanations quote.

use crate::model::{AclEntry, Peer, Protocol, ResKey, Route, SgRule, Target, Traffic, World};
use crate::net::PortRange;

/// A source or destination is not in a working state (stopped instance, pending NAT gateway, …).
pub const BAD_STATE: &str = "BAD_STATE";
/// Traffic from the internet to a VPC that has no internet gateway attached.
pub const BAD_STATE_ATTACHMENT: &str = "BAD_STATE_ATTACHMENT";
/// The matching route is a blackhole.
pub const BAD_STATE_ROUTE: &str = "BAD_STATE_ROUTE";
/// No tunnel of the VPN connection is up.
pub const BAD_STATE_VPN: &str = "BAD_STATE_VPN";
/// The path cannot be followed (a routing loop through appliances).
pub const CANNOT_ROUTE: &str = "CANNOT_ROUTE";
/// No security group rule of the interface matches.
pub const ENI_SG_RULES_MISMATCH: &str = "ENI_SG_RULES_MISMATCH";
/// A route targets an interface whose source/destination check is on.
pub const ENI_SOURCE_DEST_CHECK_RESTRICTION: &str = "ENI_SOURCE_DEST_CHECK_RESTRICTION";
/// A private (RFC 1918) destination routed to an internet gateway.
pub const IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS: &str = "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS";
/// Inbound from the internet to an interface without a public address.
pub const IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS: &str = "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS";
/// Outbound to the internet from an interface without a public address.
pub const IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS: &str = "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS";
/// A NAT gateway only translates traffic from its own VPC.
pub const NGW_REQUIRES_SOURCE_IN_VPC: &str = "NGW_REQUIRES_SOURCE_IN_VPC";
/// No route matches, the route leads nowhere that holds the address, or the return is asymmetric.
pub const NO_ROUTE_TO_DESTINATION: &str = "NO_ROUTE_TO_DESTINATION";
/// A peering connection only carries traffic to its peer VPC's blocks (peering is not transitive).
pub const PCX_REQUIRES_ADDRESS_IN_VPC_CIDR: &str = "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR";
/// None of the interface's security groups has a rule in that direction.
pub const SG_HAS_NO_RULES: &str = "SG_HAS_NO_RULES";
/// A network ACL denies the traffic (or part of the response's ephemeral range).
pub const SUBNET_ACL_RESTRICTION: &str = "SUBNET_ACL_RESTRICTION";

/// The id of a resource, `?` when it is gone.
pub(crate) fn id(w: &World, k: ResKey) -> String {
    w.id_of(k).unwrap_or("?").to_string()
}

/// `tcp 443`, `udp 1024-65535`, `all`, `icmp`.
pub(crate) fn traffic_text(t: &Traffic) -> String {
    match (t.protocol, t.ports) {
        (p, Some(r)) if p.has_ports() => format!("{p} {r}"),
        (p, _) => p.to_string(),
    }
}

/// `tcp 443` for a packet.
pub(crate) fn flow_text(p: Protocol, port: u16) -> String {
    if p.has_ports() { format!("{p} {port}") } else { p.to_string() }
}

/// `tcp 32768-60999` for a response range.
pub(crate) fn range_text(p: Protocol, r: PortRange) -> String {
    if p.has_ports() { format!("{p} {r}") } else { p.to_string() }
}

/// `100 allow tcp 443 0.0.0.0/0`, or `* deny all 0.0.0.0/0` for the final rule.
pub(crate) fn acl_rule_text(e: Option<&AclEntry>) -> String {
    match e {
        Some(e) => format!("{} {} {} {}", e.rule_number, e.action.as_str(), traffic_text(&e.traffic), e.cidr),
        None => "* deny all 0.0.0.0/0".to_string(),
    }
}

/// `sgr-… tcp 443 from 0.0.0.0/0` (ingress) or `sgr-… all to 0.0.0.0/0` (egress).
pub(crate) fn sg_rule_text(w: &World, r: &SgRule, egress: bool) -> String {
    let peer = match r.peer {
        Peer::Cidr(c) => c.to_string(),
        Peer::Group(g) => id(w, ResKey::Sg(g)),
    };
    format!("{} {} {} {peer}", r.id, traffic_text(&r.traffic), if egress { "to" } else { "from" })
}

/// The id a route points at (`local`, `igw-…`).
pub(crate) fn target_id(w: &World, t: Target) -> String {
    match t {
        Target::Local => "local".to_string(),
        Target::Igw(g) => id(w, ResKey::Igw(g)),
        Target::Vgw(g) => id(w, ResKey::Vgw(g)),
        Target::Nat(n) => id(w, ResKey::Nat(n)),
        Target::Pcx(p) => id(w, ResKey::Pcx(p)),
        Target::Instance(i) => id(w, ResKey::Instance(i)),
        Target::Eni(e) => id(w, ResKey::Eni(e)),
    }
}

/// `0.0.0.0/0 -> igw-…`.
pub(crate) fn route_text(w: &World, r: &Route) -> String {
    format!("{} -> {}", r.destination, target_id(w, r.target))
}

/// `32768-40000, 50000-60999`, or `none`.
pub(crate) fn ranges_text(r: &[PortRange]) -> String {
    if r.is_empty() {
        return "none".to_string();
    }
    r.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", ")
}
