//! The ElasticIp object.

use super::args::arg_table;
use super::handle::{At, ElasticIp, HandleApi, HandleMembers, Instance, NatGateway, NetworkInterface, any_key_of};
use super::members::Members;
use super::value::{invalid, opt, write};
use crate::model::{self, EipAssociation};
use mlua::Value;

arg_table! {
    /// `eip:associate{instance | network_interface, allow_reassociation?}`.
    struct Associate { instance: Value, network_interface: Value, allow_reassociation: Option<bool> }
}

impl HandleApi for ElasticIp {
    const VAR: &'static str = "eip";
    const SUMMARY: &'static str = "A static public IPv4 address.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("public_ip", "string", "The address.", |_, at| Ok(at.res.public_ip.to_string()));
        m.get("allocation_id", "string", "eipalloc-… id.", |_, at| Ok(at.res.id.clone()));
        m.get("domain", "string", "vpc.", |_, _| Ok("vpc"));
        m.get("instance", "Instance | nil", "The associated instance.", |lua, at| {
            let inst = match at.res.association {
                Some(EipAssociation::Eni(e)) => at.w.enis().get(e).and_then(|e| e.attachment).map(|a| a.instance),
                _ => None,
            };
            opt(lua, inst.map(|i| at.handle::<Instance>(i)))
        });
        m.get("network_interface", "NetworkInterface | nil", "The associated interface.", |lua, at| {
            let eni = match at.res.association {
                Some(EipAssociation::Eni(e)) => Some(e),
                _ => None,
            };
            opt(lua, eni.map(|e| at.handle::<NetworkInterface>(e)))
        });
        m.get("nat_gateway", "NatGateway | nil", "The NAT gateway using it.", |lua, at| {
            let nat = match at.res.association {
                Some(EipAssociation::Nat(n)) => Some(n),
                _ => None,
            };
            opt(lua, nat.map(|n| at.handle::<NatGateway>(n)))
        });
        m.call(
            "associate",
            "(instance | {instance | network_interface, allow_reassociation = false}) -> nil",
            "Associates with an instance (its primary interface) or a network interface.",
            |lua, k, target: Value| {
                let (target, allow) = match target {
                    Value::Table(_) => {
                        let a = Associate::read(lua, target, "associate")?;
                        let allow = a.allow_reassociation.unwrap_or(false);
                        match (a.instance, a.network_interface) {
                            (v, Value::Nil) if !v.is_nil() => (v, allow),
                            (Value::Nil, v) if !v.is_nil() => (v, allow),
                            _ => return Err(invalid("associate takes exactly one of instance or network_interface")),
                        }
                    }
                    other => (other, false),
                };
                let res = any_key_of(lua, &target)?;
                write(lua, |w| w.associate_address_with(k, res, allow))
            },
        );
        m.call("disassociate", "() -> nil", "Disassociates.", |lua, k, ()| write(lua, |w| w.disassociate_address(k)));
        m.call("release", "() -> nil", "Releases the address.", |lua, k, ()| write(lua, |w| w.release_address(k)));
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let e = at.res;
        let to = match e.association {
            Some(EipAssociation::Eni(x)) => at.w.enis().get(x).map(|x| format!(" -> {}", x.id)).unwrap_or_default(),
            Some(EipAssociation::Nat(n)) => at.w.nats().get(n).map(|n| format!(" -> {}", n.id)).unwrap_or_default(),
            None => " (not associated)".into(),
        };
        Ok(format!("{}{} {}{to}", e.id, at.quoted_name(), e.public_ip))
    }
}
