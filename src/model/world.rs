//! The world: every store, the id index, the clock, regions.

use super::config::Config;
use super::error::Result;
use super::ids::*;
use super::region::{self, Region};
use super::store::Store;
use super::*;
use crate::aws_err;
use std::collections::HashMap;
use std::net::Ipv4Addr;

/// Tags of a resource (`Name` is its name).
pub type Tags = std::collections::BTreeMap<String, String>;

/// The whole simulated world. Mutations go through its methods, which validate
/// like AWS and change nothing when they fail.
#[derive(Debug, Clone, Default)]
pub struct World {
    pub(crate) generation: u32,
    pub(crate) config: Config,
    pub(crate) now_ms: u64,
    pub(crate) ids: IdGen,
    pub(crate) seed: u64,
    pub(crate) public_ips: u64,
    pub(crate) regions: Vec<Region>,
    pub(crate) index: HashMap<String, ResKey>,
    pub(crate) scheduler: clock::Scheduler,
    /// VPCs.
    pub vpcs: Store<VpcKey, Vpc>,
    /// Subnets.
    pub subnets: Store<SubnetKey, Subnet>,
    /// Internet gateways.
    pub igws: Store<IgwKey, InternetGateway>,
    /// Virtual private gateways.
    pub vgws: Store<VgwKey, VpnGateway>,
    /// Route tables.
    pub route_tables: Store<RtbKey, RouteTable>,
    /// Network ACLs.
    pub acls: Store<AclKey, NetworkAcl>,
    /// Security groups.
    pub sgs: Store<SgKey, SecurityGroup>,
    /// Network interfaces.
    pub enis: Store<EniKey, NetworkInterface>,
    /// Instances.
    pub instances: Store<InstanceKey, Instance>,
    /// Elastic IPs.
    pub eips: Store<EipKey, ElasticIp>,
    /// NAT gateways.
    pub nats: Store<NatKey, NatGateway>,
    /// VPC peering connections.
    pub pcxs: Store<PcxKey, PeeringConnection>,
    /// Customer gateways.
    pub cgws: Store<CgwKey, CustomerGateway>,
    /// Site-to-Site VPN connections.
    pub vpns: Store<VpnKey, VpnConnection>,
    /// Direct Connect connections.
    pub dxs: Store<DxKey, DxConnection>,
    /// Direct Connect private virtual interfaces.
    pub vifs: Store<VifKey, DxVif>,
    /// On-premises sites.
    pub sites: Store<SiteKey, OnPremSite>,
    /// On-premises hosts and Client VPN clients.
    pub hosts: Store<HostKey, Host>,
    /// Client VPN endpoints.
    pub cvpns: Store<CvpnKey, ClientVpnEndpoint>,
}

macro_rules! getters {
    ($($get:ident, $get_mut:ident, $store:ident, $key:ident, $ty:ident, $kind:expr;)*) => {
        impl World {$(
            #[doc = concat!("The ", stringify!($ty), ", or its kind's NotFound error.")]
            pub fn $get(&self, k: $key) -> Result<&$ty> {
                self.$store.get(k).ok_or_else(|| gone($kind, k.0))
            }
            pub(crate) fn $get_mut(&mut self, k: $key) -> Result<&mut $ty> {
                self.$store.get_mut(k).ok_or_else(|| gone($kind, k.0))
            }
        )*}
    };
}

getters! {
    vpc, vpc_mut, vpcs, VpcKey, Vpc, Kind::Vpc;
    subnet, subnet_mut, subnets, SubnetKey, Subnet, Kind::Subnet;
    igw, igw_mut, igws, IgwKey, InternetGateway, Kind::InternetGateway;
    vgw, vgw_mut, vgws, VgwKey, VpnGateway, Kind::VpnGateway;
    route_table, route_table_mut, route_tables, RtbKey, RouteTable, Kind::RouteTable;
    acl, acl_mut, acls, AclKey, NetworkAcl, Kind::NetworkAcl;
    sg, sg_mut, sgs, SgKey, SecurityGroup, Kind::SecurityGroup;
    eni, eni_mut, enis, EniKey, NetworkInterface, Kind::NetworkInterface;
    instance, instance_mut, instances, InstanceKey, Instance, Kind::Instance;
    eip, eip_mut, eips, EipKey, ElasticIp, Kind::ElasticIp;
    nat, nat_mut, nats, NatKey, NatGateway, Kind::NatGateway;
    pcx, pcx_mut, pcxs, PcxKey, PeeringConnection, Kind::VpcPeeringConnection;
    cgw, cgw_mut, cgws, CgwKey, CustomerGateway, Kind::CustomerGateway;
    vpn, vpn_mut, vpns, VpnKey, VpnConnection, Kind::VpnConnection;
    dx, dx_mut, dxs, DxKey, DxConnection, Kind::DxConnection;
    vif, vif_mut, vifs, VifKey, DxVif, Kind::DxVif;
    site, site_mut, sites, SiteKey, OnPremSite, Kind::OnPremSite;
    host, host_mut, hosts, HostKey, Host, Kind::Host;
    cvpn, cvpn_mut, cvpns, CvpnKey, ClientVpnEndpoint, Kind::ClientVpnEndpoint;
}

/// The error for a handle whose resource no longer exists.
fn gone(kind: Kind, slot: u32) -> AwsError {
    aws_err!(kind.not_found_code(), "The {} (#{slot}) does not exist: it was deleted", kind.name())
}

impl World {
    /// A fresh world at time zero with the default configuration.
    pub fn new() -> World {
        World::default()
    }

    /// A fresh world whose ids and addresses derive from `seed`.
    pub fn with_seed(seed: u64) -> World {
        World { ids: IdGen::with_seed(seed), seed, ..World::default() }
    }

    /// Replaces everything with a fresh world (default configuration); handles to the
    /// old world stop resolving because the generation changes.
    pub fn reset(&mut self) {
        self.reset_with_seed(0);
    }

    /// Like [`World::reset`], with ids and addresses derived from `seed`.
    pub fn reset_with_seed(&mut self, seed: u64) {
        let generation = self.generation.wrapping_add(1);
        *self = World::with_seed(seed);
        self.generation = generation;
    }

    /// Counts `reset`s; handles remember the generation they were made in.
    pub fn generation(&self) -> u32 {
        self.generation
    }

    /// Milliseconds since the world began.
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The configuration, to change quotas and timings.
    pub fn config_mut(&mut self) -> &mut Config {
        &mut self.config
    }

    /// The next id for `kind`, registered in the index.
    pub(crate) fn new_id(&mut self, kind: Kind) -> String {
        self.ids.next(kind.prefix())
    }

    /// Registers `id` → `key` for lookups.
    pub(crate) fn register(&mut self, id: &str, key: ResKey) {
        self.index.insert(id.to_string(), key);
    }

    /// Forgets an id.
    pub(crate) fn unregister(&mut self, id: &str) {
        self.index.remove(id);
    }

    /// A fresh address from the simulated Amazon pool (3.x.x.x and 54.x.x.x),
    /// never handed out twice in one world.
    pub(crate) fn allocate_public_ip(&mut self) -> Ipv4Addr {
        loop {
            self.public_ips += 1;
            // An odd multiplier makes this a bijection on 25 bits: no address repeats.
            let x = (self.public_ips.wrapping_mul(0x9e_3779).wrapping_add(self.seed) & 0x1ff_ffff) as u32;
            let first = if x >> 24 == 0 { 3 } else { 54 };
            let rest = x & 0xff_ffff;
            let last = rest & 0xff;
            if last != 0 && last != 255 {
                return Ipv4Addr::from((first << 24) | rest);
            }
        }
    }

    /// The region named `name`, created with its default VPC on first use.
    pub fn region(&mut self, name: &str) -> Result<RegionKey> {
        if let Some(i) = self.regions.iter().position(|r| r.name == name) {
            return Ok(RegionKey(i as u32));
        }
        let Some(azs) = region::azs_of(name) else {
            let known: Vec<&str> = region::known_regions().collect();
            let hint = suggest(name, &known).map(|s| format!(" Did you mean '{s}'?")).unwrap_or_default();
            return Err(aws_err!(
                "InvalidParameterValue",
                "Unknown region '{name}'. Known regions: {}.{hint}",
                known.join(", ")
            ));
        };
        let static_name = region::static_name(name).unwrap_or("us-east-1");
        self.regions.push(Region { name: static_name, azs, default_vpc: None });
        let key = RegionKey((self.regions.len() - 1) as u32);
        self.create_default_vpc(key)?;
        Ok(key)
    }

    /// A region already in use.
    pub fn region_info(&self, key: RegionKey) -> &Region {
        &self.regions[key.index()]
    }

    /// Regions in use, in order of first use.
    pub fn regions(&self) -> impl Iterator<Item = (RegionKey, &Region)> {
        self.regions.iter().enumerate().map(|(i, r)| (RegionKey(i as u32), r))
    }

    /// The kind and key an id names, if it exists.
    pub fn lookup_id(&self, id: &str) -> Option<ResKey> {
        self.index.get(id).copied()
    }

    /// The id of any resource.
    pub fn id_of(&self, key: ResKey) -> Option<&str> {
        self.meta(key).map(|(id, _)| id)
    }

    /// The tags of any resource.
    pub fn tags_of(&self, key: ResKey) -> Option<&Tags> {
        self.meta(key).map(|(_, t)| t)
    }

    /// The `Name` tag of any resource.
    pub fn name_of(&self, key: ResKey) -> Option<&str> {
        self.tags_of(key).and_then(|t| t.get("Name")).map(String::as_str)
    }

    fn meta(&self, key: ResKey) -> Option<(&str, &Tags)> {
        macro_rules! m {
            ($store:ident, $k:expr) => {
                self.$store.get($k).map(|r| (r.id.as_str(), &r.tags))
            };
        }
        match key {
            ResKey::Vpc(k) => m!(vpcs, k),
            ResKey::Subnet(k) => m!(subnets, k),
            ResKey::Igw(k) => m!(igws, k),
            ResKey::Vgw(k) => m!(vgws, k),
            ResKey::Rtb(k) => m!(route_tables, k),
            ResKey::Acl(k) => m!(acls, k),
            ResKey::Sg(k) => m!(sgs, k),
            ResKey::Eni(k) => m!(enis, k),
            ResKey::Instance(k) => m!(instances, k),
            ResKey::Eip(k) => m!(eips, k),
            ResKey::Nat(k) => m!(nats, k),
            ResKey::Pcx(k) => m!(pcxs, k),
            ResKey::Cgw(k) => m!(cgws, k),
            ResKey::Vpn(k) => m!(vpns, k),
            ResKey::Dx(k) => m!(dxs, k),
            ResKey::Vif(k) => m!(vifs, k),
            ResKey::Site(k) => m!(sites, k),
            ResKey::Host(k) => m!(hosts, k),
            ResKey::Cvpn(k) => m!(cvpns, k),
        }
    }

    /// The tags of any resource, mutably.
    pub(crate) fn tags_mut(&mut self, key: ResKey) -> Result<&mut Tags> {
        macro_rules! m {
            ($get:ident, $k:expr) => {
                self.$get($k).map(|r| &mut r.tags)
            };
        }
        match key {
            ResKey::Vpc(k) => m!(vpc_mut, k),
            ResKey::Subnet(k) => m!(subnet_mut, k),
            ResKey::Igw(k) => m!(igw_mut, k),
            ResKey::Vgw(k) => m!(vgw_mut, k),
            ResKey::Rtb(k) => m!(route_table_mut, k),
            ResKey::Acl(k) => m!(acl_mut, k),
            ResKey::Sg(k) => m!(sg_mut, k),
            ResKey::Eni(k) => m!(eni_mut, k),
            ResKey::Instance(k) => m!(instance_mut, k),
            ResKey::Eip(k) => m!(eip_mut, k),
            ResKey::Nat(k) => m!(nat_mut, k),
            ResKey::Pcx(k) => m!(pcx_mut, k),
            ResKey::Cgw(k) => m!(cgw_mut, k),
            ResKey::Vpn(k) => m!(vpn_mut, k),
            ResKey::Dx(k) => m!(dx_mut, k),
            ResKey::Vif(k) => m!(vif_mut, k),
            ResKey::Site(k) => m!(site_mut, k),
            ResKey::Host(k) => m!(host_mut, k),
            ResKey::Cvpn(k) => m!(cvpn_mut, k),
        }
    }

    /// Adds or replaces tags (`CreateTags`). Tag keys may not be empty or start with `aws:`.
    pub fn create_tags(&mut self, key: ResKey, tags: &Tags) -> Result<()> {
        for k in tags.keys() {
            if k.is_empty() || k.starts_with("aws:") || k.len() > 128 {
                return Err(aws_err!(
                    "InvalidParameterValue",
                    "Tag key '{k}' is invalid: keys are 1-128 characters and may not start with 'aws:'"
                ));
            }
        }
        let t = self.tags_mut(key)?;
        t.extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(())
    }

    /// Removes tags by key (`DeleteTags`); absent keys are ignored, as AWS does.
    pub fn delete_tags(&mut self, key: ResKey, keys: &[String]) -> Result<()> {
        let t = self.tags_mut(key)?;
        for k in keys {
            t.remove(k);
        }
        Ok(())
    }

    /// Every existing resource of `kind` (or of every kind) carrying Name tag `name`.
    pub fn find_by_name(&self, name: &str, kind: Option<Kind>) -> Vec<ResKey> {
        let mut out = Vec::new();
        macro_rules! scan {
            ($store:ident, $variant:ident, $kind:expr) => {
                if kind.is_none_or(|k| k == $kind) {
                    for (k, r) in self.$store.iter() {
                        if r.tags.get("Name").is_some_and(|n| n == name) {
                            out.push(ResKey::$variant(k));
                        }
                    }
                }
            };
        }
        scan!(vpcs, Vpc, Kind::Vpc);
        scan!(subnets, Subnet, Kind::Subnet);
        scan!(igws, Igw, Kind::InternetGateway);
        scan!(vgws, Vgw, Kind::VpnGateway);
        scan!(route_tables, Rtb, Kind::RouteTable);
        scan!(acls, Acl, Kind::NetworkAcl);
        scan!(sgs, Sg, Kind::SecurityGroup);
        scan!(enis, Eni, Kind::NetworkInterface);
        scan!(instances, Instance, Kind::Instance);
        scan!(eips, Eip, Kind::ElasticIp);
        scan!(nats, Nat, Kind::NatGateway);
        scan!(pcxs, Pcx, Kind::VpcPeeringConnection);
        scan!(cgws, Cgw, Kind::CustomerGateway);
        scan!(vpns, Vpn, Kind::VpnConnection);
        scan!(dxs, Dx, Kind::DxConnection);
        scan!(vifs, Vif, Kind::DxVif);
        scan!(sites, Site, Kind::OnPremSite);
        scan!(hosts, Host, Kind::Host);
        scan!(cvpns, Cvpn, Kind::ClientVpnEndpoint);
        out
    }

    /// Resolves an id or a unique Name tag, narrowed to `kind` when given.
    /// An id-shaped string is always an id: unknown → NotFound, malformed → Malformed.
    pub fn resolve(&self, text: &str, kind: Option<Kind>) -> Result<ResKey> {
        if let Some(id_kind) = Kind::of_id(text) {
            if let Some(k) = kind
                && k != id_kind
            {
                return Err(aws_err!(
                    "InvalidParameterValue",
                    "'{text}' is a {} id, but a {} is expected here",
                    id_kind.name(),
                    k.name()
                ));
            }
            if !id_kind.is_well_formed(text) {
                return Err(aws_err!(
                    id_kind.malformed_code(),
                    "Invalid id: '{text}' (expecting '{}-' and 17 hex digits)",
                    id_kind.prefix()
                ));
            }
            return self.lookup_id(text).ok_or_else(|| {
                aws_err!(id_kind.not_found_code(), "The {} ID '{text}' does not exist", id_kind.name())
            });
        }
        let found = self.find_by_name(text, kind);
        match found.as_slice() {
            [one] => Ok(*one),
            [] => {
                let what = kind.map(Kind::name).unwrap_or("resource");
                let code = kind.map(Kind::not_found_code).unwrap_or("InvalidParameterValue");
                Err(aws_err!(code, "No {what} named '{text}' exists"))
            }
            many => {
                let ids: Vec<&str> = many.iter().filter_map(|k| self.id_of(*k)).collect();
                Err(aws_err!(
                    "InvalidParameterValue",
                    "The name '{text}' is carried by several resources: {}",
                    ids.join(", ")
                ))
            }
        }
    }
}

/// The closest candidate to `word` by edit distance, if close enough to be a typo.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
        .or_else(|| candidates.iter().copied().find(|c| c.starts_with(word) || word.starts_with(c)))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("cidr", &["cidr_block", "name", "tags"]), Some("cidr_block"));
        assert_eq!(suggest("nmae", &["cidr_block", "name", "tags"]), Some("name"));
        assert_eq!(suggest("zzzzzz", &["cidr_block", "name"]), None);
    }

    #[test]
    fn public_ips_never_repeat() {
        let mut w = World::new();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..20000 {
            let ip = w.allocate_public_ip();
            let o = ip.octets();
            assert!(o[0] == 3 || o[0] == 54);
            assert!(seen.insert(ip));
        }
    }

    #[test]
    fn unknown_region_is_refused() {
        let mut w = World::new();
        let e = w.region("us-east-9").unwrap_err();
        assert_eq!(e.code, "InvalidParameterValue");
        assert!(e.message.contains("us-east-9"));
    }
}
