//! The NatGateway object.

use super::handle::{At, ElasticIp, HandleApi, HandleMembers, NatGateway, Subnet, Vpc};
use super::members::Members;
use super::value::{lua_err, opt, write};
use crate::model::{self, NatState};

impl HandleApi for NatGateway {
    const VAR: &'static str = "nat";
    const SUMMARY: &'static str = "Lets private subnets reach out (public) or other networks (private).";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("subnet", "Subnet", "Its subnet.", |_, at| Ok(at.handle::<Subnet>(at.res.subnet)));
        m.get("vpc", "Vpc", "Its VPC.", |_, at| {
            let vpc = at.w.subnet(at.res.subnet).map(|s| s.vpc).map_err(lua_err)?;
            Ok(at.handle::<Vpc>(vpc))
        });
        m.get("connectivity_type", "string", "public / private.", |_, at| Ok(at.res.connectivity.as_str()));
        m.get("state", "string", "pending, available, failed, deleting, deleted.", |_, at| Ok(at.res.state.as_str()));
        m.get("public_ip", "string | nil", "Its public address.", |_, at| {
            Ok(at.w.nat_public_ip(at.key).map(|a| a.to_string()))
        });
        m.get("private_ip", "string", "Its private address.", |_, at| {
            Ok(at.w.nat_private_ip(at.key).map(|a| a.to_string()))
        });
        m.get("elastic_ip", "ElasticIp | nil", "Its Elastic IP.", |lua, at| {
            opt(lua, at.res.eip.map(|e| at.handle::<ElasticIp>(e)))
        });
        m.get("failure_code", "string | nil", "Why it failed.", |_, at| {
            Ok(at.res.failure.as_ref().filter(|_| at.res.state == NatState::Failed).map(|f| f.0.clone()))
        });
        m.get("failure_message", "string | nil", "Why it failed, in words.", |_, at| {
            Ok(at.res.failure.as_ref().filter(|_| at.res.state == NatState::Failed).map(|f| f.1.clone()))
        });
        m.call("delete", "() -> nil", "Deletes the NAT gateway.", |lua, k, ()| write(lua, |w| w.delete_nat_gateway(k)));
        m.call(
            "wait_until_available",
            "() -> nil",
            "Advances the clock until the NAT gateway is available (WaiterError if it failed).",
            |lua, k, ()| write(lua, |w| w.wait_nat_gateway(k, NatState::Available)),
        );
        m.call("wait_until_deleted", "() -> nil", "Advances the clock until the NAT gateway is deleted.", |lua, k, ()| {
            write(lua, |w| w.wait_nat_gateway(k, NatState::Deleted))
        });
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let n = at.res;
        let ip = at.w.nat_public_ip(at.key).map(|p| format!(" {p}")).unwrap_or_default();
        Ok(format!(
            "{}{} {} {}{ip} {}",
            n.id,
            at.quoted_name(),
            n.connectivity.as_str(),
            n.state.as_str(),
            at.w.subnet(n.subnet)?.id
        ))
    }
}
