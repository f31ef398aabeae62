-- Mirrors the rule both ways as if the ACL were stateful: replies never get out.
local public = aws.get("public", "subnet")
local acl = public.vpc:create_network_acl{name = "web-acl"}
acl:add_entry{rule_number = 100, egress = false, protocol = "tcp", port = params.port, cidr_block = "0.0.0.0/0", rule_action = "allow"}
acl:add_entry{rule_number = 100, egress = true, protocol = "tcp", port = params.port, cidr_block = "0.0.0.0/0", rule_action = "allow"}
acl:add_entry{rule_number = 110, egress = true, protocol = "tcp", port = 443, cidr_block = "0.0.0.0/0", rule_action = "allow"}
acl:associate(public)
