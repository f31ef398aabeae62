//! The walk's engine: one walk for `trace` (records every hop and blocker) and `reachable`
//! (stops at the first blocker, builds no strings), so both give the same verdict. This file
//! holds the sinks, the legs, the engine state, `run` and the steps every part of the walk
//! uses (hops, blockers, legs, endpoint state); `forward.rs` walks the request out, `back.rs`
//! walks the response back.

use super::endpoint::{self, Dest, EndInfo, Endpoint, Home};
use super::explain::{self as x, id};
use super::fix::{self, Fix};
use super::trace::{Direction, Explanation, Hop, HopAction, Packet};
use super::{Flow, ephemeral};
use crate::model::{
    AwsError, CvpnKey, EniKey, IgwKey, PcxKey, Protocol, ResKey, RtbKey, SiteKey, SiteLink, VgwKey, VpcKey, World,
};
use crate::net::{PortRange, PortSet};
use std::net::Ipv4Addr;

/// The walk cannot (or, in fast mode, need not) go on.
pub(super) struct Stop;
/// A step of the walk.
pub(super) type Step = Result<(), Stop>;

/// Where hops and explanations go.
pub(super) trait Sink {
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
pub(super) struct Fast;

impl Sink for Fast {
    const FULL: bool = false;
    fn hop(&mut self, _: bool, _: Hop) {}
    fn explain(&mut self, _: bool, _: Explanation) {}
    fn note(&mut self, _: bool, _: String) {}
}

/// `trace`: every hop and every blocker.
#[derive(Default)]
pub(super) struct Full {
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

/// One movement of the packet between two nodes (interfaces, the internet, a site).
#[derive(Debug, Clone, Copy)]
pub(super) enum LegKind {
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
pub(super) struct Leg {
    pub kind: LegKind,
    /// The packet as sent (before any translation at the receiving gateway).
    pub pkt: Packet,
    /// The source address as the receiver sees it.
    pub src_at_to: Ipv4Addr,
    /// Whether the leg is between a NAT gateway and the destination (ports 1024–65535 back).
    pub nat_side: bool,
}

/// The engine state.
pub(super) struct Engine<'w, S: Sink> {
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
pub(super) struct Outcome<S> {
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
pub(super) fn run<S: Sink>(w: &World, flow: &Flow, sink: S) -> Result<Outcome<S>, AwsError> {
    let origin = endpoint::info(w, flow.source)?;
    let dest = endpoint::dest(w, flow.destination, &origin)?;
    Ok(run_resolved(w, flow, origin, dest, sink))
}

/// Evaluates a flow whose endpoints are already resolved.
pub(super) fn run_resolved<S: Sink>(w: &World, flow: &Flow, origin: EndInfo, dest: Dest, sink: S) -> Outcome<S> {
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
pub(super) type HopSpec = (String, &'static str, HopAction, Option<String>, String);

/// Builds an explanation.
pub(super) fn expl(
    code: &'static str,
    component: String,
    kind: &'static str,
    direction: Option<Direction>,
    rule: Option<String>,
    message: String,
) -> Explanation {
    Explanation { code, label: component.clone(), component, kind, direction, rule, message, fixes: Vec::new() }
}

/// An explanation whose message ends with the fixes that remove it.
pub(super) fn with_fixes(mut e: Explanation, w: &World, fixes: Vec<Fix>) -> Explanation {
    e.message.push_str(&fix::sentence(w, &fixes));
    e.fixes = fixes;
    e
}

/// The id and kind shown for an interface: its instance, NAT gateway or itself.
pub(super) fn eni_component(w: &World, eni: EniKey) -> (String, &'static str) {
    match endpoint::resolve_eni(w, eni) {
        Endpoint::Instance(i) => (id(w, ResKey::Instance(i)), "instance"),
        Endpoint::Nat(n) => (id(w, ResKey::Nat(n)), "nat-gateway"),
        _ => (id(w, ResKey::Eni(eni)), "network-interface"),
    }
}

/// The id shown for an endpoint: its resource, or `internet`.
pub(super) fn info_component(info: &EndInfo, w: &World) -> String {
    match info.res {
        Some(r) => id(w, r),
        None => "internet".to_string(),
    }
}

impl<'w, S: Sink> Engine<'w, S> {
    /// Records a hop (built only in full mode).
    pub(super) fn hop(&mut self, f: impl FnOnce(&'w World) -> HopSpec) {
        if S::FULL {
            let (component, kind, action, rule, detail) = f(self.w);
            let hop =
                Hop { label: component.clone(), component, kind, action, rule, packet: self.pkt, detail, note: None };
            self.sink.hop(self.ret, hop);
        }
    }

    /// Notes on the last hop (built only in full mode) which side of a VPC / on-premises
    /// overlap the route table `rtb` of `vpc` picked for the packet, when it is in one.
    pub(super) fn overlap_note(&mut self, rtb: RtbKey, vpc: VpcKey, route: &crate::model::Route) {
        if S::FULL
            && let Some(n) = super::overlap::note(self.w, rtb, vpc, self.pkt.dst, route, self.ret)
        {
            self.sink.note(self.ret, n);
        }
    }

    /// Records a blocker; the walk goes on in full mode.
    pub(super) fn block(&mut self, f: impl FnOnce(&'w World) -> Explanation) -> Step {
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
    pub(super) fn fail(&mut self, f: impl FnOnce(&'w World) -> Explanation) -> Step {
        self.block(f)?;
        Err(Stop)
    }

    /// Records a leg of the path as its sender sent the packet.
    pub(super) fn push_leg(&mut self, kind: LegKind, pkt: Packet, src_at_to: Ipv4Addr) {
        self.legs.push(Leg { kind, pkt, src_at_to, nat_side: self.nat_side });
    }

    /// Blocks an endpoint in a failed AZ or not running (available).
    pub(super) fn state_check(&mut self, info: EndInfo) -> Step {
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
}
