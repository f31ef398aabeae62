//! Hybrid and NAT behaviour as a student expects it: dynamic (BGP) VPNs propagate the
//! site's blocks, static VPNs need their routes, NAT gateway waiters, deleted links stop
//! carrying traffic and being billed.

use super::cases::check;

#[test]
fn bgp_vpn_propagates_the_sites_blocks() {
    check(&[
        (
            "a dynamic VPN advertises the connected site's block while a tunnel is up",
            r#"local v, s = public_vpc()
               local g = r:create_vpn_gateway{} g:attach(v)
               local c = r:create_customer_gateway{ip_address = "203.0.113.10", bgp_asn = 65010}
               local vpn = r:create_vpn_connection{vpn_gateway = g, customer_gateway = c}
               eq(vpn.static_routes_only, false)
               local rt = v.main_route_table rt:enable_propagation(g)
               local site = r:create_onprem_site{name = "hq", cidr_block = "192.168.0.0/16"}
               eq(rt:lookup("192.168.1.1"), nil, "no route before the site connects")
               site:connect(vpn)
               local route = rt:lookup("192.168.1.1")
               eq(route.destination_cidr_block, "192.168.0.0/16") eq(route.origin, "EnableVgwRoutePropagation")
               vpn:set_tunnel_state(1, "down") vpn:set_tunnel_state(2, "down")
               eq(rt:lookup("192.168.1.1"), nil, "BGP withdraws the routes when both tunnels are down")
               fails("InvalidParameterValue", function() vpn:add_static_route("192.168.0.0/16") end, "BGP")"#,
        ),
        (
            "a static VPN propagates only its static routes",
            r#"local v = vpc()
               local g = r:create_vpn_gateway{} g:attach(v)
               local c = r:create_customer_gateway{ip_address = "203.0.113.10"}
               local vpn = r:create_vpn_connection{vpn_gateway = g, customer_gateway = c, static_routes_only = true}
               local rt = v.main_route_table rt:enable_propagation(g)
               local site = r:create_onprem_site{name = "hq", cidr_block = "192.168.0.0/16"}
               site:connect(vpn)
               eq(rt:lookup("192.168.1.1"), nil, "a static VPN needs add_static_route")
               vpn:add_static_route("192.168.0.0/16")
               eq(rt:lookup("192.168.1.1").destination_cidr_block, "192.168.0.0/16")
               fails("InvalidParameterCombination", function()
                 r:create_vpn_connection{vpn_gateway = g, customer_gateway = c, static_routes = {"10.9.0.0/16"},
                                         static_routes_only = false} end, "BGP")"#,
        ),
    ]);
}

#[test]
fn nat_gateway_waiters() {
    check(&[(
        "wait_until_available and wait_until_deleted move the clock just enough",
        r#"local v, s = public_vpc()
           local eip = r:allocate_address{}
           local nat = s:create_nat_gateway{elastic_ip = eip}
           eq(nat.state, "pending")
           nat:wait_until_available()
           eq(nat.state, "available") eq(sim.now(), 60)
           nat:wait_until_available()
           eq(sim.now(), 60, "already available: no time passes")
           nat:delete() nat:wait_until_deleted()
           eq(nat.state, "deleted") eq(sim.now(), 120)
           fails("WaiterError", function() nat:wait_until_available() end, nat.id, "deleted")"#,
    )]);
}

/// `site_behind(link, cidr, ip, port)`: a public VPC whose main table propagates from a new
/// VGW `g`, a site `cidr` connected over `link(g)` with a host at `ip`, and an instance that
/// lets the site in on tcp `port`; the path works. Returns vpc, g, site, host, instance, link.
const SITE_BEHIND: &str = r#"
local function site_behind(link, cidr, ip, port)
  local v, s = public_vpc()
  local g = r:create_vpn_gateway{} g:attach(v)
  v.main_route_table:enable_propagation(g)
  local site = r:create_onprem_site{name = "hq", cidr_block = cidr}
  local l = link(g)
  site:connect(l)
  local host = site:add_host{name = "h", ip = ip}
  local inst = s:run_instance{}
  inst.security_groups[1]:authorize_ingress{protocol = "tcp", port = port, cidr_block = cidr}
  inst:wait_until_running()
  eq(net.reachable(host, inst, {port = port}), true)
  return v, g, site, host, inst, l
end
"#;

#[test]
fn deleted_links_stop_billing_and_carrying_traffic() {
    let vpn = r#"
        local c = r:create_customer_gateway{ip_address = "203.0.113.10"}
        local v, g, site, host, web, vpn = site_behind(function(g)
          return r:create_vpn_connection{vpn_gateway = g, customer_gateway = c, static_routes = {"192.168.0.0/16"}}
        end, "192.168.0.0/16", "192.168.1.10", 22)
        local rt = v.main_route_table
        sim.advance(5400 - sim.now())
        fails("IncorrectState", function() c:delete() end, c.id, vpn.id)
        vpn:delete()
        eq(vpn.state, "deleting") eq(vpn.tunnels[1].status, "down")
        eq(rt:lookup("192.168.1.1"), nil, "its static route left the route table")
        local t = net.trace{source = host, destination = web, protocol = "tcp", port = 22}
        eq(t.reachable, false) eq(t.explanation.code, "BAD_STATE_VPN") eq(t.explanation.component, vpn.id)
        has(t.explanation.message, "deleting")
        sim.advance(60) eq(vpn.state, "deleted")
        has(net.trace{source = host, destination = web, protocol = "tcp", port = 22}.explanation.message, "is deleted")
        fails("IncorrectState", function() vpn:set_tunnel_state(1, "up") end, "deleted")
        fails("IncorrectState", function() site:connect(vpn) end)
        vpn:delete()
        c:delete() eq(c.state, "deleted")
        fails("IncorrectState", function() r:create_vpn_connection{vpn_gateway = g, customer_gateway = c} end, c.id)
        sim.advance("10h")
        local usd = 0
        for _, i in ipairs(sim.cost{}.items) do if i.resource == vpn.id then usd = usd + i.usd eq(i.kind, "vpn-hours") end end
        assert(math.abs(usd - 0.05 * 1.5) < 1e-12, "1.5 h before the deletion, none after: " .. usd)"#;
    let dx = r#"
        local dx = r:create_dx_connection{location = "EqDC2", bandwidth = "10Gbps"}
        local v, g, site, host, app, vif = site_behind(function(g) return dx:create_private_vif{vpn_gateway = g} end,
          "10.50.0.0/16", "10.50.0.5", 443)
        sim.advance(7200 - sim.now())
        fails("DirectConnectClientException", function() dx:delete() end, dx.id, vif.id)
        eq(dx.state, "available")
        vif:delete() eq(vif.state, "deleted") eq(#dx.virtual_interfaces, 0)
        local t = net.trace{source = host, destination = app, protocol = "tcp", port = 443}
        eq(t.reachable, false) eq(t.explanation.component, vif.id) has(t.explanation.message, "deleted")
        eq(v.main_route_table:lookup("10.50.0.5"), nil, "the site's block is no longer propagated")
        dx:delete() eq(dx.state, "deleted")
        fails("DirectConnectClientException", function() dx:create_private_vif{vpn_gateway = g} end, "deleted")
        sim.advance("3h")
        local usd = 0
        for _, i in ipairs(sim.cost{}.items) do if i.resource == dx.id then usd = usd + i.usd end end
        assert(math.abs(usd - 2.25 * 2) < 1e-12, "two port hours, none after: " .. usd)"#;
    let (vpn, dx) = (format!("{SITE_BEHIND}{vpn}"), format!("{SITE_BEHIND}{dx}"));
    check(&[
        ("vpn:delete() withdraws its routes, stops its bill and the trace names the deleted state", &vpn),
        ("dx:delete() is refused while virtual interfaces exist; vif:delete() first; port hours stop", &dx),
    ]);
}
