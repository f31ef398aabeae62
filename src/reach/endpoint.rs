//! Flow endpoints and how they resolve to interfaces, addresses and states.

use super::ephemeral;
use crate::model::{
    AwsError, CvpnKey, EniKey, EniOwner, HostHome, HostKey, InstanceKey, InstanceState, NatKey, NatState, ResKey,
    SiteKey, World,
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
        Endpoint::Internet(a) => Ok(EndInfo {
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
}

impl Dest {
    /// Whether the destination is a plain outside address (not one of ours).
    pub fn is_outside(&self) -> bool {
        self.eni.is_none() && self.public_eni.is_none() && self.host.is_none()
    }
}

/// Resolves the destination; an outside address may turn out to be one of our public addresses.
pub(crate) fn dest(w: &World, ep: Endpoint) -> Result<Dest, AwsError> {
    let info = info(w, ep)?;
    match ep {
        Endpoint::Internet(a) => {
            let in_vpc = w.vpcs().iter().any(|(_, v)| v.contains(a));
            let mut private = None;
            let mut public = None;
            for (k, e) in w.enis().iter() {
                if in_vpc && private.is_none() && e.private_ip == a {
                    private = Some(k);
                }
                if public.is_none() && (e.public_ip.is_some() || e.eip.is_some()) && w.public_ip_of(e) == Some(a) {
                    public = Some(k);
                }
            }
            if let Some(k) = private.or(public) {
                let owner = resolve_eni(w, k);
                let mut inner = self::info(w, owner)?;
                inner.addr = a;
                return Ok(Dest { info: inner, eni: private, public_eni: public, host: None, addr: a });
            }
            Ok(Dest { info, eni: None, public_eni: None, host: None, addr: a })
        }
        Endpoint::Host(h) => Ok(Dest { info, eni: None, public_eni: None, host: Some(h), addr: info.addr }),
        _ => Ok(Dest { info, eni: info.eni, public_eni: None, host: None, addr: info.addr }),
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
