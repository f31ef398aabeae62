//! The VpnConnection object.

use super::handle::{At, CustomerGateway, HandleApi, HandleMembers, VpnConnection, VpnGateway};
use super::members::Members;
use super::value::{array, lua_err, write};
use crate::model::{self, AwsError};

impl HandleApi for VpnConnection {
    const VAR: &'static str = "vpn";
    const SUMMARY: &'static str = "A site-to-site VPN between a VPN gateway and a customer gateway.";

    fn members<M: Members<Self>>(m: &mut M) {
        m.get("state", "string", "available, deleting (for timings.vpn_deleting after delete()) or deleted.", |_, at| {
            Ok(at.res.state(at.w.now_ms()))
        });
        m.get("type", "string", "ipsec.1.", |_, _| Ok("ipsec.1"));
        m.get("vpn_gateway", "VpnGateway", "Its VPN gateway.", |_, at| Ok(at.handle::<VpnGateway>(at.res.vpn_gateway)));
        m.get("customer_gateway", "CustomerGateway", "Its customer gateway.", |_, at| {
            Ok(at.handle::<CustomerGateway>(at.res.customer_gateway))
        });
        m.get("static_routes_only", "boolean", "Static routing (else dynamic BGP routing).", |_, at| {
            Ok(at.res.static_routes_only)
        });
        m.get("static_routes", "{string}", "Static routes to the site.", |lua, at| {
            array(lua, at.res.static_routes.iter().map(|c| c.to_string()))
        });
        m.get("tunnels", "{{outside_ip, status}}", "Its two tunnels.", |lua, at| {
            let rows: Vec<mlua::Table> = at
                .res
                .tunnels
                .iter()
                .map(|t| {
                    let row = lua.create_table()?;
                    row.set("outside_ip", t.outside_ip.to_string())?;
                    row.set("status", if t.up { "up" } else { "down" })?;
                    Ok(row)
                })
                .collect::<mlua::Result<_>>()?;
            array(lua, rows)
        });
        m.call(
            "set_tunnel_state",
            "(i, \"up\"|\"down\") -> nil",
            "Brings a tunnel up or down.",
            |lua, k, (i, state): (i64, String)| {
                let up = match state.as_str() {
                    "up" => true,
                    "down" => false,
                    other => {
                        return Err(lua_err(AwsError::new(
                            "InvalidParameterValue",
                            format!("Invalid tunnel state '{other}': use 'up' or 'down'"),
                        )));
                    }
                };
                write(lua, |w| w.set_tunnel_state(k, i, up))
            },
        );
        m.call("add_static_route", "(cidr) -> nil", "Adds a static route to the site.", |lua, k, cidr: String| {
            write(lua, |w| w.add_vpn_static_route(k, &cidr))
        });
        m.call(
            "delete",
            "() -> nil",
            "Deletes the connection (DeleteVpnConnection): its tunnels go down, its routes leave the route tables, its hourly bill stops.",
            |lua, k, ()| write(lua, |w| w.delete_vpn_connection(k)),
        );
    }

    fn summary(at: At<'_, Self>) -> model::Result<String> {
        let c = at.res;
        let up = c.tunnels.iter().filter(|t| t.up).count();
        if c.is_deleted() {
            return Ok(format!("{}{} {}", c.id, at.quoted_name(), c.state(at.w.now_ms())));
        }
        Ok(format!(
            "{}{} {} <-> {} ({up}/2 tunnels up)",
            c.id,
            at.quoted_name(),
            at.w.vgw(c.vpn_gateway)?.id,
            at.w.cgw(c.customer_gateway)?.id
        ))
    }
}
