//! EC2 instances as network endpoints: launch, lifecycle on the simulated clock, waiters.

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

/// An EC2 instance.
#[derive(Debug, Clone)]
pub struct Instance {
    /// `i-…`.
    pub id: String,
    /// Its region.
    pub region: RegionKey,
    /// Its subnet (of the primary interface).
    pub subnet: SubnetKey,
    /// Its VPC.
    pub vpc: VpcKey,
    /// The primary interface (device index 0).
    pub primary_eni: EniKey,
    /// AMI id.
    pub image_id: String,
    /// Instance type name.
    pub instance_type: String,
    /// Operating system of its AMI.
    pub platform: Os,
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
    /// Whether the current stop is a hibernation.
    pub hibernating: bool,
    /// Termination protection.
    pub disable_api_termination: bool,
    /// User data.
    pub user_data: Option<String>,
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

const HIBERNATION_FAMILIES: &[&str] =
    &["c3", "c4", "c5", "c6i", "m3", "m4", "m5", "m6i", "r3", "r4", "r5", "t2", "t3", "t3a", "i3", "i3en"];

impl World {
    fn ms(&self, seconds: f64) -> u64 {
        (seconds * 1000.0).round() as u64
    }

    /// `RunInstances`: between `min_count` and `max_count` instances, each with a
    /// primary interface, `pending` until the clock moves past `ec2_pending`.
    pub fn run_instances(&mut self, region: RegionKey, spec: &LaunchSpec) -> Result<Vec<InstanceKey>> {
        super::tags::check(&spec.tags)?;
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
        let region_name = self.region_info(region).name;
        let image = match &spec.image_id {
            Some(id) => {
                if !Kind::is_ami_well_formed(id) {
                    return Err(aws_err!("InvalidAMIID.Malformed", "Invalid id: \"{id}\" (expecting \"ami-...\")"));
                }
                catalog::image(region_name, id).ok_or_else(|| {
                    aws_err!("InvalidAMIID.NotFound", "The image id '[{id}]' does not exist in {region_name}")
                })?
            }
            None => catalog::images(region_name).remove(0),
        };
        if itype.architecture != image.architecture {
            return Err(aws_err!(
                "InvalidParameterValue",
                "The architecture '{}' of the specified instance type {} does not match the architecture '{}' of image {}",
                itype.architecture,
                itype.name,
                image.architecture,
                image.image_id
            ));
        }
        if spec.hibernation {
            let supported = HIBERNATION_FAMILIES.contains(&itype.family);
            if !supported || itype.memory_gib > f64::from(image.root_volume_gib) || itype.memory_gib >= 150.0 {
                return Err(aws_err!(
                    "UnsupportedHibernationConfiguration",
                    "{} cannot hibernate with image {}: the type must support hibernation and its RAM ({} GiB) must fit in the {} GiB root volume",
                    itype.name,
                    image.image_id,
                    itype.memory_gib,
                    image.root_volume_gib
                ));
            }
        }
        let subnet = match spec.subnet {
            Some(s) => s,
            None => self.default_subnet(region)?,
        };
        let s = self.subnet(subnet)?;
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
            s.check_requested(addr)?;
        }
        let free = s.available_ip_address_count();
        if free < u64::from(spec.min_count) {
            return Err(aws_err!(
                "InsufficientFreeAddressesInSubnet",
                "There are not enough free addresses in subnet '{}' to satisfy the requested number of instances: {} requested, {free} free",
                s.id,
                spec.min_count
            ));
        }
        let public = spec.associate_public_ip_address.unwrap_or(s.map_public_ip_on_launch);
        let count = u64::from(spec.max_count).min(free) as u32;
        let mut out = Vec::with_capacity(count as usize);
        for _ in 0..count {
            out.push(self.launch_one(region, subnet, &groups, itype.name, &image, public, spec)?);
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn launch_one(
        &mut self,
        region: RegionKey,
        subnet: SubnetKey,
        groups: &[SgKey],
        itype: &str,
        image: &catalog::Image,
        public: bool,
        spec: &LaunchSpec,
    ) -> Result<InstanceKey> {
        let vpc = self.subnet(subnet)?.vpc;
        let key = self.stores.instances.next_key();
        let id = self.new_id(Kind::Instance);
        let eni = self.insert_eni(
            subnet,
            spec.private_ip_address,
            groups.to_vec(),
            EniOwner::User,
            "Primary network interface",
        )?;
        let public_ip = public.then(|| self.allocate_public_ip());
        let e = self.get_mut(eni)?;
        e.attachment = Some(Attachment { instance: key, device_index: 0 });
        e.auto_public_ip = public;
        e.public_ip = public_ip;
        let now = self.now_ms;
        let inst = Instance {
            id: id.clone(),
            region,
            subnet,
            vpc,
            primary_eni: eni,
            image_id: image.image_id.clone(),
            instance_type: itype.to_string(),
            type_history: vec![(itype.to_string(), now)],
            platform: image.os,
            state: InstanceState::Pending,
            state_history: vec![(InstanceState::Pending, now)],
            launch_time: now,
            key_name: spec.key_name.clone(),
            hibernation: spec.hibernation,
            hibernating: false,
            disable_api_termination: spec.disable_api_termination,
            user_data: spec.user_data.clone(),
            token: 0,
            due: None,
            tags: spec.tags.clone(),
        };
        let inserted = self.stores.instances.insert(inst);
        debug_assert_eq!(inserted, key);
        self.register(&id, ResKey::Instance(key));
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

    pub(crate) fn set_state(&mut self, inst: InstanceKey, state: InstanceState) -> Result<()> {
        let now = self.now_ms;
        let i = self.get_mut(inst)?;
        i.state = state;
        i.state_history.push((state, now));
        Ok(())
    }

    fn release_public_ip(&mut self, inst: InstanceKey) -> Result<()> {
        let eni = self.instance(inst)?.primary_eni;
        if let Some(e) = self.stores.enis.get_mut(eni) {
            e.public_ip = None;
        }
        Ok(())
    }

    /// `StopInstances` (with `hibernate`). Stopping a stopped instance is a no-op.
    pub fn stop_instance(&mut self, inst: InstanceKey, hibernate: bool) -> Result<()> {
        let i = self.instance(inst)?;
        if hibernate && !i.hibernation {
            return Err(aws_err!(
                "UnsupportedOperation",
                "The instance {} was not launched with hibernation enabled, so it cannot hibernate",
                i.id
            ));
        }
        match i.state {
            InstanceState::Running => {}
            InstanceState::Stopping | InstanceState::Stopped => return Ok(()),
            s => {
                return Err(aws_err!(
                    "IncorrectInstanceState",
                    "The instance '{}' is not in a state from which it can be stopped: it is {}",
                    i.id,
                    s.as_str()
                ));
            }
        }
        self.get_mut(inst)?.hibernating = hibernate;
        self.set_state(inst, InstanceState::Stopping)?;
        self.release_public_ip(inst)?;
        let due = self.now_ms + self.ms(self.config.timings.ec2_stopping);
        self.schedule_instance(inst, due);
        Ok(())
    }

    /// `StartInstances`: stopped → pending → running, with a new public address.
    pub fn start_instance(&mut self, inst: InstanceKey) -> Result<()> {
        let i = self.instance(inst)?;
        match i.state {
            InstanceState::Stopped => {}
            InstanceState::Pending | InstanceState::Running => return Ok(()),
            s => {
                return Err(aws_err!(
                    "IncorrectInstanceState",
                    "The instance '{}' is not in a state from which it can be started: it is {}",
                    i.id,
                    s.as_str()
                ));
            }
        }
        let eni = i.primary_eni;
        if self.eni(eni)?.auto_public_ip && self.eni(eni)?.eip.is_none() {
            let ip = self.allocate_public_ip();
            self.get_mut(eni)?.public_ip = Some(ip);
        }
        self.get_mut(inst)?.hibernating = false;
        self.set_state(inst, InstanceState::Pending)?;
        let due = self.now_ms + self.ms(self.config.timings.ec2_pending);
        self.schedule_instance(inst, due);
        Ok(())
    }

    /// `RebootInstances`: stays `running`; ignored for terminated instances.
    pub fn reboot_instance(&mut self, inst: InstanceKey) -> Result<()> {
        let i = self.instance(inst)?;
        match i.state {
            InstanceState::Running | InstanceState::Terminated => Ok(()),
            s => Err(aws_err!(
                "IncorrectInstanceState",
                "The instance '{}' is {}: only running instances can be rebooted",
                i.id,
                s.as_str()
            )),
        }
    }

    /// `TerminateInstances`: idempotent; refused under termination protection.
    pub fn terminate_instance(&mut self, inst: InstanceKey) -> Result<()> {
        let i = self.instance(inst)?;
        if matches!(i.state, InstanceState::ShuttingDown | InstanceState::Terminated) {
            return Ok(());
        }
        if i.disable_api_termination {
            return Err(aws_err!(
                "OperationNotPermitted",
                "The instance '{}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.",
                i.id
            ));
        }
        let eni = i.primary_eni;
        self.set_state(inst, InstanceState::ShuttingDown)?;
        self.release_public_ip(inst)?;
        if let Some(eip) = self.eni(eni)?.eip {
            self.get_mut(eni)?.eip = None;
            if let Some(e) = self.stores.eips.get_mut(eip) {
                e.association = None;
            }
        }
        let due = self.now_ms + self.ms(self.config.timings.ec2_shutting_down);
        self.schedule_instance(inst, due);
        Ok(())
    }

    /// `ModifyInstanceAttribute instanceType`: only when stopped, not with hibernation.
    pub fn modify_instance_type(&mut self, inst: InstanceKey, type_name: &str) -> Result<()> {
        let i = self.instance(inst)?;
        let t = catalog::instance_type(type_name).ok_or_else(|| {
            aws_err!("InvalidInstanceAttributeValue", "Value ({type_name}) for parameter instanceType is invalid.")
        })?;
        if i.hibernation {
            return Err(aws_err!(
                "UnsupportedOperation",
                "The instance {} has hibernation enabled, so its type cannot be changed",
                i.id
            ));
        }
        if i.state != InstanceState::Stopped {
            return Err(aws_err!(
                "IncorrectInstanceState",
                "The instance '{}' is {}: stop it before changing its type",
                i.id,
                i.state.as_str()
            ));
        }
        let arch = catalog::instance_type(&i.instance_type).map(|t| t.architecture);
        if arch != Some(t.architecture) {
            return Err(aws_err!(
                "InvalidParameterValue",
                "{} ({}) does not match the architecture of instance {}",
                t.name,
                t.architecture,
                i.id
            ));
        }
        let now = self.now_ms;
        let i = self.get_mut(inst)?;
        i.instance_type = t.name.to_string();
        i.type_history.push((t.name.to_string(), now));
        Ok(())
    }

    /// `ModifyInstanceAttribute disableApiTermination`.
    pub fn set_termination_protection(&mut self, inst: InstanceKey, on: bool) -> Result<()> {
        self.get_mut(inst)?.disable_api_termination = on;
        Ok(())
    }

    /// Interfaces attached to an instance, primary first.
    pub fn instance_enis(&self, inst: InstanceKey) -> Vec<EniKey> {
        let mut v: Vec<(u32, EniKey)> = self
            .stores.enis
            .iter()
            .filter_map(|(k, e)| e.attachment.filter(|a| a.instance == inst).map(|a| (a.device_index, k)))
            .collect();
        v.sort();
        v.into_iter().map(|(_, k)| k).collect()
    }

    /// A boto3-style waiter: advances the clock just enough for the instance to reach
    /// the state, or fails (`WaiterError`) when it can no longer get there.
    pub fn wait_instance(&mut self, inst: InstanceKey, waiter: Waiter) -> Result<()> {
        loop {
            let i = self.instance(inst)?;
            let s = i.state;
            let reached = match waiter {
                Waiter::Running => s == InstanceState::Running,
                Waiter::Stopped => s == InstanceState::Stopped,
                Waiter::Terminated => s == InstanceState::Terminated,
            };
            if reached {
                return Ok(());
            }
            let hopeless = match waiter {
                Waiter::Running => matches!(
                    s,
                    InstanceState::Stopping
                        | InstanceState::Stopped
                        | InstanceState::ShuttingDown
                        | InstanceState::Terminated
                ),
                Waiter::Stopped => matches!(
                    s,
                    InstanceState::Pending
                        | InstanceState::Running
                        | InstanceState::ShuttingDown
                        | InstanceState::Terminated
                ),
                Waiter::Terminated => false,
            };
            if hopeless {
                return Err(aws_err!(
                    "WaiterError",
                    "Waiter Instance{waiter:?} failed: the instance {} is {} and will not get there by itself",
                    i.id,
                    s.as_str()
                ));
            }
            match i.due {
                Some(due) => self.advance_to(due),
                None => {
                    return Err(aws_err!(
                        "WaiterError",
                        "Waiter Instance{waiter:?} failed: the instance {} is {} with nothing pending",
                        i.id,
                        s.as_str()
                    ));
                }
            }
        }
    }
}

impl Kind {
    /// Whether an AMI id is well formed (`ami-` + 8 or 17 hex digits).
    pub fn is_ami_well_formed(id: &str) -> bool {
        id.strip_prefix("ami-")
            .is_some_and(|h| (h.len() == 8 || h.len() == 17) && h.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Lab {
        w: World,
        r: RegionKey,
        s: SubnetKey,
    }

    /// A VPC with an attached IGW and a subnet that maps public IPs.
    fn lab() -> Lab {
        let mut w = World::new();
        let r = w.region("us-east-1").unwrap();
        let v = w.create_vpc(r, "10.0.0.0/16", Tags::new()).unwrap();
        let g = w.create_internet_gateway(r, Tags::new()).unwrap();
        w.attach_internet_gateway(g, v).unwrap();
        let s = w.create_subnet(v, "10.0.1.0/24", Some("us-east-1a"), Tags::new()).unwrap();
        w.set_map_public_ip_on_launch(s, true).unwrap();
        Lab { w, r, s }
    }

    impl Lab {
        fn launch(&mut self, f: impl FnOnce(&mut LaunchSpec)) -> Result<InstanceKey> {
            let mut spec = LaunchSpec { subnet: Some(self.s), min_count: 1, max_count: 1, ..LaunchSpec::default() };
            f(&mut spec);
            self.w.run_instances(self.r, &spec).map(|v| v[0])
        }
        fn state(&self, i: InstanceKey) -> InstanceState {
            self.w.instance(i).unwrap().state
        }
        fn public_ip(&self, i: InstanceKey) -> Option<Ipv4Addr> {
            self.w.public_ip_of(self.w.eni(self.w.instance(i).unwrap().primary_eni).unwrap())
        }
        fn private_ip(&self, i: InstanceKey) -> Ipv4Addr {
            self.w.eni(self.w.instance(i).unwrap().primary_eni).unwrap().private_ip
        }
    }

    #[test]
    fn pending_becomes_running_after_30_seconds() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        assert_eq!(l.state(i), InstanceState::Pending);
        l.w.advance(29.999).unwrap();
        assert_eq!(l.state(i), InstanceState::Pending);
        l.w.advance(0.001).unwrap();
        assert_eq!(l.state(i), InstanceState::Running);
        assert_eq!(
            l.w.instance(i).unwrap().state_history,
            [(InstanceState::Pending, 0), (InstanceState::Running, 30_000)]
        );
    }

    #[test]
    fn waiters_advance_the_clock_just_enough() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        assert_eq!(l.w.now_ms(), 30_000);
        l.w.stop_instance(i, false).unwrap();
        l.w.wait_instance(i, Waiter::Stopped).unwrap();
        assert_eq!(l.w.now_ms(), 45_000);
        assert_eq!(l.w.wait_instance(i, Waiter::Running).unwrap_err().code, "WaiterError");
        assert_eq!(l.w.now_ms(), 45_000, "a hopeless waiter does not move the clock");
        l.w.terminate_instance(i).unwrap();
        l.w.wait_instance(i, Waiter::Terminated).unwrap();
        assert_eq!(l.w.now_ms(), 60_000);
    }

    #[test]
    fn stop_and_start_renew_the_public_ip_and_keep_the_private_one() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        let (private, first) = (l.private_ip(i), l.public_ip(i).expect("mapped at launch"));
        l.w.reboot_instance(i).unwrap();
        assert_eq!((l.state(i), l.public_ip(i)), (InstanceState::Running, Some(first)), "reboot keeps it");
        l.w.stop_instance(i, false).unwrap();
        assert_eq!((l.state(i), l.public_ip(i)), (InstanceState::Stopping, None), "released at stop");
        l.w.advance(15.0).unwrap();
        assert_eq!(l.state(i), InstanceState::Stopped);
        l.w.start_instance(i).unwrap();
        let second = l.public_ip(i).expect("a new one on start");
        assert_ne!(second, first);
        assert_eq!(l.private_ip(i), private);
        l.w.advance(30.0).unwrap();
        assert_eq!(l.state(i), InstanceState::Running);
        let states: Vec<&str> = l.w.instance(i).unwrap().state_history.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(states, ["pending", "running", "stopping", "stopped", "pending", "running"]);
    }

    #[test]
    fn an_elastic_ip_survives_stop_and_start() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        let eip = l.w.allocate_address(l.r, None, Tags::new()).unwrap();
        let eni = l.w.instance(i).unwrap().primary_eni;
        l.w.associate_address(eip, eni, false).unwrap();
        let addr = l.w.eip(eip).unwrap().public_ip;
        assert_eq!(l.public_ip(i), Some(addr));
        l.w.stop_instance(i, false).unwrap();
        l.w.wait_instance(i, Waiter::Stopped).unwrap();
        l.w.start_instance(i).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        assert_eq!(l.public_ip(i), Some(addr));
        assert_eq!(l.w.eni(eni).unwrap().public_ip, None, "no auto-assigned address beside the EIP");
        l.w.terminate_instance(i).unwrap();
        assert_eq!(l.w.eip(eip).unwrap().association, None, "disassociated on terminate");
    }

    #[test]
    fn terminated_instances_leave_listings_after_an_hour() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        let id = l.w.instance(i).unwrap().id.clone();
        l.w.terminate_instance(i).unwrap();
        assert_eq!(l.state(i), InstanceState::ShuttingDown);
        assert_eq!(l.public_ip(i), None);
        l.w.advance(15.0).unwrap();
        assert_eq!(l.state(i), InstanceState::Terminated);
        assert!(l.w.eni(l.w.instance(i).unwrap().primary_eni).is_err(), "the primary interface is deleted");
        l.w.advance(3599.999).unwrap();
        assert!(l.w.instance(i).is_ok(), "visible for an hour");
        assert_eq!(l.w.resolve(&id, Some(Kind::Instance)).unwrap(), ResKey::Instance(i));
        l.w.advance(0.001).unwrap();
        assert_eq!(l.w.instance(i).unwrap_err().code, "InvalidInstanceID.NotFound");
        assert_eq!(l.w.resolve(&id, Some(Kind::Instance)).unwrap_err().code, "InvalidInstanceID.NotFound");
        assert_eq!(l.w.instances().len(), 0);
    }

    #[test]
    fn wrong_states_are_refused_and_change_nothing() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        assert_eq!(l.w.stop_instance(i, false).unwrap_err().code, "IncorrectInstanceState", "pending");
        assert_eq!(l.w.reboot_instance(i).unwrap_err().code, "IncorrectInstanceState", "pending");
        assert_eq!(l.w.modify_instance_type(i, "t3.small").unwrap_err().code, "IncorrectInstanceState");
        l.w.wait_instance(i, Waiter::Running).unwrap();
        l.w.stop_instance(i, false).unwrap();
        assert_eq!(l.w.start_instance(i).unwrap_err().code, "IncorrectInstanceState", "stopping");
        l.w.terminate_instance(i).unwrap();
        l.w.wait_instance(i, Waiter::Terminated).unwrap();
        let history = l.w.instance(i).unwrap().state_history.len();
        assert_eq!(l.w.start_instance(i).unwrap_err().code, "IncorrectInstanceState");
        assert_eq!(l.w.stop_instance(i, false).unwrap_err().code, "IncorrectInstanceState");
        l.w.terminate_instance(i).unwrap();
        l.w.reboot_instance(i).unwrap();
        assert_eq!(l.state(i), InstanceState::Terminated);
        assert_eq!(l.w.instance(i).unwrap().state_history.len(), history);
    }

    #[test]
    fn termination_protection() {
        let mut l = lab();
        let i = l.launch(|s| s.disable_api_termination = true).unwrap();
        let e = l.w.terminate_instance(i).unwrap_err();
        assert_eq!(e.code, "OperationNotPermitted");
        assert!(e.message.contains(&l.w.instance(i).unwrap().id));
        assert_eq!(l.state(i), InstanceState::Pending);
        l.w.set_termination_protection(i, false).unwrap();
        l.w.terminate_instance(i).unwrap();
        assert_eq!(l.state(i), InstanceState::ShuttingDown);
    }

    #[test]
    fn hibernation_errors() {
        let mut l = lab();
        // A type that cannot hibernate, and RAM larger than the 8 GiB root volume.
        for t in ["g4dn.xlarge", "t3.xlarge"] {
            let e = l.launch(|s| (s.hibernation, s.instance_type) = (true, Some(t.into()))).unwrap_err();
            assert_eq!(e.code, "UnsupportedHibernationConfiguration", "{t}");
            assert!(e.message.contains(t), "{e}");
        }
        assert_eq!(l.w.instances().len(), 0);
        let plain = l.launch(|_| {}).unwrap();
        let hib = l.launch(|s| s.hibernation = true).unwrap();
        l.w.wait_instance(hib, Waiter::Running).unwrap();
        assert_eq!(l.w.stop_instance(plain, true).unwrap_err().code, "UnsupportedOperation");
        assert_eq!(l.state(plain), InstanceState::Running);
        l.w.stop_instance(hib, true).unwrap();
        assert_eq!(l.public_ip(hib), None, "released on hibernate");
        l.w.wait_instance(hib, Waiter::Stopped).unwrap();
        assert_eq!(l.w.modify_instance_type(hib, "t3.small").unwrap_err().code, "UnsupportedOperation");
        assert_eq!(l.w.instance(hib).unwrap().instance_type, "t3.micro");
        l.w.stop_instance(plain, false).unwrap();
        l.w.wait_instance(plain, Waiter::Stopped).unwrap();
        l.w.modify_instance_type(plain, "t3.small").unwrap();
        assert_eq!(l.w.modify_instance_type(plain, "t4g.micro").unwrap_err().code, "InvalidParameterValue");
        assert_eq!(l.w.modify_instance_type(plain, "t9.huge").unwrap_err().code, "InvalidInstanceAttributeValue");
    }

    #[test]
    fn launch_validation() {
        let mut l = lab();
        let e = l.launch(|s| (s.min_count, s.max_count) = (3, 2)).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValue");
        let e = l.launch(|s| s.instance_type = Some("t2.nope".into())).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValue");
        assert!(e.message.contains("t2.nope"));
        let e = l.launch(|s| s.associate_public_ip_address = Some(false)).unwrap();
        assert_eq!(l.public_ip(e), None, "the launch overrides the subnet");
        assert_eq!(l.w.instances().len(), 1);
    }

    #[test]
    fn the_clock_hands_back_events_and_keeps_retired_history() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        let id = l.w.instance(i).unwrap().id.clone();
        let events = l.w.advance(60.0).unwrap();
        assert_eq!(events, vec![Event::Instance { instance: i, state: InstanceState::Running, at_ms: 30_000 }]);
        assert!(l.w.advance(1.0).unwrap().is_empty(), "events are handed back once");
        l.w.terminate_instance(i).unwrap();
        let events = l.w.advance(2.0 * 3600.0).unwrap();
        assert!(events.contains(&Event::Instance { instance: i, state: InstanceState::Terminated, at_ms: 76_000 }));
        assert!(events.iter().any(|e| matches!(e, Event::InstanceRetired { id: x, .. } if *x == id)));
        assert!(l.w.instance(i).is_err(), "gone from listings");
        let retired = &l.w.retired_instances()[0];
        assert_eq!(retired.id, id);
        let states: Vec<&str> = retired.state_history.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(states, ["pending", "running", "shutting-down", "terminated"]);
        assert_eq!(retired.type_history, vec![("t3.micro".to_string(), 0)]);
    }

    #[test]
    fn waiters_leave_their_events_to_drain() {
        let mut l = lab();
        let i = l.launch(|_| {}).unwrap();
        l.w.wait_instance(i, Waiter::Running).unwrap();
        assert_eq!(l.w.take_events().len(), 1);
        assert!(l.w.take_events().is_empty());
    }
}
