//! On-premises blocks that overlap a connected VPC (issue 10 point 6): the route-table hop
//! says which side the flow goes to and why (AWS route priority), and verdicts are those of
//! the same world without the note.

use super::explain as x;
use super::tests_scenarios::{Lab, codes, tcp};
use super::*;
use crate::model::*;

fn named(name: &str) -> Tags {
    Tags::from([("Name".to_string(), name.to_string())])
}

/// VPC "prod" 10.0.0.0/16 with a worker in 10.0.1.0/24; on-prem site "office" `site_block`
/// with a host at `host_ip`, over a dynamic VPN whose routes propagate into the worker's table.
struct Overlap {
    lab: Lab,
    vpc: VpcKey,
    rtb: RtbKey,
    worker: InstanceKey,
    host: HostKey,
    site: SiteKey,
    vgw: VgwKey,
}

fn overlap(site_block: &str, host_ip: &str) -> Overlap {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    lab.w.create_tags(ResKey::Vpc(vpc), &named("prod")).unwrap();
    let private = lab.subnet(vpc, "10.0.1.0/24", false);
    let rtb = lab.rtb(vpc, private);
    let sg = lab.sg(vpc, "app");
    lab.allow_in(sg, tcp(Some((22, 22))), "0.0.0.0/0");
    let worker = lab.launch(private, Some(vec![sg]));
    lab.run();
    let site = lab.w.create_onprem_site(lab.region, site_block, named("office")).unwrap();
    let host = lab.w.add_host(site, host_ip, Tags::new()).unwrap();
    let vgw = lab.w.create_vpn_gateway(lab.region, None, Tags::new()).unwrap();
    lab.w.attach_vpn_gateway(vgw, vpc).unwrap();
    let cgw = lab.w.create_customer_gateway(lab.region, "203.0.113.12", Some(65000), None, Tags::new()).unwrap();
    let vpn = lab.w.create_vpn_connection(lab.region, vgw, cgw, &[], Some(false), Tags::new()).unwrap();
    lab.w.connect_site(site, SiteLink::Vpn(vpn)).unwrap();
    lab.w.enable_route_propagation(rtb, vgw).unwrap();
    Overlap { lab, vpc, rtb, worker, host, site, vgw }
}

fn label(lab: &Lab, k: ResKey) -> String {
    lab.w.label(k)
}

/// The notes of a path's hops.
fn notes(path: &[Hop]) -> Vec<(&str, &str)> {
    path.iter().filter_map(|h| h.note.as_deref().map(|n| (h.kind, n))).collect()
}

#[test]
fn to_an_address_in_both_the_local_route_wins_and_says_so() {
    let o = overlap("10.0.0.0/16", "10.0.200.5");
    let t = o.lab.trace(Endpoint::Instance(o.worker), Endpoint::Host(o.host), 22);
    let flow = Flow {
        source: Endpoint::Instance(o.worker),
        destination: Endpoint::Host(o.host),
        protocol: Protocol::Tcp,
        port: 22,
        source_port: None,
    };
    assert!(!t.reachable, "{t}");
    assert_eq!(reachable(&o.lab.w, &flow).unwrap(), t.reachable);
    assert_eq!(codes(&t), [x::NO_ROUTE_TO_DESTINATION], "{t}");
    let want = format!(
        "10.0.200.5 is in both {} 10.0.0.0/16 (local route) and on-prem site {} 10.0.0.0/16: the local route wins over the propagated route 10.0.0.0/16 -> {} (AWS always prefers a VPC's local route for its own blocks, even over a more specific propagated route), so the flow stays in the VPC.",
        label(&o.lab, ResKey::Vpc(o.vpc)),
        label(&o.lab, ResKey::Site(o.site)),
        label(&o.lab, ResKey::Vgw(o.vgw)),
    );
    assert_eq!(notes(&t.forward), [("route-table", want.as_str())], "{t}");
    assert!(want.contains("\"prod\"") && want.contains("\"office\""), "{want}");
    // The note is in the report, within the columns.
    let text = t.to_string();
    assert!(super::tests_messages::flat(&text).contains(&want), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= super::trace::WIDTH), "{text}");
}

#[test]
fn a_more_specific_propagated_route_still_loses_to_local() {
    let o = overlap("10.0.200.0/24", "10.0.200.5");
    let t = o.lab.trace(Endpoint::Instance(o.worker), Endpoint::Host(o.host), 22);
    assert_eq!(codes(&t), [x::NO_ROUTE_TO_DESTINATION], "{t}");
    let n = notes(&t.forward);
    assert_eq!(n.len(), 1, "{t}");
    assert!(n[0].1.contains("the local route wins over the propagated route 10.0.200.0/24 ->"), "{t}");
    assert!(n[0].1.ends_with("so the flow stays in the VPC."), "{t}");
}

#[test]
fn the_response_to_a_site_host_in_the_overlap_stays_in_the_vpc() {
    let o = overlap("10.0.0.0/16", "10.0.200.5");
    let t = o.lab.trace(Endpoint::Host(o.host), Endpoint::Instance(o.worker), 22);
    assert!(!t.reachable, "{t}");
    assert_eq!(codes(&t), [x::NO_ROUTE_TO_DESTINATION], "{t}");
    // Where the site sends it is the site's own routing, which vpclab does not model: said.
    let sent = notes(&t.forward);
    assert_eq!(sent.len(), 1, "{t}");
    assert_eq!(sent[0].0, "vpn-gateway");
    assert!(sent[0].1.contains("on-prem site") && sent[0].1.contains("routing inside the site is not modelled"), "{t}");
    let n = notes(&t.return_path);
    assert_eq!(n.len(), 1, "{t}");
    assert_eq!(n[0].0, "route-table");
    assert!(n[0].1.starts_with("10.0.200.5 is in both"), "{t}");
    assert!(n[0].1.ends_with("so the response stays in the VPC."), "{t}");
    // No route can send an address of the VPC's own block elsewhere: no such advice.
    let m = &t.explanations[0].message;
    assert!(m.contains("no route can change this one"), "{m}");
    assert!(!m.contains("add a route") && t.explanations[0].fixes.is_empty(), "{m}");
    let flow = Flow {
        source: Endpoint::Host(o.host),
        destination: Endpoint::Instance(o.worker),
        protocol: Protocol::Tcp,
        port: 22,
        source_port: None,
    };
    super::tests_fixes::check_fixes(&o.lab.w, &flow, &t).unwrap();
}

#[test]
fn a_subnet_route_to_an_appliance_beats_local_by_prefix() {
    let mut o = overlap("10.0.2.0/24", "10.0.2.50");
    let inspect = o.lab.subnet(o.vpc, "10.0.2.0/24", false);
    let appliance = o.lab.launch(inspect, None);
    o.lab.run();
    let eni = o.lab.eni(appliance);
    o.lab.route(o.rtb, "10.0.2.0/24", Target::Eni(eni));
    let t = o.lab.trace(Endpoint::Instance(o.worker), Endpoint::Host(o.host), 22);
    let n = notes(&t.forward);
    assert_eq!(n.len(), 1, "{t}");
    let eni_label = label(&o.lab, ResKey::Eni(eni));
    assert!(
        n[0].1.ends_with(&format!("route 10.0.2.0/24 -> {eni_label} is more specific than the local route 10.0.0.0/16, so it wins (longest prefix match) and the flow goes to {eni_label}.")),
        "{t}"
    );
}

#[test]
fn no_note_without_an_overlap() {
    let o = overlap("192.168.0.0/16", "192.168.10.5");
    let t = o.lab.trace(Endpoint::Instance(o.worker), Endpoint::Host(o.host), 22);
    assert!(t.reachable, "{t}");
    assert!(notes(&t.forward).is_empty() && notes(&t.return_path).is_empty(), "{t}");
}
