//! The forward path inside a VPC: from the source, out of an interface (its groups, the
//! subnet's ACL and route table) to the route's target, and into the destination interface.
//! The targets past the VPC's own interfaces are in `internet.rs`, `middleboxes.rs` and
//! `peering_vpn.rs`.

use super::endpoint::Home;
use super::engine::{Engine, LegKind, Sink, Step, Stop, expl, info_component, with_fixes};
use super::explain::{self as x, id};
use super::fix::{self, Fix};
use super::trace::{Explanation, HopAction};
use crate::model::{EniKey, PcxKey, Protocol, ResKey, RouteState, RtbKey, SubnetKey, Target, VpcKey, World};
use crate::net::{Cidr, is_rfc1918};
use std::net::Ipv4Addr;

/// How many legs a path may have before it is called a loop.
const MAX_LEGS: usize = 12;

impl<S: Sink> Engine<'_, S> {
    /// Steps 1–8 from the source to the destination.
    pub(super) fn forward(&mut self) -> Step {
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

    /// Leaves an interface: its egress groups, same-subnet delivery, the subnet's ACL and
    /// route table, then the route's target.
    pub(super) fn leave(&mut self, eni: EniKey, check_groups: bool) -> Step {
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
    pub(super) fn deliver_local(&mut self, vpc: VpcKey, from: EniKey, pcx: Option<PcxKey>, at: ResKey) -> Step {
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
    pub(super) fn arrive(&mut self, d: EniKey, crossing: bool) -> Step {
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
}

/// `BAD_STATE_ROUTE` for a blackhole route, naming its target's actual state.
pub(super) fn blackhole_expl(w: &World, rtb: RtbKey, route: &crate::model::Route, which: &str) -> Explanation {
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
pub(super) fn subnet_rtb(w: &World, s: SubnetKey) -> Option<RtbKey> {
    w.effective_route_table(s).ok()
}
