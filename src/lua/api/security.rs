//! SecurityGroup objects.

use super::args::Args;
use super::handle::{Handle, Reg, SecurityGroup, Vpc, key_of, quoted_name};
use super::nacl::{traffic_fields, traffic_of};
use super::value::{array, write};
use crate::model::{Peer, ResKey, SgRule, SgRuleSpec, World};
use mlua::{Lua, Table, UserData, UserDataRegistry, Value};

fn rule_row(
    lua: &Lua,
    w: &World,
    traffic: &crate::model::Traffic,
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
        Peer::Group(g) => t.set("source_group", SecurityGroup::new(g, w.generation()))?,
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

const RULE_KEYS: &[&str] = &[
    "protocol",
    "port",
    "ports",
    "from_port",
    "to_port",
    "icmp_type",
    "icmp_code",
    "cidr_block",
    "cidr_blocks",
    "source_group",
    "description",
];

fn spec_of(lua: &Lua, opts: Value, func: &'static str) -> mlua::Result<SgRuleSpec> {
    let a = Args::new(opts, func, RULE_KEYS)?;
    let traffic = traffic_of(&a)?;
    let mut cidrs: Vec<String> = a.str("cidr_block")?.into_iter().collect();
    cidrs.extend(a.str_list("cidr_blocks")?.unwrap_or_default());
    let group = match a.value("source_group")? {
        Value::Nil => None,
        v => Some(key_of::<SecurityGroup>(lua, &v)?),
    };
    Ok(SgRuleSpec { traffic, cidrs, group, description: a.str("description")? })
}

impl UserData for SecurityGroup {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("group_name", |_, w, k| Ok(w.sg(k).expect("checked").group_name.clone()));
        r.field("description", |_, w, k| Ok(w.sg(k).expect("checked").description.clone()));
        r.field("vpc", |_, w, k| Ok(Vpc::new(w.sg(k).expect("checked").vpc, w.generation())));
        r.field("ingress", |lua, w, k| rules(lua, w, &w.sg(k).expect("checked").ingress));
        r.field("egress", |lua, w, k| rules(lua, w, &w.sg(k).expect("checked").egress));
        for (name, egress) in [("authorize_ingress", false), ("authorize_egress", true)] {
            r.method(name, move |lua, this, opts: Value| {
                let spec = spec_of(lua, opts, name)?;
                let k = this.key();
                let added = write(lua, |w| w.authorize(k, egress, &spec))?;
                let w = super::value::shared(lua)?;
                let w = w.borrow();
                rules(lua, &w, &added)
            });
        }
        for (name, egress) in [("revoke_ingress", false), ("revoke_egress", true)] {
            r.method(name, move |lua, this, opts: Value| {
                let spec = spec_of(lua, opts, name)?;
                let k = this.key();
                let out = write(lua, |w| w.revoke(k, egress, &spec))?;
                let w = super::value::shared(lua)?;
                let w = w.borrow();
                let unknown: Vec<Table> = out
                    .unknown
                    .iter()
                    .map(|(t, p)| rule_row(lua, &w, t, *p, None, None))
                    .collect::<mlua::Result<_>>()?;
                Ok((array(lua, unknown)?, rules(lua, &w, &out.revoked)?))
            });
        }
        r.method("delete", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.delete_security_group(k))
        });
        r.finish(|w, k| {
            let g = w.sg(k)?;
            Ok(format!(
                "{}{} {} {} ({} in, {} out)",
                g.id,
                quoted_name(w, ResKey::Sg(k)),
                g.group_name,
                w.vpc(g.vpc)?.id,
                g.ingress.len(),
                g.egress.len()
            ))
        });
    }
}
