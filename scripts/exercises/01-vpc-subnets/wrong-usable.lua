-- Counts every address of a /24 as usable and guesses the resolver at .1.
local region = aws.region("us-west-2")
local vpc = region:create_vpc{cidr_block = params.cidr, name = "lab"}
local zones = { "us-west-2a", "us-west-2b", "us-west-2a", "us-west-2b" }
for i, block in ipairs(cidr.split(params.cidr, 24)) do
  vpc:create_subnet{cidr_block = block, availability_zone = zones[i], name = ({ "a", "b", "c", "d" })[i]}
end
vpc:create_tags{usable = "256", dns = params.first:gsub("0/24$", "1")}
