//! Names in model messages (issue 10 point 2): a message naming an existing resource shows
//! it as `id "name"` when it has a Name tag and as the bare id otherwise; NotFound messages
//! keep the id the caller gave. Each case fails the same call before and after naming.

use super::testlab::{Lab, lab};
use super::*;

/// The world a case starts from: [`lab`] (a VPC with an internet gateway and two subnets on
/// a custom route table), a custom network ACL on subnet `s`, and a terminated instance.
struct Start {
    w: World,
    r: RegionKey,
    v: VpcKey,
    s: SubnetKey,
    rt: RtbKey,
    acl: AclKey,
    igw: IgwKey,
    i: InstanceKey,
}

fn start() -> Start {
    let mut lab = lab();
    let acl = lab.w.create_network_acl(lab.v, Tags::new()).unwrap();
    lab.w.associate_network_acl(acl, lab.s).unwrap();
    let i = lab.launch(|_| {}).unwrap();
    lab.w.terminate_instance(i).unwrap();
    let Lab { w, r, v, s, g, rt, .. } = lab;
    Start { w, r, v, s, rt, acl, igw: g, i }
}

/// A failing call and the resources its message must name.
type Case = (&'static str, fn(&mut Start) -> (Result<()>, Vec<ResKey>));

const CASES: &[Case] = &[
    ("DependencyViolation", |x| (x.w.delete_vpc(x.v), vec![ResKey::Vpc(x.v), ResKey::Subnet(x.s), ResKey::Igw(x.igw)])),
    ("RouteAlreadyExists", |x| (x.w.create_route(x.rt, "0.0.0.0/0", Target::Igw(x.igw)), vec![ResKey::Rtb(x.rt)])),
    ("DependencyViolation", |x| (x.w.delete_route_table(x.rt), vec![ResKey::Rtb(x.rt), ResKey::Subnet(x.s)])),
    ("DependencyViolation", |x| (x.w.delete_network_acl(x.acl), vec![ResKey::Acl(x.acl), ResKey::Subnet(x.s)])),
    ("InvalidSubnet.Conflict", |x| {
        (x.w.create_subnet(x.v, "10.0.1.0/25", None, Tags::new()).map(|_| ()), vec![ResKey::Subnet(x.s)])
    }),
    ("Resource.AlreadyAssociated", |x| {
        (x.w.attach_internet_gateway(x.igw, x.v), vec![ResKey::Igw(x.igw), ResKey::Vpc(x.v)])
    }),
    ("DependencyViolation", |x| (x.w.delete_internet_gateway(x.igw), vec![ResKey::Igw(x.igw), ResKey::Vpc(x.v)])),
    ("IncorrectInstanceState", |x| (x.w.start_instance(x.i), vec![ResKey::Instance(x.i)])),
    ("InvalidParameterValue", |x| {
        let other = x.w.create_vpc(x.r, "10.1.0.0/16", Tags::new()).unwrap();
        let s2 = x.w.create_subnet(other, "10.1.1.0/24", None, Tags::new()).unwrap();
        (x.w.associate_network_acl(x.acl, s2), vec![ResKey::Acl(x.acl)])
    }),
    ("VolumeInUse", |x| {
        let spec = LaunchSpec { subnet: Some(x.s), min_count: 1, max_count: 1, ..LaunchSpec::default() };
        let live = x.w.instances().iter().find(|(_, i)| i.state == InstanceState::Pending).map(|(k, _)| k);
        let i = live.unwrap_or_else(|| x.w.run_instances(x.r, &spec).unwrap()[0]);
        let v = x.w.instance(i).unwrap().root_volume.unwrap();
        (x.w.delete_volume(v), vec![ResKey::Vol(v), ResKey::Instance(i)])
    }),
    ("DirectConnectClientException", |x| {
        let found = x.w.vifs().iter().next().map(|(vif, v)| (vif, v.connection));
        let (dx, vif) = match found {
            Some((vif, dx)) => (dx, vif),
            None => {
                let dx = x.w.create_dx_connection(x.r, "EqDC2", "1Gbps", Tags::new()).unwrap();
                let vgw = x.w.create_vpn_gateway(x.r, None, Tags::new()).unwrap();
                (dx, x.w.create_private_vif(dx, vgw, None, None, Tags::new()).unwrap())
            }
        };
        (x.w.delete_dx_connection(dx), vec![ResKey::Dx(dx), ResKey::Vif(vif)])
    }),
    ("IncorrectState", |x| {
        let found = x.w.vpns().iter().next().map(|(vpn, v)| (vpn, v.customer_gateway));
        let (cgw, vpn) = match found {
            Some((vpn, cgw)) => (cgw, vpn),
            None => {
                let vgw = x.w.create_vpn_gateway(x.r, None, Tags::new()).unwrap();
                let cgw = x.w.create_customer_gateway(x.r, "198.51.100.7", None, None, Tags::new()).unwrap();
                (cgw, x.w.create_vpn_connection(x.r, vgw, cgw, &[], None, Tags::new()).unwrap())
            }
        };
        (x.w.delete_customer_gateway(cgw), vec![ResKey::Cgw(cgw), ResKey::Vpn(vpn)])
    }),
];

/// Gives every resource a case names the Name tag `n<index>`.
fn name_all(w: &mut World, keys: &[ResKey]) -> Vec<String> {
    keys.iter()
        .enumerate()
        .map(|(n, k)| {
            let name = format!("n{n}");
            w.create_tags(*k, &Tags::from([("Name".to_string(), name.clone())])).unwrap();
            name
        })
        .collect()
}

#[test]
fn messages_name_resources_by_label() {
    for (code, case) in CASES {
        let mut x = start();
        let (bare, keys) = case(&mut x);
        let bare = bare.unwrap_err();
        assert_eq!(&bare.code, code, "{bare}");
        for k in &keys {
            let id = x.w.id_of(*k).unwrap().to_string();
            assert!(bare.message.contains(&id), "{code}: {id} missing in {}", bare.message);
            assert!(
                !bare.message.contains(&format!("{id} \"")),
                "{code}: unnamed {id} shown with a name: {}",
                bare.message
            );
        }
        let names = name_all(&mut x.w, &keys);
        let (named, _) = case(&mut x);
        let named = named.unwrap_err();
        assert_eq!(&named.code, code, "{named}");
        for (k, name) in keys.iter().zip(&names) {
            let id = x.w.id_of(*k).unwrap();
            let quoted = format!("'{id}' \"{name}\"");
            let plain = format!("{id} \"{name}\"");
            assert!(
                named.message.contains(&plain) || named.message.contains(&quoted),
                "{code}: {plain} missing in {}",
                named.message
            );
        }
    }
}

#[test]
fn aws_quoted_ids_stay_quoted_with_the_name_after() {
    let mut x = start();
    name_all(&mut x.w, &[ResKey::Instance(x.i)]);
    let e = x.w.start_instance(x.i).unwrap_err();
    let id = x.w.id_of(ResKey::Instance(x.i)).unwrap();
    assert!(e.message.starts_with(&format!("The instance '{id}' \"n0\" is not in a state")), "{}", e.message);
}

#[test]
fn not_found_keeps_the_bare_id() {
    let mut x = start();
    let other = x.w.region("eu-west-1").unwrap();
    let far = x.w.create_vpc(other, "10.9.0.0/16", Tags::new()).unwrap();
    name_all(&mut x.w, &[ResKey::Vpc(far)]);
    let g = x.w.create_internet_gateway(x.r, Tags::new()).unwrap();
    let e = x.w.attach_internet_gateway(g, far).unwrap_err();
    let id = x.w.id_of(ResKey::Vpc(far)).unwrap();
    assert_eq!(e.code, "InvalidVpcID.NotFound");
    assert!(e.message.contains(&format!("'{id}' does not exist")), "{}", e.message);
    assert!(!e.message.contains("\"n0\""), "{}", e.message);
}
