//! The resource stores of the world and the [`Resource`] trait that reaches them by key.

use super::store::{Store, StoreKey};
use super::*;

/// A resource kind's model type: its key, kind, store, id and tags.
pub trait Resource: Sized + 'static {
    /// Its typed key.
    type Key: StoreKey + Into<ResKey> + PartialEq + std::fmt::Debug;
    /// Its kind.
    const KIND: Kind;
    /// Its store in the world.
    fn store(s: &Stores) -> &Store<Self::Key, Self>;
    /// Its store, mutably.
    fn store_mut(s: &mut Stores) -> &mut Store<Self::Key, Self>;
    /// Its id (`vpc-…`).
    fn id(&self) -> &str;
    /// Its tags.
    fn tags(&self) -> &Tags;
    /// Its tags, mutably.
    fn tags_mut(&mut self) -> &mut Tags;
}

/// A typed key that knows its resource type, so `world.get(key)` needs no turbofish.
pub trait Key: StoreKey + Into<ResKey> + 'static {
    /// The resource it names.
    type Res: Resource<Key = Self>;
}

macro_rules! define_stores {
    ($($kind:ident, $variant:ident, $key:ident, $ty:ident, $store:ident, $get:ident, $prefix:literal, $name:literal,
       $nf:literal, $mf:literal, $(mod $module:ident)? $(in $shared:ident)?, $binding:ident;)*) => {
        /// One store per resource kind.
        #[derive(Debug, Clone, Default)]
        pub struct Stores {
            $(pub(super) $store: Store<$key, $ty>,)*
        }

        $(
            impl Resource for $ty {
                type Key = $key;
                const KIND: Kind = Kind::$kind;
                fn store(s: &Stores) -> &Store<$key, $ty> { &s.$store }
                fn store_mut(s: &mut Stores) -> &mut Store<$key, $ty> { &mut s.$store }
                fn id(&self) -> &str { &self.id }
                fn tags(&self) -> &Tags { &self.tags }
                fn tags_mut(&mut self) -> &mut Tags { &mut self.tags }
            }
            impl Key for $key {
                type Res = $ty;
            }
        )*

        impl World {
            $(
                #[doc = concat!("Every existing ", $name, ", in creation order.")]
                pub fn $store(&self) -> &Store<$key, $ty> { &self.stores.$store }

                #[doc = concat!("The ", $name, ", or its NotFound error when it was deleted.")]
                pub fn $get(&self, k: $key) -> Result<&$ty> { self.get(k) }
            )*
        }

        impl Stores {
            /// The id and tags of any existing resource.
            pub(super) fn meta(&self, res: ResKey) -> Option<(&str, &Tags)> {
                match res {
                    $(ResKey::$variant(k) => self.$store.get(k).map(|r| (r.id.as_str(), &r.tags)),)*
                }
            }

            /// The tags of any existing resource, mutably.
            pub(super) fn tags_mut(&mut self, res: ResKey) -> Option<&mut Tags> {
                match res {
                    $(ResKey::$variant(k) => self.$store.get_mut(k).map(|r| &mut r.tags),)*
                }
            }

            /// Every existing resource of `kind` (or of every kind), in table then creation order.
            pub(super) fn keys_of(&self, kind: Option<Kind>) -> Vec<ResKey> {
                let mut out = Vec::new();
                $(
                    if kind.is_none_or(|k| k == Kind::$kind) {
                        out.extend(self.$store.iter().map(|(k, _)| ResKey::$variant(k)));
                    }
                )*
                out
            }
        }
    };
}

super::kinds::for_each_kind!(define_stores);

impl World {
    /// The resource behind a typed key, or its kind's NotFound error.
    pub fn get<K: Key>(&self, k: K) -> Result<&K::Res> {
        K::Res::store(&self.stores).get(k).ok_or_else(|| gone(K::Res::KIND, k.slot()))
    }

    /// The resource behind a typed key, mutably.
    pub(crate) fn get_mut<K: Key>(&mut self, k: K) -> Result<&mut K::Res> {
        K::Res::store_mut(&mut self.stores).get_mut(k).ok_or_else(|| gone(K::Res::KIND, k.slot()))
    }
}

/// The error for a key whose resource no longer exists.
fn gone(kind: Kind, slot: usize) -> AwsError {
    crate::aws_err!(kind.not_found_code(), "The {} (#{slot}) does not exist: it was deleted", kind.name())
}
