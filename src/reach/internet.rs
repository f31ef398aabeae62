//! The internet edge of a VPC: out through an internet gateway (source translation), the
//! packet on the internet, in through the destination's internet gateway, and flows that
//! start on the internet.

use super::engine::{Engine, LegKind, Sink, Step, Stop, eni_component, expl, with_fixes};
use super::explain::{self as x, id};
use super::fix::{self, Fix};
use super::trace::HopAction;
use crate::model::{Connectivity, EniKey, EniOwner, IgwKey, ResKey, World};
use crate::net::is_rfc1918;

impl<S: Sink> Engine<'_, S> {
    /// Out through an internet gateway (step 5, IGW target).
    pub(super) fn via_igw(&mut self, from: EniKey, igw: IgwKey) -> Step {
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

    /// From an internet host: in through the destination's internet gateway.
    pub(super) fn start_internet(&mut self) -> Step {
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
}
