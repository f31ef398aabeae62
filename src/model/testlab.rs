//! A small world for the EC2 unit tests: a VPC with an internet gateway and two public
//! subnets in two AZs.

use super::*;
use std::net::Ipv4Addr;

/// The world and the keys tests use.
pub(crate) struct Lab {
    pub w: World,
    pub r: RegionKey,
    pub v: VpcKey,
    /// A public subnet in us-east-1a.
    pub s: SubnetKey,
    /// A public subnet in us-east-1b.
    pub s2: SubnetKey,
    /// The attached internet gateway.
    pub g: IgwKey,
    /// The custom route table both subnets use (0.0.0.0/0 to `g`).
    pub rt: RtbKey,
}

/// A VPC with an attached IGW and two subnets (1a, 1b) that map public IPs.
pub(crate) fn lab() -> Lab {
    let mut w = World::new();
    let r = w.region("us-east-1").unwrap();
    let v = w.create_vpc(r, "10.0.0.0/16", Tags::new()).unwrap();
    let g = w.create_internet_gateway(r, Tags::new()).unwrap();
    w.attach_internet_gateway(g, v).unwrap();
    let s = w.create_subnet(v, "10.0.1.0/24", Some("us-east-1a"), Tags::new()).unwrap();
    let s2 = w.create_subnet(v, "10.0.2.0/24", Some("us-east-1b"), Tags::new()).unwrap();
    w.set_map_public_ip_on_launch(s, true).unwrap();
    w.set_map_public_ip_on_launch(s2, true).unwrap();
    let rt = w.create_route_table(v, Tags::new()).unwrap();
    w.create_route(rt, "0.0.0.0/0", Target::Igw(g)).unwrap();
    w.associate_route_table(rt, s).unwrap();
    w.associate_route_table(rt, s2).unwrap();
    Lab { w, r, v, s, s2, g, rt }
}

impl Lab {
    /// Launches one instance in subnet `s` after `f` adjusts the spec.
    pub fn launch(&mut self, f: impl FnOnce(&mut LaunchSpec)) -> Result<InstanceKey> {
        let mut spec = LaunchSpec { subnet: Some(self.s), min_count: 1, max_count: 1, ..LaunchSpec::default() };
        f(&mut spec);
        self.w.run_instances(self.r, &spec).map(|v| v[0])
    }

    /// An instance's state.
    pub fn state(&self, i: InstanceKey) -> InstanceState {
        self.w.instance(i).unwrap().state
    }

    /// An instance's public address.
    pub fn public_ip(&self, i: InstanceKey) -> Option<Ipv4Addr> {
        self.w.public_ip_of(self.w.eni(self.w.instance(i).unwrap().primary_eni).unwrap())
    }

    /// An instance's private address.
    pub fn private_ip(&self, i: InstanceKey) -> Ipv4Addr {
        self.w.eni(self.w.instance(i).unwrap().primary_eni).unwrap().private_ip
    }

    /// The id of a catalog image of us-east-1 by name.
    pub fn image(&self, name: &str) -> String {
        self.w.images().iter().find(|(_, i)| i.name == name).map(|(_, i)| i.id.clone()).unwrap()
    }
}
