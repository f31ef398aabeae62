-- Mistake: a route to an internet gateway created before the gateway is attached. AWS's
-- "belong to different networks" stays, and the hint says to attach the gateway.
local c = require("_check")
local region = aws.region("us-east-1")
local vpc = region:create_vpc{cidr_block = "10.0.0.0/16", name = "lab"}
local igw = region:create_internet_gateway{name = "igw"}
local rt = vpc:create_route_table{name = "public-rt"}
local m = c.fails("InvalidParameterValue", function()
  rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
end)
c.has(m, "belong to different networks", igw.id .. ' "igw"', rt.id .. ' "public-rt"', "not attached")
c.has(m, "igw:attach(vpc)")
assert(#rt.routes == 1, "the failed call changed nothing")
igw:attach(vpc)
rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
assert(#rt.routes == 2, "after attaching, the route is accepted")
