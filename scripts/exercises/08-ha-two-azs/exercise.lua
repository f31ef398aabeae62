-- High availability across two Availability Zones: one NAT gateway per AZ, proved by
-- failing each AZ in turn (sim.fail_az).
return {
  id = "ha-two-azs",
  title = "Two Availability Zones, one NAT gateway each",
  prompt = [[
In us-east-1, build a VPC "ha" (10.0.0.0/16) that keeps working when one Availability Zone
fails. In each of us-east-1a and us-east-1b create a public subnet ("public-a", "public-b")
and a private subnet ("private-a", "private-b").

Put one NAT gateway in each AZ ("natgw-a" in public-a, "natgw-b" in public-b) and route each
private subnet's internet traffic to the NAT gateway of its own AZ: a NAT gateway lives in one
AZ, so sharing one would cut the other AZ off when its zone fails.
Launch "app-a" in private-a and "app-b" in private-b; both must reach the internet on
tcp 443 and stay unreachable from it.
]],
  region = "us-east-1",
  checks = {
    { name = "public and private subnets in two AZs", points = 2,
      hint = "availability_zone = \"us-east-1a\" / \"us-east-1b\" on create_subnet",
      run = function()
        local a, b = expect.resource("public-a", "subnet"), expect.resource("public-b", "subnet")
        expect(a.availability_zone ~= b.availability_zone, "public-a and public-b are in the same AZ")
        expect.eq(expect.resource("private-a", "subnet").availability_zone, a.availability_zone, "private-a's AZ")
        expect.eq(expect.resource("private-b", "subnet").availability_zone, b.availability_zone, "private-b's AZ")
        expect(a.is_public and b.is_public, "both public subnets need a route to the internet gateway")
      end },
    { name = "one available NAT gateway per AZ", points = 2,
      hint = "create_nat_gateway in each public subnet, each with its own Elastic IP; wait with sim.advance",
      run = function()
        for _, az in ipairs({ "a", "b" }) do
          local nat = expect.resource("natgw-" .. az, "nat-gateway")
          expect(nat.subnet == expect.resource("public-" .. az, "subnet"), "natgw-" .. az .. " is not in public-" .. az)
          expect.eq(nat.state, "available", "natgw-" .. az .. "'s state")
        end
      end },
    { name = "each private subnet uses its own AZ's NAT", points = 3,
      hint = "one route table per private subnet: 0.0.0.0/0 -> the NAT gateway in the same AZ",
      run = function()
        for _, az in ipairs({ "a", "b" }) do
          local route = expect.resource("private-" .. az, "subnet").route_table:lookup("1.1.1.1")
          expect(route ~= nil, "private-" .. az .. " has no route to the internet")
          expect(route.target == expect.resource("natgw-" .. az, "nat-gateway"),
            "private-" .. az .. " sends its internet traffic to " .. tostring(route.target_id) .. ", not to natgw-" .. az)
        end
      end },
    { name = "both apps reach the internet", points = 2,
      run = function()
        for _, az in ipairs({ "a", "b" }) do
          expect.reachable(expect.resource("app-" .. az, "instance"), "internet", { protocol = "tcp", port = 443 })
        end
      end },
    { name = "the apps stay private", points = 1, hidden = true,
      run = function()
        for _, az in ipairs({ "a", "b" }) do
          expect.unreachable("internet", expect.resource("app-" .. az, "instance"), { protocol = "tcp", port = 443 })
        end
      end },
    { name = "each app keeps the internet when the other AZ fails", points = 3,
      hint = "a NAT gateway lives in one AZ: if private-b routes through natgw-a, failing us-east-1a cuts app-b off",
      run = function()
        for _, pair in ipairs({ { "a", "b" }, { "b", "a" } }) do
          local lost, kept = pair[1], pair[2]
          local az = expect.resource("public-" .. lost, "subnet").availability_zone
          sim.fail_az(az)
          local ok, err = pcall(expect.reachable, expect.resource("app-" .. kept, "instance"), "internet",
            { protocol = "tcp", port = 443 })
          sim.recover_az(az)
          if not ok then error("with " .. az .. " failed, app-" .. kept .. " loses the internet: " .. tostring(err), 0) end
        end
      end },
  },
  solution = "solution.lua",
  wrong = { "wrong-one-nat.lua", "wrong-crossed.lua" },
}
