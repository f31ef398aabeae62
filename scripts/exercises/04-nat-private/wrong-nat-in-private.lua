-- The NAT gateway sits in the private subnet, which has no route to the internet gateway.
local region = aws.region("ap-northeast-2")
local private = aws.get("private", "subnet")
local nat = private:create_nat_gateway{elastic_ip = region:allocate_address{}, name = "nat"}
local rt = private.vpc:create_route_table{}
rt:create_route{destination_cidr_block = "0.0.0.0/0", target = nat}
rt:associate(private)
sim.advance("5m")
