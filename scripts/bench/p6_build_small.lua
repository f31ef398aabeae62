-- P6: build the 200-instance world (1 VPC, 20 subnets of 10 instances, 20 security
-- groups) N times in one process. Time `vpclab run p6_build_small.lua 0` and `… 200`;
-- the difference / N is one world (moto builds the same through boto3 in 4-6 s).
local n = tonumber((...)) or 100
local function build()
  local region = aws.region("us-east-1")
  local vpc = region:create_vpc{cidr_block = "10.0.0.0/16", name = "bench"}
  local igw = region:create_internet_gateway{}
  igw:attach(vpc)
  local rt = vpc:create_route_table{name = "public"}
  rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
  local groups = {}
  for g = 1, 20 do
    local sg = vpc:create_security_group{group_name = "sg" .. g, description = "bench group " .. g}
    sg:authorize_ingress{protocol = "tcp", port = 1000 + g, cidr_block = "10.0.0.0/16"}
    sg:authorize_ingress{protocol = "tcp", port = 443, cidr_block = "0.0.0.0/0"}
    groups[g] = sg
  end
  local count = 0
  for s = 1, 20 do
    local subnet = vpc:create_subnet{cidr_block = ("10.0.%d.0/24"):format(s), availability_zone = region.azs[1 + s % 6],
                                     map_public_ip_on_launch = s % 2 == 0}
    if s % 2 == 0 then rt:associate(subnet) end
    for i = 1, 10 do
      subnet:run_instance{name = ("web-%d-%d"):format(s, i), instance_type = "t3.micro",
                          security_groups = {groups[s], groups[1 + (s + i) % 20]}}
      count = count + 1
    end
  end
  return count
end
local total = 0
for _ = 1, n do
  sim.reset()
  total = total + build()
end
print(n .. " worlds, " .. total .. " instances")
