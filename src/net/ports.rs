//! Port ranges and sets of ports.

use std::fmt;

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
        PortRange {
            from: port,
            to: port,
        }
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
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
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
    pub fn empty() -> PortSet {
        PortSet { ranges: Vec::new() }
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

    /// The ranges, sorted and disjoint.
    pub fn ranges(&self) -> &[PortRange] {
        &self.ranges
    }

    /// Whether no port is in the set.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Whether the port is in the set.
    pub fn contains(&self, port: u16) -> bool {
        self.ranges.iter().any(|r| r.contains(port))
    }

    /// Adds a range, merging neighbours.
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
        out.push(PortRange {
            from: from as u16,
            to: to as u16,
        });
        out.sort();
        self.ranges = out;
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
                    next.push(PortRange {
                        from: a.from,
                        to: b.from - 1,
                    });
                }
                if b.to < a.to {
                    next.push(PortRange {
                        from: b.to + 1,
                        to: a.to,
                    });
                }
            }
            cur = next;
        }
        PortSet { ranges: cur }
    }
}
