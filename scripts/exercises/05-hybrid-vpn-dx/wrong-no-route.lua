-- Every link is there, but corp has no route towards the data center.
local region = aws.region("us-east-1")
local corp, hq = aws.get("corp", "vpc"), aws.get("hq", "onprem-site")
local vgw = region:create_vpn_gateway{name = "vgw"}
vgw:attach(corp)
local cgw = region:create_customer_gateway{ip_address = "203.0.113.12", bgp_asn = 65000}
local vpn = region:create_vpn_connection{vpn_gateway = vgw, customer_gateway = cgw, static_routes = {"192.168.0.0/16"}}
vpn:create_tags{Name = "vpn"}
hq:connect(vpn)
local dx = region:create_dx_connection{location = "EqDC2", bandwidth = "1Gbps", name = "dx"}
hq:connect(dx:create_private_vif{vpn_gateway = vgw})
aws.get("app", "security-group"):authorize_ingress{protocol = "tcp", port = 443, cidr_block = "192.168.0.0/16"}
