-- Right design, but the NAT gateway is still pending when the script ends.
local region = aws.region("ap-northeast-2")
local public, private = aws.get("public", "subnet"), aws.get("private", "subnet")
local nat = public:create_nat_gateway{elastic_ip = region:allocate_address{}, name = "nat"}
local rt = private.vpc:create_route_table{}
rt:create_route{destination_cidr_block = "0.0.0.0/0", target = nat}
rt:associate(private)
