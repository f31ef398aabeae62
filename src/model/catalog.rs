//! Catalogs: instance types (specs and us-east-1 Linux on-demand prices) and AMIs.
//! Prices are for teaching (dated 2026-11; marked approximate where not from AWS_FACTS.md).

/// An instance type.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceType {
    /// `t3.micro` …
    pub name: &'static str,
    /// `t3` …
    pub family: &'static str,
    /// `general`, `compute`, `memory`, `accelerated`, `storage`.
    pub category: &'static str,
    /// vCPUs.
    pub vcpus: u32,
    /// Memory in GiB.
    pub memory_gib: f64,
    /// Network performance.
    pub network: &'static str,
    /// USD per hour, Linux on-demand, us-east-1.
    pub price_per_hour: f64,
    /// Whether the price is an approximation.
    pub approximate_price: bool,
    /// Maximum network interfaces.
    pub max_enis: u32,
    /// IPv4 addresses per interface.
    pub ipv4_per_eni: u32,
    /// `x86_64` or `arm64`.
    pub architecture: &'static str,
    /// Whether hibernation is supported.
    pub hibernation: bool,
}

macro_rules! types {
    ($($name:literal, $fam:literal, $cat:literal, $cpu:literal, $mem:literal, $net:literal, $price:literal, $approx:literal, $enis:literal, $ips:literal, $arch:literal, $hib:literal;)*) => {
        &[$(InstanceType { name: $name, family: $fam, category: $cat, vcpus: $cpu, memory_gib: $mem, network: $net,
            price_per_hour: $price, approximate_price: $approx, max_enis: $enis, ipv4_per_eni: $ips, architecture: $arch, hibernation: $hib }),*]
    };
}

const TYPES: &[InstanceType] = types! {
    "t2.micro", "t2", "general", 1, 1.0, "Low to Moderate", 0.0116, false, 2, 2, "x86_64", true;
    "t3.nano", "t3", "general", 2, 0.5, "Up to 5 Gigabit", 0.0052, false, 2, 2, "x86_64", true;
    "t3.micro", "t3", "general", 2, 1.0, "Up to 5 Gigabit", 0.0104, false, 2, 2, "x86_64", true;
    "t3.small", "t3", "general", 2, 2.0, "Up to 5 Gigabit", 0.0208, false, 3, 4, "x86_64", true;
    "t3.medium", "t3", "general", 2, 4.0, "Up to 5 Gigabit", 0.0416, false, 3, 6, "x86_64", true;
    "t3.large", "t3", "general", 2, 8.0, "Up to 5 Gigabit", 0.0832, false, 3, 12, "x86_64", true;
    "t3.xlarge", "t3", "general", 4, 16.0, "Up to 5 Gigabit", 0.1664, true, 4, 15, "x86_64", true;
    "t4g.micro", "t4g", "general", 2, 1.0, "Up to 5 Gigabit", 0.0084, true, 2, 2, "arm64", false;
    "m5.large", "m5", "general", 2, 8.0, "Up to 10 Gigabit", 0.096, false, 3, 10, "x86_64", true;
    "m5.xlarge", "m5", "general", 4, 16.0, "Up to 10 Gigabit", 0.192, false, 4, 15, "x86_64", true;
    "m5.2xlarge", "m5", "general", 8, 32.0, "Up to 10 Gigabit", 0.384, true, 4, 15, "x86_64", true;
    "m7g.large", "m7g", "general", 2, 8.0, "Up to 12.5 Gigabit", 0.0816, true, 3, 10, "arm64", false;
    "c5.large", "c5", "compute", 2, 4.0, "Up to 10 Gigabit", 0.085, false, 3, 10, "x86_64", true;
    "c5.xlarge", "c5", "compute", 4, 8.0, "Up to 10 Gigabit", 0.17, false, 4, 15, "x86_64", true;
    "c5.2xlarge", "c5", "compute", 8, 16.0, "Up to 10 Gigabit", 0.34, true, 4, 15, "x86_64", true;
    "c6g.large", "c6g", "compute", 2, 4.0, "Up to 10 Gigabit", 0.068, true, 3, 10, "arm64", false;
    "r5.large", "r5", "memory", 2, 16.0, "Up to 10 Gigabit", 0.126, false, 3, 10, "x86_64", true;
    "r5.xlarge", "r5", "memory", 4, 32.0, "Up to 10 Gigabit", 0.252, true, 4, 15, "x86_64", true;
    "x2idn.16xlarge", "x2idn", "memory", 64, 1024.0, "50 Gigabit", 6.669, true, 15, 50, "x86_64", false;
    "g4dn.xlarge", "g4dn", "accelerated", 4, 16.0, "Up to 25 Gigabit", 0.526, false, 3, 10, "x86_64", false;
    "p3.2xlarge", "p3", "accelerated", 8, 61.0, "Up to 10 Gigabit", 3.06, true, 4, 15, "x86_64", false;
    "i3.large", "i3", "storage", 2, 15.25, "Up to 10 Gigabit", 0.156, false, 3, 10, "x86_64", true;
    "d3.xlarge", "d3", "storage", 4, 32.0, "Up to 15 Gigabit", 0.499, true, 4, 15, "x86_64", false;
};

/// Every instance type, by name.
pub fn instance_types() -> &'static [InstanceType] {
    TYPES
}

/// One instance type by name.
pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    TYPES.iter().find(|t| t.name == name)
}

/// An AMI in the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// `ami-…` (per region).
    pub image_id: String,
    /// Its name.
    pub name: &'static str,
    /// `linux` or `windows` (decides a client's ephemeral ports).
    pub os: Os,
    /// Distribution.
    pub distribution: &'static str,
    /// `x86_64` or `arm64`.
    pub architecture: &'static str,
    /// `ebs`.
    pub root_device_type: &'static str,
    /// Root volume size in GiB.
    pub root_volume_gib: u32,
    /// Preinstalled applications.
    pub apps: &'static [&'static str],
    /// Public image.
    pub public: bool,
}

/// An operating system family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    /// Linux: ephemeral ports 32768–60999.
    Linux,
    /// Windows: ephemeral ports 49152–65535.
    Windows,
}

impl Os {
    /// `linux` / `windows`.
    pub fn as_str(self) -> &'static str {
        match self {
            Os::Linux => "linux",
            Os::Windows => "windows",
        }
    }
}

type ImageRow = (&'static str, Os, &'static str, &'static str, u32, &'static [&'static str]);

const IMAGES: &[ImageRow] = &[
    ("al2023-ami-2023.6-x86_64", Os::Linux, "Amazon Linux 2023", "x86_64", 8, &[]),
    ("al2023-ami-2023.6-arm64", Os::Linux, "Amazon Linux 2023", "arm64", 8, &[]),
    ("ubuntu-noble-24.04-amd64-server", Os::Linux, "Ubuntu 24.04", "x86_64", 8, &[]),
    ("Windows_Server-2022-English-Full-Base", Os::Windows, "Windows Server 2022", "x86_64", 30, &[]),
    (
        "al2023-ami-ecs-hvm-x86_64",
        Os::Linux,
        "Amazon Linux 2023 (ECS-optimized)",
        "x86_64",
        30,
        &["ecs-agent", "docker"],
    ),
];

/// The catalog's AMIs in a region, Amazon Linux 2023 (x86_64) first.
pub fn images(region: &str) -> Vec<Image> {
    IMAGES
        .iter()
        .map(|(name, os, distribution, architecture, root, apps)| Image {
            image_id: image_id(region, name),
            name,
            os: *os,
            distribution,
            architecture,
            root_device_type: "ebs",
            root_volume_gib: *root,
            apps,
            public: true,
        })
        .collect()
}

/// A catalog image of a region by id.
pub fn image(region: &str, image_id: &str) -> Option<Image> {
    images(region).into_iter().find(|i| i.image_id == image_id)
}

/// Deterministic, region-specific AMI ids (`ami-` + 17 hex digits).
fn image_id(region: &str, name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in region.bytes().chain([b'/']).chain(name.bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    format!("ami-{:017x}", super::ids::mix(h) >> 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_per_region_and_stable() {
        let a = images("us-east-1");
        let b = images("eu-west-1");
        assert_eq!(a[0].distribution, "Amazon Linux 2023");
        assert_ne!(a[0].image_id, b[0].image_id);
        assert_eq!(a, images("us-east-1"));
        assert!(a.iter().any(|i| i.os == Os::Windows));
        assert!(a.iter().all(|i| i.image_id.len() == 4 + 17));
    }

    #[test]
    fn type_lookup() {
        assert_eq!(instance_type("t3.micro").map(|t| t.vcpus), Some(2));
        assert!(instance_type("t3.gigantic").is_none());
    }
}
