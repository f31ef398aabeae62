-- P3: N net.reachable queries between instances of the large world, tcp/22, mixed pairs.
-- Time `vpclab run p3_reachable.lua 0` and `… 200000`; the difference / N is one query.
local n = tonumber((...)) or 100000
local lw = require("large_world")
local world = lw.build()
local pick = lw.picker(#world.instances)
local yes = 0
for _ = 1, n do
  local a, b = world.instances[pick()], world.instances[pick()]
  if net.reachable(a, b, {protocol = "tcp", port = 22}) then yes = yes + 1 end
end
print(n .. " queries, " .. yes .. " reachable")
