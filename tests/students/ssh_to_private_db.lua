-- Mistake: SSH from the internet to a database in a private subnet. The hint must say the
-- subnet is private by design and how such instances are reached, before any Elastic IP.
local c = require("_check")
local lab = c.two_tier()
local sg = lab.vpc:create_security_group{group_name = "db-sg"}
sg:authorize_ingress{protocol = "tcp", port = 22, cidr_block = "0.0.0.0/0"}
local db = lab.private:run_instance{name = "db", security_groups = {sg}}
db:wait_until_running()

local t = net.trace{source = "internet", destination = db, protocol = "tcp", port = 22}
assert(not t.reachable, "the private database must not be reachable from the internet")
local first = t.explanations[1].message
c.has(first, db.id .. ' "db"', lab.private.id .. ' "private"', "a private subnet by design")
c.has(first, "bastion", "Client VPN", "Site-to-Site VPN", "Direct Connect")
-- The cause and the ways in come first; making the database public is the last resort.
c.before(first, "private subnet by design", "Elastic IP")
c.before(first, "bastion", "Elastic IP")
c.before(first, "bastion", "Only if it must be public")
