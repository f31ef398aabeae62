//! Hand-written scenarios: the acceptance scripts' flows in Rust, and one test per
//! explanation code the engine emits (named after it).

use super::explain as x;
use super::*;
use crate::model::*;
use crate::net::PortRange;
use std::net::Ipv4Addr;

/// A small world builder for tests.
pub(crate) struct Lab {
    pub w: World,
    pub region: RegionKey,
}

pub(crate) fn tcp(p: Option<(u16, u16)>) -> Traffic {
    Traffic { protocol: Protocol::Tcp, ports: p.map(|(a, b)| PortRange::new(a, b).unwrap()), icmp: None }
}

impl Lab {
    pub fn new() -> Lab {
        let mut w = World::new();
        w.config_mut().quotas.vpcs_per_region = 20;
        w.config_mut().quotas.elastic_ips_per_region = 50;
        let region = w.region("us-east-1").unwrap();
        Lab { w, region }
    }
    pub fn vpc(&mut self, cidr: &str) -> VpcKey {
        self.w.create_vpc(self.region, cidr, Tags::new()).unwrap()
    }
    pub fn igw(&mut self, vpc: VpcKey) -> IgwKey {
        let g = self.w.create_internet_gateway(self.region, Tags::new()).unwrap();
        self.w.attach_internet_gateway(g, vpc).unwrap();
        g
    }
    pub fn subnet(&mut self, vpc: VpcKey, cidr: &str, public: bool) -> SubnetKey {
        let s = self.w.create_subnet(vpc, cidr, Some("us-east-1a"), Tags::new()).unwrap();
        self.w.set_map_public_ip_on_launch(s, public).unwrap();
        s
    }
    pub fn rtb(&mut self, vpc: VpcKey, subnet: SubnetKey) -> RtbKey {
        let r = self.w.create_route_table(vpc, Tags::new()).unwrap();
        self.w.associate_route_table(r, subnet).unwrap();
        r
    }
    pub fn route(&mut self, rtb: RtbKey, dest: &str, t: Target) {
        self.w.create_route(rtb, dest, t).unwrap();
    }
    pub fn sg(&mut self, vpc: VpcKey, name: &str) -> SgKey {
        self.w.create_security_group(vpc, name, None, Tags::new()).unwrap()
    }
    pub fn allow_in(&mut self, sg: SgKey, traffic: Traffic, cidr: &str) {
        let spec = SgRuleSpec { traffic, cidrs: vec![cidr.into()], group: None, description: None };
        self.w.authorize(sg, false, &spec).unwrap();
    }
    pub fn allow_in_group(&mut self, sg: SgKey, traffic: Traffic, group: SgKey) {
        let spec = SgRuleSpec { traffic, cidrs: vec![], group: Some(group), description: None };
        self.w.authorize(sg, false, &spec).unwrap();
    }
    pub fn revoke_all_out(&mut self, sg: SgKey) {
        let spec =
            SgRuleSpec { traffic: Traffic::all(), cidrs: vec!["0.0.0.0/0".into()], group: None, description: None };
        self.w.revoke(sg, true, &spec).unwrap();
    }
    pub fn acl(&mut self, vpc: VpcKey, subnet: SubnetKey) -> AclKey {
        let a = self.w.create_network_acl(vpc, Tags::new()).unwrap();
        self.w.associate_network_acl(a, subnet).unwrap();
        a
    }
    pub fn entry(&mut self, acl: AclKey, n: i64, egress: bool, traffic: Traffic, cidr: &str, allow: bool) {
        let spec = AclEntrySpec {
            rule_number: n,
            egress,
            traffic,
            cidr_block: cidr.into(),
            rule_action: if allow { "allow" } else { "deny" }.into(),
        };
        self.w.add_acl_entry(acl, &spec).unwrap();
    }
    pub fn launch(&mut self, subnet: SubnetKey, groups: Option<Vec<SgKey>>) -> InstanceKey {
        let spec = LaunchSpec {
            subnet: Some(subnet),
            security_groups: groups,
            min_count: 1,
            max_count: 1,
            ..Default::default()
        };
        self.w.run_instances(self.region, &spec).unwrap()[0]
    }
    pub fn windows(&mut self, subnet: SubnetKey, groups: Option<Vec<SgKey>>) -> InstanceKey {
        let image = catalog::images("us-east-1").into_iter().find(|i| i.os == Os::Windows).unwrap().id;
        let spec = LaunchSpec {
            subnet: Some(subnet),
            security_groups: groups,
            image_id: Some(image),
            min_count: 1,
            max_count: 1,
            ..Default::default()
        };
        self.w.run_instances(self.region, &spec).unwrap()[0]
    }
    pub fn run(&mut self) {
        self.w.advance(120.0).unwrap();
    }
    pub fn eni(&self, i: InstanceKey) -> EniKey {
        self.w.instance(i).unwrap().primary_eni
    }
    pub fn public_ip(&self, i: InstanceKey) -> Option<Ipv4Addr> {
        self.w.public_ip_of(self.w.eni(self.eni(i)).unwrap())
    }
    pub fn trace(&self, src: Endpoint, dst: Endpoint, port: u16) -> Trace {
        self.trace_flow(&Flow { source: src, destination: dst, protocol: Protocol::Tcp, port, source_port: None })
    }
    pub fn trace_flow(&self, flow: &Flow) -> Trace {
        let flow = *flow;
        let t = trace(&self.w, &flow).unwrap();
        assert_eq!(reachable(&self.w, &flow).unwrap(), t.reachable, "reachable() disagrees with trace():\n{t}");
        t
    }
}

pub(crate) fn codes(t: &Trace) -> Vec<&'static str> {
    t.explanations.iter().map(|e| e.code).collect()
}

pub(crate) const INTERNET: Endpoint = Endpoint::Internet(INTERNET_HOST);

/// The web tier of acceptance script 02.
pub(crate) struct Web {
    pub lab: Lab,
    pub vpc: VpcKey,
    pub public: SubnetKey,
    pub private: SubnetKey,
    pub web_sg: SgKey,
    pub web: InstanceKey,
}

pub(crate) fn web_world() -> Web {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.10.0.0/16");
    let igw = lab.igw(vpc);
    let public = lab.subnet(vpc, "10.10.1.0/24", true);
    let private = lab.subnet(vpc, "10.10.2.0/24", false);
    let rt = lab.rtb(vpc, public);
    lab.route(rt, "0.0.0.0/0", Target::Igw(igw));
    let web_sg = lab.sg(vpc, "web");
    let web = lab.launch(public, Some(vec![web_sg]));
    lab.run();
    Web { lab, vpc, public, private, web_sg, web }
}

#[test]
fn acceptance_02_security_layers() {
    let Web { mut lab, vpc, public, private, web_sg, web } = web_world();
    let w = Endpoint::Instance(web);
    let t = lab.trace(INTERNET, w, 443);
    assert!(!t.reachable);
    assert_eq!(t.explanation().unwrap().code, x::SG_HAS_NO_RULES);
    lab.allow_in(web_sg, tcp(Some((8080, 8080))), "0.0.0.0/0");
    assert_eq!(lab.trace(INTERNET, w, 443).explanation().unwrap().code, x::ENI_SG_RULES_MISMATCH);
    lab.allow_in(web_sg, tcp(Some((443, 443))), "0.0.0.0/0");
    let t = lab.trace(INTERNET, w, 443);
    assert!(t.reachable, "{t}");
    assert!(!t.forward.is_empty() && !t.return_path.is_empty());
    assert_eq!(t.ephemeral.allowed, vec![PortRange::new(1024, 65535).unwrap()]);

    let acl = lab.acl(vpc, public);
    let t = lab.trace(INTERNET, w, 443);
    assert!(!t.reachable);
    assert_eq!(t.explanation().unwrap().code, x::SUBNET_ACL_RESTRICTION);
    assert_eq!(t.explanation().unwrap().direction, Some(Direction::Ingress));
    lab.entry(acl, 100, false, tcp(Some((443, 443))), "0.0.0.0/0", true);
    let t = lab.trace(INTERNET, w, 443);
    assert!(!t.reachable);
    assert!(
        t.explanations.iter().any(|e| e.code == x::SUBNET_ACL_RESTRICTION && e.direction == Some(Direction::Egress))
    );
    assert!(t.ephemeral.allowed.is_empty());

    lab.entry(acl, 100, true, tcp(Some((1024, 32767))), "0.0.0.0/0", true);
    let t = lab.trace(INTERNET, w, 443);
    assert!(!t.reachable);
    assert_eq!(t.ephemeral.allowed, vec![PortRange::new(1024, 32767).unwrap()]);
    assert!(t.explanation().unwrap().message.contains("intermittently"), "{t}");

    let spec = AclEntrySpec {
        rule_number: 100,
        egress: true,
        traffic: tcp(Some((1024, 65535))),
        cidr_block: "0.0.0.0/0".into(),
        rule_action: "allow".into(),
    };
    lab.w.replace_acl_entry(acl, &spec).unwrap();
    assert!(lab.trace(INTERNET, w, 443).reachable);

    lab.entry(acl, 90, false, tcp(Some((443, 443))), "192.0.2.0/24", false);
    let t = lab.trace(Endpoint::Internet("192.0.2.7".parse().unwrap()), w, 443);
    assert!(!t.reachable);
    assert_eq!(t.explanation().unwrap().code, x::SUBNET_ACL_RESTRICTION);
    assert!(lab.trace(Endpoint::Internet("203.0.113.9".parse().unwrap()), w, 443).reachable);

    let db_sg = lab.sg(vpc, "db");
    lab.allow_in_group(db_sg, tcp(Some((5432, 5432))), web_sg);
    let db = lab.launch(private, Some(vec![db_sg]));
    lab.run();
    assert!(lab.public_ip(db).is_none());
    let d = Endpoint::Instance(db);
    let back = lab.trace(w, d, 5432);
    assert!(!back.reachable);
    let e = back.explanation().unwrap();
    assert_eq!((e.code, e.direction), (x::SUBNET_ACL_RESTRICTION, Some(Direction::Ingress)), "{back}");
    lab.entry(acl, 110, false, tcp(Some((1024, 65535))), "10.10.0.0/16", true);
    assert!(lab.trace(w, d, 5432).reachable);
    assert!(!lab.trace(INTERNET, d, 5432).reachable);
    assert!(lab.trace(d, w, 443).reachable);
    let other = lab.launch(public, None);
    lab.run();
    assert!(!lab.trace(Endpoint::Instance(other), d, 5432).reachable);
}

/// App VPC of acceptance script 06: public + private subnet, a NAT gateway.
pub(crate) struct App {
    pub lab: Lab,
    pub vpc: VpcKey,
    pub public: SubnetKey,
    pub private_rt: RtbKey,
    pub worker: InstanceKey,
    pub nat: NatKey,
    pub eip: EipKey,
}

pub(crate) fn app_world() -> App {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let igw = lab.igw(vpc);
    let public = lab.subnet(vpc, "10.0.0.0/24", false);
    let private = lab.subnet(vpc, "10.0.1.0/24", false);
    let public_rt = lab.rtb(vpc, public);
    lab.route(public_rt, "0.0.0.0/0", Target::Igw(igw));
    let worker = lab.launch(private, None);
    lab.run();
    let eip = lab.w.allocate_address(lab.region, None, Tags::new()).unwrap();
    let nat = lab.w.create_nat_gateway(public, Some(eip), Connectivity::Public, Tags::new()).unwrap();
    let private_rt = lab.rtb(vpc, private);
    lab.route(private_rt, "0.0.0.0/0", Target::Nat(nat));
    App { lab, vpc, public, private_rt, worker, nat, eip }
}

#[test]
fn acceptance_06_nat_and_blackhole() {
    let App { mut lab, worker, eip, nat, .. } = app_world();
    let wk = Endpoint::Instance(worker);
    lab.run();
    let out = lab.trace(wk, INTERNET, 443);
    assert!(out.reachable, "{out}");
    let public = lab.w.eip(eip).unwrap().public_ip;
    assert!(out.forward.iter().any(|h| h.packet.src == public), "{out}");
    assert!(!lab.trace(INTERNET, wk, 22).reachable);
    lab.w.delete_nat_gateway(nat).unwrap();
    lab.run();
    let bh = lab.trace(wk, INTERNET, 443);
    assert!(!bh.reachable);
    assert_eq!(bh.explanation().unwrap().code, x::BAD_STATE_ROUTE);
}

/// Three VPCs peered A-B and B-C, each with an open instance.
pub(crate) fn peered() -> (Lab, [InstanceKey; 3], [VpcKey; 3], [PcxKey; 2]) {
    let mut lab = Lab::new();
    let mut inst = Vec::new();
    let mut vpcs = Vec::new();
    for (i, c) in ["10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16"].iter().enumerate() {
        let v = lab.vpc(c);
        let sn = lab.subnet(v, &c.replace("0.0/16", "0.0/24"), false);
        let sg = lab.sg(v, &format!("open-{i}"));
        lab.allow_in(sg, Traffic::all(), "10.0.0.0/8");
        inst.push(lab.launch(sn, Some(vec![sg])));
        vpcs.push(v);
    }
    lab.run();
    let ab = lab.w.request_peering(vpcs[0], vpcs[1], Tags::new()).unwrap();
    lab.w.accept_peering(ab).unwrap();
    let bc = lab.w.request_peering(vpcs[1], vpcs[2], Tags::new()).unwrap();
    lab.w.accept_peering(bc).unwrap();
    let main = |lab: &Lab, v: VpcKey| lab.w.vpc(v).unwrap().main_route_table;
    let (ma, mb, mc) = (main(&lab, vpcs[0]), main(&lab, vpcs[1]), main(&lab, vpcs[2]));
    lab.route(ma, "10.2.0.0/16", Target::Pcx(ab));
    lab.route(ma, "10.3.0.0/16", Target::Pcx(ab));
    lab.route(mb, "10.1.0.0/16", Target::Pcx(ab));
    lab.route(mb, "10.3.0.0/16", Target::Pcx(bc));
    lab.route(mc, "10.2.0.0/16", Target::Pcx(bc));
    (lab, [inst[0], inst[1], inst[2]], [vpcs[0], vpcs[1], vpcs[2]], [ab, bc])
}

#[test]
fn pcx_requires_address_in_vpc_cidr() {
    let (lab, [a, b, c], _, _) = peered();
    let (a, b, c) = (Endpoint::Instance(a), Endpoint::Instance(b), Endpoint::Instance(c));
    assert!(lab.trace(a, b, 22).reachable);
    assert!(lab.trace(b, c, 22).reachable);
    let t = lab.trace(a, c, 22);
    assert!(!t.reachable);
    assert_eq!(codes(&t), vec![x::PCX_REQUIRES_ADDRESS_IN_VPC_CIDR]);
    assert!(t.ephemeral.allowed.is_empty());
}

#[test]
fn sg_group_reference_across_active_peering_only() {
    let mut lab = Lab::new();
    let va = lab.vpc("10.1.0.0/16");
    let vb = lab.vpc("10.2.0.0/16");
    let sa = lab.subnet(va, "10.1.0.0/24", false);
    let sb = lab.subnet(vb, "10.2.0.0/24", false);
    let pcx = lab.w.request_peering(va, vb, Tags::new()).unwrap();
    lab.w.accept_peering(pcx).unwrap();
    let ma = lab.w.vpc(va).unwrap().main_route_table;
    let mb = lab.w.vpc(vb).unwrap().main_route_table;
    lab.route(ma, "10.2.0.0/16", Target::Pcx(pcx));
    lab.route(mb, "10.1.0.0/16", Target::Pcx(pcx));
    let client = lab.sg(va, "client");
    let server = lab.sg(vb, "server");
    lab.allow_in_group(server, tcp(Some((22, 22))), client);
    let a = lab.launch(sa, Some(vec![client]));
    let b = lab.launch(sb, Some(vec![server]));
    lab.run();
    assert!(lab.trace(Endpoint::Instance(a), Endpoint::Instance(b), 22).reachable);
    lab.w.delete_peering(pcx).unwrap();
    let t = lab.trace(Endpoint::Instance(a), Endpoint::Instance(b), 22);
    assert_eq!(codes(&t), vec![x::BAD_STATE_ROUTE]);
}

#[test]
fn bad_state_vpn() {
    let App { mut lab, vpc, private_rt, worker, .. } = app_world();
    lab.run();
    let hq = lab
        .w
        .create_onprem_site(lab.region, "192.168.0.0/16", Tags::from([("Name".to_string(), "hq".to_string())]))
        .unwrap();
    let server = lab.w.add_host(hq, "192.168.10.5", Tags::new()).unwrap();
    let vgw = lab.w.create_vpn_gateway(lab.region, None, Tags::new()).unwrap();
    lab.w.attach_vpn_gateway(vgw, vpc).unwrap();
    let cgw = lab.w.create_customer_gateway(lab.region, "203.0.113.12", Some(65000), None, Tags::new()).unwrap();
    let vpn = lab.w.create_vpn_connection(lab.region, vgw, cgw, &["192.168.0.0/16".into()], None, Tags::new()).unwrap();
    let (wk, sv) = (Endpoint::Instance(worker), Endpoint::Host(server));
    lab.route(private_rt, "192.168.0.0/16", Target::Vgw(vgw));
    // Never connected: no route to the destination.
    assert_eq!(codes(&lab.trace(wk, sv, 1521)), vec![x::NO_ROUTE_TO_DESTINATION]);
    lab.w.connect_site(hq, SiteLink::Vpn(vpn)).unwrap();
    assert!(lab.trace(wk, sv, 1521).reachable);
    lab.w.set_tunnel_state(vpn, 1, false).unwrap();
    assert!(lab.trace(wk, sv, 1521).reachable);
    lab.w.set_tunnel_state(vpn, 2, false).unwrap();
    let down = lab.trace(wk, sv, 1521);
    assert!(!down.reachable);
    assert_eq!(codes(&down), vec![x::BAD_STATE_VPN], "{down}");
    // From the data center into the VPC: the default group admits only its members.
    lab.w.set_tunnel_state(vpn, 1, true).unwrap();
    let t = lab.trace(sv, wk, 22);
    assert_eq!(codes(&t), vec![x::ENI_SG_RULES_MISMATCH], "{t}");
}

#[test]
fn direct_connect_preferred_and_site_to_vpc() {
    let App { mut lab, vpc, private_rt, worker, .. } = app_world();
    lab.run();
    let hq = lab
        .w
        .create_onprem_site(lab.region, "192.168.0.0/16", Tags::from([("Name".to_string(), "hq".to_string())]))
        .unwrap();
    let server = lab.w.add_host(hq, "192.168.10.5", Tags::new()).unwrap();
    let vgw = lab.w.create_vpn_gateway(lab.region, None, Tags::new()).unwrap();
    lab.w.attach_vpn_gateway(vgw, vpc).unwrap();
    let dx = lab.w.create_dx_connection(lab.region, "EqDC2", "1Gbps", Tags::new()).unwrap();
    let vif = lab.w.create_private_vif(dx, vgw, None, None, Tags::new()).unwrap();
    lab.w.connect_site(hq, SiteLink::Vif(vif)).unwrap();
    lab.route(private_rt, "192.168.0.0/16", Target::Vgw(vgw));
    let sg = lab.w.instance(worker).unwrap().primary_eni;
    let g = lab.w.eni(sg).unwrap().security_groups[0];
    lab.allow_in(g, tcp(Some((22, 22))), "192.168.0.0/16");
    let t = lab.trace(Endpoint::Instance(worker), Endpoint::Host(server), 1521);
    assert!(t.reachable, "{t}");
    assert!(t.forward.iter().any(|h| h.kind == "dx-vif"));
    let t = lab.trace(Endpoint::Host(server), Endpoint::Instance(worker), 22);
    assert!(t.reachable, "{t}");
    assert_eq!(t.ephemeral.range, PortRange::new(1024, 65535).unwrap());
}

#[test]
fn a_deleted_link_gives_way_to_a_live_one_then_blocks() {
    let App { mut lab, vpc, private_rt, worker, .. } = app_world();
    lab.run();
    let hq =
        lab.w.create_onprem_site(lab.region, "192.168.0.0/16", Tags::from([("Name".into(), "hq".into())])).unwrap();
    let server = lab.w.add_host(hq, "192.168.10.5", Tags::new()).unwrap();
    let vgw = lab.w.create_vpn_gateway(lab.region, None, Tags::new()).unwrap();
    lab.w.attach_vpn_gateway(vgw, vpc).unwrap();
    let dx = lab.w.create_dx_connection(lab.region, "EqDC2", "1Gbps", Tags::new()).unwrap();
    let vif = lab.w.create_private_vif(dx, vgw, None, None, Tags::new()).unwrap();
    let cgw = lab.w.create_customer_gateway(lab.region, "203.0.113.12", Some(65000), None, Tags::new()).unwrap();
    let vpn = lab.w.create_vpn_connection(lab.region, vgw, cgw, &["192.168.0.0/16".into()], None, Tags::new()).unwrap();
    lab.w.connect_site(hq, SiteLink::Vif(vif)).unwrap();
    lab.w.connect_site(hq, SiteLink::Vpn(vpn)).unwrap();
    lab.route(private_rt, "192.168.0.0/16", Target::Vgw(vgw));
    let (wk, sv) = (Endpoint::Instance(worker), Endpoint::Host(server));
    let kinds = |t: &Trace| t.forward.iter().map(|h| h.kind).collect::<Vec<_>>();
    assert!(kinds(&lab.trace(wk, sv, 1521)).contains(&"dx-vif"));
    lab.w.delete_private_vif(vif).unwrap();
    let t = lab.trace(wk, sv, 1521);
    assert!(t.reachable && kinds(&t).contains(&"vpn-connection") && !kinds(&t).contains(&"dx-vif"), "{t}");
    lab.w.delete_vpn_connection(vpn).unwrap();
    let t = lab.trace(wk, sv, 1521);
    assert_eq!(codes(&t), vec![x::BAD_STATE], "both deleted: the first link is named, once: {t}");
    assert!(t.explanations[0].message.contains("is deleted"), "{t}");
}

#[test]
fn bad_state() {
    let Web { mut lab, web_sg, web, public, .. } = web_world();
    lab.allow_in(web_sg, tcp(Some((22, 22))), "0.0.0.0/0");
    let other = lab.launch(public, Some(vec![web_sg]));
    lab.run();
    lab.w.stop_instance(web, false).unwrap();
    lab.run();
    let t = lab.trace(Endpoint::Instance(other), Endpoint::Instance(web), 22);
    assert_eq!(codes(&t), vec![x::BAD_STATE]);
    let t = lab.trace(Endpoint::Instance(web), Endpoint::Instance(other), 22);
    assert_eq!(codes(&t), vec![x::BAD_STATE]);
    assert!(t.ephemeral.allowed.is_empty());
}

#[test]
fn bad_state_pending_nat() {
    let App { lab, worker, .. } = app_world();
    let t = lab.trace(Endpoint::Instance(worker), INTERNET, 443);
    assert_eq!(codes(&t), vec![x::BAD_STATE], "{t}");
    assert_eq!(t.explanation().unwrap().kind, "nat-gateway");
}

#[test]
fn sg_has_no_rules_egress() {
    let Web { mut lab, web_sg, web, .. } = web_world();
    lab.revoke_all_out(web_sg);
    let t = lab.trace(Endpoint::Instance(web), INTERNET, 443);
    assert_eq!(codes(&t), vec![x::SG_HAS_NO_RULES]);
    assert_eq!(t.explanation().unwrap().direction, Some(Direction::Egress));
}

#[test]
fn eni_sg_rules_mismatch() {
    let Web { mut lab, web_sg, web, .. } = web_world();
    lab.allow_in(web_sg, tcp(Some((80, 80))), "0.0.0.0/0");
    let t = lab.trace(INTERNET, Endpoint::Instance(web), 22);
    assert_eq!(codes(&t), vec![x::ENI_SG_RULES_MISMATCH]);
    assert_eq!(t.explanation().unwrap().direction, Some(Direction::Ingress));
}

#[test]
fn subnet_acl_restriction_all_blockers_listed() {
    let Web { mut lab, vpc, public, web, .. } = web_world();
    let _acl = lab.acl(vpc, public);
    // Custom ACL with no entries and a group with no inbound rules: three blockers.
    let t = lab.trace(INTERNET, Endpoint::Instance(web), 443);
    assert_eq!(codes(&t), vec![x::SUBNET_ACL_RESTRICTION, x::SG_HAS_NO_RULES, x::SUBNET_ACL_RESTRICTION], "{t}");
    assert_eq!(t.explanations[2].direction, Some(Direction::Egress));
}

#[test]
fn no_route_to_destination() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let sn = lab.subnet(vpc, "10.0.0.0/24", true);
    let _ = lab.igw(vpc);
    let i = lab.launch(sn, None);
    lab.run();
    let t = lab.trace(Endpoint::Instance(i), INTERNET, 443);
    assert_eq!(codes(&t), vec![x::NO_ROUTE_TO_DESTINATION]);
    assert_eq!(t.explanation().unwrap().kind, "route-table");
}

#[test]
fn no_route_to_destination_asymmetric_return() {
    let App { mut lab, vpc, public, worker, .. } = app_world();
    lab.run();
    // The worker gets a public address but its subnet routes the internet to the NAT:
    // inbound works through the IGW, the response leaves through the NAT: asymmetric.
    let eip2 = lab.w.allocate_address(lab.region, None, Tags::new()).unwrap();
    let eni = lab.eni(worker);
    lab.w.associate_address(eip2, eni, false).unwrap();
    let g = lab.w.eni(eni).unwrap().security_groups[0];
    lab.allow_in(g, tcp(Some((22, 22))), "0.0.0.0/0");
    let t = lab.trace(INTERNET, Endpoint::Instance(worker), 22);
    assert!(!t.reachable);
    assert_eq!(codes(&t), vec![x::NO_ROUTE_TO_DESTINATION], "{t}");
    assert_eq!(t.explanation().unwrap().kind, "route-table");
    assert!(t.ephemeral.allowed.is_empty());
    let _ = (vpc, public);
}

#[test]
fn igw_public_ip_association_for_egress() {
    let Web { mut lab, public, .. } = web_world();
    lab.w.set_map_public_ip_on_launch(public, false).unwrap();
    let i = lab.launch(public, None);
    lab.run();
    let t = lab.trace(Endpoint::Instance(i), INTERNET, 443);
    assert_eq!(codes(&t), vec![x::IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS]);
}

#[test]
fn igw_private_ip_association_for_ingress() {
    let Web { mut lab, private, vpc, .. } = web_world();
    let sg = lab.sg(vpc, "open");
    lab.allow_in(sg, tcp(Some((22, 22))), "0.0.0.0/0");
    let i = lab.launch(private, Some(vec![sg]));
    lab.run();
    let t = lab.trace(INTERNET, Endpoint::Instance(i), 22);
    // No public address; and the response would leave through the main table, which has
    // no internet route.
    assert_eq!(codes(&t), vec![x::IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, x::NO_ROUTE_TO_DESTINATION], "{t}");
}

#[test]
fn igw_destination_address_not_in_rfc1918_egress() {
    let Web { mut lab, web, .. } = web_world();
    let other = lab.vpc("10.20.0.0/16");
    let sn = lab.subnet(other, "10.20.0.0/24", false);
    let j = lab.launch(sn, None);
    lab.run();
    let t = lab.trace(Endpoint::Instance(web), Endpoint::Instance(j), 22);
    assert_eq!(codes(&t), vec![x::IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS]);
}

#[test]
fn bad_state_attachment() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let sn = lab.subnet(vpc, "10.0.0.0/24", true);
    let i = lab.launch(sn, None);
    lab.run();
    let t = lab.trace(INTERNET, Endpoint::Instance(i), 22);
    assert_eq!(codes(&t), vec![x::BAD_STATE_ATTACHMENT, x::ENI_SG_RULES_MISMATCH], "{t}");
    assert!(!t.to_string().contains("translates"), "nothing translates without a gateway:\n{t}");
    // Without a public address too, both blockers are listed, in path order, and the
    // destination's own groups after them.
    let private = lab.subnet(vpc, "10.0.1.0/24", false);
    let j = lab.launch(private, None);
    lab.run();
    let t = lab.trace(INTERNET, Endpoint::Instance(j), 22);
    assert_eq!(
        codes(&t),
        vec![x::BAD_STATE_ATTACHMENT, x::IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS, x::ENI_SG_RULES_MISMATCH],
        "{t}"
    );
    assert!(t.ephemeral.return_allows.is_none(), "{t}");
    assert!(t.to_string().contains("return path was not evaluated"), "{t}");
}

#[test]
fn eni_source_dest_check_restriction() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let igw = lab.igw(vpc);
    let pub_sn = lab.subnet(vpc, "10.0.0.0/24", true);
    let priv_sn = lab.subnet(vpc, "10.0.1.0/24", false);
    let prt = lab.rtb(vpc, pub_sn);
    lab.route(prt, "0.0.0.0/0", Target::Igw(igw));
    let appliance = lab.launch(pub_sn, None);
    let worker = lab.launch(priv_sn, None);
    lab.run();
    let rt = lab.rtb(vpc, priv_sn);
    lab.route(rt, "0.0.0.0/0", Target::Instance(appliance));
    let t = lab.trace(Endpoint::Instance(worker), INTERNET, 443);
    assert_eq!(codes(&t), vec![x::ENI_SOURCE_DEST_CHECK_RESTRICTION, x::IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS], "{t}");
    let eni = lab.eni(appliance);
    lab.w.set_source_dest_check(eni, false).unwrap();
    let t = lab.trace(Endpoint::Instance(worker), INTERNET, 443);
    // An appliance does not translate: the worker's private address cannot use the IGW.
    assert_eq!(codes(&t), vec![x::IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS], "{t}");
}

#[test]
fn appliance_security_groups_filter_forwarded_traffic() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let a_sn = lab.subnet(vpc, "10.0.0.0/24", false);
    let b_sn = lab.subnet(vpc, "10.0.1.0/24", false);
    let c_sn = lab.subnet(vpc, "10.0.2.0/24", false);
    let appliance_sg = lab.w.create_security_group(vpc, "appliance", None, Tags::new()).unwrap();
    let appliance = lab.launch(a_sn, Some(vec![appliance_sg]));
    let default = lab.w.vpc(vpc).unwrap().default_security_group;
    let client = lab.launch(b_sn, None);
    let server = lab.launch(c_sn, None);
    lab.run();
    let eni = lab.eni(appliance);
    lab.w.set_source_dest_check(eni, false).unwrap();
    let rt = lab.rtb(vpc, b_sn);
    let dest = lab.w.subnet(c_sn).unwrap().cidr.to_string();
    lab.route(rt, &dest, Target::Instance(appliance));
    let back = lab.rtb(vpc, c_sn);
    let client_block = lab.w.subnet(b_sn).unwrap().cidr.to_string();
    lab.route(back, &client_block, Target::Instance(appliance));
    // The appliance's group has no inbound rule: it drops what it is asked to forward.
    let t = lab.trace(Endpoint::Instance(client), Endpoint::Instance(server), 22);
    assert_eq!(codes(&t), vec![x::SG_HAS_NO_RULES, x::ENI_SG_RULES_MISMATCH], "{t}");
    assert_eq!(t.explanations[0].component, lab.w.sg(appliance_sg).unwrap().id, "{t}");
    let f = Flow {
        source: Endpoint::Instance(client),
        destination: Endpoint::Instance(server),
        protocol: Protocol::Tcp,
        port: 22,
        source_port: None,
    };
    assert!(!reachable(&lab.w, &f).unwrap());
    lab.allow_in_group(appliance_sg, tcp(Some((22, 22))), default);
    // Past the appliance, the server's default group no longer recognises the client as a
    // member (AWS: group references do not match traffic through a middlebox).
    let t = lab.trace(Endpoint::Instance(client), Endpoint::Instance(server), 22);
    assert_eq!(codes(&t), vec![x::ENI_SG_RULES_MISMATCH], "{t}");
    assert!(t.explanations[0].message.contains("through an appliance"), "{t}");
    assert!(!t.explanations[0].message.contains("a group the peer belongs to"), "{t}");
    let client_ip = lab.w.eni(lab.eni(client)).unwrap().private_ip;
    lab.allow_in(default, tcp(Some((22, 22))), &format!("{client_ip}/32"));
    let t = lab.trace(Endpoint::Instance(client), Endpoint::Instance(server), 22);
    assert!(t.reachable, "{t}");
}

#[test]
fn client_vpn_authorization() {
    let Web { mut lab, vpc, public, web_sg, web, .. } = web_world();
    let cvpn = lab.w.create_client_vpn_endpoint(lab.region, "172.20.0.0/22", vpc, &[public], Tags::new()).unwrap();
    let client = lab.w.connect_client(cvpn, Tags::new()).unwrap();
    let default = lab.w.vpc(vpc).unwrap().default_security_group;
    lab.allow_in_group(web_sg, tcp(Some((22, 22))), default);
    let t = lab.trace(Endpoint::Host(client), Endpoint::Instance(web), 22);
    assert_eq!(codes(&t), vec![x::NO_ROUTE_TO_DESTINATION], "{t}");
    assert_eq!(t.explanation().unwrap().kind, "client-vpn-endpoint");
    lab.w.authorize_client_vpn(cvpn, "10.10.0.0/16").unwrap();
    let t = lab.trace(Endpoint::Host(client), Endpoint::Instance(web), 22);
    assert!(t.reachable, "{t}");
}

#[test]
fn cannot_route_appliance_loop() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let a_sn = lab.subnet(vpc, "10.0.0.0/24", false);
    let b_sn = lab.subnet(vpc, "10.0.1.0/24", false);
    let a = lab.launch(a_sn, None);
    let b = lab.launch(b_sn, None);
    lab.run();
    for i in [a, b] {
        let e = lab.eni(i);
        lab.w.set_source_dest_check(e, false).unwrap();
    }
    let sg = lab.sg(vpc, "appliances");
    lab.allow_in(sg, tcp(Some((443, 443))), "10.0.0.0/16");
    for i in [a, b] {
        let e = lab.eni(i);
        lab.w.set_interface_groups(e, vec![sg]).unwrap();
    }
    let ra = lab.rtb(vpc, a_sn);
    lab.route(ra, "0.0.0.0/0", Target::Instance(b));
    let rb = lab.rtb(vpc, b_sn);
    lab.route(rb, "0.0.0.0/0", Target::Instance(a));
    let t = lab.trace(Endpoint::Instance(a), INTERNET, 443);
    assert_eq!(codes(&t), vec![x::CANNOT_ROUTE], "{t}");
}

#[test]
fn windows_ephemeral_and_source_port() {
    let Web { mut lab, web_sg, public, .. } = web_world();
    lab.allow_in(web_sg, tcp(Some((3389, 3389))), "10.0.0.0/8");
    let win = lab.windows(public, Some(vec![web_sg]));
    let lin = lab.launch(public, Some(vec![web_sg]));
    lab.run();
    let t = lab.trace(Endpoint::Instance(win), Endpoint::Instance(lin), 3389);
    assert!(t.reachable);
    assert_eq!(t.ephemeral.range, PortRange::new(49152, 65535).unwrap());
    let flow = Flow {
        source: Endpoint::Instance(lin),
        destination: Endpoint::Instance(win),
        protocol: Protocol::Tcp,
        port: 3389,
        source_port: Some(40000),
    };
    let t = trace(&lab.w, &flow).unwrap();
    assert_eq!(t.ephemeral.range, PortRange::single(40000));
    assert!(t.reachable);
    // Same subnet: no ACL, no route table hops.
    assert!(t.forward.iter().all(|h| h.kind != "network-acl" && h.kind != "route-table"), "{t}");
}

#[test]
fn nat_subnet_acl_partial_is_intermittent() {
    let App { mut lab, vpc, public, worker, .. } = app_world();
    lab.run();
    let acl = lab.acl(vpc, public);
    lab.entry(acl, 100, false, Traffic::all(), "10.0.0.0/16", true);
    lab.entry(acl, 110, false, tcp(Some((1024, 40000))), "0.0.0.0/0", true);
    lab.entry(acl, 100, true, Traffic::all(), "0.0.0.0/0", true);
    let t = lab.trace(Endpoint::Instance(worker), INTERNET, 443);
    assert!(!t.reachable);
    assert_eq!(codes(&t), vec![x::SUBNET_ACL_RESTRICTION], "{t}");
    assert!(t.explanation().unwrap().message.contains("intermittently"));
    assert!(t.ephemeral.allowed.is_empty());
    lab.w.delete_acl_entry(acl, 110, false).unwrap();
    lab.entry(acl, 110, false, tcp(Some((1024, 65535))), "0.0.0.0/0", true);
    assert!(lab.trace(Endpoint::Instance(worker), INTERNET, 443).reachable);
}

#[test]
fn public_address_out_and_back_in() {
    let Web { mut lab, web_sg, web, public, .. } = web_world();
    lab.allow_in(web_sg, tcp(Some((443, 443))), "0.0.0.0/0");
    let client = lab.launch(public, None);
    lab.run();
    let ip = lab.public_ip(web).unwrap();
    assert_eq!(resolve_address(&lab.w, ip), Endpoint::Internet(ip));
    let t = lab.trace(Endpoint::Instance(client), Endpoint::Internet(ip), 443);
    assert!(t.reachable, "{t}");
    assert_eq!(t.forward.iter().filter(|h| h.kind == "internet-gateway").count(), 2);
    let private = lab.w.eni(lab.eni(web)).unwrap().private_ip;
    assert_eq!(resolve_address(&lab.w, private), Endpoint::Instance(web));
}

#[test]
fn unknown_endpoint_is_not_found() {
    let lab = Lab::new();
    let flow = Flow {
        source: Endpoint::Instance(InstanceKey(999)),
        destination: INTERNET,
        protocol: Protocol::Tcp,
        port: 22,
        source_port: None,
    };
    assert_eq!(trace(&lab.w, &flow).unwrap_err().code, "InvalidInstanceID.NotFound");
    assert_eq!(reachable(&lab.w, &flow).unwrap_err().code, "InvalidInstanceID.NotFound");
}

#[test]
fn display_is_readable_and_deterministic() {
    let Web { lab, web, .. } = web_world();
    let t = lab.trace(INTERNET, Endpoint::Instance(web), 443);
    let text = t.to_string();
    assert!(
        text.contains("forward path:") && text.contains("NOT REACHABLE") && text.contains("SG_HAS_NO_RULES"),
        "{text}"
    );
    assert_eq!(text, lab.trace(INTERNET, Endpoint::Instance(web), 443).to_string());
}

#[test]
fn exposure_lists_exact_sources() {
    let Web { mut lab, vpc, public, web_sg, web, .. } = web_world();
    lab.allow_in(web_sg, tcp(Some((443, 443))), "0.0.0.0/0");
    lab.allow_in(web_sg, tcp(Some((22, 22))), "203.0.113.0/24");
    lab.allow_in(web_sg, tcp(Some((5432, 5432))), "10.0.0.0/8");
    let e = exposure(&lab.w, None);
    let mine: Vec<_> = e.iter().filter(|x| x.resource == ResKey::Instance(web)).collect();
    assert_eq!(mine.len(), 2, "{mine:?}");
    assert_eq!(mine[0].ports, vec![PortRange::single(22)]);
    assert_eq!(mine[0].from, vec!["203.0.113.0/24".parse().unwrap()]);
    assert_eq!(mine[1].ports, vec![PortRange::single(443)]);
    assert_eq!(mine[1].from, vec!["0.0.0.0/0".parse().unwrap()]);
    // An ACL that denies one block and opens only part of the return range.
    let acl = lab.acl(vpc, public);
    lab.entry(acl, 90, false, Traffic::all(), "198.51.100.0/24", false);
    lab.entry(acl, 100, false, Traffic::all(), "0.0.0.0/0", true);
    lab.entry(acl, 100, true, tcp(Some((50000, 50010))), "0.0.0.0/0", true);
    let e = exposure(&lab.w, None);
    let https: Vec<_> = e.iter().filter(|x| x.ports == vec![PortRange::single(443)]).collect();
    assert_eq!(https.len(), 1);
    assert!(!https[0].from.iter().any(|c| c.contains_addr("198.51.100.7".parse().unwrap())));
    assert!(https[0].from.iter().any(|c| c.contains_addr("8.8.8.8".parse().unwrap())));
    // A trace from a public address is reachable only if exposure lists it.
    let t = lab.trace(Endpoint::Internet("8.8.8.8".parse().unwrap()), Endpoint::Instance(web), 443);
    assert!(!t.reachable && !t.ephemeral.allowed.is_empty());
}

#[test]
fn matrix_matches_traces() {
    let (lab, inst, _, _) = peered();
    let eps: Vec<Endpoint> = inst.iter().map(|i| Endpoint::Instance(*i)).chain([INTERNET]).collect();
    let m = matrix(&lab.w, &eps, &eps, Protocol::Tcp, 22).unwrap();
    for (i, s) in eps.iter().enumerate() {
        for (j, d) in eps.iter().enumerate() {
            assert_eq!(m[i][j], lab.trace(*s, *d, 22).reachable, "{i} {j}");
        }
    }
}
