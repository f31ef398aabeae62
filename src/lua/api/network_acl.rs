//! The NetworkAcl object.

use super::args::{Text, arg_table};
use super::handle::{At, HandleApi, HandleMembers, NetworkAcl, Subnet, Vpc, key_of};
use super::members::Members;
use super::traffic::{TrafficArg, traffic_fields};
use super::value::{array, lua_err, shared, write};
use crate::model::{self, AclEntry, AclEntrySpec, AwsError, Protocol};
use mlua::{Lua, Table, Value};

arg_table! {
    /// `add_entry{…}` / `replace_entry{…}`.
    struct Entry {
        rule_number: Option<Text>,
        egress: Option<bool>,
        traffic: TrafficArg,
        cidr_block: String,
        rule_action: String,
    }
}
arg_table! {
    /// `delete_entry{rule_number, egress}`.
    struct EntryRef { rule_number: Option<Text>, egress: Option<bool> }
}
arg_table! {
    /// `evaluate{egress, protocol, port, address}`.
    struct Probe { egress: Option<bool>, protocol: Option<Text>, port: Option<i64>, address: String }
}

fn rule_number(text: Option<Text>) -> mlua::Result<i64> {
    let Some(Text(t)) = text else {
        return Err(lua_err(AwsError::new(
            "MissingParameter",
            "The request must contain the parameter rule_number (1-32766)",
        )));
    };
    if t == "*" {
        return Ok(32767);
    }
    t.parse::<i64>().map_err(|_| {
        lua_err(AwsError::new(
            "InvalidParameterValue",
            format!("Invalid rule number '{t}': network ACL rule numbers are 1-32766"),
        ))
    })
}

impl Entry {
    fn spec(self) -> mlua::Result<AclEntrySpec> {
        Ok(AclEntrySpec {
            rule_number: rule_number(self.rule_number)?,
            egress: self.egress.unwrap_or(false),
            traffic: self.traffic.0,
            cidr_block: self.cidr_block,
            rule_action: self.rule_action,
        })
    }
}

fn entry_row(lua: &Lua, e: Option<&AclEntry>, egress: bool) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    t.set("egress", egress)?;
    match e {
        Some(e) => {
            t.set("rule_number", e.rule_number)?;
            traffic_fields(&t, &e.traffic)?;
            t.set("cidr_block", e.cidr.to_string())?;
            t.set("rule_action", e.action.as_str())?;
        }
        None => {
            t.set("rule_number", "*")?;
            t.set("protocol", "all")?;
            t.set("cidr_block", "0.0.0.0/0")?;
            t.set("rule_action", "deny")?;
        }
    }
    Ok(t)
}

const ENTRY_ARGS: &str = "{rule_number, egress = false, protocol, port | ports | from_port+to_port, icmp_type?, icmp_code?, cidr_block, rule_action} -> nil";

impl HandleApi for NetworkAcl {
    const VAR: &'static str = "acl";
    const SUMMARY: &'static str = "A stateless subnet firewall: numbered allow/deny entries per direction.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("vpc", "Vpc", "Its VPC.", |_, at| Ok(at.handle::<Vpc>(at.res.vpc)));
        m.get("is_default", "boolean", "Whether it is the VPC's default ACL.", |_, at| Ok(at.res.is_default));
        m.get(
            "entries",
            "{{rule_number, egress, protocol, from_port, to_port, cidr_block, rule_action}}",
            "Entries by direction then number, with the final * deny.",
            |lua, at| {
                let mut rows = Vec::new();
                for egress in [false, true] {
                    for e in at.res.entries(egress) {
                        rows.push(entry_row(lua, Some(e), egress)?);
                    }
                    rows.push(entry_row(lua, None, egress)?);
                }
                array(lua, rows)
            },
        );
        m.get("associations", "{Subnet}", "Every subnet using it.", |lua, at| {
            array(lua, at.w.acl_associations(at.key).into_iter().map(|s| at.handle::<Subnet>(s)))
        });
        m.call("add_entry", ENTRY_ARGS, "Adds an entry.", |lua, k, opts: Value| {
            let spec = Entry::read(lua, opts, "add_entry")?.spec()?;
            write(lua, |w| w.add_acl_entry(k, &spec))
        });
        m.call("create_entry", "{…} -> nil", "Alias of add_entry.", |lua, k, opts: Value| {
            let spec = Entry::read(lua, opts, "create_entry")?.spec()?;
            write(lua, |w| w.add_acl_entry(k, &spec))
        });
        m.call(
            "replace_entry",
            "{…} -> nil",
            "Replaces an entry (InvalidNetworkAclEntry.NotFound when absent).",
            |lua, k, opts: Value| {
                let spec = Entry::read(lua, opts, "replace_entry")?.spec()?;
                write(lua, |w| w.replace_acl_entry(k, &spec))
            },
        );
        m.call("delete_entry", "{rule_number, egress} -> nil", "Deletes an entry (1–32766 only).", |lua, k, opts: Value| {
            let a = EntryRef::read(lua, opts, "delete_entry")?;
            let n = rule_number(a.rule_number)?;
            let egress = a.egress.unwrap_or(false);
            write(lua, |w| w.delete_acl_entry(k, n, egress))
        });
        m.call("associate", "(subnet) -> nil", "Associates a subnet.", |lua, k, subnet: Value| {
            let s = key_of::<Subnet>(lua, &subnet)?;
            write(lua, |w| w.associate_network_acl(k, s))
        });
        m.call(
            "evaluate",
            "{egress, protocol, port, address} -> entry, action",
            "The matching entry and its action.",
            |lua, k, opts: Value| {
                let a = Probe::read(lua, opts, "evaluate")?;
                let egress = a.egress.unwrap_or(false);
                let protocol =
                    Protocol::parse(&a.protocol.map(|t| t.0).unwrap_or_else(|| "tcp".into())).map_err(lua_err)?;
                let port = a.port.unwrap_or(0);
                let port = u16::try_from(port)
                    .map_err(|_| lua_err(AwsError::new("InvalidParameterValue", format!("Invalid port {port}"))))?;
                let addr = crate::net::parse_addr(&a.address).map_err(|_| {
                    lua_err(AwsError::new("InvalidParameterValue", format!("'{}' is not an IPv4 address", a.address)))
                })?;
                let w = shared(lua)?;
                let w = w.try_borrow().map_err(|_| mlua::Error::runtime("the world is busy"))?;
                let verdict = w.acl(k).map_err(lua_err)?.evaluate(egress, protocol, port, addr);
                let row = entry_row(lua, verdict.entry, egress)?;
                Ok((row, verdict.action.as_str()))
            },
        );
        m.call("delete", "() -> nil", "Deletes the ACL (not the default one).", |lua, k, ()| {
            write(lua, |w| w.delete_network_acl(k))
        });
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let a = at.res;
        let default = if a.is_default { " default" } else { "" };
        Ok(format!(
            "{}{}{default} {} ({} in, {} out, {} subnets)",
            a.id,
            at.quoted_name(),
            at.w.vpc(a.vpc)?.id,
            a.ingress.len() + 1,
            a.egress.len() + 1,
            at.w.acl_associations(at.key).len()
        ))
    }
}
