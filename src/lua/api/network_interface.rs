//! The NetworkInterface object.

use super::args::{Ref, arg_table};
use super::handle::{At, HandleApi, HandleMembers, Instance, NetworkInterface, SecurityGroup, Subnet, Vpc, key_of};
use super::members::Members;
use super::value::{array, invalid, lua_err, opt, write};
use crate::model::{self, AwsError, SgKey};
use mlua::{Lua, Value};

arg_table! {
    /// `eni:attach{instance, device_index}`.
    struct Attach { instance: Ref<Instance>, device_index: Option<i64> }
}

/// The groups of `set_security_groups{…}` (a list, or a single group).
pub fn group_list(lua: &Lua, v: Value) -> mlua::Result<Vec<SgKey>> {
    match v {
        Value::Table(t) => t.sequence_values::<Value>().map(|g| key_of::<SecurityGroup>(lua, &g?)).collect(),
        Value::Nil => Err(invalid("set_security_groups takes a list of security groups")),
        v => Ok(vec![key_of::<SecurityGroup>(lua, &v)?]),
    }
}

impl HandleApi for NetworkInterface {
    const VAR: &'static str = "eni";
    const SUMMARY: &'static str = "An elastic network interface: addresses and security groups in a subnet.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("subnet", "Subnet", "Its subnet.", |_, at| Ok(at.handle::<Subnet>(at.res.subnet)));
        m.get("vpc", "Vpc", "Its VPC.", |_, at| Ok(at.handle::<Vpc>(at.res.vpc)));
        m.get("private_ip", "string", "Primary private address.", |_, at| Ok(at.res.private_ip.to_string()));
        m.get("public_ip", "string | nil", "Public address.", |_, at| {
            Ok(at.w.public_ip_of(at.res).map(|a| a.to_string()))
        });
        m.get("security_groups", "{SecurityGroup}", "Its groups.", |lua, at| {
            array(lua, at.res.security_groups.iter().map(|g| at.handle::<SecurityGroup>(*g)))
        });
        m.get("status", "string", "available / in-use.", |_, at| {
            let e = at.res;
            Ok(if e.attachment.is_some() || e.owner != model::EniOwner::User { "in-use" } else { "available" })
        });
        m.get("source_dest_check", "boolean", "Source/destination check.", |_, at| Ok(at.res.source_dest_check));
        m.get("instance", "Instance | nil", "The attached instance.", |lua, at| {
            opt(lua, at.res.attachment.map(|a| at.handle::<Instance>(a.instance)))
        });
        m.get("device_index", "integer | nil", "Attachment index.", |_, at| Ok(at.res.attachment.map(|a| a.device_index)));
        m.get("description", "string", "Its description.", |_, at| Ok(at.res.description.clone()));
        m.call("attach", "{instance, device_index} -> nil", "Attaches to an instance.", |lua, k, opts: Value| {
            let a = Attach::read(lua, opts, "attach")?;
            let index = a.device_index.ok_or_else(|| {
                lua_err(AwsError::new("MissingParameter", "The request must contain the parameter device_index"))
            })?;
            let index = u32::try_from(index).map_err(|_| {
                lua_err(AwsError::new("InvalidParameterValue", format!("Invalid device index {index}")))
            })?;
            write(lua, |w| w.attach_network_interface(k, a.instance.0, index))
        });
        m.call("detach", "() -> nil", "Detaches (index 0: OperationNotPermitted).", |lua, k, ()| {
            write(lua, |w| w.detach_network_interface(k))
        });
        m.call("set_security_groups", "{SecurityGroup, …} -> nil", "Replaces its groups.", |lua, k, groups: Value| {
            let groups = group_list(lua, groups)?;
            write(lua, |w| w.set_interface_groups(k, groups))
        });
        m.call("set_source_dest_check", "(boolean) -> nil", "Sets the source/destination check.", |lua, k, on: bool| {
            write(lua, |w| w.set_source_dest_check(k, on))
        });
        m.call("delete", "() -> nil", "Deletes the interface.", |lua, k, ()| {
            write(lua, |w| w.delete_network_interface(k))
        });
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let e = at.res;
        let public = at.w.public_ip_of(e).map(|p| format!(" ({p})")).unwrap_or_default();
        let status = if e.attachment.is_some() { "in-use" } else { "available" };
        Ok(format!(
            "{}{} {}{public} {} {status}",
            e.id,
            at.quoted_name(),
            e.private_ip,
            at.w.subnet(e.subnet)?.id
        ))
    }
}

