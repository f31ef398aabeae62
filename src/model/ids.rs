//! Deterministic resource ids and typed keys.

use std::fmt;

/// Generates AWS-looking ids (`vpc-` + 17 hex digits) from a per-world counter
/// passed through a fixed bijective mix, so they look random but repeat run to run.
#[derive(Debug, Clone, Default)]
pub struct IdGen {
    counter: u64,
    side: u64,
    seed: u64,
}

impl IdGen {
    /// A generator whose ids depend on `seed` (0 is the default world).
    pub fn with_seed(seed: u64) -> IdGen {
        IdGen { counter: 0, side: 0, seed }
    }

    /// The next id with this prefix.
    pub fn next(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}-{:017x}", mix(self.counter ^ self.seed.rotate_left(17)))
    }

    /// The next id of a resource made as a side effect of another (a launch's root
    /// volume): a second sequence, so such resources leave every other id unchanged.
    pub fn next_side(&mut self, prefix: &str) -> String {
        self.side += 1;
        format!("{prefix}-{:017x}", mix(self.side ^ self.seed.rotate_left(17) ^ SIDE_SALT))
    }
}

/// Separates the side sequence from the main one.
const SIDE_SALT: u64 = 0x5eed_0000_0000_0001;

/// The splitmix64 finaliser: a bijection on u64.
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A region in use (regions are not resources: they have no id or tags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionKey(pub u32);

impl RegionKey {
    /// The slot index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

macro_rules! define_kinds {
    ($($kind:ident, $variant:ident, $key:ident, $ty:ident, $store:ident, $get:ident, $prefix:literal, $name:literal,
       $nf:literal, $mf:literal, $(mod $module:ident)? $(in $shared:ident)?, $binding:ident;)*) => {
        $(
            #[doc = concat!("The key of a ", $name, " in its store.")]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct $key(pub u32);
            impl $key {
                /// The slot index.
                pub fn index(self) -> usize { self.0 as usize }
            }
            impl super::store::StoreKey for $key {
                fn from_index(index: u32) -> Self { $key(index) }
                fn slot(self) -> usize { self.0 as usize }
            }
            impl fmt::Display for $key {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "{}#{}", stringify!($key), self.0) }
            }
            impl From<$key> for ResKey {
                fn from(k: $key) -> ResKey { ResKey::$variant(k) }
            }
        )*

        /// Any resource, by kind and key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum ResKey { $($variant($key),)* }

        impl ResKey {
            /// Its kind.
            pub fn kind(&self) -> Kind {
                match self { $(ResKey::$variant(_) => Kind::$kind,)* }
            }
        }

        /// Resource kinds: id prefix, kind name, NotFound and Malformed codes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Kind { $($kind,)* }

        impl Kind {
            /// Every kind, in the order of the kinds table.
            pub const ALL: &[Kind] = &[$(Kind::$kind,)*];

            /// The id prefix (`vpc`, `subnet`, …).
            pub const fn prefix(self) -> &'static str {
                match self { $(Kind::$kind => $prefix,)* }
            }

            /// The kind name of LUA_API.md (`vpc`, `security-group`, …).
            pub const fn name(self) -> &'static str {
                match self { $(Kind::$kind => $name,)* }
            }

            /// The Lua type name of its handles (`Vpc`, `SecurityGroup`, …).
            pub const fn type_name(self) -> &'static str {
                match self { $(Kind::$kind => stringify!($kind),)* }
            }

            /// AWS's NotFound code for this kind.
            pub const fn not_found_code(self) -> &'static str {
                match self { $(Kind::$kind => $nf,)* }
            }

            /// AWS's Malformed code for this kind.
            pub const fn malformed_code(self) -> &'static str {
                match self { $(Kind::$kind => $mf,)* }
            }
        }
    };
}

super::kinds::for_each_kind!(define_kinds);

impl Kind {
    /// The kind for a kind name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// The kind whose id prefix starts `id` (`vpc-…`), if any.
    pub fn of_prefix(id: &str) -> Option<Kind> {
        let (prefix, _) = id.rsplit_once('-')?;
        Kind::ALL.iter().copied().find(|k| k.prefix() == prefix)
    }

    /// The kind `id` is a well-formed id of: its prefix, `-`, then 8 or 17 lowercase
    /// hex digits. Anything else (`subnet-a`, `vpc-main`) is not an id but may be a name.
    pub fn of_id(id: &str) -> Option<Kind> {
        Kind::of_prefix(id).filter(|k| k.is_well_formed(id))
    }

    /// Whether `id` is well formed for this kind: prefix, `-`, 8 or 17 lowercase hex digits.
    pub fn is_well_formed(self, id: &str) -> bool {
        id.strip_prefix(self.prefix()).and_then(|r| r.strip_prefix('-')).is_some_and(|hex| {
            (hex.len() == 17 || hex.len() == 8) && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_deterministic_and_well_formed() {
        let mut a = IdGen::default();
        let mut b = IdGen::default();
        let x = a.next("vpc");
        assert_eq!(x, b.next("vpc"));
        assert!(Kind::Vpc.is_well_formed(&x), "{x}");
        assert_ne!(a.next("vpc"), x);
        assert_ne!(IdGen::with_seed(7).next("vpc"), x);
        let (mut c, mut d) = (IdGen::default(), IdGen::default());
        let vol = c.next_side("vol");
        assert!(Kind::Volume.is_well_formed(&vol), "{vol}");
        assert_eq!(c.next("vpc"), d.next("vpc"), "the side sequence leaves the main one as it was");
        assert_ne!(c.next_side("vol"), vol);
    }

    #[test]
    fn kinds_by_id_and_name() {
        assert_eq!(Kind::of_id("vpc-0123abcd"), Some(Kind::Vpc));
        assert_eq!(Kind::of_id("cvpn-endpoint-0123456789abcdef0"), Some(Kind::ClientVpnEndpoint));
        assert_eq!(Kind::of_prefix("cvpn-endpoint-0123"), Some(Kind::ClientVpnEndpoint));
        assert_eq!(Kind::of_id("web"), None);
        // Name tags that look like ids are names, not ids.
        assert_eq!(Kind::of_id("subnet-a"), None);
        assert_eq!(Kind::of_id("vpc-main"), None);
        assert_eq!(Kind::of_id("vpc-0123"), None);
        assert_eq!(Kind::from_name("security-group"), Some(Kind::SecurityGroup));
        assert!(!Kind::Vpc.is_well_formed("vpc-xyz"));
    }
}
