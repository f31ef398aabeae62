-- An on-premises site whose block overlaps the VPC it is connected to (AWS accepts it):
-- the route-table hop says which side a flow to an address in both goes to, and why.
local region = aws.region("us-east-1")
local vpc = region:create_vpc{cidr_block = "10.0.0.0/16", name = "prod"}
local app = vpc:create_subnet{cidr_block = "10.0.1.0/24", availability_zone = "us-east-1a", name = "app"}
local rt = vpc:create_route_table{name = "app"}
rt:associate(app)
local sg = vpc:create_security_group{group_name = "ssh"}
sg:authorize_ingress{protocol = "tcp", port = 22, cidr_block = "0.0.0.0/0"}
local worker = app:run_instance{name = "worker", security_groups = {sg}}
worker:wait_until_running()

local office = region:create_onprem_site{name = "office", cidr_block = "10.0.0.0/16"}
local nas = office:add_host{name = "nas", ip = "10.0.200.5"}
local vgw = region:create_vpn_gateway{name = "vgw"}
vgw:attach(vpc)
local cgw = region:create_customer_gateway{ip_address = "203.0.113.12", bgp_asn = 65000}
local vpn = region:create_vpn_connection{vpn_gateway = vgw, customer_gateway = cgw}
office:connect(vpn)
rt:enable_propagation(vgw)

-- To the site's host: the VPC's local route wins, so the flow never leaves the VPC.
local t = net.trace{source = worker, destination = nas, protocol = "tcp", port = 22}
print(t)
print(t.forward[4].kind, t.forward[4].note ~= nil)
-- From the site's host: the response to 10.0.200.5 stays in the VPC as well.
print(net.trace{source = nas, destination = worker, protocol = "tcp", port = 22})
