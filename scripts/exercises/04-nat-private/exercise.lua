-- NAT gateways: private instances reach out, nobody reaches in.
return {
  id = "nat-private",
  title = "Outbound internet for a private subnet",
  prompt = [[
The starting world has a VPC "app" with a public subnet "public" (routed to an internet
gateway) and a private subnet "private" holding an instance "worker" without a public IP.

Let worker download from the internet over HTTPS (tcp 443) while nothing on the internet can
open a connection to it: put a NAT gateway named "nat" (with an Elastic IP) where it can reach
the internet gateway, and route the private subnet's internet traffic through it.
A NAT gateway takes a few minutes to become available (sim.advance).
]],
  region = "ap-northeast-2",
  setup = function()
    local region = aws.region("ap-northeast-2")
    local vpc = region:create_vpc{cidr_block = "10.0.0.0/16", name = "app"}
    local igw = region:create_internet_gateway{name = "igw"}
    igw:attach(vpc)
    local public = vpc:create_subnet{cidr_block = "10.0.0.0/24", availability_zone = "ap-northeast-2a", name = "public"}
    vpc:create_subnet{cidr_block = "10.0.1.0/24", availability_zone = "ap-northeast-2a", name = "private"}
    local rt = vpc:create_route_table{name = "public-rt"}
    rt:create_route{destination_cidr_block = "0.0.0.0/0", target = igw}
    rt:associate(public)
    aws.get("private", "subnet"):run_instance{name = "worker"}
    sim.advance("1m")
  end,
  checks = {
    { name = "an available NAT gateway in the public subnet", points = 2,
      hint = "public:create_nat_gateway{elastic_ip = region:allocate_address{}, name = \"nat\"}, then sim.advance(\"5m\")",
      run = function()
        local nat = expect.resource("nat", "nat-gateway")
        expect(nat.subnet == expect.resource("public", "subnet"), "nat is not in the public subnet: it needs a route to the internet gateway")
        expect.eq(nat.state, "available", "nat's state")
      end },
    { name = "worker reaches the internet over HTTPS", points = 3,
      hint = "a route table for the private subnet with 0.0.0.0/0 -> the NAT gateway",
      run = function()
        expect.reachable(expect.resource("worker", "instance"), "internet", { protocol = "tcp", port = 443 })
      end },
    { name = "the traffic leaves through the NAT", points = 1,
      run = function()
        local trace = expect.reachable(expect.resource("worker", "instance"), "internet", { protocol = "tcp", port = 443 })
        local through = false
        for _, hop in ipairs(trace.forward) do through = through or hop.kind == "nat-gateway" end
        expect(through, "the path to the internet does not cross a NAT gateway")
      end },
    { name = "nobody on the internet reaches worker", points = 2,
      run = function()
        local worker = expect.resource("worker", "instance")
        expect(worker.public_ip == nil, "worker has a public IP")
        expect.unreachable("internet", worker, { protocol = "tcp", port = 22 })
        expect.unreachable("internet", worker, { protocol = "tcp", port = 443 })
      end },
    { name = "the private subnet stays private", points = 2, hidden = true,
      hint = "route the private subnet to the NAT gateway, never to the internet gateway",
      run = function()
        local sn = expect.resource("private", "subnet")
        expect(not sn.is_public, "the private subnet routes to the internet gateway")
        local route = sn.route_table:lookup("1.1.1.1")
        expect(route ~= nil, "the private subnet has no route to the internet")
        expect(route.target == expect.resource("nat", "nat-gateway"), "the private subnet's internet route does not target nat")
      end },
  },
  solution = "solution.lua",
  wrong = { "wrong-nat-in-private.lua", "wrong-no-wait.lua" },
}
