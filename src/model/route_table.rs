//! Route tables: local routes, static and propagated routes, associations, longest-prefix match.

use super::*;
use crate::aws_err;
use crate::net::Cidr;
use std::net::Ipv4Addr;

/// Where a route sends traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Inside the VPC.
    Local,
    /// An internet gateway.
    Igw(IgwKey),
    /// A virtual private gateway.
    Vgw(VgwKey),
    /// A NAT gateway.
    Nat(NatKey),
    /// A VPC peering connection.
    Pcx(PcxKey),
    /// An instance (NAT instance, appliance): its primary interface.
    Instance(InstanceKey),
    /// A network interface.
    Eni(EniKey),
}

/// How a route came to be (`Route.Origin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteOrigin {
    /// The automatic local route.
    CreateRouteTable,
    /// Added with `CreateRoute`.
    CreateRoute,
    /// Propagated by a virtual private gateway.
    EnableVgwRoutePropagation,
}

impl RouteOrigin {
    /// AWS's name.
    pub fn as_str(self) -> &'static str {
        match self {
            RouteOrigin::CreateRouteTable => "CreateRouteTable",
            RouteOrigin::CreateRoute => "CreateRoute",
            RouteOrigin::EnableVgwRoutePropagation => "EnableVgwRoutePropagation",
        }
    }
}

/// `active` or `blackhole` (the target is gone or unusable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteState {
    /// Usable.
    Active,
    /// Drops traffic.
    Blackhole,
}

impl RouteState {
    /// AWS's name.
    pub fn as_str(self) -> &'static str {
        match self {
            RouteState::Active => "active",
            RouteState::Blackhole => "blackhole",
        }
    }
}

/// A route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Destination block.
    pub destination: Cidr,
    /// Target.
    pub target: Target,
    /// Origin.
    pub origin: RouteOrigin,
}

/// A route table.
#[derive(Debug, Clone)]
pub struct RouteTable {
    /// `rtb-…`.
    pub id: String,
    /// Its VPC.
    pub vpc: VpcKey,
    /// Static routes, local ones first.
    pub routes: Vec<Route>,
    /// Virtual private gateways whose routes propagate into this table.
    pub propagating: Vec<VgwKey>,
    /// Tags.
    pub tags: Tags,
}

impl World {
    pub(crate) fn insert_route_table(&mut self, vpc: VpcKey, cidrs: &[Cidr], tags: Tags) -> RtbKey {
        let id = self.new_id(Kind::RouteTable);
        let routes = cidrs
            .iter()
            .map(|c| Route { destination: *c, target: Target::Local, origin: RouteOrigin::CreateRouteTable })
            .collect();
        let key = self.stores.route_tables.insert(RouteTable { id: id.clone(), vpc, routes, propagating: Vec::new(), tags });
        self.register(&id, ResKey::Rtb(key));
        key
    }

    /// `CreateRouteTable`: a custom table holding the local routes.
    pub fn create_route_table(&mut self, vpc: VpcKey, tags: Tags) -> Result<RtbKey> {
        super::tags::check(&tags)?;
        let cidrs = self.vpc(vpc)?.cidrs.clone();
        Ok(self.insert_route_table(vpc, &cidrs, tags))
    }

    /// Whether the table is its VPC's main table.
    pub fn is_main(&self, rtb: RtbKey) -> bool {
        self.stores.route_tables.get(rtb).and_then(|t| self.stores.vpcs.get(t.vpc)).is_some_and(|v| v.main_route_table == rtb)
    }

    /// Subnets explicitly associated with the table.
    pub fn route_table_associations(&self, rtb: RtbKey) -> Vec<SubnetKey> {
        self.stores.subnets.iter().filter(|(_, s)| s.route_table == Some(rtb)).map(|(k, _)| k).collect()
    }

    /// Checks a target may be used by a route of `rtb` towards `dest` (what `CreateRoute`
    /// checks besides duplicates and the quota); changes nothing.
    pub fn check_target(&self, rtb: RtbKey, dest: Cidr, target: Target) -> Result<()> {
        let t = self.route_table(rtb)?;
        let vpc = self.vpc(t.vpc)?;
        // AWS's message, then the cause: the target must be in (attached to) this table's VPC.
        let here = self.label(ResKey::Vpc(t.vpc));
        let different = |what: &str, cause: String| {
            Err(aws_err!(
                "InvalidParameterValue",
                "route table {} and network gateway {what} belong to different networks: {cause}",
                self.label(ResKey::Rtb(rtb))
            ))
        };
        let gateway_cause = |attached: Option<VpcKey>, call: &str| match attached {
            Some(other) => format!("it is attached to {}, not to {here}", self.label(ResKey::Vpc(other))),
            None => format!("it is not attached to any VPC yet: attach it first ({call}(vpc))"),
        };
        let target_vpc = match target {
            Target::Local => {
                return Err(aws_err!(
                    "InvalidParameterValue",
                    "'local' is not a target you can add: every table already has the local routes"
                ));
            }
            Target::Igw(k) => {
                let g = self.igw(k)?;
                if g.vpc != Some(t.vpc) {
                    return different(&self.label(ResKey::Igw(k)), gateway_cause(g.vpc, "igw:attach"));
                }
                None
            }
            Target::Vgw(k) => {
                let g = self.vgw(k)?;
                if g.vpc != Some(t.vpc) {
                    return different(&self.label(ResKey::Vgw(k)), gateway_cause(g.vpc, "vgw:attach"));
                }
                None
            }
            Target::Nat(n) => Some((self.subnet(self.nat(n)?.subnet)?.vpc, self.nat(n)?.id.clone())),
            Target::Pcx(p) => {
                let p = self.pcx(p)?;
                if p.requester != t.vpc && p.accepter != t.vpc {
                    return Err(aws_err!(
                        "InvalidParameterValue",
                        "The peering connection {} does not involve {} (the VPC of {})",
                        self.label_id(&p.id),
                        self.label_id(&vpc.id),
                        self.label_id(&t.id)
                    ));
                }
                None
            }
            Target::Instance(i) => {
                let inst = self.instance(i)?;
                let attached = self.stores.enis.iter().filter(|(_, e)| e.attachment.is_some_and(|a| a.instance == i)).count();
                if attached > 1 {
                    return Err(aws_err!(
                        "InvalidInstanceID",
                        "The instance {} has more than one network interface: name the interface as the target instead",
                        self.label_id(&inst.id)
                    ));
                }
                Some((inst.vpc, inst.id.clone()))
            }
            Target::Eni(e) => Some((self.eni(e)?.vpc, self.eni(e)?.id.clone())),
        };
        if let Some((v, id)) = target_vpc
            && v != t.vpc
        {
            return different(&self.label_id(&id), format!("it is in {}, not in {here}", self.label(ResKey::Vpc(v))));
        }
        if let Some(c) = vpc.cidrs.iter().find(|c| c.contains(&dest)) {
            let is_subnet = self.stores.subnets.iter().any(|(_, s)| s.vpc == t.vpc && s.cidr == dest);
            let middlebox = matches!(target, Target::Eni(_) | Target::Instance(_) | Target::Nat(_));
            if !(is_subnet && middlebox) {
                return Err(aws_err!(
                    "InvalidParameterValue",
                    "The destination CIDR block {dest} is equal to or more specific than one of this VPC's CIDR blocks ({c}). This route can target only an interface or an instance."
                ));
            }
        }
        Ok(())
    }

    /// `CreateRoute`.
    pub fn create_route(&mut self, rtb: RtbKey, destination: &str, target: Target) -> Result<()> {
        let dest = vpc::parse_cidr(destination, "destinationCidrBlock")?;
        let t = self.route_table(rtb)?;
        if t.routes.iter().any(|r| r.destination == dest) {
            return Err(aws_err!("RouteAlreadyExists", "The route identified by {dest} already exists in {}", self.label_id(&t.id)));
        }
        let limit = self.config.quotas.routes_per_route_table;
        if t.routes.len() as u32 >= limit {
            return Err(aws_err!(
                "RouteLimitExceeded",
                "The route table {} already holds {limit} routes, the maximum allowed",
                self.label_id(&t.id)
            ));
        }
        self.check_target(rtb, dest, target)?;
        self.get_mut(rtb)?.routes.push(Route { destination: dest, target, origin: RouteOrigin::CreateRoute });
        Ok(())
    }

    /// `ReplaceRoute`: a new target for an existing destination.
    pub fn replace_route(&mut self, rtb: RtbKey, destination: &str, target: Target) -> Result<()> {
        let dest = vpc::parse_cidr(destination, "destinationCidrBlock")?;
        let t = self.route_table(rtb)?;
        let Some(i) = t.routes.iter().position(|r| r.destination == dest) else {
            return Err(aws_err!(
                "InvalidParameterValue",
                "There is no route defined for '{dest}' in the route table {}. Use CreateRoute instead.",
                self.label_id(&t.id)
            ));
        };
        if t.routes[i].target == Target::Local {
            return Err(aws_err!(
                "InvalidParameterValue",
                "The local route {dest} of {} cannot be replaced in vpclab (AWS allows only an interface target)",
                self.label_id(&t.id)
            ));
        }
        self.check_target(rtb, dest, target)?;
        self.get_mut(rtb)?.routes[i].target = target;
        Ok(())
    }

    /// `DeleteRoute`: the local routes cannot be deleted.
    pub fn delete_route(&mut self, rtb: RtbKey, destination: &str) -> Result<()> {
        let dest = vpc::parse_cidr(destination, "destinationCidrBlock")?;
        let t = self.route_table(rtb)?;
        let Some(i) = t.routes.iter().position(|r| r.destination == dest) else {
            return Err(aws_err!(
                "InvalidRoute.NotFound",
                "no route with destination-cidr-block {dest} in route table {}",
                self.label_id(&t.id)
            ));
        };
        if t.routes[i].target == Target::Local {
            return Err(aws_err!("InvalidParameterValue", "cannot remove local route {dest} in route table {}", self.label_id(&t.id)));
        }
        self.get_mut(rtb)?.routes.remove(i);
        Ok(())
    }

    /// `AssociateRouteTable`: a subnet has at most one explicit table.
    pub fn associate_route_table(&mut self, rtb: RtbKey, subnet: SubnetKey) -> Result<()> {
        let t = self.route_table(rtb)?;
        let s = self.subnet(subnet)?;
        if s.vpc != t.vpc {
            return Err(aws_err!(
                "InvalidParameterValue",
                "route table {} and subnet {} belong to different networks",
                self.label_id(&t.id),
                self.label_id(&s.id)
            ));
        }
        if let Some(current) = s.route_table {
            return Err(aws_err!(
                "Resource.AlreadyAssociated",
                "the specified association for route table {} conflicts with an existing association: subnet {} is associated with {} (disassociate it first)",
                self.label_id(&t.id),
                self.label_id(&s.id),
                self.label_id(&self.route_table(current)?.id)
            ));
        }
        self.get_mut(subnet)?.route_table = Some(rtb);
        Ok(())
    }

    /// `DisassociateRouteTable`: the subnet falls back to the main table.
    pub fn disassociate_route_table(&mut self, rtb: RtbKey, subnet: SubnetKey) -> Result<()> {
        let t = self.route_table(rtb)?;
        let s = self.subnet(subnet)?;
        if s.route_table != Some(rtb) {
            return Err(aws_err!(
                "InvalidAssociationID.NotFound",
                "The subnet {} is not explicitly associated with route table {}",
                self.label_id(&s.id),
                self.label_id(&t.id)
            ));
        }
        self.get_mut(subnet)?.route_table = None;
        Ok(())
    }

    /// `ReplaceRouteTableAssociation` of the main association: this table becomes main.
    pub fn set_main_route_table(&mut self, rtb: RtbKey) -> Result<()> {
        let vpc = self.route_table(rtb)?.vpc;
        self.get_mut(vpc)?.main_route_table = rtb;
        Ok(())
    }

    /// `EnableVgwRoutePropagation`: the VGW must be attached to the table's VPC.
    pub fn enable_route_propagation(&mut self, rtb: RtbKey, vgw: VgwKey) -> Result<()> {
        let t = self.route_table(rtb)?;
        let g = self.vgw(vgw)?;
        if g.vpc != Some(t.vpc) {
            return Err(aws_err!(
                "Gateway.NotAttached",
                "The virtual private gateway {} is not attached to the VPC of {}",
                self.label_id(&g.id),
                self.label_id(&t.id)
            ));
        }
        if !t.propagating.contains(&vgw) {
            self.get_mut(rtb)?.propagating.push(vgw);
        }
        Ok(())
    }

    /// `DisableVgwRoutePropagation`.
    pub fn disable_route_propagation(&mut self, rtb: RtbKey, vgw: VgwKey) -> Result<()> {
        self.vgw(vgw)?;
        self.get_mut(rtb)?.propagating.retain(|g| *g != vgw);
        Ok(())
    }

    /// `DeleteRouteTable`: not the main table, not while associated.
    pub fn delete_route_table(&mut self, rtb: RtbKey) -> Result<()> {
        let t = self.route_table(rtb)?;
        if self.is_main(rtb) {
            return Err(aws_err!(
                "DependencyViolation",
                "The routeTable {} has dependencies and cannot be deleted: it is the main route table of its VPC",
                self.quoted_label(&t.id)
            ));
        }
        let assoc = self.route_table_associations(rtb);
        if !assoc.is_empty() {
            let ids: Vec<&str> = assoc.iter().filter_map(|s| self.stores.subnets.get(*s)).map(|s| s.id.as_str()).collect();
            return Err(aws_err!(
                "DependencyViolation",
                "The routeTable {} has dependencies and cannot be deleted: associated with {}",
                self.quoted_label(&t.id),
                self.labels(ids)
            ));
        }
        let id = t.id.clone();
        self.stores.route_tables.remove(rtb);
        self.unregister(&id);
        Ok(())
    }

    /// Whether a route of `rtb` is usable now.
    pub fn route_state(&self, rtb: RtbKey, route: &Route) -> RouteState {
        let vpc = self.stores.route_tables.get(rtb).map(|t| t.vpc);
        let ok = match route.target {
            Target::Local => true,
            Target::Igw(g) => self.stores.igws.get(g).is_some_and(|g| g.vpc.is_some() && g.vpc == vpc),
            Target::Vgw(g) => self.stores.vgws.get(g).is_some_and(|g| g.vpc.is_some() && g.vpc == vpc),
            Target::Nat(n) => {
                self.stores.nats.get(n).is_some_and(|n| matches!(n.state, NatState::Pending | NatState::Available))
            }
            Target::Pcx(p) => self.stores.pcxs.get(p).is_some_and(|p| p.status == PeeringStatus::Active),
            Target::Instance(i) => self
                .stores.instances
                .get(i)
                .is_some_and(|i| matches!(i.state, InstanceState::Running | InstanceState::Pending)),
            Target::Eni(e) => self.stores.enis.get(e).is_some_and(|e| match e.attachment {
                Some(a) => self
                    .stores.instances
                    .get(a.instance)
                    .is_some_and(|i| matches!(i.state, InstanceState::Running | InstanceState::Pending)),
                None => false,
            }),
        };
        if ok { RouteState::Active } else { RouteState::Blackhole }
    }

    /// Routes a VGW propagates into the tables that enabled it: the static routes of its
    /// static VPN connections, the blocks of sites its dynamic (BGP) VPNs with a tunnel up
    /// reach, and the blocks of sites reached over its Direct Connect VIFs.
    pub fn propagated_routes(&self, rtb: RtbKey) -> Vec<Route> {
        let Some(t) = self.stores.route_tables.get(rtb) else { return Vec::new() };
        let mut out: Vec<Route> = Vec::new();
        for &g in &t.propagating {
            if self.stores.vgws.get(g).is_none_or(|g| g.vpc != Some(t.vpc)) {
                continue;
            }
            let mut add = |c: Cidr| {
                if !out.iter().any(|r| r.destination == c) {
                    out.push(Route {
                        destination: c,
                        target: Target::Vgw(g),
                        origin: RouteOrigin::EnableVgwRoutePropagation,
                    });
                }
            };
            for (vk, c) in self.stores.vpns.iter().filter(|(_, c)| c.vpn_gateway == g && !c.is_deleted()) {
                if c.static_routes_only {
                    c.static_routes.iter().copied().for_each(&mut add);
                } else if c.is_up() {
                    // BGP advertises the blocks of the sites connected over it.
                    let sites = self.stores.sites.iter().filter(|(_, s)| s.links.contains(&SiteLink::Vpn(vk)));
                    sites.for_each(|(_, s)| add(s.cidr));
                }
            }
            for (vk, _) in self.stores.vifs.iter().filter(|(_, v)| v.vpn_gateway == g && !v.deleted) {
                for (_, s) in self.stores.sites.iter().filter(|(_, s)| s.links.contains(&SiteLink::Vif(vk))) {
                    add(s.cidr);
                }
            }
        }
        out
    }

    /// Every route of the table: static ones, then propagated ones.
    pub fn all_routes(&self, rtb: RtbKey) -> Vec<Route> {
        let mut routes = self.stores.route_tables.get(rtb).map(|t| t.routes.clone()).unwrap_or_default();
        routes.extend(self.propagated_routes(rtb));
        routes
    }

    /// The route longest-prefix match picks for `addr` (possibly a blackhole one).
    /// Local routes win over propagated ones; at equal prefix static beats propagated.
    pub fn lookup_route(&self, rtb: RtbKey, addr: Ipv4Addr) -> Option<Route> {
        let t = self.stores.route_tables.get(rtb)?;
        let a = u32::from(addr);
        let better = |best: &Option<&Route>, r: &Route| match best {
            None => true,
            Some(b) => r.destination.prefix() > b.destination.prefix(),
        };
        let mut best: Option<&Route> = None;
        // A propagated route never beats a local one, even a more specific one.
        let mut in_vpc = false;
        for r in &t.routes {
            if r.destination.contains_u32(a) {
                in_vpc |= r.target == Target::Local;
                if better(&best, r) {
                    best = Some(r);
                }
            }
        }
        if t.propagating.is_empty() || in_vpc {
            return best.cloned();
        }
        let propagated = self.propagated_routes(rtb);
        let mut chosen = best.cloned();
        for r in propagated {
            if r.destination.contains_u32(a)
                && chosen.as_ref().is_none_or(|b| r.destination.prefix() > b.destination.prefix())
            {
                chosen = Some(r);
            }
        }
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Net {
        w: World,
        vpc: VpcKey,
        main: RtbKey,
        igw: IgwKey,
        vpn: VpnKey,
        subnet: SubnetKey,
    }

    /// 10.0.0.0/16 with an IGW, a VGW whose VPN propagates into the main table, a subnet.
    fn net() -> Net {
        let mut w = World::new();
        let r = w.region("us-east-1").unwrap();
        let vpc = w.create_vpc(r, "10.0.0.0/16", Tags::new()).unwrap();
        let subnet = w.create_subnet(vpc, "10.0.1.0/24", Some("us-east-1a"), Tags::new()).unwrap();
        let igw = w.create_internet_gateway(r, Tags::new()).unwrap();
        w.attach_internet_gateway(igw, vpc).unwrap();
        let vgw = w.create_vpn_gateway(r, None, Tags::new()).unwrap();
        w.attach_vpn_gateway(vgw, vpc).unwrap();
        let cgw = w.create_customer_gateway(r, "203.0.113.10", Some(65000), None, Tags::new()).unwrap();
        let vpn = w.create_vpn_connection(r, vgw, cgw, &[], Some(true), Tags::new()).unwrap();
        let main = w.vpc(vpc).unwrap().main_route_table;
        w.enable_route_propagation(main, vgw).unwrap();
        Net { w, vpc, main, igw, vpn, subnet }
    }

    fn pick(w: &World, rtb: RtbKey, addr: &str) -> Option<(String, Target, RouteOrigin, RouteState)> {
        w.lookup_route(rtb, addr.parse().unwrap())
            .map(|r| (r.destination.to_string(), r.target, r.origin, w.route_state(rtb, &r)))
    }

    #[test]
    fn longest_prefix_wins() {
        let mut n = net();
        n.w.create_route(n.main, "0.0.0.0/0", Target::Igw(n.igw)).unwrap();
        n.w.create_route(n.main, "8.8.0.0/16", Target::Igw(n.igw)).unwrap();
        let (w, t) = (&n.w, n.main);
        assert_eq!(pick(w, t, "8.8.8.8").unwrap().0, "8.8.0.0/16");
        assert_eq!(pick(w, t, "8.9.8.8").unwrap().0, "0.0.0.0/0");
        let local = pick(w, t, "10.0.200.1").unwrap();
        assert_eq!((local.0.as_str(), local.1, local.2), ("10.0.0.0/16", Target::Local, RouteOrigin::CreateRouteTable));
    }

    #[test]
    fn no_matching_route_is_none() {
        let n = net();
        assert_eq!(pick(&n.w, n.main, "8.8.8.8"), None);
    }

    #[test]
    fn a_blackhole_route_is_still_the_one_picked() {
        let mut n = net();
        n.w.create_route(n.main, "0.0.0.0/0", Target::Igw(n.igw)).unwrap();
        assert_eq!(pick(&n.w, n.main, "8.8.8.8").unwrap().3, RouteState::Active);
        n.w.detach_internet_gateway(n.igw, None).unwrap();
        let p = pick(&n.w, n.main, "8.8.8.8").unwrap();
        assert_eq!((p.0.as_str(), p.1, p.3), ("0.0.0.0/0", Target::Igw(n.igw), RouteState::Blackhole));
        assert!(!n.w.is_public(n.subnet).unwrap());
    }

    #[test]
    fn propagated_routes_lose_to_static_at_equal_prefix_and_never_beat_local() {
        let mut n = net();
        for c in ["192.168.0.0/16", "192.168.1.0/24", "172.16.0.0/12", "10.0.5.0/24", "10.0.1.0/25"] {
            n.w.add_vpn_static_route(n.vpn, c).unwrap();
        }
        let other = n.w.create_vpc(n.w.vpc(n.vpc).unwrap().region, "172.16.0.0/16", Tags::new()).unwrap();
        let pcx = n.w.request_peering(n.vpc, other, Tags::new()).unwrap();
        n.w.create_route(n.main, "172.16.0.0/12", Target::Pcx(pcx)).unwrap();
        let eni = n.w.create_network_interface(n.subnet, None, None, "appliance", Tags::new()).unwrap();
        n.w.create_route(n.main, "10.0.1.0/24", Target::Eni(eni)).unwrap();
        let (w, t) = (&n.w, n.main);

        let p = pick(w, t, "192.168.1.5").unwrap();
        assert_eq!((p.0.as_str(), p.2), ("192.168.1.0/24", RouteOrigin::EnableVgwRoutePropagation));
        assert_eq!(pick(w, t, "192.168.2.5").unwrap().0, "192.168.0.0/16");
        // Equal prefix: the static route wins, even while its peering is pending (blackhole).
        let p = pick(w, t, "172.16.0.5").unwrap();
        assert_eq!((p.1, p.2, p.3), (Target::Pcx(pcx), RouteOrigin::CreateRoute, RouteState::Blackhole));
        // More specific propagated routes inside the VPC never beat local ones.
        assert_eq!(pick(w, t, "10.0.5.9").unwrap().1, Target::Local);
        assert_eq!(pick(w, t, "10.0.1.5").unwrap().1, Target::Eni(eni));
        // Listed after the static routes.
        let all = w.all_routes(t);
        assert_eq!(all.iter().filter(|r| r.origin == RouteOrigin::EnableVgwRoutePropagation).count(), 5);
        assert_eq!(all.last().unwrap().origin, RouteOrigin::EnableVgwRoutePropagation);
        n.w.accept_peering(pcx).unwrap();
        assert_eq!(pick(&n.w, t, "172.16.0.5").unwrap().3, RouteState::Active);
    }

    #[test]
    fn propagation_stops_with_the_vgw_detached() {
        let mut n = net();
        n.w.add_vpn_static_route(n.vpn, "192.168.0.0/16").unwrap();
        assert!(pick(&n.w, n.main, "192.168.0.1").is_some());
        let vgw = n.w.vpc(n.vpc).unwrap().vpn_gateway.unwrap();
        n.w.detach_vpn_gateway(vgw, None).unwrap();
        assert_eq!(pick(&n.w, n.main, "192.168.0.1"), None);
    }

    #[test]
    fn route_quota_and_duplicates_change_nothing() {
        let mut n = net();
        n.w.config_mut().quotas.routes_per_route_table = 2;
        n.w.create_route(n.main, "0.0.0.0/0", Target::Igw(n.igw)).unwrap();
        let e = n.w.create_route(n.main, "1.0.0.0/8", Target::Igw(n.igw)).unwrap_err();
        assert_eq!(e.code, "RouteLimitExceeded");
        let e = n.w.create_route(n.main, "0.0.0.0/0", Target::Igw(n.igw)).unwrap_err();
        assert_eq!(e.code, "RouteAlreadyExists");
        assert_eq!(n.w.route_table(n.main).unwrap().routes.len(), 2);
    }
}
