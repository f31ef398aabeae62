-- Hybrid connectivity: a virtual private gateway with Site-to-Site VPN and Direct Connect.
return {
  id = "hybrid-vpn-dx",
  title = "Connecting the data center",
  prompt = [[
The starting world has a VPC "corp" (10.0.0.0/16) with a private subnet "private" holding an
instance "app" (security group "app", no rules yet), and the company data center "hq"
(192.168.0.0/16) with its ERP server "erp" (192.168.10.5). Nothing connects them.

Connect them privately, without the public internet:
  - a virtual private gateway "vgw" attached to corp,
  - a Site-to-Site VPN "vpn" from vgw to the customer gateway 203.0.113.12 (BGP ASN 65000),
    with a static route to the data center, connected at hq,
  - a Direct Connect connection "dx" (location "EqDC2", 1Gbps) with a private virtual
    interface to vgw, connected at hq, so traffic prefers the dedicated link,
  - routes in corp towards the data center (a static route or route propagation),
  - app reaches erp on tcp 1521 and erp reaches app on tcp 443.
]],
  region = "us-east-1",
  setup = function()
    local region = aws.region("us-east-1")
    local vpc = region:create_vpc{cidr_block = "10.0.0.0/16", name = "corp"}
    local private = vpc:create_subnet{cidr_block = "10.0.1.0/24", availability_zone = "us-east-1a", name = "private"}
    local sg = vpc:create_security_group{group_name = "app", name = "app"}
    private:run_instance{name = "app", security_groups = {sg}}
    local hq = region:create_onprem_site{name = "hq", cidr_block = "192.168.0.0/16"}
    hq:add_host{name = "erp", ip = "192.168.10.5"}
    sim.advance("1m")
  end,
  checks = {
    { name = "a virtual private gateway attached to corp", points = 1,
      hint = "region:create_vpn_gateway{name = \"vgw\"} then vgw:attach(vpc)",
      run = function()
        local vgw = expect.resource("vgw", "vpn-gateway")
        expect(vgw.vpc == expect.resource("corp", "vpc"), "vgw is not attached to corp")
      end },
    { name = "a Site-to-Site VPN with two tunnels", points = 1,
      hint = "region:create_customer_gateway{ip_address = ..., bgp_asn = 65000}, then create_vpn_connection",
      run = function()
        local vpn = expect.resource("vpn", "vpn-connection")
        expect.eq(#vpn.tunnels, 2, "the VPN's tunnels")
      end },
    { name = "app reaches erp", points = 2,
      hint = "corp's route table needs 192.168.0.0/16 -> vgw (or rt:enable_propagation(vgw)), and hq:connect(...)",
      run = function()
        expect.reachable(expect.resource("app", "instance"), expect.resource("erp", "host"), { protocol = "tcp", port = 1521 })
      end },
    { name = "erp reaches app on 443", points = 2,
      hint = "app's security group must allow tcp 443 from the data center's CIDR",
      run = function()
        expect.reachable(expect.resource("erp", "host"), expect.resource("app", "instance"), { protocol = "tcp", port = 443 })
      end },
    { name = "traffic prefers Direct Connect", points = 2,
      hint = "dx:create_private_vif{vpn_gateway = vgw}, then hq:connect(vif)",
      run = function()
        local trace = expect.reachable(expect.resource("app", "instance"), expect.resource("erp", "host"), { protocol = "tcp", port = 1521 })
        local dx = false
        for _, hop in ipairs(trace.forward) do dx = dx or hop.kind == "dx-vif" end
        expect(dx, "the traffic does not use a Direct Connect virtual interface")
      end },
    { name = "app stays off the internet", points = 1, hidden = true,
      run = function()
        expect.unreachable("internet", expect.resource("app", "instance"), { protocol = "tcp", port = 443 })
      end },
  },
  solution = "solution.lua",
  wrong = { "wrong-no-route.lua", "wrong-vpn-only.lua" },
}
