//! The instance type table: specs, us-east-1 Linux on-demand prices and Spot prices.
//!
//! **Teaching prices, dated [`PRICES_AS_OF`].** Rows marked `approx = false` carry the
//! prices of AWS_FACTS.md §8; every other price is filled from public price lists and
//! flagged `approximate_price`. Specs follow DescribeInstanceTypes. One table applies in
//! every region (SEMANTICS.md, "Billing").

use super::categories::Category;

/// The date the prices of this table describe.
pub const PRICES_AS_OF: &str = "2026-11-01";

/// A hardware accelerator fitted to an instance type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accelerator {
    /// How many.
    pub count: u32,
    /// `gpu`, `inferentia` or `trainium`.
    pub kind: &'static str,
    /// The model (`NVIDIA T4` …).
    pub model: &'static str,
    /// Memory of each, GiB.
    pub memory_gib: u32,
}

/// An instance type.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceType {
    /// `t3.micro` …
    pub name: &'static str,
    /// The seed's category.
    pub category: Category,
    /// vCPUs.
    pub vcpus: u32,
    /// Memory in GiB.
    pub memory_gib: f64,
    /// `x86_64` or `arm64`.
    pub architecture: &'static str,
    /// Network performance, as DescribeInstanceTypes words it.
    pub network: &'static str,
    /// Local instance store in GB (0: EBS only).
    pub instance_store_gb: u32,
    /// GPUs or other accelerators.
    pub accelerator: Option<Accelerator>,
    /// Maximum network interfaces.
    pub max_enis: u32,
    /// IPv4 addresses per interface.
    pub ipv4_per_eni: u32,
    /// USD per hour, Linux on-demand, us-east-1.
    pub price_per_hour: f64,
    /// Whether the price is an approximation (not from AWS_FACTS.md).
    pub approximate_price: bool,
}

/// Families that support hibernation (AWS_FACTS.md §8, "Hibernation").
const HIBERNATION_FAMILIES: &[&str] =
    &["c3", "c4", "c5", "c6i", "m3", "m4", "m5", "m6i", "r3", "r4", "r5", "t2", "t3", "t3a", "i3", "i3en"];

/// Spot price as a fraction of on-demand, per family (teaching values, approximate).
const SPOT_FRACTION: &[(&str, f64)] = &[
    ("t2", 0.30),
    ("t3", 0.31),
    ("t3a", 0.33),
    ("t4g", 0.32),
    ("m5", 0.38),
    ("m6i", 0.40),
    ("m7g", 0.42),
    ("m7i", 0.43),
    ("c5", 0.37),
    ("c5n", 0.35),
    ("c6i", 0.39),
    ("c7g", 0.41),
    ("r5", 0.33),
    ("r6i", 0.36),
    ("x2idn", 0.30),
    ("z1d", 0.34),
    ("p3", 0.30),
    ("p4d", 0.40),
    ("g4dn", 0.32),
    ("g5", 0.37),
    ("inf1", 0.35),
    ("trn1", 0.40),
    ("i3", 0.31),
    ("i4i", 0.36),
    ("d3", 0.33),
];

impl InstanceType {
    /// The family (`c5n` of `c5n.xlarge`).
    pub fn family(&self) -> &'static str {
        self.name.split('.').next().unwrap_or(self.name)
    }

    /// The size (`xlarge` of `c5n.xlarge`).
    pub fn size(&self) -> &'static str {
        self.name.split_once('.').map(|(_, s)| s).unwrap_or("")
    }

    /// Whether instances of this type can be launched with hibernation enabled
    /// (a supported family, under 150 GiB of RAM, not bare metal).
    pub fn hibernation_supported(&self) -> bool {
        HIBERNATION_FAMILIES.contains(&self.family()) && self.memory_gib < 150.0 && self.size() != "metal"
    }

    /// The Spot price per hour (a fraction of on-demand from [`SPOT_FRACTION`]).
    pub fn spot_price_per_hour(&self) -> f64 {
        let f = SPOT_FRACTION.iter().find(|(fam, _)| *fam == self.family()).map(|(_, f)| *f).unwrap_or(0.35);
        (self.price_per_hour * f * 1e6).round() / 1e6
    }
}

const fn acc(count: u32, kind: &'static str, model: &'static str, memory_gib: u32) -> Option<Accelerator> {
    Some(Accelerator { count, kind, model, memory_gib })
}

macro_rules! types {
    ($($name:literal $cat:ident $cpu:literal $mem:literal $arch:literal $net:literal $store:literal $acc:expr, $enis:literal $ips:literal $price:literal $approx:literal;)*) => {
        &[$(InstanceType {
            name: $name, category: Category::$cat, vcpus: $cpu, memory_gib: $mem, architecture: $arch, network: $net,
            instance_store_gb: $store, accelerator: $acc, max_enis: $enis, ipv4_per_eni: $ips,
            price_per_hour: $price, approximate_price: $approx,
        }),*]
    };
}

const X86: &str = "x86_64";
const ARM: &str = "arm64";

/// name category vCPUs GiB arch network store-GB accelerator, ENIs IPv4/ENI $/h approximate
#[rustfmt::skip]
const TYPES: &[InstanceType] = types! {
    "t2.nano" General 1 0.5 "x86_64" "Low to Moderate" 0 None, 2 2 0.0058 true;
    "t2.micro" General 1 1.0 "x86_64" "Low to Moderate" 0 None, 2 2 0.0116 false;
    "t2.small" General 1 2.0 "x86_64" "Low to Moderate" 0 None, 3 4 0.023 true;
    "t2.medium" General 2 4.0 "x86_64" "Low to Moderate" 0 None, 3 6 0.0464 true;
    "t2.large" General 2 8.0 "x86_64" "Low to Moderate" 0 None, 3 12 0.0928 true;
    "t3.nano" General 2 0.5 "x86_64" "Up to 5 Gigabit" 0 None, 2 2 0.0052 false;
    "t3.micro" General 2 1.0 "x86_64" "Up to 5 Gigabit" 0 None, 2 2 0.0104 false;
    "t3.small" General 2 2.0 "x86_64" "Up to 5 Gigabit" 0 None, 3 4 0.0208 false;
    "t3.medium" General 2 4.0 "x86_64" "Up to 5 Gigabit" 0 None, 3 6 0.0416 false;
    "t3.large" General 2 8.0 "x86_64" "Up to 5 Gigabit" 0 None, 3 12 0.0832 false;
    "t3.xlarge" General 4 16.0 "x86_64" "Up to 5 Gigabit" 0 None, 4 15 0.1664 true;
    "t3.2xlarge" General 8 32.0 "x86_64" "Up to 5 Gigabit" 0 None, 4 15 0.3328 true;
    "t3a.micro" General 2 1.0 "x86_64" "Up to 5 Gigabit" 0 None, 2 2 0.0094 true;
    "t3a.small" General 2 2.0 "x86_64" "Up to 5 Gigabit" 0 None, 2 4 0.0188 true;
    "t3a.medium" General 2 4.0 "x86_64" "Up to 5 Gigabit" 0 None, 3 6 0.0376 true;
    "t3a.large" General 2 8.0 "x86_64" "Up to 5 Gigabit" 0 None, 3 12 0.0752 true;
    "t4g.nano" General 2 0.5 "arm64" "Up to 5 Gigabit" 0 None, 2 2 0.0042 true;
    "t4g.micro" General 2 1.0 "arm64" "Up to 5 Gigabit" 0 None, 2 2 0.0084 true;
    "t4g.small" General 2 2.0 "arm64" "Up to 5 Gigabit" 0 None, 3 4 0.0168 true;
    "t4g.medium" General 2 4.0 "arm64" "Up to 5 Gigabit" 0 None, 3 6 0.0336 true;
    "t4g.large" General 2 8.0 "arm64" "Up to 5 Gigabit" 0 None, 3 12 0.0672 true;
    "m5.large" General 2 8.0 "x86_64" "Up to 10 Gigabit" 0 None, 3 10 0.096 false;
    "m5.xlarge" General 4 16.0 "x86_64" "Up to 10 Gigabit" 0 None, 4 15 0.192 false;
    "m5.2xlarge" General 8 32.0 "x86_64" "Up to 10 Gigabit" 0 None, 4 15 0.384 true;
    "m5.4xlarge" General 16 64.0 "x86_64" "Up to 10 Gigabit" 0 None, 8 30 0.768 true;
    "m6i.large" General 2 8.0 "x86_64" "Up to 12.5 Gigabit" 0 None, 3 10 0.096 true;
    "m6i.xlarge" General 4 16.0 "x86_64" "Up to 12.5 Gigabit" 0 None, 4 15 0.192 true;
    "m6i.2xlarge" General 8 32.0 "x86_64" "Up to 12.5 Gigabit" 0 None, 4 15 0.384 true;
    "m7g.large" General 2 8.0 "arm64" "Up to 12.5 Gigabit" 0 None, 3 10 0.0816 true;
    "m7g.xlarge" General 4 16.0 "arm64" "Up to 12.5 Gigabit" 0 None, 4 15 0.1632 true;
    "m7i.large" General 2 8.0 "x86_64" "Up to 12.5 Gigabit" 0 None, 3 10 0.1008 true;
    "m7i.xlarge" General 4 16.0 "x86_64" "Up to 12.5 Gigabit" 0 None, 4 15 0.2016 true;
    "c5.large" Compute 2 4.0 "x86_64" "Up to 10 Gigabit" 0 None, 3 10 0.085 false;
    "c5.xlarge" Compute 4 8.0 "x86_64" "Up to 10 Gigabit" 0 None, 4 15 0.17 false;
    "c5.2xlarge" Compute 8 16.0 "x86_64" "Up to 10 Gigabit" 0 None, 4 15 0.34 true;
    "c5.4xlarge" Compute 16 32.0 "x86_64" "Up to 10 Gigabit" 0 None, 8 30 0.68 true;
    "c5n.large" Compute 2 5.25 "x86_64" "Up to 25 Gigabit" 0 None, 3 10 0.108 true;
    "c5n.xlarge" Compute 4 10.5 "x86_64" "Up to 25 Gigabit" 0 None, 4 15 0.216 true;
    "c5n.18xlarge" Compute 72 192.0 "x86_64" "100 Gigabit" 0 None, 15 50 3.888 true;
    "c6i.large" Compute 2 4.0 "x86_64" "Up to 12.5 Gigabit" 0 None, 3 10 0.085 true;
    "c6i.xlarge" Compute 4 8.0 "x86_64" "Up to 12.5 Gigabit" 0 None, 4 15 0.17 true;
    "c7g.large" Compute 2 4.0 "arm64" "Up to 12.5 Gigabit" 0 None, 3 10 0.0725 true;
    "c7g.xlarge" Compute 4 8.0 "arm64" "Up to 12.5 Gigabit" 0 None, 4 15 0.145 true;
    "r5.large" Memory 2 16.0 "x86_64" "Up to 10 Gigabit" 0 None, 3 10 0.126 false;
    "r5.xlarge" Memory 4 32.0 "x86_64" "Up to 10 Gigabit" 0 None, 4 15 0.252 true;
    "r5.2xlarge" Memory 8 64.0 "x86_64" "Up to 10 Gigabit" 0 None, 4 15 0.504 true;
    "r6i.large" Memory 2 16.0 "x86_64" "Up to 12.5 Gigabit" 0 None, 3 10 0.126 true;
    "r6i.xlarge" Memory 4 32.0 "x86_64" "Up to 12.5 Gigabit" 0 None, 4 15 0.252 true;
    "x2idn.16xlarge" Memory 64 1024.0 "x86_64" "50 Gigabit" 1900 None, 15 50 6.669 true;
    "z1d.large" Memory 2 16.0 "x86_64" "Up to 10 Gigabit" 75 None, 3 10 0.186 true;
    "z1d.xlarge" Memory 4 32.0 "x86_64" "Up to 10 Gigabit" 150 None, 4 15 0.372 true;
    "p3.2xlarge" Accelerated 8 61.0 "x86_64" "Up to 10 Gigabit" 0 acc(1, "gpu", "NVIDIA V100", 16), 4 15 3.06 true;
    "p4d.24xlarge" Accelerated 96 1152.0 "x86_64" "4x 100 Gigabit" 8000 acc(8, "gpu", "NVIDIA A100", 40), 60 50 32.7726 true;
    "g4dn.xlarge" Accelerated 4 16.0 "x86_64" "Up to 25 Gigabit" 125 acc(1, "gpu", "NVIDIA T4", 16), 3 10 0.526 false;
    "g4dn.2xlarge" Accelerated 8 32.0 "x86_64" "Up to 25 Gigabit" 225 acc(1, "gpu", "NVIDIA T4", 16), 3 10 0.752 true;
    "g5.xlarge" Accelerated 4 16.0 "x86_64" "Up to 10 Gigabit" 250 acc(1, "gpu", "NVIDIA A10G", 24), 4 15 1.006 true;
    "g5.2xlarge" Accelerated 8 32.0 "x86_64" "Up to 10 Gigabit" 450 acc(1, "gpu", "NVIDIA A10G", 24), 4 15 1.212 true;
    "inf1.xlarge" Accelerated 4 8.0 "x86_64" "Up to 25 Gigabit" 0 acc(1, "inferentia", "AWS Inferentia", 8), 4 10 0.228 true;
    "inf1.2xlarge" Accelerated 8 16.0 "x86_64" "Up to 25 Gigabit" 0 acc(1, "inferentia", "AWS Inferentia", 8), 4 10 0.362 true;
    "trn1.2xlarge" Accelerated 8 32.0 "x86_64" "Up to 12.5 Gigabit" 474 acc(1, "trainium", "AWS Trainium", 32), 4 15 1.3438 true;
    "i3.large" Storage 2 15.25 "x86_64" "Up to 10 Gigabit" 475 None, 3 10 0.156 false;
    "i3.xlarge" Storage 4 30.5 "x86_64" "Up to 10 Gigabit" 950 None, 4 15 0.312 true;
    "i4i.large" Storage 2 16.0 "x86_64" "Up to 10 Gigabit" 468 None, 3 10 0.172 true;
    "i4i.xlarge" Storage 4 32.0 "x86_64" "Up to 10 Gigabit" 937 None, 4 15 0.343 true;
    "d3.xlarge" Storage 4 32.0 "x86_64" "Up to 15 Gigabit" 5940 None, 4 3 0.499 true;
    "d3.2xlarge" Storage 8 64.0 "x86_64" "Up to 15 Gigabit" 11880 None, 4 5 0.999 true;
};

/// Every instance type, in table order (by family, then size).
pub fn instance_types() -> &'static [InstanceType] {
    TYPES
}

/// One instance type by name.
pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    TYPES.iter().find(|t| t.name == name)
}

/// Which architectures exist (for messages).
pub const ARCHITECTURES: [&str; 2] = [X86, ARM];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_covers_the_issue_families_and_five_categories() {
        assert!(TYPES.len() >= 45, "{}", TYPES.len());
        for fam in [
            "t2", "t3", "t3a", "t4g", "m5", "m6i", "m7g", "m7i", "c5", "c5n", "c6i", "c7g", "r5", "r6i", "x2idn",
            "z1d", "p3", "p4d", "g4dn", "g5", "inf1", "trn1", "i3", "i4i", "d3",
        ] {
            assert!(TYPES.iter().any(|t| t.family() == fam), "{fam}");
            assert!(SPOT_FRACTION.iter().any(|(f, _)| *f == fam), "spot price for {fam}");
        }
        for c in Category::ALL {
            assert!(TYPES.iter().any(|t| t.category == c), "{c:?}");
        }
        let mut names: Vec<&str> = TYPES.iter().map(|t| t.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), TYPES.len(), "no duplicate rows");
    }

    #[test]
    fn facts_rows_are_exact_and_others_flagged() {
        let m5 = instance_type("m5.large").unwrap();
        assert_eq!((m5.vcpus, m5.memory_gib, m5.price_per_hour, m5.approximate_price), (2, 8.0, 0.096, false));
        assert!(instance_type("m7i.large").unwrap().approximate_price);
        let g = instance_type("g4dn.xlarge").unwrap();
        assert_eq!(g.accelerator.map(|a| a.model), Some("NVIDIA T4"));
        assert!(!g.hibernation_supported());
        assert!(instance_type("t3.micro").unwrap().hibernation_supported());
        assert!(!instance_type("x2idn.16xlarge").unwrap().hibernation_supported(), "RAM over 150 GiB");
        assert_eq!(instance_type("i3.large").unwrap().instance_store_gb, 475);
        assert_eq!(instance_type("m7g.large").unwrap().architecture, "arm64");
    }

    #[test]
    fn spot_is_a_fraction_of_on_demand() {
        for t in TYPES {
            let s = t.spot_price_per_hour();
            assert!(s > 0.0 && s < t.price_per_hour, "{}", t.name);
        }
        assert_eq!(instance_type("m5.large").unwrap().spot_price_per_hour(), 0.03648);
    }
}
