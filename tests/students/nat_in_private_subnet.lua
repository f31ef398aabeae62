-- Mistake: a public NAT gateway placed in the private subnet it should serve. The trace must
-- state the placement rule once, cut the loop at its first repetition and list each blocker
-- once, in the hop list and explanations as well as in the printed report.
local c = require("_check")
local lab = c.two_tier()
local worker = lab.private:run_instance{name = "worker"}
worker:wait_until_running()
local nat = lab.private:create_nat_gateway{elastic_ip = lab.region:allocate_address{}, name = "nat"}
lab.vpc.main_route_table:create_route{destination_cidr_block = "0.0.0.0/0", target = nat}

-- While the gateway is still pending the walk meets it on every pass.
local t = net.trace{source = worker, destination = "internet", protocol = "tcp", port = 443}
assert(not t.reachable, "a NAT gateway in a private subnet gives no internet access")
local rule = "A public NAT gateway must sit in a subnet whose route table reaches an internet gateway"
local e = c.blocker(t, "CANNOT_ROUTE")
c.has(e.message, rule, nat.id .. ' "nat"', lab.private.id .. ' "private"')
c.has(e.message, "Create the NAT gateway in a public subnet")
local seen = {}
for _, x in ipairs(t.explanations) do
  local key = x.code .. " " .. x.component .. " " .. x.message
  assert(not seen[key], "explanation listed twice: " .. key)
  seen[key] = true
end
assert(c.blocker(t, "BAD_STATE").component == nat.id, "the pending gateway is a blocker")
assert(#t.explanations == 2, "expected BAD_STATE and CANNOT_ROUTE once each, got " .. #t.explanations)
assert(#t.forward < 12, "the loop must be cut at its first repetition, got " .. #t.forward .. " hops")
assert(t.loops_to ~= nil, "the trace says where the loop was cut")
c.has(tostring(t), "(the path loops: it comes back to " .. t.loops_to)
local _, count = c.flat(tostring(t)):gsub(rule:gsub("%p", "%%%0"), "")
assert(count == 1, "the rule is stated " .. count .. " times")

-- The trace net.reachable hands back is the same cut, deduplicated one.
local ok, lazy = net.reachable(worker, "internet", {protocol = "tcp", port = 443})
assert(not ok and #lazy.forward == #t.forward and #lazy.explanations == #t.explanations, "net.reachable's trace agrees")

-- The advised fix: a NAT gateway in the public subnet.
local good = lab.public:create_nat_gateway{elastic_ip = lab.region:allocate_address{}}
good:wait_until_available()
lab.vpc.main_route_table:replace_route{destination_cidr_block = "0.0.0.0/0", target = good}
assert(net.reachable(worker, "internet", {protocol = "tcp", port = 443}), "a NAT gateway in the public subnet works")
