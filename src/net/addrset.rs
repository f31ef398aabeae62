//! Sets of IPv4 addresses as sorted, disjoint, inclusive intervals.

use super::Cidr;

/// A set of IPv4 addresses, kept as sorted, disjoint, non-adjacent inclusive
/// `(first, last)` intervals of integer addresses, so equal sets compare equal.
///
/// ```
/// use vpclab::net::{AddrSet, Cidr};
/// let mut s = AddrSet::from_cidr(Cidr::parse("10.0.0.0/24").unwrap());
/// s.insert_cidr(Cidr::parse("10.0.1.0/24").unwrap());
/// assert_eq!(s.to_cidrs(), [Cidr::parse("10.0.0.0/23").unwrap()]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct AddrSet {
    ranges: Vec<(u32, u32)>,
}

impl AddrSet {
    /// No address.
    ///
    /// ```
    /// use vpclab::net::AddrSet;
    /// assert!(AddrSet::empty().is_empty());
    /// ```
    pub fn empty() -> AddrSet {
        AddrSet { ranges: Vec::new() }
    }

    /// Every address, 0.0.0.0–255.255.255.255.
    ///
    /// ```
    /// use vpclab::net::AddrSet;
    /// assert_eq!(AddrSet::full().ranges(), &[(0, u32::MAX)]);
    /// ```
    pub fn full() -> AddrSet {
        AddrSet { ranges: vec![(0, u32::MAX)] }
    }

    /// Exactly the addresses of one block.
    ///
    /// ```
    /// use vpclab::net::{AddrSet, Cidr};
    /// let s = AddrSet::from_cidr(Cidr::parse("0.0.1.0/24").unwrap());
    /// assert_eq!(s.ranges(), &[(256, 511)]);
    /// ```
    pub fn from_cidr(cidr: Cidr) -> AddrSet {
        AddrSet { ranges: vec![(cidr.first_u32(), cidr.last_u32())] }
    }

    /// The intervals, sorted, disjoint and never adjacent.
    ///
    /// ```
    /// use vpclab::net::AddrSet;
    /// let mut s = AddrSet::empty();
    /// s.insert_range(5, 9);
    /// s.insert_range(10, 12);
    /// assert_eq!(s.ranges(), &[(5, 12)]);
    /// ```
    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    /// Whether no address is in the set.
    ///
    /// ```
    /// use vpclab::net::AddrSet;
    /// assert!(!AddrSet::full().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// How many addresses the set holds (up to 2^32).
    ///
    /// ```
    /// use vpclab::net::AddrSet;
    /// assert_eq!(AddrSet::full().count(), 1 << 32);
    /// ```
    pub fn count(&self) -> u64 {
        self.ranges.iter().map(|&(lo, hi)| u64::from(hi - lo) + 1).sum()
    }

    /// Whether the integer address is in the set.
    ///
    /// ```
    /// use vpclab::net::{AddrSet, Cidr};
    /// let s = AddrSet::from_cidr(Cidr::parse("10.0.0.0/8").unwrap());
    /// assert!(s.contains(u32::from(std::net::Ipv4Addr::new(10, 9, 8, 7))));
    /// assert!(!s.contains(0));
    /// ```
    pub fn contains(&self, addr: u32) -> bool {
        let i = self.ranges.partition_point(|&(_, hi)| hi < addr);
        self.ranges.get(i).is_some_and(|&(lo, _)| lo <= addr)
    }

    /// Adds every address from `lo` to `hi` inclusive; does nothing when `lo > hi`.
    ///
    /// ```
    /// use vpclab::net::AddrSet;
    /// let mut s = AddrSet::empty();
    /// s.insert_range(u32::MAX - 1, u32::MAX);
    /// s.insert_range(3, 2);
    /// assert_eq!(s.count(), 2);
    /// ```
    pub fn insert_range(&mut self, lo: u32, hi: u32) {
        if lo <= hi {
            self.ranges.push((lo, hi));
            self.ranges = normalize(std::mem::take(&mut self.ranges));
        }
    }

    /// Adds every address of a block.
    ///
    /// ```
    /// use vpclab::net::{AddrSet, Cidr};
    /// let mut s = AddrSet::empty();
    /// s.insert_cidr(Cidr::parse("10.0.0.0/31").unwrap());
    /// assert_eq!(s.count(), 2);
    /// ```
    pub fn insert_cidr(&mut self, cidr: Cidr) {
        self.insert_range(cidr.first_u32(), cidr.last_u32());
    }

    /// The addresses in either set.
    ///
    /// ```
    /// use vpclab::net::AddrSet;
    /// let mut a = AddrSet::empty();
    /// a.insert_range(0, 9);
    /// let mut b = AddrSet::empty();
    /// b.insert_range(5, 20);
    /// assert_eq!(a.union(&b).ranges(), &[(0, 20)]);
    /// ```
    pub fn union(&self, other: &AddrSet) -> AddrSet {
        let all = self.ranges.iter().chain(&other.ranges).copied().collect();
        AddrSet { ranges: normalize(all) }
    }

    /// The addresses in both sets.
    ///
    /// ```
    /// use vpclab::net::AddrSet;
    /// let mut a = AddrSet::empty();
    /// a.insert_range(0, 9);
    /// let mut b = AddrSet::empty();
    /// b.insert_range(5, 20);
    /// assert_eq!(a.intersect(&b).ranges(), &[(5, 9)]);
    /// ```
    pub fn intersect(&self, other: &AddrSet) -> AddrSet {
        let (a, b) = (&self.ranges, &other.ranges);
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while i < a.len() && j < b.len() {
            let lo = a[i].0.max(b[j].0);
            let hi = a[i].1.min(b[j].1);
            if lo <= hi {
                out.push((lo, hi));
            }
            // Drop whichever interval ends first; the other may meet later ones.
            if a[i].1 < b[j].1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        AddrSet { ranges: out }
    }

    /// The addresses not in the set.
    ///
    /// ```
    /// use vpclab::net::AddrSet;
    /// let mut s = AddrSet::empty();
    /// s.insert_range(1, u32::MAX - 1);
    /// assert_eq!(s.complement().ranges(), &[(0, 0), (u32::MAX, u32::MAX)]);
    /// ```
    pub fn complement(&self) -> AddrSet {
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        // Next address not yet accounted for; u64 so that it can pass u32::MAX.
        let mut next: u64 = 0;
        for &(lo, hi) in &self.ranges {
            if u64::from(lo) > next {
                out.push((next as u32, lo - 1));
            }
            next = u64::from(hi) + 1;
        }
        if next <= u64::from(u32::MAX) {
            out.push((next as u32, u32::MAX));
        }
        AddrSet { ranges: out }
    }

    /// The addresses of this set not in `other`.
    ///
    /// ```
    /// use vpclab::net::AddrSet;
    /// let mut a = AddrSet::empty();
    /// a.insert_range(0, 9);
    /// let mut b = AddrSet::empty();
    /// b.insert_range(3, 4);
    /// assert_eq!(a.subtract(&b).ranges(), &[(0, 2), (5, 9)]);
    /// ```
    pub fn subtract(&self, other: &AddrSet) -> AddrSet {
        self.intersect(&other.complement())
    }

    /// The fewest CIDR blocks covering exactly this set, in address order.
    ///
    /// ```
    /// use vpclab::net::AddrSet;
    /// let mut s = AddrSet::empty();
    /// s.insert_range(1, 6);
    /// let texts: Vec<String> = s.to_cidrs().iter().map(|c| c.to_string()).collect();
    /// assert_eq!(texts, ["0.0.0.1/32", "0.0.0.2/31", "0.0.0.4/31", "0.0.0.6/32"]);
    /// ```
    pub fn to_cidrs(&self) -> Vec<Cidr> {
        let mut out = Vec::new();
        for &(lo, hi) in &self.ranges {
            let (mut lo, hi) = (u64::from(lo), u64::from(hi));
            while lo <= hi {
                // The largest aligned block starting at `lo` that stays within `hi`.
                let mut bits = lo.trailing_zeros().min(32);
                while lo + (1u64 << bits) - 1 > hi {
                    bits -= 1;
                }
                // bits <= 32, so the prefix is in 0..=32.
                out.push(Cidr::from_u32(lo as u32, (32 - bits) as u8));
                lo += 1u64 << bits;
            }
        }
        out
    }
}

/// Sorts intervals and merges the overlapping and adjacent ones.
fn normalize(mut ranges: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    ranges.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for (lo, hi) in ranges {
        match out.last_mut() {
            Some(last) if u64::from(lo) <= u64::from(last.1) + 1 => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn c(text: &str) -> Cidr {
        Cidr::parse(text).expect(text)
    }

    #[test]
    fn edges_of_the_address_space() {
        let mut s = AddrSet::empty();
        s.insert_range(u32::MAX, u32::MAX);
        s.insert_range(0, 0);
        assert_eq!(s.ranges(), &[(0, 0), (u32::MAX, u32::MAX)]);
        assert!(s.contains(u32::MAX) && s.contains(0) && !s.contains(1));
        assert_eq!(s.complement().ranges(), &[(1, u32::MAX - 1)]);
        assert_eq!(AddrSet::full().complement(), AddrSet::empty());
        assert_eq!(AddrSet::empty().complement(), AddrSet::full());
        assert_eq!(AddrSet::full().to_cidrs(), [c("0.0.0.0/0")]);
        assert_eq!(AddrSet::full().subtract(&s).to_cidrs().len(), 62, "1..=2^32-2 needs 31 blocks on each side");
    }

    #[test]
    fn merges_adjacent_and_overlapping() {
        let mut s = AddrSet::from_cidr(c("10.0.0.0/24"));
        s.insert_cidr(c("10.0.2.0/24"));
        assert_eq!(s.ranges().len(), 2);
        s.insert_cidr(c("10.0.1.0/24"));
        assert_eq!(s.to_cidrs(), [c("10.0.0.0/23"), c("10.0.2.0/24")]);
        s.insert_cidr(c("10.0.0.0/16"));
        assert_eq!(s.to_cidrs(), [c("10.0.0.0/16")]);
    }

    #[test]
    fn set_algebra_on_blocks() {
        let vpc = AddrSet::from_cidr(c("10.0.0.0/16"));
        let subnet = AddrSet::from_cidr(c("10.0.1.0/24"));
        let rest = vpc.subtract(&subnet);
        assert_eq!(rest.count(), 65_536 - 256);
        assert!(rest.intersect(&subnet).is_empty());
        assert_eq!(rest.union(&subnet), vpc);
        assert_eq!(vpc.intersect(&AddrSet::full()), vpc);
    }

    /// Index `i` of the test universe: 10.0.0.0/22 then the top /22 of the address space.
    fn universe(i: u32) -> u32 {
        if i < 1024 { 0x0a00_0000 + i } else { u32::MAX - 2047 + i }
    }

    /// Random intervals, each inside one half of the universe.
    fn set_strategy() -> impl Strategy<Value = Vec<(u32, u32)>> {
        let interval = (any::<bool>(), 0u32..1024, 0u32..1024).prop_map(|(top, a, b)| {
            let base = if top { 1024 } else { 0 };
            (universe(base + a.min(b)), universe(base + a.max(b)))
        });
        proptest::collection::vec(interval, 0..6)
    }

    fn build(intervals: &[(u32, u32)]) -> (AddrSet, BTreeSet<u32>) {
        let mut set = AddrSet::empty();
        let mut model = BTreeSet::new();
        for &(lo, hi) in intervals {
            set.insert_range(lo, hi);
            model.extend(lo..=hi);
        }
        (set, model)
    }

    /// Every address of the universe plus its neighbours outside it.
    fn probes() -> impl Iterator<Item = u32> {
        (0..2048).map(universe).chain([0x09ff_ffff, 0x0a00_0400, u32::MAX - 2048, 0])
    }

    fn check_invariants(s: &AddrSet) -> Result<(), TestCaseError> {
        for &(lo, hi) in s.ranges() {
            prop_assert!(lo <= hi);
        }
        for w in s.ranges().windows(2) {
            prop_assert!(u64::from(w[0].1) + 1 < u64::from(w[1].0));
        }
        Ok(())
    }

    fn agrees(s: &AddrSet, model: &BTreeSet<u32>) -> Result<(), TestCaseError> {
        check_invariants(s)?;
        prop_assert_eq!(s.count(), model.len() as u64);
        for p in probes() {
            prop_assert_eq!(s.contains(p), model.contains(&p), "address {}", p);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn operations_agree_with_a_reference_set(a in set_strategy(), b in set_strategy()) {
            let (sa, ma) = build(&a);
            let (sb, mb) = build(&b);
            agrees(&sa, &ma)?;
            agrees(&sa.union(&sb), &ma.union(&mb).copied().collect())?;
            agrees(&sa.intersect(&sb), &ma.intersection(&mb).copied().collect())?;
            agrees(&sa.subtract(&sb), &ma.difference(&mb).copied().collect())?;
            prop_assert_eq!(sa.complement().complement(), sa.clone());
            prop_assert_eq!(sa.complement().count() + sa.count(), 1u64 << 32);
        }

        #[test]
        fn to_cidrs_round_trips_and_is_minimal(a in set_strategy()) {
            let (set, _) = build(&a);
            let cidrs = set.to_cidrs();
            let mut back = AddrSet::empty();
            for cidr in &cidrs {
                back.insert_cidr(*cidr);
            }
            prop_assert_eq!(&back, &set);
            for w in cidrs.windows(2) {
                prop_assert!(w[0].last_u32() < w[1].first_u32());
                let merged = Cidr::from_u32(w[0].first_u32(), w[0].prefix().saturating_sub(1));
                let siblings = w[0].prefix() == w[1].prefix() && merged.contains(&w[1]);
                prop_assert!(!siblings || w[0].prefix() == 0);
            }
            prop_assert_eq!(Cidr::summarize(&cidrs), cidrs);
        }
    }
}
