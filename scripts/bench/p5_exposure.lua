-- P5: net.exposure of the large world (pass 0 to skip it).
local rounds = tonumber((...)) or 1
require("large_world").build()
local n = 0
for _ = 1, rounds do n = #net.exposure{} end
print(n .. " exposed port ranges")
