//! VPCs: primary and secondary CIDR blocks, the default VPC, deletion rules.

use super::*;
use crate::aws_err;
use crate::net::Cidr;

/// A VPC.
#[derive(Debug, Clone)]
pub struct Vpc {
    /// `vpc-…`.
    pub id: String,
    /// Its region.
    pub region: RegionKey,
    /// The primary block first, then secondary blocks in association order.
    pub cidrs: Vec<Cidr>,
    /// Whether this is the region's default VPC.
    pub is_default: bool,
    /// The main route table.
    pub main_route_table: RtbKey,
    /// The default network ACL.
    pub default_network_acl: AclKey,
    /// The `default` security group.
    pub default_security_group: SgKey,
    /// The attached internet gateway.
    pub internet_gateway: Option<IgwKey>,
    /// The attached virtual private gateway.
    pub vpn_gateway: Option<VgwKey>,
    /// DNS resolution (always on).
    pub enable_dns_support: bool,
    /// DNS hostnames (on for the default VPC).
    pub enable_dns_hostnames: bool,
    /// Tags.
    pub tags: Tags,
}

impl Vpc {
    /// Whether an address lies in one of the VPC's blocks.
    pub fn contains(&self, addr: std::net::Ipv4Addr) -> bool {
        self.cidrs.iter().any(|c| c.contains_addr(addr))
    }
}

/// Parses a CIDR as AWS's `cidrBlock` parameter.
pub(crate) fn parse_cidr(text: &str, param: &str) -> Result<Cidr> {
    Cidr::parse(text).map_err(|_| {
        aws_err!(
            "InvalidParameterValue",
            "Value ({text}) for parameter {param} is invalid. This is not a valid CIDR block."
        )
    })
}

const DEFAULT_VPC_CIDR: &str = "172.31.0.0/16";

impl World {
    /// `CreateVpc`: a VPC with its main route table, default ACL and default group.
    pub fn create_vpc(&mut self, region: RegionKey, cidr_block: &str, tags: Tags) -> Result<VpcKey> {
        super::tags::check(&tags)?;
        let cidr = parse_cidr(cidr_block, "cidrBlock")?;
        check_vpc_size(cidr)?;
        let count = self.stores.vpcs.iter().filter(|(_, v)| v.region == region).count() as u32;
        if count >= self.config.quotas.vpcs_per_region {
            return Err(aws_err!(
                "VpcLimitExceeded",
                "The maximum number of VPCs has been reached: {count} of {} in {} (raise it with sim.config{{quotas = {{vpcs_per_region = …}}}})",
                self.config.quotas.vpcs_per_region,
                self.region_info(region).name
            ));
        }
        Ok(self.insert_vpc(region, cidr, false, tags))
    }

    fn insert_vpc(&mut self, region: RegionKey, cidr: Cidr, is_default: bool, tags: Tags) -> VpcKey {
        let id = self.new_id(Kind::Vpc);
        let key = self.stores.vpcs.next_key();
        let rtb = self.insert_route_table(key, &[cidr], Tags::new());
        let acl = self.insert_network_acl(key, true, Tags::new());
        let sg = self.insert_default_sg(key);
        let vpc = Vpc {
            id: id.clone(),
            region,
            cidrs: vec![cidr],
            is_default,
            main_route_table: rtb,
            default_network_acl: acl,
            default_security_group: sg,
            internet_gateway: None,
            vpn_gateway: None,
            enable_dns_support: true,
            enable_dns_hostnames: is_default,
            tags,
        };
        let inserted = self.stores.vpcs.insert(vpc);
        debug_assert_eq!(inserted, key);
        self.register(&id, ResKey::Vpc(key));
        key
    }

    /// `CreateDefaultVpc`: 172.31.0.0/16, a /20 default subnet per AZ, an attached
    /// internet gateway and `0.0.0.0/0 → igw` in the main route table.
    pub fn create_default_vpc(&mut self, region: RegionKey) -> Result<VpcKey> {
        if let Some(v) = self.region_info(region).default_vpc
            && self.stores.vpcs.get(v).is_some()
        {
            return Err(aws_err!(
                "DefaultVpcAlreadyExists",
                "A Default VPC already exists for this account in this region."
            ));
        }
        let cidr = parse_cidr(DEFAULT_VPC_CIDR, "cidrBlock")?;
        let vpc = self.insert_vpc(region, cidr, true, Tags::new());
        self.regions[region.index()].default_vpc = Some(vpc);
        let azs = self.region_info(region).azs;
        for (i, az) in azs.iter().enumerate() {
            let block = Cidr::new(std::net::Ipv4Addr::new(172, 31, (i as u8) * 16, 0), 20).expect("valid /20");
            let sn = self.insert_subnet(vpc, block, az, Tags::new());
            let s = self.get_mut(sn)?;
            s.default_for_az = true;
            s.map_public_ip_on_launch = true;
        }
        let igw = self.insert_igw(region, Tags::new());
        self.attach_internet_gateway(igw, vpc)?;
        let main = self.vpc(vpc)?.main_route_table;
        self.create_route(main, "0.0.0.0/0", Target::Igw(igw))?;
        Ok(vpc)
    }

    /// `AssociateVpcCidrBlock`: a secondary block, with AWS's restrictions.
    pub fn associate_cidr_block(&mut self, vpc: VpcKey, cidr_block: &str) -> Result<Cidr> {
        let cidr = parse_cidr(cidr_block, "cidrBlock")?;
        check_vpc_size(cidr)?;
        let v = self.vpc(vpc)?;
        if v.cidrs.len() >= 5 {
            return Err(aws_err!(
                "CidrLimitExceeded",
                "This network {} has met its maximum number of allowed CIDRs: 5",
                self.label_id(&v.id)
            ));
        }
        if let Some(c) = v.cidrs.iter().find(|c| c.overlaps(&cidr)) {
            return Err(aws_err!("InvalidVpc.Range", "The CIDR '{cidr}' conflicts with the VPC's block {c}"));
        }
        check_secondary_restrictions(&v.cidrs, cidr, &self.label_id(&v.id))?;
        for (_, rt) in self.stores.route_tables.iter().filter(|(_, r)| r.vpc == vpc) {
            if let Some(r) = rt.routes.iter().find(|r| r.target != Target::Local && cidr.contains(&r.destination)) {
                return Err(aws_err!(
                    "InvalidVpc.Range",
                    "The CIDR '{cidr}' is the same as or larger than the destination {} of a route in {}",
                    r.destination,
                    self.label_id(&rt.id)
                ));
            }
        }
        for (_, p) in self.stores.pcxs.iter() {
            let other = if p.requester == vpc {
                p.accepter
            } else if p.accepter == vpc {
                p.requester
            } else {
                continue;
            };
            if p.status == PeeringStatus::PendingAcceptance && p.requester == vpc {
                return Err(aws_err!(
                    "IncorrectState",
                    "The VPC {} has a pending peering request ({}); blocks cannot be added until it is accepted",
                    self.label_id(&self.vpc(vpc)?.id),
                    self.label_id(&p.id)
                ));
            }
            if p.status == PeeringStatus::Active && self.vpc(other)?.cidrs.iter().any(|c| c.overlaps(&cidr)) {
                return Err(aws_err!(
                    "InvalidVpc.Range",
                    "The CIDR '{cidr}' overlaps the peered VPC {} ({})",
                    self.label_id(&self.vpc(other)?.id),
                    self.label_id(&p.id)
                ));
            }
        }
        self.get_mut(vpc)?.cidrs.push(cidr);
        let tables: Vec<RtbKey> = self.stores.route_tables.iter().filter(|(_, r)| r.vpc == vpc).map(|(k, _)| k).collect();
        for t in tables {
            self.get_mut(t)?.routes.push(Route {
                destination: cidr,
                target: Target::Local,
                origin: RouteOrigin::CreateRouteTable,
            });
        }
        Ok(cidr)
    }

    /// `DeleteVpc`: only an empty VPC (its main table, default ACL and default group go with it).
    pub fn delete_vpc(&mut self, vpc: VpcKey) -> Result<()> {
        let v = self.vpc(vpc)?;
        let mut deps: Vec<String> = Vec::new();
        deps.extend(self.stores.subnets.iter().filter(|(_, s)| s.vpc == vpc).map(|(_, s)| s.id.clone()));
        deps.extend(v.internet_gateway.and_then(|g| self.stores.igws.get(g)).map(|g| g.id.clone()));
        deps.extend(v.vpn_gateway.and_then(|g| self.stores.vgws.get(g)).map(|g| g.id.clone()));
        deps.extend(
            self.stores.sgs.iter().filter(|(k, s)| s.vpc == vpc && *k != v.default_security_group).map(|(_, s)| s.id.clone()),
        );
        deps.extend(
            self.stores.route_tables
                .iter()
                .filter(|(k, r)| r.vpc == vpc && *k != v.main_route_table)
                .map(|(_, r)| r.id.clone()),
        );
        deps.extend(
            self.stores.acls.iter().filter(|(k, a)| a.vpc == vpc && *k != v.default_network_acl).map(|(_, a)| a.id.clone()),
        );
        deps.extend(
            self.stores.pcxs
                .iter()
                .filter(|(_, p)| (p.requester == vpc || p.accepter == vpc) && p.status.is_live())
                .map(|(_, p)| p.id.clone()),
        );
        if !deps.is_empty() {
            return Err(aws_err!(
                "DependencyViolation",
                "The vpc {} has dependencies and cannot be deleted: {}",
                self.quoted_label(&v.id),
                self.labels(deps.iter().map(String::as_str))
            ));
        }
        let (id, rtb, acl, sg, region, is_default) =
            (v.id.clone(), v.main_route_table, v.default_network_acl, v.default_security_group, v.region, v.is_default);
        let removed = [
            self.stores.route_tables.remove(rtb).map(|r| r.id),
            self.stores.acls.remove(acl).map(|a| a.id),
            self.stores.sgs.remove(sg).map(|s| s.id),
            self.stores.vpcs.remove(vpc).map(|_| id),
        ];
        for rid in removed.into_iter().flatten() {
            self.unregister(&rid);
        }
        if is_default {
            self.regions[region.index()].default_vpc = None;
        }
        Ok(())
    }
}

fn check_vpc_size(cidr: Cidr) -> Result<()> {
    if !(16..=28).contains(&cidr.prefix()) {
        return Err(aws_err!(
            "InvalidVpc.Range",
            "The CIDR '{cidr}' is invalid: a VPC block must be between /16 and /28"
        ));
    }
    Ok(())
}

fn block(text: &str) -> Cidr {
    Cidr::parse(text).expect("static CIDR")
}

/// AWS's table of secondary blocks a VPC may add given its blocks (`blocks[0]` is the primary);
/// `vpc` is how the message names the VPC.
fn check_secondary_restrictions(blocks: &[Cidr], new: Cidr, vpc: &str) -> Result<()> {
    let primary = blocks[0];
    let ten = block("10.0.0.0/8");
    let one72 = block("172.16.0.0/12");
    let one92 = block("192.168.0.0/16");
    let special = block("198.19.0.0/16");
    let cgnat = block("100.64.0.0/10");
    let refuse = |why: &str| {
        Err(aws_err!(
            "InvalidVpc.Range",
            "The CIDR '{new}' is restricted for {vpc} (primary block {primary}): {why}"
        ))
    };
    if block("169.254.0.0/16").overlaps(&new) {
        return refuse("link-local addresses can never be assigned to a VPC");
    }
    if special.overlaps(&new) {
        return refuse("198.19.0.0/16 cannot be added as a secondary block");
    }
    let rfc1918 = |c: &Cidr| ten.contains(c) || one72.contains(c) || one92.contains(c);
    if ten.contains(&primary) {
        if one72.overlaps(&new) || one92.overlaps(&new) {
            return refuse(
                "a VPC whose primary block is in 10.0.0.0/8 cannot add blocks from 172.16.0.0/12 or 192.168.0.0/16",
            );
        }
        if blocks.iter().any(|b| block("10.0.0.0/15").contains(b)) && block("10.0.0.0/16").overlaps(&new) {
            return refuse("a VPC with a block in 10.0.0.0/15 cannot add blocks from 10.0.0.0/16");
        }
    } else if one72.contains(&primary) {
        if ten.overlaps(&new) || one92.overlaps(&new) || block("172.31.0.0/16").overlaps(&new) {
            return refuse(
                "a VPC whose primary block is in 172.16.0.0/12 cannot add 10.0.0.0/8, 192.168.0.0/16 or 172.31.0.0/16 blocks",
            );
        }
    } else if one92.contains(&primary) {
        if ten.overlaps(&new) || one72.overlaps(&new) {
            return refuse(
                "a VPC whose primary block is in 192.168.0.0/16 cannot add 10.0.0.0/8 or 172.16.0.0/12 blocks",
            );
        }
    } else if rfc1918(&new) {
        let kind = if cgnat.contains(&primary) { "100.64.0.0/10" } else { "publicly routable" };
        return refuse(&format!("a VPC whose primary block is {kind} cannot add RFC 1918 blocks"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> (World, RegionKey) {
        let mut w = World::new();
        let r = w.region("us-east-1").unwrap();
        (w, r)
    }

    #[test]
    fn default_vpc_layout() {
        let (w, r) = world();
        let v = w.region_info(r).default_vpc.unwrap();
        let vpc = w.vpc(v).unwrap();
        assert!(vpc.is_default);
        assert_eq!(vpc.cidrs, [block("172.31.0.0/16")]);
        assert!(vpc.enable_dns_hostnames && vpc.enable_dns_support);
        let subnets: Vec<&Subnet> = w.subnets().iter().map(|(_, s)| s).filter(|s| s.vpc == v).collect();
        let azs = w.region_info(r).azs;
        assert_eq!(subnets.len(), azs.len());
        for (i, s) in subnets.iter().enumerate() {
            assert_eq!(s.az, azs[i]);
            assert_eq!(s.cidr.to_string(), format!("172.31.{}.0/20", i * 16));
            assert!(s.map_public_ip_on_launch && s.default_for_az);
            assert_eq!(s.available_ip_address_count(), 4091);
            assert_eq!(s.route_table, None, "implicitly on the main table");
        }
        let igw = vpc.internet_gateway.expect("an attached IGW");
        assert_eq!(w.igw(igw).unwrap().vpc, Some(v));
        let main = w.route_table(vpc.main_route_table).unwrap();
        assert_eq!(
            main.routes,
            [
                Route {
                    destination: block("172.31.0.0/16"),
                    target: Target::Local,
                    origin: RouteOrigin::CreateRouteTable
                },
                Route { destination: block("0.0.0.0/0"), target: Target::Igw(igw), origin: RouteOrigin::CreateRoute },
            ]
        );
        assert_eq!(w.route_state(vpc.main_route_table, &main.routes[1]), RouteState::Active);
        let sg = w.sg(vpc.default_security_group).unwrap();
        assert_eq!(sg.group_name, "default");
        assert!(w.acl(vpc.default_network_acl).unwrap().is_default);
    }

    #[test]
    fn default_vpc_can_be_deleted_and_recreated_once() {
        let (mut w, r) = world();
        let v = w.region_info(r).default_vpc.unwrap();
        assert_eq!(w.create_default_vpc(r).unwrap_err().code, "DefaultVpcAlreadyExists");
        let subnets: Vec<SubnetKey> = w.subnets().iter().filter(|(_, s)| s.vpc == v).map(|(k, _)| k).collect();
        for s in subnets {
            w.delete_subnet(s).unwrap();
        }
        let igw = w.vpc(v).unwrap().internet_gateway.unwrap();
        w.detach_internet_gateway(igw, None).unwrap();
        w.delete_vpc(v).unwrap();
        assert_eq!(w.default_subnet(r).unwrap_err().code, "VPCIdNotSpecified");
        let again = w.create_default_vpc(r).unwrap();
        assert_eq!(w.vpc(again).unwrap().cidrs, [block("172.31.0.0/16")]);
        assert_eq!(w.create_default_vpc(r).unwrap_err().code, "DefaultVpcAlreadyExists");
    }

    /// AWS's restriction table for secondary blocks: (primary, new, allowed).
    #[test]
    fn secondary_cidr_restrictions() {
        let table = [
            ("10.0.0.0/16", "10.1.0.0/16", true),
            ("10.0.0.0/16", "100.64.0.0/16", true),
            ("10.0.0.0/16", "8.8.0.0/16", true),
            ("10.0.0.0/16", "172.16.0.0/16", false),
            ("10.0.0.0/16", "192.168.0.0/16", false),
            ("10.0.0.0/16", "198.19.0.0/16", false),
            ("10.0.0.0/16", "169.254.0.0/16", false),
            ("10.0.0.0/16", "10.0.128.0/17", false),
            ("10.1.0.0/16", "10.0.0.0/24", false),
            ("10.2.0.0/16", "10.0.0.0/24", true),
            ("172.16.0.0/16", "172.17.0.0/16", true),
            ("172.16.0.0/16", "10.0.0.0/16", false),
            ("172.16.0.0/16", "192.168.0.0/16", false),
            ("172.16.0.0/16", "172.31.0.0/16", false),
            ("172.16.0.0/16", "100.64.0.0/16", true),
            ("192.168.0.0/16", "10.0.0.0/16", false),
            ("192.168.0.0/16", "172.16.0.0/16", false),
            ("192.168.0.0/16", "100.64.0.0/16", true),
            ("100.64.0.0/16", "10.0.0.0/16", false),
            ("100.64.0.0/16", "100.65.0.0/16", true),
            ("8.8.0.0/16", "192.168.0.0/16", false),
            ("8.8.0.0/16", "8.9.0.0/16", true),
            ("8.8.0.0/16", "198.19.0.0/16", false),
            ("10.0.0.0/16", "10.1.0.0/15", false),
            ("10.0.0.0/16", "10.1.0.0/29", false),
        ];
        for (primary, new, allowed) in table {
            let (mut w, r) = world();
            let v = w.create_vpc(r, primary, Tags::new()).unwrap();
            let got = w.associate_cidr_block(v, new);
            assert_eq!(got.is_ok(), allowed, "{primary} + {new}: {got:?}");
            if let Err(e) = got {
                assert!(e.code == "InvalidVpc.Range", "{primary} + {new}: {e}");
                assert!(e.message.contains(&block(new).to_string()), "{e}");
                assert_eq!(w.vpc(v).unwrap().cidrs.len(), 1, "a refused block changes nothing");
            }
        }
    }

    #[test]
    fn any_block_in_10_0_0_0_15_restricts_not_only_the_primary() {
        let (mut w, r) = world();
        let v = w.create_vpc(r, "10.5.0.0/16", Tags::new()).unwrap();
        w.associate_cidr_block(v, "10.1.0.0/16").unwrap();
        assert_eq!(w.associate_cidr_block(v, "10.0.0.0/24").unwrap_err().code, "InvalidVpc.Range");
    }

    #[test]
    fn secondary_block_may_not_cover_a_route_destination() {
        let (mut w, r) = world();
        let v = w.create_vpc(r, "10.0.0.0/16", Tags::new()).unwrap();
        let g = w.create_vpn_gateway(r, None, Tags::new()).unwrap();
        w.attach_vpn_gateway(g, v).unwrap();
        let main = w.vpc(v).unwrap().main_route_table;
        w.create_route(main, "10.2.0.0/24", Target::Vgw(g)).unwrap();
        assert_eq!(w.associate_cidr_block(v, "10.2.0.0/24").unwrap_err().code, "InvalidVpc.Range");
        assert_eq!(w.associate_cidr_block(v, "10.2.0.0/16").unwrap_err().code, "InvalidVpc.Range");
        w.associate_cidr_block(v, "10.2.0.0/25").unwrap();
        assert_eq!(w.route_table(main).unwrap().routes.len(), 3, "a local route for the new block");
    }

    #[test]
    fn vpc_quota_counts_the_default_vpc() {
        let (mut w, r) = world();
        for i in 1..=4 {
            w.create_vpc(r, &format!("10.{i}.0.0/16"), Tags::new()).unwrap();
        }
        let e = w.create_vpc(r, "10.5.0.0/16", Tags::new()).unwrap_err();
        assert_eq!(e.code, "VpcLimitExceeded");
        assert_eq!(w.vpcs().len(), 5);
        // Another region has its own quota.
        let other = w.region("eu-west-1").unwrap();
        w.create_vpc(other, "10.5.0.0/16", Tags::new()).unwrap();
    }
}
