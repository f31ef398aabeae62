//! Launch templates and Auto Scaling groups: capacity balanced across the subnets' AZs,
//! unhealthy instances (stopped, terminated, or in a failed AZ) replaced after
//! `asg_replace` seconds, desired capacity set by hand or by simple target tracking.

use super::*;
use crate::aws_err;

/// A launch template (`CreateLaunchTemplate`, version 1).
#[derive(Debug, Clone)]
pub struct LaunchTemplate {
    /// `lt-…`.
    pub id: String,
    /// Its name (unique per region).
    pub name: String,
    /// Its region.
    pub region: RegionKey,
    /// AMI, else the region's default.
    pub image_id: Option<String>,
    /// Instance type.
    pub instance_type: String,
    /// Security groups (of the launch subnet's VPC), else its default group.
    pub security_groups: Option<Vec<SgKey>>,
    /// User data.
    pub user_data: Option<String>,
    /// On-Demand or Spot.
    pub market: Market,
    /// Whether the root volume of the instances it launches is deleted at their termination
    /// (AWS's default, true, when unset).
    pub delete_on_termination: Option<bool>,
    /// Tags.
    pub tags: Tags,
}

/// The metric of a target-tracking policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Average CPU utilisation, percent.
    Cpu,
    /// Requests per instance.
    Requests,
}

impl Metric {
    /// `cpu` / `requests`.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Cpu => "cpu",
            Metric::Requests => "requests",
        }
    }

    /// Parses `cpu` / `requests`.
    pub fn parse(text: &str) -> Result<Metric> {
        match text {
            "cpu" => Ok(Metric::Cpu),
            "requests" => Ok(Metric::Requests),
            _ => Err(aws_err!("ValidationError", "Unknown metric '{text}': use cpu or requests")),
        }
    }
}

/// An Auto Scaling group.
#[derive(Debug, Clone)]
pub struct AutoScalingGroup {
    /// Its name (unique per region), also its id.
    pub id: String,
    /// Its region.
    pub region: RegionKey,
    /// The template its instances are launched from.
    pub launch_template: LtKey,
    /// Subnets (one VPC), in the order given.
    pub subnets: Vec<SubnetKey>,
    /// Minimum size.
    pub min_size: u32,
    /// Maximum size.
    pub max_size: u32,
    /// Desired capacity.
    pub desired_capacity: u32,
    /// Member instances, in launch order.
    pub instances: Vec<InstanceKey>,
    /// Activity history: `(ms, description)`.
    pub activities: Vec<(u64, String)>,
    /// Target-tracking policy.
    pub target_tracking: Option<(Metric, f64)>,
    pub(crate) check_due: Option<u64>,
    /// Tags.
    pub tags: Tags,
}

/// The parameters of `CreateAutoScalingGroup`.
#[derive(Debug, Clone)]
pub struct GroupSpec {
    /// Name.
    pub name: String,
    /// Launch template.
    pub launch_template: LtKey,
    /// Subnets (`VPCZoneIdentifier`).
    pub subnets: Vec<SubnetKey>,
    /// Minimum size.
    pub min_size: u32,
    /// Maximum size.
    pub max_size: u32,
    /// Desired capacity (default: the minimum).
    pub desired_capacity: Option<u32>,
    /// Tags.
    pub tags: Tags,
}

fn check_sizes(min: u32, max: u32, desired: u32) -> Result<()> {
    if min > max {
        return Err(aws_err!("ValidationError", "Max bound, {max}, must be greater than or equal to min bound, {min}"));
    }
    if desired < min || desired > max {
        return Err(aws_err!(
            "ValidationError",
            "Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}"
        ));
    }
    Ok(())
}

impl World {
    /// `CreateLaunchTemplate`.
    pub fn create_launch_template(&mut self, region: RegionKey, mut lt: LaunchTemplate) -> Result<LtKey> {
        if lt.name.len() < 3 || lt.name.len() > 128 {
            return Err(aws_err!(
                "InvalidLaunchTemplateName.MalformedException",
                "Invalid launch template name '{}': 3-128 characters",
                lt.name
            ));
        }
        if self.stores.launch_templates.iter().any(|(_, t)| t.region == region && t.name == lt.name) {
            return Err(aws_err!(
                "InvalidLaunchTemplateName.AlreadyExistsException",
                "Launch template name already in use: {}",
                lt.name
            ));
        }
        if catalog::instance_type(&lt.instance_type).is_none() {
            return Err(aws_err!("InvalidParameterValue", "Invalid value '{}' for InstanceType.", lt.instance_type));
        }
        if let Some(id) = &lt.image_id {
            self.launchable_image(region, id)?;
        }
        lt.id = self.new_id(Kind::LaunchTemplate);
        lt.region = region;
        let id = lt.id.clone();
        let key = self.stores.launch_templates.insert(lt);
        self.register(&id, ResKey::Lt(key));
        Ok(key)
    }

    /// `CreateAutoScalingGroup`: launches the desired capacity at once, balanced over AZs.
    pub fn create_auto_scaling_group(&mut self, region: RegionKey, spec: GroupSpec) -> Result<AsgKey> {
        let desired = spec.desired_capacity.unwrap_or(spec.min_size);
        check_sizes(spec.min_size, spec.max_size, desired)?;
        if spec.name.is_empty() || spec.name.len() > 255 {
            return Err(aws_err!("ValidationError", "Invalid Auto Scaling group name '{}'", spec.name));
        }
        if self.stores.auto_scaling_groups.iter().any(|(_, g)| g.region == region && g.id == spec.name) {
            return Err(aws_err!(
                "AlreadyExists",
                "AutoScalingGroup by this name already exists - A group with the name {} already exists",
                spec.name
            ));
        }
        let lt = self.launch_template(spec.launch_template)?;
        if lt.region != region {
            return Err(aws_err!(
                "ValidationError",
                "The launch template {} is in {}, not in {}",
                self.label_id(&lt.id),
                self.region_info(lt.region).name,
                self.region_info(region).name
            ));
        }
        if spec.subnets.is_empty() {
            return Err(aws_err!("ValidationError", "At least one subnet (VPCZoneIdentifier) is required"));
        }
        let mut vpc = None;
        for s in &spec.subnets {
            let sn = self.subnet(*s)?;
            if self.vpc(sn.vpc)?.region != region {
                return Err(aws_err!(
                    "ValidationError",
                    "The subnet ID {} is not in {}",
                    self.quoted_label(&sn.id),
                    self.region_info(region).name
                ));
            }
            if vpc.is_some_and(|v| v != sn.vpc) {
                return Err(aws_err!(
                    "ValidationError",
                    "The subnets of an Auto Scaling group must be in one VPC: {} is in another",
                    self.label_id(&sn.id)
                ));
            }
            vpc = Some(sn.vpc);
        }
        let key = self.stores.auto_scaling_groups.insert(AutoScalingGroup {
            id: spec.name,
            region,
            launch_template: spec.launch_template,
            subnets: spec.subnets,
            min_size: spec.min_size,
            max_size: spec.max_size,
            desired_capacity: desired,
            instances: Vec::new(),
            activities: Vec::new(),
            target_tracking: None,
            check_due: None,
            tags: spec.tags,
        });
        self.reconcile_group(key, false);
        Ok(key)
    }

    /// `SetDesiredCapacity`: launches or terminates at once.
    pub fn set_desired_capacity(&mut self, key: AsgKey, desired: u32) -> Result<()> {
        let g = self.auto_scaling_group(key)?;
        check_sizes(g.min_size, g.max_size, desired)?;
        let now = self.now_ms;
        let g = self.get_mut(key)?;
        let from = g.desired_capacity;
        g.desired_capacity = desired;
        g.activities.push((now, format!("Desired capacity changed from {from} to {desired}")));
        self.reconcile_group(key, false);
        Ok(())
    }

    /// `PutScalingPolicy` (target tracking) for `metric` at `target`.
    pub fn set_target_tracking(&mut self, key: AsgKey, metric: Metric, target: f64) -> Result<()> {
        if !(target.is_finite() && target > 0.0) {
            return Err(aws_err!("ValidationError", "The target value must be more than 0, got {target}"));
        }
        self.get_mut(key)?.target_tracking = Some((metric, target));
        Ok(())
    }

    /// Reports the group's current average metric (a scripted load): with target tracking,
    /// desired capacity becomes ceil(in service × value / target), within min and max.
    pub fn put_group_metric(&mut self, key: AsgKey, value: f64) -> Result<u32> {
        if !(value.is_finite() && value >= 0.0) {
            return Err(aws_err!("ValidationError", "The metric value must be 0 or more, got {value}"));
        }
        let g = self.auto_scaling_group(key)?;
        let Some((metric, target)) = g.target_tracking else {
            return Err(aws_err!("ValidationError", "The group {} has no target-tracking policy", self.label_id(&g.id)));
        };
        let in_service = self.in_service(key).len().max(1) as f64;
        let want = ((in_service * value / target).ceil() as u32).clamp(g.min_size, g.max_size);
        if want != g.desired_capacity {
            let now = self.now_ms;
            let from = g.desired_capacity;
            let g = self.get_mut(key)?;
            g.desired_capacity = want;
            g.activities.push((
                now,
                format!(
                    "Target tracking: {} {value} against target {target}: desired capacity {from} -> {want}",
                    metric.as_str()
                ),
            ));
            self.reconcile_group(key, false);
        }
        Ok(want)
    }

    /// `DeleteAutoScalingGroup` with force delete: terminates its instances.
    pub fn delete_auto_scaling_group(&mut self, key: AsgKey) -> Result<()> {
        let g = self.auto_scaling_group(key)?;
        for i in g.instances.clone() {
            let _ = self.terminate_instance(i);
        }
        self.stores.auto_scaling_groups.remove(key);
        Ok(())
    }

    /// Healthy members: pending or running, in an AZ that has not failed.
    pub fn in_service(&self, key: AsgKey) -> Vec<InstanceKey> {
        let Some(g) = self.stores.auto_scaling_groups.get(key) else { return Vec::new() };
        g.instances.iter().copied().filter(|i| self.instance_healthy(*i)).collect()
    }

    fn instance_healthy(&self, inst: InstanceKey) -> bool {
        self.stores.instances.get(inst).is_some_and(|i| {
            matches!(i.state, InstanceState::Pending | InstanceState::Running) && !self.failed_azs.contains(i.az)
        })
    }

    /// A member changed state: the group checks its health after `asg_replace` seconds.
    pub(crate) fn asg_member_changed(&mut self, inst: InstanceKey) {
        let Some(g) = self.stores.instances.get(inst).and_then(|i| i.asg) else { return };
        if !self.stores.auto_scaling_groups.get(g).is_some_and(|x| x.instances.contains(&inst)) || self.instance_healthy(inst) {
            return;
        }
        self.schedule_group_check(g);
    }

    /// Schedules a health check of every group (an AZ failed or recovered).
    pub(crate) fn check_all_groups(&mut self) {
        for g in self.stores.auto_scaling_groups.keys() {
            self.schedule_group_check(g);
        }
    }

    fn schedule_group_check(&mut self, g: AsgKey) {
        let due = self.now_ms + self.ms(self.config.timings.asg_replace);
        if let Some(x) = self.stores.auto_scaling_groups.get_mut(g)
            && x.check_due.is_none_or(|d| d > due)
        {
            x.check_due = Some(due);
            self.schedule_asg(g, due);
        }
    }

    /// The health check fell due.
    pub(crate) fn fire_asg(&mut self, g: AsgKey, due: u64) {
        if self.stores.auto_scaling_groups.get(g).is_some_and(|x| x.check_due == Some(due)) {
            if let Some(x) = self.stores.auto_scaling_groups.get_mut(g) {
                x.check_due = None;
            }
            self.reconcile_group(g, true);
        }
    }

    fn activity(&mut self, g: AsgKey, text: String) {
        let now = self.now_ms;
        if let Some(x) = self.stores.auto_scaling_groups.get_mut(g) {
            self.events.push(Event::AutoScaling { group: x.id.clone(), description: text.clone() });
            x.activities.push((now, text));
        }
    }

    /// Brings a group to its desired capacity: (when `replace`) terminates unhealthy
    /// members, launches into the AZ with the fewest members, terminates from the one
    /// with the most, and rebalances AZs that differ by more than one.
    fn reconcile_group(&mut self, g: AsgKey, replace: bool) {
        if replace {
            let members = self.stores.auto_scaling_groups.get(g).map(|x| x.instances.clone()).unwrap_or_default();
            let sick: Vec<InstanceKey> = members.into_iter().filter(|i| !self.instance_healthy(*i)).collect();
            for i in sick {
                let why = match self.stores.instances.get(i) {
                    Some(x) if self.failed_azs.contains(x.az) => format!("its AZ {} is impaired", x.az),
                    Some(x) => format!("it is {}", x.state.as_str()),
                    None => "it is gone".into(),
                };
                let id = self.stores.instances.get(i).map(|x| x.id.clone()).unwrap_or_default();
                if let Some(x) = self.stores.auto_scaling_groups.get_mut(g) {
                    x.instances.retain(|m| *m != i);
                }
                let _ = self.terminate_instance(i);
                self.activity(g, format!("Terminating EC2 instance: {id} (unhealthy: {why})"));
            }
        }
        for _ in 0..1000 {
            let Some(x) = self.stores.auto_scaling_groups.get(g) else { return };
            let desired = x.desired_capacity as usize;
            let counts = self.az_counts(g);
            let healthy: usize = counts.iter().map(|c| c.1).sum();
            let fewest = counts.iter().filter(|c| !self.failed_azs.contains(c.0)).min_by_key(|c| c.1).copied();
            let most = counts.iter().max_by_key(|c| c.1).copied();
            if healthy < desired {
                let Some((az, _, subnet)) = fewest else {
                    self.activity(g, "Failed to launch: every AZ of the group has failed".into());
                    return;
                };
                if !self.launch_member(g, subnet, az) {
                    return;
                }
            } else if healthy > desired {
                let Some((az, _, _)) = most else { return };
                self.terminate_member(g, az, "desired capacity lowered");
            } else if let (Some(lo), Some(hi)) = (fewest, most)
                && hi.1 > lo.1 + 1
            {
                if !self.launch_member(g, lo.2, lo.0) {
                    return;
                }
                self.terminate_member(g, hi.0, "rebalancing across AZs");
            } else {
                return;
            }
        }
    }

    /// `(az, healthy members, first subnet)` for each AZ of the group's subnets.
    fn az_counts(&self, g: AsgKey) -> Vec<(&'static str, usize, SubnetKey)> {
        let Some(x) = self.stores.auto_scaling_groups.get(g) else { return Vec::new() };
        let mut out: Vec<(&'static str, usize, SubnetKey)> = Vec::new();
        for s in &x.subnets {
            if let Some(sn) = self.stores.subnets.get(*s)
                && !out.iter().any(|o| o.0 == sn.az)
            {
                out.push((sn.az, 0, *s));
            }
        }
        for i in self.in_service(g) {
            if let Some(inst) = self.stores.instances.get(i)
                && let Some(o) = out.iter_mut().find(|o| o.0 == inst.az)
            {
                o.1 += 1;
            }
        }
        out
    }

    fn launch_member(&mut self, g: AsgKey, subnet: SubnetKey, az: &str) -> bool {
        let Some(x) = self.stores.auto_scaling_groups.get(g) else { return false };
        let (region, name) = (x.region, x.id.clone());
        // `run_instances` merges the template in, as for any launch from a template.
        let spec = LaunchSpec {
            subnet: Some(subnet),
            launch_template: Some(x.launch_template),
            min_count: 1,
            max_count: 1,
            ..LaunchSpec::default()
        };
        match self.run_instances(region, &spec) {
            Ok(keys) => {
                // The template's own tags describe the template; instances get the group's
                // system tag (an `aws:` key users may not set).
                for k in &keys {
                    if let Some(i) = self.stores.instances.get_mut(*k) {
                        i.asg = Some(g);
                        i.tags.insert("aws:autoscaling:groupName".into(), name.clone());
                    }
                }
                let ids: Vec<String> =
                    keys.iter().filter_map(|k| self.stores.instances.get(*k)).map(|i| i.id.clone()).collect();
                if let Some(x) = self.stores.auto_scaling_groups.get_mut(g) {
                    x.instances.extend(keys);
                }
                self.activity(g, format!("Launching a new EC2 instance: {} in {az}", ids.join(", ")));
                true
            }
            Err(e) => {
                self.activity(g, format!("Failed to launch an instance in {az}: {e}"));
                false
            }
        }
    }

    fn terminate_member(&mut self, g: AsgKey, az: &str, why: &str) {
        let victim = self.in_service(g).into_iter().find(|i| self.stores.instances.get(*i).is_some_and(|x| x.az == az));
        let Some(i) = victim else { return };
        let id = self.stores.instances.get(i).map(|x| x.id.clone()).unwrap_or_default();
        if let Some(x) = self.stores.auto_scaling_groups.get_mut(g) {
            x.instances.retain(|m| *m != i);
        }
        let _ = self.terminate_instance(i);
        self.activity(g, format!("Terminating EC2 instance: {id} in {az} ({why})"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testlab::{Lab, lab};
    use super::*;

    fn group(l: &mut Lab, desired: u32) -> AsgKey {
        let lt = LaunchTemplate {
            id: String::new(),
            name: "web".into(),
            region: l.r,
            image_id: None,
            instance_type: "t3.micro".into(),
            security_groups: None,
            user_data: Some("#!/bin/sh\nnginx".into()),
            market: Market::OnDemand,
            delete_on_termination: None,
            tags: Tags::new(),
        };
        let lt = l.w.create_launch_template(l.r, lt).unwrap();
        let spec = GroupSpec {
            name: "web-asg".into(),
            launch_template: lt,
            subnets: vec![l.s, l.s2],
            min_size: 2,
            max_size: 6,
            desired_capacity: Some(desired),
            tags: Tags::new(),
        };
        l.w.create_auto_scaling_group(l.r, spec).unwrap()
    }

    fn per_az(l: &Lab, g: AsgKey) -> Vec<(&'static str, usize)> {
        let mut out: Vec<(&'static str, usize)> = Vec::new();
        for i in l.w.in_service(g) {
            let az = l.w.instance(i).unwrap().az;
            match out.iter_mut().find(|o| o.0 == az) {
                Some(o) => o.1 += 1,
                None => out.push((az, 1)),
            }
        }
        out.sort();
        out
    }

    #[test]
    fn capacity_is_balanced_across_azs() {
        let mut l = lab();
        let g = group(&mut l, 4);
        assert_eq!(per_az(&l, g), [("us-east-1a", 2), ("us-east-1b", 2)]);
        l.w.set_desired_capacity(g, 5).unwrap();
        l.w.set_desired_capacity(g, 3).unwrap();
        let counts: Vec<usize> = per_az(&l, g).iter().map(|c| c.1).collect();
        assert_eq!(counts.iter().sum::<usize>(), 3);
        assert!(counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1, "{counts:?}");
        assert_eq!(l.w.set_desired_capacity(g, 7).unwrap_err().code, "ValidationError");
        assert_eq!(l.w.auto_scaling_group(g).unwrap().desired_capacity, 3, "a refusal changes nothing");
        let i = l.w.in_service(g)[0];
        assert_eq!(l.w.instance(i).unwrap().tags.get("aws:autoscaling:groupName").map(String::as_str), Some("web-asg"));
        assert_eq!(l.w.instance(i).unwrap().user_data.as_deref(), Some("#!/bin/sh\nnginx"), "from the template");
    }

    #[test]
    fn lost_instances_are_replaced_after_asg_replace() {
        let mut l = lab();
        let g = group(&mut l, 2);
        l.w.advance(30.0).unwrap();
        let victim = l.w.in_service(g)[0];
        l.w.stop_instance(victim, false).unwrap();
        assert_eq!(l.w.in_service(g).len(), 1);
        l.w.advance(59.999).unwrap();
        assert_eq!(l.w.in_service(g).len(), 1, "not yet noticed");
        l.w.advance(0.001).unwrap();
        assert_eq!(l.w.in_service(g).len(), 2, "replaced after asg_replace");
        assert!(!l.w.in_service(g).contains(&victim));
        assert_eq!(l.w.instance(victim).unwrap().state, InstanceState::ShuttingDown, "the stopped one is terminated");
        let acts: Vec<&str> = l.w.auto_scaling_group(g).unwrap().activities.iter().map(|a| a.1.as_str()).collect();
        assert!(acts.iter().any(|a| a.starts_with("Terminating") && a.contains("it is stopped")), "{acts:?}");
        assert_eq!(per_az(&l, g), [("us-east-1a", 1), ("us-east-1b", 1)], "the replacement goes to the AZ that lost one");
    }

    #[test]
    fn an_az_failure_moves_capacity_and_recovery_rebalances() {
        let mut l = lab();
        let g = group(&mut l, 4);
        l.w.fail_az("us-east-1a").unwrap();
        assert_eq!(per_az(&l, g), [("us-east-1b", 2)], "impaired members are out of service at once");
        l.w.advance(60.0).unwrap();
        assert_eq!(per_az(&l, g), [("us-east-1b", 4)], "replaced in the remaining AZ");
        l.w.recover_az("us-east-1a").unwrap();
        l.w.advance(60.0).unwrap();
        assert_eq!(per_az(&l, g), [("us-east-1a", 2), ("us-east-1b", 2)], "rebalanced");
        l.w.delete_auto_scaling_group(g).unwrap();
        assert_eq!(l.w.auto_scaling_groups().len(), 0);
        let live = l.w.instances().iter().filter(|(_, i)| i.state == InstanceState::Running).count();
        assert_eq!(live, 0, "deleting the group terminates its instances");
    }

    #[test]
    fn target_tracking_follows_a_scripted_load() {
        let mut l = lab();
        let g = group(&mut l, 2);
        assert_eq!(l.w.put_group_metric(g, 90.0).unwrap_err().code, "ValidationError", "no policy yet");
        l.w.set_target_tracking(g, Metric::Cpu, 50.0).unwrap();
        assert_eq!(l.w.put_group_metric(g, 90.0).unwrap(), 4, "ceil(2 * 90 / 50)");
        assert_eq!(l.w.in_service(g).len(), 4);
        assert_eq!(l.w.put_group_metric(g, 100.0).unwrap(), 6, "capped at max_size");
        assert_eq!(l.w.put_group_metric(g, 5.0).unwrap(), 2, "floored at min_size");
        assert_eq!(l.w.in_service(g).len(), 2);
    }

    #[test]
    fn a_template_may_keep_root_volumes_and_a_launch_may_override_it() {
        let mut l = lab();
        let lt = LaunchTemplate {
            id: String::new(),
            name: "keep".into(),
            region: l.r,
            image_id: None,
            instance_type: "t3.micro".into(),
            security_groups: None,
            user_data: None,
            market: Market::OnDemand,
            delete_on_termination: Some(false),
            tags: Tags::new(),
        };
        let lt = l.w.create_launch_template(l.r, lt).unwrap();
        let kept = l.launch(|s| s.launch_template = Some(lt)).unwrap();
        let gone = l.launch(|s| (s.launch_template, s.delete_on_termination) = (Some(lt), Some(true))).unwrap();
        let vols = [kept, gone].map(|i| l.w.instance(i).unwrap().root_volume.unwrap());
        l.w.advance(60.0).unwrap();
        for i in [kept, gone] {
            l.w.terminate_instance(i).unwrap();
        }
        l.w.advance(600.0).unwrap();
        let states = vols.map(|v| l.w.volume(v).unwrap().state);
        assert_eq!(states, [super::super::volume::VolumeState::Available, super::super::volume::VolumeState::Deleted]);
    }

    #[test]
    fn creation_is_validated() {
        let mut l = lab();
        let lt = LaunchTemplate {
            id: String::new(),
            name: "lt".into(),
            region: l.r,
            image_id: None,
            instance_type: "t3.nope".into(),
            security_groups: None,
            user_data: None,
            market: Market::OnDemand,
            delete_on_termination: None,
            tags: Tags::new(),
        };
        assert_eq!(l.w.create_launch_template(l.r, lt.clone()).unwrap_err().code, "InvalidLaunchTemplateName.MalformedException");
        let lt = LaunchTemplate { name: "web-lt".into(), ..lt };
        assert_eq!(l.w.create_launch_template(l.r, lt.clone()).unwrap_err().code, "InvalidParameterValue");
        let lt = l.w.create_launch_template(l.r, LaunchTemplate { instance_type: "t3.micro".into(), ..lt.clone() }).unwrap();
        let dup = l.w.launch_template(lt).unwrap().clone();
        assert_eq!(l.w.create_launch_template(l.r, dup).unwrap_err().code, "InvalidLaunchTemplateName.AlreadyExistsException");
        let spec = |min, max, desired, subnets: Vec<SubnetKey>| GroupSpec {
            name: "g".into(),
            launch_template: lt,
            subnets,
            min_size: min,
            max_size: max,
            desired_capacity: desired,
            tags: Tags::new(),
        };
        for (s, why) in [
            (spec(3, 2, None, vec![l.s]), "min over max"),
            (spec(1, 2, Some(5), vec![l.s]), "desired over max"),
            (spec(1, 2, None, vec![]), "no subnets"),
        ] {
            assert_eq!(l.w.create_auto_scaling_group(l.r, s).unwrap_err().code, "ValidationError", "{why}");
        }
        let other = l.w.create_vpc(l.r, "10.9.0.0/16", Tags::new()).unwrap();
        let far = l.w.create_subnet(other, "10.9.0.0/24", None, Tags::new()).unwrap();
        assert_eq!(l.w.create_auto_scaling_group(l.r, spec(1, 2, None, vec![l.s, far])).unwrap_err().code, "ValidationError");
        assert_eq!(l.w.instances().len(), 0, "refusals launch nothing");
        l.w.create_auto_scaling_group(l.r, spec(1, 2, None, vec![l.s])).unwrap();
        assert_eq!(l.w.create_auto_scaling_group(l.r, spec(1, 2, None, vec![l.s])).unwrap_err().code, "AlreadyExists");
    }
}
