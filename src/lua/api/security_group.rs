//! The SecurityGroup object.

use super::args::{Ref, arg_table};
use super::handle::{At, HandleApi, HandleMembers, SecurityGroup, Vpc};
use super::members::Members;
use super::traffic::{TrafficArg, traffic_fields};
use super::value::{array, shared, write};
use crate::model::{self, Peer, SgKey, SgRule, SgRuleSpec, Traffic, World};
use mlua::{Lua, Table, Value};

arg_table! {
    /// `authorize_ingress{…}` and the other rule calls.
    struct Rule {
        traffic: TrafficArg,
        cidr_block: Option<String>,
        cidr_blocks: Option<Vec<String>>,
        source_group: Option<Ref<SecurityGroup>>,
        description: Option<String>,
    }
}

impl Rule {
    fn spec(lua: &Lua, opts: Value, func: &'static str) -> mlua::Result<SgRuleSpec> {
        let a = Rule::read(lua, opts, func)?;
        let mut cidrs: Vec<String> = a.cidr_block.into_iter().collect();
        cidrs.extend(a.cidr_blocks.unwrap_or_default());
        Ok(SgRuleSpec { traffic: a.traffic.0, cidrs, group: a.source_group.map(|g| g.0), description: a.description })
    }
}

fn rule_row(
    lua: &Lua,
    w: &World,
    traffic: &Traffic,
    peer: Peer,
    id: Option<&str>,
    description: Option<&str>,
) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    if let Some(id) = id {
        t.set("id", id)?;
    }
    traffic_fields(&t, traffic)?;
    match peer {
        Peer::Cidr(c) => t.set("cidr_block", c.to_string())?,
        Peer::Group(g) => t.set("source_group", <SecurityGroup as super::handle::Handle>::new(g, w.generation()))?,
    }
    if let Some(d) = description {
        t.set("description", d)?;
    }
    Ok(t)
}

fn rules(lua: &Lua, w: &World, list: &[SgRule]) -> mlua::Result<Table> {
    let rows: Vec<Table> = list
        .iter()
        .map(|r| rule_row(lua, w, &r.traffic, r.peer, Some(&r.id), r.description.as_deref()))
        .collect::<mlua::Result<_>>()?;
    array(lua, rows)
}

/// `authorize_*`: adds the rules and returns them.
fn authorize(lua: &Lua, k: SgKey, egress: bool, opts: Value, func: &'static str) -> mlua::Result<Table> {
    let spec = Rule::spec(lua, opts, func)?;
    let added = write(lua, |w| w.authorize(k, egress, &spec))?;
    let w = shared(lua)?;
    let w = w.try_borrow().map_err(|_| mlua::Error::runtime("the world is busy"))?;
    rules(lua, &w, &added)
}

/// `revoke_*`: removes the rules; returns the unknown permissions and the revoked rules.
fn revoke(lua: &Lua, k: SgKey, egress: bool, opts: Value, func: &'static str) -> mlua::Result<(Table, Table)> {
    let spec = Rule::spec(lua, opts, func)?;
    let out = write(lua, |w| w.revoke(k, egress, &spec))?;
    let w = shared(lua)?;
    let w = w.try_borrow().map_err(|_| mlua::Error::runtime("the world is busy"))?;
    let unknown: Vec<Table> =
        out.unknown.iter().map(|(t, p)| rule_row(lua, &w, t, *p, None, None)).collect::<mlua::Result<_>>()?;
    Ok((array(lua, unknown)?, rules(lua, &w, &out.revoked)?))
}

const RULE_ARGS: &str = "{protocol, port…, cidr_block | cidr_blocks | source_group, description?} -> {rule}";

impl HandleApi for SecurityGroup {
    const VAR: &'static str = "sg";
    const SUMMARY: &'static str = "A stateful firewall on network interfaces: allow rules only.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("group_name", "string", "The AWS group name.", |_, at| Ok(at.res.group_name.clone()));
        m.get("description", "string", "Its description.", |_, at| Ok(at.res.description.clone()));
        m.get("vpc", "Vpc", "Its VPC.", |_, at| Ok(at.handle::<Vpc>(at.res.vpc)));
        m.get("ingress", "{rule}", "Inbound rules, one per CIDR or group.", |lua, at| rules(lua, at.w, &at.res.ingress));
        m.get("egress", "{rule}", "Outbound rules, one per CIDR or group.", |lua, at| rules(lua, at.w, &at.res.egress));
        m.call("authorize_ingress", RULE_ARGS, "Adds inbound rules.", |lua, k, opts: Value| {
            authorize(lua, k, false, opts, "authorize_ingress")
        });
        m.call("authorize_egress", "{…} -> {rule}", "Adds outbound rules.", |lua, k, opts: Value| {
            authorize(lua, k, true, opts, "authorize_egress")
        });
        m.call(
            "revoke_ingress",
            "{…} -> {unknown}, {revoked}",
            "Removes inbound rules; returns unknown permissions and the revoked rules.",
            |lua, k, opts: Value| revoke(lua, k, false, opts, "revoke_ingress"),
        );
        m.call(
            "revoke_egress",
            "{…} -> {unknown}, {revoked}",
            "Removes outbound rules; returns unknown permissions and the revoked rules.",
            |lua, k, opts: Value| revoke(lua, k, true, opts, "revoke_egress"),
        );
        m.call("delete", "() -> nil", "Deletes the group.", |lua, k, ()| write(lua, |w| w.delete_security_group(k)));
    }

    fn member_hint(name: &str) -> Option<&'static str> {
        matches!(name, "add_entry" | "create_entry" | "replace_entry" | "delete_entry" | "deny" | "add_deny_rule").then_some(
            "security groups are allow-only (stateful allow rules); to deny traffic, add a deny entry to a network ACL \
             on the subnet: subnet.network_acl:add_entry{…, rule_action = \"deny\"}",
        )
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let g = at.res;
        Ok(format!(
            "{}{} {} {} ({} in, {} out)",
            g.id,
            at.quoted_name(),
            g.group_name,
            at.w.vpc(g.vpc)?.id,
            g.ingress.len(),
            g.egress.len()
        ))
    }
}
