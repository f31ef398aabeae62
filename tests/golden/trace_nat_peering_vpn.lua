-- A private worker behind a NAT gateway, a non-transitive peering, and a VPN to a data center.
sim.config{quotas = {vpcs_per_region = 10}}
local region = aws.region("ap-northeast-2")
local vpc = region:create_vpc{cidr_block = "10.0.0.0/16", name = "app"}
local igw = region:create_internet_gateway{}
igw:attach(vpc)
local public = vpc:create_subnet{cidr_block = "10.0.0.0/24", availability_zone = "ap-northeast-2a", name = "public"}
local private = vpc:create_subnet{cidr_block = "10.0.1.0/24", availability_zone = "ap-northeast-2a", name = "private"}
local public_rt = vpc:create_route_table{}
public_rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
public_rt:associate(public)
local worker = private:run_instance{name = "worker"}
worker:wait_until_running()
print(net.trace{source = worker, destination = "internet", protocol = "tcp", port = 443})
local nat = public:create_nat_gateway{elastic_ip = region:allocate_address{}}
sim.advance("2m")
local private_rt = vpc:create_route_table{}
private_rt:create_route{destination_cidr_block = "0.0.0.0/0", target = nat}
private_rt:associate(private)
print(net.trace{source = worker, destination = "internet", protocol = "tcp", port = 443})

local a = region:create_vpc{cidr_block = "10.1.0.0/16"}
local b = region:create_vpc{cidr_block = "10.2.0.0/16"}
local c = region:create_vpc{cidr_block = "10.3.0.0/16"}
local function one(v, block, name)
  local sn = v:create_subnet{cidr_block = block, availability_zone = "ap-northeast-2a"}
  local sg = v:create_security_group{group_name = "open-" .. name}
  sg:authorize_ingress{protocol = "all", cidr_block = "10.0.0.0/8"}
  return sn:run_instance{name = name, security_groups = {sg}}
end
local ia, ic = one(a, "10.1.0.0/24", "a"), one(c, "10.3.0.0/24", "c")
one(b, "10.2.0.0/24", "b")
sim.advance("1m")
local ab = a:request_peering{peer_vpc = b}
ab:accept()
local bc = b:request_peering{peer_vpc = c}
bc:accept()
a.main_route_table:create_route{destination_cidr_block = "10.3.0.0/16", target = ab}
print(net.trace{source = ia, destination = ic, protocol = "tcp", port = 22})

local hq = region:create_onprem_site{name = "hq", cidr_block = "192.168.0.0/16"}
local erp = hq:add_host{name = "erp", ip = "192.168.10.5"}
local vgw = region:create_vpn_gateway{}
vgw:attach(vpc)
local cgw = region:create_customer_gateway{ip_address = "203.0.113.12", bgp_asn = 65000}
local vpn = region:create_vpn_connection{vpn_gateway = vgw, customer_gateway = cgw, static_routes = {"192.168.0.0/16"}}
hq:connect(vpn)
private_rt:create_route{destination_cidr_block = "192.168.0.0/16", target = vgw}
print(net.trace{source = worker, destination = erp, protocol = "tcp", port = 1521})
vpn:set_tunnel_state(1, "down")
vpn:set_tunnel_state(2, "down")
print(net.trace{source = worker, destination = erp, protocol = "tcp", port = 1521})
