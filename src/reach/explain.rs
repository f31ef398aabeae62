//! Explanation codes (VPC Reachability Analyzer's names) and the rule texts hops and
//! explanations quote.

use super::Fix;
use crate::model::{
    AclEntry, EniOwner, InstanceState, NatState, Peer, PeeringStatus, Protocol, ResKey, Route, RtbKey, SgRule, Target,
    Traffic, World,
};
use crate::model::{RouteState, SubnetKey};
use crate::net::PortRange;
use std::net::Ipv4Addr;

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

/// The label of the resource an id names; other components (`internet`, an address, a
/// zone) as they are.
pub fn label_of(w: &World, component: &str) -> String {
    match w.lookup_id(component) {
        Some(k) => w.label(k),
        None => component.to_string(),
    }
}

/// `text` with every resource id in it followed by the resource's name (`sg-… "web"`),
/// unless a name already follows it.
pub(crate) fn with_names(w: &World, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_lowercase()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        out.push_str(word);
        if word.len() > 9
            && !after.starts_with(" \"")
            && crate::model::Kind::of_id(word).is_some()
            && let Some(k) = w.lookup_id(word)
        {
            out.push_str(&w.label(k)[word.len()..]);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `tcp 443`, `udp 1024-65535`, `all`, `icmp`.
pub(crate) fn traffic_text(t: &Traffic) -> String {
    match (t.protocol, t.ports, t.icmp) {
        (p, Some(r), _) if p.has_ports() => format!("{p} {r}"),
        (Protocol::Icmp, _, Some(m)) if m.icmp_type >= 0 && m.code >= 0 => {
            format!("icmp type {} code {}", m.icmp_type, m.code)
        }
        (Protocol::Icmp, _, Some(m)) if m.icmp_type >= 0 => format!("icmp type {}", m.icmp_type),
        (p, _, _) => p.to_string(),
    }
}

/// `tcp 443` for a packet, `icmp type 8 code 0` for ICMP.
pub(crate) fn flow_text(p: Protocol, port: u16) -> String {
    match p {
        Protocol::Icmp => super::trace::icmp_text(port),
        p if p.has_ports() => format!("{p} {port}"),
        p => p.to_string(),
    }
}

/// `tcp 32768-60999` for a response range (`icmp type 0 code 0` for an ICMP reply).
pub(crate) fn range_text(p: Protocol, r: PortRange) -> String {
    match p {
        Protocol::Icmp => super::trace::icmp_text(r.from),
        p if p.has_ports() => format!("{p} {r}"),
        p => p.to_string(),
    }
}

/// What a resource in a state that is not working should do, and the fix the model takes.
pub(crate) fn state_advice(w: &World, res: Option<ResKey>, state: &str) -> (String, Vec<Fix>) {
    // A NAT gateway's interface is in its gateway's state and gets the gateway's advice.
    let res = match res {
        Some(ResKey::Eni(e)) => match w.enis().get(e).map(|e| e.owner) {
            Some(EniOwner::NatGateway(n)) => Some(ResKey::Nat(n)),
            _ => res,
        },
        _ => res,
    };
    let instance = match res {
        Some(ResKey::Instance(i)) => Some(i),
        Some(ResKey::Eni(e)) => w.enis().get(e).and_then(|e| e.attachment).map(|a| a.instance),
        _ => None,
    };
    match (res, state) {
        (_, "pending") => ("wait until it is ready (sim.advance)".to_string(), vec![]),
        (_, "stopping") => ("wait until it has stopped (sim.advance), then start it".to_string(), vec![]),
        (_, "stopped") => match instance {
            Some(i) => ("start it".to_string(), vec![Fix::StartInstance(i)]),
            None => ("start it".to_string(), vec![]),
        },
        (_, "shutting-down" | "terminated") => {
            ("a terminated instance cannot be started: launch a replacement".to_string(), vec![])
        }
        (Some(ResKey::Nat(_)), "failed" | "deleting" | "deleted") => {
            ("it will not recover: create a new NAT gateway".to_string(), vec![])
        }
        (Some(ResKey::Eni(_)), _) => ("attach it to a running instance".to_string(), vec![]),
        _ => ("it must be running (available) first".to_string(), vec![]),
    }
}

fn instance_state_reason(w: &World, i: crate::model::InstanceKey, what: &str) -> (String, Vec<Fix>) {
    let c = w.label(ResKey::Instance(i));
    match w.instances().get(i).map(|i| i.state) {
        Some(InstanceState::Stopped) => (format!("{what} {c} is stopped: start it"), vec![Fix::StartInstance(i)]),
        Some(InstanceState::Stopping) => {
            (format!("{what} {c} is stopping: wait until it has stopped, then start it"), vec![])
        }
        Some(s) => (
            format!(
                "{what} {c} is {}: it cannot be started again; launch a replacement and point the route at it",
                s.as_str()
            ),
            vec![],
        ),
        None => (format!("{what} {c} no longer exists: point the route at a working target"), vec![]),
    }
}

/// Why a route is a blackhole, in the words of its target's actual state, and the fix.
pub(crate) fn blackhole(w: &World, rtb: RtbKey, t: Target) -> (String, Vec<Fix>) {
    let vpc = w.route_tables().get(rtb).map(|r| r.vpc);
    let vpc_id = vpc.map(|v| w.label(ResKey::Vpc(v))).unwrap_or_default();
    let c = target_label(w, t);
    match t {
        Target::Local => (format!("{c} is not available"), vec![]),
        Target::Igw(g) => match w.igws().get(g).map(|x| x.vpc) {
            Some(None) => match (vpc, vpc.and_then(|v| w.vpcs().get(v)).and_then(|v| v.internet_gateway)) {
                (Some(_), Some(own)) => (
                    format!(
                        "internet gateway {c} is detached, and {vpc_id} has its own gateway {}: point the route at it",
                        w.label(ResKey::Igw(own))
                    ),
                    vec![],
                ),
                (Some(v), None) => (
                    format!("internet gateway {c} is detached: attach it to {vpc_id}"),
                    vec![Fix::AttachInternetGateway(g, v)],
                ),
                (None, _) => (format!("internet gateway {c} is detached"), vec![]),
            },
            Some(Some(other)) => (
                format!(
                    "internet gateway {c} is attached to {}, not to {vpc_id}: route to {vpc_id}'s own gateway",
                    w.label(ResKey::Vpc(other))
                ),
                vec![],
            ),
            None => (format!("internet gateway {c} was deleted: route to a gateway attached to {vpc_id}"), vec![]),
        },
        Target::Vgw(g) => match w.vgws().get(g).map(|x| x.vpc) {
            Some(None) => match vpc.and_then(|v| w.vpcs().get(v)).and_then(|v| v.vpn_gateway) {
                Some(own) => (
                    format!(
                        "virtual private gateway {c} is detached, and {vpc_id} has its own gateway {}: point the route at it",
                        w.label(ResKey::Vgw(own))
                    ),
                    vec![],
                ),
                None => (format!("virtual private gateway {c} is detached: attach it to {vpc_id}"), vec![]),
            },
            Some(Some(other)) => (
                format!("virtual private gateway {c} is attached to {}, not to {vpc_id}", w.label(ResKey::Vpc(other))),
                vec![],
            ),
            None => (format!("virtual private gateway {c} was deleted"), vec![]),
        },
        Target::Nat(n) => match w.nats().get(n).map(|x| x.state) {
            Some(s) if s != NatState::Deleted => (
                format!("NAT gateway {c} is {}: create a new NAT gateway and point the route at it", s.as_str()),
                vec![],
            ),
            _ => (format!("NAT gateway {c} was deleted: create a new NAT gateway and point the route at it"), vec![]),
        },
        Target::Pcx(p) => match w.pcxs().get(p).map(|x| x.status) {
            Some(PeeringStatus::PendingAcceptance) => {
                (format!("peering connection {c} is pending-acceptance: accept it"), vec![Fix::AcceptPeering(p)])
            }
            Some(s) => (
                format!(
                    "peering connection {c} is {}: request a new peering connection, accept it and route through it",
                    s.as_str()
                ),
                vec![],
            ),
            None => (format!("peering connection {c} no longer exists"), vec![]),
        },
        Target::Instance(i) => instance_state_reason(w, i, "instance"),
        Target::Eni(e) => match w.enis().get(e).and_then(|x| x.attachment) {
            Some(a) => instance_state_reason(w, a.instance, &format!("the instance of interface {c},")),
            None => (
                format!("network interface {c} is not attached to an instance: attach it to a running appliance"),
                vec![],
            ),
        },
    }
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

/// The label of what a route points at (`local`, `igw-… "name"`).
pub(crate) fn target_label(w: &World, t: Target) -> String {
    label_of(w, &target_id(w, t))
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

/// For a subnet left on its VPC's main route table: a custom table of the same VPC whose
/// active route for `dst` leads somewhere (to `want`, when given), with that route; a table
/// routing through a NAT gateway first.
pub(crate) fn better_table(
    w: &World,
    subnet: SubnetKey,
    dst: Ipv4Addr,
    want: Option<Target>,
) -> Option<(RtbKey, Route)> {
    let s = w.subnets().get(subnet)?;
    if s.route_table.is_some() {
        return None;
    }
    let main = w.vpcs().get(s.vpc)?.main_route_table;
    // A table that reaches the internet through a NAT gateway keeps a subnet private: first.
    w.route_tables()
        .iter()
        .filter(|(k, t)| *k != main && t.vpc == s.vpc)
        .filter_map(|(k, _)| {
            let r = w.lookup_route(k, dst)?;
            let useful = r.target != Target::Local && want.is_none_or(|t| t == r.target);
            (useful && w.route_state(k, &r) == RouteState::Active).then_some((k, r))
        })
        .min_by_key(|(_, r)| !matches!(r.target, Target::Nat(_)))
}

/// The architectural cause first, when a subnet on the main table should use a custom
/// table that has the route: `Subnet … uses the main route table …; associate it`.
pub(crate) fn main_table_cause(w: &World, subnet: SubnetKey, table: RtbKey, route: &Route) -> String {
    let main =
        w.subnets().get(subnet).and_then(|s| w.vpcs().get(s.vpc)).map(|v| w.label(ResKey::Rtb(v.main_route_table)));
    format!(
        "Subnet {} has no route table of its own, so it uses the main route table {}; route table {} of the same VPC has the route {}: associate the subnet with {} rather than adding routes to the main table, which every other subnet left on it would share. ",
        w.label(ResKey::Subnet(subnet)),
        main.unwrap_or_default(),
        w.label(ResKey::Rtb(table)),
        route_text(w, route),
        w.label(ResKey::Rtb(table)),
    )
}

/// The cause first when the internet cannot reach an instance in a private subnet (its
/// route table has no route to an internet gateway): private by design, and how such
/// instances are reached.
pub(crate) fn private_subnet_cause(w: &World, subnet: SubnetKey, who: &str) -> Option<String> {
    let rtb = w.effective_route_table(subnet).ok()?;
    let t = w.route_tables().get(rtb)?;
    let to_igw =
        t.routes.iter().any(|r| matches!(r.target, Target::Igw(_)) && w.route_state(rtb, r) == RouteState::Active);
    (!to_igw).then(|| {
        format!(
            "{who} is in subnet {}, a private subnet by design: its route table {} has no route to an internet gateway. Instances in a private subnet are not reached from the internet: reach them through a bastion host in a public subnet, over AWS Client VPN, or from on premises over Site-to-Site VPN or Direct Connect. Only if it must be public: ",
            w.label(ResKey::Subnet(subnet)),
            w.label(ResKey::Rtb(rtb)),
        )
    })
}

/// The cause when a custom network ACL with no entries in that direction blocks: it denies
/// everything until rules are added (only the default ACL allows everything).
pub(crate) fn empty_acl_cause(w: &World, acl: crate::model::AclKey, egress: bool) -> Option<String> {
    let a = w.acls().get(acl)?;
    (!a.is_default && a.entries(egress).is_empty()).then(|| {
        format!(
            "{} is a custom network ACL with no {} rules: a custom network ACL denies everything until rules are added (only a VPC's default network ACL allows all traffic). ",
            w.label(ResKey::Acl(acl)),
            if egress { "outbound" } else { "inbound" },
        )
    })
}

/// The rule a public NAT gateway breaks when it sits in a subnet whose route table reaches no
/// internet gateway (its traffic is routed back to itself), for the interface a loop leaves.
pub(crate) fn nat_placement_cause(w: &World, eni: crate::model::EniKey) -> Option<String> {
    let e = w.enis().get(eni)?;
    let crate::model::EniOwner::NatGateway(n) = e.owner else { return None };
    let nat = w.nats().get(n)?;
    if nat.connectivity != crate::model::Connectivity::Public {
        return None;
    }
    let rtb = w.effective_route_table(nat.subnet).ok()?;
    let t = w.route_tables().get(rtb)?;
    let to_igw =
        t.routes.iter().any(|r| matches!(r.target, Target::Igw(_)) && w.route_state(rtb, r) == RouteState::Active);
    (!to_igw).then(|| {
        format!(
            "A public NAT gateway must sit in a subnet whose route table reaches an internet gateway (a public subnet); NAT gateway {} sits in subnet {}, whose route table {} has no route to an internet gateway, so what it translates is routed back into it. Create the NAT gateway in a public subnet and point the private subnets' 0.0.0.0/0 route at it. ",
            w.label(ResKey::Nat(n)),
            w.label(ResKey::Subnet(nat.subnet)),
            w.label(ResKey::Rtb(rtb)),
        )
    })
}
