//! The region catalog: names and their real availability zones.

/// Known regions with their AZ names, in AZ order.
const REGIONS: &[(&str, &[&str])] = &[
    ("us-east-1", &["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"]),
    ("us-east-2", &["us-east-2a", "us-east-2b", "us-east-2c"]),
    ("us-west-1", &["us-west-1a", "us-west-1c"]),
    ("us-west-2", &["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"]),
    ("eu-west-1", &["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
    ("eu-central-1", &["eu-central-1a", "eu-central-1b", "eu-central-1c"]),
    ("ap-northeast-1", &["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]),
    ("ap-northeast-2", &["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"]),
    ("ap-southeast-1", &["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]),
];

/// The AZs of a known region, or `None`.
pub fn azs_of(region: &str) -> Option<&'static [&'static str]> {
    REGIONS.iter().find(|(n, _)| *n == region).map(|(_, azs)| *azs)
}

/// The static name of a known region.
pub fn static_name(region: &str) -> Option<&'static str> {
    REGIONS.iter().find(|(n, _)| *n == region).map(|(n, _)| *n)
}

/// Every known region name.
pub fn known_regions() -> impl Iterator<Item = &'static str> {
    REGIONS.iter().map(|(n, _)| *n)
}

/// A region in use.
#[derive(Debug, Clone)]
pub struct Region {
    /// `us-east-1` …
    pub name: &'static str,
    /// Its availability zones in order.
    pub azs: &'static [&'static str],
    /// The default VPC, if it exists.
    pub default_vpc: Option<super::VpcKey>,
}
