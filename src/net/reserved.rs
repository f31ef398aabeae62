//! The five addresses AWS reserves in every subnet.

use super::Cidr;
use std::net::Ipv4Addr;

/// Purposes of the first four reserved addresses, by offset from the network address.
const LEADING: [&str; 4] = ["network address", "VPC router", "DNS server", "reserved for future use"];

/// Purpose of the last reserved address.
const BROADCAST: &str = "broadcast address";

impl Cidr {
    /// The addresses AWS reserves when this block is a subnet, in address order, with
    /// their purposes: the network address, +1 "VPC router", +2 "DNS server",
    /// +3 "reserved for future use", and the last, "broadcast address".
    ///
    /// Blocks smaller than /29 have fewer than five distinct addresses; each address is
    /// then listed once, with the first purpose that falls on it.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let r = Cidr::parse("10.0.1.0/24").unwrap().aws_reserved();
    /// assert_eq!(r.len(), 5);
    /// assert_eq!(r[1], ("10.0.1.1".parse().unwrap(), "VPC router"));
    /// assert_eq!(r[4], ("10.0.1.255".parse().unwrap(), "broadcast address"));
    /// ```
    pub fn aws_reserved(&self) -> Vec<(Ipv4Addr, &'static str)> {
        let first = self.first_u32();
        let last = self.last_u32();
        let mut out: Vec<(Ipv4Addr, &'static str)> = (0u32..4)
            .map_while(|offset| first.checked_add(offset).filter(|a| *a <= last))
            .zip(LEADING)
            .map(|(addr, purpose)| (Ipv4Addr::from(addr), purpose))
            .collect();
        if last - first > 3 {
            out.push((Ipv4Addr::from(last), BROADCAST));
        }
        out
    }

    /// The number of addresses left for hosts when this block is a subnet: size − 5,
    /// or 0 for blocks of five addresses or fewer.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// assert_eq!(Cidr::parse("10.0.0.0/24").unwrap().usable(), 251);
    /// assert_eq!(Cidr::parse("10.0.0.0/30").unwrap().usable(), 0);
    /// ```
    pub fn usable(&self) -> u64 {
        self.size().saturating_sub(5)
    }

    /// Whether `addr` is one of the addresses AWS reserves when this block is a subnet.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let c = Cidr::parse("10.0.1.0/24").unwrap();
    /// assert!(c.is_reserved_in_subnet("10.0.1.2".parse().unwrap()));
    /// assert!(!c.is_reserved_in_subnet("10.0.1.4".parse().unwrap()));
    /// assert!(!c.is_reserved_in_subnet("10.0.2.0".parse().unwrap()));
    /// ```
    pub fn is_reserved_in_subnet(&self, addr: Ipv4Addr) -> bool {
        let a = u32::from(addr);
        self.contains_u32(a) && (a - self.first_u32() < 4 || a == self.last_u32())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(text: &str) -> Cidr {
        Cidr::parse(text).expect(text)
    }

    fn listed(cidr: &str) -> Vec<(String, &'static str)> {
        c(cidr).aws_reserved().into_iter().map(|(a, p)| (a.to_string(), p)).collect()
    }

    #[test]
    fn a_slash_24_has_the_five_documented_addresses() {
        let want = [
            ("10.0.0.0", "network address"),
            ("10.0.0.1", "VPC router"),
            ("10.0.0.2", "DNS server"),
            ("10.0.0.3", "reserved for future use"),
            ("10.0.0.255", "broadcast address"),
        ];
        let want: Vec<_> = want.iter().map(|(a, p)| (a.to_string(), *p)).collect();
        assert_eq!(listed("10.0.0.0/24"), want);
        assert_eq!(c("10.0.0.0/24").usable(), 251);
        assert_eq!(c("10.0.0.0/28").usable(), 11);
        assert_eq!(c("0.0.0.0/0").usable(), (1 << 32) - 5);
    }

    #[test]
    fn tiny_blocks_list_each_address_once() {
        assert_eq!(listed("10.0.0.0/29").len(), 5);
        assert_eq!(listed("10.0.0.0/30").len(), 4);
        assert_eq!(listed("10.0.0.0/30")[3].1, "reserved for future use");
        assert_eq!(
            listed("10.0.0.6/31"),
            [("10.0.0.6".to_string(), "network address"), ("10.0.0.7".to_string(), "VPC router")]
        );
        assert_eq!(listed("255.255.255.255/32"), [("255.255.255.255".to_string(), "network address")]);
        assert_eq!(c("10.0.0.0/30").usable(), 0);
        assert_eq!(c("10.0.0.0/32").usable(), 0);
    }

    #[test]
    fn reserved_at_the_top_of_the_address_space() {
        let top = c("255.255.255.0/24");
        assert!(top.is_reserved_in_subnet(Ipv4Addr::new(255, 255, 255, 255)));
        assert!(top.is_reserved_in_subnet(Ipv4Addr::new(255, 255, 255, 3)));
        assert!(!top.is_reserved_in_subnet(Ipv4Addr::new(255, 255, 255, 254)));
    }

    proptest! {
        #[test]
        fn reserved_list_agrees_with_the_predicate(addr: u32, prefix in 0u8..=32, probe: u32) {
            let cidr = Cidr::from_u32(addr, prefix);
            let list = cidr.aws_reserved();
            prop_assert_eq!(list.len() as u64, cidr.size().min(5));
            for w in list.windows(2) {
                prop_assert!(w[0].0 < w[1].0);
            }
            for (a, _) in &list {
                prop_assert!(cidr.is_reserved_in_subnet(*a));
            }
            let near = cidr.first_u32().wrapping_add(probe % 8);
            let end = cidr.last_u32().wrapping_sub(probe % 4);
            for p in [probe, near, end].map(Ipv4Addr::from) {
                let listed = list.iter().any(|(a, _)| *a == p);
                prop_assert_eq!(cidr.is_reserved_in_subnet(p), listed);
            }
            prop_assert_eq!(cidr.usable() + list.len() as u64, cidr.size());
        }
    }
}
