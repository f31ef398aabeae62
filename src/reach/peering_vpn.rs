//! The private edges of a VPC: over a peering connection into the peer VPC, through a
//! virtual private gateway to an on-premises site, from a site into a VPC, and from a Client
//! VPN client.

use super::engine::{Engine, LegKind, Sink, Step, Stop, expl};
use super::explain::{self as x, id};
use super::trace::HopAction;
use crate::model::{CvpnKey, EniKey, PcxKey, ResKey, SiteKey, VgwKey};

impl<S: Sink> Engine<'_, S> {
    /// Over a peering connection into the peer VPC.
    pub(super) fn via_pcx(&mut self, from: EniKey, p: PcxKey) -> Step {
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
    pub(super) fn via_vgw(&mut self, from: EniKey, g: VgwKey) -> Step {
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
                    format!("Site {s} owns {dst} but is not connected to {} by a VPN connection or Direct Connect VIF. Create a VPN connection (or private VIF) on it, then connect the site (site:connect(vpn)).", id(w, ResKey::Vgw(g))))
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

    /// From an on-premises address: over the site's link into the destination VPC.
    pub(super) fn start_site(&mut self, site: SiteKey) -> Step {
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
                let fix = match w.vpcs().get(vpc).and_then(|x| x.vpn_gateway) {
                    Some(own) => format!("Create a VPN connection (or private VIF) on its gateway {} and connect the site.", id(w, ResKey::Vgw(own))),
                    None => format!("Attach a VGW to {v}, create a VPN connection (or private VIF) on it and connect the site."),
                };
                expl(x::NO_ROUTE_TO_DESTINATION, id(w, ResKey::Site(site)), "onprem-site", None, None,
                    format!("Site {} has no VPN connection or Direct Connect VIF to a virtual private gateway attached to {v}, so it has no route to {dst}. {fix}", id(w, ResKey::Site(site))))
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
    pub(super) fn start_client(&mut self, c: CvpnKey) -> Step {
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
