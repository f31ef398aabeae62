//! Hints that lead with the architectural cause (issue 10): each test builds the student's
//! mistake, asserts the facts the text names and their order, and applies the advised fixes.
//! Also the compact report: names shown, 100 columns, details kept in `Trace::details`.

use super::explain as x;
use super::tests_fixes::check_fixes;
use super::tests_messages::flat;
use super::tests_scenarios::{INTERNET, Lab, Web, tcp, web_world};
use super::trace::WIDTH;
use super::*;
use crate::model::*;

fn id_of(lab: &Lab, k: ResKey) -> String {
    lab.w.id_of(k).unwrap().to_string()
}

fn flow(source: Endpoint, destination: Endpoint, port: u16) -> Flow {
    Flow { source, destination, protocol: Protocol::Tcp, port, source_port: None }
}

/// `a` appears in `text`, and before `b`.
fn before(text: &str, a: &str, b: &str) -> bool {
    match (text.find(a), text.find(b)) {
        (Some(i), Some(j)) => i < j,
        _ => false,
    }
}

/// Every line of the compact report fits [`WIDTH`] columns.
fn assert_compact(t: &Trace) {
    for line in t.to_string().lines() {
        assert!(line.chars().count() <= WIDTH, "{} columns: {line}\n{t}", line.chars().count());
    }
}

#[test]
fn internet_to_a_private_subnet_says_private_by_design_first() {
    let Web { mut lab, private, web_sg, .. } = web_world();
    lab.allow_in(web_sg, tcp(Some((22, 22))), "0.0.0.0/0");
    let db = lab.launch(private, Some(vec![web_sg]));
    lab.run();
    let f = flow(INTERNET, Endpoint::Instance(db), 22);
    let t = lab.trace_flow(&f);
    assert_eq!(t.explanation().unwrap().code, x::IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, "{t}");
    let m = flat(&t.explanation().unwrap().message);
    let subnet = id_of(&lab, ResKey::Subnet(private));
    for fact in [
        subnet.as_str(),
        "a private subnet by design",
        "no route to an internet gateway",
        "bastion host",
        "Client VPN",
        "Site-to-Site VPN",
        "Direct Connect",
    ] {
        assert!(m.contains(fact), "missing {fact:?}: {m}");
    }
    assert!(before(&m, "a private subnet by design", "Associate an Elastic IP"), "{m}");
    assert!(before(&m, "Direct Connect", "Only if it must be public"), "{m}");
    assert_compact(&t);
    check_fixes(&lab.w, &f, &t).unwrap();
}

#[test]
fn a_public_subnet_keeps_the_elastic_ip_advice_alone() {
    let Web { mut lab, public, web_sg, .. } = web_world();
    lab.w.set_map_public_ip_on_launch(public, false).unwrap();
    lab.allow_in(web_sg, tcp(Some((22, 22))), "0.0.0.0/0");
    let i = lab.launch(public, Some(vec![web_sg]));
    lab.run();
    let t = lab.trace(INTERNET, Endpoint::Instance(i), 22);
    let m = &t.explanation().unwrap().message;
    assert!(m.contains("Associate an Elastic IP"), "{t}");
    assert!(!m.contains("private subnet"), "{t}");
}

#[test]
fn a_subnet_on_the_main_table_is_associated_with_the_custom_table() {
    let Web { mut lab, vpc, public, web_sg, .. } = web_world();
    lab.allow_in(web_sg, tcp(Some((22, 22))), "0.0.0.0/0");
    let forgotten = lab.subnet(vpc, "10.10.3.0/24", true);
    let i = lab.launch(forgotten, Some(vec![web_sg]));
    lab.run();
    let f = flow(INTERNET, Endpoint::Instance(i), 22);
    let t = lab.trace_flow(&f);
    let custom = lab.w.effective_route_table(public).unwrap();
    let main = lab.w.vpc(vpc).unwrap().main_route_table;
    assert_eq!(super::tests_scenarios::codes(&t), vec![x::NO_ROUTE_TO_DESTINATION], "{t}");
    let e = t.explanation().unwrap();
    assert_eq!(e.fixes, vec![Fix::AssociateRouteTable { rtb: custom, subnet: forgotten }], "{t}");
    let m = flat(&e.message);
    let (custom_id, main_id) = (id_of(&lab, ResKey::Rtb(custom)), id_of(&lab, ResKey::Rtb(main)));
    assert!(m.contains(&format!("uses the main route table {main_id}")), "{m}");
    assert!(m.contains(&format!("associate the subnet with {custom_id}")), "{m}");
    assert!(before(&m, "associate the subnet", "Asymmetric paths fail"), "{m}");
    assert!(m.contains("(rt:associate(subnet))"), "{m}");
    assert!(!m.contains("create_route"), "{m}");
    check_fixes(&lab.w, &f, &t).unwrap();
}

/// A public NAT gateway in a private subnet that the private subnets' main table routes
/// 0.0.0.0/0 to; `ready`: the gateway became available.
fn nat_in_private_subnet(ready: bool) -> (Lab, InstanceKey, NatKey, RtbKey) {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let igw = lab.igw(vpc);
    let public = lab.subnet(vpc, "10.0.0.0/24", false);
    let private = lab.subnet(vpc, "10.0.1.0/24", false);
    let rt = lab.rtb(vpc, public);
    lab.route(rt, "0.0.0.0/0", Target::Igw(igw));
    let worker = lab.launch(private, None);
    lab.run();
    let eip = lab.w.allocate_address(lab.region, None, Tags::new()).unwrap();
    let nat = lab.w.create_nat_gateway(private, Some(eip), Connectivity::Public, Tags::new()).unwrap();
    if ready {
        lab.run();
    }
    let main = lab.w.vpc(vpc).unwrap().main_route_table;
    lab.route(main, "0.0.0.0/0", Target::Nat(nat));
    (lab, worker, nat, main)
}

#[test]
fn a_loop_through_a_pending_nat_gateway_lists_each_blocker_once() {
    let (lab, worker, nat, _) = nat_in_private_subnet(false);
    let t = lab.trace(Endpoint::Instance(worker), INTERNET, 443);
    let codes: Vec<&str> = t.explanations.iter().map(|e| e.code).collect();
    // The walk meets the pending gateway on every pass; the trace names it once.
    assert_eq!(codes, [x::BAD_STATE, x::CANNOT_ROUTE], "{t}");
    assert_eq!(t.explanations[0].component, id_of(&lab, ResKey::Nat(nat)), "{t}");
    assert!(t.loops_to[0].is_some(), "{t}");
    assert!(t.forward.len() < 12, "{} hops\n{t}", t.forward.len());
}

#[test]
fn a_public_nat_gateway_in_a_private_subnet_names_the_rule_once() {
    let (lab, worker, nat, main) = nat_in_private_subnet(true);
    let t = lab.trace(Endpoint::Instance(worker), INTERNET, 443);
    assert!(!t.reachable, "{t}");
    assert!(super::tests_scenarios::codes(&t).contains(&x::CANNOT_ROUTE), "{t}");
    let text = t.to_string();
    let flat_text = flat(&text);
    let rule = "A public NAT gateway must sit in a subnet whose route table reaches an internet gateway";
    assert_eq!(flat_text.matches(rule).count(), 1, "{text}");
    assert!(flat_text.contains(&id_of(&lab, ResKey::Nat(nat))), "{text}");
    assert!(text.contains("(the path loops"), "{text}");
    // The trace itself stops at the first repeated hop and holds each explanation once:
    // the report shows exactly its hops.
    let rtb = lab.w.label(ResKey::Rtb(main));
    assert_eq!(t.loops_to, [Some(rtb.clone()), None], "{text}");
    assert!(text.contains(&format!("comes back to {rtb} here")), "{text}");
    let repeated = |i: usize| t.forward[..i].contains(&t.forward[i]);
    assert!(!(0..t.forward.len()).any(repeated), "{text}");
    // Source, group, then table and gateway twice (the second time from the gateway's own
    // address), where the third pass would repeat the second: 6 of the 26 hops walked.
    assert_eq!(t.forward.len(), 6, "{text}");
    let hops = text.lines().take_while(|l| !l.starts_with("return path:")).filter(|l| l.contains(". ")).count();
    assert_eq!(hops, t.forward.len(), "{text}");
    let codes: Vec<&str> = t.explanations.iter().map(|e| e.code).collect();
    assert_eq!(codes, [x::CANNOT_ROUTE], "{text}");
    let blockers: Vec<&str> = text.lines().filter(|l| l.starts_with("  - ")).collect();
    let mut distinct = blockers.clone();
    distinct.dedup();
    assert_eq!(blockers, distinct, "{text}");
    assert_compact(&t);
}

#[test]
fn an_empty_custom_acl_denies_everything_until_rules_are_added() {
    let Web { mut lab, vpc, public, web_sg, web, .. } = web_world();
    lab.allow_in(web_sg, tcp(Some((443, 443))), "0.0.0.0/0");
    lab.acl(vpc, public);
    let f = flow(INTERNET, Endpoint::Instance(web), 443);
    let t = lab.trace_flow(&f);
    assert_eq!(super::tests_scenarios::codes(&t), vec![x::SUBNET_ACL_RESTRICTION, x::SUBNET_ACL_RESTRICTION], "{t}");
    for (e, way) in t.explanations.iter().zip(["inbound", "outbound"]) {
        let m = flat(&e.message);
        assert!(m.contains(&format!("custom network ACL with no {way} rules")), "{m}");
        assert!(m.contains("denies everything until rules are added"), "{m}");
        assert!(m.contains("only a VPC's default network ACL allows all traffic"), "{m}");
    }
    check_fixes(&lab.w, &f, &t).unwrap();
}

#[test]
fn an_acl_with_rules_is_not_called_empty() {
    let Web { mut lab, vpc, public, web_sg, web, .. } = web_world();
    lab.allow_in(web_sg, tcp(Some((443, 443))), "0.0.0.0/0");
    let acl = lab.acl(vpc, public);
    lab.entry(acl, 100, false, tcp(Some((443, 443))), "0.0.0.0/0", true);
    let t = lab.trace(INTERNET, Endpoint::Instance(web), 443);
    let e = t.explanation().unwrap();
    assert_eq!(e.direction, Some(Direction::Egress), "{t}");
    assert!(flat(&e.message).contains("no outbound rules"), "{t}");
    assert!(!t.explanations.iter().any(|e| e.message.contains("no inbound rules")), "{t}");
}

#[test]
fn the_compact_report_names_components_and_keeps_details_apart() {
    let Web { mut lab, web_sg, web, .. } = web_world();
    let mut tags = Tags::new();
    tags.insert("Name".into(), "front door".into());
    lab.w.create_tags(ResKey::Instance(web), &tags).unwrap();
    let t = lab.trace(INTERNET, Endpoint::Instance(web), 443);
    let text = t.to_string();
    let (sg, i) = (id_of(&lab, ResKey::Sg(web_sg)), id_of(&lab, ResKey::Instance(web)));
    assert!(text.contains(&format!("{sg} \"web\"")), "group name shown:\n{text}");
    assert!(text.contains(&format!("{i} \"front door\"")), "Name tag shown:\n{text}");
    let m = &t.explanation().unwrap().message;
    assert!(m.contains(&format!("({sg} \"web\")")), "ids in messages named:\n{text}");
    let hop = t.forward.iter().find(|h| h.component == i).unwrap();
    assert_eq!(hop.label, format!("{i} \"front door\""));
    assert!(!text.contains("93.184.216.34:1024 ->"), "packets only in details:\n{text}");
    assert!(t.details().contains("93.184.216.34:1024 ->"), "{}", t.details());
    assert!(text.contains("walked to find every blocker"), "{text}");
    assert_compact(&t);
}

#[test]
fn a_last_blocker_with_nothing_after_it_has_no_walked_note() {
    let Web { mut lab, private, .. } = web_world();
    let i = lab.launch(private, None);
    lab.run();
    let t = lab.trace(Endpoint::Instance(i), INTERNET, 443);
    assert!(t.return_path.is_empty(), "{t}");
    assert_eq!(t.forward.last().map(|h| h.action), Some(HopAction::Deny), "{t}");
    assert!(!t.to_string().contains("walked to find every blocker"), "{t}");
}

/// A route to a detached gateway: "attach it" only while the VPC has no gateway of that kind;
/// once it has its own, the advice is to point the route at that one (attaching would fail).
#[test]
fn a_detached_gateway_is_reattached_only_where_the_vpc_has_none() {
    let mut l = crate::model::testlab::lab();
    l.w.detach_internet_gateway(l.g, Some(l.v)).unwrap();
    let (text, fixes) = explain::blackhole(&l.w, l.rt, Target::Igw(l.g));
    assert!(text.contains("attach it to"), "{text}");
    assert_eq!(fixes.len(), 1, "{text}");
    let own = l.w.create_internet_gateway(l.r, Tags::new()).unwrap();
    l.w.attach_internet_gateway(own, l.v).unwrap();
    let (text, fixes) = explain::blackhole(&l.w, l.rt, Target::Igw(l.g));
    let own_id = l.w.id_of(ResKey::Igw(own)).unwrap().to_string();
    assert!(text.contains(&own_id) && text.contains("point the route at it"), "{text}");
    assert!(!text.contains("attach it to") && fixes.is_empty(), "{text}");
}
