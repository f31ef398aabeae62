-- P3: N net.reachable queries between instances of the large world, tcp/22, mixed pairs.
-- Time `vpclab run p3_reachable.lua 0` and `… 300000`; the difference / N is one query with
-- its share of the loop (picking the pair, building the options table). `… 300000 control`
-- runs the same loop with a Lua function in place of net.reachable: the difference between
-- the two 300000 runs / N is the call alone.
local n = tonumber((...)) or 100000
local control = select(2, ...) == "control"
local lw = require("large_world")
local world = lw.build()
local pick = lw.picker(#world.instances)
local reachable = net.reachable
if control then reachable = function(a, b, _) return a == b, nil end end
local yes = 0
for _ = 1, n do
  local a, b = world.instances[pick()], world.instances[pick()]
  if reachable(a, b, {protocol = "tcp", port = 22}) then yes = yes + 1 end
end
print(n .. " queries, " .. yes .. " reachable" .. (control and " (control loop)" or ""))
