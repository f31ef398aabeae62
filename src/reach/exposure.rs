//! What the internet can open: for every running instance with a public address, the port
//! ranges some public address reaches with a working round trip, and exactly which public
//! addresses. Computed with interval sets (ports × addresses), never by enumeration.

use super::ephemeral;
use crate::model::{
    AclKey, IgwKey, InstanceState, NetworkAcl, Peer, Protocol, RegionKey, ResKey, RouteState, RtbKey, RuleAction,
    SgKey, Target, World,
};
use crate::net::{AddrSet, Cidr, PortRange, first_match};
use std::collections::HashMap;

/// One exposed service: ports of one protocol on a resource, open to these public sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    /// The exposed resource (an instance).
    pub resource: ResKey,
    /// The protocol (`tcp` or `udp`).
    pub protocol: Protocol,
    /// The open port ranges, in order.
    pub ports: Vec<PortRange>,
    /// The public sources that get in: `0.0.0.0/0` when every public address does, else the
    /// exact blocks.
    pub from: Vec<Cidr>,
}

/// A port partition: each range with the addresses allowed on it.
type Pieces = Vec<(PortRange, AddrSet)>;
/// Port ranges grouped by the exact set of sources they admit.
type Groups = Vec<(Vec<PortRange>, AddrSet)>;
/// What decides an instance's exposure: ACL, route table, gateway, groups, protocol.
type ExposureKey = (AclKey, RtbKey, IgwKey, Vec<SgKey>, Protocol);

/// Splits `0–65535` at the boundaries of `ranges` and evaluates `f` on each piece's first port.
fn by_port(ranges: impl Iterator<Item = PortRange>, mut f: impl FnMut(u16) -> AddrSet) -> Pieces {
    let mut cuts: Vec<u32> = vec![0];
    for r in ranges {
        cuts.push(u32::from(r.from));
        cuts.push(u32::from(r.to) + 1);
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.retain(|c| *c <= 65535);
    let mut out: Pieces = Vec::new();
    for (i, &c) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).map(|n| n - 1).unwrap_or(65535);
        let set = f(c as u16);
        let range = PortRange { from: c as u16, to: end as u16 };
        match out.last_mut() {
            Some((r, s)) if *s == set => r.to = range.to,
            _ => out.push((range, set)),
        }
    }
    out
}

fn acl_ports(acl: &NetworkAcl, egress: bool, proto: Protocol) -> impl Iterator<Item = PortRange> + '_ {
    acl.entries(egress).iter().filter(move |e| e.traffic.protocol.matches(proto)).filter_map(|e| e.traffic.ports)
}

/// Addresses a direction of an ACL allows for a packet to `port`.
fn acl_addrs(acl: &NetworkAcl, egress: bool, proto: Protocol, port: u16) -> AddrSet {
    let rules = acl
        .entries(egress)
        .iter()
        .filter(|e| e.traffic.matches(proto, port))
        .map(|e| (AddrSet::from_cidr(e.cidr), e.action == RuleAction::Allow));
    first_match(AddrSet::full(), rules)
}

/// Every public address: all but RFC 1918.
fn public_space() -> AddrSet {
    let mut private = AddrSet::empty();
    for c in ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] {
        private.insert_cidr(Cidr::parse(c).expect("static"));
    }
    private.complement()
}

struct Ctx<'w> {
    w: &'w World,
    acl_in: HashMap<(AclKey, Protocol), Pieces>,
    sg_in: HashMap<(Vec<SgKey>, Protocol), Pieces>,
    ret: HashMap<(AclKey, RtbKey, IgwKey, Protocol), AddrSet>,
    combined: HashMap<ExposureKey, Groups>,
    public: AddrSet,
}

impl Ctx<'_> {
    fn acl_in(&mut self, acl: AclKey, proto: Protocol) -> &Pieces {
        let w = self.w;
        self.acl_in.entry((acl, proto)).or_insert_with(|| match w.acls().get(acl) {
            Some(a) => by_port(acl_ports(a, false, proto), |p| acl_addrs(a, false, proto, p)),
            None => vec![(PortRange::ALL, AddrSet::empty())],
        })
    }

    fn sg_in(&mut self, groups: &[SgKey], proto: Protocol) -> &Pieces {
        let w = self.w;
        self.sg_in.entry((groups.to_vec(), proto)).or_insert_with(|| {
            let rules: Vec<_> = groups
                .iter()
                .filter_map(|g| w.sgs().get(*g))
                .flat_map(|g| g.ingress.iter())
                .filter_map(|r| match r.peer {
                    Peer::Cidr(c) => Some((r.traffic, c)),
                    Peer::Group(_) => None, // only private addresses of members match
                })
                .filter(|(t, _)| t.protocol.matches(proto))
                .collect();
            by_port(rules.iter().filter_map(|(t, _)| t.ports), |p| {
                let mut s = AddrSet::empty();
                for (t, c) in &rules {
                    if t.matches(proto, p) {
                        s.insert_cidr(*c);
                    }
                }
                s
            })
        })
    }

    /// Public sources whose response gets back: some port of 1024–65535 passes the ACL
    /// outbound, and the route table sends the address to the VPC's internet gateway.
    fn ret(&mut self, acl: AclKey, rtb: RtbKey, igw: IgwKey, proto: Protocol) -> &AddrSet {
        let w = self.w;
        self.ret.entry((acl, rtb, igw, proto)).or_insert_with(|| {
            let Some(a) = w.acls().get(acl) else { return AddrSet::empty() };
            let mut out_ok = AddrSet::empty();
            for (r, set) in by_port(acl_ports(a, true, proto), |p| acl_addrs(a, true, proto, p)) {
                let wide = ephemeral::WIDE;
                if r.to >= wide.from && r.from <= wide.to {
                    out_ok = out_ok.union(&set);
                }
            }
            let routes = w.all_routes(rtb);
            let mut cuts: Vec<u64> = vec![0];
            for r in &routes {
                cuts.push(u64::from(r.destination.first_u32()));
                cuts.push(u64::from(r.destination.last_u32()) + 1);
            }
            cuts.sort_unstable();
            cuts.dedup();
            cuts.retain(|c| *c <= u64::from(u32::MAX));
            let mut route_ok = AddrSet::empty();
            for (i, &c) in cuts.iter().enumerate() {
                let end = cuts.get(i + 1).map(|n| n - 1).unwrap_or(u64::from(u32::MAX));
                let hit = w
                    .lookup_route(rtb, std::net::Ipv4Addr::from(c as u32))
                    .is_some_and(|r| r.target == Target::Igw(igw) && w.route_state(rtb, &r) == RouteState::Active);
                if hit {
                    route_ok.insert_range(c as u32, end as u32);
                }
            }
            out_ok.intersect(&route_ok)
        })
    }

    fn combined(&mut self, acl: AclKey, rtb: RtbKey, igw: IgwKey, groups: &[SgKey], proto: Protocol) -> Groups {
        let key = (acl, rtb, igw, groups.to_vec(), proto);
        if let Some(v) = self.combined.get(&key) {
            return v.clone();
        }
        let public = self.public.clone();
        let back = self.ret(acl, rtb, igw, proto).intersect(&public);
        let nacl = self.acl_in(acl, proto).clone();
        let sg = self.sg_in(groups, proto).clone();
        // Sweep the two partitions together.
        let mut pieces: Pieces = Vec::new();
        let (mut i, mut j) = (0, 0);
        let mut from: u32 = 0;
        while i < nacl.len() && j < sg.len() {
            let (a, sa) = &nacl[i];
            let (b, sb) = &sg[j];
            let to = a.to.min(b.to);
            let set = if sa.is_empty() || sb.is_empty() { AddrSet::empty() } else { sa.intersect(sb).intersect(&back) };
            let range = PortRange { from: from as u16, to };
            match pieces.last_mut() {
                Some((r, s)) if *s == set => r.to = to,
                _ => pieces.push((range, set)),
            }
            if a.to == to {
                i += 1;
            }
            if b.to == to {
                j += 1;
            }
            from = u32::from(to) + 1;
        }
        let mut groups_out: Groups = Vec::new();
        for (r, s) in pieces {
            if s.is_empty() {
                continue;
            }
            match groups_out.iter_mut().find(|(_, x)| *x == s) {
                Some((ports, _)) => ports.push(r),
                None => groups_out.push((vec![r], s)),
            }
        }
        self.combined.insert(key, groups_out.clone());
        groups_out
    }
}

/// Every port range of every running instance (primary interface) that some public address
/// reaches with a working round trip, in instance creation order, tcp before udp.
pub fn exposure(world: &World, region: Option<RegionKey>) -> Vec<Exposure> {
    let mut ctx = Ctx {
        w: world,
        acl_in: HashMap::new(),
        sg_in: HashMap::new(),
        ret: HashMap::new(),
        combined: HashMap::new(),
        public: public_space(),
    };
    let mut out = Vec::new();
    for (k, inst) in world.instances().iter() {
        if region.is_some_and(|r| r != inst.region) || inst.state != InstanceState::Running {
            continue;
        }
        let Some(eni) = world.enis().get(inst.primary_eni) else { continue };
        if world.public_ip_of(eni).is_none() {
            continue;
        }
        let Some(igw) = world.vpcs().get(eni.vpc).and_then(|v| v.internet_gateway) else { continue };
        let Some(subnet) = world.subnets().get(eni.subnet) else { continue };
        let Ok(rtb) = world.effective_route_table(eni.subnet) else { continue };
        let mut groups = eni.security_groups.clone();
        groups.sort_unstable();
        for proto in [Protocol::Tcp, Protocol::Udp] {
            for (ports, set) in ctx.combined(subnet.network_acl, rtb, igw, &groups, proto) {
                let from = if ctx.public.subtract(&set).is_empty() {
                    vec![Cidr::parse("0.0.0.0/0").expect("static")]
                } else {
                    set.to_cidrs()
                };
                out.push(Exposure { resource: ResKey::Instance(k), protocol: proto, ports, from });
            }
        }
    }
    out
}
