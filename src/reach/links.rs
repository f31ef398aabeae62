//! A site's links to AWS on a path: which link a site uses (Direct Connect first, then a
//! VPN that is up), and the link's hop (a VPN with both tunnels down, or a deleted VPN
//! connection or VIF, carries nothing).

use super::engine::{Engine, Sink, Step, expl, with_fixes};
use super::explain::{self as x, id};
use super::fix::Fix;
use super::trace::HopAction;
use crate::model::{ResKey, SiteKey, SiteLink, VgwKey};
use crate::net::PortSet;

impl<S: Sink> Engine<'_, S> {
    /// Picks the link of a site on a VGW: Direct Connect first, then a VPN (one that is up
    /// first); a deleted link only when the site has no other (so the trace names it).
    pub(crate) fn site_link(&self, site: SiteKey, ok: impl Fn(VgwKey) -> bool) -> Option<(SiteLink, VgwKey)> {
        let w = self.w;
        let s = w.sites().get(site)?;
        // (link, its VGW, rank: 0 live VIF, 1 VPN up, 2 VPN down, 3 deleted)
        let ranked = s.links.iter().filter_map(|l| match *l {
            SiteLink::Vif(v) => w.vifs().get(v).map(|x| (*l, x.vpn_gateway, if x.deleted { 3 } else { 0 })),
            SiteLink::Vpn(v) => w.vpns().get(v).map(|c| {
                let rank = if c.is_deleted() {
                    3
                } else if c.is_up() {
                    1
                } else {
                    2
                };
                (*l, c.vpn_gateway, rank)
            }),
        });
        ranked.filter(|x| ok(x.1)).min_by_key(|x| x.2).map(|(l, g, _)| (l, g))
    }

    /// The link hop; a VPN with no tunnel up is `BAD_STATE_VPN`.
    pub(crate) fn link_step(&mut self, link: SiteLink) -> Step {
        let w = self.w;
        match link {
            SiteLink::Vif(v) if w.vifs().get(v).is_some_and(|x| x.deleted) => {
                self.deleted_link(ResKey::Vif(v), "dx-vif")
            }
            SiteLink::Vpn(v) if w.vpns().get(v).is_some_and(|c| c.is_deleted()) => {
                self.deleted_link(ResKey::Vpn(v), "vpn-connection")
            }
            SiteLink::Vif(v) => {
                self.hop(|w| {
                    (
                        id(w, ResKey::Vif(v)),
                        "dx-vif",
                        HopAction::Forward,
                        None,
                        "Direct Connect private virtual interface".to_string(),
                    )
                });
                Ok(())
            }
            SiteLink::Vpn(v) => {
                let up = w.vpns().get(v).is_some_and(|c| c.is_up());
                self.hop(|w| {
                    (
                        id(w, ResKey::Vpn(v)),
                        "vpn-connection",
                        if up { HopAction::Forward } else { HopAction::Deny },
                        None,
                        if up { "a tunnel is up".to_string() } else { "both tunnels are down".to_string() },
                    )
                });
                if !up && self.ret {
                    // The response cannot cross it either, whatever the ACLs allow.
                    self.allowed_client = PortSet::empty();
                    self.allowed_nat = PortSet::empty();
                }
                if !(up || self.ret && self.reported_vpn) {
                    self.reported_vpn = true;
                    self.block(|w| {
                        let c = id(w, ResKey::Vpn(v));
                        let e = expl(
                            x::BAD_STATE_VPN,
                            c.clone(),
                            "vpn-connection",
                            None,
                            None,
                            format!("Both tunnels of VPN connection {c} are down, so nothing crosses it."),
                        );
                        with_fixes(e, w, vec![Fix::TunnelUp(v)])
                    })?;
                }
                Ok(())
            }
        }
    }

    /// The hop of a deleted VPN connection or VIF: it carries nothing (`BAD_STATE_VPN` for a
    /// VPN, `BAD_STATE` for a VIF, reported once per trace).
    fn deleted_link(&mut self, link: ResKey, kind: &'static str) -> Step {
        let now = self.w.now_ms();
        let state = match link {
            ResKey::Vpn(v) => self.w.vpns().get(v).map_or("deleted", |c| c.state(now)),
            _ => "deleted",
        };
        self.hop(|w| (id(w, link), kind, HopAction::Deny, None, state.to_string()));
        if self.ret {
            self.allowed_client = PortSet::empty();
            self.allowed_nat = PortSet::empty();
        }
        if self.ret && self.reported_vpn {
            return Ok(());
        }
        self.reported_vpn = true;
        let (code, what, again) = match link {
            ResKey::Vpn(_) => {
                (x::BAD_STATE_VPN, "VPN connection", "create a new VPN connection and connect the site over it")
            }
            _ => (
                x::BAD_STATE,
                "Direct Connect virtual interface",
                "create a new private VIF and connect the site over it",
            ),
        };
        self.block(|w| {
            let c = id(w, link);
            expl(
                code,
                c.clone(),
                kind,
                None,
                None,
                format!("The {what} {c} is {state}, so nothing crosses it: {again} (site:connect(…))."),
            )
        })
    }
}
