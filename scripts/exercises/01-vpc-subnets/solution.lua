local region = aws.region("us-west-2")
local vpc = region:create_vpc{cidr_block = params.cidr, name = "lab"}
local zones = { "us-west-2a", "us-west-2b", "us-west-2a", "us-west-2b" }
for i, block in ipairs(cidr.split(params.cidr, 24)) do
  vpc:create_subnet{cidr_block = block, availability_zone = zones[i], name = ({ "a", "b", "c", "d" })[i]}
end
local a = aws.get("a", "subnet")
vpc:create_tags{usable = tostring(cidr.usable(a.cidr_block)), dns = a:reserved_addresses()[3].address}
