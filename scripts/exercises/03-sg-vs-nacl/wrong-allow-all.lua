-- Allows everything both ways: works, but SSH stays open.
local public = aws.get("public", "subnet")
local acl = public.vpc:create_network_acl{name = "web-acl"}
acl:add_entry{rule_number = 100, egress = false, protocol = "all", cidr_block = "0.0.0.0/0", rule_action = "allow"}
acl:add_entry{rule_number = 100, egress = true, protocol = "all", cidr_block = "0.0.0.0/0", rule_action = "allow"}
acl:associate(public)
