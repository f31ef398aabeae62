-- Mistake: a method called with a dot. The error says to call it with a colon instead of
-- "bad argument 'self'".
local c = require("_check")
local region = aws.region("us-east-1")
local m = c.fails("InvalidParameter", function() region.create_vpc{cidr_block = "10.0.0.0/16"} end)
c.has(m, "call it with a colon", "region:create_vpc")
c.lacks(m, "bad argument", "userdata expected")
assert(#region:vpcs() == 1, "nothing was created (only the default VPC)")
local vpc = region:create_vpc{cidr_block = "10.0.0.0/16"}
m = c.fails("InvalidParameter", function() vpc.create_subnet{cidr_block = "10.0.1.0/24"} end)
c.has(m, "vpc:create_subnet")
