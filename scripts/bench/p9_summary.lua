-- P9: net.matrix{summary = true} all-pairs 10,000 x 10,000 on tcp/22 over the large world
-- (pass 0 to skip it). Time `… p9_summary.lua 0` and `… 1`; the difference is one summary.
local rounds = tonumber((...)) or 1
local world = require("large_world").build()
local s
for _ = 1, rounds do
  s = net.matrix{sources = world.instances, destinations = world.instances, protocol = "tcp", port = 22, summary = true}
end
if s then print(#s.classes .. " classes, " .. s.reachable_count .. " of " .. s.total .. " pairs reachable") end
