-- Mistake: a custom network ACL without rules ("ACLs allow everything" is the default ACL).
-- The blocker must say a custom ACL denies everything until rules are added.
local c = require("_check")
local lab = c.two_tier()
local sg = lab.vpc:create_security_group{group_name = "web"}
sg:authorize_ingress{protocol = "tcp", port = 443, cidr_block = "0.0.0.0/0"}
local web = lab.public:run_instance{name = "web", security_groups = {sg}, associate_public_ip_address = true}
web:wait_until_running()
local acl = lab.vpc:create_network_acl{name = "strict"}
acl:associate(lab.public)

local t = net.trace{source = "internet", destination = web, protocol = "tcp", port = 443}
assert(not t.reachable, "a custom ACL without rules blocks")
local e = c.blocker(t, "SUBNET_ACL_RESTRICTION")
assert(e.component == acl.id, "the custom ACL is the blocker")
c.has(e.message, acl.id .. ' "strict"', "custom network ACL", "denies everything until rules are added")
c.has(e.message, "default network ACL")
c.before(e.message, "denies everything until rules are added", "Add an inbound allow rule")
