//! Reachability benchmarks over the "large" world of PERFORMANCE.md, built through the
//! model API: 10 VPCs × (IGW, a custom route table of 41 routes, a custom NACL of 20 entries
//! per direction, 20 security groups of 20–21 rules with a chain of group references,
//! 20 subnets over the AZs, half public, a quarter on the custom NACL, 50 instances per
//! subnet with two groups each) = 10,000 instances.
//!
//! Run: `cargo bench --bench reach`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use vpclab::model::*;
use vpclab::net::PortRange;
use vpclab::reach::{Endpoint, Flow, INTERNET_HOST, exposure, matrix, reachable, summary, trace};

fn tcp(from: u16, to: u16) -> Traffic {
    Traffic { protocol: Protocol::Tcp, ports: PortRange::new(from, to), icmp: None }
}

fn entry(w: &mut World, acl: AclKey, n: i64, egress: bool, traffic: Traffic, cidr: &str, allow: bool) {
    let spec = AclEntrySpec {
        rule_number: n,
        egress,
        traffic,
        cidr_block: cidr.to_string(),
        rule_action: if allow { "allow" } else { "deny" }.to_string(),
    };
    w.add_acl_entry(acl, &spec).expect("acl entry");
}

fn rule(w: &mut World, sg: SgKey, traffic: Traffic, cidr: Option<String>, group: Option<SgKey>) {
    let spec = SgRuleSpec { traffic, cidrs: cidr.into_iter().collect(), group, description: None };
    w.authorize(sg, false, &spec).expect("sg rule");
}

/// The large world and its instances in creation order.
fn large_world() -> (World, Vec<InstanceKey>) {
    let mut w = World::new();
    {
        let q = &mut w.config_mut().quotas;
        q.vpcs_per_region = 20;
        q.entries_per_network_acl = 30;
        q.routes_per_route_table = 60;
        q.vcpus_on_demand_standard = 20_000;
    }
    let region = w.region("us-east-1").expect("region");
    let azs: Vec<&str> = w.region_info(region).azs.to_vec();
    let mut instances = Vec::new();
    for v in 0..10u8 {
        let vpc = w.create_vpc(region, &format!("10.{v}.0.0/16"), Tags::new()).expect("vpc");
        let igw = w.create_internet_gateway(region, Tags::new()).expect("igw");
        w.attach_internet_gateway(igw, vpc).expect("attach");
        let rtb = w.create_route_table(vpc, Tags::new()).expect("rtb");
        w.create_route(rtb, "0.0.0.0/0", Target::Igw(igw)).expect("default route");
        for k in 0..39u8 {
            w.create_route(rtb, &format!("100.{}.{k}.0/24", 64 + v), Target::Igw(igw)).expect("route");
        }
        let acl = w.create_network_acl(vpc, Tags::new()).expect("acl");
        for egress in [false, true] {
            for k in 0..17i64 {
                let port = 2000 + k as u16;
                entry(&mut w, acl, 10 + k * 10, egress, tcp(port, port), &format!("198.51.{k}.0/24"), k % 3 != 0);
            }
            entry(&mut w, acl, 200, egress, tcp(22, 22), "10.0.0.0/8", true);
            entry(&mut w, acl, 210, egress, tcp(1024, 65535), "0.0.0.0/0", true);
            entry(&mut w, acl, 220, egress, tcp(443, 443), "0.0.0.0/0", true);
        }
        let mut groups = Vec::new();
        for g in 0..20u8 {
            let sg = w.create_security_group(vpc, &format!("group-{v}-{g}"), None, Tags::new()).expect("sg");
            for k in 0..20u16 {
                let (traffic, cidr) = match k {
                    0 => (tcp(22, 22), format!("10.{v}.{g}.0/24")),
                    1 => (tcp(443, 443), "0.0.0.0/0".to_string()),
                    2 if g % 4 == 0 => (tcp(22, 22), "0.0.0.0/0".to_string()),
                    _ => (tcp(8000 + k, 8000 + k), format!("192.168.{k}.0/24")),
                };
                rule(&mut w, sg, traffic, Some(cidr), None);
            }
            if let Some(prev) = groups.last().copied() {
                rule(&mut w, sg, tcp(22, 22), None, Some(prev));
            }
            groups.push(sg);
        }
        for s in 0..20u8 {
            let az = azs[s as usize % azs.len()];
            let subnet = w.create_subnet(vpc, &format!("10.{v}.{s}.0/24"), Some(az), Tags::new()).expect("subnet");
            if s % 2 == 0 {
                w.set_map_public_ip_on_launch(subnet, true).expect("public");
                w.associate_route_table(rtb, subnet).expect("associate");
            }
            if s % 4 == 1 {
                w.associate_network_acl(acl, subnet).expect("acl association");
            }
            for batch in 0..10usize {
                let n = s as usize * 10 + batch;
                let spec = LaunchSpec {
                    subnet: Some(subnet),
                    security_groups: Some(vec![groups[n % 20], groups[(n + 7) % 20]]),
                    min_count: 5,
                    max_count: 5,
                    ..Default::default()
                };
                instances.extend(w.run_instances(region, &spec).expect("launch"));
            }
        }
    }
    w.advance(60.0).expect("advance");
    (w, instances)
}

fn flows(instances: &[InstanceKey], n: usize) -> Vec<Flow> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x as usize
    };
    (0..n)
        .map(|i| {
            let a = next() % instances.len();
            // Mixed pairs: same subnet, same VPC, other VPC.
            let b = match i % 3 {
                0 => (a / 50) * 50 + next() % 50,
                1 => (a / 1000) * 1000 + next() % 1000,
                _ => next() % instances.len(),
            };
            Flow {
                source: Endpoint::Instance(instances[a]),
                destination: Endpoint::Instance(instances[b]),
                protocol: Protocol::Tcp,
                port: 22,
                source_port: None,
            }
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let (w, instances) = large_world();
    assert_eq!(instances.len(), 10_000);
    let fl = flows(&instances, 1024);
    let open = fl.iter().filter(|f| reachable(&w, f).unwrap()).count();
    eprintln!("large world: {} instances; {open} of {} sample flows reachable", instances.len(), fl.len());

    let mut i = 0;
    c.bench_function("reachable tcp/22 (mixed pairs, 10k world)", |b| {
        b.iter(|| {
            i = (i + 1) % fl.len();
            black_box(reachable(&w, &fl[i]).unwrap())
        })
    });
    let mut i = 0;
    c.bench_function("trace tcp/22 (mixed pairs, 10k world)", |b| {
        b.iter(|| {
            i = (i + 1) % fl.len();
            black_box(trace(&w, &fl[i]).unwrap())
        })
    });
    let internet = Flow {
        source: Endpoint::Internet(INTERNET_HOST),
        destination: Endpoint::Instance(instances[0]),
        protocol: Protocol::Tcp,
        port: 443,
        source_port: None,
    };
    c.bench_function("trace internet -> instance tcp/443", |b| b.iter(|| black_box(trace(&w, &internet).unwrap())));

    let picks: Vec<Endpoint> = (0..300).map(|k| Endpoint::Instance(instances[k * 33])).collect();
    let mut g = c.benchmark_group("batch");
    g.sample_size(10);
    g.bench_function("matrix 300x300 tcp/22", |b| {
        b.iter(|| black_box(matrix(&w, &picks, &picks, Protocol::Tcp, 22).unwrap()))
    });
    g.bench_function("exposure (10k world)", |b| b.iter(|| black_box(exposure(&w, None))));
    let all: Vec<Endpoint> = instances.iter().map(|i| Endpoint::Instance(*i)).collect();
    let s = summary(&w, &all, &all, Protocol::Tcp, 22).unwrap();
    eprintln!("summary: {} classes, {} of {} pairs reachable", s.classes.len(), s.reachable_count, s.total);
    g.bench_function("summary 10k x 10k tcp/22", |b| {
        b.iter(|| black_box(summary(&w, &all, &all, Protocol::Tcp, 22).unwrap()))
    });
    g.finish();
}

/// P3 from Lua: `net.reachable` over the large world built by `scripts/bench/large_world.lua`,
/// 1000 mixed pairs per iteration (the time per element is one query, loop included).
fn lua_reachable(c: &mut Criterion) {
    use vpclab::lua::api::ApiOptions;
    use vpclab::lua::limits::Limits;
    use vpclab::lua::output::Output;
    use vpclab::lua::sandbox::Sandbox;
    let world = std::rc::Rc::new(std::cell::RefCell::new(World::new()));
    let limits = Limits { instructions: u64::MAX / 4, wall: std::time::Duration::from_secs(3600), ..Limits::default() };
    let sandbox = Sandbox::new(world, &ApiOptions::default(), &limits, Output::Stdout).expect("sandbox");
    sandbox.set_script_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/bench"));
    sandbox.begin_run().expect("run");
    let setup = r#"
        local lw = require("large_world")
        local world = lw.build()
        local pick = lw.picker(#world.instances)
        local a, b = {}, {}
        for i = 1, 1000 do a[i], b[i] = world.instances[pick()], world.instances[pick()] end
        return function()
          local yes = 0
          for i = 1, 1000 do
            if net.reachable(a[i], b[i], {protocol = "tcp", port = 22}) then yes = yes + 1 end
          end
          return yes
        end
    "#;
    let f: mlua::Function = sandbox
        .exec(setup.as_bytes(), "=bench")
        .expect("setup")
        .pop_front()
        .expect("f")
        .as_function()
        .expect("function")
        .clone();
    let mut g = c.benchmark_group("lua");
    g.throughput(criterion::Throughput::Elements(1000));
    g.bench_function("net.reachable tcp/22 (P3)", |b| {
        b.iter(|| {
            sandbox.begin_run().expect("run");
            black_box(sandbox.call(&f, ()).expect("queries"))
        })
    });
    g.finish();
}

criterion_group!(reach_benches, benches, lua_reachable);
criterion_main!(reach_benches);
