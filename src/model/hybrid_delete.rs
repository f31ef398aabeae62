//! Deleting hybrid links: VPN connections (`deleting` for `timings.vpn_deleting`, then
//! `deleted`), customer gateways, Direct Connect connections and private VIFs. A deleted
//! link keeps its record (handles read its state), propagates no routes, carries no
//! traffic and is billed no more; a second delete changes nothing.

use super::*;
use crate::aws_err;

/// The ids of the resources of `store` that `pick` selects (None if none): what still
/// depends on a resource being deleted.
fn ids_where<K: StoreKey, T: Resource>(store: &Store<K, T>, pick: impl Fn(&T) -> bool) -> Option<Vec<&str>> {
    let ids: Vec<&str> = store.iter().filter(|(_, r)| pick(r)).map(|(_, r)| r.id()).collect();
    (!ids.is_empty()).then_some(ids)
}

impl World {
    /// A VPN connection that is not deleted (`IncorrectState` otherwise).
    pub(crate) fn live_vpn(&self, vpn: VpnKey) -> Result<&VpnConnection> {
        let c = self.vpn(vpn)?;
        if c.is_deleted() {
            return Err(aws_err!(
                "IncorrectState",
                "The VPN connection {} is {}: create a new VPN connection",
                self.label_id(&c.id),
                c.state(self.now_ms)
            ));
        }
        Ok(c)
    }

    /// A customer gateway that is not deleted (`IncorrectState` otherwise).
    pub(crate) fn live_cgw(&self, cgw: CgwKey) -> Result<&CustomerGateway> {
        let c = self.cgw(cgw)?;
        if c.deleted {
            return Err(aws_err!("IncorrectState", "The customer gateway {} is deleted", self.label_id(&c.id)));
        }
        Ok(c)
    }

    /// A Direct Connect connection that is not deleted.
    pub(crate) fn live_dx(&self, dx: DxKey) -> Result<&DxConnection> {
        let d = self.dx(dx)?;
        if d.deleted {
            return Err(aws_err!(
                "DirectConnectClientException",
                "Connection {} is in the deleted state",
                self.label_id(&d.id)
            ));
        }
        Ok(d)
    }

    /// A private VIF that is not deleted.
    pub(crate) fn live_vif(&self, vif: VifKey) -> Result<&DxVif> {
        let v = self.vif(vif)?;
        if v.deleted {
            return Err(aws_err!(
                "DirectConnectClientException",
                "Virtual interface {} is in the deleted state",
                self.label_id(&v.id)
            ));
        }
        Ok(v)
    }

    /// `DeleteVpnConnection`: `deleting` now (its tunnels go down, its routes leave the
    /// route tables, its bill stops), `deleted` after `timings.vpn_deleting`.
    pub fn delete_vpn_connection(&mut self, vpn: VpnKey) -> Result<()> {
        if self.vpn(vpn)?.is_deleted() {
            return Ok(());
        }
        let until = self.now_ms + self.ms(self.config.timings.vpn_deleting);
        let c = self.get_mut(vpn)?;
        c.deleting_until = Some(until);
        c.tunnels.iter_mut().for_each(|t| t.up = false);
        self.meter_resource(ResKey::Vpn(vpn), false);
        Ok(())
    }

    /// `DeleteCustomerGateway`: refused while a VPN connection uses it.
    pub fn delete_customer_gateway(&mut self, cgw: CgwKey) -> Result<()> {
        let c = self.cgw(cgw)?;
        if c.deleted {
            return Ok(());
        }
        if let Some(users) = ids_where(&self.stores.vpns, |v| v.customer_gateway == cgw && !v.is_deleted()) {
            return Err(aws_err!(
                "IncorrectState",
                "The customer gateway {} is in use by VPN connection {}: delete the VPN connection first",
                self.label_id(&c.id),
                self.labels(users)
            ));
        }
        self.get_mut(cgw)?.deleted = true;
        Ok(())
    }

    /// `DeleteConnection` (Direct Connect): refused while it has virtual interfaces, as
    /// AWS does; its port hours stop.
    pub fn delete_dx_connection(&mut self, dx: DxKey) -> Result<()> {
        let d = self.dx(dx)?;
        if d.deleted {
            return Ok(());
        }
        if let Some(vifs) = ids_where(&self.stores.vifs, |v| v.connection == dx && !v.deleted) {
            return Err(aws_err!(
                "DirectConnectClientException",
                "Connection {} has virtual interfaces ({}): delete them first (vif:delete())",
                self.label_id(&d.id),
                self.labels(vifs)
            ));
        }
        self.get_mut(dx)?.deleted = true;
        self.meter_resource(ResKey::Dx(dx), false);
        Ok(())
    }

    /// `DeleteVirtualInterface`: the sites it connected lose that link.
    pub fn delete_private_vif(&mut self, vif: VifKey) -> Result<()> {
        self.get_mut(vif)?.deleted = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::billing::{GroupBy, Usage};
    use super::super::testlab::lab;
    use super::*;

    fn usd(w: &World, u: Usage) -> f64 {
        w.bill(0, None, &GroupBy::Service).unwrap().items.iter().filter(|i| i.usage == u).map(|i| i.usd).sum()
    }

    /// A static VPN and a 1 Gbps port: 90 minutes billed, then deleted, then nothing.
    #[test]
    fn deleted_links_stop_billing_and_routing() {
        let mut l = lab();
        let vgw = l.w.create_vpn_gateway(l.r, None, Tags::new()).unwrap();
        l.w.attach_vpn_gateway(vgw, l.v).unwrap();
        let rt = l.w.create_route_table(l.v, Tags::new()).unwrap();
        l.w.enable_route_propagation(rt, vgw).unwrap();
        let cgw = l.w.create_customer_gateway(l.r, "198.51.100.7", None, None, Tags::new()).unwrap();
        let routes = ["192.168.0.0/16".to_string()];
        let vpn = l.w.create_vpn_connection(l.r, vgw, cgw, &routes, None, Tags::new()).unwrap();
        let dx = l.w.create_dx_connection(l.r, "EqDC2", "1Gbps", Tags::new()).unwrap();
        let vif = l.w.create_private_vif(dx, vgw, None, None, Tags::new()).unwrap();
        assert_eq!(l.w.propagated_routes(rt).len(), 1);
        l.w.advance(5400.0).unwrap();
        let e = l.w.delete_customer_gateway(cgw).unwrap_err();
        assert_eq!(e.code, "IncorrectState");
        assert!(e.message.contains(&l.w.vpn(vpn).unwrap().id.clone()), "{}", e.message);
        let e = l.w.delete_dx_connection(dx).unwrap_err();
        assert_eq!(e.code, "DirectConnectClientException");
        assert!(e.message.contains(&l.w.vif(vif).unwrap().id.clone()), "{}", e.message);
        assert!(!l.w.dx(dx).unwrap().deleted, "the refusal changes nothing");
        l.w.delete_vpn_connection(vpn).unwrap();
        assert_eq!(l.w.vpn(vpn).unwrap().state(l.w.now_ms()), "deleting");
        assert!(l.w.propagated_routes(rt).is_empty(), "static routes withdrawn");
        l.w.delete_private_vif(vif).unwrap();
        l.w.delete_dx_connection(dx).unwrap();
        l.w.delete_customer_gateway(cgw).unwrap();
        l.w.advance(60.0).unwrap();
        assert_eq!(l.w.vpn(vpn).unwrap().state(l.w.now_ms()), "deleted");
        l.w.advance(7200.0).unwrap();
        assert!((usd(&l.w, Usage::VpnHours) - 0.05 * 1.5).abs() < 1e-12, "{}", usd(&l.w, Usage::VpnHours));
        assert!((usd(&l.w, Usage::DxPortHours) - 0.30 * 1.5).abs() < 1e-12);
        // Deleted links refuse use; deleting again changes nothing.
        assert_eq!(l.w.set_tunnel_state(vpn, 1, true).unwrap_err().code, "IncorrectState");
        assert_eq!(l.w.add_vpn_static_route(vpn, "10.9.0.0/16").unwrap_err().code, "IncorrectState");
        assert_eq!(
            l.w.create_private_vif(dx, vgw, None, None, Tags::new()).unwrap_err().code,
            "DirectConnectClientException"
        );
        let e = l.w.create_vpn_connection(l.r, vgw, cgw, &[], None, Tags::new()).unwrap_err();
        assert_eq!(e.code, "IncorrectState");
        l.w.delete_vpn_connection(vpn).unwrap();
        l.w.delete_dx_connection(dx).unwrap();
        l.w.detach_vpn_gateway(vgw, Some(l.v)).unwrap();
        l.w.delete_vpn_gateway(vgw).unwrap();
    }
}
