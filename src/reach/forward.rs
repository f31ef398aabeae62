//! The walk: one engine for `trace` (records every hop and blocker) and `reachable`
//! (stops at the first blocker, builds no strings), so both give the same verdict.
//! This file holds the engine and the forward path; `back.rs` walks the response.

use super::endpoint::{self, Dest, EndInfo, Endpoint, Home};
use super::explain::{self as x, id};
use super::fix::{self, Fix};
use super::trace::{Direction, Explanation, Hop, HopAction, Packet};
use super::{Flow, ephemeral};
use crate::model::{
    AwsError, Connectivity, CvpnKey, EniKey, EniOwner, IgwKey, InstanceState, NatKey, NatState, PcxKey, Peer, Protocol,
    ResKey, RouteState, RtbKey, RuleAction, SiteKey, SiteLink, SubnetKey, Target, VgwKey, VpcKey, World,
};
use crate::net::{Cidr, PortRange, PortSet, is_rfc1918};
use std::net::Ipv4Addr;

/// The walk cannot (or, in fast mode, need not) go on.
pub(crate) struct Stop;
/// A step of the walk.
pub(crate) type Step = Result<(), Stop>;

/// Where hops and explanations go.
pub(crate) trait Sink {
    /// Whether hops and explanations are built at all.
    const FULL: bool;
    /// Records a hop.
    fn hop(&mut self, ret: bool, hop: Hop);
    /// Records a blocker.
    fn explain(&mut self, ret: bool, e: Explanation);
    /// Adds a note to the last hop recorded.
    fn note(&mut self, ret: bool, note: String);
}

/// `reachable`: nothing recorded, the first blocker stops the walk.
pub(crate) struct Fast;

impl Sink for Fast {
    const FULL: bool = false;
    fn hop(&mut self, _: bool, _: Hop) {}
    fn explain(&mut self, _: bool, _: Explanation) {}
    fn note(&mut self, _: bool, _: String) {}
}

/// `trace`: every hop and every blocker.
#[derive(Default)]
pub(crate) struct Full {
    pub forward: Vec<Hop>,
    pub ret: Vec<Hop>,
    pub explanations: Vec<Explanation>,
}

impl Sink for Full {
    const FULL: bool = true;
    fn hop(&mut self, ret: bool, hop: Hop) {
        if ret { self.ret.push(hop) } else { self.forward.push(hop) }
    }
    fn explain(&mut self, _: bool, e: Explanation) {
        self.explanations.push(e);
    }
    fn note(&mut self, ret: bool, note: String) {
        if let Some(h) = if ret { self.ret.last_mut() } else { self.forward.last_mut() } {
            h.note = Some(note);
        }
    }
}

/// How many legs a path may have before it is called a loop.
const MAX_LEGS: usize = 12;

/// One movement of the packet between two nodes (interfaces, the internet, a site).
#[derive(Debug, Clone, Copy)]
pub(crate) enum LegKind {
    /// Interface to interface inside a VPC or over a peering connection.
    Eni { from: EniKey, to: EniKey, crossing: bool, pcx: Option<PcxKey> },
    /// Out through an internet gateway.
    EniToInternet { from: EniKey, igw: IgwKey },
    /// In through an internet gateway; `untranslated`: the sender's private address was
    /// never translated (it has no public one), so no response can come back to it.
    InternetToEni { to: EniKey, igw: IgwKey, untranslated: bool },
    /// Out through a virtual private gateway to a site.
    EniToSite { from: EniKey, vgw: VgwKey, site: SiteKey, link: SiteLink },
    /// From a site in through a virtual private gateway.
    SiteToEni { to: EniKey, vgw: VgwKey, site: SiteKey, link: SiteLink },
    /// A Client VPN client translated to the endpoint's interface.
    ClientToEni { cvpn: CvpnKey },
}

/// A leg with the packet as its sender sent it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Leg {
    pub kind: LegKind,
    /// The packet as sent (before any translation at the receiving gateway).
    pub pkt: Packet,
    /// The source address as the receiver sees it.
    pub src_at_to: Ipv4Addr,
    /// Whether the leg is between a NAT gateway and the destination (ports 1024–65535 back).
    pub nat_side: bool,
}

/// The engine state.
pub(crate) struct Engine<'w, S: Sink> {
    pub w: &'w World,
    pub sink: S,
    pub proto: Protocol,
    pub pkt: Packet,
    /// The interface whose private address is the packet's source (for group references).
    pub sender: Option<EniKey>,
    pub origin: EndInfo,
    pub dest: Dest,
    pub legs: Vec<Leg>,
    pub ret: bool,
    pub blocked: bool,
    pub nat_side: bool,
    pub client_range: PortRange,
    pub allowed_client: PortSet,
    pub allowed_nat: PortSet,
    pub used_nat: bool,
    pub reported_vpn: bool,
    /// The appliance the packet last went through, if any.
    pub via_appliance: Option<EniKey>,
    /// The packet went out to the internet with its private source address.
    pub untranslated: bool,
    /// The range of the legs between a NAT gateway and the destination (1024–65535, or the
    /// ICMP reply).
    pub nat_range: PortRange,
}

/// What a walk found.
pub(crate) struct Outcome<S> {
    pub sink: S,
    pub reachable: bool,
    pub range: PortRange,
    pub allowed: PortSet,
    /// What the return hops let through, whatever the forward path did; `None` when the
    /// return path was not walked to the end.
    pub return_allows: Option<PortSet>,
    /// An ICMP message that gets no reply: there is no return path to evaluate.
    pub one_way: bool,
}

/// The ICMP reply to a request type (echo, timestamp, information, address mask), packed
/// like the request; `None` for messages that get no reply.
fn icmp_reply(request: u16) -> Option<u16> {
    let reply = match request >> 8 {
        8 => 0,
        13 => 14,
        15 => 16,
        17 => 18,
        _ => return None,
    };
    Some(reply << 8)
}

/// Evaluates a flow.
pub(crate) fn run<S: Sink>(w: &World, flow: &Flow, sink: S) -> Result<Outcome<S>, AwsError> {
    let origin = endpoint::info(w, flow.source)?;
    let dest = endpoint::dest(w, flow.destination, &origin)?;
    Ok(run_resolved(w, flow, origin, dest, sink))
}

/// Evaluates a flow whose endpoints are already resolved.
pub(crate) fn run_resolved<S: Sink>(w: &World, flow: &Flow, origin: EndInfo, dest: Dest, sink: S) -> Outcome<S> {
    let reply = if flow.protocol == Protocol::Icmp { Some(icmp_reply(flow.port)) } else { None };
    let range = match reply {
        Some(r) => PortRange::single(r.unwrap_or(flow.port)),
        None => flow.source_port.map(PortRange::single).unwrap_or(origin.range),
    };
    let nat_range = if flow.protocol.has_ports() { ephemeral::WIDE } else { range };
    let one_way = matches!(reply, Some(None));
    let dst = match (origin.home, dest.eni.or(dest.public_eni)) {
        (Home::Internet, Some(d)) if dest.public_eni.is_none() => {
            w.enis().get(d).and_then(|e| w.public_ip_of(e)).unwrap_or(dest.addr)
        }
        _ => dest.addr,
    };
    let pkt = Packet { src: origin.addr, dst, src_port: range.from, dst_port: flow.port, protocol: flow.protocol };
    let mut e = Engine {
        w,
        sink,
        proto: flow.protocol,
        pkt,
        sender: origin.eni,
        origin,
        dest,
        legs: Vec::new(),
        ret: false,
        blocked: false,
        nat_side: false,
        client_range: range,
        allowed_client: PortSet::empty(),
        allowed_nat: PortSet::empty(),
        used_nat: false,
        reported_vpn: false,
        via_appliance: None,
        untranslated: false,
        nat_range,
    };
    let forward = e.forward();
    let forward_blocked = e.blocked;
    let mut allowed = PortSet::empty();
    let mut return_allows = None;
    let mut complete = forward.is_ok();
    if forward.is_ok() && one_way {
        return_allows = Some(PortSet::from_range(range));
    } else if forward.is_ok() {
        e.ret = true;
        e.allowed_client = PortSet::from_range(range);
        if e.used_nat {
            e.allowed_nat = PortSet::from_range(nat_range);
        }
        let back = e.back();
        complete = back.is_ok();
        if back.is_ok() {
            let back_allows = if e.used_nat && !ephemeral::is_whole(&e.allowed_nat, nat_range) {
                PortSet::empty()
            } else {
                std::mem::take(&mut e.allowed_client)
            };
            return_allows = Some(back_allows);
        }
    }
    if S::FULL
        && !forward_blocked
        && let Some(r) = &return_allows
    {
        allowed = r.clone();
    }
    // A walk that stopped is never reachable, even where no blocker could be named.
    Outcome { reachable: !e.blocked && complete, sink: e.sink, range, allowed, return_allows, one_way }
}

/// A hop's fields besides the packet.
pub(crate) type HopSpec = (String, &'static str, HopAction, Option<String>, String);

/// Builds an explanation.
pub(crate) fn expl(
    code: &'static str,
    component: String,
    kind: &'static str,
    direction: Option<Direction>,
    rule: Option<String>,
    message: String,
) -> Explanation {
    Explanation { code, label: component.clone(), component, kind, direction, rule, message, fixes: Vec::new() }
}

/// A rule blocker for a source address that no gateway translated: a rule for that address
/// would not help (the source must get a public address first, then that one is seen).
fn untranslated_note(mut e: Explanation, addr: Ipv4Addr) -> Explanation {
    let cut = e.message.find(". Add ").map(|i| i + 1).unwrap_or(e.message.len());
    e.message.truncate(cut);
    e.message.push_str(&format!(" {addr} is a private source address that no internet gateway translated: once the source has a public address, it is that address the rule must allow."));
    e
}

/// The empty-custom-ACL cause for a subnet's network ACL, or nothing.
pub(crate) fn empty_acl(w: &World, subnet: SubnetKey, egress: bool) -> String {
    w.subnets().get(subnet).and_then(|s| x::empty_acl_cause(w, s.network_acl, egress)).unwrap_or_default()
}

/// An explanation whose message ends with the fixes that remove it.
pub(crate) fn with_fixes(mut e: Explanation, w: &World, fixes: Vec<Fix>) -> Explanation {
    e.message.push_str(&fix::sentence(w, &fixes));
    e.fixes = fixes;
    e
}

/// The result of matching a packet against an interface's security groups.
pub(crate) enum SgMatch {
    /// A rule of this group (index in its list) matches.
    Rule(crate::model::SgKey, usize),
    /// No group has a rule in that direction.
    NoRules,
    /// Rules exist; none matches.
    NoMatch,
}

/// Matches a packet against an interface's groups. `remote` is the interface holding the
/// other end's address, when that address is one of its private addresses.
pub(crate) fn sg_match(
    w: &World,
    eni: EniKey,
    egress: bool,
    proto: Protocol,
    port: u16,
    addr: Ipv4Addr,
    remote: Option<EniKey>,
) -> SgMatch {
    let Some(e) = w.enis().get(eni) else { return SgMatch::NoRules };
    let a = u32::from(addr);
    let remote = remote.and_then(|r| w.enis().get(r)).filter(|r| r.private_ip == addr);
    let mut any = false;
    for &g in &e.security_groups {
        let Some(group) = w.sgs().get(g) else { continue };
        let rules = group.rules(egress);
        any |= !rules.is_empty();
        for (i, r) in rules.iter().enumerate() {
            if !r.traffic.matches(proto, port) {
                continue;
            }
            let hit = match r.peer {
                Peer::Cidr(c) => c.contains_u32(a),
                Peer::Group(pg) => remote.is_some_and(|r| {
                    r.security_groups.contains(&pg) && (r.vpc == e.vpc || w.active_peering(e.vpc, r.vpc).is_some())
                }),
            };
            if hit {
                return SgMatch::Rule(g, i);
            }
        }
    }
    if any { SgMatch::NoMatch } else { SgMatch::NoRules }
}

fn groups_text(w: &World, eni: EniKey) -> String {
    w.enis()
        .get(eni)
        .map(|e| e.security_groups.iter().map(|g| id(w, ResKey::Sg(*g))).collect::<Vec<_>>().join(", "))
        .unwrap_or_default()
}

/// The id and kind shown for an interface: its instance, NAT gateway or itself.
pub(crate) fn eni_component(w: &World, eni: EniKey) -> (String, &'static str) {
    match endpoint::resolve_eni(w, eni) {
        Endpoint::Instance(i) => (id(w, ResKey::Instance(i)), "instance"),
        Endpoint::Nat(n) => (id(w, ResKey::Nat(n)), "nat-gateway"),
        _ => (id(w, ResKey::Eni(eni)), "network-interface"),
    }
}

pub(crate) fn info_component(info: &EndInfo, w: &World) -> String {
    match info.res {
        Some(r) => id(w, r),
        None => "internet".to_string(),
    }
}

impl<'w, S: Sink> Engine<'w, S> {
    /// Records a hop (built only in full mode).
    pub(crate) fn hop(&mut self, f: impl FnOnce(&'w World) -> HopSpec) {
        if S::FULL {
            let (component, kind, action, rule, detail) = f(self.w);
            let hop =
                Hop { label: component.clone(), component, kind, action, rule, packet: self.pkt, detail, note: None };
            self.sink.hop(self.ret, hop);
        }
    }

    /// Notes on the last hop (built only in full mode) which side of a VPC / on-premises
    /// overlap the route table `rtb` of `vpc` picked for the packet, when it is in one.
    pub(crate) fn overlap_note(&mut self, rtb: RtbKey, vpc: VpcKey, route: &crate::model::Route) {
        if S::FULL
            && let Some(n) = super::overlap::note(self.w, rtb, vpc, self.pkt.dst, route, self.ret)
        {
            self.sink.note(self.ret, n);
        }
    }

    /// Records a blocker; the walk goes on in full mode.
    pub(crate) fn block(&mut self, f: impl FnOnce(&'w World) -> Explanation) -> Step {
        self.blocked = true;
        if S::FULL {
            let e = f(self.w);
            self.sink.explain(self.ret, e);
            Ok(())
        } else {
            Err(Stop)
        }
    }

    /// Records a blocker past which the path cannot be followed.
    pub(crate) fn fail(&mut self, f: impl FnOnce(&'w World) -> Explanation) -> Step {
        self.block(f)?;
        Err(Stop)
    }

    fn push_leg(&mut self, kind: LegKind, pkt: Packet, src_at_to: Ipv4Addr) {
        self.legs.push(Leg { kind, pkt, src_at_to, nat_side: self.nat_side });
    }

    fn state_check(&mut self, info: EndInfo) -> Step {
        self.az_check_end(&info)?;
        if let Some(state) = info.bad_state {
            self.block(|w| {
                let c = info_component(&info, w);
                let (advice, fixes) = x::state_advice(w, info.res, state);
                let e = expl(
                    x::BAD_STATE,
                    c.clone(),
                    info.kind,
                    None,
                    None,
                    format!(
                        "{} {c} is {state}: it must be running (available) to send or receive traffic; {advice}.",
                        info.kind
                    ),
                );
                with_fixes(e, w, fixes)
            })?;
        }
        Ok(())
    }

    /// Steps 1–8 from the source to the destination.
    fn forward(&mut self) -> Step {
        let origin = self.origin;
        let range = self.client_range;
        let ports = self.proto.has_ports();
        self.hop(|w| {
            let detail = if ports { format!("source (ephemeral ports {range})") } else { "source".to_string() };
            (info_component(&origin, w), origin.kind, HopAction::Forward, None, detail)
        });
        self.state_check(origin)?;
        self.state_check(self.dest.info)?;
        if origin.gone || self.dest.info.gone {
            return Err(Stop);
        }
        if let Some(v) = self.dest.resolver {
            return self.query_resolver(v);
        }
        match (origin.home, origin.eni) {
            (Home::Vpc, Some(eni)) => self.leave(eni, true),
            (Home::Vpc, None) => Err(Stop),
            (Home::Internet, _) => self.start_internet(),
            (Home::Site(s), _) => self.start_site(s),
            (Home::Client(c), _) => self.start_client(c),
        }
    }

    fn sg_step(&mut self, eni: EniKey, egress: bool) -> Step {
        let (addr, remote) = if egress { (self.pkt.dst, self.dest.eni) } else { (self.pkt.src, self.sender) };
        let (proto, port) = (self.proto, self.pkt.dst_port);
        let m = sg_match(self.w, eni, egress, proto, port, addr, remote);
        let dir = Direction::of(egress);
        let way = if egress { "outbound" } else { "inbound" };
        let (to_from, to_from_cap) = if egress { ("to", "to") } else { ("from", "from") };
        match m {
            SgMatch::Rule(g, i) => {
                self.hop(|w| {
                    let rule = w.sgs().get(g).map(|s| x::sg_rule_text(w, &s.rules(egress)[i], egress));
                    (
                        id(w, ResKey::Sg(g)),
                        "security-group",
                        HopAction::Allow,
                        rule,
                        format!("{way} {}", x::flow_text(proto, port)),
                    )
                });
                Ok(())
            }
            SgMatch::NoRules | SgMatch::NoMatch => {
                let no_rules = matches!(m, SgMatch::NoRules);
                let first = self.w.enis().get(eni).and_then(|e| e.security_groups.first().copied());
                self.hop(|w| {
                    let c = first.map(|g| id(w, ResKey::Sg(g))).unwrap_or_default();
                    (
                        c,
                        "security-group",
                        HopAction::Deny,
                        None,
                        format!("no {way} rule matches {}", x::flow_text(proto, port)),
                    )
                });
                // A group reference can name the peer only when the address is its private one.
                let member = remote.and_then(|r| self.w.enis().get(r)).is_some_and(|r| r.private_ip == addr);
                let via = self.via_appliance;
                let untranslated = self.untranslated && !egress;
                self.block(|w| {
                    let c = first.map(|g| id(w, ResKey::Sg(g))).unwrap_or_default();
                    let groups = groups_text(w, eni);
                    let eni_id = id(w, ResKey::Eni(eni));
                    let what = x::flow_text(proto, port);
                    let or_group = match (member, via) {
                        (true, _) => ", or a group the peer belongs to",
                        (false, Some(_)) if !egress => "; group references do not match here, because the packet reached the interface through an appliance",
                        _ => "",
                    };
                    let (code, message) = if no_rules {
                        (x::SG_HAS_NO_RULES, format!(
                            "The security groups of {eni_id} ({groups}) have no {way} rules at all, so {what} {to_from} {addr} is dropped. Add an {way} rule allowing {what} {to_from_cap} {addr}/32 (or a wider block{or_group}) to one of them."
                        ))
                    } else {
                        (x::ENI_SG_RULES_MISMATCH, format!(
                            "No {way} rule of the security groups of {eni_id} ({groups}) allows {what} {to_from} {addr}. Add an {way} rule for {what} {to_from_cap} {addr}/32 (or a wider block{or_group}) to one of them."
                        ))
                    };
                    let e = expl(code, c, "security-group", Some(dir), None, message);
                    if untranslated {
                        return untranslated_note(e, addr);
                    }
                    let traffic = fix::flow_traffic(proto, PortRange::single(port));
                    let fixes = first.and_then(|g| fix::authorize(w, g, egress, traffic, Cidr::host(addr)));
                    with_fixes(e, w, fixes.into_iter().collect())
                })
            }
        }
    }

    /// The subnet's network ACL in one direction for the packet (step 4 / 6).
    fn acl_step(&mut self, subnet: SubnetKey, egress: bool) -> Step {
        let w = self.w;
        let Some(acl_key) = w.subnets().get(subnet).map(|s| s.network_acl) else { return Err(Stop) };
        let Some(acl) = w.acls().get(acl_key) else { return Err(Stop) };
        let addr = if egress { self.pkt.dst } else { self.pkt.src };
        let (proto, port) = (self.proto, self.pkt.dst_port);
        let v = acl.evaluate(egress, proto, port, addr);
        let allow = v.action == RuleAction::Allow;
        let entry = v.entry;
        let way = if egress { "outbound" } else { "inbound" };
        let to_from = if egress { "to" } else { "from" };
        let untranslated = self.untranslated && !egress;
        self.hop(|_| {
            (
                acl.id.clone(),
                "network-acl",
                if allow { HopAction::Allow } else { HopAction::Deny },
                Some(x::acl_rule_text(entry)),
                format!("{way} {} {to_from} {addr}", x::flow_text(proto, port)),
            )
        });
        if !allow {
            self.block(|w| {
                let sid = id(w, ResKey::Subnet(subnet));
                let rule = x::acl_rule_text(entry);
                let what = x::flow_text(proto, port);
                let cause = match entry {
                    Some(e) => format!("rule {} denies it", e.rule_number),
                    None => "no rule matches, so the final * rule denies it".to_string(),
                };
                let e = expl(
                    x::SUBNET_ACL_RESTRICTION,
                    acl.id.clone(),
                    "network-acl",
                    Some(Direction::of(egress)),
                    Some(rule),
                    format!(
                        "{}Network ACL {} of subnet {sid} blocks {way} {what} {to_from} {addr}: {cause}. Add an {way} allow rule for {what} {to_from} {addr} numbered below any deny that matches (ACLs are stateless: the response needs its own rule).",
                        empty_acl(w, subnet, egress),
                        acl.id
                    ),
                );
                if untranslated {
                    return untranslated_note(e, addr);
                }
                let traffic = fix::flow_traffic(proto, PortRange::single(port));
                let fixes = fix::acl_allow(w, acl_key, egress, traffic, Cidr::host(addr));
                with_fixes(e, w, fixes.into_iter().collect())
            })?;
        }
        Ok(())
    }

    /// Leaves an interface: its egress groups, same-subnet delivery, the subnet's ACL and
    /// route table, then the route's target.
    pub(crate) fn leave(&mut self, eni: EniKey, check_groups: bool) -> Step {
        let w = self.w;
        let Some(e) = w.enis().get(eni) else { return Err(Stop) };
        if check_groups && !e.security_groups.is_empty() {
            self.sg_step(eni, true)?;
        }
        if let Some(d) = self.dest.eni
            && let Some(de) = w.enis().get(d)
            && de.subnet == e.subnet
            && de.private_ip == self.pkt.dst
        {
            let pkt = self.pkt;
            self.push_leg(LegKind::Eni { from: eni, to: d, crossing: false, pcx: None }, pkt, pkt.src);
            return self.arrive(d, false);
        }
        if self.legs.len() >= MAX_LEGS {
            let sid = e.subnet;
            return self.fail(|w| {
                let cause = x::nat_placement_cause(w, eni).unwrap_or_default();
                expl(x::CANNOT_ROUTE, id(w, ResKey::Subnet(sid)), "subnet", None, None,
                    format!("{cause}The packet loops between route targets (appliances routing to each other): fix the routes so that one of them delivers it."))
            });
        }
        let Ok(rtb) = w.effective_route_table(e.subnet) else { return Err(Stop) };
        let route = w.lookup_route(rtb, self.pkt.dst);
        let next_subnet = route.as_ref().and_then(|r| self.next_subnet(e.vpc, r.target));
        if next_subnet != Some(e.subnet) {
            self.acl_step(e.subnet, true)?;
        }
        let dst = self.pkt.dst;
        let Some(route) = route else {
            self.hop(|w| {
                (id(w, ResKey::Rtb(rtb)), "route-table", HopAction::Deny, None, format!("no route matches {dst}"))
            });
            let vpc = e.vpc;
            let to = self.dest.eni.and_then(|d| w.enis().get(d)).filter(|d| d.private_ip == dst).map(|d| d.vpc);
            let better = x::better_table(w, e.subnet, dst, None);
            let from = e.subnet;
            return self.fail(|w| {
                let r = id(w, ResKey::Rtb(rtb));
                let e = expl(x::NO_ROUTE_TO_DESTINATION, r.clone(), "route-table", None, None,
                    format!("{}Route table {r} (of subnet {}) has no route that matches {dst}. Add a route for {dst} (or a block containing it) to a gateway, peering connection or appliance that leads there.", better.as_ref().map(|(t, r)| x::main_table_cause(w, e.subnet, *t, r)).unwrap_or_default(), id(w, ResKey::Subnet(e.subnet))));
                // Associating the subnet is the fix; a route in the main table only the fallback.
                let fixes = match better {
                    Some((t, _)) => vec![Fix::AssociateRouteTable { rtb: t, subnet: from }],
                    None => route_fix(w, rtb, vpc, to, dst).into_iter().collect(),
                };
                with_fixes(e, w, fixes)
            });
        };
        let state = w.route_state(rtb, &route);
        let r2 = route.clone();
        self.hop(|w| {
            let action = if state == RouteState::Active { HopAction::Forward } else { HopAction::Deny };
            (id(w, ResKey::Rtb(rtb)), "route-table", action, Some(x::route_text(w, &r2)), format!("route to {dst}"))
        });
        self.overlap_note(rtb, e.vpc, &route);
        if state == RouteState::Blackhole {
            let r2 = route.clone();
            return self.fail(|w| blackhole_expl(w, rtb, &r2, ""));
        }
        match route.target {
            Target::Local => self.deliver_local(e.vpc, eni, None, ResKey::Rtb(rtb)),
            Target::Igw(g) => self.via_igw(eni, g),
            Target::Nat(n) => self.via_nat(eni, n),
            Target::Pcx(p) => self.via_pcx(eni, p),
            Target::Vgw(g) => self.via_vgw(eni, g),
            Target::Instance(i) => match w.instances().get(i) {
                Some(inst) => self.via_appliance(eni, inst.primary_eni),
                None => Err(Stop),
            },
            Target::Eni(a) => self.via_appliance(eni, a),
        }
    }

    /// The subnet a route target delivers into, when it is in this VPC.
    fn next_subnet(&self, vpc: VpcKey, t: Target) -> Option<SubnetKey> {
        let w = self.w;
        match t {
            Target::Local => self
                .dest
                .eni
                .and_then(|d| w.enis().get(d))
                .filter(|d| d.vpc == vpc && d.private_ip == self.pkt.dst)
                .map(|d| d.subnet),
            Target::Nat(n) => w.nats().get(n).map(|n| n.subnet),
            Target::Instance(i) => w.instances().get(i).map(|i| i.subnet),
            Target::Eni(e) => w.enis().get(e).map(|e| e.subnet),
            _ => None,
        }
    }

    /// Delivers inside `vpc` to the destination interface holding the packet's address.
    fn deliver_local(&mut self, vpc: VpcKey, from: EniKey, pcx: Option<PcxKey>, at: ResKey) -> Step {
        let w = self.w;
        let dst = self.pkt.dst;
        let target = self.dest.eni.filter(|d| w.enis().get(*d).is_some_and(|e| e.vpc == vpc && e.private_ip == dst));
        let Some(d) = target else {
            return self.fail(|w| {
                let c = id(w, at);
                expl(x::NO_ROUTE_TO_DESTINATION, c, at.kind().name(), None, None,
                    format!("No network interface of {} holds {dst}, so the packet has nowhere to go. Check the destination address.", id(w, ResKey::Vpc(vpc))))
            });
        };
        let crossing = pcx.is_some() || w.enis().get(d).map(|e| e.subnet) != w.enis().get(from).map(|e| e.subnet);
        let pkt = self.pkt;
        self.push_leg(LegKind::Eni { from, to: d, crossing, pcx }, pkt, pkt.src);
        self.arrive(d, crossing)
    }

    /// Steps 6–7 and the destination hop.
    fn arrive(&mut self, d: EniKey, crossing: bool) -> Step {
        let w = self.w;
        let Some(de) = w.enis().get(d) else { return Err(Stop) };
        if crossing {
            self.acl_step(de.subnet, false)?;
        }
        if !de.security_groups.is_empty() {
            self.sg_step(d, false)?;
        }
        let info = self.dest.info;
        let named = self.dest.named;
        let vpc = de.vpc;
        self.hop(|w| {
            let detail = match named {
                Some(a) if a == de.private_ip => format!(
                    "destination ({a} resolved along the source's routes to {} in {})",
                    info_component(&info, w),
                    id(w, ResKey::Vpc(vpc))
                ),
                Some(a) => format!("destination ({a} is the public address of {})", info_component(&info, w)),
                None => "destination".to_string(),
            };
            (info_component(&info, w), info.kind, HopAction::Allow, None, detail)
        });
        Ok(())
    }

    /// The VPC's Route 53 Resolver: DNS (udp/tcp 53) from the VPC's own interfaces, which
    /// security groups and network ACLs cannot block.
    fn query_resolver(&mut self, v: VpcKey) -> Step {
        let w = self.w;
        let own = self.origin.eni.and_then(|e| w.enis().get(e)).is_some_and(|e| e.vpc == v);
        let dns = matches!(self.proto, Protocol::Udp | Protocol::Tcp) && self.pkt.dst_port == 53;
        let dst = self.pkt.dst;
        let ok = own && dns;
        self.hop(|w| {
            let detail = if ok {
                "Route 53 Resolver: answers DNS; security groups and network ACLs cannot block it".to_string()
            } else {
                "Route 53 Resolver".to_string()
            };
            let action = if ok { HopAction::Allow } else { HopAction::Deny };
            (id(w, ResKey::Vpc(v)), "route-53-resolver", action, None, detail)
        });
        if !own {
            return self.fail(|w| {
                let vid = id(w, ResKey::Vpc(v));
                expl(x::NO_ROUTE_TO_DESTINATION, vid.clone(), "route-53-resolver", None, None,
                    format!("{dst} is the Route 53 Resolver of {vid} (its base address + 2), which answers only interfaces in {vid}. Query the resolver of the source's own VPC (its base address + 2)."))
            });
        }
        if !dns {
            let what = x::flow_text(self.proto, self.pkt.dst_port);
            return self.fail(|w| {
                let vid = id(w, ResKey::Vpc(v));
                expl(
                    x::NO_ROUTE_TO_DESTINATION,
                    vid,
                    "route-53-resolver",
                    None,
                    None,
                    format!("{dst} is the Route 53 Resolver, which answers only DNS (udp and tcp 53), not {what}."),
                )
            });
        }
        Ok(())
    }

    /// Out through an internet gateway (step 5, IGW target).
    fn via_igw(&mut self, from: EniKey, igw: IgwKey) -> Step {
        let w = self.w;
        let Some(e) = w.enis().get(from) else { return Err(Stop) };
        let public = if self.pkt.src == e.private_ip {
            match e.owner {
                EniOwner::NatGateway(n) => w.nat_public_ip(n),
                _ => w.public_ip_of(e),
            }
        } else {
            None
        };
        let before = self.pkt;
        if let Some(p) = public {
            self.pkt.src = p;
        }
        let src = before.src;
        self.hop(|w| {
            let detail = match public {
                Some(p) => format!("translates {src} to its public address {p}"),
                None => format!("{src} has no public address"),
            };
            (id(w, ResKey::Igw(igw)), "internet-gateway", HopAction::Forward, None, detail)
        });
        if public.is_none() {
            self.untranslated = true;
            let (c, kind) = eni_component(w, from);
            let private_nat = match e.owner {
                EniOwner::NatGateway(n) => w.nats().get(n).is_some_and(|n| n.connectivity == Connectivity::Private),
                _ => false,
            };
            self.block(move |w| {
                let g = id(w, ResKey::Igw(igw));
                if private_nat {
                    return expl(x::IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS, g.clone(), "internet-gateway", None, None,
                        format!("{kind} {c} is a private NAT gateway: it has no public address, so internet gateway {g} cannot translate its traffic. For internet access, route through a public NAT gateway (connectivity_type = \"public\", with an Elastic IP, in a public subnet)."));
                }
                let e = expl(x::IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS, g.clone(), "internet-gateway", None, None,
                    format!("{kind} {c} sends from {src}, which has no public IPv4 address or Elastic IP, so internet gateway {g} cannot translate it. Associate an Elastic IP (or launch with a public IP), or route 0.0.0.0/0 through a NAT gateway instead."));
                with_fixes(e, w, fix::elastic_ip(w, from).into_iter().collect())
            })?;
        }
        let dst = self.pkt.dst;
        if is_rfc1918(dst) {
            return self.fail(|w| {
                expl(x::IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS, id(w, ResKey::Igw(igw)), "internet-gateway", None, None,
                    format!("The destination {dst} is a private (RFC 1918) address, but the route sends it to internet gateway {}, which only reaches public addresses. Add a route for {dst}'s network to the peering connection, VPN gateway or appliance that leads there.", id(w, ResKey::Igw(igw))))
            });
        }
        let src_at_to = self.pkt.src;
        self.push_leg(LegKind::EniToInternet { from, igw }, before, src_at_to);
        self.sender = None;
        self.on_internet(igw)
    }

    /// The packet is on the internet: it reaches one of our public addresses or an outside host.
    fn on_internet(&mut self, igw: IgwKey) -> Step {
        let dst = self.pkt.dst;
        if let Some(d) = self.dest.public_eni
            && dst == self.dest.addr
        {
            return self.enter_from_internet(d);
        }
        if self.dest.is_outside() && dst == self.dest.addr {
            self.hop(|_| ("internet".to_string(), "internet", HopAction::Allow, None, format!("destination {dst}")));
            return Ok(());
        }
        self.fail(|w| {
            expl(x::NO_ROUTE_TO_DESTINATION, id(w, ResKey::Igw(igw)), "internet-gateway", None, None,
                format!("{dst} is not reachable on the internet: it is not a public address of this account. Route it through a peering connection, VPN or appliance instead."))
        })
    }

    /// In through the destination VPC's internet gateway (step 8).
    fn enter_from_internet(&mut self, d: EniKey) -> Step {
        let w = self.w;
        let Some(de) = w.enis().get(d) else { return Err(Stop) };
        let vpc = de.vpc;
        let igw = w.vpcs().get(vpc).and_then(|v| v.internet_gateway);
        let before = self.pkt;
        if igw.is_none() {
            let dst = before.dst;
            self.block(|w| {
                let v = id(w, ResKey::Vpc(vpc));
                let e = expl(
                    x::BAD_STATE_ATTACHMENT,
                    v.clone(),
                    "vpc",
                    None,
                    None,
                    format!(
                        "Traffic from the internet to {dst} needs an internet gateway attached to {v}, and it has none."
                    ),
                );
                with_fixes(e, w, vec![Fix::AttachNewInternetGateway(vpc)])
            })?;
        }
        let gw = move |w: &World| igw.map(|g| id(w, ResKey::Igw(g))).unwrap_or_else(|| "internet".to_string());
        let gw_kind = if igw.is_some() { "internet-gateway" } else { "internet" };
        if let EniOwner::NatGateway(n) = de.owner {
            // A NAT gateway only translates connections its VPC opens; it accepts none.
            self.hop(|w| {
                (gw(w), gw_kind, HopAction::Deny, None, "NAT gateways accept no inbound connections".to_string())
            });
            let dst = before.dst;
            return self.fail(|w| {
                let c = id(w, ResKey::Nat(n));
                expl(x::NO_ROUTE_TO_DESTINATION, c.clone(), "nat-gateway", None, None,
                    format!("{dst} is the address of NAT gateway {c}, and NAT gateways accept no inbound connections: they only translate connections that their VPC's interfaces open. To accept connections from the internet, give the server itself a public address (or put a load balancer in front)."))
            });
        }
        let public = w.public_ip_of(de);
        self.pkt.dst = de.private_ip;
        let private = de.private_ip;
        self.hop(|w| {
            let Some(g) = igw else {
                let detail = "no internet gateway is attached: nothing carries the packet in".to_string();
                return (id(w, ResKey::Vpc(vpc)), "vpc", HopAction::Deny, None, detail);
            };
            let detail = match public {
                Some(p) if p == before.dst => format!("translates {p} to {private}"),
                _ => format!("{private} has no public address"),
            };
            (id(w, ResKey::Igw(g)), "internet-gateway", HopAction::Forward, None, detail)
        });
        if public != Some(before.dst) {
            let (c, kind) = eni_component(w, d);
            self.block(move |w| {
                let g = gw(w);
                let cause = w.enis().get(d).and_then(|e| x::private_subnet_cause(w, e.subnet, &format!("{kind} {c}"))).unwrap_or_default();
                let e = expl(x::IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, g.clone(), gw_kind, None, None,
                    format!("{cause}{kind} {c} has only the private address {private}; an internet gateway forwards inbound traffic only to public IPv4 addresses or Elastic IPs. Associate an Elastic IP (or launch in a subnet that assigns public IPs), or put a load balancer in front."));
                with_fixes(e, w, fix::elastic_ip(w, d).into_iter().collect())
            })?;
        }
        let src = self.pkt.src;
        self.sender = None;
        let Some(igw) = igw else {
            // Without a gateway the response has no way back: list the destination's own
            // blockers, then stop.
            self.arrive(d, true)?;
            return Err(Stop);
        };
        let untranslated = self.untranslated;
        self.push_leg(LegKind::InternetToEni { to: d, igw, untranslated }, before, src);
        self.arrive(d, true)
    }

    fn start_internet(&mut self) -> Step {
        match self.dest.eni.or(self.dest.public_eni) {
            Some(d) => self.enter_from_internet(d),
            None => {
                let dst = self.pkt.dst;
                self.fail(|_| {
                    expl(x::NO_ROUTE_TO_DESTINATION, "internet".to_string(), "internet", None, None,
                        format!("{dst} is not an address of a resource in this account that the internet can reach (only public addresses of interfaces are)."))
                })
            }
        }
    }

    /// Through a NAT gateway: its subnet's ACL inbound, source translation, then its route table.
    fn via_nat(&mut self, from: EniKey, n: NatKey) -> Step {
        let w = self.w;
        let Some(nat) = w.nats().get(n) else { return Err(Stop) };
        let Some(ne) = nat.eni.and_then(|k| w.enis().get(k).map(|e| (k, e))) else {
            let state = nat.state.as_str();
            let why = match &nat.failure {
                Some((code, message)) => format!(" ({code}: {message})"),
                None => String::new(),
            };
            return self.fail(|w| {
                let c = id(w, ResKey::Nat(n));
                expl(x::BAD_STATE, c.clone(), "nat-gateway", None, None,
                    format!("NAT gateway {c} is {state}{why} and has no network interface, so it forwards nothing. Fix the cause and create a new one."))
            });
        };
        let (nk, nat_eni) = ne;
        let crossing = w.enis().get(from).map(|e| e.subnet) != Some(nat_eni.subnet);
        let before = self.pkt;
        self.push_leg(LegKind::Eni { from, to: nk, crossing, pcx: None }, before, before.src);
        if crossing {
            self.acl_step(nat_eni.subnet, false)?;
        }
        let in_vpc = w.vpcs().get(nat_eni.vpc).is_some_and(|v| v.contains(before.src));
        self.pkt.src = nat_eni.private_ip;
        self.pkt.src_port = ephemeral::WIDE.from;
        self.nat_side = true;
        self.used_nat = true;
        self.sender = Some(nk);
        let private = nat_eni.private_ip;
        self.hop(|w| {
            (
                id(w, ResKey::Nat(n)),
                "nat-gateway",
                HopAction::Forward,
                None,
                format!("translates {} to {private} (ports 1024-65535)", before.src),
            )
        });
        if nat.state != NatState::Available {
            let state = nat.state.as_str();
            self.block(|w| {
                let c = id(w, ResKey::Nat(n));
                expl(x::BAD_STATE, c.clone(), "nat-gateway", None, None,
                    format!("NAT gateway {c} is {state}, not available: it forwards nothing until it is. Wait for it (sim.advance) or create a new one."))
            })?;
        }
        self.az_check_nat(n, nk)?;
        if !in_vpc {
            let src = before.src;
            self.block(|w| {
                let c = id(w, ResKey::Nat(n));
                expl(x::NGW_REQUIRES_SOURCE_IN_VPC, c.clone(), "nat-gateway", None, None,
                    format!("NAT gateway {c} only translates traffic from its own VPC, and {src} is outside it. Give that network its own NAT gateway."))
            })?;
        }
        self.leave(nk, false)
    }

    /// Over a peering connection into the peer VPC.
    fn via_pcx(&mut self, from: EniKey, p: PcxKey) -> Step {
        let w = self.w;
        let (Some(pc), Some(e)) = (w.pcxs().get(p), w.enis().get(from)) else { return Err(Stop) };
        let peer = if pc.requester == e.vpc { pc.accepter } else { pc.requester };
        self.hop(|w| {
            (
                id(w, ResKey::Pcx(p)),
                "vpc-peering-connection",
                HopAction::Forward,
                None,
                format!("to {}", id(w, ResKey::Vpc(peer))),
            )
        });
        let dst = self.pkt.dst;
        if !w.vpcs().get(peer).is_some_and(|v| v.contains(dst)) {
            return self.fail(|w| {
                let c = id(w, ResKey::Pcx(p));
                let v = w.vpcs().get(peer);
                let blocks = v.map(|v| v.cidrs.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")).unwrap_or_default();
                let pv = id(w, ResKey::Vpc(peer));
                let in_vpc = w.vpcs().iter().find(|(k, v)| *k != peer && v.contains(dst)).map(|(k, _)| id(w, ResKey::Vpc(k)));
                let advice = match in_vpc {
                    Some(v) => format!("Peering is not transitive: peer with {v} directly (or use a transit gateway) and route {dst} over that."),
                    None => format!("{dst} is outside every VPC, and a peered VPC's internet gateway, NAT gateway, VPN or Direct Connect cannot be used (no edge-to-edge routing): give this VPC its own way there (an internet gateway or NAT gateway for the internet, a VPN for on-premises) and route {dst} to it."),
                };
                expl(x::PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, c.clone(), "vpc-peering-connection", None, None,
                    format!("Peering connection {c} only carries traffic to {pv} ({blocks}); {dst} is outside it. {advice}"))
            });
        }
        self.deliver_local(peer, from, Some(p), ResKey::Pcx(p))
    }

    /// Through a virtual private gateway to the on-premises site owning the address.
    fn via_vgw(&mut self, from: EniKey, g: VgwKey) -> Step {
        let w = self.w;
        self.hop(|w| (id(w, ResKey::Vgw(g)), "vpn-gateway", HopAction::Forward, None, String::new()));
        let dst = self.pkt.dst;
        let Some(site) = w.site_for(dst) else {
            return self.fail(|w| {
                expl(x::NO_ROUTE_TO_DESTINATION, id(w, ResKey::Vgw(g)), "vpn-gateway", None, None,
                    format!("No on-premises site behind {} owns {dst}. Route {dst} elsewhere, or create the site that holds it.", id(w, ResKey::Vgw(g))))
            });
        };
        let Some((link, _)) = self.site_link(site, |x| x == g) else {
            return self.fail(|w| {
                let s = id(w, ResKey::Site(site));
                expl(x::NO_ROUTE_TO_DESTINATION, id(w, ResKey::Vgw(g)), "vpn-gateway", None, None,
                    format!("Site {s} owns {dst} but is not connected to {} by a VPN connection or Direct Connect VIF. Connect it (site:connect(vpn)).", id(w, ResKey::Vgw(g))))
            });
        };
        self.link_step(link)?;
        let before = self.pkt;
        self.push_leg(LegKind::EniToSite { from, vgw: g, site, link }, before, before.src);
        self.sender = None;
        self.hop(|w| (id(w, ResKey::Site(site)), "onprem-site", HopAction::Forward, None, String::new()));
        if let Some(h) = self.dest.host
            && w.hosts().get(h).is_some_and(|x| x.ip == dst)
        {
            self.hop(|w| (id(w, ResKey::Host(h)), "host", HopAction::Allow, None, "destination".to_string()));
            return Ok(());
        }
        if self.dest.is_outside() && self.dest.addr == dst {
            return Ok(());
        }
        self.fail(|w| {
            expl(
                x::NO_ROUTE_TO_DESTINATION,
                id(w, ResKey::Site(site)),
                "onprem-site",
                None,
                None,
                format!(
                    "The packet for {dst} reaches site {}, which is not where the destination is.",
                    id(w, ResKey::Site(site))
                ),
            )
        })
    }

    /// Through an appliance (instance or interface route target): no translation.
    fn via_appliance(&mut self, from: EniKey, a: EniKey) -> Step {
        let w = self.w;
        let Some(ae) = w.enis().get(a) else { return Err(Stop) };
        let crossing = w.enis().get(from).map(|e| e.subnet) != Some(ae.subnet);
        let before = self.pkt;
        self.push_leg(LegKind::Eni { from, to: a, crossing, pcx: None }, before, before.src);
        if crossing {
            self.acl_step(ae.subnet, false)?;
        }
        let (c, kind) = if S::FULL { eni_component(w, a) } else { (String::new(), "") };
        let c2 = c.clone();
        let check = ae.source_dest_check;
        self.hop(move |_| {
            if check {
                (
                    c2,
                    kind,
                    HopAction::Deny,
                    None,
                    "appliance: its source/destination check is on, so it drops traffic not addressed to itself"
                        .to_string(),
                )
            } else {
                (c2, kind, HopAction::Forward, None, "appliance: forwards without translation".to_string())
            }
        });
        let inst_key = ae.attachment.map(|x| x.instance);
        let inst = inst_key.and_then(|k| w.instances().get(k));
        if let Some(state) = inst.filter(|i| i.state != InstanceState::Running).map(|i| i.state.as_str()) {
            let c2 = c.clone();
            self.block(move |w| {
                let (advice, fixes) = x::state_advice(w, inst_key.map(ResKey::Instance), state);
                let e = expl(
                    x::BAD_STATE,
                    c2.clone(),
                    kind,
                    None,
                    None,
                    format!("Appliance {c2} is {state}: it forwards nothing until it is running; {advice}."),
                );
                with_fixes(e, w, fixes)
            })?;
        }
        if inst.is_none() && ae.owner == EniOwner::User {
            let c2 = c.clone();
            self.block(move |_| {
                expl(
                    x::BAD_STATE,
                    c2.clone(),
                    kind,
                    None,
                    None,
                    format!(
                        "Interface {c2} is not attached to an instance, so nothing forwards the traffic routed to it."
                    ),
                )
            })?;
        }
        if ae.source_dest_check {
            let dst = self.pkt.dst;
            self.block(move |w| {
                let e = expl(x::ENI_SOURCE_DEST_CHECK_RESTRICTION, id(w, ResKey::Eni(a)), "network-interface", None, None,
                    format!("Routes send the packet for {dst} to {kind} {c}, but its source/destination check is on, so it drops traffic not addressed to itself."));
                with_fixes(e, w, vec![Fix::DisableSourceDestCheck(a)])
            })?;
        }
        // The appliance's own groups see the forwarded packet: inbound from the sender,
        // outbound towards the destination (checked by `leave`).
        if !ae.security_groups.is_empty() {
            self.sg_step(a, false)?;
        }
        // Past a middlebox, group references no longer match the client (AWS): only its
        // address, which the appliance keeps, does.
        self.sender = None;
        self.via_appliance = Some(a);
        self.leave(a, true)
    }

    /// From an on-premises address: over the site's link into the destination VPC.
    fn start_site(&mut self, site: SiteKey) -> Step {
        let w = self.w;
        let origin = self.origin;
        if matches!(origin.res, Some(ResKey::Host(_))) {
            self.hop(|w| (id(w, ResKey::Site(site)), "onprem-site", HopAction::Forward, None, String::new()));
        }
        let dst = self.pkt.dst;
        let target = self.dest.eni.and_then(|d| w.enis().get(d).map(|e| (d, e.vpc)));
        let Some((d, vpc)) = target else {
            return self.fail(|w| {
                expl(x::NO_ROUTE_TO_DESTINATION, id(w, ResKey::Site(site)), "onprem-site", None, None,
                    format!("Site {} sends only the VPC blocks it is connected to over its links; {dst} is not one of them.", id(w, ResKey::Site(site))))
            });
        };
        let link = self.site_link(site, |g| w.vgws().get(g).is_some_and(|x| x.vpc == Some(vpc)));
        let Some((link, g)) = link else {
            return self.fail(|w| {
                let v = id(w, ResKey::Vpc(vpc));
                expl(x::NO_ROUTE_TO_DESTINATION, id(w, ResKey::Site(site)), "onprem-site", None, None,
                    format!("Site {} has no VPN connection or Direct Connect VIF to a virtual private gateway attached to {v}, so it has no route to {dst}. Attach a VGW to {v}, create a VPN connection (or private VIF) on it and connect the site.", id(w, ResKey::Site(site))))
            });
        };
        self.link_step(link)?;
        self.hop(|w| (id(w, ResKey::Vgw(g)), "vpn-gateway", HopAction::Forward, None, String::new()));
        if S::FULL
            && let Some(n) = super::overlap::from_site(w, site, vpc, dst)
        {
            self.sink.note(false, n);
        }
        let before = self.pkt;
        self.push_leg(LegKind::SiteToEni { to: d, vgw: g, site, link }, before, before.src);
        self.sender = None;
        self.arrive(d, true)
    }

    /// From a Client VPN client: authorization, translation to the endpoint's interface in its
    /// first target subnet, then that interface's path.
    fn start_client(&mut self, c: CvpnKey) -> Step {
        let w = self.w;
        let Some(ep) = w.cvpns().get(c) else { return Err(Stop) };
        let Some(&ce) = ep.enis.first() else { return Err(Stop) };
        let Some(eni) = w.enis().get(ce) else { return Err(Stop) };
        let before = self.pkt;
        self.pkt.src = eni.private_ip;
        self.sender = Some(ce);
        self.push_leg(LegKind::ClientToEni { cvpn: c }, before, eni.private_ip);
        let private = eni.private_ip;
        self.hop(|w| {
            (
                id(w, ResKey::Cvpn(c)),
                "client-vpn-endpoint",
                HopAction::Forward,
                None,
                format!("translates {} to {private}", before.src),
            )
        });
        let dst = before.dst;
        if !ep.authorized.iter().any(|a| a.contains_addr(dst)) {
            self.block(|w| {
                let id = id(w, ResKey::Cvpn(c));
                expl(x::NO_ROUTE_TO_DESTINATION, id.clone(), "client-vpn-endpoint", None, None,
                    format!("Client VPN endpoint {id} has no authorization rule covering {dst}, so clients may not reach it. Add one: authorize{{cidr_block = \"{dst}/32\"}} (or the destination's network)."))
            })?;
        }
        self.leave(ce, true)
    }
}

/// `BAD_STATE_ROUTE` for a blackhole route, naming its target's actual state.
pub(crate) fn blackhole_expl(w: &World, rtb: RtbKey, route: &crate::model::Route, which: &str) -> Explanation {
    let r = id(w, ResKey::Rtb(rtb));
    let (why, fixes) = x::blackhole(w, rtb, route.target);
    let e = expl(
        x::BAD_STATE_ROUTE,
        r.clone(),
        "route-table",
        None,
        Some(x::route_text(w, route)),
        format!("The {which}route {} in {r} is a blackhole: {why}.", route.destination),
    );
    with_fixes(e, w, fixes)
}

/// A route that can lead to `dst` from `vpc`: the peer VPC's block over an active peering,
/// or the internet over the VPC's internet gateway.
fn route_fix(w: &World, rtb: RtbKey, vpc: VpcKey, to: Option<VpcKey>, dst: Ipv4Addr) -> Option<Fix> {
    match to {
        Some(t) if t != vpc => {
            let p = w.active_peering(vpc, t)?;
            let block = w.vpcs().get(t)?.cidrs.iter().find(|c| c.contains_addr(dst)).copied()?;
            fix::route(w, rtb, block, Target::Pcx(p))
        }
        Some(_) => None,
        None if is_rfc1918(dst) || w.vpcs().iter().any(|(_, v)| v.contains(dst)) || w.site_for(dst).is_some() => None,
        None => {
            let g = w.vpcs().get(vpc)?.internet_gateway?;
            fix::route(w, rtb, Cidr::parse("0.0.0.0/0").ok()?, Target::Igw(g))
        }
    }
}

/// The route table of a subnet, if both exist.
pub(crate) fn subnet_rtb(w: &World, s: SubnetKey) -> Option<RtbKey> {
    w.effective_route_table(s).ok()
}
