-- Every subnet lands in us-west-2a, and the split is not in address order.
local region = aws.region("us-west-2")
local vpc = region:create_vpc{cidr_block = params.cidr, name = "lab"}
local blocks = cidr.split(params.cidr, 24)
local names = { "d", "c", "b", "a" }
for i, block in ipairs(blocks) do
  vpc:create_subnet{cidr_block = block, availability_zone = "us-west-2a", name = names[i]}
end
vpc:create_tags{usable = "251"}
