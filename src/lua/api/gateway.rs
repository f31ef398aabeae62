//! What internet and virtual private gateways share: attachment to one VPC.

use super::handle::{Handle, HandleMembers, Vpc, key_of};
use super::members::Members;
use super::value::write;
use crate::model::{self, VpcKey, World};
use mlua::Value;

/// "attached to vpc-…" or "detached", for summaries.
pub fn attached_to(w: &World, vpc: Option<VpcKey>) -> String {
    vpc.and_then(|v| w.vpcs().get(v)).map(|v| format!("attached to {}", v.id)).unwrap_or_else(|| "detached".into())
}

/// World calls of a gateway kind.
pub struct GatewayOps<K> {
    /// `Attach…Gateway`.
    pub attach: fn(&mut World, K, VpcKey) -> model::Result<()>,
    /// `Detach…Gateway` (from the given VPC, or whichever it is attached to).
    pub detach: fn(&mut World, K, Option<VpcKey>) -> model::Result<()>,
    /// `Delete…Gateway`.
    pub delete: fn(&mut World, K) -> model::Result<()>,
}

/// `attach(vpc)`, `detach(vpc?)`, `delete()`.
pub fn attachment_members<H: Handle, M: Members<H>>(m: &mut M, ops: GatewayOps<H::Key>) {
    let GatewayOps { attach, detach, delete } = ops;
    m.call("attach", "(vpc) -> nil", "Attaches to a VPC.", move |lua, k, vpc: Value| {
        let v = key_of::<Vpc>(lua, &vpc)?;
        write(lua, |w| attach(w, k, v))
    });
    m.call(
        "detach",
        "(vpc?) -> nil",
        "Detaches (Gateway.NotAttached when not attached to that VPC).",
        move |lua, k, vpc: Value| {
            let v = if vpc.is_nil() { None } else { Some(key_of::<Vpc>(lua, &vpc)?) };
            write(lua, |w| detach(w, k, v))
        },
    );
    m.call("delete", "() -> nil", "Deletes the gateway.", move |lua, k, ()| write(lua, |w| delete(w, k)));
}
