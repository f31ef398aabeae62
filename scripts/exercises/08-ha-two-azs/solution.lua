local region = aws.region("us-east-1")
local vpc = region:create_vpc{cidr_block = "10.0.0.0/16", name = "ha"}
local igw = region:create_internet_gateway{}
igw:attach(vpc)
local public_rt = vpc:create_route_table{name = "public"}
public_rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
for i, az in ipairs({ "a", "b" }) do
  local zone = "us-east-1" .. az
  local public = vpc:create_subnet{cidr_block = "10.0." .. i .. ".0/24", availability_zone = zone, name = "public-" .. az}
  local private = vpc:create_subnet{cidr_block = "10.0." .. (10 + i) .. ".0/24", availability_zone = zone, name = "private-" .. az}
  public_rt:associate(public)
  local nat = public:create_nat_gateway{elastic_ip = region:allocate_address{}, name = "natgw-" .. az}
  local rt = vpc:create_route_table{name = "private-" .. az}
  rt:create_route{destination_cidr_block = "0.0.0.0/0", target = nat}
  rt:associate(private)
  private:run_instance{name = "app-" .. az}
end
sim.advance("5m")
