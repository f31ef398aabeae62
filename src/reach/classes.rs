//! Endpoint classes: endpoints that every check of the walk treats alike (same kind, subnet,
//! security groups, state, ephemeral range, and the same answer from every address-specific
//! rule, route and block), so that one representative's verdict is every member's.

use super::Endpoint;
use super::endpoint::{self, EndInfo};
use crate::model::{EniKey, EniOwner, RtbKey, SgKey, SubnetKey, Target, World};
use crate::net::Cidr;
use std::collections::{HashMap, HashSet};
use std::net::Ipv4Addr;

/// What decides how an interface endpoint behaves.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct IfaceKey {
    /// Which variant of [`Endpoint`] names it (instance, interface, NAT gateway).
    variant: u8,
    subnet: SubnetKey,
    groups: Vec<SgKey>,
    state: Option<&'static str>,
    gone: bool,
    range: (u16, u16),
    /// The address cells of its private and public addresses.
    private_cell: usize,
    public_cell: Option<usize>,
}

/// A class key: interfaces by behaviour; singletons (route targets, NAT gateways, hosts,
/// addresses, interfaces AWS manages) by identity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Iface(IfaceKey),
    Alone(Endpoint),
}

/// Cuts the address space at every block the walk tests addresses against: rule, entry,
/// route, VPC, subnet, site and Client VPN blocks, and RFC 1918. Two addresses in the same
/// cell are inside exactly the same blocks.
pub(crate) struct Cells {
    cuts: Vec<u64>,
}

impl Cells {
    pub(crate) fn of(w: &World) -> Cells {
        let mut blocks: Vec<Cidr> = Vec::new();
        for (_, g) in w.sgs().iter() {
            for r in g.ingress.iter().chain(&g.egress) {
                if let crate::model::Peer::Cidr(c) = r.peer {
                    blocks.push(c);
                }
            }
        }
        for (_, a) in w.acls().iter() {
            blocks.extend(a.ingress.iter().chain(&a.egress).map(|e| e.cidr));
        }
        let rtbs: Vec<RtbKey> = w.route_tables().iter().map(|(k, _)| k).collect();
        for k in rtbs {
            blocks.extend(w.all_routes(k).iter().map(|r| r.destination));
        }
        for (_, v) in w.vpcs().iter() {
            blocks.extend(v.cidrs.iter().copied());
        }
        blocks.extend(w.subnets().iter().map(|(_, s)| s.cidr));
        blocks.extend(w.sites().iter().map(|(_, s)| s.cidr));
        for (_, c) in w.cvpns().iter() {
            blocks.push(c.client_cidr);
            blocks.extend(c.authorized.iter().copied());
        }
        for c in ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] {
            blocks.extend(Cidr::parse(c).ok());
        }
        let mut cuts: Vec<u64> =
            blocks.iter().flat_map(|c| [u64::from(c.first_u32()), u64::from(c.last_u32()) + 1]).collect();
        cuts.sort_unstable();
        cuts.dedup();
        Cells { cuts }
    }

    /// The cell of an address.
    pub(crate) fn of_addr(&self, a: Ipv4Addr) -> usize {
        self.cuts.partition_point(|c| *c <= u64::from(u32::from(a)))
    }
}

/// Interfaces that routes name as targets: their identity matters.
fn route_targets(w: &World) -> HashSet<EniKey> {
    let mut out = HashSet::new();
    for (k, _) in w.route_tables().iter() {
        for r in w.all_routes(k) {
            match r.target {
                Target::Eni(e) => {
                    out.insert(e);
                }
                Target::Instance(i) => {
                    if let Some(i) = w.instances().get(i) {
                        out.insert(i.primary_eni);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Groups endpoints into classes: `(class of each endpoint, number of classes)`, classes
/// numbered in order of first appearance.
pub(crate) fn classify(w: &World, eps: &[Endpoint], infos: &[EndInfo]) -> (Vec<usize>, usize) {
    let cells = Cells::of(w);
    let targets = route_targets(w);
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut out = Vec::with_capacity(eps.len());
    for (ep, info) in eps.iter().zip(infos) {
        let key = iface_key(w, *ep, info, &cells, &targets).map(Key::Iface).unwrap_or(Key::Alone(*ep));
        let n = index.len();
        out.push(*index.entry(key).or_insert(n));
    }
    (out, index.len())
}

fn iface_key(w: &World, ep: Endpoint, info: &EndInfo, cells: &Cells, targets: &HashSet<EniKey>) -> Option<IfaceKey> {
    let variant = match ep {
        Endpoint::Instance(_) => 0,
        Endpoint::Eni(_) => 1,
        _ => return None,
    };
    let k = info.eni?;
    let e = w.enis().get(k)?;
    if e.owner != EniOwner::User || targets.contains(&k) {
        return None;
    }
    let mut groups = e.security_groups.clone();
    groups.sort_unstable();
    Some(IfaceKey {
        variant,
        subnet: e.subnet,
        groups,
        state: info.bad_state,
        gone: info.gone,
        range: (info.range.from, info.range.to),
        private_cell: cells.of_addr(e.private_ip),
        public_cell: w.public_ip_of(e).map(|a| cells.of_addr(a)),
    })
}

/// Resolves endpoints once (their kind's NotFound error when one does not exist).
pub(crate) fn infos(w: &World, eps: &[Endpoint]) -> Result<Vec<EndInfo>, crate::model::AwsError> {
    eps.iter().map(|e| endpoint::info(w, *e)).collect()
}
