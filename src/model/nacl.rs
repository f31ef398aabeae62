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

    /// A packet's ICMP type and code packed into the 16 bits where tcp and udp flows carry
    /// their destination port: `type × 256 + code`.
    pub fn packet(icmp_type: u8, code: u8) -> u16 {
        u16::from(icmp_type) << 8 | u16::from(code)
    }

    /// Whether a packet (`type × 256 + code`) matches: type −1 is every type and code.
    pub fn matches(&self, packet: u16) -> bool {
        let (t, c) = (i16::from((packet >> 8) as u8), i16::from(packet as u8));
        self.icmp_type == -1 || (self.icmp_type == t && (self.code == -1 || self.code == c))
    }

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

    /// Traffic from a rule's arguments: a protocol name or number, ports, ICMP type/code
    /// (which apply to ICMP rules only).
    pub fn from_args(protocol: &str, ports: Option<PortRange>, icmp: Option<IcmpMatch>) -> Result<Traffic> {
        let protocol = Protocol::parse(protocol)?;
        if icmp.is_some() && protocol != Protocol::Icmp {
            return Err(aws_err!(
                "InvalidParameterCombination",
                "icmp_type and icmp_code apply to icmp rules, not {protocol}"
            ));
        }
        Traffic::new(protocol, ports, icmp)
    }

    /// Every protocol.
    pub fn all() -> Traffic {
        Traffic { protocol: Protocol::All, ports: None, icmp: None }
    }

    /// Whether a packet of `protocol` to `port` matches (port is ignored when not tcp/udp; for
    /// icmp it is the packet's type and code, see [`IcmpMatch::packet`]).
    pub fn matches(&self, protocol: Protocol, port: u16) -> bool {
        self.protocol.matches(protocol)
            && self.ports.is_none_or(|r| r.contains(port))
            && (protocol != Protocol::Icmp || self.icmp.is_none_or(|m| m.matches(port)))
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
        let key = self.stores.acls.insert(NetworkAcl { id: id.clone(), vpc, is_default, ingress, egress, tags });
        self.register(&id, ResKey::Acl(key));
        key
    }

    /// `CreateNetworkAcl`: a custom ACL that denies everything until entries are added.
    pub fn create_network_acl(&mut self, vpc: VpcKey, tags: Tags) -> Result<AclKey> {
        super::tags::check(&tags)?;
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
                self.label_id(&a.id),
                direction(spec.egress)
            ));
        }
        let limit = self.config.quotas.entries_per_network_acl;
        if list.len() as u32 + 1 >= limit {
            return Err(aws_err!(
                "NetworkAclEntryLimitExceeded",
                "The network ACL {} already has {} {} entries plus the * rule: the limit is {limit} per direction",
                self.label_id(&a.id),
                list.len(),
                direction(spec.egress)
            ));
        }
        let a = self.get_mut(acl)?;
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
                self.label_id(&a.id),
                direction(spec.egress)
            ));
        };
        let a = self.get_mut(acl)?;
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
                self.label_id(&a.id),
                direction(egress)
            ));
        };
        let a = self.get_mut(acl)?;
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
                self.label_id(&a.id),
                self.label_id(&s.id)
            ));
        }
        self.get_mut(subnet)?.network_acl = acl;
        Ok(())
    }

    /// Subnets using the ACL.
    pub fn acl_associations(&self, acl: AclKey) -> Vec<SubnetKey> {
        self.stores.subnets.iter().filter(|(_, s)| s.network_acl == acl).map(|(k, _)| k).collect()
    }

    /// `DeleteNetworkAcl`: not the default ACL, not while associated.
    pub fn delete_network_acl(&mut self, acl: AclKey) -> Result<()> {
        let a = self.acl(acl)?;
        if a.is_default {
            return Err(aws_err!("InvalidParameterValue", "cannot delete default network ACL {}", self.label_id(&a.id)));
        }
        let users = self.acl_associations(acl);
        if !users.is_empty() {
            let ids: Vec<&str> = users.iter().filter_map(|s| self.stores.subnets.get(*s)).map(|s| s.id.as_str()).collect();
            return Err(aws_err!(
                "DependencyViolation",
                "The network ACL {} has dependencies and cannot be deleted: used by {}",
                self.quoted_label(&a.id),
                self.labels(ids)
            ));
        }
        let id = a.id.clone();
        self.stores.acls.remove(acl);
        self.unregister(&id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> (World, VpcKey) {
        let mut w = World::new();
        let r = w.region("us-east-1").unwrap();
        let v = w.create_vpc(r, "10.0.0.0/16", Tags::new()).unwrap();
        (w, v)
    }

    fn spec(n: i64, egress: bool, protocol: &str, ports: Option<(u16, u16)>, cidr: &str, action: &str) -> AclEntrySpec {
        let protocol = Protocol::parse(protocol).unwrap();
        let ports = ports.map(|(a, b)| PortRange::new(a, b).unwrap());
        AclEntrySpec {
            rule_number: n,
            egress,
            traffic: Traffic::new(protocol, ports, None).unwrap(),
            cidr_block: cidr.into(),
            rule_action: action.into(),
        }
    }

    fn verdict(a: &NetworkAcl, egress: bool, p: Protocol, port: u16, addr: &str) -> (Option<u16>, RuleAction) {
        let v = a.evaluate(egress, p, port, addr.parse().unwrap());
        (v.entry.map(|e| e.rule_number), v.action)
    }

    #[test]
    fn first_match_by_rule_number_then_the_star_rule() {
        let (mut w, v) = world();
        let acl = w.create_network_acl(v, Tags::new()).unwrap();
        // Added out of order: evaluation is by number.
        w.add_acl_entry(acl, &spec(200, false, "tcp", Some((22, 22)), "0.0.0.0/0", "allow")).unwrap();
        w.add_acl_entry(acl, &spec(100, false, "tcp", Some((22, 22)), "10.0.0.0/8", "deny")).unwrap();
        w.add_acl_entry(acl, &spec(300, false, "all", None, "192.168.0.0/16", "allow")).unwrap();
        let a = w.acl(acl).unwrap();
        let numbers: Vec<u16> = a.ingress.iter().map(|e| e.rule_number).collect();
        assert_eq!(numbers, [100, 200, 300]);
        assert_eq!(verdict(a, false, Protocol::Tcp, 22, "10.1.2.3"), (Some(100), RuleAction::Deny));
        assert_eq!(verdict(a, false, Protocol::Tcp, 22, "8.8.8.8"), (Some(200), RuleAction::Allow));
        assert_eq!(verdict(a, false, Protocol::Tcp, 23, "8.8.8.8"), (None, RuleAction::Deny), "the * rule");
        assert_eq!(verdict(a, false, Protocol::Udp, 53, "192.168.1.1"), (Some(300), RuleAction::Allow));
        assert_eq!(verdict(a, false, Protocol::Icmp, 0, "192.168.1.1"), (Some(300), RuleAction::Allow));
        // Directions are independent: nothing outbound yet.
        assert_eq!(verdict(a, true, Protocol::Tcp, 22, "8.8.8.8"), (None, RuleAction::Deny));
    }

    #[test]
    fn the_default_acl_allows_everything_and_a_custom_one_nothing() {
        let (mut w, v) = world();
        let default = w.vpc(v).unwrap().default_network_acl;
        let custom = w.create_network_acl(v, Tags::new()).unwrap();
        for egress in [false, true] {
            let d = w.acl(default).unwrap();
            assert_eq!(verdict(d, egress, Protocol::Udp, 9, "1.2.3.4"), (Some(100), RuleAction::Allow));
            let c = w.acl(custom).unwrap();
            assert_eq!(verdict(c, egress, Protocol::Udp, 9, "1.2.3.4"), (None, RuleAction::Deny));
        }
    }

    #[test]
    fn replace_changes_the_entry_in_place() {
        let (mut w, v) = world();
        let acl = w.vpc(v).unwrap().default_network_acl;
        w.replace_acl_entry(acl, &spec(100, true, "all", None, "0.0.0.0/0", "deny")).unwrap();
        let a = w.acl(acl).unwrap();
        assert_eq!(verdict(a, true, Protocol::Tcp, 443, "8.8.8.8"), (Some(100), RuleAction::Deny));
        assert_eq!(verdict(a, false, Protocol::Tcp, 443, "8.8.8.8"), (Some(100), RuleAction::Allow));
        let e = w.replace_acl_entry(acl, &spec(101, true, "all", None, "0.0.0.0/0", "deny")).unwrap_err();
        assert_eq!(e.code, "InvalidNetworkAclEntry.NotFound");
    }

    /// AWS_FACTS.md: 20 rules per direction, the default deny included.
    #[test]
    fn the_entry_quota_counts_the_star_rule() {
        let (mut w, v) = world();
        let acl = w.create_network_acl(v, Tags::new()).unwrap();
        for n in 1..=19 {
            w.add_acl_entry(acl, &spec(n, false, "all", None, "0.0.0.0/0", "allow")).unwrap();
        }
        let e = w.add_acl_entry(acl, &spec(20, false, "all", None, "0.0.0.0/0", "allow")).unwrap_err();
        assert_eq!(e.code, "NetworkAclEntryLimitExceeded");
        assert!(e.message.contains("20"), "{e}");
        assert_eq!(w.acl(acl).unwrap().ingress.len(), 19, "a refused entry changes nothing");
        // The other direction has its own 20.
        for n in 1..=19 {
            w.add_acl_entry(acl, &spec(n, true, "all", None, "0.0.0.0/0", "allow")).unwrap();
        }
        // The default ACL's rule 100 counts as well: 18 more fit.
        let default = w.vpc(v).unwrap().default_network_acl;
        for n in 1..=18 {
            w.add_acl_entry(default, &spec(n, false, "all", None, "0.0.0.0/0", "allow")).unwrap();
        }
        let e = w.add_acl_entry(default, &spec(19, false, "all", None, "0.0.0.0/0", "allow")).unwrap_err();
        assert_eq!(e.code, "NetworkAclEntryLimitExceeded");
        // Raising the quota (max 40) makes room; deleting an entry too.
        w.config_mut().quotas.entries_per_network_acl = 40;
        w.add_acl_entry(acl, &spec(20, false, "all", None, "0.0.0.0/0", "allow")).unwrap();
        w.config_mut().quotas.entries_per_network_acl = 20;
        w.delete_acl_entry(default, 1, false).unwrap();
        w.add_acl_entry(default, &spec(19, false, "all", None, "0.0.0.0/0", "allow")).unwrap();
    }

    #[test]
    fn rule_numbers_and_the_star_rule_are_protected() {
        let (mut w, v) = world();
        let acl = w.vpc(v).unwrap().default_network_acl;
        for n in [0, -1, 32767, 32768, 65535] {
            let e = w.add_acl_entry(acl, &spec(n, false, "all", None, "0.0.0.0/0", "allow")).unwrap_err();
            assert_eq!(e.code, "InvalidParameterValue", "{n}");
            assert!(e.message.contains(&n.to_string()), "{e}");
        }
        assert_eq!(w.delete_acl_entry(acl, 32767, false).unwrap_err().code, "InvalidParameterValue");
        assert_eq!(w.delete_acl_entry(acl, 5, false).unwrap_err().code, "InvalidNetworkAclEntry.NotFound");
        assert_eq!(w.delete_network_acl(acl).unwrap_err().code, "InvalidParameterValue");
        assert_eq!(w.acl(acl).unwrap().ingress.len(), 1);
    }
}
