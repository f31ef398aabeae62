-- Security groups are stateful, network ACLs are stateless: the ephemeral-port lesson.
return {
  id = "sg-vs-nacl",
  title = "A network ACL in front of a web server",
  prompt = [[
The starting world has a VPC with a public subnet "public" and an instance "web" whose
security group "web" allows tcp {{port}} and tcp 22 from anywhere.

Create a network ACL named "web-acl" for the public subnet so that:
  - clients on the internet reach web on tcp {{port}},
  - SSH (tcp 22) from the internet is stopped at the subnet, whatever the security group says,
  - web can still download updates from the internet over HTTPS (tcp 443).
Network ACLs are stateless: every reply needs its own rule. Clients use ephemeral source
ports 1024-65535; Linux instances use 32768-60999. Do not change the security group.
]],
  region = "us-east-1",
  params = function(seed) return { port = ({ 443, 8443, 9443 })[seed % 3 + 1] } end,
  setup = function()
    local region = aws.region("us-east-1")
    local vpc = region:create_vpc{cidr_block = "10.0.0.0/16", name = "shop"}
    local igw = region:create_internet_gateway{}
    igw:attach(vpc)
    local public = vpc:create_subnet{cidr_block = "10.0.1.0/24", availability_zone = "us-east-1a",
                                     map_public_ip_on_launch = true, name = "public"}
    local rt = vpc:create_route_table{name = "public-rt"}
    rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
    rt:associate(public)
    local sg = vpc:create_security_group{group_name = "web", name = "web"}
    sg:authorize_ingress{protocol = "tcp", port = params.port, cidr_block = "0.0.0.0/0"}
    sg:authorize_ingress{protocol = "tcp", port = 22, cidr_block = "0.0.0.0/0"}
    public:run_instance{name = "web", security_groups = {sg}}
    sim.advance("1m")
  end,
  checks = {
    { name = "the public subnet uses web-acl", points = 1,
      hint = "vpc:create_network_acl{name = \"web-acl\"} then acl:associate(subnet)",
      run = function()
        local acl = expect.resource("web-acl", "network-acl")
        expect(expect.resource("public", "subnet").network_acl == acl, "subnet public is not associated with web-acl")
      end },
    { name = "clients reach the service", points = 3,
      hint = "an outbound rule must let the replies go back to the clients' ephemeral ports 1024-65535",
      run = function()
        expect.reachable("internet", expect.resource("web", "instance"), { protocol = "tcp", port = params.port })
        expect.reachable("198.51.100.20", expect.resource("web", "instance"), { protocol = "tcp", port = params.port })
      end },
    { name = "SSH is stopped by the network ACL", points = 2,
      hint = "allow only what is needed inbound; the ACL's final * rule denies the rest",
      run = function()
        local trace = expect.unreachable("internet", expect.resource("web", "instance"), { protocol = "tcp", port = 22 })
        expect.eq(trace.explanation.kind, "network-acl", "what blocks SSH")
      end },
    { name = "web downloads updates over HTTPS", points = 2,
      hint = "outbound tcp 443, and inbound replies to web's own ephemeral ports 32768-60999",
      run = function()
        expect.reachable(expect.resource("web", "instance"), "internet", { protocol = "tcp", port = 443 })
      end },
    { name = "outbound is not wide open", points = 1, hidden = true,
      hint = "open the ephemeral range and 443 outbound, not every protocol and port",
      run = function()
        for _, e in ipairs(expect.resource("web-acl", "network-acl").entries) do
          if e.egress and e.rule_number ~= "*" and e.rule_action == "allow" and e.protocol == "all" then
            expect(false, "outbound rule " .. e.rule_number .. " allows every protocol and port")
          end
        end
      end },
  },
  solution = "solution.lua",
  wrong = { "wrong-no-ephemeral.lua", "wrong-allow-all.lua" },
}
