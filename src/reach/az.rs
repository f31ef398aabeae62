//! Availability Zone failure on a path (`sim.fail_az`): an endpoint or a NAT gateway whose
//! interface is in a failed AZ is impaired and forwards nothing. The blocker names the AZ.

use super::endpoint::EndInfo;
use super::engine::{Engine, Sink, Step, expl, info_component};
use super::explain::{self as x, id};
use crate::model::{EniKey, NatKey, ResKey, World};

/// The failed AZ an interface is in, if any.
fn failed_az(w: &World, eni: Option<EniKey>) -> Option<&'static str> {
    let e = w.enis().get(eni?)?;
    let az = w.subnets().get(e.subnet)?.az;
    w.az_failed(az).then_some(az)
}

impl<S: Sink> Engine<'_, S> {
    /// A source or destination in a failed AZ is impaired.
    pub(crate) fn az_check_end(&mut self, info: &EndInfo) -> Step {
        let Some(az) = failed_az(self.w, info.eni) else { return Ok(()) };
        let kind = info.kind;
        self.block(|w| {
            let c = info_component(info, w);
            expl(
                x::BAD_STATE,
                az.to_string(),
                "availability-zone",
                None,
                None,
                format!("Availability Zone {az} has failed: {kind} {c} in it is impaired and neither sends nor receives. Run in at least two AZs (an Auto Scaling group replaces lost capacity), or sim.recover_az(\"{az}\")."),
            )
        })
    }

    /// A NAT gateway in a failed AZ stops forwarding, also for subnets of other AZs that route through it.
    pub(crate) fn az_check_nat(&mut self, nat: NatKey, eni: EniKey) -> Step {
        let Some(az) = failed_az(self.w, Some(eni)) else { return Ok(()) };
        self.block(|w| {
            let c = id(w, ResKey::Nat(nat));
            expl(
                x::BAD_STATE,
                az.to_string(),
                "availability-zone",
                None,
                None,
                format!("Availability Zone {az} has failed, and NAT gateway {c} in it forwards nothing: every subnet routing through it loses the internet. Give each AZ its own NAT gateway and route each private subnet to the one in its AZ."),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Endpoint, Flow, trace};
    use crate::model::*;

    /// One NAT gateway in us-east-1a serving private subnets in 1a and 1b, a public web
    /// server in 1a: the "one NAT per AZ" lesson.
    #[test]
    fn a_failed_az_blocks_its_instances_and_the_nat_other_azs_route_through() {
        let mut w = World::new();
        let r = w.region("us-east-1").unwrap();
        let v = w.create_vpc(r, "10.0.0.0/16", Tags::new()).unwrap();
        let g = w.create_internet_gateway(r, Tags::new()).unwrap();
        w.attach_internet_gateway(g, v).unwrap();
        let public = w.create_subnet(v, "10.0.0.0/24", Some("us-east-1a"), Tags::new()).unwrap();
        let private_b = w.create_subnet(v, "10.0.1.0/24", Some("us-east-1b"), Tags::new()).unwrap();
        let pub_rt = w.create_route_table(v, Tags::new()).unwrap();
        w.create_route(pub_rt, "0.0.0.0/0", Target::Igw(g)).unwrap();
        w.associate_route_table(pub_rt, public).unwrap();
        let eip = w.allocate_address(r, None, Tags::new()).unwrap();
        let nat = w.create_nat_gateway(public, Some(eip), Connectivity::Public, Tags::new()).unwrap();
        let priv_rt = w.create_route_table(v, Tags::new()).unwrap();
        w.create_route(priv_rt, "0.0.0.0/0", Target::Nat(nat)).unwrap();
        w.associate_route_table(priv_rt, private_b).unwrap();
        let spec = |s| LaunchSpec { subnet: Some(s), min_count: 1, max_count: 1, ..LaunchSpec::default() };
        let app = w.run_instances(r, &spec(private_b)).unwrap()[0];
        let web =
            w.run_instances(r, &LaunchSpec { associate_public_ip_address: Some(true), ..spec(public) }).unwrap()[0];
        w.advance(60.0).unwrap();
        let internet = Endpoint::Internet("93.184.216.34".parse().unwrap());
        let out = |w: &World, src: InstanceKey| {
            trace(
                w,
                &Flow {
                    source: Endpoint::Instance(src),
                    destination: internet,
                    protocol: Protocol::Tcp,
                    port: 443,
                    source_port: None,
                },
            )
            .unwrap()
        };
        assert!(out(&w, app).reachable && out(&w, web).reachable);
        w.fail_az("us-east-1a").unwrap();
        let t = out(&w, app);
        assert!(!t.reachable, "1b loses the internet through the NAT gateway in 1a");
        let e = &t.explanations[0];
        assert_eq!((e.code, e.component.as_str(), e.kind), ("BAD_STATE", "us-east-1a", "availability-zone"));
        assert!(e.message.contains("NAT gateway") && e.message.contains("each AZ its own"), "{}", e.message);
        let t = out(&w, web);
        assert!(!t.reachable);
        assert!(t.explanations[0].message.contains("us-east-1a has failed"), "{}", t.explanations[0].message);
        assert!(
            !super::super::reachable(
                &w,
                &Flow {
                    source: Endpoint::Instance(web),
                    destination: internet,
                    protocol: Protocol::Tcp,
                    port: 443,
                    source_port: None
                }
            )
            .unwrap()
        );
        w.recover_az("us-east-1a").unwrap();
        assert!(out(&w, app).reachable && out(&w, web).reachable, "recovered");
    }
}
