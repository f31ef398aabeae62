//! Advised changes as data: each blocker lists the model calls that remove it, rendered to
//! text in one place ([`Fix::describe`]). A fix is advised only where the model would accept
//! it (free rule numbers, quotas, states), so that applying it to the world succeeds.

use super::explain::traffic_text;
use crate::model::{
    AclKey, EniKey, IcmpMatch, IgwKey, InstanceKey, PcxKey, Protocol, ResKey, RtbKey, RuleAction, SgKey, SubnetKey,
    Target, Traffic, VpcKey, VpnKey, World,
};
use crate::net::{Cidr, PortRange};

/// One change to the world that removes a blocker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// `sg:authorize_ingress/egress{…}` for one block.
    Authorize {
        /// The group.
        group: SgKey,
        /// Outbound rule?
        egress: bool,
        /// Protocol and ports.
        traffic: Traffic,
        /// The peer block.
        cidr: Cidr,
    },
    /// `acl:add_entry{…, rule_action = "allow"}`.
    AllowAclEntry {
        /// The network ACL.
        acl: AclKey,
        /// Outbound entry?
        egress: bool,
        /// A free rule number below every entry that denies the traffic.
        rule_number: u16,
        /// Protocol and ports.
        traffic: Traffic,
        /// The peer block.
        cidr: Cidr,
    },
    /// `rt:create_route{…}` (no route for that block exists yet).
    CreateRoute {
        /// The route table.
        rtb: RtbKey,
        /// The destination block.
        destination: Cidr,
        /// Where it should lead.
        target: Target,
    },
    /// `rt:replace_route{…}` (a route for that exact block exists).
    ReplaceRoute {
        /// The route table.
        rtb: RtbKey,
        /// The destination block.
        destination: Cidr,
        /// Where it should lead.
        target: Target,
    },
    /// `rt:associate(subnet)`: a subnet left on the main table takes a custom table.
    AssociateRouteTable {
        /// The custom route table that has the route.
        rtb: RtbKey,
        /// The subnet (on its VPC's main table today).
        subnet: SubnetKey,
    },
    /// Create an internet gateway and attach it to the VPC.
    AttachNewInternetGateway(VpcKey),
    /// `igw:attach(vpc)` for a detached gateway.
    AttachInternetGateway(IgwKey, VpcKey),
    /// `pcx:accept()`.
    AcceptPeering(PcxKey),
    /// `inst:start()`.
    StartInstance(InstanceKey),
    /// Allocate an Elastic IP and associate it with the interface.
    AssociateElasticIp(EniKey),
    /// `eni:set_source_dest_check(false)`.
    DisableSourceDestCheck(EniKey),
    /// `vpn:set_tunnel_state(1, "up")`.
    TunnelUp(VpnKey),
}

impl Fix {
    /// The change in words, naming the ids and the call.
    pub fn describe(&self, w: &World) -> String {
        match self {
            Fix::Authorize { group, egress, traffic, cidr } => {
                let (call, dir) = if *egress { ("authorize_egress", "to") } else { ("authorize_ingress", "from") };
                format!("allow {} {dir} {cidr} on {} ({call})", traffic_text(traffic), w.label(ResKey::Sg(*group)))
            }
            Fix::AllowAclEntry { acl, egress, rule_number, traffic, cidr } => format!(
                "add {} entry {rule_number} allowing {} {} {cidr} to {} (add_entry)",
                if *egress { "outbound" } else { "inbound" },
                traffic_text(traffic),
                if *egress { "to" } else { "from" },
                w.label(ResKey::Acl(*acl))
            ),
            Fix::CreateRoute { rtb, destination, target } => format!(
                "add the route {destination} -> {} to {} (create_route)",
                super::explain::target_label(w, *target),
                w.label(ResKey::Rtb(*rtb))
            ),
            Fix::ReplaceRoute { rtb, destination, target } => format!(
                "point the route {destination} of {} at {} (replace_route)",
                w.label(ResKey::Rtb(*rtb)),
                super::explain::target_label(w, *target)
            ),
            Fix::AssociateRouteTable { rtb, subnet } => format!(
                "associate {} with {} (rt:associate(subnet))",
                w.label(ResKey::Subnet(*subnet)),
                w.label(ResKey::Rtb(*rtb))
            ),
            Fix::AttachNewInternetGateway(v) => {
                format!("create an internet gateway and attach it to {} (igw:attach(vpc))", w.label(ResKey::Vpc(*v)))
            }
            Fix::AttachInternetGateway(g, v) => {
                format!("attach {} to {} (igw:attach(vpc))", w.label(ResKey::Igw(*g)), w.label(ResKey::Vpc(*v)))
            }
            Fix::AcceptPeering(p) => format!("accept {} (pcx:accept())", w.label(ResKey::Pcx(*p))),
            Fix::StartInstance(i) => format!("start {} (inst:start())", w.label(ResKey::Instance(*i))),
            Fix::AssociateElasticIp(e) => {
                format!("allocate an Elastic IP and associate it with {} (eip:associate)", w.label(ResKey::Eni(*e)))
            }
            Fix::DisableSourceDestCheck(e) => {
                format!(
                    "turn off the source/destination check of {} (set_source_dest_check(false))",
                    w.label(ResKey::Eni(*e))
                )
            }
            Fix::TunnelUp(v) => format!(
                "bring a tunnel of {} up (the site connects, or set_tunnel_state(1, \"up\"))",
                w.label(ResKey::Vpn(*v))
            ),
        }
    }
}

/// `Fix: a; b.` for a message, or nothing.
pub(crate) fn sentence(w: &World, fixes: &[Fix]) -> String {
    if fixes.is_empty() {
        return String::new();
    }
    let list: Vec<String> = fixes.iter().map(|f| f.describe(w)).collect();
    format!(" Fix: {}.", list.join("; then "))
}

/// The exact traffic of a flow as a rule: `tcp port-port`, icmp type/code, or the protocol.
pub(crate) fn flow_traffic(protocol: Protocol, ports: PortRange) -> Traffic {
    match protocol {
        Protocol::Tcp | Protocol::Udp => Traffic { protocol, ports: Some(ports), icmp: None },
        Protocol::Icmp => {
            let p = ports.from;
            let icmp = IcmpMatch { icmp_type: i16::from((p >> 8) as u8), code: i16::from(p as u8) };
            Traffic { protocol, ports: None, icmp: Some(icmp) }
        }
        p => Traffic { protocol: p, ports: None, icmp: None },
    }
}

/// A security-group rule for one address, when the group has room for another rule.
pub(crate) fn authorize(w: &World, group: SgKey, egress: bool, traffic: Traffic, cidr: Cidr) -> Option<Fix> {
    let g = w.sgs().get(group)?;
    let room = (g.rules(egress).len() as u32) < w.config().quotas.rules_per_security_group;
    let dup = g.rules(egress).iter().any(|r| r.traffic == traffic && r.peer == crate::model::Peer::Cidr(cidr));
    (room && !dup).then_some(Fix::Authorize { group, egress, traffic, cidr })
}

/// An allow entry numbered below every deny entry of that direction that matches `cidr`
/// and the protocol, when a free number and room remain.
pub(crate) fn acl_allow(w: &World, acl: AclKey, egress: bool, traffic: Traffic, cidr: Cidr) -> Option<Fix> {
    let a = w.acls().get(acl)?;
    if a.ingress.len() + a.egress.len() >= 2 * w.config().quotas.entries_per_network_acl as usize
        || a.entries(egress).len() >= w.config().quotas.entries_per_network_acl as usize
    {
        return None;
    }
    let entries = a.entries(egress);
    let below = entries
        .iter()
        .filter(|e| {
            e.action == RuleAction::Deny
                && e.cidr.overlaps(&cidr)
                && (e.traffic.protocol.matches(traffic.protocol) || traffic.protocol == Protocol::All)
        })
        .map(|e| e.rule_number)
        .min()
        .unwrap_or(32767);
    let used = |n: u16| entries.iter().any(|e| e.rule_number == n);
    // Below the first deny that matches; with none, after the last entry (next hundred).
    let after_last = entries.iter().map(|e| e.rule_number).max().map(|m| (m / 100 + 1) * 100).unwrap_or(100);
    let rule_number =
        if below == 32767 && after_last < 32767 { after_last } else { (1..below).rev().find(|n| !used(*n))? };
    Some(Fix::AllowAclEntry { acl, egress, rule_number, traffic, cidr })
}

/// A route for `destination` to `target`: replaced when that exact block has a route, else
/// created while the table has room.
pub(crate) fn route(w: &World, rtb: RtbKey, destination: Cidr, target: Target) -> Option<Fix> {
    if target == Target::Local {
        return None;
    }
    // Never a route the model refuses (one more specific than the VPC's local route, say).
    w.check_target(rtb, destination, target).ok()?;
    let t = w.route_tables().get(rtb)?;
    if t.routes.iter().any(|r| r.destination == destination) {
        return Some(Fix::ReplaceRoute { rtb, destination, target });
    }
    let room = (t.routes.len() as u32) < w.config().quotas.routes_per_route_table;
    room.then_some(Fix::CreateRoute { rtb, destination, target })
}

/// An Elastic IP for an interface of an instance, when the Region has one left to allocate
/// and the VPC has the internet gateway that association requires.
pub(crate) fn elastic_ip(w: &World, eni: EniKey) -> Option<Fix> {
    let e = w.enis().get(eni)?;
    let vpc = w.vpcs().get(e.vpc)?;
    vpc.internet_gateway?;
    let region = vpc.region;
    let used = w.eips().iter().filter(|(_, x)| x.region == region).count() as u32;
    let instance = e.attachment.is_some() && e.owner == crate::model::EniOwner::User;
    (instance && e.eip.is_none() && used < w.config().quotas.elastic_ips_per_region)
        .then_some(Fix::AssociateElasticIp(eni))
}
