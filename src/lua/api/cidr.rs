//! The `cidr` global: CIDR math on strings.

use super::global::{Functions, Global};
use super::value::{array, lua_err};
use crate::model::AwsError;
use crate::net::{Cidr, NetError, parse_addr};
use mlua::{Lua, Table, Value};

fn bad(text: &str, what: &str) -> mlua::Error {
    lua_err(AwsError::new("InvalidParameterValue", format!("'{text}' is not a valid {what}")))
}

fn net_err(e: NetError) -> mlua::Error {
    lua_err(AwsError::new("InvalidParameterValue", e.to_string()))
}

/// A CIDR argument.
fn block(v: &Value) -> mlua::Result<Cidr> {
    match v {
        Value::String(s) => {
            let t = s.to_str()?;
            Cidr::parse(&t).map_err(|_| bad(&t, "CIDR block"))
        }
        other => Err(lua_err(AwsError::new(
            "InvalidParameter",
            format!("expected a CIDR string, got a {}", other.type_name()),
        ))),
    }
}

/// A CIDR or a single address (as a /32).
fn block_or_addr(v: &Value) -> mlua::Result<Cidr> {
    if let Value::String(s) = v {
        let t = s.to_str()?;
        if !t.contains('/') {
            return parse_addr(&t).map(Cidr::host).map_err(|_| bad(&t, "IPv4 address or CIDR block"));
        }
    }
    block(v)
}

fn strings(lua: &Lua, list: Vec<Cidr>) -> mlua::Result<Table> {
    array(lua, list.into_iter().map(|c| c.to_string()))
}

fn usable(_: &Lua, c: Value) -> mlua::Result<u64> {
    Ok(block(&c)?.usable())
}

/// The `cidr` global.
pub struct CidrLib;

impl Global for CidrLib {
    const NAME: &'static str = "cidr";
    const SUMMARY: &'static str = "CIDR toolkit; results are canonical strings, lists in address order.";

    fn functions<F: Functions>(f: &mut F) {
        f.function(
            "parse",
            "(c) -> {network, prefix, netmask, first, last, size}",
            "Parses a CIDR block.",
            |lua, c: Value| {
                let c = block(&c)?;
                let r = lua.create_table()?;
                r.set("network", c.network().to_string())?;
                r.set("prefix", c.prefix())?;
                r.set("netmask", c.netmask().to_string())?;
                r.set("first", c.network().to_string())?;
                r.set("last", c.last().to_string())?;
                r.set("size", c.size())?;
                r.set("cidr", c.to_string())?;
                Ok(r)
            },
        );
        f.function(
            "contains",
            "(a, b) -> boolean",
            "Whether CIDR `a` contains the address or CIDR `b`.",
            |_, (a, b): (Value, Value)| Ok(block(&a)?.contains(&block_or_addr(&b)?)),
        );
        f.function(
            "overlaps",
            "(a, b) -> boolean",
            "Whether two CIDR blocks share an address.",
            |_, (a, b): (Value, Value)| Ok(block(&a)?.overlaps(&block(&b)?)),
        );
        f.function(
            "split",
            "(c, new_prefix) -> {string}",
            "Splits a block into blocks of a longer prefix.",
            |lua, (c, prefix): (Value, i64)| {
                let c = block(&c)?;
                let p = u8::try_from(prefix).map_err(|_| {
                    lua_err(AwsError::new("InvalidParameterValue", format!("Invalid prefix length {prefix}")))
                })?;
                strings(lua, c.split(p).map_err(net_err)?)
            },
        );
        f.function(
            "subnets",
            "(c, count) -> {string}",
            "Splits a block into `count` equal blocks.",
            |lua, (c, count): (Value, i64)| {
                let c = block(&c)?;
                let n = u32::try_from(count)
                    .map_err(|_| lua_err(AwsError::new("InvalidParameterValue", format!("Invalid count {count}"))))?;
                strings(lua, c.equal_split(n).map_err(net_err)?)
            },
        );
        f.function("hosts", "(c) -> integer", "AWS-usable addresses in a subnet of this size (size − 5).", usable);
        f.function("usable", "(c) -> integer", "Same as cidr.hosts: AWS-usable addresses (size − 5).", usable);
        f.function(
            "aws_reserved",
            "(c) -> {{address, purpose}}",
            "The five addresses AWS reserves in a subnet.",
            |lua, c: Value| {
                let c = block(&c)?;
                let rows: Vec<Table> = c
                    .aws_reserved()
                    .into_iter()
                    .map(|(a, p)| {
                        let r = lua.create_table()?;
                        r.set("address", a.to_string())?;
                        r.set("purpose", p)?;
                        Ok(r)
                    })
                    .collect::<mlua::Result<_>>()?;
                array(lua, rows)
            },
        );
        f.function(
            "summarize",
            "({c, …}) -> {string}",
            "The smallest list of blocks covering the given ones.",
            |lua, list: Table| {
                let blocks = list.sequence_values::<Value>().map(|v| block(&v?)).collect::<mlua::Result<Vec<_>>>()?;
                strings(lua, Cidr::summarize(&blocks))
            },
        );
        f.function("next", "(c) -> string", "The block of the same size right after `c`.", |_, c: Value| {
            Ok(block(&c)?.next().map(|n| n.to_string()))
        });
    }
}
