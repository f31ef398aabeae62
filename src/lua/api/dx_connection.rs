//! The DxConnection object.

use super::args::{Ref, arg_table};
use super::handle::{At, DxConnection, DxVif, HandleApi, HandleMembers, VpnGateway, new_handle};
use super::members::Members;
use super::value::{array, write};
use crate::model::{self, Tags};
use mlua::Value;

arg_table! {
    /// `dx:create_private_vif{…}`.
    struct CreatePrivateVif { vpn_gateway: Ref<VpnGateway>, vlan: Option<i64>, bgp_asn: Option<i64>, tags: Tags }
}

impl HandleApi for DxConnection {
    const VAR: &'static str = "dx";
    const SUMMARY: &'static str = "A Direct Connect connection.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("location", "string", "Its Direct Connect location.", |_, at| Ok(at.res.location.clone()));
        m.get("bandwidth", "string", "Its port speed, e.g. 1Gbps.", |_, at| Ok(at.res.bandwidth.clone()));
        m.get("state", "string", "available / deleted.", |_, at| Ok(if at.res.deleted { "deleted" } else { "available" }));
        m.get("virtual_interfaces", "{DxVif}", "Its virtual interfaces (deleted ones left out).", |lua, at| {
            let vifs = at.w.vifs().iter().filter(|(_, v)| v.connection == at.key && !v.deleted);
            array(lua, vifs.map(|(v, _)| at.handle::<DxVif>(v)))
        });
        m.call(
            "delete",
            "() -> nil",
            "Deletes the connection (DeleteConnection; refused while it has virtual interfaces): its port hours stop.",
            |lua, k, ()| write(lua, |w| w.delete_dx_connection(k)),
        );
        m.call(
            "create_private_vif",
            "{vpn_gateway, vlan?, bgp_asn?, name?} -> DxVif",
            "Creates a private virtual interface to a VPN gateway.",
            |lua, k, opts: Value| {
                let a = CreatePrivateVif::read(lua, opts, "create_private_vif")?;
                let v = write(lua, |w| w.create_private_vif(k, a.vpn_gateway.0, a.vlan, a.bgp_asn, a.tags))?;
                new_handle::<DxVif>(lua, v)
            },
        );
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let d = at.res;
        let deleted = if d.deleted { " deleted" } else { "" };
        Ok(format!("{}{} {} {}{deleted}", d.id, at.quoted_name(), d.location, d.bandwidth))
    }
}
