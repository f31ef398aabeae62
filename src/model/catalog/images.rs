//! The AMI catalog of every region: AWS-owned Quick Start images, community images,
//! AWS Marketplace images (with a software price per hour) and an instance-store-backed
//! image. Golden images made with `create_image` use the same [`Image`] type.

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

/// Who owns an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// AWS (Quick Start images).
    Amazon,
    /// A community publisher.
    Community,
    /// An AWS Marketplace seller (software billed per hour).
    Marketplace,
    /// This account (golden images).
    SelfOwned,
}

impl Owner {
    /// `amazon`, `community`, `marketplace`, `self`.
    pub fn as_str(self) -> &'static str {
        match self {
            Owner::Amazon => "amazon",
            Owner::Community => "community",
            Owner::Marketplace => "marketplace",
            Owner::SelfOwned => "self",
        }
    }

    /// The owner named `name`.
    pub fn from_name(name: &str) -> Option<Owner> {
        [Owner::Amazon, Owner::Community, Owner::Marketplace, Owner::SelfOwned].into_iter().find(|o| o.as_str() == name)
    }
}

/// Where the root device lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootDevice {
    /// An EBS volume (can stop, start, hibernate).
    Ebs,
    /// The instance store (cannot stop; data gone on terminate).
    InstanceStore,
}

impl RootDevice {
    /// `ebs` / `instance-store`.
    pub fn as_str(self) -> &'static str {
        match self {
            RootDevice::Ebs => "ebs",
            RootDevice::InstanceStore => "instance-store",
        }
    }
}

/// An image's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageState {
    /// Being created.
    Pending,
    /// Launchable.
    Available,
    /// Deregistered (launches fail with `InvalidAMIID.Unavailable`).
    Deregistered,
}

impl ImageState {
    /// AWS's name.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageState::Pending => "pending",
            ImageState::Available => "available",
            ImageState::Deregistered => "deregistered",
        }
    }
}

/// An AMI: the blueprint of identical instances.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// `ami-…` (per region).
    pub id: String,
    /// Its region's name.
    pub region: &'static str,
    /// Its name (unique per owner and region).
    pub name: String,
    /// Who owns it.
    pub owner: Owner,
    /// Launchable by every account.
    pub public: bool,
    /// Accounts it is shared with (explicit launch permissions).
    pub launch_permissions: Vec<String>,
    /// State.
    pub state: ImageState,
    /// `linux` or `windows`.
    pub os: Os,
    /// Distribution.
    pub distribution: String,
    /// `x86_64` or `arm64`.
    pub architecture: &'static str,
    /// EBS or instance store.
    pub root_device_type: RootDevice,
    /// Root volume size in GiB (the block device mapping's root entry).
    pub root_volume_gib: u32,
    /// Root volume type (`gp3`).
    pub root_volume_type: &'static str,
    /// Preinstalled applications.
    pub apps: Vec<String>,
    /// AWS Marketplace software fee, USD per instance-hour (0 for others).
    pub software_price_per_hour: f64,
    /// The instance a golden image was made from.
    pub source_instance: Option<String>,
    /// Tags.
    pub tags: crate::model::Tags,
}

struct Row {
    name: &'static str,
    owner: Owner,
    os: Os,
    distribution: &'static str,
    architecture: &'static str,
    root: RootDevice,
    root_gib: u32,
    apps: &'static [&'static str],
    software: f64,
}

const fn row(name: &'static str, owner: Owner, os: Os, distribution: &'static str, architecture: &'static str) -> Row {
    Row { name, owner, os, distribution, architecture, root: RootDevice::Ebs, root_gib: 8, apps: &[], software: 0.0 }
}

/// The catalog, the default image (Amazon Linux 2023, x86_64) first. Marketplace fees are
/// teaching values.
const ROWS: &[Row] = &[
    row("al2023-ami-2023.6-x86_64", Owner::Amazon, Os::Linux, "Amazon Linux 2023", "x86_64"),
    row("al2023-ami-2023.6-arm64", Owner::Amazon, Os::Linux, "Amazon Linux 2023", "arm64"),
    row("ubuntu-noble-24.04-amd64-server", Owner::Amazon, Os::Linux, "Ubuntu 24.04", "x86_64"),
    Row {
        root_gib: 30,
        ..row("Windows_Server-2022-English-Full-Base", Owner::Amazon, Os::Windows, "Windows Server 2022", "x86_64")
    },
    Row {
        root_gib: 30,
        apps: &["ecs-agent", "docker"],
        ..row("al2023-ami-ecs-hvm-x86_64", Owner::Amazon, Os::Linux, "Amazon Linux 2023 (ECS-optimized)", "x86_64")
    },
    Row {
        root: RootDevice::InstanceStore,
        root_gib: 10,
        ..row("amzn-ami-hvm-2018.03-x86_64-s3", Owner::Amazon, Os::Linux, "Amazon Linux (instance store)", "x86_64")
    },
    row("debian-12-amd64", Owner::Community, Os::Linux, "Debian 12", "x86_64"),
    Row { apps: &["k3s"], ..row("rocky-9-k3s-arm64", Owner::Community, Os::Linux, "Rocky Linux 9", "arm64") },
    Row {
        root_gib: 10,
        apps: &["wordpress", "apache", "mariadb", "php"],
        software: 0.05,
        ..row("bitnami-wordpress-6-x86_64", Owner::Marketplace, Os::Linux, "Debian 12", "x86_64")
    },
    Row {
        apps: &["nginx-plus"],
        software: 0.12,
        ..row("nginx-plus-al2023-x86_64", Owner::Marketplace, Os::Linux, "Amazon Linux 2023", "x86_64")
    },
];

/// The catalog's AMIs in a region, Amazon Linux 2023 (x86_64) first.
pub fn images(region: &'static str) -> Vec<Image> {
    ROWS.iter()
        .map(|r| Image {
            id: image_id(region, r.name),
            region,
            name: r.name.to_string(),
            owner: r.owner,
            public: true,
            launch_permissions: Vec::new(),
            state: ImageState::Available,
            os: r.os,
            distribution: r.distribution.to_string(),
            architecture: r.architecture,
            root_device_type: r.root,
            root_volume_gib: r.root_gib,
            root_volume_type: "gp3",
            apps: r.apps.iter().map(|a| a.to_string()).collect(),
            software_price_per_hour: r.software,
            source_instance: None,
            tags: Default::default(),
        })
        .collect()
}

/// Deterministic, region-specific AMI ids (`ami-` + 17 hex digits).
fn image_id(region: &str, name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in region.bytes().chain([b'/']).chain(name.bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    format!("ami-{:017x}", crate::model::ids::mix(h) >> 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_per_region_and_stable() {
        let a = images("us-east-1");
        let b = images("eu-west-1");
        assert_eq!(a[0].distribution, "Amazon Linux 2023");
        assert_ne!(a[0].id, b[0].id);
        assert_eq!(a, images("us-east-1"));
        assert!(a.iter().any(|i| i.os == Os::Windows));
        assert!(a.iter().all(|i| i.id.len() == 4 + 17));
    }

    #[test]
    fn every_owner_and_root_device_is_represented() {
        let a = images("us-east-1");
        for o in [Owner::Amazon, Owner::Community, Owner::Marketplace] {
            assert!(a.iter().any(|i| i.owner == o), "{o:?}");
        }
        assert!(a.iter().any(|i| i.root_device_type == RootDevice::InstanceStore));
        assert!(a.iter().any(|i| i.architecture == "arm64"));
        assert!(a.iter().filter(|i| i.owner == Owner::Marketplace).all(|i| i.software_price_per_hour > 0.0));
        assert!(a.iter().filter(|i| i.owner != Owner::Marketplace).all(|i| i.software_price_per_hour == 0.0));
    }
}
