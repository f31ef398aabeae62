-- Mistake: calling a function the product does not have yet. It answers NotImplemented and
-- says it comes later, never "attempt to call a nil value".
local c = require("_check")
local m = c.fails("NotImplemented", function() sim.snapshot() end)
c.has(m, "sim.snapshot", "later version")
c.lacks(m, "attempt to call")
local region = aws.region("us-east-1")
m = c.fails("NotImplemented", function() region:create_function{} end)
c.has(m, "later version")
