//! NetworkAcl objects, and the protocol/ports/ICMP arguments shared with security groups.

use super::args::Args;
use super::handle::{Handle, NetworkAcl, Reg, Subnet, Vpc, key_of, quoted_name};
use super::value::{array, lua_err, write};
use crate::model::{AclEntry, AclEntrySpec, AwsError, IcmpMatch, Protocol, ResKey, Traffic};
use mlua::{Lua, Table, UserData, UserDataRegistry, Value};

/// Protocol, ports and ICMP type/code from an argument table.
pub fn traffic_of(a: &Args) -> mlua::Result<Traffic> {
    let text = a.text("protocol")?.ok_or_else(|| a.missing("protocol"))?;
    let protocol = Protocol::parse(&text).map_err(lua_err)?;
    let ports = a.ports()?;
    let icmp = match (a.int("icmp_type")?, a.int("icmp_code")?) {
        (None, None) => None,
        (t, c) => Some(IcmpMatch::new(t.unwrap_or(-1), c.unwrap_or(-1)).map_err(lua_err)?),
    };
    if icmp.is_some() && protocol != Protocol::Icmp {
        return Err(lua_err(AwsError::new(
            "InvalidParameterCombination",
            format!("icmp_type and icmp_code apply to icmp rules, not {protocol}"),
        )));
    }
    Traffic::new(protocol, ports, icmp).map_err(lua_err)
}

/// Adds `protocol`, `from_port`/`to_port` and ICMP fields to a row.
pub fn traffic_fields(t: &Table, traffic: &Traffic) -> mlua::Result<()> {
    t.set("protocol", traffic.protocol.to_string())?;
    if let Some(p) = traffic.ports {
        t.set("from_port", p.from)?;
        t.set("to_port", p.to)?;
    }
    if let Some(i) = traffic.icmp {
        t.set("icmp_type", i.icmp_type)?;
        t.set("icmp_code", i.code)?;
    }
    Ok(())
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

fn spec_of(a: &Args) -> mlua::Result<AclEntrySpec> {
    let rule_number = match a.text("rule_number")? {
        None => return Err(a.missing("rule_number")),
        Some(t) => t.parse::<i64>().map_err(|_| {
            lua_err(AwsError::new(
                "InvalidParameterValue",
                format!("Invalid rule number '{t}': network ACL rule numbers are 1-32766"),
            ))
        })?,
    };
    Ok(AclEntrySpec {
        rule_number,
        egress: a.bool("egress")?.unwrap_or(false),
        traffic: traffic_of(a)?,
        cidr_block: a.req_str("cidr_block")?,
        rule_action: a.req_str("rule_action")?,
    })
}

const ENTRY_KEYS: &[&str] = &[
    "rule_number",
    "egress",
    "protocol",
    "port",
    "ports",
    "from_port",
    "to_port",
    "icmp_type",
    "icmp_code",
    "cidr_block",
    "rule_action",
];

impl UserData for NetworkAcl {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("vpc", |_, w, k| Ok(Vpc::new(w.acl(k).expect("checked").vpc, w.generation())));
        r.field("is_default", |_, w, k| Ok(w.acl(k).is_ok_and(|a| a.is_default)));
        r.field("entries", |lua, w, k| {
            let a = w.acl(k).expect("checked");
            let mut rows = Vec::new();
            for egress in [false, true] {
                for e in a.entries(egress) {
                    rows.push(entry_row(lua, Some(e), egress)?);
                }
                rows.push(entry_row(lua, None, egress)?);
            }
            array(lua, rows)
        });
        r.field("associations", |lua, w, k| {
            array(lua, w.acl_associations(k).into_iter().map(|s| Subnet::new(s, w.generation())))
        });
        for name in ["add_entry", "create_entry"] {
            r.method(name, move |lua, this, opts: Value| {
                let spec = spec_of(&Args::new(opts, name, ENTRY_KEYS)?)?;
                let k = this.key();
                write(lua, |w| w.add_acl_entry(k, &spec))
            });
        }
        r.method("replace_entry", |lua, this, opts: Value| {
            let spec = spec_of(&Args::new(opts, "replace_entry", ENTRY_KEYS)?)?;
            let k = this.key();
            write(lua, |w| w.replace_acl_entry(k, &spec))
        });
        r.method("delete_entry", |lua, this, opts: Value| {
            let a = Args::new(opts, "delete_entry", &["rule_number", "egress"])?;
            let n = match a.text("rule_number")? {
                None => return Err(a.missing("rule_number")),
                Some(t) if t == "*" => 32767,
                Some(t) => t.parse::<i64>().map_err(|_| {
                    lua_err(AwsError::new("InvalidParameterValue", format!("Invalid rule number '{t}'")))
                })?,
            };
            let egress = a.bool("egress")?.unwrap_or(false);
            let k = this.key();
            write(lua, |w| w.delete_acl_entry(k, n, egress))
        });
        r.method("associate", |lua, this, subnet: Value| {
            let s = key_of::<Subnet>(lua, &subnet)?;
            let k = this.key();
            write(lua, |w| w.associate_network_acl(k, s))
        });
        r.method("evaluate", |lua, this, opts: Value| {
            let a = Args::new(opts, "evaluate", &["egress", "protocol", "port", "address"])?;
            let egress = a.bool("egress")?.unwrap_or(false);
            let protocol = Protocol::parse(&a.text("protocol")?.unwrap_or_else(|| "tcp".into())).map_err(lua_err)?;
            let port = a.int("port")?.unwrap_or(0);
            let port = u16::try_from(port)
                .map_err(|_| lua_err(AwsError::new("InvalidParameterValue", format!("Invalid port {port}"))))?;
            let addr_text = a.req_str("address")?;
            let addr = crate::net::parse_addr(&addr_text).map_err(|_| {
                lua_err(AwsError::new("InvalidParameterValue", format!("'{addr_text}' is not an IPv4 address")))
            })?;
            let k = this.key();
            let w = super::value::shared(lua)?;
            let w = w.borrow();
            let verdict = w.acl(k).map_err(lua_err)?.evaluate(egress, protocol, port, addr);
            let row = entry_row(lua, verdict.entry, egress)?;
            Ok((row, verdict.action.as_str()))
        });
        r.method("delete", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.delete_network_acl(k))
        });
        r.finish(|w, k| {
            let a = w.acl(k)?;
            let default = if a.is_default { " default" } else { "" };
            Ok(format!(
                "{}{}{default} {} ({} in, {} out, {} subnets)",
                a.id,
                quoted_name(w, ResKey::Acl(k)),
                w.vpc(a.vpc)?.id,
                a.ingress.len() + 1,
                a.egress.len() + 1,
                w.acl_associations(k).len()
            ))
        });
    }
}
