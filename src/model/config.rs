//! Model parameters: quotas, timings (SEMANTICS.md) and non-instance prices, overridable
//! with `sim.config`.

use super::error::Result;
use crate::aws_err;

pub use super::prices::Prices;

/// Quotas AWS enforces by default, under the keys of `sim.config{quotas = …}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quotas {
    /// VPCs per region (the default VPC counts).
    pub vpcs_per_region: u32,
    /// Subnets per VPC.
    pub subnets_per_vpc: u32,
    /// Rules per security group, each direction.
    pub rules_per_security_group: u32,
    /// Entries per network ACL, each direction, the `*` rule included.
    pub entries_per_network_acl: u32,
    /// Non-propagated routes per route table.
    pub routes_per_route_table: u32,
    /// Security groups per network interface.
    pub security_groups_per_interface: u32,
    /// Elastic IPs per region.
    pub elastic_ips_per_region: u32,
    /// Internet gateways per region; follows `vpcs_per_region` unless set itself.
    pub internet_gateways_per_region: Option<u32>,
    /// NAT gateways per availability zone.
    pub nat_gateways_per_az: u32,
    /// Running On-Demand vCPUs per region, standard families (A, C, D, I, M, R, T, X, Z).
    pub vcpus_on_demand_standard: u32,
    /// Running On-Demand vCPUs per region, accelerated families (F, G, Inf, P, Trn, VT).
    pub vcpus_on_demand_accelerated: u32,
}

impl Default for Quotas {
    fn default() -> Quotas {
        Quotas {
            vpcs_per_region: 5,
            subnets_per_vpc: 200,
            rules_per_security_group: 60,
            entries_per_network_acl: 20,
            routes_per_route_table: 50,
            security_groups_per_interface: 5,
            elastic_ips_per_region: 5,
            internet_gateways_per_region: None,
            nat_gateways_per_az: 5,
            vcpus_on_demand_standard: 1152,
            vcpus_on_demand_accelerated: 256,
        }
    }
}

impl Quotas {
    /// The internet-gateway quota in force (AWS raises it with the VPC quota).
    pub fn internet_gateways(&self) -> u32 {
        self.internet_gateways_per_region.unwrap_or(self.vpcs_per_region.max(5))
    }

    /// The On-Demand vCPU quota of a class (`standard` / `accelerated`).
    pub fn on_demand_vcpus(&self, class: &str) -> u32 {
        if class == "accelerated" { self.vcpus_on_demand_accelerated } else { self.vcpus_on_demand_standard }
    }

    /// Every key with its current value.
    pub fn entries(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("vpcs_per_region", self.vpcs_per_region.into()),
            ("subnets_per_vpc", self.subnets_per_vpc.into()),
            ("rules_per_security_group", self.rules_per_security_group.into()),
            ("entries_per_network_acl", self.entries_per_network_acl.into()),
            ("routes_per_route_table", self.routes_per_route_table.into()),
            ("security_groups_per_interface", self.security_groups_per_interface.into()),
            ("elastic_ips_per_region", self.elastic_ips_per_region.into()),
            ("internet_gateways_per_region", self.internet_gateways().into()),
            ("nat_gateways_per_az", self.nat_gateways_per_az.into()),
            ("vcpus_on_demand_standard", self.vcpus_on_demand_standard.into()),
            ("vcpus_on_demand_accelerated", self.vcpus_on_demand_accelerated.into()),
        ]
    }

    /// Sets one quota; unknown keys and non-positive values are refused.
    pub fn set(&mut self, key: &str, value: f64) -> Result<()> {
        if !((1.0..=1e9).contains(&value) && value.fract() == 0.0) {
            return Err(aws_err!("InvalidParameterValue", "quota {key} must be a whole number from 1, got {value}"));
        }
        let v = value as u32;
        let slot = match key {
            "vpcs_per_region" => &mut self.vpcs_per_region,
            "subnets_per_vpc" => &mut self.subnets_per_vpc,
            "rules_per_security_group" => &mut self.rules_per_security_group,
            "entries_per_network_acl" => &mut self.entries_per_network_acl,
            "routes_per_route_table" => &mut self.routes_per_route_table,
            "security_groups_per_interface" => &mut self.security_groups_per_interface,
            "elastic_ips_per_region" => &mut self.elastic_ips_per_region,
            "nat_gateways_per_az" => &mut self.nat_gateways_per_az,
            "vcpus_on_demand_standard" => &mut self.vcpus_on_demand_standard,
            "vcpus_on_demand_accelerated" => &mut self.vcpus_on_demand_accelerated,
            "internet_gateways_per_region" => {
                self.internet_gateways_per_region = Some(v);
                return Ok(());
            }
            _ if LATER_KEYS.contains(&key) => return Err(later_key("quotas", key)),
            _ => return Err(unknown_key("quotas", key, self.entries().iter().map(|e| e.0))),
        };
        *slot = v;
        Ok(())
    }
}

/// Simulated durations in seconds, under the keys of `sim.config{timings = …}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Timings {
    /// pending → running.
    pub ec2_pending: f64,
    /// stopping → stopped.
    pub ec2_stopping: f64,
    /// shutting-down → terminated.
    pub ec2_shutting_down: f64,
    /// How long a terminated instance stays in listings.
    pub terminated_visible: f64,
    /// NAT gateway pending → available.
    pub nat_pending: f64,
    /// NAT gateway deleting → deleted.
    pub nat_deleting: f64,
    /// VPN connection deleting → deleted.
    pub vpn_deleting: f64,
    /// A reboot: the instance stays `running` but is `rebooting` this long.
    pub ec2_reboot: f64,
    /// pending → running when starting from hibernation (no boot sequence).
    pub ec2_resume: f64,
    /// create_image: pending → available.
    pub image_pending: f64,
    /// An Auto Scaling group notices a lost instance and launches its replacement.
    pub asg_replace: f64,
    /// Spot interruption notice → stop or terminate.
    pub spot_warning: f64,
}

impl Default for Timings {
    fn default() -> Timings {
        Timings {
            ec2_pending: 30.0,
            ec2_stopping: 15.0,
            ec2_shutting_down: 15.0,
            terminated_visible: 3600.0,
            nat_pending: 60.0,
            nat_deleting: 60.0,
            vpn_deleting: 60.0,
            ec2_reboot: 10.0,
            ec2_resume: 10.0,
            image_pending: 60.0,
            asg_replace: 60.0,
            spot_warning: 120.0,
        }
    }
}

impl Timings {
    fn slots(&mut self) -> [(&'static str, &mut f64); 12] {
        [
            ("ec2_pending", &mut self.ec2_pending),
            ("ec2_stopping", &mut self.ec2_stopping),
            ("ec2_shutting_down", &mut self.ec2_shutting_down),
            ("terminated_visible", &mut self.terminated_visible),
            ("nat_pending", &mut self.nat_pending),
            ("nat_deleting", &mut self.nat_deleting),
            ("vpn_deleting", &mut self.vpn_deleting),
            ("ec2_reboot", &mut self.ec2_reboot),
            ("ec2_resume", &mut self.ec2_resume),
            ("image_pending", &mut self.image_pending),
            ("asg_replace", &mut self.asg_replace),
            ("spot_warning", &mut self.spot_warning),
        ]
    }

    /// Every key with its current value.
    pub fn entries(&self) -> Vec<(&'static str, f64)> {
        self.clone().slots().into_iter().map(|(k, v)| (k, *v)).collect()
    }

    /// Sets one timing (seconds, 0 or more); unknown keys are refused.
    pub fn set(&mut self, key: &str, seconds: f64) -> Result<()> {
        if !(0.0..=1e9).contains(&seconds) {
            return Err(aws_err!(
                "InvalidParameterValue",
                "timing {key} must be a number of seconds from 0, got {seconds}"
            ));
        }
        let names: Vec<&str> = self.entries().iter().map(|e| e.0).collect();
        match self.slots().into_iter().find(|(k, _)| *k == key) {
            Some((_, slot)) => {
                *slot = seconds;
                Ok(())
            }
            None if LATER_KEYS.contains(&key) => Err(later_key("timings", key)),
            None => Err(unknown_key("timings", key, names.into_iter())),
        }
    }
}

/// SEMANTICS.md keys of features not modelled yet: refused with a clear message until
/// their feature reads them.
const LATER_KEYS: &[&str] = &[
    "fargate_start",
    "ecs_task_start",
    "eks_pod_start",
    "lambda_cold_start",
    "lambda_overhead",
    "lambda_warm",
    "lambda_concurrency",
];

fn later_key(table: &str, key: &str) -> super::AwsError {
    aws_err!(
        "NotImplemented",
        "{table} key '{key}' belongs to a feature vpclab does not model yet; it comes in a later version"
    )
}

pub(super) fn unknown_key<'a>(table: &str, key: &str, known: impl Iterator<Item = &'a str>) -> super::AwsError {
    let known: Vec<&str> = known.collect();
    let hint = match crate::model::suggest(key, &known) {
        Some(s) => format!("; did you mean '{s}'?"),
        None => format!("; the keys are {}", known.join(", ")),
    };
    aws_err!("InvalidParameter", "unknown {table} key '{key}'{hint}")
}

/// Quotas, timings and the prices that are not per instance type, together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Quotas.
    pub quotas: Quotas,
    /// Timings.
    pub timings: Timings,
    /// Prices (instance types keep theirs in the dated catalog).
    pub prices: Prices,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn igw_quota_follows_vpc_quota() {
        let mut q = Quotas::default();
        assert_eq!(q.internet_gateways(), 5);
        q.set("vpcs_per_region", 10.0).unwrap();
        assert_eq!(q.internet_gateways(), 10);
        q.set("internet_gateways_per_region", 7.0).unwrap();
        assert_eq!(q.internet_gateways(), 7);
    }

    #[test]
    fn bad_keys_and_values_are_refused() {
        let mut q = Quotas::default();
        let e = q.set("vpc_per_region", 3.0).unwrap_err();
        assert!(e.message.contains("vpcs_per_region"), "{}", e.message);
        assert!(q.set("vpcs_per_region", 0.0).is_err());
        let mut t = Timings::default();
        t.set("ec2_pending", 5.0).unwrap();
        assert_eq!(t.ec2_pending, 5.0);
        assert!(t.set("ec2_pending", -1.0).is_err());
        assert!(t.set("nope", 1.0).is_err());
        assert_eq!(t.set("lambda_warm", 1.0).unwrap_err().code, "NotImplemented");
        assert_eq!(q.set("lambda_concurrency", 10.0).unwrap_err().code, "NotImplemented");
    }
}
