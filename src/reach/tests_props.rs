//! Property tests: random small worlds and flows; the engine must agree with the reference
//! evaluator on the verdict, the full list of explanation codes the walk meets (in order) and
//! the ephemeral coverage, and the trace must keep exactly those codes, each repeated blocker
//! once, with no hop repeated; every advised fix must be accepted and remove its blocker; the class summary
//! must equal the per-pair verdicts;
//! `reachable` must agree with `trace`, `matrix` with single traces, and `exposure` with
//! traces from the internet.

use super::reference;
use super::tests_scenarios::{Lab, tcp};
use super::*;
use crate::model::*;
use crate::net::PortRange;
use proptest::prelude::*;

const ACL_PORTS: [(u16, u16); 7] =
    [(22, 22), (443, 443), (1024, 65535), (32768, 40000), (50000, 65535), (0, 1023), (40001, 49999)];
const CIDRS: [&str; 7] =
    ["0.0.0.0/0", "10.0.0.0/16", "10.1.0.0/16", "10.0.0.0/24", "93.184.216.0/24", "3.0.0.0/8", "54.0.0.0/8"];
const PORTS: [u16; 5] = [22, 443, 80, 3389, 40000];

#[derive(Debug, Clone)]
struct Entry {
    number: i64,
    egress: bool,
    proto: u8,
    ports: usize,
    cidr: usize,
    allow: bool,
}

#[derive(Debug, Clone)]
struct Rule {
    proto: u8,
    ports: usize,
    peer: std::result::Result<usize, usize>,
}

/// A custom ACL: base allow-all at 300, an optional deny of part of the ephemeral range at 250
/// (ports index, egress), and random entries.
type AclRecipe = (bool, Option<(usize, bool)>, Vec<Entry>);

#[derive(Debug, Clone)]
struct Recipe {
    two_vpcs: bool,
    igw: [bool; 2],
    subnets: Vec<(bool, bool)>,
    main_routes: [(u8, bool); 2],
    custom_routes: Vec<Option<(u8, bool)>>,
    acls: Vec<Option<AclRecipe>>,
    sgs: Vec<(bool, bool, bool, Vec<Rule>)>,
    instances: Vec<(usize, u8, bool, Option<bool>)>,
    peering: u8,
    nat: Option<(usize, u8)>,
    stop: Option<usize>,
    flows: Vec<(usize, usize, bool, usize, Option<u16>)>,
}

fn traffic(proto: u8, ports: (u16, u16)) -> Traffic {
    match proto % 3 {
        0 => tcp(Some(ports)),
        1 => Traffic { protocol: Protocol::Udp, ports: PortRange::new(ports.0, ports.1), icmp: None },
        _ => Traffic::all(),
    }
}

fn recipe() -> impl Strategy<Value = Recipe> {
    let entry = (
        prop::sample::select(vec![50i64, 100, 110, 120, 200]),
        any::<bool>(),
        0u8..3,
        prop::sample::select(vec![0usize, 1, 2, 3, 3, 4, 4, 5, 6, 6]),
        prop::sample::select(vec![0usize, 0, 0, 1, 2, 3, 4, 5, 6]),
        prop::bool::weighted(0.5),
    )
        .prop_map(|(number, egress, proto, ports, cidr, allow)| Entry {
            number,
            egress,
            proto,
            ports,
            cidr,
            allow,
        });
    let rule = (0u8..3, 0usize..4, prop_oneof![3 => (0..CIDRS.len()).prop_map(Ok), 1 => (0usize..4).prop_map(Err)])
        .prop_map(|(proto, ports, peer)| Rule { proto, ports, peer });
    (
        (prop::bool::weighted(0.6), prop::bool::weighted(0.8), prop::bool::weighted(0.8)),
        prop::collection::vec((any::<bool>(), any::<bool>()), 1..=4),
        (
            (prop::sample::select(vec![0u8, 1, 1, 2]), any::<bool>()),
            (prop::sample::select(vec![0u8, 1, 1, 2]), any::<bool>()),
        ),
        prop::collection::vec(
            prop::option::weighted(0.5, (prop::sample::select(vec![0u8, 1, 1, 2]), any::<bool>())),
            4,
        ),
        prop::collection::vec(
            prop::option::weighted(
                0.5,
                (
                    prop::bool::weighted(0.7),
                    prop::option::weighted(0.4, (3usize..7, any::<bool>())),
                    prop::collection::vec(entry, 0..6),
                ),
            ),
            4,
        ),
        prop::collection::vec(
            (any::<bool>(), prop::bool::weighted(0.1), prop::bool::weighted(0.4), prop::collection::vec(rule, 0..4)),
            1..=3,
        ),
        prop::collection::vec((0usize..4, 1u8..8, prop::bool::weighted(0.3), prop::option::of(any::<bool>())), 2..=4),
        (
            prop::sample::select(vec![0u8, 1, 2, 2, 2, 3]),
            prop::option::weighted(0.5, (0usize..4, 0u8..3)),
            prop::option::weighted(0.15, 0usize..4),
        ),
        prop::collection::vec(
            (
                0usize..6,
                0usize..7,
                prop::bool::weighted(0.2),
                0..PORTS.len(),
                prop::option::weighted(0.2, prop::sample::select(vec![33000u16, 50000, 1500])),
            ),
            4,
        ),
    )
        .prop_map(
            |(
                (two_vpcs, i0, i1),
                subnets,
                (m0, m1),
                custom_routes,
                acls,
                sgs,
                instances,
                (peering, nat, stop),
                flows,
            )| Recipe {
                two_vpcs,
                igw: [i0, i1],
                subnets,
                main_routes: [m0, m1],
                custom_routes,
                acls,
                sgs,
                instances,
                peering,
                nat,
                stop,
                flows,
            },
        )
}

struct Built {
    lab: Lab,
    instances: Vec<InstanceKey>,
}

/// Builds the world; model calls that refuse (duplicates, cross-network references) are skipped.
fn build(r: &Recipe) -> Built {
    let mut lab = Lab::new();
    let nv = if r.two_vpcs { 2 } else { 1 };
    let vpcs: Vec<VpcKey> = (0..nv).map(|v| lab.vpc(&format!("10.{v}.0.0/16"))).collect();
    let igws: Vec<Option<IgwKey>> = (0..nv).map(|v| r.igw[v].then(|| lab.igw(vpcs[v]))).collect();
    let subnets: Vec<(SubnetKey, usize)> = r
        .subnets
        .iter()
        .enumerate()
        .map(|(k, (second, public))| {
            let v = if *second && nv == 2 { 1 } else { 0 };
            (lab.subnet(vpcs[v], &format!("10.{v}.{k}.0/24"), *public), v)
        })
        .collect();
    let pcx = (nv == 2 && r.peering > 0).then(|| {
        let p = lab.w.request_peering(vpcs[0], vpcs[1], Tags::new()).unwrap();
        if r.peering >= 2 {
            lab.w.accept_peering(p).unwrap();
        }
        p
    });
    let sgs: Vec<(SgKey, usize)> = r
        .sgs
        .iter()
        .enumerate()
        .map(|(k, (second, _, _, _))| {
            let v = if *second && nv == 2 { 1 } else { 0 };
            (lab.sg(vpcs[v], &format!("g{k}")), v)
        })
        .collect();
    for (k, (_, revoke, open, rules)) in r.sgs.iter().enumerate() {
        if *revoke {
            lab.revoke_all_out(sgs[k].0);
        }
        if *open {
            lab.allow_in(sgs[k].0, Traffic::all(), "0.0.0.0/0");
        }
        for rule in rules {
            let ports = [(22, 22), (443, 443), (80, 80), (0, 65535)][rule.ports];
            let (cidrs, group) = match rule.peer {
                Ok(c) => (vec![CIDRS[c].to_string()], None),
                Err(g) => (vec![], Some(sgs[g % sgs.len()].0)),
            };
            let spec = SgRuleSpec { traffic: traffic(rule.proto, ports), cidrs, group, description: None };
            let _ = lab.w.authorize(sgs[k].0, false, &spec);
        }
    }
    let mut instances = Vec::new();
    for (sn, mask, windows, public) in &r.instances {
        let (subnet, v) = subnets[sn % subnets.len()];
        let groups: Vec<SgKey> = sgs
            .iter()
            .enumerate()
            .filter(|(i, (_, gv))| *gv == v && mask & (1 << i) != 0)
            .map(|(_, (g, _))| *g)
            .collect();
        let groups = if groups.is_empty() { None } else { Some(groups) };
        let i = if *windows { lab.windows(subnet, groups) } else { lab.launch(subnet, groups) };
        if let Some(p) = public {
            let _ = p; // the subnet's setting decides; `public` varies Elastic IPs below
        }
        instances.push(i);
    }
    lab.run();
    // Elastic IPs on some instances.
    for (k, (_, _, _, public)) in r.instances.iter().enumerate() {
        if *public == Some(true) {
            let eip = lab.w.allocate_address(lab.region, None, Tags::new()).unwrap();
            let eni = lab.eni(instances[k]);
            let _ = lab.w.associate_address(eip, eni, false);
        }
    }
    // A NAT gateway: available, pending, or deleted (blackhole).
    let nat = r.nat.map(|(sn, mode)| {
        let (subnet, v) = subnets[sn % subnets.len()];
        let eip = lab.w.allocate_address(lab.region, None, Tags::new()).unwrap();
        let n = lab.w.create_nat_gateway(subnet, Some(eip), Connectivity::Public, Tags::new()).unwrap();
        if mode != 1 {
            lab.run();
        }
        (n, v, mode)
    });
    let route_set = |lab: &mut Lab, rtb: RtbKey, v: usize, (default, peer): (u8, bool)| {
        let target = match default {
            1 => igws[v].map(Target::Igw),
            2 => nat.filter(|n| n.1 == v).map(|n| Target::Nat(n.0)),
            _ => None,
        };
        if let Some(t) = target {
            let _ = lab.w.create_route(rtb, "0.0.0.0/0", t);
        }
        if peer && let Some(p) = pcx {
            let _ = lab.w.create_route(rtb, &format!("10.{}.0.0/16", 1 - v), Target::Pcx(p));
        }
    };
    for (v, vpc) in vpcs.iter().enumerate() {
        let main = lab.w.vpc(*vpc).unwrap().main_route_table;
        route_set(&mut lab, main, v, r.main_routes[v]);
    }
    for (k, (subnet, v)) in subnets.iter().enumerate() {
        if let Some(choice) = r.custom_routes[k] {
            let rtb = lab.rtb(vpcs[*v], *subnet);
            route_set(&mut lab, rtb, *v, choice);
        }
        if let Some((base, carve, entries)) = &r.acls[k] {
            let acl = lab.acl(vpcs[*v], *subnet);
            if let Some((ports, egress)) = carve {
                lab.entry(acl, 250, *egress, tcp(Some(ACL_PORTS[*ports])), "0.0.0.0/0", false);
            }
            if *base {
                lab.entry(acl, 300, false, Traffic::all(), "0.0.0.0/0", true);
                lab.entry(acl, 300, true, Traffic::all(), "0.0.0.0/0", true);
            }
            for e in entries {
                let spec = AclEntrySpec {
                    rule_number: e.number,
                    egress: e.egress,
                    traffic: traffic(e.proto, ACL_PORTS[e.ports]),
                    cidr_block: CIDRS[e.cidr].to_string(),
                    rule_action: if e.allow { "allow" } else { "deny" }.to_string(),
                };
                let _ = lab.w.add_acl_entry(acl, &spec);
            }
        }
    }
    if let Some((n, _, 2)) = nat {
        lab.w.delete_nat_gateway(n).unwrap();
    }
    if let (Some(p), 3) = (pcx, r.peering) {
        lab.w.delete_peering(p).unwrap();
    }
    if let Some(k) = r.stop {
        let _ = lab.w.stop_instance(instances[k % instances.len()], false);
        lab.w.advance(20.0).unwrap();
    }
    Built { lab, instances }
}

fn endpoints(b: &Built, k: usize, as_dst: bool) -> Endpoint {
    let n = b.instances.len();
    match k {
        k if k < n => Endpoint::Instance(b.instances[k]),
        k if as_dst && k >= 5 => {
            // A public address of an instance, when it has one.
            let i = b.instances[k % n];
            b.lab.public_ip(i).map(Endpoint::Internet).unwrap_or(Endpoint::Internet(INTERNET_HOST))
        }
        _ => Endpoint::Internet(INTERNET_HOST),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("REACH_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_reference(r in recipe()) {
        let b = build(&r);
        let w = &b.lab.w;
        for &(s, d, udp, port, sport) in &r.flows {
            let (src, dst) = (endpoints(&b, s, false), endpoints(&b, d, true));
            let protocol = if udp { Protocol::Udp } else { Protocol::Tcp };
            let flow = Flow { source: src, destination: dst, protocol, port: PORTS[port], source_port: sport };
            let t = trace(w, &flow).unwrap();
            let want = reference::evaluate(w, src, dst, protocol, PORTS[port], sport);
            let walked = super::engine::run(w, &flow, super::engine::Full::default()).unwrap().sink.explanations;
            let got = reference::RefResult {
                reachable: t.reachable,
                codes: walked.iter().map(|e| e.code).collect(),
                allowed: t.ephemeral.allowed.clone(),
            };
            prop_assert_eq!(&got, &want, "{:?}\n{}", flow, t);
            // The trace drops repetition only: the same codes, no blocker or hop twice.
            let set = |codes: Vec<&'static str>| codes.into_iter().collect::<std::collections::BTreeSet<_>>();
            prop_assert_eq!(set(t.explanations.iter().map(|e| e.code).collect()), set(want.codes.clone()));
            for (i, e) in t.explanations.iter().enumerate() {
                prop_assert!(!t.explanations[..i].iter().any(|o| o.code == e.code && o.component == e.component && o.message == e.message));
            }
            for path in [&t.forward, &t.return_path] {
                prop_assert!((0..path.len()).all(|i| !path[..i].contains(&path[i])), "{}", t);
            }
            prop_assert_eq!(reachable(w, &flow).unwrap(), t.reachable);
            prop_assert_eq!(t.reachable, t.ephemeral.allowed == vec![t.ephemeral.range]);
            prop_assert_eq!(t.reachable, t.explanations.is_empty());
            // Every advised fix is accepted by the model and removes its blocker.
            if let Err(e) = super::tests_fixes::check_fixes(w, &flow, &t) {
                prop_assert!(false, "{}", e);
            }
        }
        // The matrix is the single traces.
        let eps: Vec<Endpoint> = (0..b.instances.len() + 1).map(|k| endpoints(&b, k, false)).collect();
        let m = matrix(w, &eps, &eps, Protocol::Tcp, 22).unwrap();
        for (i, s) in eps.iter().enumerate() {
            for (j, d) in eps.iter().enumerate() {
                let flow = Flow { source: *s, destination: *d, protocol: Protocol::Tcp, port: 22, source_port: None };
                prop_assert_eq!(m[i][j], trace(w, &flow).unwrap().reachable);
            }
        }
        // The class summary counts exactly the per-pair verdicts, and class members agree.
        let sum = summary(w, &eps, &eps, Protocol::Tcp, 22).unwrap();
        let per_pair = m.iter().flatten().filter(|v| **v).count() as u64;
        prop_assert_eq!(sum.reachable_count, per_pair);
        prop_assert_eq!(sum.total, (eps.len() * eps.len()) as u64);
        for (ca, a) in sum.classes.iter().enumerate() {
            for (cb, b) in sum.classes.iter().enumerate() {
                let listed = sum.pairs.iter().any(|p| (p.from as usize, p.to as usize) == (ca, cb));
                for &i in &a.members {
                    for &j in &b.members {
                        let (s, d) = (sum.endpoints[i], sum.endpoints[j]);
                        let flow = Flow { source: s, destination: d, protocol: Protocol::Tcp, port: 22, source_port: None };
                        prop_assert_eq!(reachable(w, &flow).unwrap(), listed, "{:?} -> {:?}", s, d);
                    }
                }
            }
        }
        // Exposure lists exactly what the internet host reaches with some working return port.
        let exp = exposure(w, None);
        for &i in &b.instances {
            for protocol in [Protocol::Tcp, Protocol::Udp] {
                for port in PORTS {
                    let flow = Flow { source: Endpoint::Internet(INTERNET_HOST), destination: Endpoint::Instance(i), protocol, port, source_port: None };
                    let t = trace(w, &flow).unwrap();
                    let works = !t.ephemeral.allowed.is_empty();
                    let listed = exp.iter().any(|e| e.resource == ResKey::Instance(i) && e.protocol == protocol
                        && e.ports.iter().any(|r| r.contains(port))
                        && e.from.iter().any(|c| c.contains_addr(INTERNET_HOST)));
                    prop_assert_eq!(listed, works, "{:?} {:?}\n{}", exp, flow, t);
                }
            }
        }
    }
}
