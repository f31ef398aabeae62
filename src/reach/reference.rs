//! A small reference evaluator for the property tests: instances and internet addresses,
//! routes to local / internet gateway / NAT gateway / peering (and blackholes). It walks one
//! concrete packet rule by rule, and evaluates the return path concretely at one port of
//! every elementary sub-range of the ephemeral range (the ACL entries of the world cut the
//! range into pieces on which every ACL decides the same way).

use super::explain as x;
use super::{Endpoint, ephemeral};
use crate::model::*;
use crate::net::{PortRange, is_rfc1918};
use std::net::Ipv4Addr;

/// What the reference concludes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RefResult {
    pub reachable: bool,
    pub codes: Vec<&'static str>,
    pub allowed: Vec<PortRange>,
}

/// A forward segment, walked backwards by the return path.
#[derive(Debug, Clone, Copy)]
enum Seg {
    /// Same subnet: nothing to check on the way back.
    Direct,
    /// Inside one VPC (or over a peering connection), sender → receiver, their addresses.
    Routed {
        from: EniKey,
        to: EniKey,
        pcx: Option<PcxKey>,
        nat_side: bool,
        remote_at_to: Ipv4Addr,
        remote_at_from: Ipv4Addr,
    },
    /// Out through an internet gateway; the far end's address.
    Out { from: EniKey, remote: Ipv4Addr, nat_side: bool },
    /// In through an internet gateway from `remote` (`untranslated`: a private source that
    /// no gateway translated, which no response can reach).
    In { to: EniKey, igw: IgwKey, remote: Ipv4Addr, nat_side: bool, untranslated: bool },
}

fn acl_of(w: &World, subnet: SubnetKey) -> &NetworkAcl {
    w.acls().get(w.subnets().get(subnet).unwrap().network_acl).unwrap()
}

fn acl_allows(w: &World, subnet: SubnetKey, egress: bool, p: Protocol, port: u16, addr: Ipv4Addr) -> bool {
    let acl = acl_of(w, subnet);
    // First match by rule number; the list is sorted; `*` denies the rest.
    for e in acl.entries(egress) {
        let proto_ok = e.traffic.protocol == Protocol::All || e.traffic.protocol == p;
        let port_ok = match e.traffic.ports {
            Some(r) => r.from <= port && port <= r.to,
            None => true,
        };
        if proto_ok && port_ok && e.cidr.contains_addr(addr) {
            return e.action == RuleAction::Allow;
        }
    }
    false
}

/// `None`: allowed; `Some(true)`: no rules at all in that direction; `Some(false)`: no match.
fn sg_blocks(
    w: &World,
    eni: EniKey,
    egress: bool,
    p: Protocol,
    port: u16,
    addr: Ipv4Addr,
    member: Option<EniKey>,
) -> Option<bool> {
    let e = w.enis().get(eni).unwrap();
    let rules: Vec<&SgRule> = e.security_groups.iter().flat_map(|g| w.sgs().get(*g).unwrap().rules(egress)).collect();
    if rules.is_empty() {
        return Some(true);
    }
    for r in rules {
        let proto_ok = r.traffic.protocol == Protocol::All || r.traffic.protocol == p;
        let port_ok = r.traffic.ports.is_none_or(|x| x.from <= port && port <= x.to);
        let peer_ok = match r.peer {
            Peer::Cidr(c) => c.contains_addr(addr),
            Peer::Group(g) => member.map(|m| w.enis().get(m).unwrap()).is_some_and(|m| {
                m.private_ip == addr
                    && m.security_groups.contains(&g)
                    && (m.vpc == e.vpc || w.active_peering(m.vpc, e.vpc).is_some())
            }),
        };
        if proto_ok && port_ok && peer_ok {
            return None;
        }
    }
    Some(false)
}

fn running(w: &World, i: InstanceKey) -> bool {
    w.instances().get(i).unwrap().state == InstanceState::Running
}

fn eni_ip(w: &World, e: EniKey) -> Ipv4Addr {
    w.enis().get(e).unwrap().private_ip
}

fn subnet_of(w: &World, e: EniKey) -> SubnetKey {
    w.enis().get(e).unwrap().subnet
}

/// Representative ports: the first port of every piece of `range` cut at every ACL boundary.
fn pieces(w: &World, range: PortRange) -> Vec<PortRange> {
    let mut cuts = vec![u32::from(range.from)];
    for (_, a) in w.acls().iter() {
        for e in a.ingress.iter().chain(&a.egress) {
            if let Some(r) = e.traffic.ports {
                cuts.push(u32::from(r.from));
                cuts.push(u32::from(r.to) + 1);
            }
        }
    }
    cuts.retain(|c| *c >= u32::from(range.from) && *c <= u32::from(range.to));
    cuts.sort_unstable();
    cuts.dedup();
    (0..cuts.len())
        .map(|i| {
            let to = cuts.get(i + 1).map(|c| c - 1).unwrap_or(u32::from(range.to));
            PortRange::new(cuts[i] as u16, to as u16).unwrap()
        })
        .collect()
}

/// Evaluates a flow between instances and internet addresses.
pub(crate) fn evaluate(
    w: &World,
    src: Endpoint,
    dst: Endpoint,
    p: Protocol,
    port: u16,
    sport: Option<u16>,
) -> RefResult {
    let mut codes = Vec::new();
    let mut segs = Vec::new();
    let mut nat_used = false;
    let blocked = |codes: &Vec<&'static str>| RefResult { reachable: false, codes: codes.clone(), allowed: vec![] };

    // The destination instance, by private or public address.
    let (dst_inst, dst_public) = match dst {
        Endpoint::Instance(i) => (Some(i), false),
        Endpoint::Internet(a) => {
            let found = w
                .instances()
                .iter()
                .find(|(_, i)| w.enis().get(i.primary_eni).is_some_and(|e| w.public_ip_of(e) == Some(a)));
            (found.map(|(k, _)| k), found.is_some())
        }
        _ => unreachable!("the reference handles instances and internet addresses"),
    };
    let dst_addr = match dst {
        Endpoint::Internet(a) => a,
        Endpoint::Instance(i) => eni_ip(w, w.instances().get(i).unwrap().primary_eni),
        _ => unreachable!(),
    };
    let client_range = match (sport, src) {
        (Some(s), _) => PortRange::single(s),
        (None, Endpoint::Instance(i)) => ephemeral::of_os(w.instances().get(i).unwrap().platform),
        (None, _) => ephemeral::WIDE,
    };

    // Step 1.
    if let Endpoint::Instance(i) = src
        && !running(w, i)
    {
        codes.push(x::BAD_STATE);
    }
    if let Some(d) = dst_inst
        && !running(w, d)
    {
        codes.push(x::BAD_STATE);
    }

    let deliver_in =
        |codes: &mut Vec<&'static str>, d: EniKey, src_addr: Ipv4Addr, member: Option<EniKey>, crossing: bool| {
            if crossing && !acl_allows(w, subnet_of(w, d), false, p, port, src_addr) {
                codes.push(x::SUBNET_ACL_RESTRICTION);
            }
            if let Some(no_rules) = sg_blocks(w, d, false, p, port, src_addr, member) {
                codes.push(if no_rules { x::SG_HAS_NO_RULES } else { x::ENI_SG_RULES_MISMATCH });
            }
        };
    // In through the destination's internet gateway: returns false when the path stops.
    let enter = |codes: &mut Vec<&'static str>,
                 segs: &mut Vec<Seg>,
                 d: EniKey,
                 pkt_dst: Ipv4Addr,
                 src_addr: Ipv4Addr,
                 nat_side: bool,
                 untranslated: bool| {
        let e = w.enis().get(d).unwrap();
        let igw = w.vpcs().get(e.vpc).unwrap().internet_gateway;
        if igw.is_none() {
            codes.push(x::BAD_STATE_ATTACHMENT);
        }
        if w.public_ip_of(e) != Some(pkt_dst) {
            codes.push(x::IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS);
        }
        // Every blocker at the destination is listed; without a gateway the walk then stops.
        deliver_in(codes, d, src_addr, None, true);
        let Some(igw) = igw else { return false };
        segs.push(Seg::In { to: d, igw, remote: src_addr, nat_side, untranslated });
        true
    };

    match src {
        Endpoint::Internet(a) => {
            let Some(d) = dst_inst else {
                codes.push(x::NO_ROUTE_TO_DESTINATION);
                return blocked(&codes);
            };
            let de = w.instances().get(d).unwrap().primary_eni;
            let pkt_dst =
                if dst_public { dst_addr } else { w.public_ip_of(w.enis().get(de).unwrap()).unwrap_or(dst_addr) };
            if !enter(&mut codes, &mut segs, de, pkt_dst, a, false, false) {
                return blocked(&codes);
            }
        }
        Endpoint::Instance(i) => {
            let s = w.instances().get(i).unwrap().primary_eni;
            let member_dst = match dst {
                Endpoint::Instance(d) => Some(w.instances().get(d).unwrap().primary_eni),
                _ => None,
            };
            if let Some(no_rules) = sg_blocks(w, s, true, p, port, dst_addr, member_dst) {
                codes.push(if no_rules { x::SG_HAS_NO_RULES } else { x::ENI_SG_RULES_MISMATCH });
            }
            let mut cur = s;
            let mut src_addr = eni_ip(w, s);
            let mut member = Some(s);
            loop {
                if let Some(d) = member_dst
                    && subnet_of(w, d) == subnet_of(w, cur)
                    && eni_ip(w, d) == dst_addr
                {
                    deliver_in(&mut codes, d, src_addr, member, false);
                    segs.push(Seg::Direct);
                    break;
                }
                if segs.len() >= 12 {
                    codes.push(x::CANNOT_ROUTE);
                    return blocked(&codes);
                }
                let rtb = w.effective_route_table(subnet_of(w, cur)).unwrap();
                let route = w.lookup_route(rtb, dst_addr);
                let vpc = w.enis().get(cur).unwrap().vpc;
                let next_subnet = route.as_ref().and_then(|r| match r.target {
                    Target::Local => member_dst
                        .filter(|d| eni_ip(w, *d) == dst_addr && w.enis().get(*d).unwrap().vpc == vpc)
                        .map(|d| subnet_of(w, d)),
                    Target::Nat(n) => Some(w.nats().get(n).unwrap().subnet),
                    _ => None,
                });
                if next_subnet != Some(subnet_of(w, cur)) && !acl_allows(w, subnet_of(w, cur), true, p, port, dst_addr)
                {
                    codes.push(x::SUBNET_ACL_RESTRICTION);
                }
                let Some(route) = route else {
                    codes.push(x::NO_ROUTE_TO_DESTINATION);
                    return blocked(&codes);
                };
                if w.route_state(rtb, &route) == RouteState::Blackhole {
                    codes.push(x::BAD_STATE_ROUTE);
                    return blocked(&codes);
                }
                match route.target {
                    Target::Local | Target::Pcx(_) => {
                        let pcx = match route.target {
                            Target::Pcx(p) => Some(p),
                            _ => None,
                        };
                        let target_vpc = match pcx {
                            Some(px) => {
                                let pc = w.pcxs().get(px).unwrap();
                                let peer = if pc.requester == vpc { pc.accepter } else { pc.requester };
                                if !w.vpcs().get(peer).unwrap().contains(dst_addr) {
                                    codes.push(x::PCX_REQUIRES_ADDRESS_IN_VPC_CIDR);
                                    return blocked(&codes);
                                }
                                peer
                            }
                            None => vpc,
                        };
                        let Some(d) = member_dst
                            .filter(|d| eni_ip(w, *d) == dst_addr && w.enis().get(*d).unwrap().vpc == target_vpc)
                        else {
                            codes.push(x::NO_ROUTE_TO_DESTINATION);
                            return blocked(&codes);
                        };
                        let crossing = pcx.is_some() || subnet_of(w, d) != subnet_of(w, cur);
                        deliver_in(&mut codes, d, src_addr, member, crossing);
                        segs.push(Seg::Routed {
                            from: cur,
                            to: d,
                            pcx,
                            nat_side: nat_used,
                            remote_at_to: src_addr,
                            remote_at_from: dst_addr,
                        });
                        break;
                    }
                    Target::Nat(n) => {
                        let nat = w.nats().get(n).unwrap();
                        let Some(ne) = nat.eni else {
                            codes.push(x::BAD_STATE);
                            return blocked(&codes);
                        };
                        if subnet_of(w, ne) != subnet_of(w, cur)
                            && !acl_allows(w, subnet_of(w, ne), false, p, port, src_addr)
                        {
                            codes.push(x::SUBNET_ACL_RESTRICTION);
                        }
                        if nat.state != NatState::Available {
                            codes.push(x::BAD_STATE);
                        }
                        segs.push(Seg::Routed {
                            from: cur,
                            to: ne,
                            pcx: None,
                            nat_side: nat_used,
                            remote_at_to: src_addr,
                            remote_at_from: dst_addr,
                        });
                        nat_used = true;
                        cur = ne;
                        src_addr = eni_ip(w, ne);
                        member = None;
                    }
                    Target::Igw(_) => {
                        let e = w.enis().get(cur).unwrap();
                        let public = match e.owner {
                            EniOwner::NatGateway(n) => w.nat_public_ip(n),
                            _ => w.public_ip_of(e),
                        };
                        if public.is_none() {
                            codes.push(x::IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS);
                        }
                        if is_rfc1918(dst_addr) {
                            codes.push(x::IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS);
                            return blocked(&codes);
                        }
                        segs.push(Seg::Out { from: cur, remote: dst_addr, nat_side: nat_used });
                        let seen = public.unwrap_or(src_addr);
                        if dst_public {
                            let d = w.instances().get(dst_inst.unwrap()).unwrap().primary_eni;
                            if !enter(&mut codes, &mut segs, d, dst_addr, seen, nat_used, public.is_none()) {
                                return blocked(&codes);
                            }
                        } else if member_dst.is_some() {
                            codes.push(x::NO_ROUTE_TO_DESTINATION);
                            return blocked(&codes);
                        }
                        break;
                    }
                    other => unreachable!("the generator makes no {other:?} routes"),
                }
            }
        }
        _ => unreachable!(),
    }
    let forward_blocked = !codes.is_empty();

    // Return path, concretely at each representative port.
    let client_pieces = pieces(w, client_range);
    let nat_pieces = pieces(w, ephemeral::WIDE);
    let mut client_ok = vec![true; client_pieces.len()];
    let mut nat_ok = vec![true; nat_pieces.len()];
    let mut check_acl =
        |codes: &mut Vec<&'static str>, subnet: SubnetKey, egress: bool, addr: Ipv4Addr, nat_side: bool| {
            let (ps, ok) = if nat_side { (&nat_pieces, &mut nat_ok) } else { (&client_pieces, &mut client_ok) };
            let mut all = true;
            for (k, r) in ps.iter().enumerate() {
                let allow = acl_allows(w, subnet, egress, p, r.from, addr);
                all &= allow;
                ok[k] &= allow;
            }
            if !all {
                codes.push(x::SUBNET_ACL_RESTRICTION);
            }
        };
    let route_back = |codes: &mut Vec<&'static str>, subnet: SubnetKey, addr: Ipv4Addr, want: Target| -> bool {
        let rtb = w.effective_route_table(subnet).unwrap();
        match w.lookup_route(rtb, addr) {
            // A blackhole is named as such, whatever its target.
            Some(r) if w.route_state(rtb, &r) == RouteState::Blackhole => {
                codes.push(x::BAD_STATE_ROUTE);
                false
            }
            Some(r) if r.target == want => true,
            _ => {
                codes.push(x::NO_ROUTE_TO_DESTINATION);
                false
            }
        }
    };
    for seg in segs.iter().rev() {
        match *seg {
            Seg::Direct => {}
            Seg::Routed { from, to, pcx, nat_side, remote_at_to, remote_at_from } => {
                if pcx.is_none() && subnet_of(w, from) == subnet_of(w, to) {
                    continue;
                }
                check_acl(&mut codes, subnet_of(w, to), true, remote_at_to, nat_side);
                let want = match pcx {
                    Some(px) => Target::Pcx(px),
                    None => Target::Local,
                };
                if !route_back(&mut codes, subnet_of(w, to), remote_at_to, want) {
                    return blocked(&codes);
                }
                check_acl(&mut codes, subnet_of(w, from), false, remote_at_from, nat_side);
            }
            Seg::Out { from, remote, nat_side } => check_acl(&mut codes, subnet_of(w, from), false, remote, nat_side),
            Seg::In { untranslated: true, .. } => return blocked(&codes),
            Seg::In { to, igw, remote, nat_side, .. } => {
                check_acl(&mut codes, subnet_of(w, to), true, remote, nat_side);
                if !route_back(&mut codes, subnet_of(w, to), remote, Target::Igw(igw)) {
                    return blocked(&codes);
                }
            }
        }
    }
    let reachable = codes.is_empty();
    let mut allowed: Vec<PortRange> = Vec::new();
    if !forward_blocked && (!nat_used || nat_ok.iter().all(|b| *b)) {
        for (r, ok) in client_pieces.iter().zip(&client_ok) {
            if !*ok {
                continue;
            }
            match allowed.last_mut() {
                Some(last) if u32::from(last.to) + 1 == u32::from(r.from) => last.to = r.to,
                _ => allowed.push(*r),
            }
        }
    }
    RefResult { reachable, codes, allowed }
}
