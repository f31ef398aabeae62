//! Subnets: placement, AWS's reserved addresses, private address allocation.

use super::*;
use crate::aws_err;
use crate::net::Cidr;
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

/// A subnet.
#[derive(Debug, Clone)]
pub struct Subnet {
    /// `subnet-…`.
    pub id: String,
    /// Its VPC.
    pub vpc: VpcKey,
    /// Its block.
    pub cidr: Cidr,
    /// Its availability zone.
    pub az: &'static str,
    /// Whether instances launched here get a public IPv4 address.
    pub map_public_ip_on_launch: bool,
    /// Whether this is the default subnet of its AZ.
    pub default_for_az: bool,
    /// The explicitly associated route table (else the VPC's main table applies).
    pub route_table: Option<RtbKey>,
    /// The network ACL in force.
    pub network_acl: AclKey,
    /// Private addresses in use (interfaces of instances, NAT gateways, …).
    pub(crate) used: BTreeSet<u32>,
    /// Tags.
    pub tags: Tags,
}

impl Subnet {
    /// `AvailableIpAddressCount`: size − 5 reserved − addresses in use.
    pub fn available_ip_address_count(&self) -> u64 {
        self.cidr.size().saturating_sub(5).saturating_sub(self.used.len() as u64)
    }

    /// Whether `addr` is one of AWS's five reserved addresses of this subnet.
    pub fn is_reserved(&self, addr: Ipv4Addr) -> bool {
        let a = u32::from(addr);
        let base = self.cidr.first_u32();
        (base..=base.saturating_add(3)).contains(&a) || a == self.cidr.last_u32()
    }

    /// The five reserved addresses with their purpose, in address order.
    pub fn reserved_addresses(&self) -> Vec<(Ipv4Addr, &'static str)> {
        let base = self.cidr.first_u32();
        vec![
            (Ipv4Addr::from(base), "network address"),
            (Ipv4Addr::from(base + 1), "VPC router"),
            (Ipv4Addr::from(base + 2), "DNS server"),
            (Ipv4Addr::from(base + 3), "reserved for future use"),
            (self.cidr.last(), "broadcast address"),
        ]
    }

    /// The lowest free address from base + 4, if any.
    pub(crate) fn lowest_free(&self) -> Option<Ipv4Addr> {
        let first = self.cidr.first_u32() + 4;
        let last = self.cidr.last_u32() - 1;
        let mut candidate = first;
        for &u in self.used.range(first..=last) {
            if u != candidate {
                break;
            }
            candidate += 1;
        }
        (candidate <= last).then(|| Ipv4Addr::from(candidate))
    }

    /// Checks that `addr` may be assigned here (in the block, not reserved, free); `label` is
    /// how messages name the subnet ([`World::label`]).
    pub(crate) fn check_requested(&self, addr: Ipv4Addr, label: &str) -> Result<()> {
        if !self.cidr.contains_addr(addr) {
            return Err(aws_err!(
                "InvalidParameterValue",
                "Address {addr} does not fall within the subnet's address range ({} {})",
                label,
                self.cidr
            ));
        }
        if self.is_reserved(addr) {
            return Err(aws_err!(
                "InvalidParameterValue",
                "Address {addr} is one of the five addresses AWS reserves in {} ({})",
                label,
                self.cidr
            ));
        }
        if self.used.contains(&u32::from(addr)) {
            return Err(aws_err!("InvalidIPAddress.InUse", "Address {addr} is in use in {}", label));
        }
        Ok(())
    }
}

impl World {
    /// `CreateSubnet`. Without an AZ, the region's AZ holding the fewest of this
    /// VPC's subnets (first by name).
    pub fn create_subnet(&mut self, vpc: VpcKey, cidr_block: &str, az: Option<&str>, tags: Tags) -> Result<SubnetKey> {
        super::tags::check(&tags)?;
        let cidr = vpc::parse_cidr(cidr_block, "cidrBlock")?;
        let v = self.vpc(vpc)?;
        let region = self.region_info(v.region);
        let az = match az {
            Some(name) => *region.azs.iter().find(|a| **a == name).ok_or_else(|| {
                aws_err!(
                    "InvalidParameterValue",
                    "Value ({name}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {}.",
                    region.azs.join(", ")
                )
            })?,
            None => *region
                .azs
                .iter()
                .min_by_key(|a| self.stores.subnets.iter().filter(|(_, s)| s.vpc == vpc && s.az == **a).count())
                .expect("regions have AZs"),
        };
        if !(16..=28).contains(&cidr.prefix()) {
            return Err(aws_err!(
                "InvalidSubnet.Range",
                "The CIDR '{cidr}' is invalid: a subnet block must be between /16 and /28"
            ));
        }
        if !v.cidrs.iter().any(|c| c.contains(&cidr)) {
            let blocks: Vec<String> = v.cidrs.iter().map(Cidr::to_string).collect();
            return Err(aws_err!(
                "InvalidSubnet.Range",
                "The CIDR '{cidr}' is invalid for VPC {} ({})",
                self.label_id(&v.id),
                blocks.join(", ")
            ));
        }
        if let Some((_, s)) = self.stores.subnets.iter().find(|(_, s)| s.vpc == vpc && s.cidr.overlaps(&cidr)) {
            return Err(aws_err!(
                "InvalidSubnet.Conflict",
                "The CIDR '{cidr}' conflicts with another subnet: {} ({})",
                self.label_id(&s.id),
                s.cidr
            ));
        }
        let count = self.stores.subnets.iter().filter(|(_, s)| s.vpc == vpc).count() as u32;
        if count >= self.config.quotas.subnets_per_vpc {
            return Err(aws_err!(
                "SubnetLimitExceeded",
                "The VPC {} already has {count} subnets, the maximum allowed",
                self.label_id(&v.id)
            ));
        }
        Ok(self.insert_subnet(vpc, cidr, az, tags))
    }

    pub(crate) fn insert_subnet(&mut self, vpc: VpcKey, cidr: Cidr, az: &'static str, tags: Tags) -> SubnetKey {
        let id = self.new_id(Kind::Subnet);
        let acl = self.stores.vpcs.get(vpc).map(|v| v.default_network_acl).expect("subnet of an existing VPC");
        let key = self.stores.subnets.insert(Subnet {
            id: id.clone(),
            vpc,
            cidr,
            az,
            map_public_ip_on_launch: false,
            default_for_az: false,
            route_table: None,
            network_acl: acl,
            used: BTreeSet::new(),
            tags,
        });
        self.register(&id, ResKey::Subnet(key));
        key
    }

    /// `ModifySubnetAttribute MapPublicIpOnLaunch`.
    pub fn set_map_public_ip_on_launch(&mut self, subnet: SubnetKey, on: bool) -> Result<()> {
        self.get_mut(subnet)?.map_public_ip_on_launch = on;
        Ok(())
    }

    /// The route table in force for a subnet: its explicit one, else the main table.
    pub fn effective_route_table(&self, subnet: SubnetKey) -> Result<RtbKey> {
        let s = self.subnet(subnet)?;
        Ok(match s.route_table {
            Some(t) => t,
            None => self.vpc(s.vpc)?.main_route_table,
        })
    }

    /// Whether the subnet's route table sends 0.0.0.0/0 to an attached internet gateway.
    pub fn is_public(&self, subnet: SubnetKey) -> Result<bool> {
        let rt = self.effective_route_table(subnet)?;
        Ok(self.route_table(rt)?.routes.iter().any(|r| {
            r.destination.prefix() == 0
                && matches!(r.target, Target::Igw(_))
                && self.route_state(rt, r) == RouteState::Active
        }))
    }

    /// Takes a private address: `requested`, else the lowest free one.
    pub(crate) fn take_address(&mut self, subnet: SubnetKey, requested: Option<Ipv4Addr>) -> Result<Ipv4Addr> {
        let s = self.subnet(subnet)?;
        let addr = match requested {
            Some(a) => {
                s.check_requested(a, &self.label_id(&s.id))?;
                a
            }
            None => s.lowest_free().ok_or_else(|| {
                aws_err!(
                    "InsufficientFreeAddressesInSubnet",
                    "There are not enough free addresses in subnet {} ({}) to satisfy the request",
                    self.quoted_label(&s.id),
                    s.cidr
                )
            })?,
        };
        self.get_mut(subnet)?.used.insert(u32::from(addr));
        Ok(addr)
    }

    /// Gives a private address back.
    pub(crate) fn free_address(&mut self, subnet: SubnetKey, addr: Ipv4Addr) {
        if let Some(s) = self.stores.subnets.get_mut(subnet) {
            s.used.remove(&u32::from(addr));
        }
    }

    /// `DeleteSubnet`: refused while any network interface lives in it.
    pub fn delete_subnet(&mut self, subnet: SubnetKey) -> Result<()> {
        let s = self.subnet(subnet)?;
        let users: Vec<&str> =
            self.stores.enis.iter().filter(|(_, e)| e.subnet == subnet).map(|(_, e)| e.id.as_str()).collect();
        if !users.is_empty() {
            return Err(aws_err!(
                "DependencyViolation",
                "The subnet {} has dependencies and cannot be deleted: {}",
                self.quoted_label(&s.id),
                self.labels(users)
            ));
        }
        let id = s.id.clone();
        self.stores.subnets.remove(subnet);
        self.unregister(&id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(block: &str) -> (World, RegionKey, SubnetKey) {
        let mut w = World::new();
        let r = w.region("us-east-1").unwrap();
        let v = w.create_vpc(r, "10.0.0.0/16", Tags::new()).unwrap();
        let s = w.create_subnet(v, block, Some("us-east-1a"), Tags::new()).unwrap();
        (w, r, s)
    }

    fn launch(w: &mut World, r: RegionKey, s: SubnetKey, ip: Option<&str>) -> InstanceKey {
        let spec = LaunchSpec {
            subnet: Some(s),
            min_count: 1,
            max_count: 1,
            private_ip_address: ip.map(|a| a.parse().unwrap()),
            ..LaunchSpec::default()
        };
        w.run_instances(r, &spec).unwrap()[0]
    }

    fn launch_ip(w: &mut World, r: RegionKey, s: SubnetKey) -> String {
        let i = launch(w, r, s, None);
        ip_of(w, i)
    }

    fn ip_of(w: &World, i: InstanceKey) -> String {
        w.eni(w.instance(i).unwrap().primary_eni).unwrap().private_ip.to_string()
    }

    #[test]
    fn available_count_is_size_minus_five_minus_used() {
        for (block, free) in [("10.0.0.0/28", 11), ("10.0.0.0/24", 251), ("10.0.0.0/20", 4091), ("10.0.0.0/16", 65531)]
        {
            let (w, _, s) = setup(block);
            assert_eq!(w.subnet(s).unwrap().available_ip_address_count(), free, "{block}");
        }
        let (mut w, r, s) = setup("10.0.1.0/24");
        launch(&mut w, r, s, None);
        w.create_network_interface(s, None, None, "", Tags::new()).unwrap();
        assert_eq!(w.subnet(s).unwrap().available_ip_address_count(), 249);
    }

    #[test]
    fn reserved_addresses_are_the_first_four_and_the_last() {
        let (w, _, s) = setup("10.0.1.0/24");
        let sn = w.subnet(s).unwrap();
        let got: Vec<String> = sn.reserved_addresses().iter().map(|(a, _)| a.to_string()).collect();
        assert_eq!(got, ["10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.255"]);
        for a in &got {
            assert!(sn.is_reserved(a.parse().unwrap()), "{a}");
            assert_eq!(sn.check_requested(a.parse().unwrap(), &sn.id).unwrap_err().code, "InvalidParameterValue");
        }
        assert!(!sn.is_reserved("10.0.1.4".parse().unwrap()));
        assert!(!sn.is_reserved("10.0.1.254".parse().unwrap()));
    }

    #[test]
    fn allocation_is_lowest_free_and_fills_holes() {
        let (mut w, r, s) = setup("10.0.1.0/24");
        let fixed = launch(&mut w, r, s, Some("10.0.1.6"));
        assert_eq!(ip_of(&w, fixed), "10.0.1.6");
        let ips: Vec<String> = (0..4).map(|_| launch_ip(&mut w, r, s)).collect();
        assert_eq!(ips, ["10.0.1.4", "10.0.1.5", "10.0.1.7", "10.0.1.8"]);
        let e = w.run_instances(
            r,
            &LaunchSpec {
                subnet: Some(s),
                min_count: 1,
                max_count: 1,
                private_ip_address: Some("10.0.1.6".parse().unwrap()),
                ..LaunchSpec::default()
            },
        );
        assert_eq!(e.unwrap_err().code, "InvalidIPAddress.InUse");
        assert_eq!(w.subnet(s).unwrap().available_ip_address_count(), 246);
    }

    #[test]
    fn terminated_instances_give_their_address_back() {
        let (mut w, r, s) = setup("10.0.1.0/24");
        let a = launch(&mut w, r, s, None);
        let b = launch(&mut w, r, s, None);
        assert_eq!((ip_of(&w, a), ip_of(&w, b)), ("10.0.1.4".into(), "10.0.1.5".into()));
        w.terminate_instance(a).unwrap();
        // Still held while shutting down.
        assert_eq!(w.subnet(s).unwrap().available_ip_address_count(), 249);
        assert_eq!(launch_ip(&mut w, r, s), "10.0.1.6");
        w.wait_instance(a, Waiter::Terminated).unwrap();
        assert_eq!(w.subnet(s).unwrap().available_ip_address_count(), 249, "b and the third one remain");
        assert_eq!(launch_ip(&mut w, r, s), "10.0.1.4", "the lowest free address is reused");
    }

    #[test]
    fn a_full_subnet_refuses_and_changes_nothing() {
        let (mut w, r, s) = setup("10.0.0.0/28");
        for _ in 0..11 {
            launch(&mut w, r, s, None);
        }
        assert_eq!(w.subnet(s).unwrap().lowest_free(), None);
        let before = w.instances().len();
        let spec = LaunchSpec { subnet: Some(s), min_count: 1, max_count: 1, ..LaunchSpec::default() };
        assert_eq!(w.run_instances(r, &spec).unwrap_err().code, "InsufficientFreeAddressesInSubnet");
        let e = w.create_network_interface(s, None, None, "", Tags::new()).unwrap_err();
        assert_eq!(e.code, "InsufficientFreeAddressesInSubnet");
        assert_eq!((w.instances().len(), w.enis().len()), (before, before));
    }

    #[test]
    fn max_count_launches_as_many_as_fit_but_at_least_min_count() {
        let (mut w, r, s) = setup("10.0.0.0/28");
        let spec = LaunchSpec { subnet: Some(s), min_count: 12, max_count: 20, ..LaunchSpec::default() };
        assert_eq!(w.run_instances(r, &spec).unwrap_err().code, "InsufficientFreeAddressesInSubnet");
        assert_eq!(w.instances().len(), 0);
        let spec = LaunchSpec { subnet: Some(s), min_count: 2, max_count: 20, ..LaunchSpec::default() };
        assert_eq!(w.run_instances(r, &spec).unwrap().len(), 11);
    }
}
