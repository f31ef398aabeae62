-- One-line summaries of every object, and the default VPC of a region.
local region = aws.region("eu-west-1")
print(region)
local default = region:default_vpc()
print(default)
for _, sn in ipairs(default:subnets()) do print(sn) end
print(default.main_route_table)
for _, r in ipairs(default.main_route_table.routes) do print(r.destination_cidr_block, r.target_id, r.state, r.origin) end
local vpc = region:create_vpc{cidr_block = "10.0.0.7/16", name = "lab"}
print(vpc, vpc.default_security_group, vpc.default_network_acl)
local sn = vpc:create_subnet{cidr_block = "10.0.1.0/24", name = "app"}
print(sn)
for _, r in ipairs(sn:reserved_addresses()) do print(r.address, r.purpose) end
local inst = sn:run_instance{name = "app1"}
print(inst)
inst:wait_until_running()
print(inst, inst.launch_time)
for _, h in ipairs(inst.state_history) do print(h.state, h.at, h.time) end
print(region:create_internet_gateway{name = "gw"}, region:allocate_address{name = "ip"})
print(region:create_vpn_gateway{}, region:create_customer_gateway{ip_address = "198.51.100.7"})
print(net.matrix{sources = {inst, "internet"}, destinations = {inst}, protocol = "tcp", port = 22})
