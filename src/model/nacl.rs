//! Network ACLs: numbered stateless rules per direction, first match wins, `*` denies the rest.

use super::*;
use crate::aws_err;
use crate::net::{Cidr, PortRange};
use std::net::Ipv4Addr;

/// `allow` or `deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleAction {
    /// Let the packet through.
    Allow,
    /// Drop it.
    Deny,
}

impl RuleAction {
    /// Parses `"allow"` / `"deny"`.
    pub fn parse(text: &str) -> Result<RuleAction> {
        match text {
            "allow" => Ok(RuleAction::Allow),
            "deny" => Ok(RuleAction::Deny),
            _ => Err(aws_err!("InvalidParameterValue", "Invalid value '{text}' for ruleAction: use 'allow' or 'deny'")),
        }
    }

    /// AWS's name.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleAction::Allow => "allow",
            RuleAction::Deny => "deny",
        }
    }
}

/// ICMP type and code (-1 = any).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IcmpMatch {
    /// ICMP type, -1 for any.
    pub icmp_type: i16,
    /// ICMP code, -1 for any.
    pub code: i16,
}

impl IcmpMatch {
    /// Any type, any code.
    pub const ANY: IcmpMatch = IcmpMatch { icmp_type: -1, code: -1 };

    /// Validates type and code (−1 to 255).
    pub fn new(icmp_type: i64, code: i64) -> Result<IcmpMatch> {
        for (what, v) in [("type", icmp_type), ("code", code)] {
            if !(-1..=255).contains(&v) {
                return Err(aws_err!("InvalidParameterValue", "Invalid ICMP {what} {v}: use -1 (all) or 0-255"));
            }
        }
        Ok(IcmpMatch { icmp_type: icmp_type as i16, code: code as i16 })
    }
}

/// What a rule matches besides the address: protocol and ports or ICMP type/code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Traffic {
    /// The protocol.
    pub protocol: Protocol,
    /// Ports, for tcp and udp.
    pub ports: Option<PortRange>,
    /// Type and code, for icmp.
    pub icmp: Option<IcmpMatch>,
}

impl Traffic {
    /// Validated traffic: tcp/udp need ports; other protocols ignore them.
    pub fn new(protocol: Protocol, ports: Option<PortRange>, icmp: Option<IcmpMatch>) -> Result<Traffic> {
        match protocol {
            Protocol::Tcp | Protocol::Udp => {
                let ports = ports.ok_or_else(|| {
                    aws_err!("MissingParameter", "The request must contain the parameter portRange: {protocol} rules need ports (port, ports or from_port and to_port)")
                })?;
                Ok(Traffic { protocol, ports: Some(ports), icmp: None })
            }
            Protocol::Icmp => Ok(Traffic { protocol, ports: None, icmp: Some(icmp.unwrap_or(IcmpMatch::ANY)) }),
            _ => Ok(Traffic { protocol, ports: None, icmp: None }),
        }
    }

    /// Every protocol.
    pub fn all() -> Traffic {
        Traffic { protocol: Protocol::All, ports: None, icmp: None }
    }

    /// Whether a packet of `protocol` to `port` matches (port is ignored when not tcp/udp).
    pub fn matches(&self, protocol: Protocol, port: u16) -> bool {
        self.protocol.matches(protocol) && self.ports.is_none_or(|r| r.contains(port))
    }
}

/// A numbered network ACL entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AclEntry {
    /// 1–32766.
    pub rule_number: u16,
    /// Protocol and ports.
    pub traffic: Traffic,
    /// The address block.
    pub cidr: Cidr,
    /// Allow or deny.
    pub action: RuleAction,
}

/// A network ACL. Entries are kept sorted by rule number; the `*` rule is implicit.
#[derive(Debug, Clone)]
pub struct NetworkAcl {
    /// `acl-…`.
    pub id: String,
    /// Its VPC.
    pub vpc: VpcKey,
    /// Whether it is the VPC's default ACL.
    pub is_default: bool,
    /// Inbound entries.
    pub ingress: Vec<AclEntry>,
    /// Outbound entries.
    pub egress: Vec<AclEntry>,
    /// Tags.
    pub tags: Tags,
}

/// What an ACL decides for a packet: the entry that matched, or `None` for the `*` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AclVerdict<'a> {
    /// The matching entry (`None`: the final `*` deny).
    pub entry: Option<&'a AclEntry>,
    /// The action.
    pub action: RuleAction,
}

impl NetworkAcl {
    /// The entries of one direction.
    pub fn entries(&self, egress: bool) -> &[AclEntry] {
        if egress { &self.egress } else { &self.ingress }
    }

    /// First match by rule number for a packet; the `*` rule denies the rest.
    pub fn evaluate(&self, egress: bool, protocol: Protocol, port: u16, addr: Ipv4Addr) -> AclVerdict<'_> {
        let a = u32::from(addr);
        for e in self.entries(egress) {
            if e.cidr.contains_u32(a) && e.traffic.matches(protocol, port) {
                return AclVerdict { entry: Some(e), action: e.action };
            }
        }
        AclVerdict { entry: None, action: RuleAction::Deny }
    }
}

/// An entry as a caller describes it.
#[derive(Debug, Clone)]
pub struct AclEntrySpec {
    /// Rule number as given (validated to 1–32766).
    pub rule_number: i64,
    /// Outbound?
    pub egress: bool,
    /// Protocol and ports.
    pub traffic: Traffic,
    /// Address block text.
    pub cidr_block: String,
    /// Action text.
    pub rule_action: String,
}

fn check_rule_number(n: i64) -> Result<u16> {
    if !(1..=32766).contains(&n) {
        return Err(aws_err!(
            "InvalidParameterValue",
            "Invalid rule number {n}: network ACL rule numbers are 1-32766 (32767 and up are reserved for the * rule)"
        ));
    }
    Ok(n as u16)
}

fn direction(egress: bool) -> &'static str {
    if egress { "egress" } else { "ingress" }
}

impl World {
    pub(crate) fn insert_network_acl(&mut self, vpc: VpcKey, is_default: bool, tags: Tags) -> AclKey {
        let id = self.new_id(Kind::NetworkAcl);
        let allow_all = || {
            vec![AclEntry {
                rule_number: 100,
                traffic: Traffic::all(),
                cidr: Cidr::parse("0.0.0.0/0").expect("static"),
                action: RuleAction::Allow,
            }]
        };
        let (ingress, egress) = if is_default { (allow_all(), allow_all()) } else { (Vec::new(), Vec::new()) };
        let key = self.acls.insert(NetworkAcl { id: id.clone(), vpc, is_default, ingress, egress, tags });
        self.register(&id, ResKey::Acl(key));
        key
    }

    /// `CreateNetworkAcl`: a custom ACL that denies everything until entries are added.
    pub fn create_network_acl(&mut self, vpc: VpcKey, tags: Tags) -> Result<AclKey> {
        self.vpc(vpc)?;
        Ok(self.insert_network_acl(vpc, false, tags))
    }

    fn build_entry(&self, spec: &AclEntrySpec) -> Result<AclEntry> {
        let rule_number = check_rule_number(spec.rule_number)?;
        let action = RuleAction::parse(&spec.rule_action)?;
        let cidr = vpc::parse_cidr(&spec.cidr_block, "cidrBlock")?;
        Ok(AclEntry { rule_number, traffic: spec.traffic, cidr, action })
    }

    /// `CreateNetworkAclEntry`.
    pub fn add_acl_entry(&mut self, acl: AclKey, spec: &AclEntrySpec) -> Result<()> {
        let entry = self.build_entry(spec)?;
        let a = self.acl(acl)?;
        let list = a.entries(spec.egress);
        if list.iter().any(|e| e.rule_number == entry.rule_number) {
            return Err(aws_err!(
                "NetworkAclEntryAlreadyExists",
                "The network acl entry identified by {} already exists in {} ({}).",
                entry.rule_number,
                a.id,
                direction(spec.egress)
            ));
        }
        let limit = self.config.quotas.entries_per_network_acl;
        if list.len() as u32 + 1 >= limit {
            return Err(aws_err!(
                "NetworkAclEntryLimitExceeded",
                "The network ACL {} already has {} {} entries plus the * rule: the limit is {limit} per direction",
                a.id,
                list.len(),
                direction(spec.egress)
            ));
        }
        let a = self.acl_mut(acl)?;
        let list = if spec.egress { &mut a.egress } else { &mut a.ingress };
        let at = list.partition_point(|e| e.rule_number < entry.rule_number);
        list.insert(at, entry);
        Ok(())
    }

    /// `ReplaceNetworkAclEntry`: the entry must exist.
    pub fn replace_acl_entry(&mut self, acl: AclKey, spec: &AclEntrySpec) -> Result<()> {
        let entry = self.build_entry(spec)?;
        let a = self.acl(acl)?;
        let Some(i) = a.entries(spec.egress).iter().position(|e| e.rule_number == entry.rule_number) else {
            return Err(aws_err!(
                "InvalidNetworkAclEntry.NotFound",
                "The network acl entry identified by {} does not exist in {} ({})",
                entry.rule_number,
                a.id,
                direction(spec.egress)
            ));
        };
        let a = self.acl_mut(acl)?;
        let list = if spec.egress { &mut a.egress } else { &mut a.ingress };
        list[i] = entry;
        Ok(())
    }

    /// `DeleteNetworkAclEntry`: 1–32766 only; the `*` rule stays.
    pub fn delete_acl_entry(&mut self, acl: AclKey, rule_number: i64, egress: bool) -> Result<()> {
        if rule_number >= 32767 {
            return Err(aws_err!(
                "InvalidParameterValue",
                "The * rule ({rule_number}) of a network ACL cannot be deleted"
            ));
        }
        let n = check_rule_number(rule_number)?;
        let a = self.acl(acl)?;
        let Some(i) = a.entries(egress).iter().position(|e| e.rule_number == n) else {
            return Err(aws_err!(
                "InvalidNetworkAclEntry.NotFound",
                "The network acl entry identified by {n} does not exist in {} ({})",
                a.id,
                direction(egress)
            ));
        };
        let a = self.acl_mut(acl)?;
        if egress {
            a.egress.remove(i)
        } else {
            a.ingress.remove(i)
        };
        Ok(())
    }

    /// `ReplaceNetworkAclAssociation`: the subnet now uses this ACL.
    pub fn associate_network_acl(&mut self, acl: AclKey, subnet: SubnetKey) -> Result<()> {
        let a = self.acl(acl)?;
        let s = self.subnet(subnet)?;
        if a.vpc != s.vpc {
            return Err(aws_err!(
                "InvalidParameterValue",
                "network ACL {} and subnet {} belong to different networks",
                a.id,
                s.id
            ));
        }
        self.subnet_mut(subnet)?.network_acl = acl;
        Ok(())
    }

    /// Subnets using the ACL.
    pub fn acl_associations(&self, acl: AclKey) -> Vec<SubnetKey> {
        self.subnets.iter().filter(|(_, s)| s.network_acl == acl).map(|(k, _)| k).collect()
    }

    /// `DeleteNetworkAcl`: not the default ACL, not while associated.
    pub fn delete_network_acl(&mut self, acl: AclKey) -> Result<()> {
        let a = self.acl(acl)?;
        if a.is_default {
            return Err(aws_err!("InvalidParameterValue", "cannot delete default network ACL {}", a.id));
        }
        let users = self.acl_associations(acl);
        if !users.is_empty() {
            let ids: Vec<&str> = users.iter().filter_map(|s| self.subnets.get(*s)).map(|s| s.id.as_str()).collect();
            return Err(aws_err!(
                "DependencyViolation",
                "The network ACL '{}' has dependencies and cannot be deleted: used by {}",
                a.id,
                ids.join(", ")
            ));
        }
        let id = a.id.clone();
        self.acls.remove(acl);
        self.unregister(&id);
        Ok(())
    }
}
