//! Port ranges and sets of ports.

use super::NetError;
use std::fmt;
use std::str::FromStr;

/// An inclusive port range with `from <= to`.
///
/// ```
/// use vpclab::net::PortRange;
/// assert!(PortRange::new(10, 5).is_none());
/// assert!(PortRange::new(22, 22).unwrap().contains(22));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PortRange {
    /// First port.
    pub from: u16,
    /// Last port.
    pub to: u16,
}

impl PortRange {
    /// Every port, 0–65535.
    pub const ALL: PortRange = PortRange { from: 0, to: 65535 };

    /// A range, or `None` when `from > to`.
    ///
    /// ```
    /// use vpclab::net::PortRange;
    /// assert_eq!(PortRange::new(1, 2).unwrap().to, 2);
    /// ```
    pub fn new(from: u16, to: u16) -> Option<PortRange> {
        (from <= to).then_some(PortRange { from, to })
    }

    /// One port.
    ///
    /// ```
    /// use vpclab::net::PortRange;
    /// assert_eq!(PortRange::single(443).from, 443);
    /// ```
    pub fn single(port: u16) -> PortRange {
        PortRange { from: port, to: port }
    }

    /// Parses a single port (`"443"`) or an inclusive range (`"1024-65535"`).
    ///
    /// ```
    /// use vpclab::net::PortRange;
    /// assert_eq!(PortRange::parse("1024-65535").unwrap(), PortRange::new(1024, 65535).unwrap());
    /// assert_eq!(PortRange::parse("443").unwrap(), PortRange::single(443));
    /// let err = PortRange::parse("70000").unwrap_err();
    /// assert_eq!(err.to_string(), "'70000' is not a valid port range: ports must be between 0 and 65535");
    /// ```
    pub fn parse(text: &str) -> Result<PortRange, NetError> {
        let err = |reason| NetError::PortRange { text: text.to_string(), reason };
        let (from, to) = match text.trim().split_once('-') {
            Some((from, to)) => (parse_port(from).map_err(err)?, parse_port(to).map_err(err)?),
            None => {
                let port = parse_port(text).map_err(err)?;
                (port, port)
            }
        };
        PortRange::new(from, to).ok_or_else(|| err("the first port must not be greater than the last"))
    }

    /// Whether the port lies in the range.
    ///
    /// ```
    /// use vpclab::net::PortRange;
    /// assert!(!PortRange::single(80).contains(81));
    /// ```
    pub fn contains(&self, port: u16) -> bool {
        self.from <= port && port <= self.to
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to { write!(f, "{}", self.from) } else { write!(f, "{}-{}", self.from, self.to) }
    }
}

/// One port number in decimal, or why it is not one.
fn parse_port(text: &str) -> Result<u16, &'static str> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("expected a port such as 443 or a range such as 1024-65535");
    }
    // Digits only, so the only possible failure is a number too large.
    text.parse::<u16>().map_err(|_| "ports must be between 0 and 65535")
}

impl FromStr for PortRange {
    type Err = NetError;
    fn from_str(s: &str) -> Result<PortRange, NetError> {
        PortRange::parse(s)
    }
}

/// A set of ports kept as sorted, disjoint, non-adjacent ranges.
///
/// ```
/// use vpclab::net::{PortRange, PortSet};
/// let mut s = PortSet::empty();
/// s.insert(PortRange::new(1024, 2000).unwrap());
/// s.insert(PortRange::new(2001, 3000).unwrap());
/// assert_eq!(s.ranges(), &[PortRange::new(1024, 3000).unwrap()]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PortSet {
    ranges: Vec<PortRange>,
}

impl PortSet {
    /// No port.
    ///
    /// ```
    /// use vpclab::net::PortSet;
    /// assert!(PortSet::empty().is_empty());
    /// ```
    pub fn empty() -> PortSet {
        PortSet { ranges: Vec::new() }
    }

    /// Every port, 0–65535.
    ///
    /// ```
    /// use vpclab::net::PortSet;
    /// assert_eq!(PortSet::full().count(), 65536);
    /// ```
    pub fn full() -> PortSet {
        PortSet::from_range(PortRange::ALL)
    }

    /// The ports of any of the ranges, merged.
    ///
    /// ```
    /// use vpclab::net::{PortRange, PortSet};
    /// let s = PortSet::from_ranges([PortRange::single(81), PortRange::single(80)]);
    /// assert_eq!(s.ranges(), &[PortRange::new(80, 81).unwrap()]);
    /// ```
    pub fn from_ranges(ranges: impl IntoIterator<Item = PortRange>) -> PortSet {
        let mut set = PortSet::empty();
        for r in ranges {
            set.insert(r);
        }
        set
    }

    /// Exactly the ports of one range.
    ///
    /// ```
    /// use vpclab::net::{PortRange, PortSet};
    /// assert!(PortSet::from_range(PortRange::single(1)).contains(1));
    /// ```
    pub fn from_range(r: PortRange) -> PortSet {
        PortSet { ranges: vec![r] }
    }

    /// The ranges, sorted, disjoint and never adjacent.
    ///
    /// ```
    /// use vpclab::net::{PortRange, PortSet};
    /// let s = PortSet::from_ranges([PortRange::single(443), PortRange::single(22)]);
    /// assert_eq!(s.ranges(), &[PortRange::single(22), PortRange::single(443)]);
    /// ```
    pub fn ranges(&self) -> &[PortRange] {
        &self.ranges
    }

    /// Whether no port is in the set.
    ///
    /// ```
    /// use vpclab::net::PortSet;
    /// assert!(!PortSet::full().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Whether the port is in the set.
    ///
    /// ```
    /// use vpclab::net::{PortRange, PortSet};
    /// let s = PortSet::from_range(PortRange::new(80, 81).unwrap());
    /// assert!(s.contains(81) && !s.contains(82));
    /// ```
    pub fn contains(&self, port: u16) -> bool {
        self.ranges.iter().any(|r| r.contains(port))
    }

    /// Adds a range, merging neighbours.
    ///
    /// ```
    /// use vpclab::net::{PortRange, PortSet};
    /// let mut s = PortSet::from_range(PortRange::new(0, 10).unwrap());
    /// s.insert(PortRange::new(5, 20).unwrap());
    /// assert_eq!(s.ranges(), &[PortRange::new(0, 20).unwrap()]);
    /// ```
    pub fn insert(&mut self, r: PortRange) {
        let mut from = u32::from(r.from);
        let mut to = u32::from(r.to);
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        for x in &self.ranges {
            let (xf, xt) = (u32::from(x.from), u32::from(x.to));
            if xt + 1 < from || to + 1 < xf {
                out.push(*x);
            } else {
                from = from.min(xf);
                to = to.max(xt);
            }
        }
        out.push(PortRange { from: from as u16, to: to as u16 });
        out.sort();
        self.ranges = out;
    }

    /// The ports in either set.
    ///
    /// ```
    /// use vpclab::net::{PortRange, PortSet};
    /// let a = PortSet::from_range(PortRange::new(0, 100).unwrap());
    /// let b = PortSet::from_range(PortRange::new(101, 200).unwrap());
    /// assert_eq!(a.union(&b).ranges(), &[PortRange::new(0, 200).unwrap()]);
    /// ```
    pub fn union(&self, other: &PortSet) -> PortSet {
        let mut out = self.clone();
        for r in &other.ranges {
            out.insert(*r);
        }
        out
    }

    /// The number of ports in the set (65,536 for every port).
    ///
    /// ```
    /// use vpclab::net::{PortRange, PortSet};
    /// assert_eq!(PortSet::from_range(PortRange::new(1024, 2047).unwrap()).count(), 1024);
    /// assert_eq!(PortSet::empty().count(), 0);
    /// ```
    pub fn count(&self) -> u32 {
        self.ranges.iter().map(|r| u32::from(r.to) - u32::from(r.from) + 1).sum()
    }

    /// The ports in both sets.
    ///
    /// ```
    /// use vpclab::net::{PortRange, PortSet};
    /// let a = PortSet::from_range(PortRange::new(0, 100).unwrap());
    /// let b = PortSet::from_range(PortRange::new(50, 200).unwrap());
    /// assert_eq!(a.intersect(&b).ranges(), &[PortRange::new(50, 100).unwrap()]);
    /// ```
    pub fn intersect(&self, other: &PortSet) -> PortSet {
        let mut out = Vec::new();
        for a in &self.ranges {
            for b in &other.ranges {
                let from = a.from.max(b.from);
                let to = a.to.min(b.to);
                if from <= to {
                    out.push(PortRange { from, to });
                }
            }
        }
        out.sort();
        PortSet { ranges: out }
    }

    /// The ports of this set not in `other`.
    ///
    /// ```
    /// use vpclab::net::{PortRange, PortSet};
    /// let a = PortSet::from_range(PortRange::new(0, 100).unwrap());
    /// let b = PortSet::from_range(PortRange::new(10, 20).unwrap());
    /// assert_eq!(a.subtract(&b).ranges().len(), 2);
    /// ```
    pub fn subtract(&self, other: &PortSet) -> PortSet {
        let mut cur = self.ranges.clone();
        for b in &other.ranges {
            let mut next = Vec::with_capacity(cur.len() + 1);
            for a in cur {
                if b.to < a.from || a.to < b.from {
                    next.push(a);
                    continue;
                }
                if a.from < b.from {
                    next.push(PortRange { from: a.from, to: b.from - 1 });
                }
                if b.to < a.to {
                    next.push(PortRange { from: b.to + 1, to: a.to });
                }
            }
            cur = next;
        }
        PortSet { ranges: cur }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn r(from: u16, to: u16) -> PortRange {
        PortRange::new(from, to).expect("from <= to")
    }

    #[test]
    fn parse_accepts_ports_and_ranges() {
        assert_eq!(PortRange::parse("443").unwrap(), PortRange::single(443));
        assert_eq!(PortRange::parse("0-65535").unwrap(), PortRange::ALL);
        assert_eq!(PortRange::parse(" 22 ").unwrap(), PortRange::single(22));
        assert_eq!("8080-8081".parse::<PortRange>().unwrap(), r(8080, 8081));
        assert_eq!(PortRange::parse("65535").unwrap(), PortRange::single(65535));
    }

    #[test]
    fn parse_errors_name_the_text() {
        for bad in ["", "-", "-1", "1-", "a", "1-2-3", "65536", "99999999999", "1 -x", "+5"] {
            let err = PortRange::parse(bad).unwrap_err();
            assert!(err.to_string().starts_with(&format!("'{bad}' is not a valid port range")));
        }
        assert_eq!(
            PortRange::parse("2000-1000").unwrap_err().to_string(),
            "'2000-1000' is not a valid port range: the first port must not be greater than the last"
        );
        assert_eq!(
            PortRange::parse("1024-70000").unwrap_err().to_string(),
            "'1024-70000' is not a valid port range: ports must be between 0 and 65535"
        );
    }

    #[test]
    fn set_operations_at_the_edges() {
        let full = PortSet::full();
        assert_eq!(full.count(), 65_536);
        let ends = PortSet::from_ranges([PortRange::single(0), PortRange::single(65535)]);
        let middle = full.subtract(&ends);
        assert_eq!(middle.ranges(), &[r(1, 65534)]);
        assert_eq!(middle.union(&ends), full);
        assert!(middle.intersect(&ends).is_empty());
        assert!(full.subtract(&full).is_empty());
        assert_eq!(PortSet::from_ranges([]), PortSet::empty());
    }

    /// Ports near both ends of the range, where off-by-one errors live.
    fn port() -> impl Strategy<Value = u16> {
        prop_oneof![0u16..48, 65488u16..=65535]
    }

    fn ranges() -> impl Strategy<Value = Vec<PortRange>> {
        proptest::collection::vec((port(), port()), 0..5)
            .prop_map(|v| v.into_iter().map(|(a, b)| r(a.min(b), a.max(b))).collect())
    }

    /// The reference model: one flag per port.
    fn bits(list: &[PortRange]) -> Vec<bool> {
        let mut out = vec![false; 65_536];
        for x in list {
            out[usize::from(x.from)..=usize::from(x.to)].fill(true);
        }
        out
    }

    fn agrees(set: &PortSet, model: &[bool]) -> Result<(), TestCaseError> {
        for w in set.ranges().windows(2) {
            prop_assert!(u32::from(w[0].to) + 1 < u32::from(w[1].from));
        }
        prop_assert_eq!(set.count() as usize, model.iter().filter(|b| **b).count());
        // Generated ranges start and end near the two ends; probe there and in the gap.
        for port in (0..=64).chain([1000, 32768]).chain(65470..=65535) {
            let want = model[usize::from(port)];
            prop_assert_eq!(set.contains(port), want, "port {}", port);
        }
        Ok(())
    }

    proptest! {
        // Each case builds several 65,536-flag models, so fewer cases keep this fast.
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn operations_agree_with_a_bitset(a in ranges(), b in ranges()) {
            let (sa, sb) = (PortSet::from_ranges(a.clone()), PortSet::from_ranges(b.clone()));
            let (ma, mb) = (bits(&a), bits(&b));
            let zip = |f: fn(bool, bool) -> bool| -> Vec<bool> {
                ma.iter().zip(&mb).map(|(x, y)| f(*x, *y)).collect()
            };
            agrees(&sa, &ma)?;
            agrees(&sa.union(&sb), &zip(|x, y| x || y))?;
            agrees(&sa.intersect(&sb), &zip(|x, y| x && y))?;
            agrees(&sa.subtract(&sb), &zip(|x, y| x && !y))?;
            let mut inserted = sa.clone();
            b.iter().for_each(|x| inserted.insert(*x));
            prop_assert_eq!(inserted, sa.union(&sb));
        }

        #[test]
        fn display_then_parse_round_trips(x: u16, y: u16) {
            let range = r(x.min(y), x.max(y));
            prop_assert_eq!(PortRange::parse(&range.to_string()), Ok(range));
        }
    }
}
