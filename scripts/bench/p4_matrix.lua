-- P4: net.matrix 300 x 300 on tcp/22 over the large world (pass 0 to skip it).
local rounds = tonumber((...)) or 1
local lw = require("large_world")
local world = lw.build()
local pick = lw.picker(#world.instances)
local srcs, dsts = {}, {}
for i = 1, 300 do srcs[i] = world.instances[pick()]; dsts[i] = world.instances[pick()] end
local yes = 0
for _ = 1, rounds do
  local m = net.matrix{sources = srcs, destinations = dsts, protocol = "tcp", port = 22}
  for _, row in pairs(m) do for _, ok in pairs(row) do if ok then yes = yes + 1 end end end
end
print(rounds .. " matrices, " .. yes .. " reachable cells")
