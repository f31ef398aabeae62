//! Ephemeral port ranges and the part of a range a network ACL lets through.

use crate::model::{NetworkAcl, Os, Protocol, RuleAction};
use crate::net::{PortRange, PortSet, first_match};
use std::net::Ipv4Addr;

/// Linux AMIs: 32768–60999.
pub const LINUX: PortRange = PortRange { from: 32768, to: 60999 };
/// Windows AMIs: 49152–65535.
pub const WINDOWS: PortRange = PortRange { from: 49152, to: 65535 };
/// NAT gateways, Lambda, internet, on-premises and Client VPN clients: 1024–65535.
pub const WIDE: PortRange = PortRange { from: 1024, to: 65535 };

/// The ephemeral range of an operating system.
pub fn of_os(os: Os) -> PortRange {
    match os {
        Os::Linux => LINUX,
        Os::Windows => WINDOWS,
    }
}

/// The ports of `range` that an ACL direction allows for `protocol` packets to or from
/// `addr` with those ports as destination port (first match by rule number; `*` denies).
/// For protocols without ports, the answer is all of `range` or nothing (for ICMP, `range`
/// is the reply's packed type and code, which the entries' ICMP type and code must match).
pub(crate) fn acl_allowed(
    acl: &NetworkAcl,
    egress: bool,
    protocol: Protocol,
    addr: Ipv4Addr,
    range: PortRange,
) -> PortSet {
    let a = u32::from(addr);
    let rules =
        acl.entries(egress).iter().filter(|e| e.cidr.contains_u32(a) && matches(&e.traffic, protocol, range)).map(
            |e| match e.traffic.ports {
                Some(r) if protocol.has_ports() => (PortSet::from_range(r), e.action == RuleAction::Allow),
                _ => (PortSet::full(), e.action == RuleAction::Allow),
            },
        );
    first_match(PortSet::from_range(range), rules)
}

/// The decision of an ACL direction when it is the same for every port of `range`
/// (`Some(true)`: all allowed, `Some(false)`: none), else `None`. Allocates nothing.
pub(crate) fn acl_uniform(
    acl: &NetworkAcl,
    egress: bool,
    protocol: Protocol,
    addr: Ipv4Addr,
    range: PortRange,
) -> Option<bool> {
    let a = u32::from(addr);
    for e in acl.entries(egress).iter().filter(|e| e.cidr.contains_u32(a) && matches(&e.traffic, protocol, range)) {
        match e.traffic.ports {
            Some(r) if protocol.has_ports() => {
                if r.from <= range.from && range.to <= r.to {
                    return Some(e.action == RuleAction::Allow);
                }
                if r.from <= range.to && range.from <= r.to {
                    return None;
                }
            }
            _ => return Some(e.action == RuleAction::Allow),
        }
    }
    Some(false)
}

fn matches(t: &crate::model::Traffic, protocol: Protocol, range: PortRange) -> bool {
    if protocol.has_ports() { t.protocol.matches(protocol) } else { t.matches(protocol, range.from) }
}

/// Whether a set is exactly one whole range.
pub(crate) fn is_whole(set: &PortSet, range: PortRange) -> bool {
    set.ranges() == [range]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AclEntry, Traffic};
    use crate::net::Cidr;

    fn entry(n: u16, allow: bool, ports: Option<(u16, u16)>, cidr: &str) -> AclEntry {
        AclEntry {
            rule_number: n,
            traffic: match ports {
                Some((a, b)) => Traffic { protocol: Protocol::Tcp, ports: PortRange::new(a, b), icmp: None },
                None => Traffic::all(),
            },
            cidr: Cidr::parse(cidr).unwrap(),
            action: if allow { RuleAction::Allow } else { RuleAction::Deny },
        }
    }

    #[test]
    fn first_match_per_port() {
        let acl = NetworkAcl {
            id: "acl-1".into(),
            vpc: crate::model::VpcKey(0),
            is_default: false,
            ingress: vec![
                entry(10, false, Some((40000, 40010)), "0.0.0.0/0"),
                entry(20, true, Some((1024, 50000)), "0.0.0.0/0"),
                entry(30, true, None, "10.0.0.0/8"),
            ],
            egress: vec![],
            tags: Default::default(),
        };
        let a = acl_allowed(&acl, false, Protocol::Tcp, "1.2.3.4".parse().unwrap(), LINUX);
        assert_eq!(a.ranges(), &[PortRange::new(32768, 39999).unwrap(), PortRange::new(40011, 50000).unwrap()]);
        let b = acl_allowed(&acl, false, Protocol::Tcp, "10.1.2.3".parse().unwrap(), LINUX);
        assert_eq!(b.ranges(), &[PortRange::new(32768, 39999).unwrap(), PortRange::new(40011, 60999).unwrap()]);
        assert!(acl_allowed(&acl, true, Protocol::Tcp, "10.1.2.3".parse().unwrap(), LINUX).is_empty());
        assert!(is_whole(&acl_allowed(&acl, false, Protocol::Udp, "10.1.2.3".parse().unwrap(), WIDE), WIDE));
        // The quick decision agrees where it decides, and declines where ports split.
        assert_eq!(acl_uniform(&acl, false, Protocol::Tcp, "1.2.3.4".parse().unwrap(), LINUX), None);
        assert_eq!(acl_uniform(&acl, true, Protocol::Tcp, "10.1.2.3".parse().unwrap(), LINUX), Some(false));
        assert_eq!(acl_uniform(&acl, false, Protocol::Udp, "10.1.2.3".parse().unwrap(), WIDE), Some(true));
        let small = PortRange::new(20000, 30000).unwrap();
        assert_eq!(acl_uniform(&acl, false, Protocol::Tcp, "1.2.3.4".parse().unwrap(), small), Some(true));
    }
}
