//! Canonical IPv4 CIDR blocks.

use ipnet::Ipv4Net;
use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// Why a text is not a CIDR block or an address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{text}' is not a valid {what}")]
pub struct CidrError {
    /// The text that failed to parse.
    pub text: String,
    /// What was expected ("CIDR block", "IPv4 address").
    pub what: &'static str,
}

/// An IPv4 CIDR block whose host bits are always zero (AWS canonicalises
/// `10.0.0.7/16` to `10.0.0.0/16`).
///
/// ```
/// use vpclab::net::Cidr;
/// let c: Cidr = "10.0.0.7/16".parse().unwrap();
/// assert_eq!(c.to_string(), "10.0.0.0/16");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cidr {
    base: u32,
    prefix: u8,
}

impl Cidr {
    /// Builds a block from any address inside it and a prefix length (0–32).
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let c = Cidr::new("10.1.2.3".parse().unwrap(), 8).unwrap();
    /// assert_eq!(c.to_string(), "10.0.0.0/8");
    /// ```
    pub fn new(addr: Ipv4Addr, prefix: u8) -> Option<Cidr> {
        (prefix <= 32).then(|| Cidr { base: u32::from(addr) & mask(prefix), prefix })
    }

    /// Parses `a.b.c.d/n`, truncating host bits.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert!(Cidr::parse("10.0.0.0/33").is_err());
    /// assert_eq!(Cidr::parse("10.0.0.0/16").unwrap().prefix(), 16);
    /// ```
    pub fn parse(text: &str) -> Result<Cidr, CidrError> {
        let err = || CidrError { text: text.to_string(), what: "CIDR block" };
        let (addr, len) = text.trim().split_once('/').ok_or_else(err)?;
        let addr = parse_addr(addr).map_err(|_| err())?;
        if len.is_empty() || len.len() > 2 || !len.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let prefix: u8 = len.parse().map_err(|_| err())?;
        Cidr::new(addr, prefix).ok_or_else(err)
    }

    /// The block holding exactly one address (`/32`).
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::host("10.0.0.9".parse().unwrap()).to_string(), "10.0.0.9/32");
    /// ```
    pub fn host(addr: Ipv4Addr) -> Cidr {
        Cidr { base: u32::from(addr), prefix: 32 }
    }

    /// The network (first) address.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("10.0.1.0/24").unwrap().network().to_string(), "10.0.1.0");
    /// ```
    pub fn network(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.base)
    }

    /// The prefix length.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("10.0.1.0/24").unwrap().prefix(), 24);
    /// ```
    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    /// The first address as an integer.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("0.0.1.0/24").unwrap().first_u32(), 256);
    /// ```
    pub fn first_u32(&self) -> u32 {
        self.base
    }

    /// The last address as an integer.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("0.0.1.0/24").unwrap().last_u32(), 511);
    /// ```
    pub fn last_u32(&self) -> u32 {
        self.base | !mask(self.prefix)
    }

    /// The last (broadcast) address.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("10.0.1.0/24").unwrap().last().to_string(), "10.0.1.255");
    /// ```
    pub fn last(&self) -> Ipv4Addr {
        Ipv4Addr::from(self.last_u32())
    }

    /// Number of addresses in the block.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("10.0.0.0/22").unwrap().size(), 1024);
    /// ```
    pub fn size(&self) -> u64 {
        1u64 << (32 - self.prefix)
    }

    /// Whether the address lies inside the block.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let c = Cidr::parse("10.0.0.0/16").unwrap();
    /// assert!(c.contains_addr("10.0.200.1".parse().unwrap()));
    /// assert!(!c.contains_addr("10.1.0.0".parse().unwrap()));
    /// ```
    pub fn contains_addr(&self, addr: Ipv4Addr) -> bool {
        self.contains_u32(u32::from(addr))
    }

    /// Whether the integer address lies inside the block.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert!(Cidr::parse("0.0.0.0/0").unwrap().contains_u32(u32::MAX));
    /// ```
    pub fn contains_u32(&self, addr: u32) -> bool {
        addr & mask(self.prefix) == self.base
    }

    /// Whether `other` lies entirely inside this block (a block contains itself).
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let big = Cidr::parse("10.0.0.0/16").unwrap();
    /// assert!(big.contains(&Cidr::parse("10.0.3.0/24").unwrap()));
    /// assert!(!Cidr::parse("10.0.3.0/24").unwrap().contains(&big));
    /// ```
    pub fn contains(&self, other: &Cidr) -> bool {
        other.prefix >= self.prefix && self.contains_u32(other.base)
    }

    /// Whether the two blocks share any address.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let a = Cidr::parse("10.0.0.0/16").unwrap();
    /// assert!(a.overlaps(&Cidr::parse("10.0.128.0/17").unwrap()));
    /// assert!(!a.overlaps(&Cidr::parse("10.1.0.0/16").unwrap()));
    /// ```
    pub fn overlaps(&self, other: &Cidr) -> bool {
        self.contains(other) || other.contains(self)
    }

    /// The netmask, e.g. `255.255.255.0` for a `/24`.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("10.0.0.0/20").unwrap().netmask().to_string(), "255.255.240.0");
    /// ```
    pub fn netmask(&self) -> Ipv4Addr {
        Ipv4Addr::from(mask(self.prefix))
    }

    /// The block of the same size right after this one, or `None` past `255.255.255.255`.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let c = Cidr::parse("10.0.255.0/24").unwrap();
    /// assert_eq!(c.next().unwrap().to_string(), "10.1.0.0/24");
    /// assert_eq!(Cidr::parse("255.255.255.0/24").unwrap().next(), None);
    /// ```
    pub fn next(&self) -> Option<Cidr> {
        let base = self.last_u32().checked_add(1)?;
        Some(Cidr { base, prefix: self.prefix })
    }

    /// The block of the given prefix (clamped to 32) holding the integer address.
    pub(crate) fn from_u32(addr: u32, prefix: u8) -> Cidr {
        let prefix = prefix.min(32);
        Cidr { base: addr & mask(prefix), prefix }
    }

    /// The same block as an [`ipnet::Ipv4Net`].
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("10.0.0.0/8").unwrap().to_ipnet().prefix_len(), 8);
    /// ```
    pub fn to_ipnet(&self) -> Ipv4Net {
        Ipv4Net::new_assert(self.network(), self.prefix)
    }
}

/// The netmask of a prefix length as an integer.
pub(crate) fn mask(prefix: u8) -> u32 {
    if prefix == 0 { 0 } else { u32::MAX << (32 - u32::from(prefix)) }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network(), self.prefix)
    }
}

impl FromStr for Cidr {
    type Err = CidrError;
    fn from_str(s: &str) -> Result<Cidr, CidrError> {
        Cidr::parse(s)
    }
}

/// Parses a dotted-quad IPv4 address (no leading zeros beyond `0`).
///
/// ```
/// use vpclab::net::parse_addr;
/// assert!(parse_addr("10.0.0.1").is_ok());
/// assert!(parse_addr("300.0.0.1").is_err());
/// ```
pub fn parse_addr(text: &str) -> Result<Ipv4Addr, CidrError> {
    text.trim().parse().map_err(|_| CidrError { text: text.to_string(), what: "IPv4 address" })
}

/// Whether an address is private in the RFC 1918 sense (10/8, 172.16/12, 192.168/16).
///
/// ```
/// use vpclab::net::is_rfc1918;
/// assert!(is_rfc1918("172.31.0.5".parse().unwrap()));
/// assert!(!is_rfc1918("93.184.216.34".parse().unwrap()));
/// ```
pub fn is_rfc1918(addr: Ipv4Addr) -> bool {
    addr.is_private()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(text: &str) -> Cidr {
        Cidr::parse(text).expect(text)
    }

    #[test]
    fn parse_canonicalises_and_rejects_garbage() {
        assert_eq!(c("10.0.0.7/16").to_string(), "10.0.0.0/16");
        assert_eq!(c(" 0.0.0.0/0 ").size(), 1 << 32);
        for bad in ["10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0/8", "10.0.0.0/-1", "x/8"] {
            let err = Cidr::parse(bad).unwrap_err();
            assert_eq!(err.text, bad);
            assert!(err.to_string().contains(bad));
        }
    }

    #[test]
    fn netmask_and_bounds() {
        assert_eq!(c("0.0.0.0/0").netmask(), Ipv4Addr::new(0, 0, 0, 0));
        assert_eq!(c("10.0.0.0/8").netmask(), Ipv4Addr::new(255, 0, 0, 0));
        assert_eq!(c("10.0.0.1/32").netmask(), Ipv4Addr::new(255, 255, 255, 255));
        assert_eq!(c("255.255.255.255/32").last_u32(), u32::MAX);
        assert_eq!(c("0.0.0.0/0").last_u32(), u32::MAX);
    }

    #[test]
    fn next_steps_by_size_and_stops_at_the_top() {
        assert_eq!(c("10.0.0.0/16").next(), Some(c("10.1.0.0/16")));
        assert_eq!(c("10.0.0.5/32").next(), Some(c("10.0.0.6/32")));
        assert_eq!(c("255.255.255.255/32").next(), None);
        assert_eq!(c("128.0.0.0/1").next(), None);
        assert_eq!(c("0.0.0.0/0").next(), None);
    }

    #[test]
    fn containment_edges() {
        let all = c("0.0.0.0/0");
        assert!(all.contains(&c("255.255.255.255/32")));
        assert!(all.overlaps(&c("1.2.3.4/32")));
        assert!(!c("10.0.0.0/24").overlaps(&c("10.0.1.0/24")));
        assert!(c("10.0.0.0/24").contains(&c("10.0.0.0/24")));
    }

    /// Any block at all.
    fn any_cidr() -> impl Strategy<Value = Cidr> {
        (any::<u32>(), 0u8..=32).prop_map(|(a, p)| Cidr::from_u32(a, p))
    }

    /// A block inside 10.0.0.0/20, so that random pairs often overlap.
    fn small_cidr() -> impl Strategy<Value = Cidr> {
        (0u32..4096, 20u8..=32).prop_map(|(a, p)| Cidr::from_u32(0x0a00_0000 + a, p))
    }

    /// A block inside `outer`, picked from an address offset and extra prefix bits.
    fn inside(outer: Cidr, offset: u32, extra: u8) -> Cidr {
        let prefix = outer.prefix().saturating_add(extra).min(32);
        let span = outer.last_u32() - outer.first_u32();
        Cidr::from_u32(outer.first_u32() + offset % span.saturating_add(1).max(1), prefix)
    }

    proptest! {
        #[test]
        fn canonical_and_round_trips(a in any_cidr()) {
            prop_assert_eq!(a.first_u32() & !mask(a.prefix()), 0);
            prop_assert_eq!(c(&a.to_string()), a);
            prop_assert_eq!(u64::from(a.last_u32() - a.first_u32()) + 1, a.size());
            prop_assert_eq!(a.to_ipnet().netmask(), a.netmask());
        }

        #[test]
        fn contains_is_transitive(a in any_cidr(), o1: u32, e1 in 0u8..8, o2: u32, e2 in 0u8..8) {
            let b = inside(a, o1, e1);
            let cc = inside(b, o2, e2);
            prop_assert!(a.contains(&b));
            prop_assert!(b.contains(&cc));
            prop_assert!(a.contains(&cc));
        }

        #[test]
        fn contains_implies_overlaps_and_every_probe(
            a in small_cidr(),
            b in small_cidr(),
            probes in proptest::collection::vec(any::<u32>(), 16),
        ) {
            prop_assert_eq!(a.overlaps(&b), b.overlaps(&a));
            if a.contains(&b) {
                prop_assert!(a.overlaps(&b));
                let span = u64::from(b.last_u32() - b.first_u32()) + 1;
                for p in probes {
                    let addr = b.first_u32() + (u64::from(p) % span) as u32;
                    prop_assert!(b.contains_u32(addr));
                    prop_assert!(a.contains_u32(addr));
                }
                prop_assert!(a.contains_u32(b.last_u32()));
            }
            // Overlap means a shared address, checked by interval arithmetic.
            let shared = a.first_u32().max(b.first_u32()) <= a.last_u32().min(b.last_u32());
            prop_assert_eq!(a.overlaps(&b), shared);
        }

        #[test]
        fn next_is_adjacent_and_same_size(a in any_cidr()) {
            match a.next() {
                Some(n) => {
                    prop_assert_eq!(n.prefix(), a.prefix());
                    prop_assert_eq!(n.first_u32(), a.last_u32() + 1);
                }
                None => prop_assert_eq!(a.last_u32(), u32::MAX),
            }
        }
    }
}
