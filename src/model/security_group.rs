//! Security groups: stateful allow rules by CIDR or source group, unioned per interface.

use super::*;
use crate::aws_err;
use crate::net::Cidr;

/// The other side of a rule: an address block or the members of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Peer {
    /// Addresses in a block.
    Cidr(Cidr),
    /// Private addresses of interfaces carrying this group.
    Group(SgKey),
}

/// A security group rule (one CIDR or one group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SgRule {
    /// `sgr-…`.
    pub id: String,
    /// Protocol and ports.
    pub traffic: Traffic,
    /// Source (ingress) or destination (egress).
    pub peer: Peer,
    /// Optional description.
    pub description: Option<String>,
}

/// A security group.
#[derive(Debug, Clone)]
pub struct SecurityGroup {
    /// `sg-…`.
    pub id: String,
    /// Its VPC.
    pub vpc: VpcKey,
    /// The AWS group name (unique per VPC).
    pub group_name: String,
    /// Description.
    pub description: String,
    /// Inbound rules.
    pub ingress: Vec<SgRule>,
    /// Outbound rules.
    pub egress: Vec<SgRule>,
    /// Tags.
    pub tags: Tags,
}

impl SecurityGroup {
    /// The rules of one direction.
    pub fn rules(&self, egress: bool) -> &[SgRule] {
        if egress { &self.egress } else { &self.ingress }
    }
}

/// Rules to add or revoke: one traffic spec for several peers.
#[derive(Debug, Clone)]
pub struct SgRuleSpec {
    /// Protocol and ports.
    pub traffic: Traffic,
    /// Peers: CIDR texts and groups.
    pub cidrs: Vec<String>,
    /// A source group, if any.
    pub group: Option<SgKey>,
    /// Optional description.
    pub description: Option<String>,
}

/// What a revoke did: rules removed, and (default VPC only) rules that did not exist.
#[derive(Debug, Clone, Default)]
pub struct RevokeOutcome {
    /// Removed rules.
    pub revoked: Vec<SgRule>,
    /// Unknown permissions (the default VPC returns them instead of failing).
    pub unknown: Vec<(Traffic, Peer)>,
}

fn dir(egress: bool) -> &'static str {
    if egress { "egress" } else { "ingress" }
}

impl World {
    pub(crate) fn insert_default_sg(&mut self, vpc: VpcKey) -> SgKey {
        let key = self.stores.sgs.next_key();
        let ingress =
            vec![SgRule { id: self.new_id_rule(), traffic: Traffic::all(), peer: Peer::Group(key), description: None }];
        self.insert_sg(vpc, "default", "default VPC security group", ingress, Tags::new())
    }

    fn new_id_rule(&mut self) -> String {
        self.ids.next("sgr")
    }

    fn insert_sg(&mut self, vpc: VpcKey, name: &str, description: &str, ingress: Vec<SgRule>, tags: Tags) -> SgKey {
        let id = self.new_id(Kind::SecurityGroup);
        let all_out = SgRule {
            id: self.new_id_rule(),
            traffic: Traffic::all(),
            peer: Peer::Cidr(Cidr::parse("0.0.0.0/0").expect("static")),
            description: None,
        };
        let key = self.stores.sgs.insert(SecurityGroup {
            id: id.clone(),
            vpc,
            group_name: name.to_string(),
            description: description.to_string(),
            ingress,
            egress: vec![all_out],
            tags,
        });
        self.register(&id, ResKey::Sg(key));
        key
    }

    /// `CreateSecurityGroup`: no inbound rules, all outbound allowed.
    pub fn create_security_group(
        &mut self,
        vpc: VpcKey,
        group_name: &str,
        description: Option<&str>,
        tags: Tags,
    ) -> Result<SgKey> {
        super::tags::check(&tags)?;
        let v = self.vpc(vpc)?;
        let name = group_name.trim_end();
        if name.is_empty() {
            return Err(aws_err!("MissingParameter", "The request must contain the parameter groupName"));
        }
        if name.len() > 255 {
            return Err(aws_err!(
                "InvalidParameterValue",
                "Invalid value '{name}' for groupName: at most 255 characters"
            ));
        }
        if name.eq_ignore_ascii_case("default") {
            return Err(aws_err!(
                "InvalidGroup.Reserved",
                "The security group name 'default' is reserved: every VPC already has its own default group"
            ));
        }
        if name.starts_with("sg-") {
            return Err(aws_err!(
                "InvalidParameterValue",
                "Invalid value '{name}' for groupName: group names may not start with 'sg-'"
            ));
        }
        if let Some((_, g)) = self.stores.sgs.iter().find(|(_, g)| g.vpc == vpc && g.group_name == name) {
            return Err(aws_err!(
                "InvalidGroup.Duplicate",
                "The security group '{name}' already exists for VPC {} ({})",
                self.quoted_label(&v.id),
                self.label_id(&g.id)
            ));
        }
        let description = description.unwrap_or(name).to_string();
        Ok(self.insert_sg(vpc, name, &description, Vec::new(), tags))
    }

    /// Whether a group may reference `other`: same VPC, or a VPC of the same Region joined by
    /// an active peering (AWS: groups of an inter-Region peer cannot be referenced).
    pub fn can_reference(&self, vpc: VpcKey, other: SgKey) -> bool {
        let Some(g) = self.stores.sgs.get(other) else { return false };
        g.vpc == vpc || (self.active_peering(vpc, g.vpc).is_some() && self.same_region(vpc, g.vpc))
    }

    fn same_region(&self, a: VpcKey, b: VpcKey) -> bool {
        matches!((self.stores.vpcs.get(a), self.stores.vpcs.get(b)), (Some(a), Some(b)) if a.region == b.region)
    }

    fn rule_peers(&self, sg: SgKey, spec: &SgRuleSpec) -> Result<Vec<Peer>> {
        let g = self.sg(sg)?;
        let mut peers = Vec::new();
        for c in &spec.cidrs {
            peers.push(Peer::Cidr(vpc::parse_cidr(c, "cidrIp")?));
        }
        if let Some(other) = spec.group {
            let o = self.sg(other)?;
            if self.active_peering(g.vpc, o.vpc).is_some() && !self.same_region(g.vpc, o.vpc) {
                // AWS looks the group up in the rule's own Region, where it does not exist.
                return Err(aws_err!(
                    "InvalidGroup.NotFound",
                    "The security group '{}' does not exist in this Region: {} is in a peer VPC ({}) of another Region, and groups of an inter-Region peering cannot be referenced. Use the peer VPC's CIDR block instead ({})",
                    o.id,
                    self.label_id(&o.id),
                    self.label_id(&self.vpc(o.vpc)?.id),
                    self.vpc(o.vpc)?.cidrs.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")
                ));
            }
            if !self.can_reference(g.vpc, other) {
                return Err(aws_err!(
                    "InvalidGroup.NotFound",
                    "You have specified two resources that belong to different networks: {} ({}) cannot reference {} ({})",
                    self.label_id(&g.id),
                    self.label_id(&self.vpc(g.vpc)?.id),
                    self.label_id(&o.id),
                    self.label_id(&self.vpc(o.vpc)?.id)
                ));
            }
            peers.push(Peer::Group(other));
        }
        match (peers.len(), spec.cidrs.is_empty(), spec.group.is_some()) {
            (0, _, _) => {
                Err(aws_err!("MissingParameter", "A rule needs a source: cidr_block, cidr_blocks or source_group"))
            }
            (_, false, true) => Err(aws_err!(
                "InvalidParameterCombination",
                "Only one of cidr_block(s) or source_group can be specified in one rule"
            )),
            _ => Ok(peers),
        }
    }

    /// `AuthorizeSecurityGroupIngress/Egress`: one rule per peer, duplicates and quota refused.
    pub fn authorize(&mut self, sg: SgKey, egress: bool, spec: &SgRuleSpec) -> Result<Vec<SgRule>> {
        let peers = self.rule_peers(sg, spec)?;
        let g = self.sg(sg)?;
        let existing = g.rules(egress);
        for (i, p) in peers.iter().enumerate() {
            if existing.iter().any(|r| r.traffic == spec.traffic && r.peer == *p) || peers[..i].contains(p) {
                return Err(aws_err!(
                    "InvalidPermission.Duplicate",
                    "the specified rule \"peer: {}, {}, ALLOW\" already exists in {} ({})",
                    self.peer_text(*p),
                    traffic_text(&spec.traffic),
                    self.label_id(&g.id),
                    dir(egress)
                ));
            }
        }
        let limit = self.config.quotas.rules_per_security_group;
        if (existing.len() + peers.len()) as u32 > limit {
            return Err(aws_err!(
                "RulesPerSecurityGroupLimitExceeded",
                "The maximum number of rules per security group has been reached: {} has {} {} rules, adding {} would exceed {limit}",
                self.label_id(&g.id),
                existing.len(),
                dir(egress),
                peers.len()
            ));
        }
        let mut added = Vec::new();
        for p in peers {
            added.push(SgRule {
                id: self.new_id_rule(),
                traffic: spec.traffic,
                peer: p,
                description: spec.description.clone(),
            });
        }
        let g = self.get_mut(sg)?;
        let list = if egress { &mut g.egress } else { &mut g.ingress };
        list.extend(added.iter().cloned());
        Ok(added)
    }

    /// `RevokeSecurityGroupIngress/Egress`. Unknown rules fail with
    /// `InvalidPermission.NotFound`, except in a default VPC, where they are returned.
    pub fn revoke(&mut self, sg: SgKey, egress: bool, spec: &SgRuleSpec) -> Result<RevokeOutcome> {
        let peers = self.rule_peers(sg, spec)?;
        let g = self.sg(sg)?;
        let in_default_vpc = self.vpc(g.vpc)?.is_default;
        let mut out = RevokeOutcome::default();
        for p in &peers {
            if !g.rules(egress).iter().any(|r| r.traffic == spec.traffic && r.peer == *p) {
                if !in_default_vpc {
                    return Err(aws_err!(
                        "InvalidPermission.NotFound",
                        "The specified rule does not exist in this security group: {} has no {} rule \"peer: {}, {}\"",
                        self.label_id(&g.id),
                        dir(egress),
                        self.peer_text(*p),
                        traffic_text(&spec.traffic)
                    ));
                }
                out.unknown.push((spec.traffic, *p));
            }
        }
        let g = self.get_mut(sg)?;
        let list = if egress { &mut g.egress } else { &mut g.ingress };
        list.retain(|r| {
            let hit = r.traffic == spec.traffic && peers.contains(&r.peer);
            if hit {
                out.revoked.push(r.clone());
            }
            !hit
        });
        Ok(out)
    }

    /// `DeleteSecurityGroup`: not `default`, not while used or referenced.
    pub fn delete_security_group(&mut self, sg: SgKey) -> Result<()> {
        let g = self.sg(sg)?;
        if self.vpc(g.vpc)?.default_security_group == sg {
            return Err(aws_err!(
                "CannotDelete",
                "the specified group: \"{}\" name: \"default\" cannot be deleted by a user",
                self.label_id(&g.id)
            ));
        }
        if let Some((_, e)) = self.stores.enis.iter().find(|(_, e)| e.security_groups.contains(&sg)) {
            return Err(aws_err!(
                "DependencyViolation",
                "resource {} has a dependent object: network interface {}",
                self.label_id(&g.id),
                self.label_id(&e.id)
            ));
        }
        if let Some((_, o)) = self
            .stores.sgs
            .iter()
            .find(|(k, o)| *k != sg && o.ingress.iter().chain(&o.egress).any(|r| r.peer == Peer::Group(sg)))
        {
            return Err(aws_err!(
                "DependencyViolation",
                "resource {} has a dependent object: it is referenced by a rule of {}",
                self.label_id(&g.id),
                self.label_id(&o.id)
            ));
        }
        let id = g.id.clone();
        self.stores.sgs.remove(sg);
        self.unregister(&id);
        Ok(())
    }

    /// Checks a list of groups for an interface in `vpc`: 1 to the quota, all in that VPC.
    pub(crate) fn check_interface_groups(&self, vpc: VpcKey, subnet_id: &str, groups: &[SgKey]) -> Result<()> {
        if groups.is_empty() {
            return Err(aws_err!("MissingParameter", "An interface needs at least one security group"));
        }
        let limit = self.config.quotas.security_groups_per_interface;
        if groups.len() as u32 > limit {
            return Err(aws_err!(
                "SecurityGroupsPerInterfaceLimitExceeded",
                "The maximum number of security groups per interface ({limit}) has been reached: {} given",
                groups.len()
            ));
        }
        for (i, g) in groups.iter().enumerate() {
            let s = self.sg(*g)?;
            if s.vpc != vpc {
                return Err(aws_err!(
                    "InvalidParameter",
                    "Security group {} and subnet {} belong to different networks.",
                    self.label_id(&s.id),
                    self.label_id(subnet_id)
                ));
            }
            if groups[..i].contains(g) {
                return Err(aws_err!("InvalidParameterValue", "The security group {} is listed twice", self.label_id(&s.id)));
            }
        }
        Ok(())
    }

    fn peer_text(&self, p: Peer) -> String {
        match p {
            Peer::Cidr(c) => c.to_string(),
            Peer::Group(g) => self.stores.sgs.get(g).map(|g| g.id.clone()).unwrap_or_default(),
        }
    }
}

/// `TCP, from port: 22, to port: 22` as AWS's messages say it.
pub(crate) fn traffic_text(t: &Traffic) -> String {
    match (t.protocol, t.ports, t.icmp) {
        (p, Some(r), _) => format!("{}, from port: {}, to port: {}", p.to_string().to_uppercase(), r.from, r.to),
        (p, _, Some(i)) => format!("{}, type: {}, code: {}", p.to_string().to_uppercase(), i.icmp_type, i.code),
        (p, _, _) => p.to_string().to_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two peered VPCs, in `us-east-1` and in `other`, and a group in each.
    fn peered(other: &str) -> (World, SgKey, SgKey) {
        let mut w = World::new();
        let (east, far) = (w.region("us-east-1").unwrap(), w.region(other).unwrap());
        let a = w.create_vpc(east, "10.1.0.0/16", Tags::new()).unwrap();
        let b = w.create_vpc(far, "10.2.0.0/16", Tags::new()).unwrap();
        let p = w.request_peering(a, b, Tags::new()).unwrap();
        w.accept_peering(p).unwrap();
        let ga = w.create_security_group(a, "a", None, Tags::new()).unwrap();
        let gb = w.create_security_group(b, "b", None, Tags::new()).unwrap();
        (w, ga, gb)
    }

    fn from_group(g: SgKey) -> SgRuleSpec {
        let traffic = Traffic::new(Protocol::Tcp, crate::net::PortRange::new(22, 22), None).unwrap();
        SgRuleSpec { traffic, cidrs: vec![], group: Some(g), description: None }
    }

    #[test]
    fn a_peer_group_in_another_region_cannot_be_referenced() {
        let (mut w, ga, gb) = peered("eu-west-1");
        let before = w.sg(ga).unwrap().ingress.len();
        let e = w.authorize(ga, false, &from_group(gb)).unwrap_err();
        assert_eq!(e.code, "InvalidGroup.NotFound");
        assert!(e.message.contains(&w.sg(gb).unwrap().id) && e.message.contains("10.2.0.0/16"), "{e:?}");
        assert_eq!(w.sg(ga).unwrap().ingress.len(), before, "nothing changed");
        // The same peering within one Region allows the reference.
        let (mut w, ga, gb) = peered("us-east-1");
        assert!(w.authorize(ga, false, &from_group(gb)).is_ok());
    }
}
