//! Messages that are always true: one table row per situation, with the codes expected, the
//! facts the report must name (ids, states, ports) and the claims it must not make. Every
//! row's advised fixes are also applied to a copy of the world (`tests_fixes.rs`).

use super::explain as x;
use super::tests_fixes::check_fixes;
use super::tests_scenarios::{App, INTERNET, Lab, Web, app_world, codes, peered, tcp, web_world};
use super::*;
use crate::model::*;

/// A situation: the world, the flow, the codes, facts that must appear and claims that must not.
/// A named way to build a case.
type Row = (&'static str, fn() -> Case);

struct Case {
    lab: Lab,
    flow: Flow,
    codes: Vec<&'static str>,
    has: Vec<String>,
    not: Vec<&'static str>,
}

fn flow(source: Endpoint, destination: Endpoint, port: u16) -> Flow {
    Flow { source, destination, protocol: Protocol::Tcp, port, source_port: None }
}

/// A report with its line breaks and runs of spaces made single spaces (facts may wrap).
pub(crate) fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn id_of(lab: &Lab, k: ResKey) -> String {
    lab.w.id_of(k).unwrap().to_string()
}

/// Internet to the web server, whose return route for the client's block is a blackhole.
fn return_blackhole(pending: bool) -> Case {
    let Web { mut lab, vpc, public, web_sg, web, .. } = web_world();
    lab.allow_in(web_sg, tcp(Some((443, 443))), "0.0.0.0/0");
    let rt = lab.w.effective_route_table(public).unwrap();
    let (target, fact) = if pending {
        let other = lab.vpc("10.20.0.0/16");
        let p = lab.w.request_peering(vpc, other, Tags::new()).unwrap();
        (Target::Pcx(p), format!("{} is pending-acceptance: accept it", id_of(&lab, ResKey::Pcx(p))))
    } else {
        let eip = lab.w.allocate_address(lab.region, None, Tags::new()).unwrap();
        let n = lab.w.create_nat_gateway(public, Some(eip), Connectivity::Public, Tags::new()).unwrap();
        lab.run();
        (Target::Nat(n), format!("NAT gateway {} was deleted", id_of(&lab, ResKey::Nat(n))))
    };
    lab.route(rt, "93.184.216.0/24", target);
    if let Target::Nat(n) = target {
        lab.w.delete_nat_gateway(n).unwrap();
        lab.run();
    }
    let rt_id = id_of(&lab, ResKey::Rtb(rt));
    Case {
        flow: flow(INTERNET, Endpoint::Instance(web), 443),
        lab,
        codes: vec![x::BAD_STATE_ROUTE],
        has: vec![fact, format!("return route 93.184.216.0/24 in {rt_id}")],
        not: vec!["deleted, detached or stopped", "Asymmetric", "allowed none"],
    }
}

fn nat_eip_inbound() -> Case {
    let App { mut lab, nat, eip, .. } = app_world();
    lab.run();
    let public = lab.w.eip(eip).unwrap().public_ip;
    let nat_id = id_of(&lab, ResKey::Nat(nat));
    Case {
        lab,
        flow: flow(INTERNET, Endpoint::Internet(public), 22),
        codes: vec![x::NO_ROUTE_TO_DESTINATION],
        has: vec![nat_id, "accept no inbound connections".into()],
        not: vec!["Associate an Elastic IP", "not an address of a resource"],
    }
}

fn private_nat_to_igw() -> Case {
    let App { mut lab, public, private_rt, worker, .. } = app_world();
    let n = lab.w.create_nat_gateway(public, None, Connectivity::Private, Tags::new()).unwrap();
    lab.run();
    lab.w.replace_route(private_rt, "0.0.0.0/0", Target::Nat(n)).unwrap();
    let nat_id = id_of(&lab, ResKey::Nat(n));
    Case {
        lab,
        flow: flow(Endpoint::Instance(worker), INTERNET, 443),
        codes: vec![x::IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS],
        has: vec![nat_id, "public NAT gateway".into()],
        not: vec!["Associate an Elastic IP", "Fix:"],
    }
}

fn edge_to_edge() -> Case {
    let (mut lab, [a, _, _], [va, _, _], [ab, _]) = peered();
    let main = lab.w.vpc(va).unwrap().main_route_table;
    lab.route(main, "0.0.0.0/0", Target::Pcx(ab));
    Case {
        flow: flow(Endpoint::Instance(a), INTERNET, 443),
        has: vec![id_of(&lab, ResKey::Pcx(ab)), "edge-to-edge".into(), "93.184.216.34".into()],
        lab,
        codes: vec![x::PCX_REQUIRES_ADDRESS_IN_VPC_CIDR],
        not: vec!["peer with", "peer the two VPCs"],
    }
}

fn terminated_destination() -> Case {
    let Web { mut lab, web_sg, web, public, .. } = web_world();
    let other = lab.launch(public, Some(vec![web_sg]));
    lab.run();
    lab.w.terminate_instance(web).unwrap();
    lab.run();
    Case {
        has: vec![id_of(&lab, ResKey::Instance(web)), "terminated".into(), "launch a replacement".into()],
        lab,
        flow: flow(Endpoint::Instance(other), Endpoint::Instance(web), 22),
        codes: vec![x::BAD_STATE],
        not: vec!["Start it", "start it", "Fix:"],
    }
}

fn stopped_destination() -> Case {
    let Web { mut lab, web_sg, web, public, .. } = web_world();
    lab.allow_in(web_sg, tcp(Some((22, 22))), "10.10.0.0/16");
    let other = lab.launch(public, Some(vec![web_sg]));
    lab.run();
    lab.w.stop_instance(web, false).unwrap();
    lab.run();
    Case {
        has: vec![id_of(&lab, ResKey::Instance(web)), "is stopped".into(), "Fix: start".into()],
        lab,
        flow: flow(Endpoint::Instance(other), Endpoint::Instance(web), 22),
        codes: vec![x::BAD_STATE],
        not: vec!["launch a replacement", "stopping"],
    }
}

/// Out through an internet gateway from an instance that has no public address.
fn no_public_address_out() -> Case {
    let Web { mut lab, vpc, private, .. } = web_world();
    let rt = lab.w.effective_route_table(private).unwrap();
    let igw = lab.w.vpc(vpc).unwrap().internet_gateway.unwrap();
    lab.route(rt, "0.0.0.0/0", Target::Igw(igw));
    let i = lab.launch(private, None);
    lab.run();
    let ip = lab.w.eni(lab.eni(i)).unwrap().private_ip;
    Case {
        has: vec![format!("{ip} has no public address"), "Fix: allocate an Elastic IP".into()],
        lab,
        flow: flow(Endpoint::Instance(i), INTERNET, 443),
        codes: vec![x::IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS],
        not: vec!["back to"],
    }
}

fn icmp_type_mismatch() -> Case {
    let Web { mut lab, web_sg, web, .. } = web_world();
    let reply_only =
        Traffic { protocol: Protocol::Icmp, ports: None, icmp: Some(IcmpMatch { icmp_type: 0, code: -1 }) };
    lab.allow_in(web_sg, reply_only, "0.0.0.0/0");
    let f = Flow {
        source: INTERNET,
        destination: Endpoint::Instance(web),
        protocol: Protocol::Icmp,
        port: IcmpMatch::packet(8, 0),
        source_port: None,
    };
    Case {
        lab,
        flow: f,
        codes: vec![x::ENI_SG_RULES_MISMATCH],
        has: vec!["icmp type 8 code 0".into(), "Fix: allow icmp type 8 code 0 from 93.184.216.34/32".into()],
        not: vec!["ephemeral", "response ports", "1024-65535"],
    }
}

/// A NAT gateway in a VPC without an internet gateway: pending, then failed.
fn failing_nat(advance: bool) -> Case {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let sn = lab.subnet(vpc, "10.0.0.0/24", false);
    let worker = lab.launch(sn, None);
    lab.run();
    let eip = lab.w.allocate_address(lab.region, None, Tags::new()).unwrap();
    let n = lab.w.create_nat_gateway(sn, Some(eip), Connectivity::Public, Tags::new()).unwrap();
    let rt = lab.rtb(vpc, sn);
    lab.route(rt, "0.0.0.0/0", Target::Nat(n));
    if advance {
        lab.run();
    }
    let nat = id_of(&lab, ResKey::Nat(n));
    let (codes, fact) = if advance {
        (vec![x::BAD_STATE_ROUTE], format!("NAT gateway {nat} is failed: create a new NAT gateway"))
    } else {
        (vec![x::BAD_STATE], format!("NAT gateway {nat} is pending (Gateway.NotAttached"))
    };
    Case {
        lab,
        flow: flow(Endpoint::Instance(worker), INTERNET, 443),
        codes,
        has: vec![fact],
        not: vec!["subnet is full"],
    }
}

fn forward_blocked_return_fine() -> Case {
    let Web { lab, web, .. } = web_world();
    Case {
        lab,
        flow: flow(INTERNET, Endpoint::Instance(web), 443),
        codes: vec![x::SG_HAS_NO_RULES],
        has: vec!["forward path blocked; the return path allows response ports 1024-65535".into()],
        not: vec!["allowed none"],
    }
}

#[test]
fn messages_name_the_real_state_and_a_fix_that_works() {
    let cases: Vec<Row> = vec![
        ("return route to a deleted NAT gateway", || return_blackhole(false)),
        ("return route to a pending peering", || return_blackhole(true)),
        ("internet to a NAT gateway's Elastic IP", nat_eip_inbound),
        ("private NAT gateway routed to an internet gateway", private_nat_to_igw),
        ("edge to edge through a peering", edge_to_edge),
        ("terminated destination", terminated_destination),
        ("stopped destination", stopped_destination),
        ("no public address on the way out", no_public_address_out),
        ("icmp type and code", icmp_type_mismatch),
        ("forward blocked, return fine", forward_blocked_return_fine),
        ("a pending NAT gateway that will fail", || failing_nat(false)),
        ("a failed NAT gateway", || failing_nat(true)),
    ];
    for (name, build) in cases {
        let c = build();
        let t = c.lab.trace_flow(&c.flow);
        let text = t.to_string();
        let flat = flat(&t.details());
        assert_eq!(codes(&t), c.codes, "{name}:\n{text}");
        for fact in &c.has {
            assert!(flat.contains(fact.as_str()), "{name}: missing {fact:?}:\n{text}");
        }
        for claim in &c.not {
            assert!(!flat.contains(claim), "{name}: must not say {claim:?}:\n{text}");
        }
        check_fixes(&c.lab.w, &c.flow, &t).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn icmp_echo_is_matched_by_type_and_code() {
    let Web { mut lab, web_sg, web, .. } = web_world();
    let echo = Traffic { protocol: Protocol::Icmp, ports: None, icmp: Some(IcmpMatch { icmp_type: 8, code: 0 }) };
    lab.allow_in(web_sg, echo, "0.0.0.0/0");
    let f = |t: u8, c: u8| Flow {
        source: INTERNET,
        destination: Endpoint::Instance(web),
        protocol: Protocol::Icmp,
        port: IcmpMatch::packet(t, c),
        source_port: None,
    };
    let t = lab.trace_flow(&f(8, 0));
    assert!(t.reachable, "{t}");
    assert!(t.to_string().contains("the reply, icmp type 0 code 0, gets back"), "{t}");
    assert!(!lab.trace_flow(&f(13, 0)).reachable, "timestamp requests are another type");
    assert!(!lab.trace_flow(&f(8, 1)).reachable, "code 1 is not code 0");
}

#[test]
fn return_hops_show_the_packet_as_it_leaves() {
    let App { mut lab, worker, nat, .. } = app_world();
    lab.run();
    let t = lab.trace(Endpoint::Instance(worker), INTERNET, 443);
    assert!(t.reachable, "{t}");
    let ip = lab.w.eni(lab.eni(worker)).unwrap().private_ip;
    let nat_id = id_of(&lab, ResKey::Nat(nat));
    let hop = t.return_path.iter().find(|h| h.component == nat_id).unwrap();
    assert_eq!(hop.packet.dst, ip, "{t}");
    assert_eq!(hop.packet.dst_port, 32768, "{t}");
}

#[test]
fn an_appliance_with_its_check_on_does_not_forward() {
    let Web { mut lab, vpc, public, private, .. } = web_world();
    let appliance = lab.launch(public, None);
    let worker = lab.launch(private, None);
    lab.run();
    let rt = lab.rtb(vpc, private);
    lab.route(rt, "0.0.0.0/0", Target::Instance(appliance));
    let t = lab.trace(Endpoint::Instance(worker), INTERNET, 443);
    let a = id_of(&lab, ResKey::Instance(appliance));
    let hop = t.forward.iter().find(|h| h.component == a).unwrap();
    assert_eq!(hop.action, HopAction::Deny, "{t}");
    assert!(!hop.detail.contains("forwards"), "{t}");
    assert!(codes(&t).contains(&x::ENI_SOURCE_DEST_CHECK_RESTRICTION), "{t}");
}

/// Two peered VPCs hold the same address: the source's routes decide which one is meant.
#[test]
fn an_address_two_vpcs_hold_resolves_along_the_routes() {
    let mut lab = Lab::new();
    let va = lab.vpc("10.1.0.0/16");
    let (vb, vc) = (lab.vpc("10.2.0.0/16"), lab.vpc("10.2.0.0/16"));
    let mut inst = Vec::new();
    for v in [va, vb, vc] {
        let c = lab.w.vpc(v).unwrap().cidrs[0].to_string().replace("0.0/16", "0.0/24");
        let sn = lab.subnet(v, &c, false);
        let sg = lab.sg(v, "open");
        lab.allow_in(sg, Traffic::all(), "10.0.0.0/8");
        inst.push(lab.launch(sn, Some(vec![sg])));
    }
    lab.run();
    let ab = lab.w.request_peering(va, vb, Tags::new()).unwrap();
    lab.w.accept_peering(ab).unwrap();
    let ac = lab.w.request_peering(va, vc, Tags::new()).unwrap();
    lab.w.accept_peering(ac).unwrap();
    let ma = lab.w.vpc(va).unwrap().main_route_table;
    lab.route(ma, "10.2.0.0/16", Target::Pcx(ac));
    let mc = lab.w.vpc(vc).unwrap().main_route_table;
    lab.route(mc, "10.1.0.0/16", Target::Pcx(ac));
    let addr = lab.w.eni(lab.eni(inst[2])).unwrap().private_ip;
    assert_eq!(lab.w.eni(lab.eni(inst[1])).unwrap().private_ip, addr, "both VPCs hold the address");
    let t = lab.trace(Endpoint::Instance(inst[0]), Endpoint::Internet(addr), 22);
    assert!(t.reachable, "{t}");
    let c_id = id_of(&lab, ResKey::Instance(inst[2]));
    let last = t.forward.last().unwrap();
    assert_eq!(last.component, c_id, "{t}");
    assert!(last.detail.contains(&format!("{addr} resolved along the source's routes to {c_id}")), "{t}");
}

#[test]
fn the_vpc_resolver_answers_dns_whatever_groups_and_acls_say() {
    let Web { mut lab, vpc, public, web, .. } = web_world();
    lab.acl(vpc, public); // a new ACL denies everything both ways
    let sg = lab.w.eni(lab.eni(web)).unwrap().security_groups[0];
    lab.revoke_all_out(sg);
    let resolver = Endpoint::Internet("10.10.0.2".parse().unwrap());
    let dns = Flow {
        source: Endpoint::Instance(web),
        destination: resolver,
        protocol: Protocol::Udp,
        port: 53,
        source_port: None,
    };
    let t = lab.trace_flow(&dns);
    assert!(t.reachable, "{t}");
    assert_eq!(t.forward.last().unwrap().kind, "route-53-resolver", "{t}");
    let t = lab.trace(Endpoint::Instance(web), resolver, 80);
    assert_eq!(codes(&t), vec![x::NO_ROUTE_TO_DESTINATION], "{t}");
    assert!(t.explanations[0].message.contains("only DNS"), "{t}");
    // Another VPC's resolver answers only its own VPC.
    lab.vpc("10.30.0.0/16");
    let far = Flow { destination: Endpoint::Internet("10.30.0.2".parse().unwrap()), ..dns };
    assert_eq!(codes(&lab.trace_flow(&far)), vec![x::NO_ROUTE_TO_DESTINATION]);
    // The other reserved addresses are not endpoints.
    for reserved in ["10.10.1.1", "10.10.1.3", "10.10.1.255", "10.10.1.0"] {
        let f = Flow { destination: Endpoint::Internet(reserved.parse().unwrap()), ..dns };
        let e = trace(&lab.w, &f).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValue", "{reserved}");
        assert!(e.message.contains(reserved), "{e:?}");
    }
}
