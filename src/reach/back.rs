//! The return path: the response walks the forward legs backwards. Security groups are
//! stateful and not consulted; network ACLs are, over the client's ephemeral ports (1024–65535
//! between a NAT gateway and the destination); every route table on the way back must send
//! the response back the way the request came, else the return is asymmetric.

use super::engine::{Engine, Leg, LegKind, Sink, Step, eni_component, expl, info_component, with_fixes};
use super::ephemeral::{acl_allowed, acl_uniform, is_whole};
use super::explain::{self as x, id};
use super::fix;
use super::forward::{blackhole_expl, subnet_rtb};
use super::trace::{Direction, HopAction};
use crate::model::{EniKey, ResKey, RouteState, SubnetKey, Target};
use crate::net::{Cidr, PortSet};
use std::net::Ipv4Addr;

impl<S: Sink> Engine<'_, S> {
    /// Walks every leg backwards, then the source hop.
    pub(crate) fn back(&mut self) -> Step {
        let legs = std::mem::take(&mut self.legs);
        for (i, leg) in legs.iter().enumerate().rev() {
            self.back_leg(leg, i.checked_sub(1).map(|p| &legs[p]))?;
        }
        let origin = self.origin;
        self.hop(|w| {
            (info_component(&origin, w), origin.kind, HopAction::Allow, None, "response received".to_string())
        });
        Ok(())
    }

    fn range_of(&self, leg: &Leg) -> crate::net::PortRange {
        if leg.nat_side { self.nat_range } else { self.client_range }
    }

    /// One forward leg backwards; `next` is the leg the response takes after it.
    fn back_leg(&mut self, leg: &Leg, next: Option<&Leg>) -> Step {
        let w = self.w;
        let range = self.range_of(leg);
        let fwd = leg.pkt;
        // The response as the receiver of the forward leg sends it.
        self.pkt.src_port = fwd.dst_port;
        self.pkt.dst_port = range.from;
        self.pkt.dst = leg.src_at_to;
        match leg.kind {
            LegKind::Eni { from, to, crossing, pcx } => {
                let (Some(fe), Some(te)) = (w.enis().get(from), w.enis().get(to)) else {
                    return Err(super::engine::Stop);
                };
                self.pkt.src = fwd.dst;
                if crossing {
                    self.ret_acl(te.subnet, true, leg)?;
                    let expected = match pcx {
                        Some(p) => Target::Pcx(p),
                        None if fe.private_ip == leg.src_at_to => Target::Local,
                        None => Target::Eni(from),
                    };
                    self.ret_route(te.subnet, expected, from)?;
                    if let Some(p) = pcx {
                        self.hop(|w| {
                            (id(w, ResKey::Pcx(p)), "vpc-peering-connection", HopAction::Forward, None, String::new())
                        });
                    }
                    self.ret_acl(fe.subnet, false, leg)?;
                }
                self.arrive_back(from, leg, next)
            }
            LegKind::EniToInternet { from, igw } => {
                let Some(fe) = w.enis().get(from) else { return Err(super::engine::Stop) };
                self.pkt.src = fwd.dst;
                self.pkt.dst = fwd.src;
                let private = fe.private_ip;
                let public = leg.src_at_to;
                self.hop(|w| {
                    let detail = if public == private {
                        format!("{private} has no public address to translate back")
                    } else {
                        format!("translates {public} back to {private}")
                    };
                    (id(w, ResKey::Igw(igw)), "internet-gateway", HopAction::Forward, None, detail)
                });
                self.ret_acl(fe.subnet, false, leg)?;
                self.arrive_back(from, leg, next)
            }
            LegKind::InternetToEni { to, igw, untranslated } => {
                let Some(te) = w.enis().get(to) else { return Err(super::engine::Stop) };
                if untranslated {
                    // The request came from a private address the internet cannot answer.
                    return Err(super::engine::Stop);
                }
                self.pkt.src = te.private_ip;
                self.ret_acl(te.subnet, true, leg)?;
                self.ret_route(te.subnet, Target::Igw(igw), to)?;
                self.pkt.src = fwd.dst;
                let public = fwd.dst;
                self.hop(|w| {
                    (
                        id(w, ResKey::Igw(igw)),
                        "internet-gateway",
                        HopAction::Forward,
                        None,
                        format!("translates the source to {public}"),
                    )
                });
                Ok(())
            }
            LegKind::EniToSite { from, vgw, site, link } => {
                let Some(fe) = w.enis().get(from) else { return Err(super::engine::Stop) };
                self.pkt.src = fwd.dst;
                self.hop(|w| (id(w, ResKey::Site(site)), "onprem-site", HopAction::Forward, None, String::new()));
                self.link_step(link)?;
                self.hop(|w| (id(w, ResKey::Vgw(vgw)), "vpn-gateway", HopAction::Forward, None, String::new()));
                self.ret_acl(fe.subnet, false, leg)?;
                self.arrive_back(from, leg, next)
            }
            LegKind::SiteToEni { to, vgw, site, link } => {
                let Some(te) = w.enis().get(to) else { return Err(super::engine::Stop) };
                self.pkt.src = te.private_ip;
                self.ret_acl(te.subnet, true, leg)?;
                self.ret_route(te.subnet, Target::Vgw(vgw), to)?;
                self.hop(|w| (id(w, ResKey::Vgw(vgw)), "vpn-gateway", HopAction::Forward, None, String::new()));
                self.link_step(link)?;
                self.hop(|w| (id(w, ResKey::Site(site)), "onprem-site", HopAction::Forward, None, String::new()));
                Ok(())
            }
            LegKind::ClientToEni { cvpn } => {
                self.pkt.src = fwd.dst;
                self.pkt.dst = fwd.src;
                let client = fwd.src;
                self.hop(|w| {
                    (
                        id(w, ResKey::Cvpn(cvpn)),
                        "client-vpn-endpoint",
                        HopAction::Forward,
                        None,
                        format!("translates back to the client {client}"),
                    )
                });
                Ok(())
            }
        }
    }

    /// The response reaches the sender of a forward leg (a NAT gateway translates back).
    fn arrive_back(&mut self, from: EniKey, leg: &Leg, next: Option<&Leg>) -> Step {
        let w = self.w;
        let is_nat = w.enis().get(from).is_some_and(|e| matches!(e.owner, crate::model::EniOwner::NatGateway(_)));
        if is_nat && leg.nat_side {
            // The hop shows the response as it leaves the NAT gateway: back to the client.
            if let Some(n) = next {
                self.pkt.dst = n.src_at_to;
                self.pkt.dst_port = self.range_of(n).from;
            }
            let (c, kind) = if S::FULL { eni_component(w, from) } else { (String::new(), "") };
            self.hop(move |_| {
                (c, kind, HopAction::Forward, None, "translates the response back to the client".to_string())
            });
        } else if Some(from) != self.origin.eni && S::FULL {
            let (c, kind) = eni_component(w, from);
            self.hop(move |_| (c, kind, HopAction::Forward, None, String::new()));
        }
        Ok(())
    }

    /// A network ACL on the way back, over the leg's port range.
    fn ret_acl(&mut self, subnet: SubnetKey, egress: bool, leg: &Leg) -> Step {
        let w = self.w;
        let range = self.range_of(leg);
        let Some(acl) = w.subnets().get(subnet).and_then(|s| w.acls().get(s.network_acl)) else {
            return Err(super::engine::Stop);
        };
        let addr: Ipv4Addr = if egress { self.pkt.dst } else { self.pkt.src };
        let proto = self.proto;
        if !S::FULL {
            // The verdict alone: decide without building port sets where the ACL is uniform.
            match acl_uniform(acl, egress, proto, addr, range) {
                Some(true) => return Ok(()),
                Some(false) => {
                    self.blocked = true;
                    return Err(super::engine::Stop);
                }
                None => {}
            }
        }
        let allowed = acl_allowed(acl, egress, proto, addr, range);
        let whole = is_whole(&allowed, range);
        let first_rule =
            if S::FULL { Some(x::acl_rule_text(acl.evaluate(egress, proto, range.from, addr).entry)) } else { None };
        let way = if egress { "outbound" } else { "inbound" };
        let to_from = if egress { "to" } else { "from" };
        let allowed_text = if S::FULL { x::ranges_text(allowed.ranges()) } else { String::new() };
        let at = allowed_text.clone();
        self.hop(|_| {
            (
                acl.id.clone(),
                "network-acl",
                if whole { HopAction::Allow } else { HopAction::Deny },
                first_rule,
                if proto.has_ports() {
                    format!("{way} response {} {to_from} {addr}: allows {at}", x::range_text(proto, range))
                } else {
                    format!("{way} reply {} {to_from} {addr}", x::range_text(proto, range))
                },
            )
        });
        if !whole {
            let empty = allowed.is_empty();
            let nat = leg.nat_side;
            let acl_key = w.subnets().get(subnet).map(|s| s.network_acl);
            self.block(|w| {
                let sid = id(w, ResKey::Subnet(subnet));
                let what = x::range_text(proto, range);
                let message = if !proto.has_ports() {
                    format!("Network ACL {} of subnet {sid} blocks the {way} reply ({what}) {to_from} {addr}: ACLs are stateless, so the reply needs its own rule. Add an {way} allow rule for {what} {to_from} {addr}.", acl.id)
                } else if empty {
                    let whose = if nat { "the NAT gateway's ports" } else { "the client's ephemeral ports" };
                    format!("Network ACL {} of subnet {sid} blocks the {way} response ({what}, {whose}) {to_from} {addr}: ACLs are stateless, so the response needs its own rule. Add an {way} allow rule for {what} {to_from} {addr}.", acl.id)
                } else {
                    let whose = if nat { "the NAT gateway's ports" } else { "the client's ephemeral ports" };
                    let blocked = x::ranges_text(PortSet::from_range(range).subtract(&allowed).ranges());
                    format!("Network ACL {} of subnet {sid} allows only {allowed_text} of {whose} {range} for the {way} response {to_from} {addr}, and blocks {blocked}: connections will fail intermittently, whenever the client picks a blocked port. Allow the whole range {range} {way}.", acl.id)
                };
                let message = format!("{}{message}", super::filters::empty_acl(w, subnet, egress));
                let e = expl(x::SUBNET_ACL_RESTRICTION, acl.id.clone(), "network-acl", Some(Direction::of(egress)), None, message);
                let traffic = fix::flow_traffic(proto, range);
                let fixes = acl_key.and_then(|a| fix::acl_allow(w, a, egress, traffic, Cidr::host(addr)));
                with_fixes(e, w, fixes.into_iter().collect())
            })?;
        }
        // The whole range changes nothing (the common case: no allocation).
        if whole {
            return Ok(());
        }
        if leg.nat_side {
            self.allowed_nat = self.allowed_nat.intersect(&allowed);
        } else {
            self.allowed_client = self.allowed_client.intersect(&allowed);
        }
        Ok(())
    }

    /// The route table on the way back must send the response to where the request came from.
    fn ret_route(&mut self, subnet: SubnetKey, expected: Target, from: EniKey) -> Step {
        let w = self.w;
        let Some(rtb) = subnet_rtb(w, subnet) else { return Err(super::engine::Stop) };
        let dst = self.pkt.dst;
        let route = w.lookup_route(rtb, dst);
        let matches = route.as_ref().is_some_and(|r| match (r.target, expected) {
            (Target::Instance(i), Target::Eni(e)) => w.instances().get(i).is_some_and(|i| i.primary_eni == e),
            (a, b) => a == b,
        });
        let r2 = route.clone();
        let state = route.as_ref().map(|r| w.route_state(rtb, r));
        self.hop(|w| {
            let action =
                if matches && state == Some(RouteState::Active) { HopAction::Forward } else { HopAction::Deny };
            (
                id(w, ResKey::Rtb(rtb)),
                "route-table",
                action,
                r2.as_ref().map(|r| x::route_text(w, r)),
                format!("response to {dst}"),
            )
        });
        if let (Some(vpc), Some(r)) = (w.subnets().get(subnet).map(|s| s.vpc), &route) {
            self.overlap_note(rtb, vpc, r);
        }
        if let (Some(r), Some(RouteState::Blackhole)) = (&route, state) {
            // The specific cause first: whatever the route points at, it goes nowhere.
            let r2 = r.clone();
            return self.fail(|w| blackhole_expl(w, rtb, &r2, "return "));
        }
        if !matches {
            let r2 = route.clone();
            let better = x::better_table(w, subnet, dst, Some(expected));
            return self.fail(|w| {
                let r = id(w, ResKey::Rtb(rtb));
                let (back_to, _) = eni_component(w, from);
                let want = match expected {
                    Target::Local => "local".to_string(),
                    Target::Eni(e) => eni_component(w, e).0,
                    t => x::target_id(w, t),
                };
                let got = match &r2 {
                    Some(route) => format!("its route {} sends it to {} instead", route.destination, x::target_id(w, route.target)),
                    None => "it has no route for that address".to_string(),
                };
                let fixes = fix::route(w, rtb, Cidr::host(dst), expected);
                let local = r2.as_ref().is_some_and(|r| r.target == Target::Local);
                let advice = if fixes.is_none() && local {
                    "Asymmetric paths fail, and no route can change this one: the VPC's local route always wins for addresses in its own blocks, so the other side needs addresses outside them".to_string()
                } else {
                    format!("Asymmetric paths fail; add a route for {dst} to {want}")
                };
                let e = expl(x::NO_ROUTE_TO_DESTINATION, r.clone(), "route-table", None, r2.as_ref().map(|x2| x::route_text(w, x2)),
                    format!("{}The response to {dst} cannot go back the way the request came (through {want}, towards {back_to}): {got} in route table {r}. {advice}.", better.as_ref().map(|(t, r)| x::main_table_cause(w, subnet, *t, r)).unwrap_or_default()));
                // Associating the subnet is the fix; a route in the main table only the fallback.
                let fixes = match better {
                    Some((t, _)) => vec![super::Fix::AssociateRouteTable { rtb: t, subnet }],
                    None => fixes.into_iter().collect(),
                };
                with_fixes(e, w, fixes)
            });
        }
        Ok(())
    }
}
