local region = aws.region("us-east-1")
local vpc = region:create_vpc{cidr_block = params.cidr}
local igw = region:create_internet_gateway{}
igw:attach(vpc)
local public = vpc:create_subnet{cidr_block = params.public, name = "public", availability_zone = "us-east-1a",
                                 map_public_ip_on_launch = true}
local private = vpc:create_subnet{cidr_block = params.private, name = "private", availability_zone = "us-east-1a"}
local rt = vpc:create_route_table{name = "public-rt"}
rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
rt:associate(public)

local web_sg = vpc:create_security_group{group_name = "web"}
web_sg:authorize_ingress{protocol = "tcp", port = 80, cidr_block = "0.0.0.0/0"}
local app_sg = vpc:create_security_group{group_name = "app"}
app_sg:authorize_ingress{protocol = "tcp", port = 8080, source_group = web_sg}
public:run_instance{name = "web", security_groups = {web_sg}}
private:run_instance{name = "app", security_groups = {app_sg}}
sim.advance("1m")
