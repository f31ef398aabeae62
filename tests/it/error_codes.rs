//! Every validation error code of SEMANTICS.md that applies to the networking objects,
//! triggered from Lua: `err.code` is the code and `tostring(err)` starts with it.
//! Also: lookup by id and name (NotFound, Malformed, ambiguous names) and strict
//! argument tables.

use super::cases::check;

/// `(code, setup, trigger)`: `setup` runs first, then `trigger` must raise `code`.
const CODES: &[(&str, &str, &str)] = &[
    ("InvalidParameterValue", "", r#"vpc("10.0.0.0/33")"#),
    ("InvalidVpc.Range", "", r#"vpc("10.0.0.0/8")"#),
    ("InvalidSubnet.Range", "local v = vpc()", r#"subnet(v, "10.9.0.0/24")"#),
    ("InvalidSubnet.Conflict", "local v = vpc() subnet(v)", r#"subnet(v, "10.0.1.0/25")"#),
    ("VpcLimitExceeded", "sim.config{quotas = {vpcs_per_region = 1}}", "vpc()"),
    (
        "SubnetLimitExceeded",
        r#"sim.config{quotas = {subnets_per_vpc = 2}} local v = vpc() subnet(v, "10.0.1.0/24") subnet(v, "10.0.2.0/24")"#,
        r#"subnet(v, "10.0.3.0/24")"#,
    ),
    (
        "RulesPerSecurityGroupLimitExceeded",
        r#"sim.config{quotas = {rules_per_security_group = 1}} local sg = vpc():create_security_group{group_name = "a"}"#,
        r#"sg:authorize_egress{protocol = "tcp", port = 443, cidr_block = "0.0.0.0/0"}"#,
    ),
    (
        "NetworkAclEntryLimitExceeded",
        r#"sim.config{quotas = {entries_per_network_acl = 2}} local acl = vpc():create_network_acl{}
           acl:add_entry{rule_number = 10, protocol = "all", cidr_block = "0.0.0.0/0", rule_action = "allow"}"#,
        r#"acl:add_entry{rule_number = 20, protocol = "all", cidr_block = "0.0.0.0/0", rule_action = "allow"}"#,
    ),
    (
        "RouteLimitExceeded",
        r#"sim.config{quotas = {routes_per_route_table = 2}} local v, s, g = public_vpc() local t = v.main_route_table
           t:create_route{destination_cidr_block = "0.0.0.0/0", target = g}"#,
        r#"t:create_route{destination_cidr_block = "1.0.0.0/8", target = g}"#,
    ),
    (
        "SecurityGroupsPerInterfaceLimitExceeded",
        r#"sim.config{quotas = {security_groups_per_interface = 1}} local v = vpc() local s = subnet(v)
           local a = v:create_security_group{group_name = "a"}"#,
        r#"s:run_instance{security_groups = {a, v.default_security_group}}"#,
    ),
    (
        "AddressLimitExceeded",
        r#"sim.config{quotas = {elastic_ips_per_region = 1}} r:allocate_address{}"#,
        "r:allocate_address{}",
    ),
    (
        "RouteAlreadyExists",
        r#"local v, s, g = public_vpc() v.main_route_table:create_route{destination_cidr_block = "0.0.0.0/0", target = g}"#,
        r#"v.main_route_table:create_route{destination_cidr_block = "0.0.0.0/0", target = g}"#,
    ),
    (
        "InvalidPermission.Duplicate",
        r#"local sg = vpc():create_security_group{group_name = "a"}"#,
        r#"sg:authorize_egress{protocol = "all", cidr_block = "0.0.0.0/0"}"#,
    ),
    (
        "NetworkAclEntryAlreadyExists",
        "local acl = vpc().default_network_acl",
        r#"acl:add_entry{rule_number = 100, protocol = "all", cidr_block = "0.0.0.0/0", rule_action = "deny"}"#,
    ),
    (
        "InvalidGroup.Duplicate",
        r#"local v = vpc() v:create_security_group{group_name = "a"}"#,
        r#"v:create_security_group{group_name = "a"}"#,
    ),
    ("InvalidGroup.Reserved", "local v = vpc()", r#"v:create_security_group{group_name = "default"}"#),
    ("DependencyViolation", "local v = vpc() subnet(v)", "v:delete()"),
    ("CannotDelete", "local v = vpc()", "v.default_security_group:delete()"),
    ("IncorrectInstanceState", "local i = subnet(vpc()):run_instance{}", "i:reboot()"),
    ("IncorrectState", "local g = r:create_vpn_gateway{} g:attach(vpc())", "g:delete()"),
    (
        "InvalidStateTransition",
        r#"local p = vpc():request_peering{peer_vpc = vpc("10.1.0.0/16")} p:reject()"#,
        "p:accept()",
    ),
    (
        "Resource.AlreadyAssociated",
        "local g = r:create_internet_gateway{} g:attach(vpc()) local w = vpc()",
        "g:attach(w)",
    ),
    ("Gateway.NotAttached", "local g = r:create_internet_gateway{}", "g:detach()"),
    (
        "InvalidVpcState",
        "local v = vpc() r:create_vpn_gateway{}:attach(v) local h = r:create_vpn_gateway{}",
        "h:attach(v)",
    ),
    (
        "InsufficientFreeAddressesInSubnet",
        r#"local s = subnet(vpc(), "10.0.0.0/28")"#,
        "r:run_instances{subnet = s, count = 12}",
    ),
    ("MissingParameter", "", "r:create_vpc{}"),
    ("InvalidParameter", "", r#"r:create_vpc{cidr = "10.0.0.0/16"}"#),
    (
        "UnsupportedHibernationConfiguration",
        "local s = subnet(vpc())",
        r#"s:run_instance{instance_type = "g4dn.xlarge", hibernation = true}"#,
    ),
    (
        "UnsupportedOperation",
        "local i = subnet(vpc()):run_instance{} i:wait_until_running()",
        "i:stop{hibernate = true}",
    ),
    ("OperationNotPermitted", "local i = subnet(vpc()):run_instance{disable_api_termination = true}", "i:terminate()"),
    (
        "InvalidIPAddress.InUse",
        r#"local s = subnet(vpc()) s:create_network_interface{private_ip_address = "10.0.1.9"}"#,
        r#"s:create_network_interface{private_ip_address = "10.0.1.9"}"#,
    ),
    (
        "InvalidPermission.NotFound",
        r#"local sg = vpc():create_security_group{group_name = "a"}"#,
        r#"sg:revoke_ingress{protocol = "tcp", port = 22, cidr_block = "0.0.0.0/0"}"#,
    ),
    ("InvalidRoute.NotFound", "local t = vpc().main_route_table", r#"t:delete_route("0.0.0.0/0")"#),
    (
        "InvalidNetworkAclEntry.NotFound",
        "local acl = vpc().default_network_acl",
        "acl:delete_entry{rule_number = 99, egress = true}",
    ),
    ("DefaultVpcAlreadyExists", "", "r:create_default_vpc()"),
    (
        "VPCIdNotSpecified",
        r#"local v = r:default_vpc() for _, s in ipairs(v:subnets()) do s:delete() end
           local g = v.internet_gateway g:detach() g:delete() v:delete()"#,
        "r:run_instances{}",
    ),
    (
        "CidrLimitExceeded",
        r#"local v = vpc() for i = 1, 4 do v:associate_cidr_block("10." .. i .. ".0.0/16") end"#,
        r#"v:associate_cidr_block("10.9.0.0/16")"#,
    ),
    ("WaiterError", "local i = subnet(vpc()):run_instance{} i:wait_until_running() i:stop()", "i:wait_until_running()"),
    // NotFound and Malformed codes of every networking kind, by id string.
    ("InvalidVpcID.NotFound", "", r#"aws.create_tags("vpc-0123456789abcdef0", {})"#),
    ("InvalidSubnetID.NotFound", "", r#"aws.create_tags("subnet-0123456789abcdef0", {})"#),
    ("InvalidInternetGatewayID.NotFound", "", r#"aws.create_tags("igw-0123456789abcdef0", {})"#),
    ("InvalidVpnGatewayID.NotFound", "", r#"aws.create_tags("vgw-0123456789abcdef0", {})"#),
    ("InvalidRouteTableID.NotFound", "", r#"aws.create_tags("rtb-0123456789abcdef0", {})"#),
    ("InvalidNetworkAclID.NotFound", "", r#"aws.create_tags("acl-0123456789abcdef0", {})"#),
    ("InvalidGroup.NotFound", "", r#"aws.create_tags("sg-0123456789abcdef0", {})"#),
    ("InvalidNetworkInterfaceID.NotFound", "", r#"aws.create_tags("eni-0123456789abcdef0", {})"#),
    ("InvalidInstanceID.NotFound", "", r#"aws.create_tags("i-0123456789abcdef0", {})"#),
    ("InvalidAllocationID.NotFound", "", r#"aws.create_tags("eipalloc-0123456789abcdef0", {})"#),
    ("NatGatewayNotFound", "", r#"aws.create_tags("nat-0123456789abcdef0", {})"#),
    ("InvalidVpcPeeringConnectionID.NotFound", "", r#"aws.create_tags("pcx-0123456789abcdef0", {})"#),
    ("InvalidCustomerGatewayID.NotFound", "", r#"aws.create_tags("cgw-0123456789abcdef0", {})"#),
    ("InvalidVpnConnectionID.NotFound", "", r#"aws.create_tags("vpn-0123456789abcdef0", {})"#),
    ("InvalidAMIID.NotFound", "local s = subnet(vpc())", r#"s:run_instance{image_id = "ami-0123456789abcdef0"}"#),
    ("InvalidVpcID.Malformed", "", r#"aws.create_tags("vpc-xyz", {})"#),
    ("InvalidSubnetID.Malformed", "", r#"aws.create_tags("subnet-12", {})"#),
    ("InvalidInternetGatewayID.Malformed", "", r#"aws.create_tags("igw-zz", {})"#),
    ("InvalidVpnGatewayID.Malformed", "", r#"aws.create_tags("vgw-zz", {})"#),
    ("InvalidRouteTableID.Malformed", "", r#"aws.create_tags("rtb-zz", {})"#),
    ("InvalidNetworkAclID.Malformed", "", r#"aws.create_tags("acl-zz", {})"#),
    ("InvalidGroupId.Malformed", "", r#"aws.create_tags("sg-zz", {})"#),
    ("InvalidNetworkInterfaceID.Malformed", "", r#"aws.create_tags("eni-zz", {})"#),
    ("InvalidInstanceID.Malformed", "", r#"aws.create_tags("i-zz", {})"#),
    ("InvalidAllocationID.Malformed", "", r#"aws.create_tags("eipalloc-zz", {})"#),
    ("InvalidNatGatewayID.Malformed", "", r#"aws.create_tags("nat-zz", {})"#),
    ("InvalidVpcPeeringConnectionId.Malformed", "", r#"aws.create_tags("pcx-zz", {})"#),
    ("InvalidCustomerGatewayID.Malformed", "", r#"aws.create_tags("cgw-zz", {})"#),
    ("InvalidVpnConnectionID.Malformed", "", r#"aws.create_tags("vpn-zz", {})"#),
    ("InvalidAMIID.Malformed", "local s = subnet(vpc())", r#"s:run_instance{image_id = "ami-zz"}"#),
];

#[test]
fn every_validation_code_is_raised() {
    let snippets: Vec<(String, String)> = CODES
        .iter()
        .map(|(code, setup, trigger)| {
            (code.to_string(), format!("{setup}\nfails(\"{code}\", function() {trigger} end)"))
        })
        .collect();
    let cases: Vec<(&str, &str)> = snippets.iter().map(|(c, s)| (c.as_str(), s.as_str())).collect();
    check(&cases);
}

#[test]
fn deleted_handles_raise_their_kind_not_found() {
    check(&[
        ("vpc", r#"local v = vpc() v:delete() fails("InvalidVpcID.NotFound", function() return v.cidr_block end)"#),
        (
            "vpc method",
            r#"local v = vpc() v:delete() fails("InvalidVpcID.NotFound", function() return v:subnets() end)"#,
        ),
        (
            "subnet setter",
            r#"local s = subnet(vpc()) s:delete()
               fails("InvalidSubnetID.NotFound", function() s.map_public_ip_on_launch = true end)"#,
        ),
        (
            "internet gateway",
            r#"local g = r:create_internet_gateway{} g:delete()
               fails("InvalidInternetGatewayID.NotFound", function() return g.vpc end)
               fails("InvalidInternetGatewayID.NotFound", function() return g.id end)"#,
        ),
        (
            "route table",
            r#"local t = vpc():create_route_table{} t:delete()
               fails("InvalidRouteTableID.NotFound", function() return t.routes end)
               fails("InvalidRouteTableID.NotFound", function() return t:lookup("10.0.0.1") end)"#,
        ),
        (
            "network acl",
            r#"local a = vpc():create_network_acl{} a:delete()
               fails("InvalidNetworkAclID.NotFound", function() return a.entries end)"#,
        ),
        (
            "security group",
            r#"local g = vpc():create_security_group{group_name = "a"} g:delete()
               fails("InvalidGroup.NotFound", function() return g.ingress end)"#,
        ),
        (
            "network interface",
            r#"local e = subnet(vpc()):create_network_interface{} e:delete()
               fails("InvalidNetworkInterfaceID.NotFound", function() return e.private_ip end)"#,
        ),
        (
            "elastic ip",
            r#"local e = r:allocate_address{} e:release()
               fails("InvalidAllocationID.NotFound", function() return e.public_ip end)"#,
        ),
        (
            "instance after the hour",
            r#"local i = subnet(vpc()):run_instance{} i:terminate() i:wait_until_terminated() sim.advance(3600)
               fails("InvalidInstanceID.NotFound", function() return i.state end)
               fails("InvalidInstanceID.NotFound", function() i:terminate() end)"#,
        ),
        (
            "after sim.reset",
            r#"local v = vpc() sim.reset() fails("InvalidVpcID.NotFound", function() return v.cidr_block end)"#,
        ),
        (
            "setter after sim.reset",
            r#"local s = subnet(vpc()) sim.reset() r = aws.region("us-east-1")
               -- the new world has a subnet in the same slot: the old handle must not reach it
               local t = subnet(vpc())
               fails("InvalidSubnetID.NotFound", function() s.map_public_ip_on_launch = true end)
               eq(t.map_public_ip_on_launch, false)"#,
        ),
    ]);
}

#[test]
fn lookup_by_id_and_name() {
    check(&[
        (
            "by id, by name, by handle",
            r#"local v = vpc(nil, "main")
               eq(aws.get(v.id), v) eq(aws.get("main"), v) eq(aws.get("main", "vpc"), v)
               local s = v:create_subnet{cidr_block = "10.0.1.0/24", name = "web"}
               eq(r:create_internet_gateway{}:attach("main"), nil) eq(v.internet_gateway.vpc, v)
               eq(v.main_route_table:associate("web"), nil) eq(s.route_table, v.main_route_table)"#,
        ),
        (
            "unknown id and unknown name",
            r#"eq(aws.get("vpc-0123456789abcdef0"), nil) eq(aws.get("nothing"), nil)
               local spare = r:create_internet_gateway{} fails("InvalidVpcID.NotFound", function() spare:attach("vpc-0123456789abcdef0") end)
               local spare = r:create_internet_gateway{} fails("InvalidVpcID.NotFound", function() spare:attach("nothing") end, "nothing")"#,
        ),
        (
            "only a well-formed id is an id: id-like Name tags are names",
            r#"fails("InvalidVpcID.Malformed", function() aws.get("vpc-xyz") end, "vpc-xyz")
               local spare = r:create_internet_gateway{} fails("InvalidVpcID.Malformed", function() spare:attach("vpc-xyz") end, "vpc-xyz")
               local v = vpc(nil, "vpc-main") local s = v:create_subnet{cidr_block = "10.0.1.0/24", name = "subnet-a"}
               eq(aws.get("vpc-main"), v) eq(aws.get("subnet-a", "subnet"), s)
               eq(r:create_internet_gateway{}:attach("vpc-main"), nil) eq(v.internet_gateway ~= nil, true)"#,
        ),
        (
            "aws.get is nil for an unknown id of every kind",
            r#"for _, id in ipairs{"host-0123456789abcdef0", "site-0123456789abcdef0", "dxvif-0123456789abcdef0",
                                  "dxcon-01234567", "cvpn-endpoint-0123456789abcdef0", "i-0123456789abcdef0"} do
                 eq(aws.get(id), nil)
               end
               eq(aws.get(vpc().id, "subnet"), nil)"#,
        ),
        (
            "ambiguous name lists the ids",
            r#"local a, b = vpc(nil, "web"), vpc(nil, "web")
               local e = fails("InvalidParameterValue", function() aws.get("web") end, a.id, b.id)
               local spare = r:create_internet_gateway{} fails("InvalidParameterValue", function() spare:attach("web") end, a.id, b.id)"#,
        ),
        (
            "a kind narrows an ambiguous name",
            r#"local v = vpc(nil, "web") local s = v:create_subnet{cidr_block = "10.0.1.0/24", name = "web"}
               fails("InvalidParameterValue", function() aws.get("web") end, v.id, s.id)
               eq(aws.get("web", "vpc"), v) eq(aws.get("web", "subnet"), s)
               eq(r:create_internet_gateway{}:attach("web"), nil) eq(v.internet_gateway ~= nil, true)"#,
        ),
        (
            "names are Name tags only",
            r#"local v = vpc() v:create_tags{Name = "later", env = "prod"}
               eq(aws.get("later"), v) eq(aws.get("prod"), nil)
               v:delete_tags{"Name"} eq(aws.get("later"), nil) eq(v.tags.env, "prod")
               local sg = v:create_security_group{group_name = "web"} eq(aws.get("web"), sg)"#,
        ),
        (
            "a security group is found by its group name when no Name tag matches",
            r#"local v, w = vpc(nil, "a"), vpc("10.1.0.0/16", "b")
               local sg = v:create_security_group{group_name = "web-sg"}
               eq(aws.get("web-sg"), sg) eq(aws.get("web-sg", "security-group"), sg)
               local s = subnet(v) local i = s:run_instance{security_groups = {"web-sg"}}
               eq(i.security_groups[1], sg)
               local other = w:create_security_group{group_name = "web-sg"}
               fails("InvalidParameterValue", function() aws.get("web-sg") end, sg.id, other.id)
               local tagged = w:create_security_group{group_name = "x", name = "web-sg"}
               eq(aws.get("web-sg"), tagged)
               eq(aws.get("web-sg", "vpc"), nil)"#,
        ),
        (
            "an id of the wrong kind",
            r#"local v = vpc() local s = subnet(v)
               local spare = r:create_internet_gateway{} fails("InvalidParameterValue", function() spare:attach(s.id) end, s.id)"#,
        ),
        (
            "tags on unknown and deleted resources",
            r#"local v = vpc() local id = v.id v:delete()
               fails("InvalidVpcID.NotFound", function() aws.create_tags(id, {a = "b"}) end, id)
               fails("InvalidParameterValue", function() aws.create_tags(r:default_vpc().id, {["aws:x"] = "y"}) end, "aws:x")"#,
        ),
    ]);
}

#[test]
fn strict_argument_tables() {
    check(&[
        (
            "unknown field with a suggestion",
            r#"local e = fails("InvalidParameter", function() r:create_vpc{cidr = "10.0.0.0/16"} end,
                               "unknown field 'cidr'", "did you mean 'cidr_block'?")
               eq(#r:vpcs(), 1)"#,
        ),
        (
            "unknown field on every constructor",
            r#"local v = vpc()
               fails("InvalidParameter", function() v:create_subnet{cidr_block = "10.0.1.0/24", az = "us-east-1a"} end, "'az'")
               fails("InvalidParameter", function() v:create_security_group{groupname = "x"} end, "group_name")
               fails("InvalidParameter", function() v:create_route_table{nme = "x"} end, "name")
               fails("InvalidParameter", function() v:create_network_acl{foo = 1} end, "foo")
               fails("InvalidParameter", function() r:create_internet_gateway{foo = 1} end, "foo")
               fails("InvalidParameter", function() r:allocate_address{foo = 1} end, "foo")
               local s = subnet(v)
               fails("InvalidParameter", function() s:run_instance{instance = "t3.micro"} end, "instance_type")
               fails("InvalidParameter", function() s:run_instance{subnet = s} end, "subnet")
               fails("InvalidParameter", function() v.main_route_table:create_route{destination = "0.0.0.0/0"} end,
                     "destination_cidr_block")
               fails("InvalidParameter", function() v.default_network_acl:add_entry{rule = 1} end, "rule_number")
               fails("InvalidParameter", function() v.default_security_group:authorize_ingress{proto = "tcp"} end, "protocol")
               eq(#v:subnets(), 1) eq(#s:instances(), 0) eq(#v:security_groups(), 1)"#,
        ),
        (
            "keys that were accepted and ignored are refused",
            r#"local v = vpc() local s = subnet(v)
               local c = r:create_customer_gateway{ip_address = "203.0.113.10"}
               local g = r:create_vpn_gateway{} g:attach(v)
               fails("InvalidParameter", function()
                 r:create_vpn_connection{vpn_gateway = g, customer_gateway = c, type = "bogus"} end, "'type'")
               local i = s:run_instance{} i:wait_until_running()
               fails("InvalidParameter", function() i:stop{force = 42} end, "'force'")
               eq(i.state, "running")
               fails("InvalidParameterValue", function() r:create_customer_gateway{ip_address = "203.0.113.11", type = "ipsec.2"} end,
                     "ipsec.2")
               fails("InvalidParameterValue", function() r:allocate_address{domain = "standard"} end, "standard")
               fails("MissingParameter", function() r:create_onprem_site{cidr_block = "192.168.0.0/16"} end, "name")
               fails("InvalidParameterCombination", function() r:run_instances{subnet = s, count = 2, min_count = 1} end)"#,
        ),
        (
            "Region is strict like every handle",
            r#"fails("InvalidParameter", function() return r.nmae end, "Region", "'nmae'", "did you mean 'name'?")
               fails("InvalidParameter", function() r:creat_vpc{cidr_block = "10.0.0.0/16"} end, "'creat_vpc'", "create_vpc")
               eq(r.name, "us-east-1")
               fails("InvalidParameter", function() r.create_vpc{cidr_block = "10.0.0.0/16"} end,
                     "call it with a colon", "region:create_vpc")
               local v = vpc()
               fails("InvalidParameter", function() v.create_subnet{cidr_block = "10.0.1.0/24"} end, "vpc:create_subnet")
               eq(#r:vpcs(), 2)"#,
        ),
        (
            "a student's wrong turn names its cause",
            r#"local v = vpc() local g = r:create_internet_gateway{} local rt = v:create_route_table{}
               fails("InvalidParameterValue", function() rt:create_route{destination_cidr_block = "0.0.0.0/0", target = g} end,
                     "belong to different networks", "not attached to any VPC yet", "igw:attach(vpc)")
               local w = vpc("10.1.0.0/16", "other") g:attach(w)
               fails("InvalidParameterValue", function() rt:create_route{destination_cidr_block = "0.0.0.0/0", target = g} end,
                     "attached to " .. w.id .. ' "other", not to ' .. v.id)
               fails("InvalidParameter", function() v.default_security_group:add_entry{rule_number = 100} end,
                     "allow-only", "network ACL", "rule_action = \"deny\"")"#,
        ),
        (
            "did you mean knows synonyms",
            r#"local s = subnet(vpc())
               fails("InvalidParameter", function() s:run_instance{ami = "ami-0123"} end, "did you mean 'image_id'?")
               fails("InvalidParameter", function() s:run_instance{sg = {}} end, "did you mean 'security_groups'?")
               local v = vpc("10.1.0.0/16")
               fails("InvalidParameter", function() v:create_subnet{cidr_block = "10.1.2.0/24", az = "us-east-1a"} end,
                     "did you mean 'availability_zone'?")"#,
        ),
        (
            "sim.config refuses keys no feature reads",
            r#"fails("NotImplemented", function() sim.config{timings = {lambda_warm = 60}} end, "lambda_warm")
               fails("NotImplemented", function() sim.config{quotas = {lambda_concurrency = 10}} end, "lambda_concurrency")
               fails("InvalidParameter", function() sim.config{timings = {ec2_pendin = 1}} end, "ec2_pending")
               eq(sim.config().timings.fargate_start, nil)
               eq(sim.config{timings = {ec2_pending = 5}}.timings.ec2_pending, 5)"#,
        ),
        (
            "later-milestone functions say so",
            r#"fails("NotImplemented", function() sim.snapshot() end, "later version")
               fails("NotImplemented", function() r:create_function{} end, "later version")"#,
        ),
        (
            "wrong types",
            r#"fails("InvalidParameter", function() r:create_vpc{cidr_block = 16} end, "cidr_block", "string")
               fails("InvalidParameter", function() r:create_vpc("10.0.0.0/16") end, "table")
               local v = vpc()
               fails("InvalidParameter", function() v:create_subnet{cidr_block = "10.0.1.0/24", map_public_ip_on_launch = "yes"} end,
                     "map_public_ip_on_launch", "boolean")
               fails("InvalidParameter", function() v:create_subnet{[1] = "10.0.1.0/24"} end, "named")
               eq(#v:subnets(), 0)"#,
        ),
        (
            "unknown handle field or method",
            r#"local v = vpc()
               fails("InvalidParameter", function() return v.cidr end, "did you mean")
               fails("InvalidParameter", function() v:create_subnt{} end, "create_subnet")"#,
        ),
        (
            "a handle of the wrong type",
            r#"local v = vpc() local s = subnet(v)
               local spare = r:create_internet_gateway{} fails("InvalidParameter", function() spare:attach(s) end, "Vpc", "Subnet")"#,
        ),
    ]);
}
