//! A cheap estimate of the world's heap size, so a sandbox can count the world against
//! its memory limit (a script must not grow the Rust side past what its Lua heap may use).
//! It counts every store slot (tombstones included), tags, free text and the lists that
//! grow with use; fixed-size fields are in the slot.

use super::store::{Store, StoreKey};
use super::world::Tags;
use super::*;

/// Bytes per tag beyond its text: two `String` headers and the map's node share.
const TAG_OVERHEAD: usize = 64;
/// Bytes per id-index entry beyond the slot: the id text and the map's share.
const INDEX_ENTRY: usize = 64;

/// Every slot of a store, live or a tombstone.
fn slot_bytes<K: StoreKey, T>(store: &Store<K, T>) -> usize {
    store.next_key().slot() * std::mem::size_of::<Option<T>>()
}

fn tags_bytes(tags: &Tags) -> usize {
    tags.iter().map(|(k, v)| TAG_OVERHEAD + k.len() + v.len()).sum()
}

/// Bytes a resource holds on the heap besides its slot and tags: lists that grow with
/// use (rules, routes, history) and free text (descriptions, user data).
trait Heap {
    fn heap_bytes(&self) -> usize {
        0
    }
}

fn vec_bytes<T>(v: &[T]) -> usize {
    std::mem::size_of_val(v)
}

fn opt_len(s: &Option<String>) -> usize {
    s.as_ref().map_or(0, String::len)
}

impl Heap for Vpc {
    fn heap_bytes(&self) -> usize {
        vec_bytes(&self.cidrs)
    }
}
impl Heap for RouteTable {
    fn heap_bytes(&self) -> usize {
        vec_bytes(&self.routes) + vec_bytes(&self.propagating)
    }
}
impl Heap for NetworkAcl {
    fn heap_bytes(&self) -> usize {
        vec_bytes(&self.ingress) + vec_bytes(&self.egress)
    }
}
impl Heap for SecurityGroup {
    fn heap_bytes(&self) -> usize {
        let rules = self.ingress.iter().chain(&self.egress).map(|r| opt_len(&r.description)).sum::<usize>();
        self.description.len() + vec_bytes(&self.ingress) + vec_bytes(&self.egress) + rules
    }
}
impl Heap for NetworkInterface {
    fn heap_bytes(&self) -> usize {
        self.description.len() + vec_bytes(&self.security_groups)
    }
}
impl Heap for Instance {
    fn heap_bytes(&self) -> usize {
        let types = self.type_history.iter().map(|(t, _)| t.len()).sum::<usize>();
        let apps = self.apps.iter().map(String::len).sum::<usize>();
        opt_len(&self.user_data) + vec_bytes(&self.state_history) + vec_bytes(&self.type_history) + types + apps
    }
}
impl Heap for Image {
    fn heap_bytes(&self) -> usize {
        let apps = self.apps.iter().chain(&self.launch_permissions).map(String::len).sum::<usize>();
        self.name.len() + self.distribution.len() + vec_bytes(&self.apps) + vec_bytes(&self.launch_permissions) + apps
    }
}
impl Heap for LaunchTemplate {
    fn heap_bytes(&self) -> usize {
        self.name.len() + opt_len(&self.user_data) + self.security_groups.as_deref().map_or(0, vec_bytes)
    }
}
impl Heap for AutoScalingGroup {
    fn heap_bytes(&self) -> usize {
        let text = self.activities.iter().map(|(_, a)| a.len()).sum::<usize>();
        vec_bytes(&self.subnets) + vec_bytes(&self.instances) + vec_bytes(&self.activities) + text
    }
}
impl Heap for VpnConnection {
    fn heap_bytes(&self) -> usize {
        vec_bytes(&self.static_routes)
    }
}
impl Heap for OnPremSite {
    fn heap_bytes(&self) -> usize {
        vec_bytes(&self.links)
    }
}
impl Heap for ClientVpnEndpoint {
    fn heap_bytes(&self) -> usize {
        vec_bytes(&self.subnets) + vec_bytes(&self.enis) + vec_bytes(&self.authorized)
    }
}
impl Heap for Subnet {}
impl Heap for InternetGateway {}
impl Heap for VpnGateway {}
impl Heap for ElasticIp {}
impl Heap for NatGateway {}
impl Heap for PeeringConnection {}
impl Heap for CustomerGateway {}
impl Heap for DxConnection {}
impl Heap for DxVif {}
impl Heap for Host {}
impl Heap for Volume {}

macro_rules! sum_stores {
    ($($kind:ident, $variant:ident, $key:ident, $ty:ident, $store:ident, $get:ident, $prefix:literal, $name:literal,
       $nf:literal, $mf:literal, $(mod $module:ident)? $(in $shared:ident)?, $binding:ident;)*) => {
        /// Slot and tag bytes of every store.
        fn stores_bytes(w: &World) -> usize {
            0 $(+ slot_bytes(w.$store()) + w.$store().iter().map(|(_, r)| tags_bytes(&r.tags) + r.heap_bytes()).sum::<usize>())*
        }
    };
}
super::kinds::for_each_kind!(sum_stores);

impl World {
    /// An estimate of the bytes the world holds: every store slot (tombstones included),
    /// every tag, the id index. O(resources); callers measure it amortised.
    pub fn footprint_bytes(&self) -> usize {
        self.index.len() * INDEX_ENTRY + stores_bytes(self) + self.ledger.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_with_resources_and_tags() {
        let mut w = World::new();
        let empty = w.footprint_bytes();
        let region = w.region("us-east-1").unwrap();
        let mut tags = Tags::new();
        tags.insert("Name".into(), "x".repeat(200));
        w.create_vpc(region, "10.0.0.0/16", tags).unwrap();
        let with_vpc = w.footprint_bytes();
        assert!(with_vpc >= empty + 200 + TAG_OVERHEAD);
        let vpc = w.vpcs().iter().next().map(|(k, _)| k).unwrap();
        let text = "d".repeat(1 << 20);
        w.create_security_group(vpc, "web", Some(&text), Tags::new()).unwrap();
        assert!(w.footprint_bytes() >= with_vpc + (1 << 20), "free text counts");
    }
}
