-- Two NAT gateways, but each private subnet uses the other AZ's.
local region = aws.region("us-east-1")
local vpc = region:create_vpc{cidr_block = "10.0.0.0/16", name = "ha"}
local igw = region:create_internet_gateway{}
igw:attach(vpc)
local public_rt = vpc:create_route_table{}
public_rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
local nats, privates = {}, {}
for i, az in ipairs({ "a", "b" }) do
  local zone = "us-east-1" .. az
  local public = vpc:create_subnet{cidr_block = "10.0." .. i .. ".0/24", availability_zone = zone, name = "public-" .. az}
  privates[i] = vpc:create_subnet{cidr_block = "10.0." .. (10 + i) .. ".0/24", availability_zone = zone, name = "private-" .. az}
  public_rt:associate(public)
  nats[i] = public:create_nat_gateway{elastic_ip = region:allocate_address{}, name = "natgw-" .. az}
  privates[i]:run_instance{name = "app-" .. az}
end
for i = 1, 2 do
  local rt = vpc:create_route_table{}
  rt:create_route{destination_cidr_block = "0.0.0.0/0", target = nats[3 - i]}
  rt:associate(privates[i])
end
sim.advance("5m")
