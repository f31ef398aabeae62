//! ElasticIp, NatGateway and VpcPeeringConnection objects.

use super::args::Args;
use super::handle::{
    ElasticIp, Handle, Instance, NatGateway, NetworkInterface, Reg, Subnet, Vpc, VpcPeeringConnection, key_of,
    new_handle, quoted_name,
};
use super::value::{invalid, opt, write};
use crate::model::{Connectivity, EipAssociation, ResKey, SubnetKey};
use mlua::{Lua, UserData, UserDataRegistry, Value};

/// `subnet:create_nat_gateway{elastic_ip?, connectivity_type = "public"}`.
pub fn create_nat_gateway(lua: &Lua, subnet: SubnetKey, opts: Value) -> mlua::Result<NatGateway> {
    let a = Args::new(opts, "create_nat_gateway", &["elastic_ip", "connectivity_type", "name", "tags"])?;
    let eip = match a.value("elastic_ip")? {
        Value::Nil => None,
        v => Some(key_of::<ElasticIp>(lua, &v)?),
    };
    let c = Connectivity::parse(&a.str("connectivity_type")?.unwrap_or_else(|| "public".into()))
        .map_err(super::value::lua_err)?;
    let tags = a.tags()?;
    let k = write(lua, |w| w.create_nat_gateway(subnet, eip, c, tags))?;
    new_handle::<NatGateway>(lua, k)
}

impl UserData for ElasticIp {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("public_ip", |_, w, k| Ok(w.eip(k).expect("checked").public_ip.to_string()));
        r.field("allocation_id", |_, w, k| Ok(w.eip(k).expect("checked").id.clone()));
        r.field("domain", |_, _, _| Ok("vpc"));
        r.field("instance", |lua, w, k| {
            let inst = match w.eip(k).expect("checked").association {
                Some(EipAssociation::Eni(e)) => w.enis().get(e).and_then(|e| e.attachment).map(|a| a.instance),
                _ => None,
            };
            opt(lua, inst.map(|i| Instance::new(i, w.generation())))
        });
        r.field("network_interface", |lua, w, k| {
            let eni = match w.eip(k).expect("checked").association {
                Some(EipAssociation::Eni(e)) => Some(e),
                _ => None,
            };
            opt(lua, eni.map(|e| NetworkInterface::new(e, w.generation())))
        });
        r.field("nat_gateway", |lua, w, k| {
            let nat = match w.eip(k).expect("checked").association {
                Some(EipAssociation::Nat(n)) => Some(n),
                _ => None,
            };
            opt(lua, nat.map(|n| NatGateway::new(n, w.generation())))
        });
        r.method("associate", |lua, this, target: Value| {
            let (target, allow) = match &target {
                Value::Table(_) => {
                    let a = Args::new(
                        target.clone(),
                        "associate",
                        &["instance", "network_interface", "allow_reassociation"],
                    )?;
                    let allow = a.bool("allow_reassociation")?.unwrap_or(false);
                    match (a.value("instance")?, a.value("network_interface")?) {
                        (v, Value::Nil) if !v.is_nil() => (v, allow),
                        (Value::Nil, v) if !v.is_nil() => (v, allow),
                        _ => return Err(invalid("associate takes exactly one of instance or network_interface")),
                    }
                }
                _ => (target, false),
            };
            let res = super::handle::any_key_of(lua, &target)?;
            let k = this.key();
            write(lua, |w| {
                let eni = match res {
                    ResKey::Instance(i) => w.instance(i)?.primary_eni,
                    ResKey::Eni(e) => e,
                    other => {
                        return Err(crate::model::AwsError::new(
                            "InvalidParameterValue",
                            format!(
                                "an Elastic IP associates with an instance or a network interface, not a {}",
                                other.kind().name()
                            ),
                        ));
                    }
                };
                w.associate_address(k, eni, allow)
            })
        });
        r.method("disassociate", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.disassociate_address(k))
        });
        r.method("release", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.release_address(k))
        });
        r.finish(|w, k| {
            let e = w.eip(k)?;
            let to = match e.association {
                Some(EipAssociation::Eni(x)) => w.enis().get(x).map(|x| format!(" -> {}", x.id)).unwrap_or_default(),
                Some(EipAssociation::Nat(n)) => w.nats().get(n).map(|n| format!(" -> {}", n.id)).unwrap_or_default(),
                None => " (not associated)".into(),
            };
            Ok(format!("{}{} {}{to}", e.id, quoted_name(w, ResKey::Eip(k)), e.public_ip))
        });
    }
}

impl UserData for NatGateway {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("subnet", |_, w, k| Ok(Subnet::new(w.nat(k).expect("checked").subnet, w.generation())));
        r.field("vpc", |_, w, k| {
            Ok(Vpc::new(
                w.subnet(w.nat(k).expect("checked").subnet).map(|s| s.vpc).map_err(super::value::lua_err)?,
                w.generation(),
            ))
        });
        r.field("connectivity_type", |_, w, k| Ok(w.nat(k).expect("checked").connectivity.as_str()));
        r.field("state", |_, w, k| Ok(w.nat(k).expect("checked").state.as_str()));
        r.field("public_ip", |_, w, k| Ok(w.nat_public_ip(k).map(|a| a.to_string())));
        r.field("private_ip", |_, w, k| Ok(w.nat_private_ip(k).map(|a| a.to_string())));
        r.field("elastic_ip", |lua, w, k| {
            opt(lua, w.nat(k).expect("checked").eip.map(|e| ElasticIp::new(e, w.generation())))
        });
        r.field("failure_code", |_, w, k| {
            Ok(w.nat(k)
                .expect("checked")
                .failure
                .as_ref()
                .filter(|_| w.nat(k).is_ok_and(|n| n.state == crate::model::NatState::Failed))
                .map(|f| f.0.clone()))
        });
        r.field("failure_message", |_, w, k| {
            Ok(w.nat(k)
                .expect("checked")
                .failure
                .as_ref()
                .filter(|_| w.nat(k).is_ok_and(|n| n.state == crate::model::NatState::Failed))
                .map(|f| f.1.clone()))
        });
        r.method("delete", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.delete_nat_gateway(k))
        });
        r.finish(|w, k| {
            let n = w.nat(k)?;
            let ip = w.nat_public_ip(k).map(|p| format!(" {p}")).unwrap_or_default();
            Ok(format!(
                "{}{} {} {}{ip} {}",
                n.id,
                quoted_name(w, ResKey::Nat(k)),
                n.connectivity.as_str(),
                n.state.as_str(),
                w.subnet(n.subnet)?.id
            ))
        });
    }
}

impl UserData for VpcPeeringConnection {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("requester_vpc", |_, w, k| Ok(Vpc::new(w.pcx(k).expect("checked").requester, w.generation())));
        r.field("accepter_vpc", |_, w, k| Ok(Vpc::new(w.pcx(k).expect("checked").accepter, w.generation())));
        r.field("status", |_, w, k| Ok(w.pcx(k).expect("checked").status.as_str()));
        r.field("status_message", |_, w, k| Ok(w.pcx(k).expect("checked").status_message.clone()));
        r.method("accept", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.accept_peering(k))
        });
        r.method("reject", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.reject_peering(k))
        });
        r.method("delete", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.delete_peering(k))
        });
        r.finish(|w, k| {
            let p = w.pcx(k)?;
            Ok(format!(
                "{}{} {} <-> {} {}",
                p.id,
                quoted_name(w, ResKey::Pcx(k)),
                w.vpc(p.requester)?.id,
                w.vpc(p.accepter)?.id,
                p.status.as_str()
            ))
        });
    }
}
