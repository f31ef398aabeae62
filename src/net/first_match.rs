//! First-match evaluation over sets: what an ordered allow/deny rule list lets through.

use super::{AddrSet, PortSet};

/// A set with the operations first-match evaluation needs.
pub trait RuleSet: Clone {
    /// The empty set.
    fn none() -> Self;
    /// Whether the set is empty.
    fn is_none(&self) -> bool;
    /// Intersection.
    fn and(&self, other: &Self) -> Self;
    /// Difference.
    fn minus(&self, other: &Self) -> Self;
    /// Union.
    fn or(&self, other: &Self) -> Self;
}

macro_rules! rule_set {
    ($t:ty) => {
        impl RuleSet for $t {
            fn none() -> Self {
                <$t>::empty()
            }
            fn is_none(&self) -> bool {
                self.is_empty()
            }
            fn and(&self, other: &Self) -> Self {
                self.intersect(other)
            }
            fn minus(&self, other: &Self) -> Self {
                self.subtract(other)
            }
            fn or(&self, other: &Self) -> Self {
                self.union(other)
            }
        }
    };
}
rule_set!(PortSet);
rule_set!(AddrSet);

/// The part of `universe` an ordered rule list allows: each rule `(matches, allow)` decides
/// for the part of what it matches that no earlier rule decided; whatever no rule matches is
/// denied (a network ACL's `*` rule).
///
/// ```
/// use vpclab::net::{PortRange, PortSet, first_match};
/// let all = PortSet::from_range(PortRange::new(1024, 65535).unwrap());
/// let rules = [
///     (PortSet::from_range(PortRange::new(2000, 2999).unwrap()), false),
///     (PortSet::from_range(PortRange::new(1024, 32767).unwrap()), true),
/// ];
/// let allowed = first_match(all, rules);
/// assert_eq!(allowed.ranges(), &[PortRange::new(1024, 1999).unwrap(), PortRange::new(3000, 32767).unwrap()]);
/// ```
pub fn first_match<S: RuleSet>(universe: S, rules: impl IntoIterator<Item = (S, bool)>) -> S {
    let mut remaining = universe;
    let mut allowed = S::none();
    for (matches, allow) in rules {
        let decided = remaining.and(&matches);
        if decided.is_none() {
            continue;
        }
        remaining = remaining.minus(&decided);
        if allow {
            allowed = allowed.or(&decided);
        }
        if remaining.is_none() {
            break;
        }
    }
    allowed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::{Cidr, PortRange};
    use proptest::prelude::*;

    /// The obvious evaluation: each port on its own, first rule that contains it decides.
    fn reference(universe: PortRange, rules: &[(PortRange, bool)], port: u16) -> bool {
        universe.contains(port) && rules.iter().find(|(r, _)| r.contains(port)).is_some_and(|(_, allow)| *allow)
    }

    proptest! {
        #[test]
        fn ports_agree_with_port_by_port_evaluation(
            u in (0u16..2000, 0u16..2000),
            rules in proptest::collection::vec(((0u16..2000, 0u16..2000), any::<bool>()), 0..6),
            probes in proptest::collection::vec(0u16..2100, 32),
        ) {
            let universe = PortRange::new(u.0.min(u.1), u.0.max(u.1)).unwrap();
            let rules: Vec<(PortRange, bool)> =
                rules.into_iter().map(|((a, b), allow)| (PortRange::new(a.min(b), a.max(b)).unwrap(), allow)).collect();
            let got = first_match(PortSet::from_range(universe), rules.iter().map(|(r, a)| (PortSet::from_range(*r), *a)));
            for p in probes {
                prop_assert_eq!(got.contains(p), reference(universe, &rules, p), "port {}", p);
            }
        }
    }

    #[test]
    fn addresses_first_deny_wins() {
        let block = |t: &str| AddrSet::from_cidr(Cidr::parse(t).unwrap());
        let allowed = first_match(AddrSet::full(), [(block("192.0.2.0/24"), false), (block("0.0.0.0/0"), true)]);
        assert!(!allowed.contains(u32::from(std::net::Ipv4Addr::new(192, 0, 2, 7))));
        assert!(allowed.contains(u32::from(std::net::Ipv4Addr::new(203, 0, 113, 9))));
    }
}
