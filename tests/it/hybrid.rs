//! Hybrid and NAT behaviour as a student expects it: dynamic (BGP) VPNs propagate the
//! site's blocks, static VPNs need their routes, NAT gateway waiters.

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
