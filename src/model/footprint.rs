//! A cheap estimate of the world's heap size, so a sandbox can count the world against
//! its memory limit (a script must not grow the Rust side past what its Lua heap may use).

use super::World;
use super::store::{Store, StoreKey};
use super::world::Tags;

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

macro_rules! sum_stores {
    ($($kind:ident, $variant:ident, $key:ident, $ty:ident, $store:ident, $get:ident, $prefix:literal, $name:literal,
       $nf:literal, $mf:literal, $(mod $module:ident)? $(in $shared:ident)?, $binding:ident;)*) => {
        /// Slot and tag bytes of every store.
        fn stores_bytes(w: &World) -> usize {
            0 $(+ slot_bytes(w.$store()) + w.$store().iter().map(|(_, r)| tags_bytes(&r.tags)).sum::<usize>())*
        }
    };
}
super::kinds::for_each_kind!(sum_stores);

impl World {
    /// An estimate of the bytes the world holds: every store slot (tombstones included),
    /// every tag, the id index. O(resources); callers measure it amortised.
    pub fn footprint_bytes(&self) -> usize {
        self.index.len() * INDEX_ENTRY + stores_bytes(self)
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
        assert!(w.footprint_bytes() >= empty + 200 + TAG_OVERHEAD);
    }
}
