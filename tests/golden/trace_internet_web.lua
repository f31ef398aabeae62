-- A public web server seen from the internet: blocked by its security group, then by a
-- stateless ACL's missing outbound rule, then partly open, then reachable.
local region = aws.region("us-east-1")
local vpc = region:create_vpc{cidr_block = "10.10.0.0/16", name = "web"}
local igw = region:create_internet_gateway{name = "igw"}
igw:attach(vpc)
local public = vpc:create_subnet{cidr_block = "10.10.1.0/24", availability_zone = "us-east-1a",
                                 map_public_ip_on_launch = true, name = "public"}
local rt = vpc:create_route_table{name = "public"}
rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
rt:associate(public)
local sg = vpc:create_security_group{group_name = "web"}
local web = public:run_instance{name = "web", security_groups = {sg}}
web:wait_until_running()
print(net.trace{source = "internet", destination = web, protocol = "tcp", port = 443})
sg:authorize_ingress{protocol = "tcp", port = 443, cidr_block = "0.0.0.0/0"}
local acl = vpc:create_network_acl{name = "strict"}
acl:associate(public)
acl:add_entry{rule_number = 100, protocol = "tcp", port = 443, cidr_block = "0.0.0.0/0", rule_action = "allow"}
print(net.trace{source = "internet", destination = web, protocol = "tcp", port = 443})
acl:add_entry{rule_number = 100, egress = true, protocol = "tcp", ports = "1024-32767", cidr_block = "0.0.0.0/0", rule_action = "allow"}
local t = net.trace{source = "internet", destination = web, protocol = "tcp", port = 443}
print(t)
for _, r in ipairs(t.ephemeral.allowed) do print("allowed", r.from, r.to) end
acl:replace_entry{rule_number = 100, egress = true, protocol = "tcp", ports = "1024-65535", cidr_block = "0.0.0.0/0", rule_action = "allow"}
print(net.trace{source = "internet", destination = web, protocol = "tcp", port = 443})
