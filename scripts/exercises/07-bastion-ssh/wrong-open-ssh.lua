-- SSH to the bastion from anywhere.
local region = aws.region("eu-west-1")
local vpc = region:create_vpc{cidr_block = "10.1.0.0/16"}
local igw = region:create_internet_gateway{}
igw:attach(vpc)
local public = vpc:create_subnet{cidr_block = "10.1.0.0/24", availability_zone = "eu-west-1a", map_public_ip_on_launch = true}
local private = vpc:create_subnet{cidr_block = "10.1.1.0/24", availability_zone = "eu-west-1a"}
local rt = vpc:create_route_table{}
rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
rt:associate(public)
local bastion_sg = vpc:create_security_group{group_name = "bastion"}
bastion_sg:authorize_ingress{protocol = "tcp", port = 22, cidr_block = "0.0.0.0/0"}
local app_sg = vpc:create_security_group{group_name = "app"}
app_sg:authorize_ingress{protocol = "tcp", port = 22, source_group = bastion_sg}
public:run_instance{name = "bastion", security_groups = {bastion_sg}}
private:run_instance{name = "app", security_groups = {app_sg}}
sim.advance("1m")
