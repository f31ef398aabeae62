//! The world: every store, the id index, the clock, regions.

use super::config::Config;
use super::error::Result;
use super::ids::*;
use super::region::{self, Region};
use super::resource::Stores;
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
    pub(super) stores: Stores,
    /// Events not yet handed back ([`World::take_events`]).
    pub(super) events: Vec<Event>,
    /// Instances that left the listings, with their whole history.
    pub(super) retired: Vec<Instance>,
    pub(crate) ledger: billing::Ledger,
    pub(crate) savings_plans: Vec<billing::SavingsPlan>,
    pub(crate) failed_azs: std::collections::BTreeSet<&'static str>,
    /// On-Demand vCPUs in use per region and quota class (see `World::on_demand_vcpus`).
    pub(crate) vcpus_in_use: HashMap<(RegionKey, &'static str), u32>,
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

    /// Instances that left the listings (terminated more than an hour ago), in the order
    /// they left, with their state history: what billing reads after they are gone.
    pub fn retired_instances(&self) -> &[Instance] {
        &self.retired
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
        self.add_catalog_images(static_name);
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

    /// A resource as the reader sees it: `id "name"` (its Name tag, or a security group's
    /// group name), or the id alone when it has no name.
    pub fn label(&self, key: ResKey) -> String {
        let id = self.id_of(key).unwrap_or("?");
        let name = match key {
            ResKey::Sg(g) => self.stores.sgs.get(g).map(|g| g.group_name.as_str()),
            _ => self.name_of(key),
        };
        match name {
            Some(n) if !n.is_empty() => format!("{id} \"{n}\""),
            _ => id.to_string(),
        }
    }

    /// [`World::label`] of the resource with this id (`id "name"`), or the id itself when no
    /// resource has it: how messages name an existing resource.
    pub fn label_id(&self, id: &str) -> String {
        self.lookup_id(id).map_or_else(|| id.to_string(), |k| self.label(k))
    }

    /// The [`World::label_id`]s of several ids, joined with `, `.
    pub fn labels<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> String {
        ids.into_iter().map(|id| self.label_id(id)).collect::<Vec<_>>().join(", ")
    }

    /// AWS's quoted id followed by the resource's name when it has one: `'i-…' "web"`.
    pub fn quoted_label(&self, id: &str) -> String {
        let label = self.label_id(id);
        format!("'{id}'{}", &label[id.len().min(label.len())..])
    }

    /// The `Name` tag of any resource.
    pub fn name_of(&self, key: ResKey) -> Option<&str> {
        self.tags_of(key).and_then(|t| t.get("Name")).map(String::as_str)
    }

    fn meta(&self, key: ResKey) -> Option<(&str, &Tags)> {
        self.stores.meta(key)
    }

    /// The tags of any resource, mutably.
    pub(crate) fn tags_mut(&mut self, key: ResKey) -> Result<&mut Tags> {
        self.stores.tags_mut(key).ok_or_else(|| {
            let kind = key.kind();
            aws_err!(kind.not_found_code(), "The {} does not exist: it was deleted", kind.name())
        })
    }

    /// Adds or replaces tags (`CreateTags`). Tag keys may not be empty or start with `aws:`.
    pub fn create_tags(&mut self, key: ResKey, tags: &Tags) -> Result<()> {
        super::tags::check_merge(self.tags_mut(key)?, tags)?;
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

    /// Every existing resource of `kind` (or of every kind) carrying Name tag `name`;
    /// when none does, the security groups whose group name is `name` (a group is
    /// usually known by its group name).
    pub fn find_by_name(&self, name: &str, kind: Option<Kind>) -> Vec<ResKey> {
        let tagged: Vec<ResKey> =
            self.stores.keys_of(kind).into_iter().filter(|k| self.name_of(*k).is_some_and(|n| n == name)).collect();
        if !tagged.is_empty() || kind.is_some_and(|k| k != Kind::SecurityGroup) {
            return tagged;
        }
        self.stores.sgs.iter().filter(|(_, g)| g.group_name == name).map(|(k, _)| ResKey::Sg(k)).collect()
    }

    /// Resolves an id or a unique Name tag, narrowed to `kind` when given.
    ///
    /// Only a well-formed id (`<prefix>-` and 8 or 17 hex digits) is an id: an unknown one
    /// is NotFound. Anything else is a name (`subnet-a` and `vpc-main` are common Name
    /// tags); a prefixed string that names nothing is reported as a malformed id.
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
            return self.lookup_id(text).ok_or_else(|| {
                aws_err!(id_kind.not_found_code(), "The {} ID '{text}' does not exist", id_kind.name())
            });
        }
        self.find_named(text, kind)?.ok_or_else(|| self.nothing_named(text, kind))
    }

    /// Like [`World::resolve`], but `None` when nothing matches (an unknown id of any
    /// kind, an id of another kind, a name nobody carries). An ambiguous name is an
    /// error, and so is a malformed id that is nobody's name (`vpc-xyz`), as AWS's
    /// Describe calls answer.
    pub fn find(&self, text: &str, kind: Option<Kind>) -> Result<Option<ResKey>> {
        if Kind::of_id(text).is_some() {
            return Ok(self.lookup_id(text).filter(|r| kind.is_none_or(|k| k == r.kind())));
        }
        match self.find_named(text, kind)? {
            Some(r) => Ok(Some(r)),
            None if Kind::of_prefix(text).is_some_and(|p| kind.is_none_or(|k| k == p)) => {
                Err(self.nothing_named(text, kind))
            }
            None => Ok(None),
        }
    }

    /// The one resource carrying Name tag `text`, if any.
    fn find_named(&self, text: &str, kind: Option<Kind>) -> Result<Option<ResKey>> {
        match self.find_by_name(text, kind).as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
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

    /// The error for a string that is neither an id nor a name in use.
    fn nothing_named(&self, text: &str, kind: Option<Kind>) -> AwsError {
        if let Some(prefixed) = Kind::of_prefix(text).filter(|p| kind.is_none_or(|k| k == *p)) {
            return aws_err!(
                prefixed.malformed_code(),
                "Invalid id: '{text}' (a {} id is '{}-' and 17 hex digits), and no {} is named '{text}'",
                prefixed.name(),
                prefixed.prefix(),
                prefixed.name()
            );
        }
        let what = kind.map(Kind::name).unwrap_or("resource");
        let code = kind.map(Kind::not_found_code).unwrap_or("InvalidParameterValue");
        aws_err!(code, "No {what} named '{text}' exists")
    }
}

/// Words people use for a parameter, and the parameters they mean (checked before spelling).
const SYNONYMS: &[(&str, &[&str])] = &[
    ("ami", &["image_id"]),
    ("image", &["image_id"]),
    ("cidr", &["cidr_block", "client_cidr_block", "destination_cidr_block"]),
    ("ip", &["private_ip", "public_ip", "ip_address", "private_ip_address"]),
    ("az", &["availability_zone"]),
    ("zone", &["availability_zone"]),
    ("sg", &["security_groups", "source_group"]),
    ("sgs", &["security_groups"]),
    ("groups", &["security_groups"]),
    ("type", &["instance_type", "connectivity_type"]),
    ("vgw", &["vpn_gateway"]),
    ("cgw", &["customer_gateway"]),
    ("igw", &["gateway", "target"]),
    ("action", &["rule_action"]),
    ("rule", &["rule_number"]),
    ("dest", &["destination_cidr_block"]),
];

/// The candidate `word` most likely means: a synonym's target (`ami` → `image_id`), else
/// the closest by edit distance when close enough to be a typo, else a prefix match.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    let synonym = SYNONYMS
        .iter()
        .filter(|(w, _)| *w == lower)
        .flat_map(|(_, targets)| targets.iter())
        .find_map(|t| candidates.iter().copied().find(|c| c == t));
    synonym
        .or_else(|| {
            candidates
                .iter()
                .map(|c| (strsim::levenshtein(&lower, c), *c))
                .filter(|(d, c)| *d <= (c.len() / 3).max(2))
                .min_by_key(|(d, _)| *d)
                .map(|(_, c)| c)
        })
        .or_else(|| candidates.iter().copied().find(|c| c.starts_with(word) || word.starts_with(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("cidr", &["cidr_block", "name", "tags"]), Some("cidr_block"));
        assert_eq!(suggest("nmae", &["cidr_block", "name", "tags"]), Some("name"));
        assert_eq!(suggest("zzzzzz", &["cidr_block", "name"]), None);
        let launch = ["image_id", "instance_type", "security_groups", "private_ip_address", "subnet"];
        assert_eq!(suggest("ami", &launch), Some("image_id"));
        assert_eq!(suggest("sg", &launch), Some("security_groups"));
        assert_eq!(suggest("ip", &launch), Some("private_ip_address"));
        assert_eq!(suggest("az", &["cidr_block", "availability_zone"]), Some("availability_zone"));
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
