local public = aws.get("public", "subnet")
local acl = public.vpc:create_network_acl{name = "web-acl"}
-- In: the service, and replies to web's own HTTPS downloads.
acl:add_entry{rule_number = 100, egress = false, protocol = "tcp", port = params.port, cidr_block = "0.0.0.0/0", rule_action = "allow"}
acl:add_entry{rule_number = 110, egress = false, protocol = "tcp", ports = "32768-60999", cidr_block = "0.0.0.0/0", rule_action = "allow"}
-- Out: replies to the clients' ephemeral ports, and web's downloads.
acl:add_entry{rule_number = 100, egress = true, protocol = "tcp", ports = "1024-65535", cidr_block = "0.0.0.0/0", rule_action = "allow"}
acl:add_entry{rule_number = 110, egress = true, protocol = "tcp", port = 443, cidr_block = "0.0.0.0/0", rule_action = "allow"}
acl:associate(public)
