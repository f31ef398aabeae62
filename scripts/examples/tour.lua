-- A guided tour of vpclab, following the seed's study notes:
-- regions and the default VPC, a VPC of your own, subnets and their reserved
-- addresses, an internet gateway and route tables, security groups against
-- network ACLs, an instance on the simulated clock, and "why can't X reach Y?".
--
-- Run: cargo run --release -- run scripts/examples/tour.lua

local function title(text) print("\n== " .. text .. " ==") end

title("A region comes with a default VPC")
local region = aws.region("us-east-1")
local default = region:default_vpc()
print(default)
for _, sn in ipairs(default:subnets()) do print("  ", sn) end

title("Your own VPC: a /16 carved into subnets")
local vpc = region:create_vpc{cidr_block = "10.0.0.0/16", name = "tour"}
print(vpc)
local blocks = cidr.subnets("10.0.0.0/22", 4)
print("10.0.0.0/22 in four:", table.concat(blocks, ", "))
local public = vpc:create_subnet{cidr_block = blocks[1], availability_zone = "us-east-1a",
                                 name = "public", map_public_ip_on_launch = true}
local private = vpc:create_subnet{cidr_block = blocks[2], availability_zone = "us-east-1a", name = "private"}
print(public)
print(private)
print("AWS reserves five addresses in every subnet:")
for _, r in ipairs(public:reserved_addresses()) do print(("  %-12s %s"):format(r.address, r.purpose)) end

title("Bad input gets AWS's error code and changes nothing")
local ok, err = pcall(vpc.create_subnet, vpc, {cidr_block = "10.0.0.128/25"})
print(ok, err)

title("An internet gateway and a route table make a subnet public")
local igw = region:create_internet_gateway{name = "tour-igw"}
igw:attach(vpc)
local rt = vpc:create_route_table{name = "public-rt"}
rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
rt:associate(public)
print(rt)
for _, r in ipairs(rt.routes) do print("  ", r.destination_cidr_block, "->", r.target_id, r.state) end
print("public subnet is public:", public.is_public, " private subnet is public:", private.is_public)

title("An instance on the simulated clock")
local web_sg = vpc:create_security_group{group_name = "web", description = "web tier"}
local web = public:run_instance{name = "web", security_groups = {web_sg}}
print(web)
web:wait_until_running()
print(web, "at t =", sim.now(), "s")

title("Why can't the internet reach my web server?")
local t = net.trace{source = "internet", destination = web, protocol = "tcp", port = 443}
print(t)
web_sg:authorize_ingress{protocol = "tcp", port = 443, cidr_block = "0.0.0.0/0"}
t = net.trace{source = "internet", destination = web, protocol = "tcp", port = 443}
print(t)

title("Network ACLs are stateless: the response needs its own rule")
local acl = vpc:create_network_acl{name = "public-acl"}
acl:associate(public)
acl:add_entry{rule_number = 100, protocol = "tcp", port = 443, cidr_block = "0.0.0.0/0", rule_action = "allow"}
t = net.trace{source = "internet", destination = web, protocol = "tcp", port = 443}
print(t)
acl:add_entry{rule_number = 100, egress = true, protocol = "tcp", ports = "1024-65535",
              cidr_block = "0.0.0.0/0", rule_action = "allow"}
print("with an outbound rule for ephemeral ports:",
      (net.reachable("internet", web, {protocol = "tcp", port = 443})))

title("help() explains any object")
help(vpc, "create_subnet")
