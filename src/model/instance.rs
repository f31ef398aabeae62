//! EC2 instances: states, launch (`RunInstances`) and the On-Demand vCPU quota. The
//! lifecycle after launch is in `lifecycle.rs`, billing hooks in `metering.rs`.

use super::catalog::{Image, ImageState, Owner, RootDevice};
use super::*;
use crate::aws_err;
use std::net::Ipv4Addr;

/// An instance state (`InstanceState.Name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstanceState {
    /// Booting (not billed).
    Pending,
    /// Running.
    Running,
    /// Stopping.
    Stopping,
    /// Stopped.
    Stopped,
    /// Terminating.
    ShuttingDown,
    /// Terminated.
    Terminated,
}

impl InstanceState {
    /// AWS's name.
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceState::Pending => "pending",
            InstanceState::Running => "running",
            InstanceState::Stopping => "stopping",
            InstanceState::Stopped => "stopped",
            InstanceState::ShuttingDown => "shutting-down",
            InstanceState::Terminated => "terminated",
        }
    }

    /// AWS's state code.
    pub fn code(self) -> u8 {
        match self {
            InstanceState::Pending => 0,
            InstanceState::Running => 16,
            InstanceState::ShuttingDown => 32,
            InstanceState::Terminated => 48,
            InstanceState::Stopping => 64,
            InstanceState::Stopped => 80,
        }
    }
}

/// How an instance is bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Market {
    /// On-Demand (the default).
    #[default]
    OnDemand,
    /// Spot: cheaper, interruptible with a two-minute warning.
    Spot,
}

impl Market {
    /// Parses `on-demand` / `spot`.
    pub fn parse(text: &str) -> Result<Market> {
        match text {
            "on-demand" => Ok(Market::OnDemand),
            "spot" => Ok(Market::Spot),
            _ => Err(aws_err!("InvalidParameterValue", "Value ({text}) for parameter market is invalid: use on-demand or spot")),
        }
    }

    /// `on-demand` / `spot`.
    pub fn as_str(self) -> &'static str {
        match self {
            Market::OnDemand => "on-demand",
            Market::Spot => "spot",
        }
    }
}

/// What happens when the instance is interrupted (Spot) or shut down from its OS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Afterwards {
    /// Stop (EBS-backed only).
    Stop,
    /// Terminate.
    #[default]
    Terminate,
}

impl Afterwards {
    /// `stop` / `terminate`.
    pub fn as_str(self) -> &'static str {
        match self {
            Afterwards::Stop => "stop",
            Afterwards::Terminate => "terminate",
        }
    }

    /// Parses `stop` / `terminate` for parameter `what`.
    pub fn parse(text: &str, what: &str) -> Result<Afterwards> {
        match text {
            "stop" => Ok(Afterwards::Stop),
            "terminate" => Ok(Afterwards::Terminate),
            _ => Err(aws_err!(
                "InvalidParameterValue",
                "Value ({text}) for parameter {what} is invalid: use stop or terminate"
            )),
        }
    }
}

/// An EC2 instance.
#[derive(Debug, Clone)]
pub struct Instance {
    /// `i-…`.
    pub id: String,
    /// Its region.
    pub region: RegionKey,
    /// Its subnet (of the primary interface).
    pub subnet: SubnetKey,
    /// Its availability zone.
    pub az: &'static str,
    /// Its VPC.
    pub vpc: VpcKey,
    /// The primary interface (device index 0).
    pub primary_eni: EniKey,
    /// AMI id.
    pub image_id: String,
    /// Instance type name.
    pub instance_type: String,
    /// vCPUs of its type (for the On-Demand quota).
    pub vcpus: u32,
    /// The On-Demand vCPU quota class of its type.
    pub quota_class: &'static str,
    /// Operating system of its AMI.
    pub platform: Os,
    /// Applications preinstalled by its AMI.
    pub apps: Vec<String>,
    /// Root device (from the AMI).
    pub root_device_type: RootDevice,
    /// Root volume size in GiB (the block device mapping at launch).
    pub root_volume_gib: u32,
    /// The root EBS volume created at launch (none for an instance-store root).
    pub root_volume: Option<VolumeKey>,
    /// AWS Marketplace software fee, USD per hour (from the AMI).
    pub software_price_per_hour: f64,
    /// On-Demand or Spot.
    pub market: Market,
    /// What a Spot interruption does.
    pub spot_interruption_behavior: Afterwards,
    /// What a shutdown from inside the OS does.
    pub shutdown_behavior: Afterwards,
    /// Current state.
    pub state: InstanceState,
    /// Every state entered, with the time in milliseconds.
    pub state_history: Vec<(InstanceState, u64)>,
    /// Every instance type in force, from the time in milliseconds it took effect.
    pub type_history: Vec<(String, u64)>,
    /// Launch time in milliseconds.
    pub launch_time: u64,
    /// Key pair name.
    pub key_name: Option<String>,
    /// Hibernation enabled at launch.
    pub hibernation: bool,
    /// Whether the current stop (or the stop it starts from) is a hibernation.
    pub hibernated: bool,
    /// Termination protection.
    pub disable_api_termination: bool,
    /// User data.
    pub user_data: Option<String>,
    /// When a reboot in progress ends (ms).
    pub rebooting_until: Option<u64>,
    /// When a Spot interruption notice runs out (ms).
    pub spot_interruption_at: Option<u64>,
    /// When a scripted Spot interruption notice is due (ms).
    pub spot_notice_at: Option<u64>,
    /// The Auto Scaling group it belongs to.
    pub asg: Option<AsgKey>,
    /// Token of the pending clock event (stale events are ignored).
    pub(crate) token: u64,
    /// When the pending clock event is due (ms).
    pub(crate) due: Option<u64>,
    /// Tags.
    pub tags: Tags,
}

/// Launch parameters (`RunInstances`).
#[derive(Debug, Clone, Default)]
pub struct LaunchSpec {
    /// Subnet, else the default subnet of the region's first AZ.
    pub subnet: Option<SubnetKey>,
    /// AMI id, else the region's Amazon Linux 2023.
    pub image_id: Option<String>,
    /// Instance type, else `t3.micro`.
    pub instance_type: Option<String>,
    /// Security groups, else the VPC's default group.
    pub security_groups: Option<Vec<SgKey>>,
    /// Minimum to launch.
    pub min_count: u32,
    /// Maximum to launch.
    pub max_count: u32,
    /// Key pair.
    pub key_name: Option<String>,
    /// A fixed private address (one instance only).
    pub private_ip_address: Option<Ipv4Addr>,
    /// Overrides the subnet's public-IP setting.
    pub associate_public_ip_address: Option<bool>,
    /// Enable hibernation.
    pub hibernation: bool,
    /// Termination protection.
    pub disable_api_termination: bool,
    /// User data.
    pub user_data: Option<String>,
    /// On-Demand or Spot.
    pub market: Market,
    /// What a Spot interruption does (default terminate).
    pub spot_interruption_behavior: Option<Afterwards>,
    /// What an OS shutdown does (default stop; instance-store-backed: terminate).
    pub instance_initiated_shutdown_behavior: Option<Afterwards>,
    /// Root volume size, else the AMI's.
    pub root_volume_gib: Option<u32>,
    /// Whether the root EBS volume is deleted at termination (default true).
    pub delete_on_termination: Option<bool>,
    /// A launch template supplying image, type, groups, user data and market where not given.
    pub launch_template: Option<LtKey>,
    /// Tags for each instance.
    pub tags: Tags,
}

impl LaunchSpec {
    /// `(min_count, max_count)` from RunInstances' arguments: `count` is shorthand for
    /// min = max and excludes the other two; a missing minimum is 1, a missing maximum
    /// the minimum.
    pub fn counts(count: Option<i64>, min: Option<i64>, max: Option<i64>) -> Result<(u32, u32)> {
        if count.is_some() && (min.is_some() || max.is_some()) {
            return Err(aws_err!("InvalidParameterCombination", "give either count or min_count/max_count, not both"));
        }
        let (min, max) = match (count, min, max) {
            (Some(c), _, _) => (c, c),
            (None, Some(a), Some(b)) => (a, b),
            (None, Some(a), None) => (a, a),
            (None, None, Some(b)) => (1, b),
            (None, None, None) => (1, 1),
        };
        let check = |v: i64, what: &str| {
            u32::try_from(v).map_err(|_| aws_err!("InvalidParameterValue", "Invalid {what} {v}: must be at least 1"))
        };
        Ok((check(min, "min_count")?, check(max, "max_count")?))
    }
}

/// What a waiter waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiter {
    /// `instance_running`.
    Running,
    /// `instance_stopped`.
    Stopped,
    /// `instance_terminated`.
    Terminated,
}

/// The On-Demand vCPU quota class of a family: `accelerated` (G, P, Inf, Trn, F, VT, DL)
/// or `standard` (every other family).
pub fn quota_class(family: &str) -> &'static str {
    if ["g", "p", "inf", "trn", "f", "vt", "dl"].iter().any(|p| family.starts_with(p)) {
        "accelerated"
    } else {
        "standard"
    }
}

impl World {
    pub(crate) fn ms(&self, seconds: f64) -> u64 {
        (seconds * 1000.0).round() as u64
    }

    /// On-Demand vCPUs in use in a region for a quota class (pending, running, stopping,
    /// shutting-down instances).
    pub fn on_demand_vcpus(&self, region: RegionKey, class: &str) -> u32 {
        self.vcpus_in_use.get(&(region, class)).copied().unwrap_or(0)
    }

    /// Keeps the On-Demand vCPU count in step when an instance enters or leaves a counted
    /// state (pending, running, stopping, shutting-down).
    pub(crate) fn count_vcpus(&mut self, inst: InstanceKey, was: Option<InstanceState>, now: InstanceState) {
        let Some(i) = self.stores.instances.get(inst) else { return };
        if i.market != Market::OnDemand {
            return;
        }
        let counted = |s: InstanceState| !matches!(s, InstanceState::Stopped | InstanceState::Terminated);
        let slot = self.vcpus_in_use.entry((i.region, i.quota_class)).or_insert(0);
        match (was.is_some_and(counted), counted(now)) {
            (false, true) => *slot += i.vcpus,
            (true, false) => *slot = slot.saturating_sub(i.vcpus),
            _ => {}
        }
    }

    /// An image launchable in `region`, or AWS's error for the id.
    pub fn launchable_image(&self, region: RegionKey, id: &str) -> Result<&Image> {
        let region_name = self.region_info(region).name;
        if !Kind::is_ami_well_formed(id) {
            return Err(aws_err!("InvalidAMIID.Malformed", "Invalid id: \"{id}\" (expecting \"ami-...\")"));
        }
        let (_, image) = self.image_by_id(id).filter(|(_, i)| i.region == region_name).ok_or_else(|| {
            aws_err!("InvalidAMIID.NotFound", "The image id '[{id}]' does not exist in {region_name}")
        })?;
        match image.state {
            ImageState::Available => Ok(image),
            ImageState::Deregistered => {
                Err(aws_err!("InvalidAMIID.Unavailable", "The image id '[{id}]' is no longer available"))
            }
            ImageState::Pending => {
                Err(aws_err!("IncorrectState", "The image id '[{id}]' is still pending: wait until it is available"))
            }
        }
    }

    /// `RunInstances`: between `min_count` and `max_count` instances, each with a
    /// primary interface, `pending` until the clock moves past `ec2_pending`.
    pub fn run_instances(&mut self, region: RegionKey, spec: &LaunchSpec) -> Result<Vec<InstanceKey>> {
        super::tags::check(&spec.tags)?;
        let merged;
        let spec = match spec.launch_template {
            Some(lt) => {
                let t = self.launch_template(lt)?;
                merged = LaunchSpec {
                    image_id: spec.image_id.clone().or_else(|| t.image_id.clone()),
                    instance_type: spec.instance_type.clone().or_else(|| Some(t.instance_type.clone())),
                    security_groups: spec.security_groups.clone().or_else(|| t.security_groups.clone()),
                    user_data: spec.user_data.clone().or_else(|| t.user_data.clone()),
                    market: if spec.market == Market::Spot { Market::Spot } else { t.market },
                    delete_on_termination: spec.delete_on_termination.or(t.delete_on_termination),
                    launch_template: None,
                    ..spec.clone()
                };
                &merged
            }
            None => spec,
        };
        if spec.min_count < 1 || spec.max_count < 1 {
            return Err(aws_err!(
                "InvalidParameterValue",
                "MinCount and MaxCount must be at least 1 (got {} and {})",
                spec.min_count,
                spec.max_count
            ));
        }
        if spec.min_count > spec.max_count {
            return Err(aws_err!(
                "InvalidParameterValue",
                "MinCount ({}) must be less than or equal to MaxCount ({})",
                spec.min_count,
                spec.max_count
            ));
        }
        let type_name = spec.instance_type.as_deref().unwrap_or("t3.micro");
        let itype = catalog::instance_type(type_name)
            .ok_or_else(|| aws_err!("InvalidParameterValue", "Invalid value '{type_name}' for InstanceType."))?;
        let image = match &spec.image_id {
            Some(id) => self.launchable_image(region, id)?.clone(),
            None => self.default_image(region)?.clone(),
        };
        let mut plan = plan_launch(itype, &image, spec)?;
        let subnet = match spec.subnet {
            Some(s) => s,
            None => self.default_subnet(region)?,
        };
        let s = self.subnet(subnet)?;
        let region_name = self.region_info(region).name;
        if self.vpc(s.vpc)?.region != region {
            return Err(aws_err!(
                "InvalidSubnetID.NotFound",
                "The subnet ID '{}' does not exist in {region_name}",
                s.id
            ));
        }
        let vpc = s.vpc;
        let groups = match &spec.security_groups {
            Some(g) => g.clone(),
            None => vec![self.vpc(vpc)?.default_security_group],
        };
        self.check_interface_groups(vpc, &s.id, &groups)?;
        if let Some(addr) = spec.private_ip_address {
            if spec.max_count > 1 {
                return Err(aws_err!(
                    "InvalidParameterCombination",
                    "A private IP address ({addr}) can be given only when launching one instance"
                ));
            }
            s.check_requested(addr, &self.label_id(&s.id))?;
        }
        let free = s.available_ip_address_count();
        if free < u64::from(spec.min_count) {
            return Err(aws_err!(
                "InsufficientFreeAddressesInSubnet",
                "There are not enough free addresses in subnet {} to satisfy the requested number of instances: {} requested, {free} free",
                self.quoted_label(&s.id),
                spec.min_count
            ));
        }
        let mut count = u64::from(spec.max_count).min(free) as u32;
        if spec.market == Market::OnDemand {
            let class = quota_class(itype.family());
            let quota = self.config.quotas.on_demand_vcpus(class);
            let used = self.on_demand_vcpus(region, class);
            let room = quota.saturating_sub(used) / itype.vcpus;
            if room < spec.min_count {
                return Err(aws_err!(
                    "VcpuLimitExceeded",
                    "You have requested more vCPU capacity than your current vCPU limit of {quota} allows for the instance bucket that the specified instance type belongs to ({class}): {used} in use, {} more requested. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.",
                    itype.vcpus * spec.min_count
                ));
            }
            count = count.min(room);
        }
        plan.public = spec.associate_public_ip_address.unwrap_or(s.map_public_ip_on_launch);
        let mut out = Vec::with_capacity(count as usize);
        for _ in 0..count {
            out.push(self.launch_one(region, subnet, &groups, &plan, spec)?);
        }
        Ok(out)
    }

    fn launch_one(
        &mut self,
        region: RegionKey,
        subnet: SubnetKey,
        groups: &[SgKey],
        plan: &Launch,
        spec: &LaunchSpec,
    ) -> Result<InstanceKey> {
        let s = self.subnet(subnet)?;
        let (vpc, az) = (s.vpc, s.az);
        let key = self.stores.instances.next_key();
        let id = self.new_id(Kind::Instance);
        let eni = self.insert_eni(
            subnet,
            spec.private_ip_address,
            groups.to_vec(),
            EniOwner::User,
            "Primary network interface",
        )?;
        let e = self.get_mut(eni)?;
        e.attachment = Some(Attachment { instance: key, device_index: 0 });
        e.auto_public_ip = plan.public;
        let now = self.now_ms;
        let image = plan.image;
        let inst = Instance {
            id: id.clone(),
            region,
            subnet,
            az,
            vpc,
            primary_eni: eni,
            image_id: image.id.clone(),
            instance_type: plan.itype.name.to_string(),
            vcpus: plan.itype.vcpus,
            quota_class: quota_class(plan.itype.family()),
            platform: image.os,
            apps: image.apps.clone(),
            root_device_type: image.root_device_type,
            root_volume_gib: plan.root_gib,
            root_volume: None,
            software_price_per_hour: if image.owner == Owner::Marketplace {
                image.software_price_per_hour
            } else {
                0.0
            },
            market: spec.market,
            spot_interruption_behavior: plan.spot_behavior,
            shutdown_behavior: plan.shutdown,
            state: InstanceState::Pending,
            state_history: vec![(InstanceState::Pending, now)],
            type_history: vec![(plan.itype.name.to_string(), now)],
            launch_time: now,
            key_name: spec.key_name.clone(),
            hibernation: spec.hibernation,
            hibernated: false,
            disable_api_termination: spec.disable_api_termination,
            user_data: spec.user_data.clone(),
            rebooting_until: None,
            spot_interruption_at: None,
            spot_notice_at: None,
            asg: None,
            token: 0,
            due: None,
            tags: spec.tags.clone(),
        };
        let inserted = self.stores.instances.insert(inst);
        debug_assert_eq!(inserted, key);
        self.register(&id, ResKey::Instance(key));
        if plan.public {
            let ip = self.allocate_public_ip();
            self.set_auto_public_ip(eni, Some(ip));
        }
        if image.root_device_type == RootDevice::Ebs {
            self.create_root_volume(key, image.root_volume_type, spec.delete_on_termination.unwrap_or(true));
        }
        self.count_vcpus(key, None, InstanceState::Pending);
        let due = now + self.ms(self.config.timings.ec2_pending);
        self.schedule_instance(key, due);
        Ok(key)
    }

    /// The default subnet of the region's first AZ (`VPCIdNotSpecified` without a default VPC).
    pub fn default_subnet(&self, region: RegionKey) -> Result<SubnetKey> {
        let r = self.region_info(region);
        let vpc = r.default_vpc.filter(|v| self.stores.vpcs.get(*v).is_some()).ok_or_else(|| {
            aws_err!("VPCIdNotSpecified", "No default VPC for this user in {}: give a subnet", r.name)
        })?;
        let mut defaults: Vec<(SubnetKey, &Subnet)> =
            self.stores.subnets.iter().filter(|(_, s)| s.vpc == vpc && s.default_for_az).collect();
        defaults.sort_by_key(|(_, s)| r.azs.iter().position(|a| *a == s.az));
        defaults.first().map(|(k, _)| *k).ok_or_else(|| {
            aws_err!("VPCIdNotSpecified", "The default VPC of {} has no default subnet: give a subnet", r.name)
        })
    }
}

/// Checks what the type and image allow for this launch (architecture, instance store,
/// root size, hibernation, shutdown and Spot behaviours), before anything is created.
fn plan_launch<'a>(itype: &'static catalog::InstanceType, image: &'a Image, spec: &LaunchSpec) -> Result<Launch<'a>> {
    if itype.architecture != image.architecture {
        return Err(aws_err!(
            "InvalidParameterValue",
            "The architecture '{}' of the specified instance type {} does not match the architecture '{}' of image {}",
            itype.architecture,
            itype.name,
            image.architecture,
            image.id
        ));
    }
    let store_root = image.root_device_type == RootDevice::InstanceStore;
    if store_root && itype.instance_store_gb == 0 {
        return Err(aws_err!(
            "InvalidParameterCombination",
            "The instance-store-backed image {} needs an instance type with instance store volumes; {} has none",
            image.id,
            itype.name
        ));
    }
    if store_root && let Some(d) = spec.delete_on_termination {
        return Err(aws_err!(
            "InvalidBlockDeviceMapping",
            "delete_on_termination = {d} applies to an EBS root volume; the root device of image {} is instance store, which is always erased at termination",
            image.id
        ));
    }
    let root_gib = spec.root_volume_gib.unwrap_or(image.root_volume_gib);
    if root_gib < image.root_volume_gib || root_gib > 16_384 {
        return Err(aws_err!(
            "InvalidBlockDeviceMapping",
            "Volume of size {root_gib} GiB is smaller than the snapshot of {} ({} GiB) or larger than 16384 GiB",
            image.id,
            image.root_volume_gib
        ));
    }
    if spec.hibernation {
        let why = if store_root {
            Some("an instance-store root device cannot hold the RAM image".to_string())
        } else if spec.market == Market::Spot {
            Some("hibernation at launch is for On-Demand instances".to_string())
        } else if !itype.hibernation_supported() {
            Some(if itype.size() == "metal" {
                format!("{} is bare metal, which cannot hibernate", itype.name)
            } else if itype.memory_gib >= 150.0 {
                format!("{} has {} GiB of RAM; hibernation needs less than 150 GiB", itype.name, itype.memory_gib)
            } else {
                format!("the {} family does not support hibernation", itype.family())
            })
        } else if itype.memory_gib > f64::from(root_gib) {
            Some(format!("its RAM ({} GiB) does not fit in the {root_gib} GiB root volume", itype.memory_gib))
        } else {
            None
        };
        if let Some(why) = why {
            return Err(aws_err!(
                "UnsupportedHibernationConfiguration",
                "{} cannot hibernate with image {}: {why}",
                itype.name,
                image.id
            ));
        }
    }
    let shutdown = match spec.instance_initiated_shutdown_behavior {
        Some(Afterwards::Stop) if store_root => {
            return Err(aws_err!(
                "UnsupportedOperation",
                "The instance-store-backed image {} always terminates on shutdown: instance_initiated_shutdown_behavior 'stop' is not supported",
                image.id
            ));
        }
        Some(b) => b,
        None if store_root => Afterwards::Terminate,
        None => Afterwards::Stop,
    };
    let spot_behavior = match (spec.market, spec.spot_interruption_behavior) {
        (Market::OnDemand, Some(_)) => {
            return Err(aws_err!(
                "InvalidParameterCombination",
                "spot_interruption_behavior applies to Spot Instances only: add market = 'spot'"
            ));
        }
        (_, Some(Afterwards::Stop)) if store_root => {
            return Err(aws_err!(
                "UnsupportedOperation",
                "An instance-store-backed Spot Instance cannot stop when interrupted"
            ));
        }
        (_, b) => b.unwrap_or(Afterwards::Terminate),
    };
    Ok(Launch { itype, image, public: false, root_gib, shutdown, spot_behavior })
}

/// What every instance of one `RunInstances` call shares.
struct Launch<'a> {
    itype: &'static catalog::InstanceType,
    image: &'a Image,
    public: bool,
    root_gib: u32,
    shutdown: Afterwards,
    spot_behavior: Afterwards,
}

impl Kind {
    /// Whether an AMI id is well formed (`ami-` + 8 or 17 hex digits).
    pub fn is_ami_well_formed(id: &str) -> bool {
        id.strip_prefix("ami-")
            .is_some_and(|h| (h.len() == 8 || h.len() == 17) && h.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}
