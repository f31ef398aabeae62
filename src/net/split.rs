//! Splitting blocks into sub-blocks and summarising lists of blocks.

use super::error::MAX_BLOCKS;
use super::{AddrSet, Cidr, NetError};

impl Cidr {
    /// All sub-blocks of prefix `new_prefix`, in address order.
    ///
    /// Fails when `new_prefix` is shorter than this block's prefix or longer than 32,
    /// or when the split would make more than 65,536 blocks.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let parts = Cidr::parse("10.0.0.0/23").unwrap().split(24).unwrap();
    /// let texts: Vec<String> = parts.iter().map(|c| c.to_string()).collect();
    /// assert_eq!(texts, ["10.0.0.0/24", "10.0.1.0/24"]);
    /// assert!(Cidr::parse("10.0.0.0/8").unwrap().split(32).is_err());
    /// ```
    pub fn split(&self, new_prefix: u8) -> Result<Vec<Cidr>, NetError> {
        if new_prefix < self.prefix() || new_prefix > 32 {
            return Err(NetError::SplitPrefix { cidr: *self, new_prefix });
        }
        let blocks = 1u64 << (new_prefix - self.prefix());
        if blocks > MAX_BLOCKS {
            return Err(NetError::TooManyBlocks { cidr: *self, new_prefix, blocks });
        }
        Ok(self.first_blocks(new_prefix, blocks))
    }

    /// `count` equal blocks, each of prefix `prefix + ceil(log2(count))`: the first
    /// `count` such sub-blocks in address order.
    ///
    /// Fails for a count of 0 or above 65,536, or when the blocks would need a prefix
    /// longer than 32.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let parts = Cidr::parse("10.0.0.0/16").unwrap().equal_split(3).unwrap();
    /// let texts: Vec<String> = parts.iter().map(|c| c.to_string()).collect();
    /// assert_eq!(texts, ["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"]);
    /// assert!(Cidr::parse("10.0.0.0/31").unwrap().equal_split(3).is_err());
    /// ```
    pub fn equal_split(&self, count: u32) -> Result<Vec<Cidr>, NetError> {
        if count == 0 || u64::from(count) > MAX_BLOCKS {
            return Err(NetError::SplitCount { cidr: *self, count });
        }
        let bits = u32::BITS - (count - 1).leading_zeros();
        let new_prefix = u32::from(self.prefix()) + bits;
        if new_prefix > 32 {
            return Err(NetError::BlockTooSmall { cidr: *self, count, new_prefix });
        }
        // new_prefix <= 32 was just checked, so it fits a u8.
        Ok(self.first_blocks(new_prefix as u8, u64::from(count)))
    }

    /// The first `count` sub-blocks of prefix `new_prefix` (both already validated).
    fn first_blocks(&self, new_prefix: u8, count: u64) -> Vec<Cidr> {
        let step = 1u64 << (32 - new_prefix);
        (0..count)
            .map(|i| {
                let base = u64::from(self.first_u32()) + i * step;
                Cidr::from_u32(base as u32, new_prefix)
            })
            .collect()
    }

    /// The fewest blocks covering exactly the addresses of `list`, in address order:
    /// duplicates and nested blocks disappear, adjacent siblings merge.
    ///
    /// ```
    /// use vpclab::net::Cidr;
    /// let list: Vec<Cidr> = ["10.0.1.0/24", "10.0.0.0/24", "10.0.0.128/25", "10.0.2.0/24"]
    ///     .iter()
    ///     .map(|t| t.parse().unwrap())
    ///     .collect();
    /// let texts: Vec<String> = Cidr::summarize(&list).iter().map(|c| c.to_string()).collect();
    /// assert_eq!(texts, ["10.0.0.0/23", "10.0.2.0/24"]);
    /// ```
    pub fn summarize(list: &[Cidr]) -> Vec<Cidr> {
        let mut set = AddrSet::empty();
        for c in list {
            set.insert_cidr(*c);
        }
        set.to_cidrs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(text: &str) -> Cidr {
        Cidr::parse(text).expect(text)
    }

    fn texts(list: &[Cidr]) -> Vec<String> {
        list.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn split_lists_blocks_in_order() {
        assert_eq!(
            texts(&c("10.0.0.0/22").split(24).unwrap()),
            ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
        );
        assert_eq!(c("10.0.0.0/24").split(24).unwrap(), [c("10.0.0.0/24")]);
        let hosts = c("255.255.255.252/30").split(32).unwrap();
        assert_eq!(hosts.last(), Some(&c("255.255.255.255/32")));
        assert_eq!(c("0.0.0.0/0").split(16).unwrap().len(), 65_536);
    }

    #[test]
    fn split_errors_name_the_values() {
        let err = c("10.0.0.0/24").split(16).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot split 10.0.0.0/24 into /16 blocks: the new prefix must be between 24 and 32"
        );
        assert!(matches!(c("10.0.0.0/24").split(33), Err(NetError::SplitPrefix { new_prefix: 33, .. })));
        let err = c("10.0.0.0/8").split(25).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot split 10.0.0.0/8 into /25 blocks: that would make 131072 blocks, \
             more than the limit of 65536"
        );
    }

    #[test]
    fn equal_split_rounds_up_to_a_power_of_two() {
        assert_eq!(c("10.0.0.0/24").equal_split(1).unwrap(), [c("10.0.0.0/24")]);
        assert_eq!(
            texts(&c("10.0.0.0/24").equal_split(4).unwrap()),
            ["10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26", "10.0.0.192/26"]
        );
        assert_eq!(c("10.0.0.0/24").equal_split(5).unwrap()[4], c("10.0.0.128/27"));
        assert_eq!(c("0.0.0.0/0").equal_split(65_536).unwrap().len(), 65_536);
        assert_eq!(c("10.0.0.0/30").equal_split(4).unwrap().len(), 4);
    }

    #[test]
    fn equal_split_errors_name_the_values() {
        let err = c("10.0.0.0/24").equal_split(0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot split 10.0.0.0/24 into 0 equal blocks: the count must be between 1 and 65536"
        );
        assert!(matches!(c("0.0.0.0/0").equal_split(65_537), Err(NetError::SplitCount { count: 65_537, .. })));
        let err = c("10.0.0.0/30").equal_split(5).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot split 10.0.0.0/30 into 5 equal blocks: they would need a /33 prefix, \
             longer than /32"
        );
        assert!(c("1.2.3.4/32").equal_split(u32::MAX).is_err());
    }

    #[test]
    fn summarize_merges_duplicates_nesting_and_siblings() {
        assert!(Cidr::summarize(&[]).is_empty());
        let list = [c("10.0.3.0/24"), c("10.0.2.0/24"), c("10.0.0.0/23"), c("10.0.0.0/24"), c("10.0.3.0/24")];
        assert_eq!(Cidr::summarize(&list), [c("10.0.0.0/22")]);
        // Adjacent but not siblings: 10.0.1.0/24 and 10.0.2.0/24 cannot merge.
        let list = [c("10.0.2.0/24"), c("10.0.1.0/24")];
        assert_eq!(Cidr::summarize(&list), [c("10.0.1.0/24"), c("10.0.2.0/24")]);
        let list = [c("0.0.0.0/1"), c("128.0.0.0/1")];
        assert_eq!(Cidr::summarize(&list), [c("0.0.0.0/0")]);
        let list = [c("255.255.255.255/32"), c("255.255.255.254/32")];
        assert_eq!(Cidr::summarize(&list), [c("255.255.255.254/31")]);
    }

    fn any_cidr() -> impl Strategy<Value = Cidr> {
        (any::<u32>(), 0u8..=32).prop_map(|(a, p)| Cidr::from_u32(a, p))
    }

    /// Mostly small blocks in 10.0.0.0/20, sometimes anywhere, so that lists overlap.
    fn list_cidr() -> impl Strategy<Value = Cidr> {
        prop_oneof![
            4 => (0u32..4096, 20u8..=32).prop_map(|(a, p)| Cidr::from_u32(0x0a00_0000 + a, p)),
            1 => (any::<u32>(), 8u8..=32).prop_map(|(a, p)| Cidr::from_u32(a, p)),
        ]
    }

    proptest! {
        #[test]
        fn split_then_summarize_gives_back_the_block(a in any_cidr(), extra in 0u8..=10) {
            let new_prefix = a.prefix().saturating_add(extra).min(32);
            let parts = a.split(new_prefix).unwrap();
            prop_assert_eq!(parts.len() as u64, 1 << (new_prefix - a.prefix()));
            prop_assert_eq!(Cidr::summarize(&parts), vec![a]);
        }

        #[test]
        fn summarize_is_sorted_disjoint_minimal_and_exact(
            list in proptest::collection::vec(list_cidr(), 0..12),
            probes in proptest::collection::vec(0u32..4200, 32),
            far in proptest::collection::vec(any::<u32>(), 8),
        ) {
            let out = Cidr::summarize(&list);
            for w in out.windows(2) {
                prop_assert!(w[0].last_u32() < w[1].first_u32());
                // Adjacent siblings would have been merged.
                let siblings = w[0].prefix() == w[1].prefix()
                    && w[0].prefix() > 0
                    && w[0].next() == Some(w[1])
                    && w[0].first_u32() & (1 << (32 - w[0].prefix())) == 0;
                prop_assert!(!siblings);
            }
            let mut input = AddrSet::empty();
            list.iter().for_each(|c| input.insert_cidr(*c));
            let mut output = AddrSet::empty();
            out.iter().for_each(|c| output.insert_cidr(*c));
            prop_assert_eq!(&input, &output);
            prop_assert_eq!(Cidr::summarize(&out), out.clone());
            let probes = probes.into_iter().map(|p| 0x0a00_0000 + p).chain(far);
            for p in probes {
                let want = list.iter().any(|c| c.contains_u32(p));
                prop_assert_eq!(out.iter().any(|c| c.contains_u32(p)), want);
            }
        }

        #[test]
        fn equal_split_blocks_are_disjoint_equal_and_inside(a in any_cidr(), count in 1u32..300) {
            match a.equal_split(count) {
                Ok(parts) => {
                    prop_assert_eq!(parts.len(), count as usize);
                    for p in &parts {
                        prop_assert!(a.contains(p));
                        prop_assert_eq!(p.size(), parts[0].size());
                    }
                    for w in parts.windows(2) {
                        prop_assert_eq!(w[0].next(), Some(w[1]));
                    }
                    prop_assert!(parts[0].size() * u64::from(count) <= a.size());
                    prop_assert!(parts[0].size() * u64::from(count) * 2 > a.size());
                }
                Err(e) => {
                    let is_too_small = matches!(e, NetError::BlockTooSmall { .. });
                    prop_assert!(is_too_small);
                    prop_assert!(a.size() < u64::from(count));
                }
            }
        }
    }
}
