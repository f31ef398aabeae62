//! The OnPremSite object.

use super::args::arg_table;
use super::handle::{self, At, HandleApi, HandleMembers, Host, OnPremSite, any_key_of, new_handle};
use super::members::Members;
use super::value::{array, invalid, write};
use crate::model::{self, HostHome, ResKey, SiteLink, Tags};
use mlua::Value;

arg_table! {
    /// `site:add_host{name, ip}`.
    struct AddHost { ip: String, tags: Tags }
}

impl HandleApi for OnPremSite {
    const VAR: &'static str = "site";
    const SUMMARY: &'static str = "A customer data center reached over VPN or Direct Connect.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("cidr_block", "string", "Its address range.", |_, at| Ok(at.res.cidr.to_string()));
        m.get("hosts", "{Host}", "Its hosts.", |lua, at| {
            array(
                lua,
                at.w.hosts().iter().filter(|(_, h)| h.home == HostHome::Site(at.key)).map(|(h, _)| at.handle::<Host>(h)),
            )
        });
        m.get("links", "{VpnConnection | DxVif}", "The links it is connected over.", |lua, at| {
            let links: Vec<Value> = at
                .res
                .links
                .iter()
                .map(|l| match l {
                    SiteLink::Vpn(v) => handle::push(lua, at.w.generation(), ResKey::Vpn(*v)),
                    SiteLink::Vif(v) => handle::push(lua, at.w.generation(), ResKey::Vif(*v)),
                })
                .collect::<mlua::Result<_>>()?;
            array(lua, links)
        });
        m.call("add_host", "{name, ip} -> Host", "Adds a host (a source or destination for net).", |lua, k, opts: Value| {
            let a = AddHost::read(lua, opts, "add_host")?;
            let h = write(lua, |w| w.add_host(k, &a.ip, a.tags))?;
            new_handle::<Host>(lua, h)
        });
        m.call(
            "connect",
            "(vpn_connection | dx_private_vif) -> nil",
            "Routes the VPC's CIDRs over that link (Direct Connect preferred).",
            |lua, k, link: Value| {
                let link = match any_key_of(lua, &link)? {
                    ResKey::Vpn(v) => SiteLink::Vpn(v),
                    ResKey::Vif(v) => SiteLink::Vif(v),
                    other => {
                        return Err(invalid(format!(
                            "a site connects over a VPN connection or a Direct Connect private VIF, not a {}",
                            other.kind().name()
                        )));
                    }
                };
                write(lua, |w| w.connect_site(k, link))
            },
        );
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let s = at.res;
        let hosts = at.w.hosts().iter().filter(|(_, h)| h.home == HostHome::Site(at.key)).count();
        Ok(format!("{}{} {} ({hosts} hosts, {} links)", s.id, at.quoted_name(), s.cidr, s.links.len()))
    }
}
