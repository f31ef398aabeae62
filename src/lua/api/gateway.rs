//! InternetGateway and VpnGateway objects.

use super::handle::{Handle, InternetGateway, Reg, Vpc, VpnGateway, key_of, quoted_name};
use super::value::{opt, write};
use crate::model::{ResKey, World};
use mlua::{UserData, UserDataRegistry, Value};

fn optional_vpc(lua: &mlua::Lua, v: &Value) -> mlua::Result<Option<crate::model::VpcKey>> {
    if v.is_nil() { Ok(None) } else { key_of::<Vpc>(lua, v).map(Some) }
}

fn attached_to(w: &World, vpc: Option<crate::model::VpcKey>) -> String {
    vpc.and_then(|v| w.vpcs().get(v)).map(|v| format!("attached to {}", v.id)).unwrap_or_else(|| "detached".into())
}

impl UserData for InternetGateway {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("vpc", |lua, w, k| opt(lua, w.igw(k).expect("checked").vpc.map(|v| Vpc::new(v, w.generation()))));
        r.field("state", |_, w, k| Ok(if w.igw(k).expect("checked").vpc.is_some() { "available" } else { "detached" }));
        r.field("attachment_state", |_, w, k| {
            Ok(if w.igw(k).expect("checked").vpc.is_some() { "attached" } else { "detached" })
        });
        r.method("attach", |lua, this, vpc: Value| {
            let v = key_of::<Vpc>(lua, &vpc)?;
            let k = this.key();
            write(lua, |w| w.attach_internet_gateway(k, v))
        });
        r.method("detach", |lua, this, vpc: Value| {
            let v = optional_vpc(lua, &vpc)?;
            let k = this.key();
            write(lua, |w| w.detach_internet_gateway(k, v))
        });
        r.method("delete", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.delete_internet_gateway(k))
        });
        r.finish(|w, k| {
            let g = w.igw(k)?;
            Ok(format!("{}{} {}", g.id, quoted_name(w, ResKey::Igw(k)), attached_to(w, g.vpc)))
        });
    }
}

impl UserData for VpnGateway {
    fn register(r: &mut UserDataRegistry<Self>) {
        let mut r = Reg::new(r);
        r.field("vpc", |lua, w, k| opt(lua, w.vgw(k).expect("checked").vpc.map(|v| Vpc::new(v, w.generation()))));
        r.field("state", |_, _, _| Ok("available"));
        r.field("type", |_, _, _| Ok("ipsec.1"));
        r.field("attachment_state", |_, w, k| {
            Ok(if w.vgw(k).expect("checked").vpc.is_some() { "attached" } else { "detached" })
        });
        r.field("amazon_side_asn", |_, w, k| Ok(w.vgw(k).expect("checked").amazon_side_asn));
        r.method("attach", |lua, this, vpc: Value| {
            let v = key_of::<Vpc>(lua, &vpc)?;
            let k = this.key();
            write(lua, |w| w.attach_vpn_gateway(k, v))
        });
        r.method("detach", |lua, this, vpc: Value| {
            let v = optional_vpc(lua, &vpc)?;
            let k = this.key();
            write(lua, |w| w.detach_vpn_gateway(k, v))
        });
        r.method("delete", |lua, this, ()| {
            let k = this.key();
            write(lua, |w| w.delete_vpn_gateway(k))
        });
        r.finish(|w, k| {
            let g = w.vgw(k)?;
            Ok(format!(
                "{}{} asn {} {}",
                g.id,
                quoted_name(w, ResKey::Vgw(k)),
                g.amazon_side_asn,
                attached_to(w, g.vpc)
            ))
        });
    }
}
