//! The VpcPeeringConnection object.

use super::handle::{At, HandleApi, HandleMembers, Vpc, VpcPeeringConnection};
use super::members::Members;
use super::value::write;
use crate::model;

impl HandleApi for VpcPeeringConnection {
    const VAR: &'static str = "pcx";
    const SUMMARY: &'static str = "A private link between two VPCs.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("requester_vpc", "Vpc", "The requesting VPC.", |_, at| Ok(at.handle::<Vpc>(at.res.requester)));
        m.get("accepter_vpc", "Vpc", "The accepting VPC.", |_, at| Ok(at.handle::<Vpc>(at.res.accepter)));
        m.get("status", "string", "pending-acceptance, active, rejected, deleted, failed.", |_, at| {
            Ok(at.res.status.as_str())
        });
        m.get("status_message", "string | nil", "The reason, e.g. overlapping CIDRs.", |_, at| {
            Ok(at.res.status_message.clone())
        });
        m.call("accept", "() -> nil", "Accepts the request.", |lua, k, ()| write(lua, |w| w.accept_peering(k)));
        m.call("reject", "() -> nil", "Rejects the request.", |lua, k, ()| write(lua, |w| w.reject_peering(k)));
        m.call("delete", "() -> nil", "Deletes the connection.", |lua, k, ()| write(lua, |w| w.delete_peering(k)));
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let p = at.res;
        Ok(format!(
            "{}{} {} <-> {} {}",
            p.id,
            at.quoted_name(),
            at.w.vpc(p.requester)?.id,
            at.w.vpc(p.accepter)?.id,
            p.status.as_str()
        ))
    }
}
