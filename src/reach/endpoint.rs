//! Flow endpoints and how they resolve to interfaces, addresses and states.

use super::ephemeral;
use crate::model::{
    AwsError, CvpnKey, EniKey, EniOwner, HostHome, HostKey, InstanceKey, InstanceState, NatKey, NatState, ResKey,
    SiteKey, Target, VpcKey, World,
};
use crate::net::PortRange;
use std::net::Ipv4Addr;

/// The representative internet host of `"internet"`.
pub const INTERNET_HOST: Ipv4Addr = Ipv4Addr::new(93, 184, 216, 34);

/// One end of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// An instance (its primary interface).
    Instance(InstanceKey),
    /// A network interface.
    Eni(EniKey),
    /// A NAT gateway (its interface).
    Nat(NatKey),
    /// An on-premises host or a Client VPN client.
    Host(HostKey),
    /// An address outside every VPC: the internet, or an on-premises address without a host.
    Internet(Ipv4Addr),
}

/// The endpoint an address names: the interface holding it as a private address (an
/// instance's primary interface → `Instance`, a NAT gateway's → `Nat`), else a host with that
/// address, else an outside address. A public address of one of our own instances is an
/// outside address: traffic to it goes out through an internet gateway and back in.
pub fn resolve_address(world: &World, addr: Ipv4Addr) -> Endpoint {
    let mut found: Option<Endpoint> = None;
    for (k, e) in world.enis().iter() {
        if e.private_ip != addr {
            continue;
        }
        let ep = match (e.owner, e.attachment) {
            (EniOwner::NatGateway(n), _) => Endpoint::Nat(n),
            (_, Some(a)) if a.device_index == 0 => Endpoint::Instance(a.instance),
            _ => Endpoint::Eni(k),
        };
        match (found, ep) {
            (None, _) | (Some(Endpoint::Eni(_)), Endpoint::Instance(_)) => found = Some(ep),
            _ => {}
        }
    }
    if let Some(ep) = found {
        return ep;
    }
    if let Some((k, _)) = world.hosts().iter().find(|(_, h)| h.ip == addr) {
        return Endpoint::Host(k);
    }
    Endpoint::Internet(addr)
}

/// What a trace needs to know about an endpoint.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EndInfo {
    /// The resource shown in hops (`None`: the internet).
    pub res: Option<ResKey>,
    /// Its kind name.
    pub kind: &'static str,
    /// Its interface.
    pub eni: Option<EniKey>,
    /// The state name when it is not working.
    pub bad_state: Option<&'static str>,
    /// Whether it is gone for good (terminated, deleted): the path cannot be followed.
    pub gone: bool,
    /// Its ephemeral range as a client.
    pub range: PortRange,
    /// Its address (private address of its interface, host address, internet address).
    pub addr: Ipv4Addr,
    /// Where it lives when it is not an interface.
    pub home: Home,
}

/// Where a non-interface endpoint lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Home {
    /// An interface in a VPC.
    Vpc,
    /// The internet.
    Internet,
    /// An on-premises site.
    Site(SiteKey),
    /// A Client VPN endpoint.
    Client(CvpnKey),
}

fn instance_info(w: &World, k: InstanceKey) -> Result<EndInfo, AwsError> {
    let i = w.instance(k)?;
    let eni = w.enis().get(i.primary_eni).map(|_| i.primary_eni);
    Ok(EndInfo {
        res: Some(ResKey::Instance(k)),
        kind: "instance",
        eni,
        bad_state: (i.state != InstanceState::Running).then(|| i.state.as_str()),
        gone: eni.is_none() || i.state == InstanceState::Terminated,
        range: ephemeral::of_os(i.platform),
        addr: eni.and_then(|e| w.enis().get(e)).map(|e| e.private_ip).unwrap_or(Ipv4Addr::UNSPECIFIED),
        home: Home::Vpc,
    })
}

fn nat_info(w: &World, k: NatKey) -> Result<EndInfo, AwsError> {
    let n = w.nat(k)?;
    let eni = n.eni.filter(|e| w.enis().get(*e).is_some());
    Ok(EndInfo {
        res: Some(ResKey::Nat(k)),
        kind: "nat-gateway",
        eni,
        bad_state: (n.state != NatState::Available).then(|| n.state.as_str()),
        gone: eni.is_none() || n.state == NatState::Deleted,
        range: ephemeral::WIDE,
        addr: eni.and_then(|e| w.enis().get(e)).map(|e| e.private_ip).unwrap_or(Ipv4Addr::UNSPECIFIED),
        home: Home::Vpc,
    })
}

/// Resolves an endpoint; a resource that does not exist is its kind's NotFound error.
pub(crate) fn info(w: &World, ep: Endpoint) -> Result<EndInfo, AwsError> {
    match ep {
        Endpoint::Instance(k) => instance_info(w, k),
        Endpoint::Nat(k) => nat_info(w, k),
        Endpoint::Eni(k) => {
            let e = w.eni(k)?;
            let mut out = EndInfo {
                res: Some(ResKey::Eni(k)),
                kind: "network-interface",
                eni: Some(k),
                bad_state: None,
                gone: false,
                range: ephemeral::LINUX,
                addr: e.private_ip,
                home: Home::Vpc,
            };
            match (e.owner, e.attachment) {
                (EniOwner::NatGateway(n), _) => {
                    let n = nat_info(w, n)?;
                    out.bad_state = n.bad_state;
                    out.gone = n.gone;
                    out.range = ephemeral::WIDE;
                }
                (EniOwner::ClientVpn(_), _) => out.range = ephemeral::WIDE,
                (EniOwner::User, Some(a)) => {
                    let i = instance_info(w, a.instance)?;
                    out.bad_state = i.bad_state;
                    out.gone = w.instances().get(a.instance).is_none_or(|i| i.state == InstanceState::Terminated);
                    out.range = i.range;
                }
                (EniOwner::User, None) => out.bad_state = Some("available (not attached to an instance)"),
            }
            Ok(out)
        }
        Endpoint::Host(k) => {
            let h = w.host(k)?;
            Ok(EndInfo {
                res: Some(ResKey::Host(k)),
                kind: "host",
                eni: None,
                bad_state: None,
                gone: false,
                range: ephemeral::WIDE,
                addr: h.ip,
                home: match h.home {
                    HostHome::Site(s) => Home::Site(s),
                    HostHome::ClientVpn(c) => Home::Client(c),
                },
            })
        }
        Endpoint::Internet(a) if resolver_of(w, a, None).is_some() => Err(AwsError::new(
            "InvalidParameterValue",
            format!(
                "{a} is a VPC's Route 53 Resolver: it answers DNS queries and opens no connections, so it cannot be a source"
            ),
        )),
        Endpoint::Internet(a) => check_not_reserved(w, a).map(|()| EndInfo {
            res: None,
            kind: "internet",
            eni: None,
            bad_state: None,
            gone: false,
            range: ephemeral::WIDE,
            addr: a,
            home: match w.site_for(a) {
                Some(s) => Home::Site(s),
                None => Home::Internet,
            },
        }),
    }
}

/// The destination of a flow as the walk needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dest {
    /// The endpoint as given (or as found behind an outside address).
    pub info: EndInfo,
    /// The interface reached by its private address.
    pub eni: Option<EniKey>,
    /// The interface reached by its public address (out through an internet gateway and back in).
    pub public_eni: Option<EniKey>,
    /// The host, for on-premises hosts and clients.
    pub host: Option<HostKey>,
    /// The address the packet is sent to.
    pub addr: Ipv4Addr,
    /// The VPC whose Route 53 Resolver the address is.
    pub resolver: Option<VpcKey>,
    /// The address the caller named, when the destination was given as one.
    pub named: Option<Ipv4Addr>,
}

impl Dest {
    /// Whether the destination is a plain outside address (not one of ours).
    pub fn is_outside(&self) -> bool {
        self.eni.is_none() && self.public_eni.is_none() && self.host.is_none()
    }
}

/// The VPC whose Route 53 Resolver listens at `a` (primary block's base + 2), preferring `near`.
fn resolver_of(w: &World, a: Ipv4Addr, near: Option<VpcKey>) -> Option<VpcKey> {
    let at = |v: &crate::model::Vpc| v.cidrs.first().is_some_and(|c| c.first_u32().wrapping_add(2) == u32::from(a));
    match near {
        Some(n) if w.vpcs().get(n).is_some_and(at) => Some(n),
        _ => w.vpcs().iter().find(|(_, v)| at(v)).map(|(k, _)| k),
    }
}

/// Refuses an address AWS reserves in a subnet (other than the VPC's resolver): not an endpoint.
fn check_not_reserved(w: &World, a: Ipv4Addr) -> Result<(), AwsError> {
    match w.subnets().iter().find(|(_, s)| s.cidr.is_reserved_in_subnet(a)) {
        Some((_, s)) => {
            let purpose =
                s.cidr.aws_reserved().into_iter().find(|(x, _)| *x == a).map(|(_, p)| p).unwrap_or("reserved");
            Err(AwsError::new(
                "InvalidParameterValue",
                format!("{a} is an address AWS reserves in {} ({purpose}): it is not a traffic endpoint", s.id),
            ))
        }
        None => Ok(()),
    }
}

/// Of the interfaces holding private address `a`, the one the source's routes lead to: a
/// local route keeps it in the source's VPC, a peering route picks the peer VPC's.
fn along_routes(w: &World, a: Ipv4Addr, origin: &EndInfo, holders: &[EniKey]) -> Option<EniKey> {
    let first = holders.first().copied();
    if holders.len() < 2 {
        return first;
    }
    let Some(src) = origin.eni.and_then(|e| w.enis().get(e)) else { return first };
    let vpc = match w.effective_route_table(src.subnet).ok().and_then(|r| w.lookup_route(r, a)).map(|r| r.target) {
        Some(Target::Pcx(p)) => w.pcxs().get(p).map(|p| if p.requester == src.vpc { p.accepter } else { p.requester }),
        _ => Some(src.vpc),
    };
    holders.iter().copied().find(|k| w.enis().get(*k).map(|e| e.vpc) == vpc).or(first)
}

/// Resolves the destination: an address is resolved along the source's routes to the
/// interface holding it (or the VPC's resolver), and an outside address may turn out to be
/// one of our public addresses.
pub(crate) fn dest(w: &World, ep: Endpoint, origin: &EndInfo) -> Result<Dest, AwsError> {
    if let Endpoint::Internet(a) = ep {
        let near = origin.eni.and_then(|e| w.enis().get(e)).map(|e| e.vpc);
        if let Some(v) = resolver_of(w, a, near) {
            let info = EndInfo {
                res: Some(ResKey::Vpc(v)),
                kind: "route-53-resolver",
                eni: None,
                bad_state: None,
                gone: false,
                range: ephemeral::WIDE,
                addr: a,
                home: Home::Vpc,
            };
            let d = Dest { info, eni: None, public_eni: None, host: None, addr: a, resolver: Some(v), named: Some(a) };
            return Ok(d);
        }
    }
    let info = info(w, ep)?;
    let plain = Dest { info, eni: None, public_eni: None, host: None, addr: info.addr, resolver: None, named: None };
    match ep {
        Endpoint::Internet(a) => {
            let in_vpc = w.vpcs().iter().any(|(_, v)| v.contains(a));
            let mut holders = Vec::new();
            let mut public = None;
            for (k, e) in w.enis().iter() {
                if in_vpc && e.private_ip == a {
                    holders.push(k);
                }
                if public.is_none() && (e.public_ip.is_some() || e.eip.is_some()) && w.public_ip_of(e) == Some(a) {
                    public = Some(k);
                }
            }
            // A NAT gateway's Elastic IP is the NAT's, not its interface's.
            let public = public
                .or_else(|| w.nats().iter().find(|(k, _)| w.nat_public_ip(*k) == Some(a)).and_then(|(_, n)| n.eni));
            let private = along_routes(w, a, origin, &holders);
            if let Some(k) = private.or(public) {
                let owner = resolve_eni(w, k);
                let mut inner = self::info(w, owner)?;
                inner.addr = a;
                return Ok(Dest { info: inner, eni: private, public_eni: public, named: Some(a), ..plain });
            }
            Ok(plain)
        }
        Endpoint::Host(h) => Ok(Dest { host: Some(h), ..plain }),
        _ => Ok(Dest { eni: info.eni, ..plain }),
    }
}

/// The endpoint an interface stands for (an instance's primary interface → the instance).
pub(crate) fn resolve_eni(w: &World, k: EniKey) -> Endpoint {
    match w.enis().get(k).map(|e| (e.owner, e.attachment)) {
        Some((EniOwner::NatGateway(n), _)) => Endpoint::Nat(n),
        Some((_, Some(a))) if a.device_index == 0 => Endpoint::Instance(a.instance),
        _ => Endpoint::Eni(k),
    }
}
