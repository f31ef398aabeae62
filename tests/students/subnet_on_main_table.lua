-- Mistake: the subnet stays on the main route table while the custom table "public-rt" has the
-- internet gateway route. The fix is associating the subnet with that table, not a new route.
local c = require("_check")
local lab = c.two_tier()
local web = lab.private:run_instance{name = "web", associate_public_ip_address = true}
web:wait_until_running()

local t = net.trace{source = web, destination = "internet", protocol = "tcp", port = 443}
assert(not t.reachable, "a subnet on the main table has no internet route")
local e = c.blocker(t, "NO_ROUTE_TO_DESTINATION")
c.has(e.message, "main route table", lab.rt.id .. ' "public-rt"', lab.private.id .. ' "private"')
c.has(e.message, "rt:associate(subnet)")
c.before(e.message, "associate the subnet", "Add a route")
c.lacks(e.message, "create_route")
-- Following the advice fixes it.
lab.rt:associate(lab.private)
assert(net.reachable(web, "internet", {protocol = "tcp", port = 443}), "associating the subnet should fix it")
