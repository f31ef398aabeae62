//! The InternetGateway object.

use super::handle::{At, HandleApi, HandleMembers, InternetGateway, Vpc, key_of};
use super::members::Members;
use super::value::{opt, write};
use crate::model::{self, VpcKey, World};
use mlua::{Lua, Value};

/// An optional VPC argument (`detach(vpc?)`).
pub fn optional_vpc(lua: &Lua, v: &Value) -> mlua::Result<Option<VpcKey>> {
    if v.is_nil() { Ok(None) } else { key_of::<Vpc>(lua, v).map(Some) }
}

/// "attached to vpc-…" or "detached", for summaries.
pub fn attached_to(w: &World, vpc: Option<VpcKey>) -> String {
    vpc.and_then(|v| w.vpcs().get(v)).map(|v| format!("attached to {}", v.id)).unwrap_or_else(|| "detached".into())
}

impl HandleApi for InternetGateway {
    const VAR: &'static str = "igw";
    const SUMMARY: &'static str = "Connects a VPC to the internet.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("vpc", "Vpc | nil", "The attached VPC.", |lua, at| opt(lua, at.res.vpc.map(|v| at.handle::<Vpc>(v))));
        m.get("state", "string", "available while attached, detached otherwise.", |_, at| {
            Ok(if at.res.vpc.is_some() { "available" } else { "detached" })
        });
        m.get("attachment_state", "string", "attached / detached.", |_, at| {
            Ok(if at.res.vpc.is_some() { "attached" } else { "detached" })
        });
        m.call("attach", "(vpc) -> nil", "Attaches to a VPC.", |lua, k, vpc: Value| {
            let v = key_of::<Vpc>(lua, &vpc)?;
            write(lua, |w| w.attach_internet_gateway(k, v))
        });
        m.call(
            "detach",
            "(vpc?) -> nil",
            "Detaches (Gateway.NotAttached when not attached to that VPC).",
            |lua, k, vpc: Value| {
                let v = optional_vpc(lua, &vpc)?;
                write(lua, |w| w.detach_internet_gateway(k, v))
            },
        );
        m.call("delete", "() -> nil", "Deletes the gateway.", |lua, k, ()| write(lua, |w| w.delete_internet_gateway(k)));
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        Ok(format!("{}{} {}", at.res.id, at.quoted_name(), attached_to(at.w, at.res.vpc)))
    }
}
