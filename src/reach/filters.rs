//! The filters on a path: security groups (stateful, matched on an interface, group
//! references included) and network ACLs (stateless, on a subnet in one direction), with the
//! blockers they raise.

use super::engine::{Engine, Sink, Step, Stop, expl, with_fixes};
use super::explain::{self as x, id};
use super::fix;
use super::trace::{Direction, Explanation, HopAction};
use crate::model::{EniKey, Peer, Protocol, ResKey, RuleAction, SubnetKey, World};
use crate::net::{Cidr, PortRange};
use std::net::Ipv4Addr;

/// A rule blocker for a source address that no gateway translated: a rule for that address
/// would not help (the source must get a public address first, then that one is seen).
fn untranslated_note(mut e: Explanation, addr: Ipv4Addr) -> Explanation {
    let cut = e.message.find(". Add ").map(|i| i + 1).unwrap_or(e.message.len());
    e.message.truncate(cut);
    e.message.push_str(&format!(" {addr} is a private source address that no internet gateway translated: once the source has a public address, it is that address the rule must allow."));
    e
}

/// The empty-custom-ACL cause for a subnet's network ACL, or nothing.
pub(super) fn empty_acl(w: &World, subnet: SubnetKey, egress: bool) -> String {
    w.subnets().get(subnet).and_then(|s| x::empty_acl_cause(w, s.network_acl, egress)).unwrap_or_default()
}

/// The result of matching a packet against an interface's security groups.
enum SgMatch {
    /// A rule of this group (index in its list) matches.
    Rule(crate::model::SgKey, usize),
    /// No group has a rule in that direction.
    NoRules,
    /// Rules exist; none matches.
    NoMatch,
}

/// Matches a packet against an interface's groups. `remote` is the interface holding the
/// other end's address, when that address is one of its private addresses.
fn sg_match(
    w: &World,
    eni: EniKey,
    egress: bool,
    proto: Protocol,
    port: u16,
    addr: Ipv4Addr,
    remote: Option<EniKey>,
) -> SgMatch {
    let Some(e) = w.enis().get(eni) else { return SgMatch::NoRules };
    let a = u32::from(addr);
    let remote = remote.and_then(|r| w.enis().get(r)).filter(|r| r.private_ip == addr);
    let mut any = false;
    for &g in &e.security_groups {
        let Some(group) = w.sgs().get(g) else { continue };
        let rules = group.rules(egress);
        any |= !rules.is_empty();
        for (i, r) in rules.iter().enumerate() {
            if !r.traffic.matches(proto, port) {
                continue;
            }
            let hit = match r.peer {
                Peer::Cidr(c) => c.contains_u32(a),
                Peer::Group(pg) => remote.is_some_and(|r| {
                    r.security_groups.contains(&pg) && (r.vpc == e.vpc || w.active_peering(e.vpc, r.vpc).is_some())
                }),
            };
            if hit {
                return SgMatch::Rule(g, i);
            }
        }
    }
    if any { SgMatch::NoMatch } else { SgMatch::NoRules }
}

fn groups_text(w: &World, eni: EniKey) -> String {
    w.enis()
        .get(eni)
        .map(|e| e.security_groups.iter().map(|g| id(w, ResKey::Sg(*g))).collect::<Vec<_>>().join(", "))
        .unwrap_or_default()
}

impl<S: Sink> Engine<'_, S> {
    /// An interface's security groups in one direction for the packet (step 2 / 7).
    pub(super) fn sg_step(&mut self, eni: EniKey, egress: bool) -> Step {
        let (addr, remote) = if egress { (self.pkt.dst, self.dest.eni) } else { (self.pkt.src, self.sender) };
        let (proto, port) = (self.proto, self.pkt.dst_port);
        let m = sg_match(self.w, eni, egress, proto, port, addr, remote);
        let dir = Direction::of(egress);
        let way = if egress { "outbound" } else { "inbound" };
        let (to_from, to_from_cap) = if egress { ("to", "to") } else { ("from", "from") };
        match m {
            SgMatch::Rule(g, i) => {
                self.hop(|w| {
                    let rule = w.sgs().get(g).map(|s| x::sg_rule_text(w, &s.rules(egress)[i], egress));
                    (
                        id(w, ResKey::Sg(g)),
                        "security-group",
                        HopAction::Allow,
                        rule,
                        format!("{way} {}", x::flow_text(proto, port)),
                    )
                });
                Ok(())
            }
            SgMatch::NoRules | SgMatch::NoMatch => {
                let no_rules = matches!(m, SgMatch::NoRules);
                let first = self.w.enis().get(eni).and_then(|e| e.security_groups.first().copied());
                self.hop(|w| {
                    let c = first.map(|g| id(w, ResKey::Sg(g))).unwrap_or_default();
                    (
                        c,
                        "security-group",
                        HopAction::Deny,
                        None,
                        format!("no {way} rule matches {}", x::flow_text(proto, port)),
                    )
                });
                // A group reference can name the peer only when the address is its private one.
                let member = remote.and_then(|r| self.w.enis().get(r)).is_some_and(|r| r.private_ip == addr);
                let via = self.via_appliance;
                let untranslated = self.untranslated && !egress;
                self.block(|w| {
                    let c = first.map(|g| id(w, ResKey::Sg(g))).unwrap_or_default();
                    let groups = groups_text(w, eni);
                    let eni_id = id(w, ResKey::Eni(eni));
                    let what = x::flow_text(proto, port);
                    let or_group = match (member, via) {
                        (true, _) => ", or a group the peer belongs to",
                        (false, Some(_)) if !egress => "; group references do not match here, because the packet reached the interface through an appliance",
                        _ => "",
                    };
                    let (code, message) = if no_rules {
                        (x::SG_HAS_NO_RULES, format!(
                            "The security groups of {eni_id} ({groups}) have no {way} rules at all, so {what} {to_from} {addr} is dropped. Add an {way} rule allowing {what} {to_from_cap} {addr}/32 (or a wider block{or_group}) to one of them."
                        ))
                    } else {
                        (x::ENI_SG_RULES_MISMATCH, format!(
                            "No {way} rule of the security groups of {eni_id} ({groups}) allows {what} {to_from} {addr}. Add an {way} rule for {what} {to_from_cap} {addr}/32 (or a wider block{or_group}) to one of them."
                        ))
                    };
                    let e = expl(code, c, "security-group", Some(dir), None, message);
                    if untranslated {
                        return untranslated_note(e, addr);
                    }
                    let traffic = fix::flow_traffic(proto, PortRange::single(port));
                    let fixes = first.and_then(|g| fix::authorize(w, g, egress, traffic, Cidr::host(addr)));
                    with_fixes(e, w, fixes.into_iter().collect())
                })
            }
        }
    }

    /// The subnet's network ACL in one direction for the packet (step 4 / 6).
    pub(super) fn acl_step(&mut self, subnet: SubnetKey, egress: bool) -> Step {
        let w = self.w;
        let Some(acl_key) = w.subnets().get(subnet).map(|s| s.network_acl) else { return Err(Stop) };
        let Some(acl) = w.acls().get(acl_key) else { return Err(Stop) };
        let addr = if egress { self.pkt.dst } else { self.pkt.src };
        let (proto, port) = (self.proto, self.pkt.dst_port);
        let v = acl.evaluate(egress, proto, port, addr);
        let allow = v.action == RuleAction::Allow;
        let entry = v.entry;
        let way = if egress { "outbound" } else { "inbound" };
        let to_from = if egress { "to" } else { "from" };
        let untranslated = self.untranslated && !egress;
        self.hop(|_| {
            (
                acl.id.clone(),
                "network-acl",
                if allow { HopAction::Allow } else { HopAction::Deny },
                Some(x::acl_rule_text(entry)),
                format!("{way} {} {to_from} {addr}", x::flow_text(proto, port)),
            )
        });
        if !allow {
            self.block(|w| {
                let sid = id(w, ResKey::Subnet(subnet));
                let rule = x::acl_rule_text(entry);
                let what = x::flow_text(proto, port);
                let cause = match entry {
                    Some(e) => format!("rule {} denies it", e.rule_number),
                    None => "no rule matches, so the final * rule denies it".to_string(),
                };
                let e = expl(
                    x::SUBNET_ACL_RESTRICTION,
                    acl.id.clone(),
                    "network-acl",
                    Some(Direction::of(egress)),
                    Some(rule),
                    format!(
                        "{}Network ACL {} of subnet {sid} blocks {way} {what} {to_from} {addr}: {cause}. Add an {way} allow rule for {what} {to_from} {addr} numbered below any deny that matches (ACLs are stateless: the response needs its own rule).",
                        empty_acl(w, subnet, egress),
                        acl.id
                    ),
                );
                if untranslated {
                    return untranslated_note(e, addr);
                }
                let traffic = fix::flow_traffic(proto, PortRange::single(port));
                let fixes = fix::acl_allow(w, acl_key, egress, traffic, Cidr::host(addr));
                with_fixes(e, w, fixes.into_iter().collect())
            })?;
        }
        Ok(())
    }
}
