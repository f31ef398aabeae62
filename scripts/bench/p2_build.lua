-- P2: build the large world from Lua (time the whole process).
local world = require("large_world").build()
assert(#world.instances == 10000)
print(#world.instances .. " instances")
